"""A work order line as typed, checked into column values; the same lines saved in a canned job.

A part line either names a catalog part (``part_id``: price from the shop's
rules, cost snapshotted, stock follows the line) or is typed by hand: a
non-stock part, for which stock never moves.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.db.models_work_orders import WorkOrderLine
from app.domain.contact import clean_text, contains_card_number
from app.domain.errors import ValidationError
from app.domain.locale import parse_number
from app.domain.money import PLAIN_LOCALE, from_thousandths, parse_money, to_thousandths
from app.domain.pricing import PART_CONDITIONS
from app.domain.totals import LineKind, PricedLine, check_line
from app.services.text_gate import refuse_too_long


@dataclass(frozen=True)
class LineInput:
    """A line as typed. ``unit_price`` empty on labor means the work order's labor rate;
    on a catalog part (``part_id``), the part's price under the shop's markup rules."""

    kind: LineKind
    description: str
    quantity: str = "1"
    unit_price: str = ""
    unit_cost: str = "0"
    part_number: str = ""
    condition: str = ""
    taxable: bool | None = None  # None: the shop's rule for this kind of line
    discount_percent: str = "0"
    core_charge: str = "0"
    vendor: str = ""
    part_id: uuid.UUID | None = None  # the catalog part; None: typed by hand (non-stock)


def _decimal(text: str, field: str, places: int) -> Decimal:
    value = parse_number(text.strip() or "0", PLAIN_LOCALE, field=field, decimals=None)  # '12,50' is refused
    if value.normalize().as_tuple().exponent < -places:  # type: ignore[operator]  # 1.5000 is fine
        raise ValidationError({field: f"has more than {places} decimals"})
    return value


def check_canned_lines(lines: list[LineInput]) -> None:
    """A canned job's lines pass the checks of estimate lines, so inserting one never fails later."""
    for number, line in enumerate(lines, start=1):
        try:
            parse_line(line, Decimal("0"), taxable=False)
        except ValidationError as exc:
            raise ValidationError(
                {f"line {number} {name}": text for name, text in exc.errors.items()}
            ) from None


def parse_line(line: LineInput, labor_rate: Decimal, taxable: bool) -> dict[str, Any]:
    """The checked column values of a typed line (quantity in thousandths, money as Decimal)."""
    description = clean_text(line.description)
    errors: dict[str, str] = {}
    if not description:
        errors["description"] = "is required"
    elif len(description) > 300:
        errors["description"] = "is longer than 300 characters"
    elif contains_card_number(description):
        errors["description"] = "looks like a payment card number; BayDesk never stores card numbers"
    condition = line.condition.strip().lower()
    if line.kind == LineKind.PART and condition not in PART_CONDITIONS:
        errors["condition"] = "mark the part new, used, rebuilt, OEM or aftermarket"
    if line.part_id is not None and line.kind != LineKind.PART:
        errors["part_id"] = "only a part line is a catalog part"
    if errors:
        raise ValidationError(errors)
    quantity = _decimal(line.quantity, "quantity", 3)
    price_text = line.unit_price.strip()
    if not price_text and line.kind != LineKind.LABOR:
        raise ValidationError({"unit_price": "is required"})
    unit_price = labor_rate if not price_text else parse_money(price_text, "unit_price")
    unit_cost = parse_money(line.unit_cost.strip() or "0", "unit_cost")
    discount = _decimal(line.discount_percent, "discount_percent", 4)
    core = parse_money(line.core_charge.strip() or "0", "core_charge")
    check_line(PricedLine(line.kind, quantity, unit_price, taxable, discount, core))
    if unit_cost < 0:
        raise ValidationError({"unit_cost": "must not be negative"})
    return {
        "kind": line.kind.value,
        "description": description,
        "part_number": refuse_too_long(
            "part_number", clean_text(line.part_number), "work_order_lines", "part_number"
        ),
        "condition": condition if line.kind == LineKind.PART else "",
        "quantity": to_thousandths(quantity),
        "unit_price": unit_price,
        "unit_cost": unit_cost,
        "taxable": taxable,
        "discount_percent": discount / 100,
        "core_charge": core,
        "vendor": refuse_too_long("vendor", clean_text(line.vendor), "work_order_lines", "vendor"),
        "part_id": line.part_id if line.kind == LineKind.PART else None,
    }


def line_input_of(line: WorkOrderLine) -> LineInput:
    """A saved line as it would be typed again (declined work brought into a new estimate)."""
    return LineInput(
        kind=LineKind(line.kind),
        description=line.description,
        quantity=str(from_thousandths(line.quantity)),
        unit_price=str(line.unit_price),
        unit_cost=str(line.unit_cost),
        part_number=line.part_number,
        condition=line.condition,
        taxable=line.taxable,
        discount_percent=format((line.discount_percent * 100).normalize(), "f"),  # 0.333333 -> "33.3333"
        core_charge=str(line.core_charge),
        vendor=line.vendor,
        part_id=line.part_id,
    )


def line_input_to_dict(line: LineInput) -> dict[str, Any]:
    """A line as a canned job keeps it: everything typed, the tax choice and the catalog part too."""
    return {
        "kind": line.kind.value,
        "description": line.description,
        "quantity": line.quantity,
        "unit_price": line.unit_price,
        "unit_cost": line.unit_cost,
        "part_number": line.part_number,
        "condition": line.condition,
        "core_charge": line.core_charge,
        "discount_percent": line.discount_percent,
        "vendor": line.vendor,
        "taxable": line.taxable,
        "part_id": str(line.part_id) if line.part_id else None,
    }


def line_input_from_dict(data: dict[str, Any]) -> LineInput:
    """A canned job's line; one saved before discount, vendor and tax were kept reads with the defaults."""
    taxable = data.get("taxable")
    part_id = data.get("part_id")
    return LineInput(
        kind=LineKind(data["kind"]),
        description=data["description"],
        quantity=data.get("quantity", "1"),
        unit_price=data.get("unit_price", ""),
        unit_cost=data.get("unit_cost", "0"),
        part_number=data.get("part_number", ""),
        condition=data.get("condition", ""),
        core_charge=data.get("core_charge", "0"),
        discount_percent=data.get("discount_percent", "0"),
        vendor=data.get("vendor", ""),
        taxable=None if taxable is None else bool(taxable),
        part_id=uuid.UUID(part_id) if part_id else None,
    )
