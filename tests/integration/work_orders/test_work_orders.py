"""The service writer's work orders through the services, on SQLite and PostgreSQL.

The shop of the ``owner`` fixture charges 10.25 % tax on parts only, rounded once per
invoice, 150.00 an hour of labor and no shop supplies, until a test changes it.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from app.db.engine import Database
from app.db.types import now_utc
from app.domain.customers import CustomerInput, CustomerKind, VehicleInput
from app.domain.errors import PermissionDeniedError, StaleEditError, ValidationError
from app.domain.permissions import Actor, Role
from app.domain.pricing import ShopPricing
from app.domain.totals import FeeRule, LineKind, RoundingMode
from app.domain.work_orders import Status, TransitionError
from app.services.container import Services
from app.services.customers.reminders import add_months
from app.services.work_orders.dto import WorkOrderView
from app.services.work_orders.estimates import JobInput, LineInput
from app.services.work_orders.orders import AuthorizationInput, WorkOrderFilter
from tests.integration.work_order_helpers import (
    Car,
    add_car,
    add_job,
    amounts,
    audit_ok,
    authorize,
    counts,
    fee,
    job_id,
    labor,
    part,
    recompute,
    sublet,
)

D = Decimal
NO_FEE = FeeRule()


@pytest.fixture
def car(services: Services, desk: Actor) -> Car:
    return add_car(services, desk)


@pytest.fixture
def tech(services: Services, owner: Actor) -> Actor:
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    return services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")


def brake_estimate(services: Services, desk: Actor, car: Car) -> WorkOrderView:
    view = services.work_orders.create(desk, car.vehicle_id, odometer_in=42_010)
    return add_job(
        services,
        desk,
        view,
        "Front brakes",
        labor("Replace pads and rotors", "1.5"),
        part("Brake pads", "2", "45.99", "aftermarket"),
        fee("Brake fluid disposal", "12.50"),
        sublet("Machine rotors", "80.00"),
    )


# --- opening a work order ----------------------------------------------------------------------


def test_work_orders_are_numbered_from_1001_with_the_odometer_in(
    services: Services, desk: Actor, car: Car
) -> None:
    first = services.work_orders.create(
        desk, car.vehicle_id, odometer_in=42_010, notes="Waiting in the lounge"
    )
    second = services.work_orders.create(desk, car.vehicle_id)
    assert (first.number, second.number) == (1001, 1002)
    assert (first.status_label, first.customer_name, first.vehicle) == (
        "Estimate",
        "Maria Lopez",
        "2016 Honda Civic",
    )
    assert (first.odometer_in, first.notes, first.plate) == (42_010, "Waiting in the lounge", "7ABC123")
    assert (first.labor_rate, first.tax_rate) == (D("150.00"), D("0.1025"))
    assert services.work_orders.find_number(desk, 1002) == second.id
    readings = services.customers.vehicle_history(desk, car.vehicle_id).readings
    assert sorted(r.reading for r in readings) == [42_000, 42_010]
    listed = services.work_orders.list(desk, WorkOrderFilter(text="1001")).rows
    assert [r.number for r in listed] == [1001]
    audit_ok(services)


def test_odometer_in_lower_than_the_last_reading_needs_a_reason(
    services: Services, db: Database, desk: Actor, car: Car
) -> None:
    before = counts(db)
    with pytest.raises(ValidationError) as caught:
        services.work_orders.create(desk, car.vehicle_id, odometer_in=41_000)
    assert "41,000 is lower than the last reading 42,000" in caught.value.message
    assert counts(db) == before
    view = services.work_orders.create(
        desk, car.vehicle_id, odometer_in=41_000, odometer_reason="Cluster replaced"
    )
    assert (view.number, view.odometer_in) == (1001, 41_000)  # the refused attempt used no number
    readings = services.customers.vehicle_history(desk, car.vehicle_id).readings
    assert {(r.reading, r.lower_reason) for r in readings} == {(42_000, ""), (41_000, "Cluster replaced")}
    audit_ok(services)


# --- lines and totals --------------------------------------------------------------------------


def test_lines_of_every_kind_and_the_totals_they_make(services: Services, desk: Actor, car: Car) -> None:
    view = brake_estimate(services, desk, car)
    (job,) = view.jobs
    labor_line, pads, disposal, machining = job.lines
    # labor typed without a price is charged at the work order's labor rate
    assert (labor_line.unit_price, labor_line.amount) == (D("150.00"), D("225.00"))
    assert (pads.condition, pads.amount, pads.taxable) == ("aftermarket", D("91.98"), True)
    assert (disposal.amount, machining.amount, machining.vendor) == (
        D("12.50"),
        D("80.00"),
        "ABC Machine Shop",
    )
    # labor 1.5 x 150.00 = 225.00; parts 2 x 45.99 = 91.98; fee 12.50; sublet 80.00
    # tax on parts only: 91.98 x 10.25% = 9.42795 -> 9.43; total 225 + 91.98 + 12.50 + 80 + 9.43 = 418.91
    t = view.totals
    assert (t.labor, t.parts, t.fees, t.sublet, t.tax, t.total) == (
        D("225.00"),
        D("91.98"),
        D("12.50"),
        D("80.00"),
        D("9.43"),
        D("418.91"),
    )
    assert job.subtotal == D("409.48")
    assert amounts(t) == amounts(recompute(view, NO_FEE, {"pending", "approved"}))
    assert services.work_orders.get(desk, view.id).totals == t
    audit_ok(services)


def test_discount_and_core_charge_on_a_part(services: Services, desk: Actor, car: Car) -> None:
    view = services.work_orders.create(desk, car.vehicle_id)
    battery = part("Battery", "1", "189.00", "new", discount_percent="10", core_charge="22.00")
    view = add_job(services, desk, view, "Battery", battery)
    # 189.00 less 10% (18.90) = 170.10; core 22.00 untaxed; tax 170.10 x 10.25% = 17.43525 -> 17.44
    # total 170.10 + 22.00 + 17.44 = 209.54
    t = view.totals
    assert (t.parts, t.discount, t.cores, t.tax, t.total) == (
        D("170.10"),
        D("18.90"),
        D("22.00"),
        D("17.44"),
        D("209.54"),
    )
    assert amounts(t) == amounts(recompute(view, NO_FEE, {"pending"}))
    # trailing zeros are not extra decimals: the same battery typed the long way costs the same
    typed = part("Battery", "1.0000", "189.000", "new", discount_percent="10.00000", core_charge="22.00")
    view = services.estimates.add_line(desk, view.id, view.jobs[0].id, typed, view.version)
    assert view.jobs[0].lines[1].amount == view.jobs[0].lines[0].amount == D("170.10")


def test_settings_change_waits_for_reprice(services: Services, owner: Actor, desk: Actor, car: Car) -> None:
    view = brake_estimate(services, desk, car)
    supplies = FeeRule(enabled=True, percent_of_labor=D("10"), cap=D("40.00"))
    services.settings.update_pricing(
        owner, ShopPricing(labor_rate=D("180.00"), tax_rate=D("0.0825"), taxable=("part",), fee_rule=supplies)
    )
    again = services.work_orders.get(desk, view.id)
    assert again.totals == view.totals  # still 418.91: the estimate the customer was given
    assert (again.labor_rate, again.tax_rate) == (D("150.00"), D("0.1025"))
    newer = services.work_orders.create(desk, car.vehicle_id)
    assert (newer.labor_rate, newer.tax_rate) == (D("180.00"), D("0.0825"))

    repriced = services.estimates.reprice(desk, view.id, again.version)
    # labor 1.5 x 180.00 = 270.00; supplies 10% of labor = 27.00 (under the 40.00 cap, untaxed)
    # tax 91.98 x 8.25% = 7.58835 -> 7.59; total 270 + 91.98 + 12.50 + 80 + 27.00 + 7.59 = 489.07
    t = repriced.totals
    assert (t.labor, t.shop_supplies, t.tax, t.total) == (D("270.00"), D("27.00"), D("7.59"), D("489.07"))
    assert amounts(t) == amounts(recompute(repriced, supplies, {"pending"}))
    audit_ok(services)


def test_canned_job_inserts_its_lines_at_the_current_labor_rate(
    services: Services, owner: Actor, desk: Actor, car: Car
) -> None:
    services.settings.update_pricing(
        owner, ShopPricing(labor_rate=D("160.00"), tax_rate=D("0.1025"), taxable=("part",))
    )
    lines = [
        labor("Change oil and filter", "0.5"),
        part("Oil filter", "1", "8.99", "oem"),
        part("5W-30 (qt)", "5", "6.49"),
    ]
    canned = services.settings.save_canned_job(desk, "Oil change", "Due for service", lines, 6, 5_000)
    assert [c.name for c in services.settings.canned_jobs(desk)] == ["Oil change"]

    view = services.work_orders.create(desk, car.vehicle_id)
    view = services.estimates.add_canned_job(desk, view.id, canned.id, view.version)
    (job,) = view.jobs
    assert (job.title, job.concern) == ("Oil change", "Due for service")
    assert [(ln.description, ln.unit_price, ln.amount) for ln in job.lines] == [
        ("Change oil and filter", D("160.00"), D("80.00")),
        ("Oil filter", D("8.99"), D("8.99")),
        ("5W-30 (qt)", D("6.49"), D("32.45")),
    ]
    # labor 0.5 x 160 = 80.00; parts 8.99 + 5 x 6.49 = 41.44; tax 41.44 x 10.25% = 4.2476 -> 4.25
    # total 80.00 + 41.44 + 4.25 = 125.69
    assert view.totals.total == D("125.69")
    audit_ok(services)


def test_canned_job_with_a_bad_line_is_refused_when_saved(
    services: Services, db: Database, desk: Actor
) -> None:
    before = counts(db)
    bad = [labor("Change oil", "0.5"), part("Oil filter", "1", "abc")]
    with pytest.raises(ValidationError) as caught:
        services.settings.save_canned_job(desk, "Oil change", "", bad)
    assert "'abc' is not a number" in caught.value.message
    assert "line 2" in caught.value.message.lower()
    assert counts(db) == before
    assert services.settings.canned_jobs(desk) == []


# --- bad input ---------------------------------------------------------------------------------


BAD_LINES = [
    (part("Pads", "-1", "45.99"), "quantity", "must be more than zero"),
    (part("Pads", "0", "45.99"), "quantity", "must be more than zero"),
    (labor("Rebuild engine", "150"), "quantity", "beyond reason"),
    (part("Pads", "1", "abc"), "unit_price", "'abc' is not a number"),
    (part("Pads", "1", "1.234"), "unit_price", "more than 2 decimals"),
    (part("Pads", "1", "NaN"), "unit_price", "is not a number"),
    (part("Pads", "1", "Infinity"), "unit_price", "is not a number"),
    (part("Pads", "1", "99999999999999999"), "unit_price", "at most"),
    (part("Pads", "1e20", "1.00"), "quantity", "is not a number"),  # scientific notation is no quantity
    (part("Pads", "100000000000000000000", "1.00"), "quantity", "at most"),
    (part("Pads", "1", "45.99", discount_percent="120"), "discount_percent", "between 0 and 100"),
    (part("Pads", "1", "  "), "unit_price", "is required"),
    (
        part("Pads", "1", "45.99", condition=""),
        "condition",
        "mark the part new, used, rebuilt, OEM or aftermarket",
    ),
    (LineInput(LineKind.FEE, "  ", "1", "5.00"), "description", "is required"),
]


def test_bad_lines_are_refused_and_nothing_is_saved(
    services: Services, db: Database, desk: Actor, car: Car
) -> None:
    view = brake_estimate(services, desk, car)
    pads = view.jobs[0].lines[1]
    before = counts(db)
    for line, field, words in BAD_LINES:
        with pytest.raises(ValidationError) as caught:
            services.estimates.add_line(desk, view.id, view.jobs[0].id, line, view.version)
        assert words in caught.value.errors.get(field, ""), (line, caught.value.message)
        with pytest.raises(ValidationError):
            services.estimates.update_line(desk, view.id, pads.id, line, view.version)
        assert counts(db) == before, line
    again = services.work_orders.get(desk, view.id)
    assert (again.version, again.totals, again.jobs[0].lines[1]) == (view.version, view.totals, pads)


# --- statuses ----------------------------------------------------------------------------------


def approved_brakes(services: Services, desk: Actor, car: Car) -> WorkOrderView:
    return authorize(services, desk, brake_estimate(services, desk, car), {"Front brakes": "approve"})


def test_status_moves_outside_the_workflow_are_refused_and_on_hold_needs_a_reason(
    services: Services, db: Database, desk: Actor, car: Car
) -> None:
    view = brake_estimate(services, desk, car)
    before = counts(db)
    with pytest.raises(TransitionError) as caught:
        services.work_orders.change_status(desk, view.id, Status.COMPLETED, view.version)
    assert "estimate cannot become completed; it can become: Approved, Cancelled" in caught.value.message
    assert counts(db) == before
    again = services.work_orders.get(desk, view.id)
    assert (again.status, again.version) == ("estimate", view.version)

    view = authorize(services, desk, view, {"Front brakes": "approve"})
    before = counts(db)
    with pytest.raises(ValidationError) as caught:
        services.work_orders.change_status(desk, view.id, Status.ON_HOLD, view.version, hold_reason="   ")
    assert "say why it is on hold" in caught.value.errors["hold_reason"]
    assert counts(db) == before
    held = services.work_orders.change_status(
        desk, view.id, Status.ON_HOLD, view.version, hold_reason="Waiting for parts"
    )
    assert (held.status_label, held.hold_reason) == ("On hold", "Waiting for parts")
    waiting = services.work_orders.list(desk, WorkOrderFilter(waiting_parts=True)).rows
    assert [(r.number, r.hold_reason) for r in waiting] == [(view.number, "Waiting for parts")]
    with pytest.raises(TransitionError, match="on hold cannot become completed"):
        services.work_orders.change_status(desk, held.id, Status.COMPLETED, held.version)
    resumed = services.work_orders.change_status(desk, view.id, Status.IN_PROGRESS, held.version)
    assert (resumed.status_label, resumed.hold_reason) == ("In progress", "")
    assert services.work_orders.list(desk, WorkOrderFilter(waiting_parts=True)).rows == ()
    audit_ok(services)


def test_completing_checks_authorization_technician_and_odometer(
    services: Services, db: Database, desk: Actor, tech: Actor, car: Car
) -> None:
    view = approved_brakes(services, desk, car)
    brakes = job_id(view, "Front brakes")

    def refused(view: WorkOrderView, odometer_out: int | None, words: str) -> None:
        before = counts(db)
        with pytest.raises(ValidationError) as caught:
            services.work_orders.change_status(
                desk, view.id, Status.COMPLETED, view.version, odometer_out=odometer_out
            )
        assert words in caught.value.message
        assert counts(db) == before
        assert services.work_orders.get(desk, view.id).status == "in_progress"

    view = services.work_orders.change_status(desk, view.id, Status.IN_PROGRESS, view.version)
    refused(view, 42_100, "assign a technician to: Front brakes")
    assigned = JobInput("Front brakes", technician_id=tech.user_id)
    view = services.estimates.update_job(desk, view.id, brakes, assigned, view.version)
    assert view.jobs[0].technician_name == "Terry Tech"
    view = services.estimates.add_line(
        desk, view.id, brakes, part("Brake hardware kit", "1", "14.99"), view.version
    )
    assert view.needs_reauthorization
    refused(view, 42_100, "the customer has not authorized the latest changes")
    view = authorize(
        services, desk, view, {"Front brakes": "approve"}, method="phone", phone="(510) 555-0142"
    )
    refused(view, 42_000, "42,000 is lower than the odometer in (42,010)")
    refused(view, 12_000_000, "9,999,999")

    done = services.work_orders.change_status(
        desk, view.id, Status.COMPLETED, view.version, odometer_out=42_025
    )
    assert (done.status_label, done.odometer_out) == ("Completed", 42_025)
    readings = services.customers.vehicle_history(desk, car.vehicle_id).readings
    assert max(r.reading for r in readings) == 42_025
    audit_ok(services)


def test_shop_that_requires_odometer_out_refuses_to_complete_without_it(
    services: Services, owner: Actor, desk: Actor, tech: Actor, car: Car
) -> None:
    services.settings.update_pricing(owner, ShopPricing(tax_rate=D("0.1025"), require_odometer_out=True))
    view = services.work_orders.create(desk, car.vehicle_id, odometer_in=42_010)
    view = add_job(services, desk, view, "Wipers", part("Wiper blades", "2", "19.99"))
    view = services.estimates.update_job(
        desk, view.id, view.jobs[0].id, JobInput("Wipers", technician_id=tech.user_id), view.version
    )
    view = authorize(services, desk, view, {"Wipers": "approve"})
    view = services.work_orders.change_status(desk, view.id, Status.IN_PROGRESS, view.version)
    with pytest.raises(ValidationError) as caught:
        services.work_orders.change_status(desk, view.id, Status.COMPLETED, view.version)
    assert "records the odometer when the car goes out" in caught.value.message
    done = services.work_orders.change_status(
        desk, view.id, Status.COMPLETED, view.version, odometer_out=42_012
    )
    assert done.status == "completed"


def test_completed_job_with_an_interval_sets_the_vehicle_reminder(
    services: Services, desk: Actor, tech: Actor, car: Car
) -> None:
    view = services.work_orders.create(desk, car.vehicle_id, odometer_in=42_010)
    view = services.estimates.add_job(
        desk,
        view.id,
        JobInput("Oil change", technician_id=tech.user_id, reminder_months=6, reminder_miles=5_000),
        view.version,
    )
    view = services.estimates.add_line(
        desk, view.id, view.jobs[0].id, labor("Oil and filter", "0.5"), view.version
    )
    view = authorize(services, desk, view, {"Oil change": "approve"})
    view = services.work_orders.change_status(desk, view.id, Status.IN_PROGRESS, view.version)
    assert services.reminders.for_vehicle(desk, car.vehicle_id) == []
    # the shop's calendar (the fixture's shop is in Los Angeles), not UTC's
    today = now_utc().astimezone(ZoneInfo("America/Los_Angeles")).date()
    services.work_orders.change_status(desk, view.id, Status.COMPLETED, view.version, odometer_out=42_100)
    (reminder,) = services.reminders.for_vehicle(desk, car.vehicle_id)
    assert (reminder.title, reminder.due_miles, reminder.overdue) == ("Oil change", 47_100, False)
    assert reminder.due_date in {add_months(today, 6), add_months(today + timedelta(days=1), 6)}
    audit_ok(services)


# --- optimistic lock ---------------------------------------------------------------------------


def test_second_save_of_the_same_version_is_refused_naming_who_changed_it(
    services: Services, db: Database, owner: Actor, desk: Actor, car: Car
) -> None:
    view = brake_estimate(services, desk, car)
    owner_copy = services.work_orders.get(owner, view.id)
    desk_copy = services.work_orders.get(desk, view.id)
    assert owner_copy.version == desk_copy.version
    services.estimates.add_job(owner, view.id, JobInput("Alignment"), owner_copy.version)
    before = counts(db)
    with pytest.raises(StaleEditError) as caught:
        services.estimates.add_job(desk, view.id, JobInput("Wipers"), desk_copy.version)
    assert caught.value.changed_by == "Olivia Owner"
    assert caught.value.message.startswith(f"Work order {view.number} was changed by Olivia Owner at ")
    assert counts(db) == before
    assert [j.title for j in services.work_orders.get(desk, view.id).jobs] == ["Front brakes", "Alignment"]
    with pytest.raises(StaleEditError):
        services.work_orders.change_status(desk, view.id, Status.CANCELLED, desk_copy.version)
    assert services.work_orders.get(desk, view.id).status == "estimate"


# --- history and the technician ----------------------------------------------------------------


def test_vehicle_history_lists_orders_newest_first_with_their_jobs(
    services: Services, desk: Actor, car: Car
) -> None:
    older = services.work_orders.create(desk, car.vehicle_id, odometer_in=42_010)
    older = add_job(services, desk, older, "Oil change", labor("Oil and filter", "0.5"))
    newer = brake_estimate(services, desk, car)
    newer = add_job(services, desk, newer, "Alignment", labor("Four-wheel alignment", "1"))
    other = add_car(services, desk, last_name="Nguyen", plate="8XYZ999")
    add_job(services, desk, services.work_orders.create(desk, other.vehicle_id), "Tires")

    history = services.work_orders.vehicle_history(desk, car.vehicle_id)
    assert [h.number for h in history] == [newer.number, older.number]
    assert [(j.title, j.subtotal) for j in history[0].jobs] == [
        ("Front brakes", D("409.48")),
        ("Alignment", D("150.00")),
    ]
    assert [(j.title, j.subtotal) for j in history[1].jobs] == [("Oil change", D("75.00"))]
    assert (history[0].total, history[1].total) == (newer.totals.total, older.totals.total)
    assert history[1].odometer_in == 42_010


def test_technician_records_findings_but_cannot_price(
    services: Services, db: Database, desk: Actor, tech: Actor, car: Car
) -> None:
    view = approved_brakes(services, desk, car)
    brakes = job_id(view, "Front brakes")
    found = JobInput(
        "Brakes (renamed)", cause="Pads at 2 mm, rotors scored", correction="Replaced pads and rotors"
    )
    view = services.estimates.update_job(tech, view.id, brakes, found, view.version)
    (job,) = view.jobs
    assert (job.title, job.cause, job.correction) == (
        "Front brakes",
        "Pads at 2 mm, rotors scored",
        "Replaced pads and rotors",
    )
    assert not view.needs_reauthorization
    before = counts(db)
    with pytest.raises(PermissionDeniedError) as caught:
        services.estimates.add_line(tech, view.id, brakes, part("Caliper", "1", "89.00"), view.version)
    assert "Terry Tech (Technician) may not write estimates" in caught.value.message
    with pytest.raises(PermissionDeniedError):
        services.work_orders.authorize(
            tech, view.id, AuthorizationInput({brakes: "approve"}, "Maria Lopez", "in_person"), view.version
        )
    assert counts(db) == before
    audit_ok(services)


def test_tax_exempt_fleet_customer_pays_no_tax(services: Services, desk: Actor) -> None:
    fleet = services.customers.create_customer(
        desk,
        CustomerInput(kind=CustomerKind.COMPANY, company_name="Acme Fleet", tax_exempt_number="RESALE-1234"),
    )
    van = services.customers.add_vehicle(desk, fleet.id, VehicleInput(plate="FLEET07"))
    view = services.work_orders.create(desk, van.vehicle.id)
    view = add_job(services, desk, view, "Brakes", part("Brake pads", "2", "45.99"))
    assert view.tax_exempt_number == "RESALE-1234"
    assert (view.totals.parts, view.totals.tax, view.totals.total) == (D("91.98"), D("0.00"), D("91.98"))


def test_shop_rounding_tax_per_line_charges_each_lines_cents(
    services: Services, owner: Actor, desk: Actor, car: Car
) -> None:
    services.settings.update_pricing(
        owner, ShopPricing(tax_rate=D("0.0825"), taxable=("part",), rounding=RoundingMode.PER_LINE)
    )
    view = services.work_orders.create(desk, car.vehicle_id)
    view = add_job(services, desk, view, "Clips", *[part(f"Clip {i}", "1", "0.33") for i in range(3)])
    # per line: 0.33 x 8.25% = 0.027225 -> 0.03, three times 0.09; total 0.99 + 0.09 = 1.08
    assert (view.rounding, view.totals.tax, view.totals.total) == ("per_line", D("0.09"), D("1.08"))
