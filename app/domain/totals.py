"""Estimate and invoice arithmetic: the one function both documents use.

Rules (DOMAIN.md, Invoices; Cal. Code Regs. tit. 16, 3356): every line has its
own price; labor, parts, fees and sublet are subtotalled apart; tax is shown
apart; the rounding method and currency decimals are stored on the document.
Every amount here is a printed amount, in whole cents, and the total is the
sum of what is printed, to the cent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from app.domain.errors import ValidationError
from app.domain.locale import format_amount

ZERO = Decimal("0")
HUNDRED = Decimal("100")
# Far above any real repair line, far below what integer cents and thousandths can store.
MAX_UNIT_PRICE = Decimal("1000000")
MAX_QUANTITY = Decimal("100000")


class LineKind(StrEnum):
    LABOR = "labor"
    PART = "part"
    FEE = "fee"
    SUBLET = "sublet"


class RoundingMode(StrEnum):
    PER_LINE = "per_line"  # tax rounded on each taxable line, then summed
    PER_INVOICE = "per_invoice"  # tax rounded once on the taxable total


@dataclass(frozen=True)
class PricedLine:
    """One line as the totals see it: quantity (hours or units) × unit price."""

    kind: LineKind
    quantity: Decimal
    unit_price: Decimal
    taxable: bool
    discount_percent: Decimal = ZERO
    core_charge: Decimal = ZERO  # per unit, a refundable deposit on parts


@dataclass(frozen=True)
class FeeRule:
    """Shop supplies: percent of labor and/or parts, or flat, with cap and minimum.

    ``enabled`` is False where the jurisdiction forbids a generic supplies line.
    """

    enabled: bool = False
    percent_of_labor: Decimal = ZERO
    percent_of_parts: Decimal = ZERO
    flat: Decimal = ZERO
    cap: Decimal | None = None
    minimum: Decimal | None = None
    taxable: bool = False
    label: str = "Shop supplies"


@dataclass(frozen=True)
class PricingRules:
    """What a document snapshots when it is written: rate, fee rule, rounding."""

    tax_rate: Decimal
    rounding: RoundingMode = RoundingMode.PER_INVOICE
    fee_rule: FeeRule = field(default_factory=FeeRule)
    decimals: int = 2
    tax_cores: bool = False


@dataclass(frozen=True)
class LineAmount:
    gross: Decimal  # quantity × price, rounded to the currency
    discount: Decimal
    net: Decimal  # what the line prints and adds
    core: Decimal
    tax: Decimal  # per-line tax (zero under per-invoice rounding)


@dataclass(frozen=True)
class Totals:
    lines: tuple[LineAmount, ...]
    labor: Decimal
    parts: Decimal
    fees: Decimal
    sublet: Decimal
    cores: Decimal
    shop_supplies: Decimal
    discount: Decimal
    taxable_base: Decimal
    tax: Decimal
    total: Decimal

    @property
    def subtotal(self) -> Decimal:
        """Everything before tax: what the average repair order counts."""
        return self.lines_subtotal + self.shop_supplies

    @property
    def lines_subtotal(self) -> Decimal:
        """The lines alone, before shop supplies and tax: a job's own price."""
        return self.labor + self.parts + self.fees + self.sublet + self.cores


_QUANTA = {decimals: Decimal(1).scaleb(-decimals) for decimals in range(5)}  # made once: every line rounds


def _round(value: Decimal, decimals: int) -> Decimal:
    quantum = _QUANTA.get(decimals) or Decimal(1).scaleb(-decimals)
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def check_line(line: PricedLine, max_hours: Decimal = Decimal(100)) -> None:
    """Refuse what no shop means: negative or zero quantity, absurd hours, bad prices."""
    errors: dict[str, str] = {}
    for name in ("quantity", "unit_price", "discount_percent", "core_charge"):
        value = getattr(line, name)
        if not isinstance(value, Decimal) or not value.is_finite():
            errors[name] = "must be a finite number"
    if errors:
        raise ValidationError(errors)
    if line.quantity <= 0:
        errors["quantity"] = "must be more than zero"
    elif line.kind == LineKind.LABOR and line.quantity > max_hours:
        errors["quantity"] = f"{line.quantity} hours on one line is beyond reason (at most {max_hours})"
    elif line.quantity > MAX_QUANTITY:
        errors["quantity"] = f"must be at most {MAX_QUANTITY:,} on one line"
    if line.unit_price < 0:
        errors["unit_price"] = "must not be negative (use a discount)"
    elif line.unit_price > MAX_UNIT_PRICE:
        errors["unit_price"] = f"must be at most {format_amount(MAX_UNIT_PRICE)}"
    if not ZERO <= line.discount_percent <= HUNDRED:
        errors["discount_percent"] = "must be between 0 and 100 percent"
    if line.core_charge < 0:
        errors["core_charge"] = "must not be negative"
    elif line.core_charge > MAX_UNIT_PRICE:
        errors["core_charge"] = f"must be at most {format_amount(MAX_UNIT_PRICE)}"
    if errors:
        raise ValidationError(errors)


def compute_totals(lines: list[PricedLine], rules: PricingRules, *, tax_exempt: bool = False) -> Totals:
    """Price every line, add shop supplies, then tax, all in printed cents."""
    d = rules.decimals
    zero = _round(ZERO, d)
    rate = ZERO if tax_exempt else rules.tax_rate
    amounts: list[LineAmount] = []
    by_kind = {kind: zero for kind in LineKind}
    cores = discount = taxable = zero
    for line in lines:
        check_line(line)
        gross = _round(line.quantity * line.unit_price, d)
        off = _round(gross * line.discount_percent / HUNDRED, d)
        net = gross - off
        core = _round(line.quantity * line.core_charge, d)
        base = (net if line.taxable else ZERO) + (core if line.taxable and rules.tax_cores else ZERO)
        tax = _round(base * rate, d) if rules.rounding == RoundingMode.PER_LINE else zero
        amounts.append(LineAmount(gross, off, net, core, tax))
        by_kind[line.kind] += net
        cores += core
        discount += off
        taxable += base
    supplies = shop_supplies(by_kind[LineKind.LABOR], by_kind[LineKind.PART], rules.fee_rule, d)
    supplies_tax = zero
    if rules.fee_rule.taxable and supplies:
        taxable += supplies
        supplies_tax = _round(supplies * rate, d)
    if rules.rounding == RoundingMode.PER_LINE:
        tax = sum((a.tax for a in amounts), zero) + supplies_tax
    else:
        tax = _round(taxable * rate, d)
    subtotal = sum(by_kind.values(), zero) + cores + supplies
    return Totals(
        lines=tuple(amounts),
        labor=by_kind[LineKind.LABOR],
        parts=by_kind[LineKind.PART],
        fees=by_kind[LineKind.FEE],
        sublet=by_kind[LineKind.SUBLET],
        cores=cores,
        shop_supplies=supplies,
        discount=discount,
        taxable_base=taxable,
        tax=tax,
        total=subtotal + tax,
    )


def shop_supplies(labor: Decimal, parts: Decimal, rule: FeeRule, decimals: int = 2) -> Decimal:
    """The supplies fee: percent of labor and parts plus flat, capped, with a floor.

    The minimum applies only when there is labor or parts to charge supplies on.
    """
    if not rule.enabled or (labor <= 0 and parts <= 0):
        return _round(ZERO, decimals)
    fee = labor * rule.percent_of_labor / HUNDRED + parts * rule.percent_of_parts / HUNDRED + rule.flat
    if rule.cap is not None:
        fee = min(fee, rule.cap)
    if rule.minimum is not None:
        fee = max(fee, rule.minimum)
    return _round(fee, decimals)
