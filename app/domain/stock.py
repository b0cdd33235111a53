"""Stock rules that would be the same on paper: quantities, the negative-stock policy, markup.

Quantities are integer thousandths (1 unit = 1000). A part sold by the unit
takes whole positive quantities only; a part sold by measure (oil by the
litre) takes up to three decimals.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from app.domain.errors import BayDeskError, ValidationError
from app.domain.locale import parse_number
from app.domain.money import CENT, PLAIN_LOCALE, from_thousandths, parse_money

UNIT = 1000
MAX_QUANTITY = 1_000_000 * UNIT
MAX_MONEY = Decimal("1000000")


class MovementKind(StrEnum):
    RECEIVE = "receive"
    SALE = "sale"
    ALLOCATION = "allocation"
    JOB_RETURN = "job_return"
    CUSTOMER_RETURN = "customer_return"
    ADJUSTMENT = "adjustment"
    TRANSFER_OUT = "transfer_out"
    TRANSFER_IN = "transfer_in"
    CORE_RETURN = "core_return"
    VENDOR_RETURN = "vendor_return"  # back to the vendor on a return document
    OPENING = "opening"  # the stock a shop had when it came over from another system


MOVEMENT_LABELS = {
    MovementKind.RECEIVE: "Received",
    MovementKind.SALE: "Counter sale",
    MovementKind.ALLOCATION: "Allocated to job",
    MovementKind.JOB_RETURN: "Returned from job",
    MovementKind.CUSTOMER_RETURN: "Customer return",
    MovementKind.ADJUSTMENT: "Count adjustment",
    MovementKind.TRANSFER_OUT: "Transfer out",
    MovementKind.TRANSFER_IN: "Transfer in",
    MovementKind.OPENING: "Opening balance",
    MovementKind.CORE_RETURN: "Core return to vendor",
    MovementKind.VENDOR_RETURN: "Returned to vendor",
}


class CoreKind(StrEnum):
    """Movements of used cores, a ledger of its own: a core is never sellable stock."""

    FROM_CUSTOMER = "from_customer"  # the customer brought the old part back
    TO_VENDOR = "to_vendor"  # sent back to the vendor for the core credit


CORE_LABELS = {
    CoreKind.FROM_CUSTOMER: "Core back from customer",
    CoreKind.TO_VENDOR: "Core sent to vendor",
}


class AllocateOn(StrEnum):
    """When a catalog part on a work order leaves the shelf, short of being allocated by hand.

    Whatever the setting, a part still on the shelf leaves at the latest when
    the work order is invoiced: a part billed has left stock.
    """

    EXPLICIT = "explicit"  # at the parts counter (or Ctrl+Shift+K in the editor)
    APPROVAL = "approval"  # when the customer authorizes its job
    START_WORK = "start_work"  # when work on the order starts


ALLOCATE_ON_LABELS = {
    AllocateOn.EXPLICIT: "When the parts counter allocates them",
    AllocateOn.APPROVAL: "When the customer authorizes the job",
    AllocateOn.START_WORK: "When work on the order starts",
}


class NegativeStock(StrEnum):
    REFUSE = "refuse"
    WARN = "warn"  # allow, with a warning recorded on the movement


class InsufficientStockError(BayDeskError):
    """Taking more than is on hand while the shop refuses negative stock."""

    def __init__(self, sku: str, available: int, asked: int) -> None:
        self.sku = sku
        self.available = available
        self.asked = asked
        super().__init__(
            f"Only {format_quantity(max(available, 0))} of part {sku} in stock; "
            f"{format_quantity(asked)} asked. Nothing was taken."
        )


def format_quantity(thousandths: int) -> str:
    """1000 -> '1', 1500 -> '1.5', -250 -> '-0.25'."""
    value = from_thousandths(thousandths).normalize()
    return format(value, "f")


def parse_quantity(text: str | int | Decimal, *, fractional: bool = False, field: str = "quantity") -> int:
    """A positive quantity as typed, in thousandths; whole units unless the part is sold by measure."""
    value = _decimal(text, field)
    if value <= 0:
        raise ValidationError({field: "must be more than zero"})
    if not fractional and value != value.to_integral_value():
        raise ValidationError({field: "this part is sold by the unit: enter a whole number"})
    scaled = value * UNIT
    if scaled != scaled.to_integral_value():
        raise ValidationError({field: "has more than 3 decimals"})
    if scaled > MAX_QUANTITY:
        raise ValidationError({field: "is far too large"})
    return int(scaled)


def parse_counted(text: str | int | Decimal, *, fractional: bool = False, field: str = "counted") -> int:
    """A counted quantity: zero allowed, never negative."""
    value = _decimal(text, field)
    if value == 0:
        return 0
    if value < 0:
        raise ValidationError({field: "a count cannot be negative"})
    return parse_quantity(value, fractional=fractional, field=field)


def parse_amount(text: str | Decimal, field: str, *, required: bool = True) -> Decimal | None:
    """Cost or price: a number of cents, not negative, not NaN, not absurd."""
    if isinstance(text, str) and not text.strip():
        if required:
            raise ValidationError({field: "is required"})
        return None
    value = parse_money(text, field)
    if value < 0:
        raise ValidationError({field: "must not be negative"})
    if value >= MAX_MONEY:
        raise ValidationError({field: "is far too large"})
    return value


def _decimal(text: str | int | Decimal, field: str) -> Decimal:
    if isinstance(text, str) and not text.strip():
        raise ValidationError({field: "is required"})
    return parse_number(text, PLAIN_LOCALE, field=field, decimals=None)


def check_take(sku: str, on_hand: int, take: int, policy: NegativeStock) -> str:
    """May ``take`` thousandths leave stock? Returns the warning to record ('' when none)."""
    if take <= on_hand:
        return ""
    if policy == NegativeStock.REFUSE:
        raise InsufficientStockError(sku, on_hand, take)
    return (
        f"stock went negative: {format_quantity(on_hand)} on hand, {format_quantity(take)} taken "
        f"(shop allows negative stock)"
    )


@dataclass(frozen=True)
class MarkupBand:
    """Parts costing up to ``up_to`` (None: any cost) sell at cost times (1 + markup)."""

    up_to: Decimal | None
    markup: Decimal  # 0.5 for 50 %


DEFAULT_MARKUP = (
    MarkupBand(Decimal("5.00"), Decimal("1.50")),
    MarkupBand(Decimal("25.00"), Decimal("1.00")),
    MarkupBand(Decimal("100.00"), Decimal("0.60")),
    MarkupBand(None, Decimal("0.40")),
)


def markup_price(cost: Decimal, bands: tuple[MarkupBand, ...]) -> Decimal:
    """The retail price of a part without its own price: the first band its cost falls in."""
    for band in bands:
        if band.up_to is None or cost <= band.up_to:
            return (cost * (1 + band.markup)).quantize(CENT, rounding=ROUND_HALF_UP)
    return cost


def markup_text(bands: tuple[MarkupBand, ...]) -> str:
    """'5: 150, 25: 100, *: 40': up to a cost, the markup in percent; * is every cost above."""
    return ", ".join(
        f"{'*' if b.up_to is None else format(b.up_to.normalize(), 'f')}: {format((b.markup * 100).normalize(), 'f')}"
        for b in bands
    )


def parse_markup(text: str) -> tuple[MarkupBand, ...]:
    """The markup matrix as typed (see ``markup_text``), checked."""
    bands = []
    for part in (p for p in text.split(",") if p.strip()):
        limit, sep, percent = part.partition(":")
        if not sep:
            raise ValidationError({"markup": f"'{part.strip()}' is not 'up to: percent'"})
        up_to = None if limit.strip() == "*" else parse_amount(limit, "markup")
        markup = _decimal(percent, "markup") / 100
        bands.append(MarkupBand(up_to, markup))
    result = tuple(bands)
    check_markup(result)
    return result


def check_markup(bands: tuple[MarkupBand, ...]) -> None:
    errors: dict[str, str] = {}
    if not bands or bands[-1].up_to is not None:
        errors["markup"] = "the last band must cover every cost (leave its 'up to' empty)"
    limits = [b.up_to for b in bands if b.up_to is not None]
    if limits != sorted(set(limits)):
        errors["markup"] = "bands must go up in cost, each limit once"
    if any(b.markup < 0 or b.markup > 100 for b in bands):
        errors["markup"] = "a markup is between 0 and 10,000 percent"
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True)
class StockSettings:
    """The shop's stock rules, stored as one JSON setting."""

    negative_stock: NegativeStock = NegativeStock.REFUSE
    markup: tuple[MarkupBand, ...] = field(default=DEFAULT_MARKUP)
    # an adjustment worth more than this (at cost) needs ADJUST_STOCK_ABOVE_THRESHOLD
    adjust_threshold: Decimal = Decimal("250.00")
    allocate_on: AllocateOn = AllocateOn.EXPLICIT

    def to_json(self) -> str:
        return json.dumps(
            {
                "negative_stock": self.negative_stock.value,
                "markup": [[None if b.up_to is None else str(b.up_to), str(b.markup)] for b in self.markup],
                "adjust_threshold": str(self.adjust_threshold),
                "allocate_on": self.allocate_on.value,
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str | None) -> StockSettings:
        if not text:
            return cls()
        data = json.loads(text)
        bands = tuple(
            MarkupBand(None if up is None else Decimal(up), Decimal(m)) for up, m in data.get("markup", [])
        )
        return cls(
            NegativeStock(data.get("negative_stock", NegativeStock.REFUSE.value)),
            bands or DEFAULT_MARKUP,
            Decimal(data.get("adjust_threshold", "250.00")),
            AllocateOn(data.get("allocate_on", AllocateOn.EXPLICIT.value)),
        )

    def price_for(self, cost: Decimal, own_price: Decimal | None) -> Decimal:
        return own_price if own_price is not None else markup_price(cost, self.markup)


def adjustment_value(difference: int, unit_cost: Decimal) -> Decimal:
    """What a count difference is worth at cost (always positive)."""
    return (abs(from_thousandths(difference)) * unit_cost).quantize(CENT, rounding=ROUND_HALF_UP)


def lock_order(part_ids: list[object]) -> list[object]:
    """The one order every transaction locks inventory rows in: by part id, without repeats.

    Two terminals locking the same parts in the same order queue on the first
    one instead of each holding a row the other waits for (a deadlock).
    """
    return sorted(set(part_ids), key=str)
