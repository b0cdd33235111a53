"""The customer's decision per job, re-authorization and declined work, on SQLite and PostgreSQL.

Shop of the ``owner`` fixture: 10.25 % tax on parts only, once per invoice, 150.00 an hour.
The estimate used throughout:
  Front brakes: labor 1.5 x 150.00 = 225.00, pads 2 x 45.99 = 91.98
  Wiper blades: 2 x 19.99 = 39.98 less 33.3333 % (39.98 x 0.333333 = 13.3266... -> 13.33) = 26.65
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.db.engine import Database
from app.domain.errors import ValidationError
from app.domain.permissions import Actor
from app.domain.totals import FeeRule
from app.domain.work_orders import Status
from app.services.container import Services
from app.services.work_orders.dto import WorkOrderView
from app.services.work_orders.orders import AuthorizationInput, WorkOrderFilter
from tests.integration.work_order_helpers import (
    Car,
    add_car,
    add_job,
    amounts,
    audit_ok,
    authorize,
    counts,
    job_id,
    labor,
    part,
    recompute,
)

D = Decimal
# approved brakes: 225.00 + 91.98 + tax 91.98 x 10.25% (9.42795 -> 9.43) = 326.41
BRAKES_AUTHORIZED = D("326.41")


@pytest.fixture
def car(services: Services, desk: Actor) -> Car:
    return add_car(services, desk)


def estimate(services: Services, desk: Actor, car: Car) -> WorkOrderView:
    view = services.work_orders.create(desk, car.vehicle_id, odometer_in=42_010)
    view = add_job(
        services,
        desk,
        view,
        "Front brakes",
        labor("Replace pads and rotors", "1.5"),
        part("Brake pads", "2", "45.99", "aftermarket"),
    )
    return add_job(
        services, desk, view, "Wiper blades", part("Wiper blades", "2", "19.99", discount_percent="33.3333")
    )


def brakes_approved_wipers_declined(services: Services, desk: Actor, car: Car) -> WorkOrderView:
    view = estimate(services, desk, car)
    return authorize(
        services,
        desk,
        view,
        {"Front brakes": "approve", "Wiper blades": "decline"},
        by="Maria Lopez",
        method="phone",
        phone="(510) 555-0142",
    )


def test_each_job_is_approved_or_declined_and_the_history_says_who_how_and_how_much(
    services: Services, desk: Actor, car: Car
) -> None:
    view = estimate(services, desk, car)
    # parts 91.98 + 26.65 = 118.63; tax 118.63 x 10.25% = 12.159575 -> 12.16; total 225 + 118.63 + 12.16 = 355.79
    assert (view.status_label, view.totals.total, view.authorized_total) == ("Estimate", D("355.79"), None)

    view = brakes_approved_wipers_declined(services, desk, car)
    assert view.status_label == "Approved"
    assert {job.title: job.decision for job in view.jobs} == {
        "Front brakes": "approved",
        "Wiper blades": "declined",
    }
    (entry,) = view.authorizations
    assert (entry.authorized_by, entry.method, entry.phone_called, entry.taken_by) == (
        "Maria Lopez",
        "phone",
        "(510) 555-0142",
        "Sam Writer",
    )
    assert (entry.amount, entry.previous_amount, entry.difference) == (
        BRAKES_AUTHORIZED,
        D("0.00"),
        BRAKES_AUTHORIZED,
    )
    assert (entry.approved_jobs, entry.declined_jobs) == (("Front brakes",), ("Wiper blades",))
    # the declined wipers count nowhere: not in what was approved, not in what the order will cost
    assert view.approved_totals.total == BRAKES_AUTHORIZED
    assert view.approved_totals.parts == D("91.98")
    assert view.totals.total == BRAKES_AUTHORIZED
    assert amounts(view.approved_totals) == amounts(recompute(view, FeeRule(), {"approved"}))
    assert (view.authorized_total, view.needs_reauthorization) == (BRAKES_AUTHORIZED, False)
    audit_ok(services)


def test_adding_to_an_approved_job_needs_the_customer_again_for_the_difference(
    services: Services, desk: Actor, car: Car
) -> None:
    view = brakes_approved_wipers_declined(services, desk, car)
    brakes = job_id(view, "Front brakes")
    view = services.estimates.add_line(
        desk, view.id, brakes, part("Brake hardware kit", "1", "14.99"), view.version
    )
    # parts 91.98 + 14.99 = 106.97; tax 106.97 x 10.25% = 10.964425 -> 10.96
    # total 225.00 + 106.97 + 10.96 = 342.93; difference 342.93 - 326.41 = 16.52
    assert view.needs_reauthorization
    assert next(j for j in view.jobs if j.title == "Front brakes").changed_since_authorized
    assert (view.totals.total, view.authorized_total) == (D("342.93"), BRAKES_AUTHORIZED)
    assert view.reauthorization_difference == D("16.52")
    (row,) = services.work_orders.list(desk, WorkOrderFilter()).rows
    assert row.needs_reauthorization

    auth = AuthorizationInput({brakes: "approve"}, "Jose Lopez", "text", relation="Spouse")
    view = services.work_orders.authorize(desk, view.id, auth, view.version)
    first, second = view.authorizations
    assert first.amount == BRAKES_AUTHORIZED
    assert (second.authorized_by, second.relation, second.method) == ("Jose Lopez", "Spouse", "text")
    assert (second.amount, second.previous_amount, second.difference) == (
        D("342.93"),
        BRAKES_AUTHORIZED,
        D("16.52"),
    )
    assert (view.needs_reauthorization, view.authorized_total, view.status) == (
        False,
        D("342.93"),
        "approved",
    )
    audit_ok(services)


def test_a_job_added_after_authorization_waits_for_the_customer(
    services: Services, desk: Actor, car: Car
) -> None:
    view = brakes_approved_wipers_declined(services, desk, car)
    view = add_job(services, desk, view, "Alignment", labor("Four-wheel alignment", "1"))
    # labor is not taxed here: the difference is the 150.00 of the alignment
    assert view.needs_reauthorization
    assert view.reauthorization_difference == D("150.00")
    assert view.approved_totals.total == BRAKES_AUTHORIZED

    view = authorize(services, desk, view, {"Alignment": "decline"})
    latest = view.authorizations[-1]
    assert (latest.amount, latest.difference, latest.declined_jobs) == (
        BRAKES_AUTHORIZED,
        D("0.00"),
        ("Alignment",),
    )
    assert not view.needs_reauthorization


def test_approved_status_comes_only_from_the_customers_authorization(
    services: Services, db: Database, desk: Actor, car: Car
) -> None:
    view = estimate(services, desk, car)
    before = counts(db)
    with pytest.raises(ValidationError) as caught:
        services.work_orders.change_status(desk, view.id, Status.APPROVED, view.version)
    assert "record the customer's authorization of at least one job first" in caught.value.message
    assert counts(db) == before
    assert services.work_orders.get(desk, view.id).status == "estimate"
    view = authorize(services, desk, view, {"Front brakes": "decline", "Wiper blades": "decline"})
    assert view.status == "estimate"  # everything declined: nothing approved
    with pytest.raises(ValidationError):
        services.work_orders.change_status(desk, view.id, Status.APPROVED, view.version)


BAD_AUTHORIZATIONS = [
    ({"authorized_by": "  "}, "authorized_by", "name the person who authorized"),
    ({"method": ""}, "method", "choose how the customer authorized"),
    ({"method": "fax"}, "method", "choose how the customer authorized"),
    ({"method": "phone"}, "phone_called", "record the number called"),
    ({"method": "phone", "phone_called": "call her"}, "phone_called", "may contain only digits"),
    ({"decisions": {}}, "decisions", "approve or decline at least one job"),
    ({"decisions": "maybe"}, "decisions", "each job is approved or declined"),
    ({"authorized_by": "M" * 101}, "authorized_by", "at most 100"),
    ({"relation": "R" * 51}, "relation", "at most 50"),
    ({"note": "N" * 401}, "note", "at most 400"),
    ({"note": "card 4111 1111 1111 1111"}, "note", "card number"),
]


def test_incomplete_authorization_is_refused_and_nothing_is_recorded(
    services: Services, db: Database, desk: Actor, car: Car
) -> None:
    view = estimate(services, desk, car)
    brakes = job_id(view, "Front brakes")
    before = counts(db)
    for change, field, words in BAD_AUTHORIZATIONS:
        fields = {"authorized_by": "Maria Lopez", "method": "in_person", **change}
        if fields.get("decisions") == "maybe":
            fields["decisions"] = {brakes: "maybe"}
        fields.setdefault("decisions", {brakes: "approve"})
        with pytest.raises(ValidationError) as caught:
            services.work_orders.authorize(desk, view.id, AuthorizationInput(**fields), view.version)
        assert words in caught.value.errors.get(field, ""), (change, caught.value.message)
        assert counts(db) == before, change
    again = services.work_orders.get(desk, view.id)
    assert (again.status, again.version, again.authorizations) == ("estimate", view.version, ())


def test_declined_work_stays_on_the_vehicle_until_copied_into_a_new_estimate(
    services: Services, db: Database, desk: Actor, car: Car
) -> None:
    first = brakes_approved_wipers_declined(services, desk, car)
    declined = services.work_orders.declined_work(desk, car.vehicle_id)
    assert [(d.work_order_number, d.title, d.concern, d.subtotal) for d in declined] == [
        (first.number, "Wiper blades", "Wiper blades, please", D("26.65"))
    ]

    other = add_car(services, desk, last_name="Nguyen", plate="8XYZ999")
    elsewhere = services.work_orders.create(desk, other.vehicle_id)
    before = counts(db)
    with pytest.raises(ValidationError) as caught:
        services.estimates.copy_declined(desk, elsewhere.id, [declined[0].job_id], elsewhere.version)
    assert "only onto the same vehicle" in caught.value.message
    assert counts(db) == before

    later = services.work_orders.create(desk, car.vehicle_id)
    later = services.estimates.copy_declined(desk, later.id, [declined[0].job_id], later.version)
    (job,) = later.jobs
    (line,) = job.lines
    assert (job.title, job.decision) == ("Wiper blades", "pending")
    assert (line.description, line.quantity, line.unit_price, line.amount) == (
        "Wiper blades",
        D("2"),
        D("19.99"),
        D("26.65"),
    )
    assert line.discount_percent == D("33.3333")
    # 26.65 + tax 26.65 x 10.25% (2.731625 -> 2.73) = 29.38
    assert later.totals.total == D("29.38")
    assert services.work_orders.declined_work(desk, car.vehicle_id) == []
    audit_ok(services)
