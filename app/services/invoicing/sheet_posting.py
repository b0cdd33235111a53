"""Posting by the shop's price sheet: the draft priced by the sheet, and its snapshot kept for good.

When the owner has entered a price sheet, an invoice is priced by it (tax
components, fees, the customer's certificate) instead of the single tax rate;
``invoice_pricing`` then holds the sheet and every printed figure, written once
in the posting transaction, so a later change to the sheet changes nothing
already posted.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from app.db.models_pricing import InvoicePricing
from app.domain.errors import ValidationError
from app.domain.invoices import Draft, SourceLine
from app.domain.money import to_cents
from app.domain.permissions import Actor
from app.domain.price_sheet import ExemptCertificate, PriceSheet
from app.domain.sheet_invoices import build_invoice_by_sheet
from app.domain.ticket_pricing import PricedTicket, negated_snapshot, read_snapshot, snapshot
from app.repositories.parts import PartsRepository
from app.services.settings.price_sheet import certificate_for, shop_sheet
from app.services.uow import UnitOfWork


class SheetPricing:
    """A draft priced by the sheet, with what its snapshot needs."""

    def __init__(
        self, draft: Draft, ticket: PricedTicket, sheet: PriceSheet, certificate: ExemptCertificate | None
    ):
        self.draft, self.ticket, self.sheet, self.certificate = draft, ticket, sheet, certificate

    @property
    def exempt_number(self) -> str:
        """The certificate's number when it exempted something on this document."""
        if self.certificate is None or not any(t.exempt for t in self.ticket.taxes):
            return ""
        return self.certificate.number


def price_by_sheet(
    uow: UnitOfWork,
    actor: Actor,
    sources: Sequence[SourceLine],
    customer_id: uuid.UUID | None,
    day: date,
    cash_step: Decimal,
    snapshot_text: str | None = None,
) -> SheetPricing | None:
    """The draft by the sheet the estimate snapshotted (``snapshot_text``), else by the shop's sheet;
    None when there is none (the single-rate rules apply)."""
    sheet = PriceSheet.from_json(snapshot_text) if snapshot_text else shop_sheet(uow, actor.shop_id)
    if sheet is None:
        return None
    parts = PartsRepository(uow.session)
    categories: dict[int, str] = {}
    for i, source in enumerate(sources):
        if source.part_id is not None:
            part = parts.part(actor.shop_id, source.part_id)
            categories[i] = part.category if part is not None else ""
    certificate = certificate_for(uow, actor.shop_id, customer_id)
    draft, ticket = build_invoice_by_sheet(
        sources, sheet, day=day, categories=categories, certificate=certificate, cash_step=cash_step
    )
    return SheetPricing(draft, ticket, sheet, certificate)


def keep_snapshot(
    uow: UnitOfWork, actor: Actor, invoice_id: uuid.UUID, pricing: SheetPricing
) -> dict[str, Any]:
    """Write the invoice's pricing snapshot (append-only) in the posting transaction; returns what
    the document prints of it (as :func:`stored_pricing_fields` reads it back)."""
    text = snapshot(pricing.ticket, pricing.sheet)
    uow.session.add(
        InvoicePricing(
            invoice_id=invoice_id,
            shop_id=actor.shop_id,
            snapshot=text,
            discount_total=to_cents(pricing.ticket.discount),
        )
    )
    uow.session.flush()
    return pricing_fields(text)


def stored_pricing_fields(uow: UnitOfWork, invoice_id: uuid.UUID) -> dict[str, Any]:
    """The tax components and discount notes an invoice printed, from its snapshot (none: {})."""
    row = uow.session.get(InvoicePricing, invoice_id)
    if row is None:
        return {}
    return pricing_fields(row.snapshot)


def pricing_fields(snapshot_text: str) -> dict[str, Any]:
    """The tax components and discount notes a pricing snapshot prints."""
    stored = read_snapshot(snapshot_text)
    components = tuple((p.label, p.amount) for p in stored.printed if p.category == "tax")
    notes = tuple(f"{d.label}: {d.reason}" for d in stored.discounts)
    return {"tax_components": components, "pricing_notes": notes}


def credit_snapshot(
    uow: UnitOfWork, actor: Actor, invoice_id: uuid.UUID, credit_id: uuid.UUID, whole: bool
) -> None:
    """A credit note of an invoice priced by the sheet prints its components turned, to net it to zero.

    Only the whole invoice (or all that is left of it) is credited that way: a
    part of it would need the caps and fees of the sheet shared out, which a
    credit note does not guess; refused with what to do instead.
    """
    row = uow.session.get(InvoicePricing, invoice_id)
    if row is None:
        return
    if not whole:
        raise ValidationError(
            {
                "credit": "this invoice was priced by the price sheet: credit the whole invoice, then invoice again"
            }
        )
    uow.session.add(
        InvoicePricing(
            invoice_id=credit_id,
            shop_id=actor.shop_id,
            snapshot=negated_snapshot(row.snapshot),
            discount_total=-row.discount_total,
        )
    )
