"""Labor has a cost: each technician's rate, set by the owner, snapshotted on every invoice line.

The invoice's labor cost is the billed hours of each labor line times the
rate of the job's technician when it is posted, so the owner's gross profit
on labor and margin are true (not 100 %); changing a rate later never
rewrites an invoice already posted.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from app.db.engine import Database
from app.domain.errors import PermissionDeniedError, ValidationError
from app.domain.permissions import Actor, Role
from app.domain.pricing import ShopPricing
from app.services.container import Services
from tests.integration.integration_support import audit_rows
from tests.integration.invoicing_helpers import completed_order
from tests.integration.work_order_helpers import add_car, audit_ok, labor, part

D = Decimal


@pytest.fixture
def tech(services: Services, owner: Actor) -> Actor:
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    return services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")


def test_the_owner_sets_a_technicians_labor_cost_rate_and_the_audit_keeps_before_and_after(
    services: Services, db: Database, owner: Actor, desk: Actor, tech: Actor
) -> None:
    assert {u.username: u.labor_cost_rate for u in services.users.list(owner)}["tech"] is None
    view = services.users.set_labor_cost_rate(owner, tech.user_id, "38.50")
    assert view.labor_cost_rate == D("38.50")
    view = services.users.set_labor_cost_rate(owner, tech.user_id, "41")
    assert {u.username: u.labor_cost_rate for u in services.users.list(owner)}["tech"] == D("41.00")

    with pytest.raises(PermissionDeniedError):
        services.users.set_labor_cost_rate(desk, tech.user_id, "10.00")
    for bad, text in (("-1", "negative"), ("1.005", "decimals"), ("5000", "at most")):
        with pytest.raises(ValidationError, match=text):
            services.users.set_labor_cost_rate(owner, tech.user_id, bad)
    entries = [r for r in audit_rows(db) if r["action"] == "set_labor_cost_rate"]
    assert [json.loads(r["diff"]) for r in entries] == [
        {"before": {"labor_cost_rate": None}, "after": {"labor_cost_rate": "38.50"}},
        {"before": {"labor_cost_rate": "38.50"}, "after": {"labor_cost_rate": "41.00"}},
    ]
    audit_ok(services)


def test_posting_snapshots_labor_cost_and_the_owners_report_shows_true_gross_profit(
    services: Services, owner: Actor, desk: Actor, tech: Actor
) -> None:
    services.settings.update_pricing(owner, ShopPricing(tax_rate=D("0")))
    services.users.set_labor_cost_rate(owner, tech.user_id, "40.00")
    car = add_car(services, desk)
    order = completed_order(
        services, desk, car.vehicle_id, tech.user_id, labor("Replace pads", "1.5", "120.00"),
        part("Pads", "1", "80.00", unit_cost="30.00"),
    )  # fmt: skip
    invoice = services.invoicing.post_from_work_order(desk, order.id)
    labor_line = next(ln for ln in invoice.lines if ln.category == "labor")
    assert (labor_line.quantity, labor_line.unit_cost) == (D("1.5"), D("40.00"))  # a cost of 60.00

    services.users.set_labor_cost_rate(owner, tech.user_id, "55.00")  # a raise, after the posting
    day = services.day_close.figures(owner, invoice.business_date)
    net, k = day.figures.net, day.kpis
    assert (net.labor, net.labor_cost) == (D("180.00"), D("60.00"))
    assert k.labor_gross_profit == D("120.00")  # not the 180.00 of labor sales
    assert k.parts_gross_profit == D("50.00")
    assert k.gross_profit == D("170.00") and k.gross_margin == D("65.4")  # 170 of 260
    assert k.effective_labor_rate == D("120.00")  # 180.00 over 1.5 billed hours

    second = completed_order(
        services, desk, add_car(services, desk, plate="2BBB222").vehicle_id, tech.user_id,
        labor("Rotate tires", "0.5", "120.00"),
    )  # fmt: skip
    later = services.invoicing.post_from_work_order(desk, second.id)
    assert next(ln for ln in later.lines if ln.category == "labor").unit_cost == D("55.00")  # the new rate
    assert services.day_close.figures(owner, later.business_date).figures.net.labor_cost == D("87.50")
    assert services.invoicing.get(owner, invoice.id).lines == invoice.lines  # the first kept its snapshot
    audit_ok(services)


def test_a_technician_without_a_rate_leaves_the_lines_own_cost(
    services: Services, owner: Actor, desk: Actor, tech: Actor
) -> None:
    car = add_car(services, desk)
    order = completed_order(services, desk, car.vehicle_id, tech.user_id, labor("Diagnose", "1.0", "150.00"))
    invoice = services.invoicing.post_from_work_order(desk, order.id)
    assert next(ln for ln in invoice.lines if ln.category == "labor").unit_cost == D("0.00")
