"""Finding and reading invoices, the invoicing settings, and counting prints.

The Invoicing area's actions that write no money: the lists it shows, one
document with its payments, the settings the documents are printed with, and
the print count that marks a reprint as a copy.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import uuid
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from app.domain.customers import display_name
from app.domain.errors import NotFoundError, ValidationError
from app.domain.invoices import check_cash_step, check_logo
from app.domain.permissions import Action, Actor, require
from app.repositories.invoicing import InvoiceRepository
from app.services.base import Service
from app.services.customers.dto import describe_vehicle
from app.services.invoicing.dto import InvoiceRow, InvoiceView, InvoicingSettings, ReadyWorkOrder
from app.services.invoicing.shared import checked_text
from app.services.invoicing.views import SETTINGS_KEY, invoice_row, invoicing_settings, read_invoice
from app.services.uow import UnitOfWork

ZERO = Decimal("0.00")


class InvoiceRecordService(Service):
    """Reading invoices and their lists, the invoicing settings, and the print count."""

    def get(self, actor: Actor, invoice_id: uuid.UUID) -> InvoiceView:
        require(actor, Action.VIEW_INVOICES)
        return self._read(lambda uow: read_invoice(uow, actor, invoice_id))

    def find_number(self, actor: Actor, number: int, kind: str = "invoice") -> uuid.UUID | None:
        require(actor, Action.VIEW_INVOICES)

        def work(uow: UnitOfWork) -> uuid.UUID | None:
            row = InvoiceRepository(uow.session).by_number(actor.shop_id, kind, number)
            return row.id if row else None

        return self._read(work)

    def awaiting_payment(self, actor: Actor) -> list[InvoiceRow]:
        """Posted invoices with a balance due, and credit notes with money owed back."""
        require(actor, Action.VIEW_INVOICES)
        return self._read(
            lambda uow: [invoice_row(r) for r in InvoiceRepository(uow.session).open_rows(actor.shop_id)]
        )

    def recent(self, actor: Actor, text: str = "", limit: int = 300) -> list[InvoiceRow]:
        require(actor, Action.VIEW_INVOICES)
        text = text.strip()
        number = int(text) if text.isdigit() and len(text) <= 12 else None

        def work(uow: UnitOfWork) -> list[InvoiceRow]:
            rows = InvoiceRepository(uow.session).recent_rows(actor.shop_id, limit, number, text)
            return [invoice_row(r) for r in rows]

        return self._read(work)

    def ready_to_invoice(self, actor: Actor) -> list[ReadyWorkOrder]:
        """Completed work orders and posted counter sales, each waiting for its invoice."""
        require(actor, Action.VIEW_INVOICES)

        def work(uow: UnitOfWork) -> list[ReadyWorkOrder]:
            repo = InvoiceRepository(uow.session)
            out = [
                ReadyWorkOrder(
                    r.id,
                    r.number,
                    display_name(r.first_name, r.last_name, r.company_name, r.kind),
                    describe_vehicle(r.year, r.make, r.model),
                    r.completed_at,
                    Decimal(int(r.deposit_cents)) / 100,
                )
                for r in repo.ready_work_orders(actor.shop_id)
            ]
            out += [
                ReadyWorkOrder(
                    t.id,
                    t.number,
                    t.customer_name or "Walk-in",
                    "Counter sale",
                    t.posted_at,
                    ZERO,
                    "counter_ticket",
                )
                for t in repo.ready_counter_tickets(actor.shop_id)
            ]
            return out

        return self._read(work)

    def settings(self, actor: Actor) -> InvoicingSettings:
        require(actor, Action.VIEW_INVOICES)
        return self._read(lambda uow: invoicing_settings(uow, actor.shop_id))

    def save_settings(self, actor: Actor, settings: InvoicingSettings) -> InvoicingSettings:
        require(actor, Action.MANAGE_SETTINGS)
        check_cash_step(settings.cash_rounding_step)
        footer = checked_text(settings.footer, "footer", 2000)
        try:
            logo = base64.b64decode(settings.logo, validate=True) if settings.logo else b""
        except (binascii.Error, ValueError):
            raise ValidationError({"logo": "is not an image BayDesk can read"}) from None
        check_logo(logo)
        clean = InvoicingSettings(settings.cash_rounding_step, footer, settings.logo)

        def work(uow: UnitOfWork) -> InvoicingSettings:
            before = _settings_audit(invoicing_settings(uow, actor.shop_id))
            uow.shops.set_setting(
                actor.shop_id, SETTINGS_KEY, json.dumps(asdict(clean), default=str, sort_keys=True)
            )
            uow.record(
                actor, actor.shop_id, "settings", SETTINGS_KEY, "update", before, _settings_audit(clean)
            )
            uow.commit()
            return clean

        return self._write(work)

    def record_print(self, actor: Actor, invoice_id: uuid.UUID, document: str = "invoice") -> InvoiceView:
        """Count a print or a saved PDF of the invoice or of its receipt; the view says if it is a copy.

        The invoice and the receipt are counted apart: the receipt handed over
        after the payment is the customer's original even when the invoice was
        printed before. ``print_count`` and ``receipt_count`` in the view are
        the counts *before* this print: more than zero means a reprint, marked
        COPY.
        """
        require(actor, Action.VIEW_INVOICES)
        column = {"invoice": "print_count", "receipt": "receipt_count"}.get(document)
        if column is None:
            raise ValidationError({"document": "print an invoice or a receipt"})

        def work(uow: UnitOfWork) -> InvoiceView:
            repo = InvoiceRepository(uow.session)
            invoice = repo.get(actor.shop_id, invoice_id, for_update=True)
            if invoice is None:
                raise NotFoundError("That invoice does not exist.")
            view = read_invoice(uow, actor, invoice.id)
            before = getattr(invoice, column)
            setattr(invoice, column, before + 1)
            uow.record(
                actor, actor.shop_id, "invoices", invoice.id, "print", {column: before}, {column: before + 1}
            )
            uow.commit()
            return view

        return self._write(work)


def _settings_audit(settings: InvoicingSettings) -> dict[str, Any]:
    """The settings as the audit log keeps them: the logo by its size and digest, not its bytes."""
    fields = asdict(settings)
    if settings.logo:
        data = base64.b64decode(settings.logo)
        fields["logo"] = f"{len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()[:16]}"
    return fields
