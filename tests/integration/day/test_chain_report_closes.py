"""The chain report around a day close still equals the invoices summed by hand.

A shop posts, voids and credits around a close: a repair order voided the
same day (before the close), one voided the next business day (its closed day
counted it, the invoices no longer do), a credit note on the open day. The
report's figures are those of every invoice added up by hand, on both
databases, whichever way the report reads them (from the invoices, or the
closed days from their frozen figures).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest

from app.db.engine import Database
from app.domain.permissions import Actor, Role
from app.domain.work_orders import Status
from app.services.container import Services
from app.services.day.chain_reports import first_of_month
from app.services.invoicing.dto import InvoiceView
from app.services.work_orders.dto import WorkOrderView
from app.services.work_orders.estimates import JobInput
from tests.integration.day.test_chain_reports import _by_hand
from tests.integration.work_order_helpers import add_car, add_job, authorize, labor, part

CENT = Decimal("0.01")


@pytest.fixture
def tech(services: Services, owner: Actor) -> Actor:
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    return services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")


def _completed(services: Services, desk: Actor, tech: Actor, plate: str, pads: str) -> WorkOrderView:
    car = add_car(services, desk, plate=plate)
    view = services.work_orders.create(desk, car.vehicle_id)
    view = add_job(services, desk, view, "Front brakes", labor("Pads", "1.5"), part("Pads", "1", pads))
    job = JobInput("Front brakes", technician_id=tech.user_id)
    view = services.estimates.update_job(desk, view.id, view.jobs[0].id, job, view.version)
    view = authorize(services, desk, view, {"Front brakes": "approve"})
    view = services.work_orders.change_status(desk, view.id, Status.IN_PROGRESS, view.version)
    return services.work_orders.change_status(desk, view.id, Status.COMPLETED, view.version)


def _post(services: Services, desk: Actor, tech: Actor, plate: str, pads: str) -> InvoiceView:
    return services.invoicing.post_from_work_order(desk, _completed(services, desk, tech, plate, pads).id)


def test_closed_days_voids_after_the_close_and_credits_read_as_the_invoices_say(
    services: Services, owner: Actor, desk: Actor, tech: Actor, db: Database
) -> None:
    today = services.day_close.today(owner)
    kept = _post(services, desk, tech, "1AAA111", "80.00")
    voided_later = _post(services, desk, tech, "2BBB222", "95.00")
    voided_same_day = _post(services, desk, tech, "3CCC333", "60.00")
    services.invoicing.void(owner, voided_same_day.id, "Posted twice")
    assert services.day_close.close(owner, today).closed
    # the next business day: a void of a closed day's repair order, a credit note, a new invoice
    services.invoicing.void(owner, voided_later.id, "Posted to the wrong customer")
    services.invoicing.credit_note(owner, kept.id, "Pads returned")
    _post(services, desk, tech, "4DDD444", "120.00")

    last = first_of_month(today + timedelta(days=1))
    report = services.chain_reports.report(owner, last, 3)
    hand = _by_hand(db, report.first_month)
    assert {m.month for m in report.months} == {first_of_month(today), last}
    assert {(m.shop_id, m.month) for m in report.months} == set(hand)
    for row in report.months:
        expected = hand[(row.shop_id, row.month)]
        assert row.sales == expected["sales"]
        assert row.gross_profit == expected["sales"] - expected["cost"]
        assert row.car_count == expected["cars"]
        if expected["cars"]:
            assert row.aro == (expected["ro"] / expected["cars"]).quantize(CENT, ROUND_HALF_UP)
    assert report.total().car_count == 2  # the kept one and the new one
    assert sum(m.invoices for m in report.months) == 5  # four invoices and the credit note
