"""Read models for work orders, estimates and their lists."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from app.domain.errors import ValidationError
from app.domain.invoices import SourceLine
from app.domain.locale import AMERICAN, ShopLocale
from app.domain.price_sheet import PriceSheet
from app.domain.sheet_invoices import estimate_totals
from app.domain.ticket_pricing import Discount, DiscountKind, DocumentDiscount
from app.domain.totals import LineKind, PricedLine, PricingRules, compute_totals


@dataclass(frozen=True)
class TotalsView:
    labor: Decimal
    parts: Decimal
    fees: Decimal
    sublet: Decimal
    cores: Decimal
    shop_supplies: Decimal
    shop_supplies_label: str
    discount: Decimal
    tax: Decimal
    total: Decimal


@dataclass(frozen=True)
class LineView:
    id: uuid.UUID
    job_id: uuid.UUID
    kind: str
    description: str
    part_number: str
    condition: str
    quantity: Decimal
    unit_price: Decimal
    unit_cost: Decimal
    taxable: bool
    discount_percent: Decimal
    core_charge: Decimal
    vendor: str
    amount: Decimal  # the printed line amount (after discount)
    part_id: uuid.UUID | None = None  # the catalog part; None on a part typed by hand
    allocated: Decimal = Decimal("0")  # units of the part off the shelf for this line
    labor_rate_code: str = ""  # the price sheet's rate a labor line was priced at; "" typed by hand

    @property
    def non_stock(self) -> bool:
        """A part typed by hand: not in the catalog, so stock never moves for it."""
        return self.kind == "part" and self.part_id is None

    @property
    def stock_text(self) -> str:
        """What the estimate shows of a part's stock: non-stock, or how much left the shelf."""
        if self.kind != "part":
            return ""
        if self.part_id is None:
            return "Non-stock"
        if not self.allocated:
            return "Not allocated"
        if self.allocated >= self.quantity:
            return "Allocated"
        return (
            f"Allocated {format(self.allocated.normalize(), 'f')} of {format(self.quantity.normalize(), 'f')}"
        )


@dataclass(frozen=True)
class LaborRateView:
    """The rate a labor line typed without a price is saved at on a job: the job type's, the
    customer's, the price level's or the shop's by the price sheet, else the work order's own."""

    rate: Decimal
    name: str = ""  # the price sheet's name of the rate ("Diagnostic"); "" for the work order's rate


@dataclass(frozen=True)
class JobView:
    id: uuid.UUID
    position: int
    title: str
    concern: str
    cause: str
    correction: str
    technician_id: uuid.UUID | None
    technician_name: str
    decision: str  # pending / approved / declined
    changed_since_authorized: bool
    lines: tuple[LineView, ...]
    subtotal: Decimal
    reminder_months: int | None = None  # the interval a completed job restarts
    reminder_miles: int | None = None
    job_type: str = ""  # the price sheet's job type; "" for the shop's default rate


@dataclass(frozen=True)
class AuthorizationView:
    at: datetime
    authorized_by: str
    relation: str
    method: str
    phone_called: str
    taken_by: str
    amount: Decimal
    previous_amount: Decimal
    approved_jobs: tuple[str, ...]
    declined_jobs: tuple[str, ...]
    note: str

    @property
    def difference(self) -> Decimal:
        return self.amount - self.previous_amount


@dataclass(frozen=True)
class OrderDiscountView:
    """A job or ticket discount as the editor lists it under the totals."""

    job_id: uuid.UUID | None  # None: the whole ticket
    label: str  # "Ticket" or the job's title
    kind: str  # percent / amount
    value: Decimal
    reason: str
    amount: Decimal  # what it takes off the estimate now
    given_by: str
    approved_by: str  # the owner who approved it above the giver's limit, else ""
    note: str = ""  # why it takes nothing off now (a declined job, lines changed since)


@dataclass(frozen=True)
class WorkOrderView:
    id: uuid.UUID
    number: int
    status: str
    status_label: str
    hold_reason: str
    customer_id: uuid.UUID
    customer_name: str
    customer_phone: str
    customer_address: str
    vehicle_id: uuid.UUID
    vehicle: str
    vin: str
    plate: str
    odometer_in: int | None
    odometer_out: int | None
    promised_at: datetime | None
    notes: str
    tax_rate: Decimal
    rounding: str
    labor_rate: Decimal
    tax_exempt_number: str
    jobs: tuple[JobView, ...]
    totals: TotalsView  # every job not declined
    approved_totals: TotalsView  # what the customer has approved
    authorized_total: Decimal | None
    needs_reauthorization: bool
    authorizations: tuple[AuthorizationView, ...]
    allowed_statuses: tuple[str, ...]
    version: int
    created_at: datetime
    updated_at: datetime
    shop_name: str
    shop_address: str
    shop_phone: str
    timezone: str
    rules: PricingRules | None = None  # the pricing the order snapshotted (tax, rounding, fees)
    shop_locale: ShopLocale = AMERICAN  # its currency is the work order's own
    # priced by the price sheet: each tax component of the work not declined, (label, amount)
    tax_components: tuple[tuple[str, Decimal], ...] = ()
    discounts: tuple[OrderDiscountView, ...] = ()  # job and ticket discounts (price sheet only)
    price_sheet: PriceSheet | None = None  # the sheet the estimate was priced by, if any

    def amount_if_decided(self, decisions: dict[uuid.UUID, str]) -> Decimal:
        """What an authorization with these decisions ("approve"/"decline" per job id) records:
        the approved jobs with their tax and fees, computed as the service computes it."""
        if self.rules is None:
            return self.approved_totals.total
        approved = {
            job.id
            for job in self.jobs
            if decisions.get(job.id, "approve" if job.decision == "approved" else "") == "approve"
        }
        if self.price_sheet is not None:
            return self._by_sheet(self.price_sheet, approved)
        lines = [
            PricedLine(
                LineKind(line.kind),
                line.quantity,
                line.unit_price,
                line.taxable,
                line.discount_percent,
                line.core_charge,
            )
            for job in self.jobs
            if job.id in approved
            for line in job.lines
        ]
        return compute_totals(lines, self.rules, tax_exempt=bool(self.tax_exempt_number)).total

    def _by_sheet(self, sheet: PriceSheet, approved: set[uuid.UUID]) -> Decimal:
        """The approved jobs priced by the estimate's sheet, less their job and ticket discounts."""
        index = {job.id: i for i, job in enumerate(j for j in self.jobs if j.id in approved)}
        sources = [
            SourceLine(
                LineKind(ln.kind),
                ln.description,
                ln.quantity,
                ln.unit_price,
                ln.taxable,
                unit_cost=ln.unit_cost,
                discount_percent=ln.discount_percent,
                core_charge=ln.core_charge,
                job=index[job.id],
            )
            for job in self.jobs
            if job.id in index
            for ln in job.lines
        ]
        applied = sorted(
            (
                DocumentDiscount(
                    Discount(DiscountKind(d.kind), d.value, d.reason),
                    None if d.job_id is None else index[d.job_id],
                )
                for d in self.discounts
                if d.job_id is None or d.job_id in index
            ),
            key=lambda d: d.job is None,  # job discounts first, as the service applies them
        )
        exempt = self.tax_exempt_number
        try:
            return estimate_totals(
                sources, sheet, day=date.today(), exempt_number=exempt, discounts=applied
            ).total
        except ValidationError:  # as the service: a discount the lines no longer allow takes nothing off
            return estimate_totals(sources, sheet, day=date.today(), exempt_number=exempt).total

    @property
    def reauthorization_difference(self) -> Decimal:
        return self.approved_or_pending_total - (self.authorized_total or Decimal("0"))

    @property
    def approved_or_pending_total(self) -> Decimal:
        return self.totals.total


@dataclass(frozen=True)
class WorkOrderRow:
    """One line of the open work orders list."""

    id: uuid.UUID
    number: int
    status: str
    status_label: str
    hold_reason: str
    customer: str
    vehicle: str
    plate: str
    technician: str
    promised_at: datetime | None
    created_at: datetime
    late: bool
    needs_reauthorization: bool


@dataclass(frozen=True)
class WorkOrderList:
    rows: tuple[WorkOrderRow, ...]
    counts: dict[str, int]


@dataclass(frozen=True)
class HistoryJob:
    title: str
    decision: str
    subtotal: Decimal


@dataclass(frozen=True)
class HistoryEntry:
    work_order_id: uuid.UUID
    number: int
    created_at: datetime
    status_label: str
    odometer_in: int | None
    total: Decimal
    jobs: tuple[HistoryJob, ...]


@dataclass(frozen=True)
class DeclinedJob:
    job_id: uuid.UUID
    work_order_number: int
    declined_on: datetime
    title: str
    concern: str
    subtotal: Decimal


@dataclass(frozen=True)
class CannedJobView:
    id: uuid.UUID
    name: str
    concern: str
    lines: tuple[dict[str, Any], ...]
    reminder_months: int | None
    reminder_miles: int | None
    job_type: str = ""  # the job type the canned job brings onto the estimate


@dataclass(frozen=True)
class TechnicianView:
    id: uuid.UUID
    name: str


@dataclass(frozen=True)
class ReminderView:
    id: uuid.UUID
    vehicle_id: uuid.UUID
    vehicle: str
    plate: str
    title: str
    due_date: date | None
    due_miles: int | None
    odometer: int | None
    overdue: bool
