"""A day in the shop, on SQLite and PostgreSQL: three terminals at once, and the owner's report balances.

Two front desks and the parts counter each run in their own process and sign
in through the services with their own terminal name. The desks open their
drawers, write up cars, have the bays' part requests filled by the counter,
complete, post and take cash and card; the owner voids one invoice with its
parts back on the shelf and it is posted again; the counter rings up a sale
that a desk invoices. Then the drawers are counted and the owner closes the
day, and checks what an owner would check, to the cent.
"""

from __future__ import annotations

import multiprocessing
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import text

from app.db.engine import Database
from app.domain.permissions import Actor, Role
from app.services.container import Services
from tests.integration.bay_support import add_bays, finished_in_bay
from tests.integration.day_support import day_sums, drawer_balance
from tests.integration.shop_day_support import (
    COUNTER_SKU,
    PASSWORD,
    DeskPlan,
    DeskReport,
    collect,
    front_desk,
    parts_counter,
)
from tests.integration.stock_helpers import add_part, assert_stock_seams, billed_on_live_invoices, on_hand
from tests.integration.work_order_helpers import audit_ok

D = Decimal
STOCK = {"BRK-4471": "20", "OF-100": "20", COUNTER_SKU: "10"}
DESK_ORDERS = (
    (("BRK-4471", "2"), ("OF-100", "1"), ("BRK-4471", "1"), ("OF-100", "2")),
    (("OF-100", "2"), ("BRK-4471", "1"), ("OF-100", "1"), ("BRK-4471", "2")),
)
FLOATS = ("150.00", "200.00")
OWNER_PASSWORD = "owner password 1"  # the ``owner`` fixture's, a test fixture and not a secret


def _staff(services: Services, owner: Actor) -> None:
    people = [("desk1", Role.FRONT_DESK), ("desk2", Role.FRONT_DESK), ("parts", Role.PARTS)]
    people += [("tech1", Role.TECHNICIAN), ("tech2", Role.TECHNICIAN)]
    for username, role in people:
        services.setup.add_user(owner, username, f"{username.title()} Person", role, PASSWORD)


def _catalog(services: Services, owner: Actor) -> dict[str, uuid.UUID]:
    prices = {"BRK-4471": ("30.00", "74.95"), "OF-100": ("3.10", "8.99"), COUNTER_SKU: ("4.00", "12.49")}
    return {
        sku: add_part(services, owner, sku, STOCK[sku], cost=cost, price=price, taxable=True)
        for sku, (cost, price) in prices.items()
    }


def _run_the_day(
    db: Database, plans: list[DeskPlan], skus: dict[str, uuid.UUID]
) -> tuple[list[DeskReport], Any]:
    url = db.url.render_as_string(hide_password=False)
    ctx = multiprocessing.get_context("spawn")
    desk_results, parts_results, tickets, stop = ctx.Queue(), ctx.Queue(), ctx.Queue(), ctx.Event()
    counter = ctx.Process(
        target=parts_counter, args=(url, "parts", skus, stop, tickets, parts_results), daemon=True
    )
    desks = [
        ctx.Process(target=front_desk, args=(url, plan, tickets, desk_results), daemon=True) for plan in plans
    ]
    for process in (counter, *desks):
        process.start()
    try:
        desk_reports = collect(desk_results, len(desks), 120)
        stop.set()
        counter_reports = collect(parts_results, 1, 30)
    finally:
        stop.set()
        for process in (counter, *desks):
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)
    errors = [detail for status, detail in desk_reports + counter_reports if status != "ok"]
    assert not errors, "a terminal failed:\n" + "\n".join(errors)
    assert len(desk_reports) == len(desks) and len(counter_reports) == 1, "a terminal never finished"
    reports = sorted((r for _s, r in desk_reports), key=lambda r: r.terminal)
    return reports, counter_reports[0][1]


def test_a_day_in_the_shop_balances_to_the_cent(services: Services, owner: Actor, db: Database) -> None:
    _staff(services, owner)
    skus = _catalog(services, owner)
    bays = add_bays(services, owner, 2)
    today = services.day_close.today(owner)
    plans = [
        DeskPlan(
            1, "desk1", "tech1", bays[0].id, FLOATS[0], DESK_ORDERS[0], owner_login=("owner", OWNER_PASSWORD)
        ),
        DeskPlan(2, "desk2", "tech2", bays[1].id, FLOATS[1], DESK_ORDERS[1], invoices_counter_sale=True),
    ]

    reports, (ticket_id, filled) = _run_the_day(db, plans, skus)
    view = services.day_close.close(owner, today)
    figures = view.figures

    # the end-of-day figures are the sums of the day's documents, to the cent
    posted = [t for r in reports for t in r.invoice_totals]
    voided_total = reports[0].invoice_totals[0]
    cash_in = sum((c for r in reports for c in r.cash), D("0.00"))
    card_in = sum((c for r in reports for c in r.card), D("0.00"))
    count, total, paid = day_sums(db, today)
    assert view.closed
    assert (figures.invoices.count, figures.invoices.total) == (count, total) == (len(posted), sum(posted))
    assert (figures.voids.count, figures.voids.total) == (1, voided_total)
    assert figures.credit_notes.count == 0
    assert figures.net.total == total - voided_total
    assert {p.method: p.amount for p in figures.payments} == {"cash": cash_in, "card": card_in}
    assert figures.payments_total == paid == cash_in + card_in == figures.net.total  # every live invoice paid
    assert figures.car_count == sum(len(p.orders) for p in plans)

    # each drawer: expected = float + cash handed over - change - paid out; counted exactly, so 0.00
    summaries = {d.terminal: d for d in figures.drawers}
    assert sorted(summaries) == [r.terminal for r in reports]
    for report, plan in zip(reports, plans, strict=True):
        expected = D(plan.opening_float) + report.tendered - report.change - report.paid_out
        assert drawer_balance(db, report.drawer_id) == expected == report.counted
        drawer = summaries[report.terminal]
        assert (drawer.status, drawer.expected, drawer.counted) == ("closed", expected, expected)
        assert (drawer.cash_taken, drawer.paid_out, drawer.over_short) == (
            sum(report.cash, D("0.00")),
            report.paid_out,
            D("0.00"),
        )
    assert figures.cash_over_short == 0

    # stock: on hand = the ledger; each order holds what its movements took; billed once after the void
    assert_stock_seams(db)
    ordered = {wo: (skus[sku], qty) for r in reports for wo, (sku, qty) in r.work_orders.items()}
    assert sorted((wo, sku, qty) for wo, sku, qty in filled) == sorted(
        (wo, sku, qty) for r in reports for wo, (sku, qty) in r.work_orders.items()
    )  # every request filled, once
    billed = billed_on_live_invoices(db)
    assert billed == {(wo, str(part)): int(D(qty) * 1000) for wo, (part, qty) in ordered.items()}
    for sku, part_id in skus.items():
        left = int(D(STOCK[sku]) * 1000) - sum(
            thousandths for (_wo, p), thousandths in billed.items() if p == str(part_id)
        )
        assert on_hand(db, part_id) == left - (2000 if sku == COUNTER_SKU else 0)
    assert _live_invoices_per_order(db) == {wo: 1 for wo in ordered}

    assert finished_in_bay(db) == []  # every finished car left its bay
    [voided] = reports[0].voided
    assert services.invoicing.get(owner, voided).status == "void"
    assert reports[1].counter_invoice is not None
    counter_invoice = services.invoicing.get(owner, reports[1].counter_invoice)
    assert (counter_invoice.counter_ticket_id, counter_invoice.balance_due) == (ticket_id, 0)
    audit_ok(services)


def _live_invoices_per_order(db: Database) -> dict[str, int]:
    with db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT work_order_id, count(*) FROM invoices "
                "WHERE status = 'posted' AND work_order_id IS NOT NULL GROUP BY work_order_id"
            )
        )
        return {str(uuid.UUID(str(wo))): int(n) for wo, n in rows}
