"""Pricing a ticket against the shop's price sheet: discounts, fees, tax components, the total.

Order of the arithmetic (each step rounds to the cent, half up, before the next):

1. each line: gross = quantity × unit price; its own discount (percent of the
   gross, or an amount); net = gross − discount; core deposit = quantity × core;
2. job discounts, then ticket discounts: a percent of (or an amount off) the
   nets they cover, shared out over those lines in proportion to their nets
   (largest remainder, to the cent); each line prints its net less its share
   (so the fees and the tax see what is printed) and the discount is printed
   with its reason beneath the lines, never subtracted twice; cores are never
   discounted;
3. fees, on the discounted nets (percent of labor, parts or both; flat; per
   tire, by rim diameter; per unit of a category), then minimum and maximum;
4. each tax component on what it taxes (line category, core, taxable fee),
   each item's taxable amount limited by the single-article cap, each item's
   tax by a per-line cap; rounded once per component on the document, or per
   item then summed when the sheet says per line; then the per-invoice cap;
   a valid exemption certificate zeroes the components it covers;
5. the total is the sum of the printed lines: every line, every core deposit,
   every fee line (itemised ones alone, the others summed
   into one line), every tax component. To the cent, by construction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from app.domain.errors import ValidationError
from app.domain.price_sheet import (
    HUNDRED,
    CapScope,
    ExemptCertificate,
    FeeBase,
    FeeMethod,
    FeeRule,
    PriceSheet,
    TaxComponent,
    check_margin,
    sheet_from_dict,
)
from app.domain.totals import LineKind

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
TIRE = "tire"


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


class DiscountKind(StrEnum):
    PERCENT = "percent"
    AMOUNT = "amount"


@dataclass(frozen=True)
class Discount:
    kind: DiscountKind
    value: Decimal  # percent (10 for 10 %) or an amount
    reason: str

    def amount_of(self, base: Decimal) -> Decimal:
        if self.kind == DiscountKind.PERCENT:
            if not Decimal(0) <= self.value <= HUNDRED:
                raise ValidationError({"discount": "a percent discount is between 0 and 100"})
            return cents(base * self.value / HUNDRED)
        if self.value < 0 or self.value > base:
            raise ValidationError({"discount": f"an amount off must be between 0 and {base}"})
        return cents(self.value)


@dataclass(frozen=True)
class TicketLine:
    kind: LineKind
    description: str
    quantity: Decimal
    unit_price: Decimal
    taxable: bool = True
    unit_cost: Decimal = ZERO
    discount: Discount | None = None
    core_charge: Decimal = ZERO
    category: str = ""  # "tire", "battery", "oil": what fees count
    rim_diameter: Decimal | None = None
    job: int | None = None
    labor_rate: str = ""  # the rate code a labor line used (its snapshot)


@dataclass(frozen=True)
class DocumentDiscount:
    discount: Discount
    job: int | None = None  # None: the whole ticket


@dataclass(frozen=True)
class LinePrice:
    gross: Decimal
    discount: Decimal  # the line's own
    net: Decimal  # printed
    share: Decimal  # of job and ticket discounts
    core: Decimal
    cost: Decimal

    @property
    def printed(self) -> Decimal:
        """What the line prints: its net less its share of the job and ticket discounts."""
        return self.net - self.share


@dataclass(frozen=True)
class DiscountLine:
    label: str
    reason: str
    amount: Decimal  # positive; printed negative
    percent: Decimal  # of what it discounted


@dataclass(frozen=True)
class FeeAmount:
    code: str
    name: str
    amount: Decimal
    taxable: bool
    itemise: bool


@dataclass(frozen=True)
class TaxAmount:
    code: str
    name: str
    rate: Decimal
    base: Decimal
    amount: Decimal
    exempt: bool = False


@dataclass(frozen=True)
class PrintedLine:
    category: str  # line, core, discount, fee, tax
    label: str
    amount: Decimal


@dataclass(frozen=True)
class PricedTicket:
    lines: tuple[LinePrice, ...]
    discounts: tuple[DiscountLine, ...]
    fees: tuple[FeeAmount, ...]
    taxes: tuple[TaxAmount, ...]
    printed: tuple[PrintedLine, ...]
    labor: Decimal
    parts: Decimal
    sublet: Decimal
    other: Decimal  # fee lines typed on the ticket
    cores: Decimal
    fees_total: Decimal
    discount: Decimal  # every discount, the lines' own and the document's
    tax: Decimal
    total: Decimal
    largest_discount_percent: Decimal
    warnings: tuple[str, ...] = ()
    below_cost: bool = False

    @property
    def subtotal(self) -> Decimal:
        return self.total - self.tax

    def printed_sum(self) -> Decimal:
        return sum((p.amount for p in self.printed), ZERO)

    def needs_owner(self, sheet: PriceSheet, role: str) -> bool:
        """A discount beyond the role's limit, or a line below cost: the owner approves."""
        return self.below_cost or self.largest_discount_percent > sheet.discount_limit(role)


def price_ticket(
    lines: Sequence[TicketLine],
    sheet: PriceSheet,
    *,
    day: date,
    discounts: Sequence[DocumentDiscount] = (),
    certificate: ExemptCertificate | None = None,
) -> PricedTicket:
    """Price ``lines`` by ``sheet`` on ``day``: see the module's order of arithmetic."""
    priced, percents = _price_lines(lines)
    shares = [ZERO] * len(lines)
    discount_lines: list[DiscountLine] = []
    for doc in sorted(discounts, key=lambda d: d.job is None):
        line, percent = _document_discount(doc, lines, priced, shares)
        discount_lines.append(line)
        percents.append(percent)
    priced = [replace(p, share=s) for p, s in zip(priced, shares, strict=True)]
    fees = tuple(f for f in (_fee(rule, lines, priced) for rule in sheet.fees) if f.amount)
    taxes, warnings = _taxes(sheet, lines, priced, fees, day, certificate)
    margin_warnings, below_cost = _margins(sheet, lines, priced)
    printed = printed_lines(lines, priced, fees, taxes, sheet.combined_fee_label)
    by_kind = {
        kind: sum((p.printed for p, ln in zip(priced, lines, strict=True) if ln.kind == kind), ZERO)
        for kind in LineKind
    }
    total = sum((p.amount for p in printed), ZERO)
    return PricedTicket(
        lines=tuple(priced),
        discounts=tuple(discount_lines),
        fees=fees,
        taxes=taxes,
        printed=printed,
        labor=by_kind[LineKind.LABOR],
        parts=by_kind[LineKind.PART],
        sublet=by_kind[LineKind.SUBLET],
        other=by_kind[LineKind.FEE],
        cores=sum((p.core for p in priced), ZERO),
        fees_total=sum((f.amount for f in fees), ZERO),
        discount=sum((p.discount for p in priced), ZERO) + sum((d.amount for d in discount_lines), ZERO),
        tax=sum((t.amount for t in taxes), ZERO),
        total=total,
        largest_discount_percent=max(percents, default=ZERO),
        warnings=tuple(warnings + margin_warnings),
        below_cost=below_cost,
    )


def _price_lines(lines: Sequence[TicketLine]) -> tuple[list[LinePrice], list[Decimal]]:
    priced: list[LinePrice] = []
    percents: list[Decimal] = []
    for line in lines:
        if line.quantity <= 0 or line.unit_price < 0 or line.core_charge < 0:
            raise ValidationError({"lines": f"{line.description}: quantity above zero, prices not negative"})
        gross = cents(line.quantity * line.unit_price)
        off = ZERO
        if line.discount is not None:
            _need_reason(line.discount)
            off = line.discount.amount_of(gross)
            percents.append(_percent(off, gross))
        core = cents(line.quantity * line.core_charge)
        cost = cents(line.quantity * line.unit_cost)
        priced.append(LinePrice(gross, off, gross - off, ZERO, core, cost))
    return priced, percents


def _need_reason(discount: Discount) -> None:
    if discount.value and not discount.reason.strip():
        raise ValidationError({"discount_reason": "a discount needs a reason"})


def _percent(part: Decimal, whole: Decimal) -> Decimal:
    return ZERO if not whole else (part * HUNDRED / whole).quantize(CENT, rounding=ROUND_HALF_UP)


def _document_discount(
    doc: DocumentDiscount, lines: Sequence[TicketLine], priced: list[LinePrice], shares: list[Decimal]
) -> tuple[DiscountLine, Decimal]:
    """A job or ticket discount on what is left of its lines, shared out over them."""
    _need_reason(doc.discount)
    covered = [i for i, ln in enumerate(lines) if doc.job is None or ln.job == doc.job]
    if not covered:
        raise ValidationError({"discount": f"job {doc.job} has no line to discount"})
    left = [priced[i].net - shares[i] for i in covered]
    base = sum(left, ZERO)
    amount = doc.discount.amount_of(base)
    for i, part in zip(covered, allocate(amount, left), strict=True):
        shares[i] += part
    label = "Ticket discount" if doc.job is None else f"Job {doc.job + 1} discount"
    if doc.discount.kind == DiscountKind.PERCENT:
        label += f" ({doc.discount.value.normalize():f} %)"
    return DiscountLine(label, doc.discount.reason, amount, _percent(amount, base)), _percent(amount, base)


def allocate(amount: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """``amount`` shared out over ``weights`` in proportion, to the cent, summing exactly to it.

    Largest remainder: each share is first rounded down, then the cents left
    go to the largest remainders (ties to the earlier line).
    """
    total = sum(weights, ZERO)
    if not total:
        if amount:
            raise ValidationError({"discount": "nothing left to discount"})
        return [ZERO for _ in weights]
    exact = [amount * w / total for w in weights]
    floors = [e.quantize(CENT, rounding="ROUND_DOWN") for e in exact]
    left = int((amount - sum(floors, ZERO)) / CENT)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += CENT
    return floors


def _fee(rule: FeeRule, lines: Sequence[TicketLine], priced: Sequence[LinePrice]) -> FeeAmount:
    labor = sum((p.printed for p, ln in zip(priced, lines, strict=True) if ln.kind == LineKind.LABOR), ZERO)
    parts = sum((p.printed for p, ln in zip(priced, lines, strict=True) if ln.kind == LineKind.PART), ZERO)
    amount = ZERO
    if rule.base in (FeeBase.LABOR, FeeBase.PARTS, FeeBase.BOTH):
        base = {FeeBase.LABOR: labor, FeeBase.PARTS: parts, FeeBase.BOTH: labor + parts}[rule.base]
        if base > 0:
            amount = base * rule.amount / HUNDRED if rule.method == FeeMethod.PERCENT else rule.amount
    elif rule.base == FeeBase.PER_TIRE:
        amount = sum(
            (ln.quantity * _tire_fee(rule, ln.rim_diameter) for ln in lines if ln.category == TIRE), ZERO
        )
    else:
        units = sum((ln.quantity for ln in lines if ln.category == rule.unit_category), Decimal(0))
        amount = units * rule.amount
    if amount > 0:
        if rule.maximum is not None:
            amount = min(amount, rule.maximum)
        if rule.minimum is not None:
            amount = max(amount, rule.minimum)
    return FeeAmount(rule.code, rule.name, cents(amount), rule.taxable, rule.itemise)


def _tire_fee(rule: FeeRule, rim: Decimal | None) -> Decimal:
    """The fee for one tire: the first bracket its rim fits, the last one beyond them, else flat."""
    if not rule.rim_brackets or rim is None:
        return rule.rim_brackets[-1][1] if rule.rim_brackets and rim is None else rule.amount
    for largest, amount in rule.rim_brackets:
        if rim <= largest:
            return amount
    return rule.rim_brackets[-1][1]


def _taxed_items(
    tax: TaxComponent, lines: Sequence[TicketLine], priced: Sequence[LinePrice], fees: Sequence[FeeAmount]
) -> list[Decimal]:
    """The taxable amount of each item the component taxes, each within the single-article cap."""
    items: list[Decimal] = []
    for line, price in zip(lines, priced, strict=True):
        per_unit = line.kind == LineKind.PART
        if line.taxable and line.kind.value in tax.categories:
            items.append(_item_capped(price.printed, tax.item_cap, line.quantity if per_unit else 1))
        if line.taxable and price.core and "core" in tax.categories:
            items.append(_item_capped(price.core, tax.item_cap, line.quantity))
    for fee in fees:
        if fee.taxable and "fee" in tax.categories:
            items.append(_item_capped(fee.amount, tax.item_cap, 1))
    return items


def _item_capped(amount: Decimal, cap: Decimal | None, units: Decimal | int) -> Decimal:
    return amount if cap is None else min(amount, cap * units)


def _taxes(
    sheet: PriceSheet,
    lines: Sequence[TicketLine],
    priced: Sequence[LinePrice],
    fees: Sequence[FeeAmount],
    day: date,
    certificate: ExemptCertificate | None,
) -> tuple[tuple[TaxAmount, ...], list[str]]:
    warnings: list[str] = []
    exempt_from: set[str] = set()
    if certificate is not None:
        if certificate.valid_on(day):
            exempt_from = set(certificate.components or (t.code for t in sheet.taxes))
        else:
            warnings.append(
                f"Exemption certificate {certificate.number} expired on {certificate.expires_on}: taxed"
            )
    out = []
    for tax in sheet.taxes:
        items = _taxed_items(tax, lines, priced, fees)
        out.append(_component(tax, items, sheet.per_line_rounding, tax.code in exempt_from))
    return tuple(out), warnings


def _component(tax: TaxComponent, items: list[Decimal], per_line: bool, exempt: bool) -> TaxAmount:
    base = sum(items, ZERO)
    if exempt:
        return TaxAmount(tax.code, tax.name, tax.rate, base, ZERO, exempt=True)
    raw = [item * tax.rate / HUNDRED for item in items]
    if tax.cap_scope == CapScope.PER_LINE and tax.cap is not None:
        raw = [min(r, tax.cap) for r in raw]
    amount = sum((cents(r) for r in raw), ZERO) if per_line else cents(sum(raw, Decimal(0)))
    if tax.cap_scope == CapScope.PER_INVOICE and tax.cap is not None:
        amount = cents(min(amount, tax.cap))
    return TaxAmount(tax.code, tax.name, tax.rate, base, amount)


def _margins(
    sheet: PriceSheet, lines: Sequence[TicketLine], priced: Sequence[LinePrice]
) -> tuple[list[str], bool]:
    warnings: list[str] = []
    below_cost = False
    for line, price in zip(lines, priced, strict=True):
        if not price.cost:
            continue
        check = check_margin(price.printed, price.cost, sheet.minimum_margin)
        if check.below_cost:
            below_cost = True
            warnings.append(f"{line.description}: below cost (the owner approves)")
        elif check.below_minimum:
            warnings.append(
                f"{line.description}: margin {check.margin} % is below the minimum {sheet.minimum_margin} %"
            )
    return warnings, below_cost


def printed_lines(
    lines: Sequence[TicketLine],
    priced: Sequence[LinePrice],
    fees: Sequence[FeeAmount],
    taxes: Sequence[TaxAmount],
    combined_label: str,
) -> tuple[PrintedLine, ...]:
    out: list[PrintedLine] = []
    for line, price in zip(lines, priced, strict=True):
        out.append(PrintedLine("line", line.description, price.printed))
        if price.core:
            out.append(PrintedLine("core", f"Core deposit: {line.description}", price.core))
    out += [PrintedLine("fee", f.name, f.amount) for f in fees if f.itemise]
    combined = sum((f.amount for f in fees if not f.itemise), ZERO)
    if combined:
        out.append(PrintedLine("fee", combined_label, combined))
    for t in taxes:
        label = f"{t.name} ({t.rate.normalize():f} %)" + (" exempt" if t.exempt else "")
        if t.amount or t.exempt:
            out.append(PrintedLine("tax", label, t.amount))
    return tuple(out)


def negated(ticket: PricedTicket) -> PricedTicket:
    """The credit note of ``ticket``: every printed line and figure with its sign turned."""
    return replace(
        ticket,
        printed=tuple(replace(p, amount=-p.amount) for p in ticket.printed),
        fees=tuple(replace(f, amount=-f.amount) for f in ticket.fees),
        taxes=tuple(replace(t, amount=-t.amount, base=-t.base) for t in ticket.taxes),
        labor=-ticket.labor,
        parts=-ticket.parts,
        sublet=-ticket.sublet,
        other=-ticket.other,
        cores=-ticket.cores,
        fees_total=-ticket.fees_total,
        discount=-ticket.discount,
        tax=-ticket.tax,
        total=-ticket.total,
    )


def snapshot(ticket: PricedTicket, sheet: PriceSheet) -> str:
    """What a document stores: the sheet it was priced with and every printed figure."""
    return json.dumps(
        {
            "sheet": json.loads(sheet.to_json()),
            "printed": [[p.category, p.label, str(p.amount)] for p in ticket.printed],
            "taxes": [
                [t.code, t.name, str(t.rate), str(t.base), str(t.amount), t.exempt] for t in ticket.taxes
            ],
            "fees": [[f.code, f.name, str(f.amount), f.taxable, f.itemise] for f in ticket.fees],
            "discounts": [[d.label, d.reason, str(d.amount), str(d.percent)] for d in ticket.discounts],
            "total": str(ticket.total),
        },
        sort_keys=True,
    )


@dataclass(frozen=True)
class StoredPricing:
    """A document's snapshot read back: exactly what was printed, whatever the sheet says now."""

    sheet: PriceSheet
    printed: tuple[PrintedLine, ...]
    taxes: tuple[TaxAmount, ...]
    fees: tuple[FeeAmount, ...]
    discounts: tuple[DiscountLine, ...]
    total: Decimal


def read_snapshot(text: str) -> StoredPricing:
    data = json.loads(text)
    return StoredPricing(
        sheet=sheet_from_dict(data["sheet"]),
        printed=tuple(PrintedLine(c, label, Decimal(a)) for c, label, a in data["printed"]),
        taxes=tuple(
            TaxAmount(c, n, Decimal(r), Decimal(b), Decimal(a), bool(e)) for c, n, r, b, a, e in data["taxes"]
        ),
        fees=tuple(FeeAmount(c, n, Decimal(a), bool(t), bool(i)) for c, n, a, t, i in data["fees"]),
        discounts=tuple(DiscountLine(lb, r, Decimal(a), Decimal(p)) for lb, r, a, p in data["discounts"]),
        total=Decimal(data["total"]),
    )
