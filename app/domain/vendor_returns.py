"""Returns to a vendor, as they would be on paper: why a part goes back, and what it is worth.

A return document lists what goes back to one vendor under the vendor's RMA
number: parts (a special order the car did not need, a wrong part) that
leave sellable stock, and used cores that leave the core shelf. The vendor's
account is credited with the sum of the lines, each quantity times its unit
cost rounded to the cent once per line, so the printed lines add up to the
printed credit. Receiving a purchase order charges the account the same way,
so a vendor's balance is what was received less what went back.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from app.domain.money import CENT, from_thousandths


class ReturnReason(StrEnum):
    SPECIAL_ORDER = "special_order"  # ordered for a work order, not used on it
    WRONG_PART = "wrong_part"  # the vendor sent (or the counter ordered) the wrong part
    DAMAGED = "damaged"  # arrived broken or faulty
    CORE = "core"  # used cores back for the core credit


REASON_LABELS = {
    ReturnReason.SPECIAL_ORDER: "Special order not used",
    ReturnReason.WRONG_PART: "Wrong part",
    ReturnReason.DAMAGED: "Damaged or faulty",
    ReturnReason.CORE: "Core return",
}


class LineKind(StrEnum):
    PART = "part"  # leaves sellable stock (the stock ledger)
    CORE = "core"  # leaves the core shelf (the core ledger)


class VendorEntryKind(StrEnum):
    """What moved a vendor's account; amounts are what the shop owes the vendor (a credit is negative)."""

    RETURN_CREDIT = "return_credit"
    RECEIPT_CHARGE = "receipt_charge"  # goods received on a purchase order: the shop owes them


@dataclass(frozen=True)
class SpecialOrderBalance:
    """One special-ordered part of a work order: ordered, used on the order, returned, kept."""

    sku: str
    ordered: int  # thousandths
    used: int
    returned: int
    kept: int

    @property
    def open(self) -> int:
        """What still has to go back to the vendor or be kept in stock (never below zero)."""
        return max(self.ordered - self.used - self.returned - self.kept, 0)


def line_credit(quantity: int, unit_cost: Decimal) -> Decimal:
    """One line's credit: quantity (thousandths) times unit cost, to the cent."""
    return (from_thousandths(quantity) * unit_cost).quantize(CENT, rounding=ROUND_HALF_UP)


def return_credit(lines: list[tuple[int, Decimal]]) -> Decimal:
    """The credit of a whole return: the sum of its rounded lines."""
    return sum((line_credit(q, c) for q, c in lines), Decimal("0.00"))


def receipt_charge(lines: list[tuple[int, Decimal]]) -> Decimal:
    """What one receipt on a purchase order adds to the vendor's account: each line's received
    quantity (thousandths) times its received cost, to the cent, summed (as a return's credit)."""
    return return_credit(lines)


def unreturned_message(work_order_number: int, open_parts: list[tuple[str, str]]) -> str:
    """Why a work order cannot close: the special-order parts (SKU, quantity) still to resolve."""
    named = ", ".join(f"{sku} ({quantity} unused)" for sku, quantity in open_parts)
    return (
        f"Work order {work_order_number} has special-order parts that were not used: {named}. "
        "Return them to the vendor, or have the parts counter keep them in stock, before the order closes."
    )
