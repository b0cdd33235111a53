"""The owner's end of day on SQLite and PostgreSQL: the figures, the close, and the closed day.

The shop of the ``owner`` fixture is in America/Los_Angeles. Documents are
written straight to the invoicing tables (see day_support.py) so that each
test states what happened on the day; posting through the invoicing service
is used where the closed day must refuse it.
"""

from __future__ import annotations

import multiprocessing
import queue
import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from app.db.engine import Database
from app.domain.errors import ConflictError, PermissionDeniedError, ValidationError
from app.domain.payments import Method, Tender
from app.domain.permissions import Actor, Role
from app.domain.work_orders import Status
from app.services.container import Services
from app.services.work_orders.dto import WorkOrderView
from app.services.work_orders.estimates import JobInput
from tests.integration.day_support import add_document, add_job_clock, add_payment, documents_on, gated_poster
from tests.integration.work_order_helpers import add_car, add_job, audit_ok, authorize, labor, part

D = Decimal
LA = ZoneInfo("America/Los_Angeles")


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LA).astimezone(UTC)


@pytest.fixture
def today(services: Services, owner: Actor) -> date:
    return services.day_close.today(owner)


@pytest.fixture
def tech(services: Services, owner: Actor) -> Actor:
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    return services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")


def completed_work_order(services: Services, desk: Actor, tech: Actor, plate: str) -> WorkOrderView:
    car = add_car(services, desk, plate=plate)
    view = services.work_orders.create(desk, car.vehicle_id, odometer_in=42_010)
    view = add_job(services, desk, view, "Front brakes", labor("Pads", "1.5"), part("Pads", "1", "80.00"))
    job = JobInput("Front brakes", technician_id=tech.user_id)
    view = services.estimates.update_job(desk, view.id, view.jobs[0].id, job, view.version)
    view = authorize(services, desk, view, {"Front brakes": "approve"})
    view = services.work_orders.change_status(desk, view.id, Status.IN_PROGRESS, view.version)
    return services.work_orders.change_status(
        desk, view.id, Status.COMPLETED, view.version, odometer_out=42_030
    )


# --- the figures -------------------------------------------------------------------------------


def test_the_days_figures_add_up_by_hand(
    services: Services, owner: Actor, desk: Actor, tech: Actor, db: Database, today: date
) -> None:
    yesterday = today - timedelta(days=1)
    wo1 = completed_work_order(services, desk, tech, "1AAA111")
    wo2 = completed_work_order(services, desk, tech, "2BBB222")
    # two repair orders and a counter sale today; a credit note; last week's invoice voided today
    add_document(
        db, desk, today, 101, posted_at=local(today, 9, 15), work_order_id=wo1.id, labor="300.00",
        parts="200.00", tax="20.50", parts_cost="120.00", labor_cost="90.00", hours="2.0",
        technician_id=tech.user_id,
    )  # fmt: skip
    add_document(
        db, desk, today, 102, posted_at=local(today, 9, 50), work_order_id=wo2.id, labor="150.00",
        fees="25.00", sublet="80.00", tax="0", sublet_cost="60.00", hours="1.0", technician_id=tech.user_id,
    )  # fmt: skip
    add_document(
        db, desk, today, 103, posted_at=local(today, 14, 5), parts="40.00", tax="4.10", parts_cost="25.00"
    )
    add_document(
        db, desk, today, 1, kind="credit_note", posted_at=local(today, 15, 0), parts="-40.00", tax="-4.10",
        parts_cost="-25.00",
    )  # fmt: skip
    add_document(
        db, desk, yesterday, 99, posted_at=local(yesterday, 11, 0), labor="100.00", status="void",
        void_business_date=today,
    )  # fmt: skip
    add_payment(db, desk, today, "cash", "300.00", tendered="320.00")
    add_payment(db, desk, today, "card", "220.50")
    add_payment(db, desk, today, "account", "255.00")
    add_payment(db, desk, today, "cash", "-44.10")  # the credit note refunded
    add_job_clock(db, owner, tech.user_id, local(today, 8, 0), "2.5")
    add_job_clock(db, owner, tech.user_id, local(yesterday, 23, 0), "2.0")  # one hour falls on today

    view = services.day_close.figures(owner, today)
    f, k = view.figures, view.kpis

    assert not view.closed
    assert (f.invoices.count, f.invoices.total) == (3, D("819.60"))
    assert (f.credit_notes.count, f.credit_notes.total) == (1, D("-44.10"))
    assert (f.voids.count, f.voids.total) == (1, D("100.00"))
    net = f.net
    assert (net.labor, net.parts, net.fees, net.sublet) == (D("350.00"), D("200.00"), D("25.00"), D("80.00"))
    assert net.tax == D("20.50")
    assert net.total == D("675.50")  # 819.60 - 44.10 - 100.00
    assert {p.method: p.amount for p in f.payments} == {
        "account": D("255.00"),
        "card": D("220.50"),
        "cash": D("255.90"),
    }
    assert f.payments_total == D("731.40")
    assert [(h.hour, h.count, h.amount) for h in f.hourly] == [
        (9, 2, D("775.50")),
        (14, 1, D("44.10")),
        (15, 1, D("-44.10")),
    ]
    assert (f.first_number, f.last_number) == (101, 103)
    # KPIs: two work orders invoiced, the counter sale is not a car
    assert k.car_count == 2
    assert k.aro == D("377.50")  # (500.00 + 255.00) / 2
    assert k.aro_with_tax == D("387.75")  # (520.50 + 255.00) / 2
    assert k.billed_hours == D("3.000")
    assert k.effective_labor_rate == D("116.67")  # 350.00 labor (net of the void) / 3 hours
    assert k.parts_gross_profit == D("80.00")  # 200.00 - 120.00
    assert k.labor_gross_profit == D("260.00")  # 350.00 - 90.00
    assert k.gross_profit == D("385.00")  # 655.00 - (120 + 90 + 60)
    assert [(t.name, t.billed, t.clocked) for t in f.technicians] == [("Terry Tech", D("3.000"), D("3.500"))]
    assert view.grand_total_before == 0 and view.grand_total_after == D("819.60")


def test_a_day_without_business_has_no_averages(services: Services, owner: Actor, today: date) -> None:
    view = services.day_close.figures(owner, today)
    assert view.kpis.car_count == 0
    assert view.kpis.aro is None and view.kpis.effective_labor_rate is None
    assert view.figures.net.total == 0


def test_hours_are_the_shops_even_where_its_offset_is_a_half_hour(
    services: Services, owner: Actor, desk: Actor, db: Database
) -> None:
    """Kolkata is UTC+5:30: a UTC hour straddles two local hours, so each sale is placed by itself."""
    from app.db.models import Shop

    with db.session(write=True) as session:
        shop = session.get(Shop, owner.shop_id)
        assert shop is not None
        shop.timezone = "Asia/Kolkata"
        session.commit()
    kolkata = ZoneInfo("Asia/Kolkata")
    day = services.day_close.today(owner) - timedelta(days=1)

    def at(hour: int, minute: int) -> datetime:
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=kolkata).astimezone(UTC)

    add_document(db, desk, day, 1, posted_at=at(9, 20), labor="100.00")  # 03:50 UTC
    add_document(db, desk, day, 2, posted_at=at(10, 10), labor="50.00")  # 04:40 UTC, same UTC hour
    add_document(db, desk, day, 3, posted_at=at(10, 45), labor="25.00")  # 05:15 UTC
    hourly = services.day_close.figures(owner, day).figures.hourly
    assert [(h.hour, h.count, h.amount) for h in hourly] == [(9, 1, D("100.00")), (10, 2, D("75.00"))]


# --- the close ---------------------------------------------------------------------------------


def test_closing_freezes_the_figures_and_carries_the_grand_total(
    services: Services, owner: Actor, desk: Actor, db: Database, today: date
) -> None:
    day1, day2 = today - timedelta(days=2), today - timedelta(days=1)
    add_document(db, desk, day1, 1, labor="100.00", tax="0")
    add_document(db, desk, day1, 2, parts="50.00", tax="5.13")
    add_document(db, desk, day2, 3, labor="200.00")
    add_document(db, desk, day2, 4, labor="10.00", status="void", void_business_date=day2)

    first = services.day_close.close(owner, day1)
    assert first.closed and first.closed_by == "Olivia Owner"
    assert first.figures.invoices.total == D("155.13") == documents_on(db, day1)[1]
    assert (first.grand_total_before, first.grand_total_after) == (0, D("155.13"))

    second = services.day_close.close(owner, day2)
    # the voided invoice counts in the gross (and the grand total) and comes off in the net
    assert second.figures.invoices.total == D("210.00")
    assert second.figures.net.total == D("200.00")
    assert (second.grand_total_before, second.grand_total_after) == (D("155.13"), D("365.13"))

    # a row slipped in behind the close's back does not change the frozen day
    add_document(db, desk, day1, 5, labor="999.00")
    again = services.day_close.figures(owner, day1)
    assert again.figures == first.figures and again.grand_total_after == D("155.13")
    assert again.audit_seq == first.audit_seq and len(again.audit_hash) == 64

    rows = services.day_close.recent(owner)
    assert [(r.business_date, r.net_sales, r.grand_total_after) for r in rows] == [
        (day2, D("200.00"), D("365.13")),
        (day1, D("150.00"), D("155.13")),
    ]
    audit_ok(services)


def test_a_day_closes_once_only_after_it_happened_and_only_by_the_owner(
    services: Services, owner: Actor, desk: Actor, today: date
) -> None:
    with pytest.raises(ValidationError, match="future"):
        services.day_close.close(owner, today + timedelta(days=1))
    with pytest.raises(PermissionDeniedError):
        services.day_close.close(desk, today)
    services.day_close.close(owner, today)
    with pytest.raises(ConflictError, match="closed already"):
        services.day_close.close(owner, today)


def test_a_post_into_a_closed_day_is_refused_naming_the_day_the_shops_way(
    services: Services, owner: Actor, desk: Actor, db: Database, today: date
) -> None:
    from app.db.models import Shop
    from app.domain.end_of_day import DayClosedError
    from app.domain.locale import ShopLocale

    services.day_close.close(owner, today)
    with db.session(write=True) as session:
        shop = session.get(Shop, owner.shop_id)
        assert shop is not None
        shop.locale = "de_DE"
        session.commit()
    with pytest.raises(DayClosedError) as caught:
        add_document(db, desk, today, 1, check_gate=True)
    german = ShopLocale("de_DE").weekday_day(today, with_year=True)  # 'Mi., 4. März 2026'
    assert german != ShopLocale("en_US").weekday_day(today, with_year=True)
    assert caught.value.message.startswith(f"The business day {german} is closed: ")


def test_a_day_with_a_drawer_still_open_does_not_close(services: Services, owner: Actor, today: date) -> None:
    drawer = services.drawers.open(owner, "150.00")
    with pytest.raises(ValidationError, match="Front desk 1"):
        services.day_close.close(owner, today)
    assert services.day_close.figures(owner, today).unclosed_drawers == ("Front desk 1",)
    services.drawers.count(owner, drawer.id, "150.00")
    services.drawers.close(owner, drawer.id, "0")
    closed = services.day_close.close(owner, today)
    assert [(d.terminal, d.status, d.over_short) for d in closed.figures.drawers] == [
        ("Front desk 1", "closed", D("0.00"))
    ]


# --- after the close ---------------------------------------------------------------------------
# (late posts go to the next business day: see test_business_day.py)


def test_a_day_of_business_on_two_terminals_balances_at_close(
    services: Services, owner: Actor, desk: Actor, tech: Actor, db: Database, today: date
) -> None:
    """The owner's check: invoiced and paid by cash, card and account on two terminals, then closed."""
    counter = replace(desk, terminal_id=services.setup.register_terminal(desk.shop_id, "Counter"))
    drawers = {t: services.drawers.open(t, "100.00") for t in (desk, counter)}
    invoices = []
    for i, (terminal, plate) in enumerate(((desk, "1AAA111"), (counter, "2BBB222"), (desk, "3CCC333"))):
        invoice = services.invoicing.post_from_work_order(
            terminal, completed_work_order(services, desk, tech, plate).id
        )
        invoices.append(invoice)
        if i == 0:
            tenders = [Tender(Method.CASH, invoice.totals.total, tendered=invoice.totals.total + D("20.00"))]
        elif i == 1:
            half = (invoice.totals.total / 2).quantize(D("0.01"))
            tenders = [
                Tender(Method.CASH, half),
                Tender(
                    Method.CARD,
                    invoice.totals.total - half,
                    card_brand="Visa",
                    card_last4="4242",
                    processor_reference="AUTH-1",
                ),
            ]
        else:
            tenders = [Tender(Method.CHECK, invoice.totals.total, check_number="1042")]
        services.payments.take(terminal, invoice.id, tenders)
    cash = {
        desk.terminal_id: invoices[0].totals.total,
        counter.terminal_id: (invoices[1].totals.total / 2).quantize(D("0.01")),
    }
    for terminal in (desk, counter):
        counted = services.drawers.count(
            terminal, drawers[terminal].id, D("100.00") + cash[terminal.terminal_id]
        )
        assert counted.over_short == 0  # the drawer balances
        services.drawers.close(terminal, counted.id, counted.counted)  # type: ignore[arg-type]

    closed = services.day_close.close(owner, today)
    f = closed.figures
    assert f.invoices.total == sum(i.totals.total for i in invoices) == documents_on(db, today)[1]
    assert f.payments_total == f.invoices.total
    assert sorted(i.number for i in invoices) == list(range(invoices[0].number, invoices[0].number + 3))
    assert (f.first_number, f.last_number) == (invoices[0].number, invoices[-1].number)
    assert closed.kpis.car_count == 3 and f.cash_over_short == 0
    assert f.deposits == D("200.00") + sum(cash.values())
    audit_ok(services)


POSTERS = 3
POSTS_EACH = 40


@pytest.mark.stress
def test_posts_racing_the_close_are_either_in_the_frozen_day_or_refused(
    services: Services, owner: Actor, desk: Actor, db: Database, today: date, stress_long: bool
) -> None:
    """Terminals post into the day while the owner closes it: no post lands after the freeze.

    Short by default (3 terminals x 40 posts); ``--stress-long``: 8 terminals x 200.
    """
    posters, posts_each = (8, 200) if stress_long else (POSTERS, POSTS_EACH)
    terminals = [services.setup.register_terminal(desk.shop_id, f"Counter {i}") for i in range(posters)]
    url = db.url.render_as_string(hide_password=False)
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(posters + 1)
    results = ctx.Queue()
    processes = [
        ctx.Process(
            target=gated_poster,
            args=(
                url,
                replace(desk, terminal_id=terminals[i]),
                today,
                1000 * (i + 1),
                posts_each,
                start,
                results,
            ),
            daemon=True,
        )
        for i in range(posters)
    ]
    for process in processes:
        process.start()
    reports = []
    try:
        start.wait(timeout=60)
        deadline = time.monotonic() + 60
        while documents_on(db, today)[0] < 5 and time.monotonic() < deadline:  # let some posts land first
            time.sleep(0.01)
        closed = services.day_close.close(owner, today)
        for _ in range(posters):
            reports.append(results.get(timeout=120))
    except queue.Empty:
        pass
    finally:
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
    assert [status for status, _ in reports] == ["ok"] * posters, reports
    posted = sum(len(numbers) for _, numbers in reports)
    count, total = documents_on(db, today)
    assert count == posted == closed.figures.invoices.count
    assert total == closed.figures.invoices.total == D("10.00") * posted
    audit_ok(services)
