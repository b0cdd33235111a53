"""The chain report's figures, on both databases, against the same figures summed by hand.

A small demo chain (two shops); every invoice read back and added up in
Python by shop and month (voided documents taken off in the month of their
void), every part's stock valued at its cost and its last sale looked up.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from sqlalchemy import select, text

from app.db.engine import Database
from app.db.models_invoicing import Invoice
from app.db.models_parts import Inventory, Part, StockMovement
from app.db.types import now_utc
from app.demo.chain import ChainDemoService
from app.demo.shop import DEMO_PASSWORD
from app.domain.errors import PermissionDeniedError, ValidationError
from app.domain.permissions import Actor
from app.services.container import Services
from app.services.day.chain_dto import ChainReport
from app.services.uow import UnitOfWork

MONTHS = 120
CENT = Decimal("0.01")


@pytest.fixture
def chain(db: Database) -> tuple[Services, Actor]:
    services = Services.build(db)
    ChainDemoService(db, services.changes).create(2, 300)
    return services, services.setup.sign_in("owner", DEMO_PASSWORD, "Office")


def _by_hand(db: Database, first: date) -> dict[tuple[object, date], dict[str, Decimal]]:
    sums: dict[tuple[object, date], dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    with db.session(write=False) as session:
        for inv in session.scalars(select(Invoice)):
            for day, sign in ((inv.business_date, 1), (inv.void_business_date, -1)):
                if day is None or day < first or (sign < 0 and inv.status != "void"):
                    continue
                into = sums[(inv.shop_id, day.replace(day=1))]
                into["sales"] += sign * (inv.labor + inv.parts + inv.fees + inv.sublet + inv.cores)
                into["cost"] += sign * (inv.parts_cost + inv.labor_cost + inv.sublet_cost)
                into["labor"] += sign * inv.labor
                into["hours"] += sign * Decimal(inv.billed_hours) / 1000
                if sign > 0 and inv.status == "posted" and inv.kind == "invoice" and inv.work_order_id:
                    into["cars"] += 1
                    into["ro"] += inv.total - inv.tax - inv.cash_rounding
    return sums


def test_the_monthly_figures_by_shop_are_the_invoices_summed_by_hand(
    chain: tuple[Services, Actor], db: Database
) -> None:
    services, owner = chain
    report = services.chain_reports.report(owner, now_utc().date(), MONTHS)
    assert len(report.shops) == 2 and len(report.month_list()) == MONTHS
    hand = _by_hand(db, report.first_month)
    assert {(m.shop_id, m.month) for m in report.months} == set(hand)
    for row in report.months:
        expected = hand[(row.shop_id, row.month)]
        assert row.sales == expected["sales"]
        assert row.gross_profit == expected["sales"] - expected["cost"]
        assert row.car_count == expected["cars"]
        assert row.aro == (expected["ro"] / expected["cars"]).quantize(CENT, ROUND_HALF_UP)
        assert row.effective_labor_rate == (expected["labor"] / expected["hours"]).quantize(
            CENT, ROUND_HALF_UP
        )
    total = report.total()
    assert total.sales == sum((v["sales"] for v in hand.values()), Decimal(0)) > 0
    assert sum(m.sales for m in report.by_month()) == total.sales == sum(s.sales for s in report.by_shop())


def test_stock_value_and_slow_movers_match_the_parts_by_hand(
    chain: tuple[Services, Actor], db: Database
) -> None:
    services, owner = chain
    report = services.chain_reports.report(owner, now_utc().date(), 1, slow_days=90, slow_limit=500)
    since = datetime.combine(now_utc().date() - timedelta(days=90), time(), UTC)
    value: dict[object, Decimal] = defaultdict(Decimal)
    slow: dict[object, Decimal] = defaultdict(Decimal)
    with db.session(write=False) as session:
        last_out: dict[object, datetime] = {}
        for part_id, at in session.execute(
            select(StockMovement.part_id, StockMovement.at).where(StockMovement.quantity < 0)
        ):
            last_out[part_id] = max(at, last_out.get(part_id, at))
        slow_parts = 0
        for shop_id, part_id, on_hand, cost in session.execute(
            select(Inventory.shop_id, Inventory.part_id, Inventory.on_hand, Part.cost).join(
                Part, Part.id == Inventory.part_id
            )
        ):
            if on_hand <= 0:
                continue
            amount = Decimal(on_hand) * cost / 1000
            value[shop_id] += amount
            if part_id not in last_out or last_out[part_id] < since:
                slow[shop_id] += amount
                slow_parts += 1
    assert {s.shop_id: s.value for s in report.stock} == {
        k: v.quantize(CENT, ROUND_HALF_UP) for k, v in value.items()
    }
    assert {s.shop_id: s.slow_value for s in report.stock} == {
        k: v.quantize(CENT, ROUND_HALF_UP) for k, v in slow.items()
    }
    assert 0 < len(report.slow_movers) == slow_parts  # some parts sold lately, some not
    assert [m.value for m in report.slow_movers] == sorted(
        (m.value for m in report.slow_movers), reverse=True
    )


def test_only_the_owner_reads_the_chain_and_the_period_is_checked(chain: tuple[Services, Actor]) -> None:
    services, owner = chain
    desk = services.setup.sign_in("desk", DEMO_PASSWORD, "Front desk")
    with pytest.raises(PermissionDeniedError):
        services.chain_reports.report(desk, now_utc().date())
    with pytest.raises(ValidationError):
        services.chain_reports.report(owner, now_utc().date(), months=0)
    assert isinstance(services.chain_reports.report(owner, now_utc().date(), 3), ChainReport)


def test_a_report_opened_again_and_again_is_planned_for_its_period_every_time(
    chain: tuple[Services, Actor], db: Database
) -> None:
    """The owner opens the report all day: the server must not settle on one plan made
    without the dates (for ten years of invoices, a one-core index scan twice as slow
    as the parallel scan planned for the period)."""
    if db.is_sqlite:
        pytest.skip("SQLite plans every statement afresh")
    services, owner = chain
    today = now_utc().date()
    first = services.chain_reports.report(owner, today, MONTHS)
    for _ in range(40):  # the driver prepares after 5 runs; the server tries 5 custom plans
        again = services.chain_reports.report(owner, today, MONTHS)
    assert again.months == first.months

    def plans(uow: UnitOfWork) -> tuple[int, int]:
        generic, custom = uow.session.execute(
            text(
                "SELECT coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0)"
                " FROM pg_prepared_statements WHERE statement LIKE '%invoices.business_date%'"
            )
        ).one()
        return int(generic), int(custom)

    generic, custom = services.chain_reports._report(plans)
    assert custom > 0, "the report's statements were not prepared on this connection"
    assert generic == 0
