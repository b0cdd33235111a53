"""The demo history's money: an invoice for every invoiced work order, its payment and the cash drawers.

Written in bulk like the work orders, but as the services would have written
them. Each invoice is laid out by ``app.domain.invoices.build_invoice`` from
the order's approved jobs and lines, with labor costed at its technician's
rate (as posting does), numbered from the shop's invoice counter in the order
of posting, and posted a little after the work was completed, on the business
day of that moment. It is paid that day: by card, by check, or in cash into
that day's drawer on the front desk, which is counted and closed in the
evening. What each business day adds up to is kept (``DayBook``) for the day
closes (``history_closes``).

The audit entries the services would have written for each of these are not
made: the load's one audit entry records the history, as it does for the work
orders themselves, and the audit chain starts from there.
"""

from __future__ import annotations

import heapq
import json
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_UP, Decimal
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from app.db.models_day import CashDrawerSession
from app.db.models_invoicing import Invoice, InvoiceJob, InvoiceLine, Payment
from app.demo.work_orders import History
from app.domain.end_of_day import Sales
from app.domain.invoices import Category, Draft, SourceLine, build_invoice
from app.domain.money import from_thousandths, to_thousandths
from app.domain.pricing import fee_rule_to_json
from app.domain.totals import LineKind, PricingRules
from app.repositories.parts import bulk_insert
from app.services.invoicing.documents import describe_fee_rule

OPENING_FLOAT = Decimal("200.00")
THOUSAND = Decimal(1000)
ZERO = Decimal("0.00")
CARD_BRANDS = ("Visa", "Mastercard", "American Express", "Discover")


@dataclass(frozen=True)
class Party:
    """What an invoice snapshots of the customer and the vehicle."""

    name: str
    address: str
    phone: str
    email: str


@dataclass(frozen=True)
class Vehicle:
    description: str
    vin: str
    plate: str


@dataclass(frozen=True)
class Till:
    """Who posts the history and takes its money, on which terminal; the technicians' names and rates."""

    shop_id: uuid.UUID
    desk_id: uuid.UUID
    owner_id: uuid.UUID
    terminal_id: uuid.UUID
    terminal: str
    desk_name: str
    technicians: dict[uuid.UUID, str]
    cost_rates: dict[uuid.UUID, Decimal]


@dataclass
class DayBook:
    """One business day of the history, summed as the day's figures are."""

    day: date
    invoices: Sales = field(default_factory=Sales)
    work_orders: set[uuid.UUID] = field(default_factory=set)
    ro_subtotal: Decimal = ZERO
    ro_total: Decimal = ZERO
    payments: dict[str, tuple[int, Decimal]] = field(default_factory=dict)
    posted: list[tuple[datetime, int, Decimal]] = field(default_factory=list)
    billed: dict[uuid.UUID | None, Decimal] = field(default_factory=dict)
    first_number: int | None = None
    last_number: int | None = None
    drawer: dict[str, Any] | None = None


@dataclass
class Rows:
    """Rows to insert, table by table, in an order the foreign keys accept."""

    invoices: list[dict[str, Any]] = field(default_factory=list)
    jobs: list[dict[str, Any]] = field(default_factory=list)
    lines: list[dict[str, Any]] = field(default_factory=list)
    drawers: list[dict[str, Any]] = field(default_factory=list)
    payments: list[dict[str, Any]] = field(default_factory=list)

    def insert(self, session: Session) -> None:
        for model, rows in (
            (Invoice, self.invoices),
            (InvoiceJob, self.jobs),
            (InvoiceLine, self.lines),
            (CashDrawerSession, self.drawers),
            (Payment, self.payments),
        ):
            bulk_insert(session, model, [with_defaults(model, row) for row in rows])


def with_defaults(model: type, row: dict[str, Any]) -> dict[str, Any]:
    """Every column of the table: the row's values, the column's scalar default for the rest (else NULL)."""
    return {**_defaults(model), **row}


@lru_cache(maxsize=8)
def _defaults(model: type) -> dict[str, Any]:
    out = {}
    for column in model.__table__.columns:  # type: ignore[attr-defined]
        default = column.default
        out[column.key] = default.arg if default is not None and default.is_scalar else None
    return out


class InvoiceBook:
    """Turns the history's invoiced orders into invoices and payments, in the order they were posted.

    Orders arrive in the order they were opened; each is posted some hours
    after it was opened, so they wait in a heap until no order still to come
    can have been posted earlier (the opening time of the latest order seen).
    """

    def __init__(
        self,
        rng: random.Random,
        till: Till,
        rules: PricingRules,
        parties: dict[uuid.UUID, Party],
        cars: dict[uuid.UUID, Vehicle],
        zone: ZoneInfo,
        now: datetime,
    ) -> None:
        self.rng, self.till, self.rules, self.zone, self.now = rng, till, rules, zone, now
        self.supplies_rule = describe_fee_rule(json.loads(fee_rule_to_json(rules.fee_rule)))
        self.parties, self.cars = parties, cars
        self.today = now.astimezone(zone).date()
        self.number = 0
        self.days: dict[date, DayBook] = {}
        self._heap: list[tuple[datetime, int, dict[str, Any], list[tuple[dict[str, Any], list[Any]]]]] = []
        self._seen = 0
        self._open_day: DayBook | None = None
        self._held: list[dict[str, Any]] = []  # the open day's cash payments, until its drawer is written

    def take(self, history: History) -> Rows:
        """Queue the batch's invoiced orders; the rows of every invoice posted before the batch's last order."""
        jobs_of: dict[uuid.UUID, list[dict[str, Any]]] = {}
        for job in history.jobs:
            if job["decision"] == "approved":
                jobs_of.setdefault(job["work_order_id"], []).append(job)
        lines_of: dict[uuid.UUID, list[dict[str, Any]]] = {}
        for line in history.lines:
            lines_of.setdefault(line["job_id"], []).append(line)
        for order in history.orders:
            if order["status"] != "invoiced":
                continue
            jobs = [(job, lines_of.get(job["id"], [])) for job in jobs_of.get(order["id"], [])]
            posted = min(order["completed_at"] + timedelta(minutes=self.rng.randint(10, 150)), self.now)
            self._seen += 1
            heapq.heappush(self._heap, (posted, self._seen, order, jobs))
        watermark = history.orders[-1]["created_at"] if history.orders else self.now
        return self._post_until(watermark)

    def finish(self) -> Rows:
        """Everything still queued, and the last day's drawer."""
        rows = self._post_until(None)
        self._close_open_day(rows)
        return rows

    def _post_until(self, watermark: datetime | None) -> Rows:
        rows = Rows()
        while self._heap and (watermark is None or self._heap[0][0] < watermark):
            posted, _seq, order, jobs = heapq.heappop(self._heap)
            self._post(rows, order, jobs, posted)
        return rows

    def _post(
        self,
        rows: Rows,
        order: dict[str, Any],
        jobs: list[tuple[dict[str, Any], list[dict[str, Any]]]],
        posted: datetime,
    ) -> None:
        day = posted.astimezone(self.zone).date()
        book = self._day(rows, day)
        self.number += 1
        draft = build_invoice(
            list(self._sources(jobs)), self.rules, tax_exempt=bool(order["tax_exempt_number"])
        )
        invoice = self._invoice(order, draft, posted, day)
        rows.invoices.append(invoice)
        job_ids = self._jobs(rows, invoice["id"], jobs)
        for position, line in enumerate(draft.lines, start=1):
            rows.lines.append(self._line(invoice, line, position, job_ids))
        self._count(book, invoice, draft)
        rows.payments.extend(self._payments(book, invoice, order, posted))

    def _sources(self, jobs: list[tuple[dict[str, Any], list[dict[str, Any]]]]) -> Iterator[SourceLine]:
        """The approved jobs' lines as posting reads them, labor at its technician's cost rate."""
        rates = self.till.cost_rates
        for index, (job, lines) in enumerate(jobs):
            technician = job["technician_id"]
            for line in sorted(lines, key=lambda ln: ln["position"]):
                labor = line["kind"] == LineKind.LABOR.value
                yield SourceLine(
                    kind=LineKind(line["kind"]),
                    description=line["description"],
                    quantity=from_thousandths(line["quantity"]),
                    unit_price=line["unit_price"],
                    taxable=line["taxable"],
                    unit_cost=rates[technician] if labor and technician in rates else line["unit_cost"],
                    discount_percent=line["discount_percent"] * 100,
                    core_charge=line["core_charge"],
                    part_number=line["part_number"],
                    condition=line["condition"],
                    vendor=line["vendor"],
                    job=index,
                    technician_id=technician if labor else None,
                    source_id=line["id"],
                )

    def _invoice(self, order: dict[str, Any], draft: Draft, posted: datetime, day: date) -> dict[str, Any]:
        party, car = self.parties[order["customer_id"]], self.cars[order["vehicle_id"]]
        t = draft.totals
        return {
            "id": uuid.uuid4(),
            "shop_id": self.till.shop_id,
            "kind": "invoice",
            "number": self.number,
            "work_order_id": order["id"],
            "customer_id": order["customer_id"],
            "vehicle_id": order["vehicle_id"],
            "customer_name": party.name,
            "customer_address": party.address,
            "customer_phone": party.phone,
            "customer_email": party.email,
            "vehicle_description": car.description,
            "vin": car.vin,
            "plate": car.plate,
            "odometer_in": order["odometer_in"],
            "odometer_out": order["odometer_out"],
            "tax_exempt_number": order["tax_exempt_number"],
            "business_date": day,
            "posted_at": posted,
            "posted_by": self.till.desk_id if self.number % 4 else self.till.owner_id,
            "terminal_id": self.till.terminal_id,
            "tax_rate": order["tax_rate"],
            "rounding": order["rounding"],
            "decimals": self.rules.decimals,
            "fee_rule": order["fee_rule"],
            "labor_rate": order["labor_rate"],
            "cash_rounding_step": ZERO,
            **{name: getattr(t, name) for name in _MONEY},
            "billed_hours": to_thousandths(t.billed_hours),
            "print_count": 1,
        }

    def _jobs(
        self, rows: Rows, invoice_id: uuid.UUID, jobs: list[tuple[dict[str, Any], list[dict[str, Any]]]]
    ) -> list[uuid.UUID]:
        ids = []
        for position, (job, _lines) in enumerate(jobs, start=1):
            technician = job["technician_id"]
            row = {
                "id": uuid.uuid4(),
                "shop_id": self.till.shop_id,
                "invoice_id": invoice_id,
                "position": position,
                "title": job["title"],
                "concern": job["concern"],
                "cause": job["cause"],
                "correction": job["correction"],
                "technician_id": technician,
                "technician_name": self.till.technicians.get(technician, "") if technician else "",
                "source_job_id": job["id"],
            }
            rows.jobs.append(row)
            ids.append(row["id"])
        return ids

    def _line(
        self, invoice: dict[str, Any], line: Any, position: int, job_ids: list[uuid.UUID]
    ) -> dict[str, Any]:
        """A printed line, as ``app.services.invoicing.documents.add_lines`` writes it."""
        rate = Decimal("0") if invoice["tax_exempt_number"] else invoice["tax_rate"]
        return {
            "id": uuid.uuid4(),
            "shop_id": self.till.shop_id,
            "invoice_id": invoice["id"],
            "invoice_job_id": job_ids[line.job] if line.job is not None else None,
            "position": position,
            "category": line.category,
            "description": line.description,
            "part_number": line.part_number,
            "condition": line.condition,
            "quantity": to_thousandths(line.quantity),
            "unit_price": line.unit_price,
            "unit_cost": line.unit_cost,
            "discount_percent": line.discount_percent / 100,
            "discount_amount": line.discount_amount,
            "core_charge": line.core_charge,
            "core_amount": line.core_amount,
            "amount": line.amount,
            "cost_amount": line.cost_amount,
            "taxable": line.taxable,
            "tax_rate": rate if line.taxable else Decimal("0"),
            "tax": line.tax,
            "fee_rule": self.supplies_rule if line.category == Category.SHOP_SUPPLIES else "",
            "rounding": invoice["rounding"],
            "technician_id": line.technician_id,
            "billed_hours": to_thousandths(line.billed_hours),
            "vendor": line.vendor,
            "source_line_id": line.source_id,
        }

    def _count(self, book: DayBook, invoice: dict[str, Any], draft: Draft) -> None:
        """Add the invoice to its day as the day's figures read it back from the tables."""
        values = {name: invoice[name] for name in _SALES}
        hours = Decimal(invoice["billed_hours"]) / THOUSAND
        book.invoices = book.invoices.plus(Sales(count=1, billed_hours=hours, **values))
        book.work_orders.add(invoice["work_order_id"])
        book.ro_total += invoice["total"]
        book.ro_subtotal += invoice["total"] - invoice["tax"] - invoice["cash_rounding"]
        book.posted.append((invoice["posted_at"], 1, invoice["total"]))
        for line in draft.lines:
            if line.category == Category.LABOR:
                key = line.technician_id
                book.billed[key] = book.billed.get(key, Decimal("0.000")) + line.billed_hours
        book.first_number = book.first_number or invoice["number"]
        book.last_number = invoice["number"]

    def _payments(
        self, book: DayBook, invoice: dict[str, Any], order: dict[str, Any], posted: datetime
    ) -> list[dict[str, Any]]:
        """Paid in full a few minutes after posting; cash goes into the day's drawer (written with it)."""
        method = self._method(order, book.day)
        amount: Decimal = invoice["total"]
        row: dict[str, Any] = {
            "id": uuid.uuid4(),
            "shop_id": self.till.shop_id,
            "invoice_id": invoice["id"],
            "work_order_id": order["id"],
            "customer_id": order["customer_id"],
            "group_id": uuid.uuid4(),
            "kind": "payment",
            "method": method,
            "amount": amount,
            "terminal_id": self.till.terminal_id,
            "user_id": invoice["posted_by"],
            "business_date": book.day,
            "received_at": min(posted + timedelta(minutes=self.rng.randint(1, 6)), self.now),
        }
        count, total = book.payments.get(method, (0, ZERO))
        book.payments[method] = (count + 1, total + amount)
        if method == "card":
            row |= {
                "card_brand": CARD_BRANDS[invoice["number"] % len(CARD_BRANDS)],
                "card_last4": f"{(4242 + 1111 * invoice['number']) % 10_000:04d}",
                "processor_reference": f"AUTH {700_000 + invoice['number'] * 37:06d}",
            }
            return [row]
        if method == "check":
            return [row | {"check_number": str(1000 + invoice["number"] % 9000)}]
        handed = (amount / 20).to_integral_value(rounding=ROUND_UP) * 20
        self._held.append(row | {"tendered": handed, "change_given": handed - amount})
        return []

    def _method(self, order: dict[str, Any], day: date) -> str:
        """Fleets pay by check or card; people by card, cash or check. No cash on today's open business day."""
        roll = self.rng.random()
        if order["tax_exempt_number"]:
            return "check" if roll < 0.7 else "card"
        method = "card" if roll < 0.6 else "cash" if roll < 0.9 else "check"
        return "card" if method == "cash" and day >= self.today else method

    def _day(self, rows: Rows, day: date) -> DayBook:
        """The business day an invoice goes into; a day left behind has its drawer counted and closed."""
        if self._open_day is not None and self._open_day.day != day:
            self._close_open_day(rows)
        if self._open_day is None:
            self._open_day = self.days.setdefault(day, DayBook(day))
        return self._open_day

    def _close_open_day(self, rows: Rows) -> None:
        book, held = self._open_day, self._held
        self._open_day, self._held = None, []
        if book is None or not held:
            return
        drawer = self._drawer(book.day, held)
        book.drawer = drawer
        rows.drawers.append(drawer)
        rows.payments.extend(p | {"drawer_id": drawer["id"]} for p in held)

    def _drawer(self, day: date, cash: list[dict[str, Any]]) -> dict[str, Any]:
        """The front desk's drawer of one day: opened in the morning, counted and closed in the evening."""
        taken = sum((p["amount"] for p in cash), ZERO)
        expected = OPENING_FLOAT + taken
        short = Decimal(self.rng.choice((1, 5, 10))) if self.rng.random() < 0.04 else ZERO
        counted = expected - short
        first = min(p["received_at"] for p in cash)
        last = max(p["received_at"] for p in cash)
        opened = min(datetime.combine(day, time(7, 45), self.zone), first - timedelta(minutes=5))
        counted_at = max(datetime.combine(day, time(18, 0), self.zone), last + timedelta(minutes=5))
        return {
            "id": uuid.uuid4(),
            "shop_id": self.till.shop_id,
            "terminal_id": self.till.terminal_id,
            "business_date": day,
            "status": "closed",
            "opening_float": OPENING_FLOAT,
            "opened_by": self.till.desk_id,
            "opened_at": opened,
            "counted": counted,
            "expected": expected,
            "cash_taken": taken,
            "paid_in": ZERO,
            "paid_out": ZERO,
            "over_short": counted - expected,
            "counted_by": self.till.desk_id,
            "counted_at": counted_at,
            "over_short_reason": "Gave change from a twenty twice" if short else "",
            "deposit": counted - OPENING_FLOAT,
            "closed_by": self.till.desk_id,
            "closed_at": counted_at + timedelta(minutes=3),
        }


_SALES = (
    "labor",
    "parts",
    "fees",
    "sublet",
    "cores",
    "discount",
    "tax",
    "cash_rounding",
    "total",
    "parts_cost",
    "labor_cost",
    "sublet_cost",
)
_MONEY = (*_SALES, "shop_supplies", "taxable_base")
