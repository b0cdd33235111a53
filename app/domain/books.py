"""The accountant's journal: invoices, credit notes, voids and money taken as balanced entries.

Pure arithmetic and formatting, the same on paper: each document or payment
becomes one journal entry whose debits equal its credits, written either as
QuickBooks Desktop IIF (tab-separated, ``!TRNS``/``!SPL``/``!ENDTRNS``) or as
a journal CSV (one line per account, debits and credits apart, plus a signed
amount) that QuickBooks Online's and Xero's journal imports read.

The model:
- an invoice debits Accounts Receivable with its total (less the customer
  deposits already taken on its work order, which leave Customer deposits)
  and credits labor, parts, fees, shop supplies, sublet, core charges,
  sales tax payable and cash rounding with what it stored; a credit note
  does the same with its negative amounts, a void reverses the invoice on the
  day it was voided;
- money taken (cash, card, check) debits the tender's account and credits
  A/R, or Customer deposits for a deposit on a work order not yet invoiced;
  a refund is the same with a negative amount;
- a charge to account or a credit note applied to an invoice moves value
  inside A/R and is not money taken: it makes no entry;
- a closed cash drawer moves its cash: paid in and paid out, the over or
  short found at the count, and the deposit taken to the bank.
Nothing here reads the clock: the same documents give the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from app.domain.end_of_day import csv_cell
from app.domain.errors import ValidationError

ZERO = Decimal("0.00")
FORMATS = ("iif", "journal")

# key -> (label shown in settings, default account name; QuickBooks' standard names where one exists)
ACCOUNTS: dict[str, tuple[str, str]] = {
    "receivable": ("Accounts receivable (A/R)", "Accounts Receivable"),
    "labor": ("Labor sales", "Labor Income"),
    "parts": ("Parts sales", "Parts Sales"),
    "fees": ("Fees", "Shop Fees Income"),
    "shop_supplies": ("Shop supplies", "Shop Supplies Income"),
    "sublet": ("Sublet sales", "Sublet Income"),
    "cores": ("Core charges (refundable)", "Core Deposits Held"),
    "tax": ("Sales tax payable", "Sales Tax Payable"),
    "cash_rounding": ("Cash rounding", "Cash Rounding"),
    "deposits": ("Customer deposits", "Customer Deposits"),
    "cash": ("Cash taken", "Undeposited Funds"),
    "card": ("Card payments", "Card Clearing"),
    "check": ("Checks taken", "Undeposited Funds"),
    "bank": ("Bank (cash deposits)", "Checking"),
    "over_short": ("Cash over / short", "Cash Over/Short"),
    "paid_in": ("Cash paid in", "Cash Paid In"),
    "paid_out": ("Cash paid out", "Cash Paid Out"),
}
TENDERS = ("cash", "card", "check")  # money taken; "account" and "credit_note" move value inside A/R


@dataclass(frozen=True)
class AccountMap:
    """Which account of the shop's books each category goes to (names as in the accountant's chart)."""

    names: dict[str, str] = field(default_factory=lambda: {k: v[1] for k, v in ACCOUNTS.items()})

    def name(self, key: str) -> str:
        return self.names.get(key) or ACCOUNTS[key][1]

    def to_json(self) -> str:
        return json.dumps({k: self.name(k) for k in ACCOUNTS}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> AccountMap:
        stored = json.loads(text) if text else {}
        return cls({k: str(stored.get(k) or default) for k, (_label, default) in ACCOUNTS.items()})


def check_accounts(accounts: AccountMap) -> AccountMap:
    """Account names as QuickBooks and Xero take them: not empty, one line, no tab, at most 159 characters."""
    errors = {}
    clean = {}
    for key in ACCOUNTS:
        value = " ".join(accounts.names.get(key, "").split())
        if not value:
            errors[key] = "needs an account name"
        elif len(value) > 159:
            errors[key] = "is longer than 159 characters"
        clean[key] = value
    if errors:
        raise ValidationError(errors)
    return AccountMap(clean)


@dataclass(frozen=True)
class BooksDocument:
    """An invoice or credit note as it was posted (credit notes carry negative amounts)."""

    kind: str  # invoice / credit_note
    number: int
    business_date: date
    customer_name: str
    labor: Decimal
    parts: Decimal
    fees: Decimal  # includes shop_supplies
    shop_supplies: Decimal
    sublet: Decimal
    cores: Decimal
    tax: Decimal
    cash_rounding: Decimal
    total: Decimal
    deposits_applied: Decimal = ZERO  # customer deposits on its work order taken before it was posted
    voided_on: date | None = None  # the business day of its void, if voided
    payer_name: str = ""  # a second payer (insurer, warranty company) that owes part of it
    payer_amount: Decimal = ZERO  # that payer's part: its own A/R, apart from the customer's


@dataclass(frozen=True)
class BooksPayment:
    """Money taken or paid back: positive in, negative out."""

    reference: str  # stable: from the payment's id
    business_date: date
    method: str
    amount: Decimal
    customer_name: str
    document: str  # "Invoice 20417", or "" for a deposit or an account settlement
    is_deposit: bool  # on a work order with no invoice yet


@dataclass(frozen=True)
class BooksDrawer:
    """A cash drawer closed on a business day: what moved its cash besides payments."""

    reference: str  # stable: from the drawer session's id
    business_date: date
    terminal: str
    paid_in: Decimal
    paid_out: Decimal
    over_short: Decimal  # over positive, short negative
    deposit: Decimal  # taken to the bank


@dataclass(frozen=True)
class JournalLine:
    account: str  # a key of ACCOUNTS
    amount: Decimal  # debit positive, credit negative
    name: str = ""  # the customer, on A/R lines (QuickBooks wants one there)


@dataclass(frozen=True)
class JournalEntry:
    number: str  # "INV 20417", "CN 12", "VOID 20417", "PMT 3f2a9c1b"
    business_date: date
    memo: str
    lines: tuple[JournalLine, ...]

    @property
    def debits(self) -> Decimal:
        return sum((line.amount for line in self.lines if line.amount > 0), ZERO)

    @property
    def credits(self) -> Decimal:
        return -sum((line.amount for line in self.lines if line.amount < 0), ZERO)


_SALES = ("labor", "parts", "sublet", "cores", "tax", "cash_rounding")


def document_lines(doc: BooksDocument, sign: int = 1) -> tuple[JournalLine, ...]:
    """A/R against each sales category; ``sign`` -1 reverses it (a void)."""
    credits = {name: getattr(doc, name) for name in _SALES}
    credits["fees"] = doc.fees - doc.shop_supplies
    credits["shop_supplies"] = doc.shop_supplies
    own = doc.total - doc.deposits_applied - doc.payer_amount
    lines = [JournalLine("receivable", sign * own, doc.customer_name)]
    if doc.payer_amount:
        lines.append(JournalLine("receivable", sign * doc.payer_amount, doc.payer_name))
    if doc.deposits_applied:
        lines.append(JournalLine("deposits", sign * doc.deposits_applied))
    lines += [JournalLine(key, -sign * value) for key, value in credits.items()]
    return _without_zeros(lines)


def document_entries(doc: BooksDocument, start: date, end: date) -> list[JournalEntry]:
    """The document's entry if posted in the period, and its void's if voided in it."""
    label = "Invoice" if doc.kind == "invoice" else "Credit note"
    prefix = "INV" if doc.kind == "invoice" else "CN"
    entries = []
    if start <= doc.business_date <= end:
        memo = f"{label} {doc.number} {doc.customer_name}".strip()
        entries.append(JournalEntry(f"{prefix} {doc.number}", doc.business_date, memo, document_lines(doc)))
    if doc.voided_on is not None and start <= doc.voided_on <= end:
        memo = f"Void of {label.lower()} {doc.number} {doc.customer_name}".strip()
        entries.append(
            JournalEntry(f"VOID {prefix} {doc.number}", doc.voided_on, memo, document_lines(doc, -1))
        )
    return [e for e in entries if e.lines]


def payment_entry(pay: BooksPayment) -> JournalEntry | None:
    """Money taken against A/R (or Customer deposits); None for what is not money taken."""
    if pay.method not in TENDERS or not pay.amount:
        return None
    what = "Deposit" if pay.is_deposit else ("Refund" if pay.amount < 0 else "Payment")
    memo = " ".join(p for p in (what, pay.method, pay.document, pay.customer_name) if p)
    other = (
        JournalLine("deposits", -pay.amount)
        if pay.is_deposit
        else JournalLine("receivable", -pay.amount, pay.customer_name)
    )
    lines = (JournalLine(pay.method, pay.amount), other)
    return JournalEntry(f"PMT {pay.reference}", pay.business_date, memo, lines)


def drawer_entry(drawer: BooksDrawer) -> JournalEntry | None:
    """The drawer's cash against paid in, paid out, over/short and the bank; None if nothing moved."""
    moves = {
        "paid_in": -drawer.paid_in,
        "paid_out": drawer.paid_out,
        "over_short": -drawer.over_short,
        "bank": drawer.deposit,
    }
    lines = [JournalLine(key, value) for key, value in moves.items()]
    lines.insert(0, JournalLine("cash", -sum(moves.values(), ZERO)))
    kept = _without_zeros(lines)
    if not kept:
        return None
    memo = f"Cash drawer {drawer.terminal}".strip()
    return JournalEntry(f"DRW {drawer.reference}", drawer.business_date, memo, kept)


def journal(
    docs: Iterable[BooksDocument],
    payments: Iterable[BooksPayment],
    start: date,
    end: date,
    drawers: Iterable[BooksDrawer] = (),
) -> list[JournalEntry]:
    """Every entry of the period, in a fixed order: by day, documents, payments, then drawers."""
    entries = [e for doc in docs for e in document_entries(doc, start, end)]
    entries += [e for pay in payments if (e := payment_entry(pay)) is not None]
    entries += [e for drawer in drawers if (e := drawer_entry(drawer)) is not None]
    order = {"INV": 0, "CN": 1, "VOID": 2, "PMT": 3, "DRW": 4}
    return sorted(entries, key=lambda e: (e.business_date, order[e.number.split()[0]], e.number))


def check_balanced(entries: Sequence[JournalEntry]) -> None:
    """Refuse to write a journal an accountant's import would refuse: debits must equal credits."""
    for entry in entries:
        if entry.debits != entry.credits:
            raise ValidationError(
                {
                    "journal": f"{entry.number} does not balance ({entry.debits} debits, {entry.credits} credits)"
                }
            )


def _without_zeros(lines: Sequence[JournalLine]) -> tuple[JournalLine, ...]:
    kept = tuple(line for line in lines if line.amount != 0)
    return kept if any(line.amount for line in kept) else ()


def _text(value: str) -> str:
    """One IIF field: no tab, no line break, no double quote (IIF has no escaping)."""
    return " ".join(value.replace('"', "'").split())


def _iif_date(day: date) -> str:
    return f"{day.month:02d}/{day.day:02d}/{day.year}"


def to_iif(entries: Sequence[JournalEntry], accounts: AccountMap) -> str:
    """QuickBooks Desktop IIF: one GENERAL JOURNAL transaction per entry, CRLF line ends."""
    check_balanced(entries)
    head = ("TRNSTYPE", "DATE", "ACCNT", "NAME", "AMOUNT", "DOCNUM", "MEMO")
    out = ["\t".join(("!TRNS", "TRNSID", *head)), "\t".join(("!SPL", "SPLID", *head)), "!ENDTRNS"]
    for entry in entries:
        for index, line in enumerate(entry.lines):
            cells = (
                "TRNS" if index == 0 else "SPL",
                "",
                "GENERAL JOURNAL",
                _iif_date(entry.business_date),
                _text(accounts.name(line.account)),
                _text(line.name),
                f"{line.amount:.2f}",
                _text(entry.number),
                _text(entry.memo),
            )
            out.append("\t".join(cells))
        out.append("ENDTRNS")
    return "\r\n".join(out) + "\r\n"


JOURNAL_COLUMNS = (
    "JournalNo",
    "JournalDate",
    "Currency",
    "Memo",
    "AccountName",
    "Debits",
    "Credits",
    "Amount",
    "Name",
)


def to_journal_csv(entries: Sequence[JournalEntry], accounts: AccountMap, currency: str) -> str:
    """The journal CSV: QuickBooks Online's journal import columns, plus a signed Amount for Xero."""
    check_balanced(entries)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(JOURNAL_COLUMNS)
    for entry in entries:
        for line in entry.lines:
            writer.writerow(
                [
                    csv_cell(_text(entry.number)),
                    entry.business_date.isoformat(),
                    currency,
                    csv_cell(_text(entry.memo)),
                    csv_cell(_text(accounts.name(line.account))),
                    f"{line.amount:.2f}" if line.amount > 0 else "",
                    f"{-line.amount:.2f}" if line.amount < 0 else "",
                    f"{line.amount:.2f}",
                    csv_cell(_text(line.name)),
                ]
            )
    return out.getvalue()
