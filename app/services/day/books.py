"""The accounting export: a period's journal for the accountant, and the account mapping it uses.

The journal is built from what was posted and paid (app/domain/books.py
turns it into balanced entries); nothing in it depends on when it is
exported, so a closed period exports the same bytes every time. Every export
is recorded (books_exports, append-only, and the audit log), and exporting a
period that overlaps one exported before says so.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from app.db.models_day import BooksExport
from app.db.models_payers import InvoicePayerPart
from app.db.types import now_utc
from app.domain.books import (
    FORMATS,
    AccountMap,
    BooksDocument,
    BooksDrawer,
    BooksPayment,
    JournalEntry,
    check_accounts,
    journal,
    to_iif,
    to_journal_csv,
)
from app.domain.errors import ValidationError
from app.domain.money import from_cents
from app.domain.permissions import Action, Actor, require
from app.repositories.books import BooksRepository
from app.repositories.day import DayRepository
from app.repositories.payers import PayerRepository
from app.services.base import Service
from app.services.day.exports import check_range
from app.services.uow import UnitOfWork

ACCOUNTS_KEY = "books.accounts"
SUFFIX = {"iif": "iif", "journal": "csv"}


@dataclass(frozen=True)
class ExportMark:
    """A period exported before: what, when and by whom."""

    start: date
    end: date
    format: str
    exported_at: datetime
    exported_by: str
    sha256: str


@dataclass(frozen=True)
class BooksExportResult:
    content: bytes
    filename: str
    format: str
    start: date
    end: date
    entries: int
    debits: Decimal
    sha256: str
    earlier: tuple[ExportMark, ...]  # exports of this shop that overlap the period, oldest first
    open_days: tuple[date, ...]  # days of the period with business that are not closed yet

    @property
    def same_as_before(self) -> bool:
        """The very bytes of an earlier export of exactly this period and format."""
        return any(
            (m.start, m.end, m.format, m.sha256) == (self.start, self.end, self.format, self.sha256)
            for m in self.earlier
        )


class BooksService(Service):
    def accounts(self, actor: Actor) -> AccountMap:
        """Which account each category goes to (the defaults until the owner changes them)."""
        require(actor, Action.EXPORT_DATA)
        return self._read(lambda uow: AccountMap.from_json(uow.shops.setting(actor.shop_id, ACCOUNTS_KEY)))

    def update_accounts(self, actor: Actor, accounts: AccountMap) -> AccountMap:
        require(actor, Action.MANAGE_SETTINGS)
        clean = check_accounts(accounts)

        def work(uow: UnitOfWork) -> AccountMap:
            before = AccountMap.from_json(uow.shops.setting(actor.shop_id, ACCOUNTS_KEY))
            uow.shops.set_setting(actor.shop_id, ACCOUNTS_KEY, clean.to_json())
            changed = {k for k in clean.names if before.name(k) != clean.name(k)}
            uow.record(
                actor,
                actor.shop_id,
                "settings",
                ACCOUNTS_KEY,
                "update",
                {k: before.name(k) for k in sorted(changed)},
                {k: clean.name(k) for k in sorted(changed)},
            )
            uow.commit()
            return clean

        return self._write(work)

    def export(self, actor: Actor, start: date, end: date, fmt: str) -> BooksExportResult:
        """The period's journal as IIF or journal CSV, recorded as exported."""
        require(actor, Action.EXPORT_DATA)
        check_range(start, end)
        if fmt not in FORMATS:
            raise ValidationError({"format": f"is one of {', '.join(FORMATS)}"})
        return self._write(lambda uow: _export(uow, actor, start, end, fmt))

    def history(self, actor: Actor) -> list[ExportMark]:
        """The latest exports, newest first."""
        require(actor, Action.EXPORT_DATA)

        def work(uow: UnitOfWork) -> list[ExportMark]:
            return _marks(uow, BooksRepository(uow.session).recent_exports(actor.shop_id))

        return self._read(work)


def _export(uow: UnitOfWork, actor: Actor, start: date, end: date, fmt: str) -> BooksExportResult:
    shop = uow.shops.get(actor.shop_id)
    currency = shop.currency if shop is not None else "USD"
    accounts = AccountMap.from_json(uow.shops.setting(actor.shop_id, ACCOUNTS_KEY))
    entries = period_journal(uow, actor, start, end)
    text = to_iif(entries, accounts) if fmt == "iif" else to_journal_csv(entries, accounts, currency)
    content = text.encode("utf-8")
    digest = hashlib.sha256(content).hexdigest()
    repo = BooksRepository(uow.session)
    earlier = tuple(_marks(uow, repo.overlapping_exports(actor.shop_id, start, end)))
    debits = sum((e.debits for e in entries), Decimal("0.00"))
    row = BooksExport(
        shop_id=actor.shop_id,
        start_date=start,
        end_date=end,
        format=fmt,
        entries=len(entries),
        debits=debits,
        sha256=digest,
        exported_by=actor.user_id,
        exported_at=now_utc(),
    )
    repo.add_export(row)
    uow.session.flush()
    after = {"start": start, "end": end, "format": fmt, "entries": len(entries), "debits": debits}
    uow.record(actor, actor.shop_id, "books_exports", row.id, "export", None, {**after, "sha256": digest})
    uow.commit()
    return BooksExportResult(
        content=content,
        filename=f"books-{start.isoformat()}-to-{end.isoformat()}.{SUFFIX[fmt]}",
        format=fmt,
        start=start,
        end=end,
        entries=len(entries),
        debits=debits,
        sha256=digest,
        earlier=earlier,
        open_days=_open_days(uow, actor, start, end, entries),
    )


def period_journal(uow: UnitOfWork, actor: Actor, start: date, end: date) -> list[JournalEntry]:
    """The balanced entries of every document, void and payment of the period."""
    repo = BooksRepository(uow.session)
    rows = repo.documents(actor.shop_id, start, end)
    money = repo.payments(actor.shop_id, start, end)
    payers = PayerRepository(uow.session).parts_of(
        list({inv.id for inv, _ in rows} | {row[0].invoice_id for row in money if row[0].invoice_id})
    )
    parts = {part.invoice_id: part for part in payers}
    docs = [_document(inv, deposits, parts.get(inv.id)) for inv, deposits in rows]
    payments = [_payment(*row, payer=parts.get(row[0].invoice_id)) for row in money]
    drawers = [_drawer(row, terminal) for row, terminal in repo.closed_drawers(actor.shop_id, start, end)]
    return journal(docs, payments, start, end, drawers)


def _drawer(row: Any, terminal: str) -> BooksDrawer:
    zero = Decimal("0.00")
    return BooksDrawer(
        reference=row.id.hex[:12],
        business_date=row.business_date,
        terminal=terminal,
        paid_in=row.paid_in or zero,
        paid_out=row.paid_out or zero,
        over_short=row.over_short or zero,
        deposit=row.deposit or zero,
    )


def _document(inv: Any, deposit_cents: Any, part: InvoicePayerPart | None = None) -> BooksDocument:
    return BooksDocument(
        kind=inv.kind,
        number=inv.number,
        business_date=inv.business_date,
        customer_name=inv.customer_name,
        labor=inv.labor,
        parts=inv.parts,
        fees=inv.fees,
        shop_supplies=inv.shop_supplies,
        sublet=inv.sublet,
        cores=inv.cores,
        tax=inv.tax,
        cash_rounding=inv.cash_rounding,
        total=inv.total,
        deposits_applied=from_cents(int(deposit_cents or 0)) if inv.kind == "invoice" else Decimal("0.00"),
        voided_on=inv.void_business_date if inv.status == "void" else None,
        payer_name=part.payer_name if part else "",
        payer_amount=part.payer_amount if part else Decimal("0.00"),
    )


def _payment(
    pay: Any,
    kind: str | None,
    number: int | None,
    invoice_customer: str | None,
    customer: Any,
    *,
    payer: InvoicePayerPart | None = None,
) -> BooksPayment:
    if payer is not None and pay.customer_id == payer.payer_id:  # the second payer paying its part
        name = payer.payer_name
    elif invoice_customer:
        name = invoice_customer
    elif customer is not None:
        person = " ".join(p for p in (customer.first_name, customer.last_name) if p)
        name = customer.company_name or person
    else:
        name = ""
    label = {"invoice": "Invoice", "credit_note": "Credit note"}.get(kind or "", "")
    return BooksPayment(
        reference=pay.id.hex[:12],
        business_date=pay.business_date,
        method=pay.method,
        amount=pay.amount,
        customer_name=name,
        document=f"{label} {number}" if number is not None else "",
        is_deposit=pay.invoice_id is None and pay.work_order_id is not None,
    )


def _open_days(
    uow: UnitOfWork, actor: Actor, start: date, end: date, entries: list[JournalEntry]
) -> tuple[date, ...]:
    closed = {c.business_date for c in DayRepository(uow.session).closes(actor.shop_id, start, end)}
    return tuple(sorted({e.business_date for e in entries} - closed))


def _marks(uow: UnitOfWork, rows: list[BooksExport]) -> list[ExportMark]:
    names = DayRepository(uow.session).user_names({r.exported_by for r in rows})
    return [
        ExportMark(r.start_date, r.end_date, r.format, r.exported_at, names.get(r.exported_by, ""), r.sha256)
        for r in rows
    ]
