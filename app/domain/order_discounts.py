"""A job or ticket discount on a work order: what it takes off, and of how much.

A job discount covers its job's lines after their own discounts; the ticket
discount covers every line after the job discounts (``ticket_pricing``'s order
of arithmetic). A discount's percent is what the price sheet's per-role limit
is held against: the percent typed, or for an amount off, the amount ÷ what it
covers.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from app.domain.contact import clean_text
from app.domain.errors import ValidationError
from app.domain.invoices import SourceLine
from app.domain.price_sheet import HUNDRED, PriceSheet
from app.domain.sheet_invoices import estimate_ticket
from app.domain.ticket_pricing import CENT, Discount, DiscountKind, DocumentDiscount, cents

DISCOUNT_PEOPLE = "discount_people"  # snapshot key: [[given by, approved by], ...] per discount line
NEED_SHEET = "job and ticket discounts need the price sheet: the owner enters it in Settings → Price sheet"


@dataclass(frozen=True)
class DiscountEffect:
    amount: Decimal  # what it takes off
    percent: Decimal  # of what it covers, to 0.01
    covered: Decimal  # the nets it covers


def parse_discount(kind: str, value: str, reason: str) -> Discount:
    """A typed discount, refused with a message per field when it is not one."""
    errors: dict[str, str] = {}
    try:
        parsed_kind = DiscountKind(kind)
    except ValueError:
        parsed_kind = DiscountKind.PERCENT
        errors["kind"] = "choose percent or amount"
    try:
        number = Decimal(value.strip().replace(",", "").rstrip("%").lstrip("$").strip())
        if not number.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        number = Decimal(0)
        errors["value"] = "type a number, e.g. 10 (percent) or 25.00 (amount)"
    if "value" not in errors:
        if number <= 0:
            errors["value"] = "a discount is more than zero (to take it off, remove it)"
        elif parsed_kind == DiscountKind.PERCENT and number > HUNDRED:
            errors["value"] = "a percent discount is between 0 and 100"
    reason = clean_text(reason)
    if not reason:
        errors["reason"] = "say why (it prints on the invoice)"
    if errors:
        raise ValidationError(errors)
    return Discount(parsed_kind, cents(number), reason)


def discount_effect(
    sources: Sequence[SourceLine],
    sheet: PriceSheet,
    *,
    day: date,
    new: DocumentDiscount,
    others: Sequence[DocumentDiscount] = (),
    what: str = "the job",
) -> DiscountEffect:
    """What ``new`` takes off beside ``others`` (the order's other discounts); an amount above what
    it covers is refused with that figure."""
    if not any(new.job is None or s.job == new.job for s in sources):
        raise ValidationError({"value": f"{what} has no lines yet: add them, then the discount"})
    before = [d for d in others if d.job is not None and d.job != new.job] if new.job is None else []
    everything = DocumentDiscount(Discount(DiscountKind.PERCENT, HUNDRED, "covered"), new.job)
    covered = estimate_ticket(sources, sheet, day=day, discounts=[*before, everything]).discounts[-1].amount
    if new.discount.kind == DiscountKind.AMOUNT and new.discount.value > covered:
        raise ValidationError(
            {"value": f"{new.discount.value:.2f} is more than {what} comes to ({covered:.2f})"}
        )
    line = estimate_ticket(sources, sheet, day=day, discounts=[*before, new]).discounts[-1]
    return DiscountEffect(line.amount, line.percent.quantize(CENT), covered)


def with_discount_people(text: str, people: Sequence[tuple[str, str]]) -> str:
    """A pricing snapshot with who gave and who approved each job and ticket discount, as named then."""
    if not people:
        return text
    data = json.loads(text)
    data[DISCOUNT_PEOPLE] = [list(p) for p in people]
    return json.dumps(data, sort_keys=True)


def discount_people(text: str) -> list[tuple[str, str]]:
    """(who gave, who approved) of each discount line of a snapshot, in order; older snapshots: none."""
    return [(given, approved) for given, approved in json.loads(text).get(DISCOUNT_PEOPLE, [])]
