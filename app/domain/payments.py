"""Tenders, change, refunds and aging: the payment rules, with no storage.

Card payments are taken on an external terminal: BayDesk keeps the brand,
the last four digits and the processor's reference only (PCI DSS 3.3, 3.4).
A full card number, track data or anything that looks like a CVV field is
refused wherever it is typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from app.domain.contact import clean_text, contains_card_number
from app.domain.errors import ValidationError
from app.domain.locale import AMERICAN, ShopLocale

ZERO = Decimal("0.00")
MAX_PAYMENT = Decimal("1000000.00")
CARD_REFUSED = "looks like a payment card number; BayDesk never stores card numbers"
# Track 1 (%B<pan>^NAME^...) and track 2 (;<pan>=<yymm>...) as a magnetic stripe reader types them.
_TRACK = re.compile(r"%[Bb]\d{6,19}\^|;\d{6,19}=\d{4}")
_CVV_WORDS = re.compile(r"\b(cvv2?|cvc2?|cid|security code)\b", re.IGNORECASE)


class Method(StrEnum):
    CASH = "cash"
    CARD = "card"
    CHECK = "check"
    ACCOUNT = "account"
    CREDIT_NOTE = "credit_note"  # value moved from a credit note to the invoice it credits


TENDER_METHODS = (Method.CASH, Method.CARD, Method.CHECK, Method.ACCOUNT)
REFUND_METHODS = (Method.CASH, Method.CARD, Method.CHECK)
METHOD_LABELS = {
    Method.CASH: "Cash",
    Method.CARD: "Card",
    Method.CHECK: "Check",
    Method.ACCOUNT: "Account",
    Method.CREDIT_NOTE: "Credit note",
}
CARD_BRANDS = ("Visa", "Mastercard", "American Express", "Discover", "Debit", "Other")
TERMS = (30, 60, 90)
AGING_BUCKETS = ("0-30", "31-60", "61-90", "90+")


@dataclass(frozen=True)
class Tender:
    """One tender as typed at the counter."""

    method: Method
    amount: Decimal  # what to apply; for cash, what is due to be paid from this tender
    tendered: Decimal | None = None  # cash handed over (change = tendered - applied)
    card_brand: str = ""
    card_last4: str = ""
    processor_reference: str = ""
    check_number: str = ""
    note: str = ""


@dataclass(frozen=True)
class Applied:
    """A tender checked against the balance: what is applied and the change given."""

    tender: Tender
    applied: Decimal
    change: Decimal | None


def refuse_card_data(fields: dict[str, str]) -> None:
    """Refuse a card number or track data in any free-text field (PCI DSS 3.3)."""
    errors = {
        name: CARD_REFUSED
        for name, text in fields.items()
        if text and (contains_card_number(text) or _TRACK.search(text))
    }
    if errors:
        raise ValidationError(errors)


def check_tender(tender: Tender, shop: ShopLocale = AMERICAN) -> Tender:
    """The tender's own fields, cleaned: card details, check number, note; no card data anywhere."""
    errors: dict[str, str] = {}
    _check_amount(tender.amount, errors, shop)
    refuse_card_data(
        {
            "card_brand": tender.card_brand,
            "card_last4": tender.card_last4,
            "processor_reference": tender.processor_reference,
            "check_number": tender.check_number,
            "note": tender.note,
        }
    )
    brand, last4 = clean_text(tender.card_brand), tender.card_last4.strip()
    reference, check = clean_text(tender.processor_reference), clean_text(tender.check_number)
    note = clean_text(tender.note)
    _check_card_details(tender.method, brand, last4, reference, errors)
    if tender.method == Method.CHECK:
        if not check:
            errors["check_number"] = "type the check number"
        elif len(check) > 30 or not all(ch.isalnum() or ch in " -" for ch in check):
            errors["check_number"] = "letters and digits only, at most 30"
    if _CVV_WORDS.search(note) or _CVV_WORDS.search(reference):
        errors["note"] = "never record a card's security code"
    if len(note) > 400:
        errors["note"] = "is longer than 400 characters"
    _check_tendered(tender, errors, shop)
    if errors:
        raise ValidationError(errors)
    return Tender(
        tender.method,
        tender.amount,
        tender.tendered,
        brand if tender.method == Method.CARD else "",
        last4 if tender.method == Method.CARD else "",
        reference if tender.method == Method.CARD else "",
        check if tender.method == Method.CHECK else "",
        note,
    )


def _check_amount(amount: Decimal, errors: dict[str, str], shop: ShopLocale) -> None:
    """More than zero, at most the payment limit, whole cents; a value that is no number is refused at once."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise ValidationError({"amount": "must be a number"})
    if amount <= 0:
        errors["amount"] = "must be more than zero" if amount == 0 else "must not be negative"
    elif amount > MAX_PAYMENT:
        errors["amount"] = f"must be at most {shop.amount(MAX_PAYMENT)}"
    elif amount != amount.quantize(Decimal("0.01")):
        errors["amount"] = "has more than 2 decimals"


def _check_card_details(
    method: Method, brand: str, last4: str, reference: str, errors: dict[str, str]
) -> None:
    """A card payment names its brand, last four digits and the terminal's reference; no other does."""
    if method == Method.CARD:
        if brand not in CARD_BRANDS:
            errors["card_brand"] = f"choose the card brand ({', '.join(CARD_BRANDS)})"
        if not (len(last4) == 4 and last4.isdigit() and last4.isascii()):
            errors["card_last4"] = "type only the last four digits of the card"
        if not reference:
            errors["processor_reference"] = "type the reference the card terminal printed"
        elif len(reference) > 64:
            errors["processor_reference"] = "is longer than 64 characters"
    elif brand or last4 or reference:
        errors["card_brand"] = "card details go only with a card payment"


def _check_tendered(tender: Tender, errors: dict[str, str], shop: ShopLocale) -> None:
    """Only cash is handed over, and it covers the amount it pays."""
    if tender.tendered is not None and tender.method != Method.CASH:
        errors["tendered"] = "only cash is tendered"
    if tender.tendered is not None and tender.method == Method.CASH:
        if not tender.tendered.is_finite() or tender.tendered < tender.amount:
            errors["tendered"] = "the cash handed over must cover the amount"
        elif tender.tendered > MAX_PAYMENT:
            errors["tendered"] = f"must be at most {shop.amount(MAX_PAYMENT)}"


def apply_tenders(tenders: Sequence[Tender], balance: Decimal, shop: ShopLocale = AMERICAN) -> list[Applied]:
    """Split ``balance`` over ``tenders`` in order.

    Card, check and account may not pay more than is still due (refused);
    cash pays at most what is due and the rest of what was handed over is
    change. Nothing is applied when the balance is already paid.
    """
    if not tenders:
        raise ValidationError({"amount": "add at least one payment"})
    if balance <= 0:
        raise ValidationError({"amount": "nothing is due on this invoice"})
    out: list[Applied] = []
    due = balance
    for tender in tenders:
        tender = check_tender(tender, shop)
        if tender.method not in TENDER_METHODS:
            raise ValidationError({"method": "choose cash, card, check or account"})
        if due <= 0:
            raise ValidationError(
                {"amount": "the invoice is already covered by the payments before this one"}
            )
        if tender.method == Method.CASH:
            handed = tender.tendered if tender.tendered is not None else tender.amount
            applied = min(tender.amount, due)
            out.append(Applied(tender, applied, handed - applied))
        else:
            if tender.amount > due:
                label = METHOD_LABELS[tender.method].lower()
                raise ValidationError(
                    {
                        "amount": f"{shop.amount(tender.amount)} by {label} is more than the {shop.amount(due)} due; "
                        "only cash gives change"
                    }
                )
            applied = tender.amount
            out.append(Applied(tender, applied, None))
        due -= applied
    return out


def check_refund(tender: Tender, owed: Decimal, shop: ShopLocale = AMERICAN) -> Tender:
    """A refund of a credit note: positive as typed, at most what is owed to the customer."""
    tender = check_tender(tender, shop)
    if tender.method not in REFUND_METHODS:
        raise ValidationError({"method": "refund by cash, card or check"})
    if tender.tendered is not None:
        raise ValidationError({"tendered": "a refund is not tendered"})
    if owed <= 0:
        raise ValidationError({"amount": "nothing is owed to the customer on this credit note"})
    if tender.amount > owed:
        raise ValidationError({"amount": f"at most {shop.amount(owed)} is owed to the customer"})
    return tender


def allocate_oldest_first(
    amount: Decimal, open_items: Sequence[tuple[object, Decimal]], shop: ShopLocale = AMERICAN
) -> list[tuple[object, Decimal]]:
    """One payment spread over several open invoices, oldest first; refused beyond the total open."""
    total_open = sum((due for _, due in open_items), ZERO)
    if amount > total_open:
        raise ValidationError(
            {
                "amount": f"{shop.amount(amount)} is more than the {shop.amount(total_open)} open on the account"
            }
        )
    out: list[tuple[object, Decimal]] = []
    left = amount
    for key, due in open_items:
        if left <= 0:
            break
        if due <= 0:
            continue
        take = min(due, left)
        out.append((key, take))
        left -= take
    return out


def aging_bucket(invoice_date: date, as_of: date) -> str:
    days = (as_of - invoice_date).days
    if days <= 30:
        return "0-30"
    if days <= 60:
        return "31-60"
    if days <= 90:
        return "61-90"
    return "90+"


def aging(items: Iterable[tuple[date, Decimal]], as_of: date) -> dict[str, Decimal]:
    """Open amounts by age since the invoice date: 0-30, 31-60, 61-90, 90+ days."""
    out = {bucket: ZERO for bucket in AGING_BUCKETS}
    for when, amount in items:
        out[aging_bucket(when, as_of)] += amount
    return out
