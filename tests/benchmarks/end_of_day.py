"""End-of-day benchmarks, on a business day of 1,000 invoices added to the demo shop.

- ``end-of-day figures``: ``DayCloseService.figures`` (permission, unit of work,
  every aggregate of the day, KPIs, the read model) against the same
  aggregates in hand-written SQL on a raw DB-API connection. Before timing,
  the floor's sums are checked to equal the service's.
- ``end-of-day report``: the figures and the PDF with its four charts
  (``DayCloseService.figures`` rendered by ``render_end_of_day``), against the raw SQL plus a bare ReportLab
  document holding the same tables as plain strings (and no charts). Goal:
  under 2 s.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from io import BytesIO
from typing import Any

from sqlalchemy import insert

from app.db.models_invoicing import Invoice, InvoiceLine, Payment
from app.domain.money import from_cents
from app.domain.permissions import Actor
from app.reports.end_of_day import render_end_of_day
from app.services.container import Services
from app.services.day.dto import EndOfDayView

from .backends import Backend, RawConnection
from .search import BenchmarkError
from .timing import Result, interleaved, result

DAY = date(1999, 12, 31)  # before the demo's history: the day holds only what is added here
INVOICES = 1000
FIRST_NUMBER = 900_000_000
FIGURES_GOAL = 2.0
# The goal for the report is under 2 s; its floor draws no chart, so the ratio
# is reported with a loose bound only.
REPORT_GOAL = 10.0
REPORT_GOAL_MS = 2000.0
METHODS = ("cash", "card", "card", "check", "account")


def end_of_day_benchmarks(
    backend: Backend, raw: RawConnection, plan: dict[str, int], rng: random.Random
) -> Iterator[Result]:
    from app.demo.shop import DEMO_PASSWORD

    services = Services.build(backend.db)
    owner = services.setup.sign_in("owner", DEMO_PASSWORD, "End-of-day benchmark")
    _add_day(backend, raw, owner, rng)
    try:
        yield from _measure(backend, services, owner, raw, plan, rng)
    finally:
        _remove_day(raw, owner)


def _measure(
    backend: Backend,
    services: Services,
    owner: Actor,
    raw: RawConnection,
    plan: dict[str, int],
    rng: random.Random,
) -> Iterator[Result]:
    floor = RawFigures(raw, owner.shop_id, DAY)
    view = services.day_close.figures(owner, DAY)
    _check(view, floor())
    rounds = max(3, plan["work_order_rounds"] * 3)
    samples = interleaved([(lambda: services.day_close.figures(owner, DAY), floor)], rounds, rng)
    yield result("end-of-day figures, 1,000 invoices (vs raw SQL)", backend.name, samples, FIGURES_GOAL)
    samples = interleaved(
        [(lambda: render_end_of_day(services.day_close.figures(owner, DAY)), lambda: bare_report(floor()))],
        rounds,
        rng,
    )
    yield result(
        "end-of-day report PDF, 1,000 invoices (vs raw SQL + bare ReportLab)",
        backend.name,
        samples,
        REPORT_GOAL,
        REPORT_GOAL_MS,
        note="figures query and the PDF with its four charts",
    )


def _remove_day(raw: RawConnection, owner: Actor) -> None:
    """Take the benchmark's day out again (its payments, invoice lines and invoices), so the
    database is left with the rows it had."""
    p = raw.placeholder
    mine = f"SELECT id FROM invoices WHERE shop_id = {p} AND business_date = {p} AND number >= {p}"
    params = (raw.uuid(owner.shop_id), DAY, FIRST_NUMBER)
    raw.execute("BEGIN")
    for table in ("payments", "invoice_lines"):
        raw.execute(f"DELETE FROM {table} WHERE invoice_id IN ({mine})", params)
    raw.execute(f"DELETE FROM invoices WHERE id IN ({mine})", params)
    raw.execute("COMMIT")


def _add_day(backend: Backend, raw: RawConnection, owner: Actor, rng: random.Random) -> None:
    """1,000 invoices on one day: a labor line each, a payment each, spread over the opening hours."""
    p = raw.placeholder
    shop = raw.uuid(owner.shop_id)
    orders = [
        raw.to_uuid(r[0])
        for r in raw.execute(
            f"SELECT id FROM work_orders WHERE shop_id = {p} LIMIT {INVOICES}", (shop,)
        ).fetchall()
    ]
    technicians = [raw.to_uuid(r[0]) for r in raw.execute(f"SELECT id FROM users WHERE shop_id = {p} AND role = 'technician'", (shop,)).fetchall()]  # fmt: skip
    if len(orders) < INVOICES or not technicians:
        raise BenchmarkError("the demo shop has too few work orders or no technician for the end-of-day day")
    start = datetime(DAY.year, DAY.month, DAY.day, 15, tzinfo=UTC)  # 7 am in the demo's Pacific time
    invoices, lines, payments = [], [], []
    for i in range(INVOICES):
        labor = Decimal(rng.randrange(5_000, 60_000)) / 100
        parts = Decimal(rng.randrange(0, 80_000)) / 100
        tax = (parts * Decimal("0.0925")).quantize(Decimal("0.01"))
        invoice_id = uuid.uuid4()
        hours = rng.randrange(500, 4_000)
        at = start + timedelta(seconds=rng.randrange(0, 10 * 3600))
        invoices.append(
            dict(
                id=invoice_id, shop_id=owner.shop_id, kind="invoice", number=FIRST_NUMBER + i,
                work_order_id=orders[i], customer_name=f"Benchmark customer {i}", business_date=DAY,
                posted_at=at, posted_by=owner.user_id, tax_rate=Decimal("0.0925"), rounding="per_invoice",
                labor=labor, parts=parts, tax=tax, total=labor + parts + tax, parts_cost=(parts * Decimal("0.6")).quantize(Decimal("0.01")),
                labor_cost=Decimal(0), billed_hours=hours,
            )
        )  # fmt: skip
        lines.append(
            dict(
                shop_id=owner.shop_id, invoice_id=invoice_id, position=1, category="labor", description="Labor",
                quantity=hours, unit_price=Decimal("150.00"), amount=labor, technician_id=technicians[i % len(technicians)],
                billed_hours=hours,
            )
        )  # fmt: skip
        payments.append(
            dict(
                shop_id=owner.shop_id, invoice_id=invoice_id, group_id=uuid.uuid4(), method=METHODS[i % len(METHODS)],
                amount=labor + parts + tax, user_id=owner.user_id, business_date=DAY, received_at=at,
            )
        )  # fmt: skip
    with backend.db.session(write=True) as session:
        session.execute(insert(Invoice), invoices)
        session.execute(insert(InvoiceLine), lines)
        session.execute(insert(Payment), payments)
        session.commit()


class RawFigures:
    """The day's aggregates in hand-written SQL: what the end-of-day screen and report need."""

    def __init__(self, raw: RawConnection, shop_id: uuid.UUID, day: date) -> None:
        self.raw, p = raw, raw.placeholder
        self.shop = raw.uuid(shop_id)
        self.day = day if raw.pg else day.isoformat()
        sums = "COUNT(*), " + ", ".join(
            f"COALESCE(SUM({c}), 0)"
            for c in ("labor", "parts", "fees", "sublet", "cores", "discount", "tax", "cash_rounding", "total",
                      "parts_cost", "labor_cost", "sublet_cost", "billed_hours")
        )  # fmt: skip
        self.posted = (
            f"SELECT kind, {sums} FROM invoices WHERE shop_id = {p} AND business_date = {p} GROUP BY kind"
        )
        self.voids = f"SELECT {sums} FROM invoices WHERE shop_id = {p} AND void_business_date = {p} AND status = 'void'"
        self.orders = (
            "SELECT COUNT(DISTINCT work_order_id), COALESCE(SUM(total - tax - cash_rounding), 0),"
            f" COALESCE(SUM(total), 0) FROM invoices WHERE shop_id = {p} AND business_date = {p}"
            " AND kind = 'invoice' AND status = 'posted' AND work_order_id IS NOT NULL"
        )
        self.numbers = (
            "SELECT MIN(number), MAX(number) FROM invoices"
            f" WHERE shop_id = {p} AND business_date = {p} AND kind = 'invoice'"
        )
        self.payments = (
            "SELECT method, COUNT(*), COALESCE(SUM(amount), 0) FROM payments"
            f" WHERE shop_id = {p} AND business_date = {p} GROUP BY method ORDER BY method"
        )
        self.hours = f"SELECT posted_at, total FROM invoices WHERE shop_id = {p} AND business_date = {p}"
        self.technicians = (
            "SELECT l.technician_id, COALESCE(SUM(l.billed_hours), 0) FROM invoice_lines AS l"
            " JOIN invoices AS i ON i.id = l.invoice_id"
            f" WHERE i.shop_id = {p} AND i.business_date = {p} AND l.category = 'labor' GROUP BY l.technician_id"
        )
        self.drawers = (
            "SELECT d.id, t.name FROM cash_drawer_sessions AS d JOIN terminals AS t ON t.id = d.terminal_id"
            f" WHERE d.shop_id = {p} AND d.business_date = {p}"
        )

    def __call__(self) -> dict[str, Any]:
        args = (self.shop, self.day)
        run = self.raw.execute
        return {
            "posted": run(self.posted, args).fetchall(),
            "voids": run(self.voids, args).fetchall(),
            "orders": run(self.orders, args).fetchall(),
            "numbers": run(self.numbers, args).fetchall(),
            "payments": run(self.payments, args).fetchall(),
            "hours": run(self.hours, args).fetchall(),
            "technicians": run(self.technicians, args).fetchall(),
            "drawers": run(self.drawers, args).fetchall(),
        }


def _check(view: EndOfDayView, floor: dict[str, Any]) -> None:
    posted = {row[0]: row for row in floor["posted"]}
    total = from_cents(int(posted["invoice"][10]))
    paid = {row[0]: from_cents(int(row[2])) for row in floor["payments"]}
    mine = {p.method: p.amount for p in view.figures.payments}
    if view.figures.invoices.count != INVOICES or view.figures.invoices.total != total or paid != mine:
        raise BenchmarkError(
            f"the end-of-day figures differ from the raw SQL: {view.figures.invoices.total} vs {total}, {mine} vs {paid}"
        )


def bare_report(floor: dict[str, Any]) -> bytes:
    """The report's tables in a bare ReportLab document: plain strings, the same embedded font."""
    from reportlab.lib.pagesizes import LETTER
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    from app.reports.fonts import REGULAR, register_fonts

    register_fonts()
    style = TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), ("FONTSIZE", (0, 0), (-1, -1), 8)])
    money = [[str(v) for v in row] for row in floor["posted"] + floor["voids"] + floor["orders"]]
    payments = [[str(v) for v in row] for row in floor["payments"]]
    technicians = [[str(v) for v in row] for row in floor["technicians"]]
    story = [Table(rows, style=style) for rows in (money, payments, technicians) if rows]
    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=LETTER, title="End of day").build(story)
    return buffer.getvalue()
