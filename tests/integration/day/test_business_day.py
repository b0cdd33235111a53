"""The business day, not the calendar day: closes go in order, and after a close the next day takes over.

As a POS after its Z report: once the owner closes today, what is posted,
paid or voided goes into the next business day, shown on the documents, and
the closed day's frozen figures stay the sum of that day's documents.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from app.db.engine import Database
from app.domain.errors import ConflictError, ValidationError
from app.domain.permissions import Actor, Role
from app.domain.work_orders import Status
from app.services.container import Services
from app.services.work_orders.dto import WorkOrderView
from app.services.work_orders.estimates import JobInput
from tests.integration.day_support import add_document, add_payment, day_sums
from tests.integration.invoicing_helpers import card, cash
from tests.integration.work_order_helpers import add_car, add_job, audit_ok, authorize, labor, part

D = Decimal


@pytest.fixture
def today(services: Services, owner: Actor) -> date:
    return services.day_close.today(owner)


@pytest.fixture
def tech(services: Services, owner: Actor) -> Actor:
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    return services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")


def completed(services: Services, desk: Actor, tech: Actor, plate: str) -> WorkOrderView:
    car = add_car(services, desk, plate=plate)
    view = services.work_orders.create(desk, car.vehicle_id)
    view = add_job(services, desk, view, "Front brakes", labor("Pads", "1.5"), part("Pads", "1", "80.00"))
    job = JobInput("Front brakes", technician_id=tech.user_id)
    view = services.estimates.update_job(desk, view.id, view.jobs[0].id, job, view.version)
    view = authorize(services, desk, view, {"Front brakes": "approve"})
    view = services.work_orders.change_status(desk, view.id, Status.IN_PROGRESS, view.version)
    return services.work_orders.change_status(desk, view.id, Status.COMPLETED, view.version)


def test_after_todays_close_postings_payments_and_voids_go_to_the_next_business_day(
    services: Services, owner: Actor, desk: Actor, tech: Actor, db: Database, today: date
) -> None:
    early = services.invoicing.post_from_work_order(desk, completed(services, desk, tech, "1AAA111").id)
    late = completed(services, desk, tech, "2BBB222")
    closed = services.day_close.close(owner, today)
    tomorrow = today + timedelta(days=1)
    assert services.day_close.today(owner) == tomorrow  # the business day new work goes to

    invoice = services.invoicing.post_from_work_order(desk, late.id)
    drawer = services.drawers.open(desk, "100.00")
    paid = services.payments.take(desk, invoice.id, [cash(str(invoice.totals.total))])
    services.invoicing.void(owner, early.id, "Posted to the wrong customer")

    assert (invoice.business_date, drawer.business_date) == (tomorrow, tomorrow)
    assert {p.business_date for p in paid.invoice.payments} == {tomorrow}
    # the closed day is as it was frozen, and still the sum of its own documents
    frozen = services.day_close.figures(owner, today)
    assert frozen.closed and frozen.figures == closed.figures
    assert (frozen.figures.invoices.count, frozen.figures.invoices.total) == day_sums(db, today)[:2]
    # the next business day holds what came after the close, and its figures add up the same way
    next_day = services.day_close.figures(owner, tomorrow).figures
    assert (next_day.invoices.count, next_day.invoices.total) == day_sums(db, tomorrow)[:2]
    assert next_day.voids.total == early.totals.total  # the void went to the next business day
    assert next_day.payments_total == invoice.totals.total
    audit_ok(services)


def test_days_close_in_order(
    services: Services, owner: Actor, desk: Actor, db: Database, today: date
) -> None:
    monday, tuesday, wednesday = (
        today - timedelta(days=3),
        today - timedelta(days=2),
        today - timedelta(days=1),
    )
    add_document(db, desk, monday, 1, labor="100.00")
    add_document(db, desk, tuesday, 2, labor="200.00")
    add_document(db, desk, wednesday, 3, labor="300.00")
    services.day_close.close(owner, monday)

    with pytest.raises(ValidationError, match=r"close .* first"):
        services.day_close.close(owner, wednesday)  # Tuesday, with business, is still open
    services.day_close.close(owner, tuesday)
    services.day_close.close(owner, wednesday)
    services.day_close.close(owner, today)  # a day with no business closes too

    add_document(db, desk, today - timedelta(days=5), 9, labor="50.00")  # found in a drawer, too late
    with pytest.raises(ConflictError, match="days close in order"):
        services.day_close.close(owner, today - timedelta(days=5))
    grand = [r.grand_total_after for r in reversed(services.day_close.recent(owner))]
    assert grand == [D("100.00"), D("300.00"), D("600.00"), D("600.00")]


def test_a_day_with_only_payments_or_a_drawer_must_close_before_a_later_one(
    services: Services, owner: Actor, desk: Actor, db: Database, today: date
) -> None:
    two_ago, yesterday = today - timedelta(days=2), today - timedelta(days=1)
    services.day_close.close(owner, two_ago)
    add_payment(db, desk, yesterday, "card", "40.00")  # an account payment, no document
    with pytest.raises(ValidationError, match="first"):
        services.day_close.close(owner, today)
    services.day_close.close(owner, yesterday)
    assert services.day_close.close(owner, today).closed


def test_the_next_business_day_closes_as_soon_as_it_has_begun_but_none_after_it(
    services: Services, owner: Actor, desk: Actor, today: date
) -> None:
    with pytest.raises(ValidationError, match="future"):
        services.day_close.close(owner, today + timedelta(days=1))
    services.day_close.close(owner, today)
    drawer = services.drawers.open(desk, "100.00")  # a late cash sale after the close
    services.drawers.count(desk, drawer.id, "100.00")
    services.drawers.close(desk, drawer.id, "0")
    assert services.day_close.close(owner, today + timedelta(days=1)).closed
    with pytest.raises(ValidationError, match="future"):
        services.day_close.close(owner, today + timedelta(days=3))


def test_a_card_payment_after_the_close_lands_on_the_next_day_not_the_closed_one(
    services: Services, owner: Actor, desk: Actor, tech: Actor, db: Database, today: date
) -> None:
    invoice = services.invoicing.post_from_work_order(desk, completed(services, desk, tech, "1AAA111").id)
    services.day_close.close(owner, today)
    services.payments.take(desk, invoice.id, [card(str(invoice.totals.total))])
    assert day_sums(db, today)[2] == D("0.00")  # no payment slipped into the closed day
    assert day_sums(db, today + timedelta(days=1))[2] == invoice.totals.total
