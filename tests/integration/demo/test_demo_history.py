"""The demo shop tells a true history, on both databases: every invoiced work order was invoiced and paid.

Its history is written in bulk; these checks read it back through the same
services and rules a real shop's would pass: one invoice per invoiced work
order, numbered without a gap, paid in full; every cash payment in a drawer
that balances; every past business day closed in order, its frozen figures
the day's documents read back; and a sales report of last month that is not
empty.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import BigInteger, func, select, text, type_coerce

from app.db.engine import Database
from app.db.models_day import CashDrawerSession, DayClose
from app.db.models_invoicing import Invoice, Payment
from app.db.models_work_orders import WorkOrder
from app.demo.shop import DEMO_PASSWORD, DemoService
from app.domain.end_of_day import figures_from_json
from app.domain.permissions import Actor
from app.services.container import Services
from app.services.day.end_of_day import build_figures, shop_zone
from app.services.uow import UnitOfWork
from tests.integration.bay_support import finished_in_bay
from tests.integration.day_support import day_sums, drawer_balance

D = Decimal


@pytest.fixture
def demo(db: Database) -> Services:
    services = Services.build(db)
    DemoService(db, services.changes).create("small")
    return services


@pytest.fixture
def owner(demo: Services) -> Actor:
    return demo.setup.sign_in("owner", DEMO_PASSWORD, "Office")


def test_every_invoiced_work_order_has_its_invoice_paid_its_cash_in_a_drawer_and_last_month_reports(
    demo: Services, owner: Actor, db: Database
) -> None:
    with db.session(write=False) as session:
        invoiced = set(session.scalars(select(WorkOrder.id).where(WorkOrder.status == "invoiced")))
        invoices = session.execute(select(Invoice.work_order_id, Invoice.number, Invoice.id)).all()
        assert len(invoiced) > 1000
        assert sorted(row.work_order_id for row in invoices) == sorted(invoiced)  # one each, no other
        assert sorted(row.number for row in invoices) == list(range(1, len(invoices) + 1))
        paid = dict(
            session.execute(
                select(Payment.invoice_id, func.sum(type_coerce(Payment.amount, BigInteger))).group_by(
                    Payment.invoice_id
                )
            ).all()
        )
        unpaid_cash = session.scalar(
            select(func.count()).where(Payment.method == "cash", Payment.drawer_id.is_(None))
        )
        drawers = list(session.scalars(select(CashDrawerSession)))
    owed = [row.number for row in invoices if demo.invoicing.get(owner, row.id).balance_due != 0]
    assert len(owed) <= 3  # today's few left awaiting payment at the desk
    assert len(paid) >= len(invoices) - 3 and unpaid_cash == 0
    assert len(drawers) > 100
    for drawer in drawers:  # float + cash handed over - change - paid out
        expected = drawer_balance(db, drawer.id)
        if drawer.status == "closed":
            assert drawer.expected == expected and drawer.counted - expected == drawer.over_short
            assert (drawer.over_short == 0) != bool(drawer.over_short_reason)
    assert finished_in_bay(db) == []
    assert demo.audit.verify()[-1].ok
    # last month's sales report reads the history, labor with its cost (gross profit on labor < labor)
    end = demo.day_close.today(owner).replace(day=1) - timedelta(days=1)
    report = demo.exports.sales_report(owner, end.replace(day=1), end)
    assert report.total.total > 0 and sum(d.invoice_count for d in report.days) > 0
    assert 0 < report.total.labor_cost < report.total.labor
    assert all(day.closed for day in report.days if day.invoice_count)


def test_every_past_business_day_is_closed_in_order_with_the_figures_of_its_documents(
    demo: Services, owner: Actor, db: Database
) -> None:
    today = demo.day_close.business_day(owner)
    assert today.business_date == today.calendar_date  # today is open for business
    with UnitOfWork(db, write=False) as uow:
        shop = uow.shops.get(owner.shop_id)
        assert shop is not None
        zone = shop_zone(shop.timezone)
        closes = list(uow.session.scalars(select(DayClose).order_by(DayClose.business_date)))
        assert len(closes) > 500 and closes[-1].business_date < today.business_date
        grand = D("0.00")
        for close in closes:
            frozen = figures_from_json(close.figures)
            assert frozen == build_figures(uow, owner.shop_id, close.business_date, zone)
            assert (frozen.invoices.count, frozen.invoices.total, frozen.payments_total) == day_sums(
                db, close.business_date
            )
            assert close.grand_total_before == grand
            grand = close.grand_total_after
        days_with_business = set(
            uow.session.scalars(
                select(Invoice.business_date).where(Invoice.business_date < today.business_date)
            )
        )
    assert days_with_business <= {c.business_date for c in closes}


def test_a_demo_on_postgresql_has_its_planner_statistics_before_anyone_searches(
    db: Database, demo: Services
) -> None:
    if db.is_sqlite:
        pytest.skip("SQLite keeps no statistics unless asked to, and its plans are chosen without them")
    with db.engine.connect() as conn:
        unanalysed = conn.scalars(
            text(
                "SELECT relname FROM pg_stat_user_tables WHERE n_live_tup > 0 AND last_analyze IS NULL"
                " AND last_autoanalyze IS NULL ORDER BY relname"
            )
        ).all()
    assert unanalysed == []
