"""The owner's price sheet, the customers' price levels and exemption certificates, the discount report.

The sheet is one shop setting; a change reaches documents priced after it
only: every posted invoice keeps the sheet it was priced with
(``invoice_pricing``), and a certificate that expires stops exempting from
its expiry day on.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from app.db.models_invoicing import Invoice
from app.db.models_pricing import InvoicePricing, PricingProfile, TaxExemptCertificate
from app.db.types import now_utc
from app.domain.contact import clean_text
from app.domain.errors import NotFoundError, ValidationError
from app.domain.money import from_cents
from app.domain.order_discounts import discount_people
from app.domain.permissions import Action, Actor, require
from app.domain.price_sheet import (
    ExemptCertificate,
    PriceLevel,
    PriceSheet,
    check_sheet,
    level_for,
    part_price,
    resolve_labor_rate,
)
from app.domain.ticket_pricing import read_snapshot
from app.services.base import Service
from app.services.uow import UnitOfWork

PRICE_SHEET_KEY = "price_sheet"
SUBJECT_KINDS = ("customer", "vehicle")


@dataclass(frozen=True)
class CertificateView:
    id: uuid.UUID
    customer_id: uuid.UUID
    number: str
    expires_on: date | None
    components: tuple[str, ...]


@dataclass(frozen=True)
class ProfileView:
    subject_kind: str
    subject_id: uuid.UUID
    price_level: str
    labor_rate: str


@dataclass(frozen=True)
class DiscountRow:
    """One discount given on a posted invoice: what, why and how much."""

    invoice_number: int
    business_date: date
    customer: str
    label: str
    reason: str
    amount: Decimal
    given_by: str = ""  # a job or ticket discount's giver
    approved_by: str = ""  # the owner who approved it above the giver's limit


def shop_sheet(uow: UnitOfWork, shop_id: uuid.UUID) -> PriceSheet | None:
    """The shop's price sheet; None while the owner has not entered one (the single-rate rules apply)."""
    text = uow.shops.setting(shop_id, PRICE_SHEET_KEY)
    return PriceSheet.from_json(text) if text else None


def certificate_for(
    uow: UnitOfWork, shop_id: uuid.UUID, customer_id: uuid.UUID | None
) -> ExemptCertificate | None:
    """The customer's newest active certificate (an expired one is returned too: the pricing warns)."""
    if customer_id is None:
        return None
    rows = _certificates(uow, shop_id, customer_id)
    if not rows:
        return None
    row = max(rows, key=lambda r: (r.expires_on is None, r.expires_on or date.min))
    return ExemptCertificate(row.number, row.expires_on, tuple(json.loads(row.components)))


def profile_of(
    uow: UnitOfWork, shop_id: uuid.UUID, kind: str, subject_id: uuid.UUID | None
) -> ProfileView | None:
    if subject_id is None:
        return None
    row = uow.session.get(PricingProfile, (shop_id, kind, subject_id))
    return None if row is None else ProfileView(kind, subject_id, row.price_level, row.labor_rate)


def _certificates(uow: UnitOfWork, shop_id: uuid.UUID, customer_id: uuid.UUID) -> list[TaxExemptCertificate]:
    query = select(TaxExemptCertificate).where(
        TaxExemptCertificate.shop_id == shop_id,
        TaxExemptCertificate.customer_id == customer_id,
        TaxExemptCertificate.active.is_(True),
    )
    return list(uow.session.scalars(query))


def _certificate_view(row: TaxExemptCertificate) -> CertificateView:
    return CertificateView(
        row.id, row.customer_id, row.number, row.expires_on, tuple(json.loads(row.components))
    )


class PriceSheetService(Service):
    def sheet(self, actor: Actor) -> PriceSheet | None:
        require(actor, Action.VIEW_WORK_ORDERS)
        return self._read(lambda uow: shop_sheet(uow, actor.shop_id))

    def save_sheet(self, actor: Actor, sheet: PriceSheet) -> PriceSheet:
        """Store the owner's sheet; documents priced from now on use it, posted ones never change."""
        require(actor, Action.MANAGE_SETTINGS)
        check_sheet(sheet)

        def work(uow: UnitOfWork) -> PriceSheet:
            if uow.shops.for_update(actor.shop_id) is None:
                raise NotFoundError("This shop does not exist.")
            before = uow.shops.setting(actor.shop_id, PRICE_SHEET_KEY)
            uow.shops.set_setting(actor.shop_id, PRICE_SHEET_KEY, sheet.to_json())
            uow.record(
                actor, actor.shop_id, "settings", PRICE_SHEET_KEY, "update",
                {"price_sheet": before}, {"price_sheet": sheet.to_json()},
            )  # fmt: skip
            uow.commit()
            return sheet

        return self._write(work)

    def set_profile(
        self, actor: Actor, subject_kind: str, subject_id: uuid.UUID, price_level: str, labor_rate: str = ""
    ) -> ProfileView:
        """A customer's (or a vehicle's) price level and labor rate; "" for the shop's default."""
        require(actor, Action.EDIT_CUSTOMERS)
        if subject_kind not in SUBJECT_KINDS:
            raise ValidationError({"subject_kind": "a customer or a vehicle"})

        def work(uow: UnitOfWork) -> ProfileView:
            sheet = shop_sheet(uow, actor.shop_id) or PriceSheet()
            if price_level and sheet.level(price_level) is None:
                raise ValidationError({"price_level": f"the price sheet has no level {price_level!r}"})
            if labor_rate:
                sheet.labor_rate(labor_rate)
            row = uow.session.get(PricingProfile, (actor.shop_id, subject_kind, subject_id))
            before = None if row is None else {"price_level": row.price_level, "labor_rate": row.labor_rate}
            if row is None:
                row = PricingProfile(shop_id=actor.shop_id, subject_kind=subject_kind, subject_id=subject_id)
                uow.session.add(row)
            row.price_level, row.labor_rate, row.updated_at = price_level, labor_rate, now_utc()
            after = {"price_level": price_level, "labor_rate": labor_rate}
            uow.record(actor, actor.shop_id, "pricing_profiles", subject_id, subject_kind, before, after)
            uow.commit()
            return ProfileView(subject_kind, subject_id, price_level, labor_rate)

        return self._write(work)

    def profile(self, actor: Actor, subject_kind: str, subject_id: uuid.UUID) -> ProfileView | None:
        require(actor, Action.VIEW_CUSTOMERS)
        return self._read(lambda uow: profile_of(uow, actor.shop_id, subject_kind, subject_id))

    def certificates(self, actor: Actor, customer_id: uuid.UUID) -> list[CertificateView]:
        require(actor, Action.VIEW_CUSTOMERS)
        return self._read(
            lambda uow: [_certificate_view(r) for r in _certificates(uow, actor.shop_id, customer_id)]
        )

    def add_certificate(
        self,
        actor: Actor,
        customer_id: uuid.UUID,
        number: str,
        expires_on: date | None,
        components: tuple[str, ...] = (),
    ) -> CertificateView:
        """Record a customer's tax-exempt certificate (all components, or the ones named)."""
        require(actor, Action.EDIT_CUSTOMERS)
        number = clean_text(number)
        if not number:
            raise ValidationError({"number": "the certificate's number is required"})

        def work(uow: UnitOfWork) -> CertificateView:
            if uow.customers.get(actor.shop_id, customer_id) is None:
                raise NotFoundError("That customer does not exist.")
            row = TaxExemptCertificate(
                id=uuid.uuid4(), shop_id=actor.shop_id, customer_id=customer_id, number=number,
                expires_on=expires_on, components=json.dumps(list(components)), active=True,
            )  # fmt: skip
            uow.session.add(row)
            uow.session.flush()
            after = {"number": number, "expires_on": expires_on, "components": list(components)}
            uow.record(actor, actor.shop_id, "tax_exempt_certificates", row.id, "add", None, after)
            uow.commit()
            return _certificate_view(row)

        return self._write(work)

    def withdraw_certificate(self, actor: Actor, certificate_id: uuid.UUID) -> None:
        require(actor, Action.EDIT_CUSTOMERS)

        def work(uow: UnitOfWork) -> None:
            row = uow.session.get(TaxExemptCertificate, certificate_id)
            if row is None or row.shop_id != actor.shop_id or not row.active:
                raise NotFoundError("That certificate was withdrawn already.")
            row.active = False
            uow.record(
                actor,
                actor.shop_id,
                "tax_exempt_certificates",
                row.id,
                "withdraw",
                None,
                {"number": row.number},
            )
            uow.commit()

        self._write(work)

    def discount_report(self, actor: Actor, start: date, end: date) -> list[DiscountRow]:
        """Every job and ticket discount and the line discounts, on invoices posted from ``start`` to ``end``."""
        require(actor, Action.VIEW_OWNER_REPORTS)
        if end < start:
            raise ValidationError({"end": "must not be before the start"})

        def read(uow: UnitOfWork) -> list[DiscountRow]:
            query = (
                select(Invoice, InvoicePricing)
                .join(InvoicePricing, InvoicePricing.invoice_id == Invoice.id)
                .where(Invoice.shop_id == actor.shop_id, Invoice.business_date.between(start, end))
                .where(InvoicePricing.discount_total > 0)
                .order_by(Invoice.number)
            )
            rows: list[DiscountRow] = []
            for invoice, pricing in uow.session.execute(query):
                stored = read_snapshot(pricing.snapshot)
                people = discount_people(pricing.snapshot)
                for i, d in enumerate(stored.discounts):
                    given, approved = people[i] if i < len(people) else ("", "")
                    rows.append(_row(invoice, d.label, d.reason, d.amount, given, approved))
                line_total = from_cents(pricing.discount_total) - sum(
                    (d.amount for d in stored.discounts), Decimal(0)
                )
                if line_total:
                    rows.append(_row(invoice, "Line discounts", "on the lines", line_total))
            return rows

        return self._read(read)


def _row(
    invoice: Invoice, label: str, reason: str, amount: Decimal, given: str = "", approved: str = ""
) -> DiscountRow:
    return DiscountRow(
        invoice.number, invoice.business_date, invoice.customer_name, label, reason, amount, given, approved
    )


@dataclass(frozen=True)
class PricingTerms:
    """How a work order's customer and vehicle are priced by the sheet (None: no sheet)."""

    sheet: PriceSheet | None
    level: PriceLevel | None = None
    labor_rate: Decimal | None = None  # the default rate of a labor line typed without a price
    labor_rate_code: str = ""  # the sheet's code of that rate, which the line snapshots

    def part_price(self, list_price: Decimal, unit_cost: Decimal) -> Decimal:
        return part_price(list_price, unit_cost, self.level)

    def discount_needs_owner(self, role: str, percent: Decimal) -> bool:
        return self.sheet is not None and percent > self.sheet.discount_limit(role)


def pricing_terms(
    uow: UnitOfWork,
    shop_id: uuid.UUID,
    customer_id: uuid.UUID | None,
    vehicle_id: uuid.UUID | None,
    job_type: str = "",
) -> PricingTerms:
    """The level (the vehicle's, else the customer's) and the labor rate (job type, customer, level, shop)."""
    sheet = shop_sheet(uow, shop_id)
    if sheet is None:
        return PricingTerms(None)
    customer = profile_of(uow, shop_id, "customer", customer_id)
    vehicle = profile_of(uow, shop_id, "vehicle", vehicle_id)
    level = level_for(sheet, customer.price_level if customer else "", vehicle.price_level if vehicle else "")
    if not sheet.labor_rates:
        return PricingTerms(sheet, level)
    customer_rate = customer.labor_rate if customer else ""
    chosen = resolve_labor_rate(sheet, job_type=job_type, customer_rate=customer_rate, level=level)
    return PricingTerms(sheet, level, chosen.rate, chosen.code)
