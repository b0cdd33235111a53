"""A job's type picks its labor rate from the price sheet, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from app.domain.errors import ValidationError
from app.domain.permissions import Actor, Role
from app.domain.price_sheet import LaborRate, PriceLevel, PriceSheet
from app.domain.work_orders import Status
from app.reports.invoice import invoice_pdf
from app.services.container import Services
from app.services.work_orders.dto import WorkOrderView
from app.services.work_orders.estimates import JobInput
from tests.integration.work_order_helpers import Car, add_car, audit_ok, authorize, labor
from tests.reports.report_support import pdf_text

D = Decimal
SHEET = PriceSheet(
    labor_rates=(
        LaborRate("general", "General", D("120")),
        LaborRate("diagnostic", "Diagnostic", D("150")),
        LaborRate("warranty", "Warranty", D("90")),
        LaborRate("fleet", "Fleet", D("100")),
    ),
    job_type_rates=(("diagnostic", "diagnostic"), ("warranty", "warranty"), ("maintenance", "general")),
    price_levels=(PriceLevel("retail", "Retail"), PriceLevel("fleet", "Fleet", D("30"), "fleet")),
)


@pytest.fixture
def car(services: Services, desk: Actor) -> Car:
    return add_car(services, desk)


@pytest.fixture
def sheet(services: Services, owner: Actor) -> PriceSheet:
    return services.price_sheet.save_sheet(owner, SHEET)


def _estimate(services: Services, desk: Actor, car: Car, job_type: str = "") -> WorkOrderView:
    view = services.work_orders.create(desk, car.vehicle_id)
    view = services.estimates.add_job(desk, view.id, JobInput("Check engine light"), view.version)
    if job_type:
        view = services.estimates.set_job_type(desk, view.id, view.jobs[0].id, job_type, view.version)
    return services.estimates.add_line(desk, view.id, view.jobs[0].id, labor("Diagnose", "1.5"), view.version)


def _prices(view: WorkOrderView) -> list[tuple[Decimal, str]]:
    return [(line.unit_price, line.labor_rate_code) for line in view.jobs[0].lines]


def test_the_jobs_type_sets_its_labor_rate_and_the_invoice_bills_it(
    services: Services, owner: Actor, desk: Actor, car: Car, sheet: PriceSheet
) -> None:
    view = _estimate(services, desk, car, "diagnostic")
    assert view.jobs[0].job_type == "diagnostic"
    assert _prices(view) == [(D("150.00"), "diagnostic")]
    job = view.jobs[0].id
    view = services.estimates.add_line(desk, view.id, job, labor("Road test", "0.5", "99.00"), view.version)
    # to warranty: the line the sheet priced follows, the price typed by hand stays
    view = services.estimates.set_job_type(desk, view.id, job, "warranty", view.version)
    assert _prices(view) == [(D("90.00"), "warranty"), (D("99.00"), "")]
    # no type: the shop's default
    view = services.estimates.set_job_type(desk, view.id, job, "", view.version)
    assert (view.jobs[0].job_type, _prices(view)[0]) == ("", (D("120.00"), "general"))
    view = services.estimates.set_job_type(desk, view.id, job, "diagnostic", view.version)
    # editing the job's text (the job dialog) keeps its type
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    tech = services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")
    view = services.estimates.update_job(
        desk, view.id, job, JobInput("Check engine light", technician_id=tech.user_id), view.version
    )
    assert view.jobs[0].job_type == "diagnostic"
    view = authorize(services, desk, view, {"Check engine light": "approve"})
    with pytest.raises(ValidationError) as refused:
        services.estimates.set_job_type(desk, view.id, job, "warranty", view.version)
    assert "estimate" in str(refused.value.errors["job_type"])
    view = services.work_orders.change_status(desk, view.id, Status.IN_PROGRESS, view.version)
    view = services.work_orders.change_status(desk, view.id, Status.COMPLETED, view.version)
    invoice = services.invoicing.post_from_work_order(desk, view.id)
    # 1.5 h diagnostic at 150.00 = 225.00, road test 0.5 h at 99.00 = 49.50
    assert [(ln.unit_price, ln.printed) for ln in invoice.lines] == [
        (D("150.00"), D("225.00")),
        (D("99.00"), D("49.50")),
    ]
    assert invoice.totals.labor == D("274.50")
    # the paper says which rate: the type's beside the diagnostic hours, none beside a typed price
    stored = services.invoicing.get(desk, invoice.id)
    assert (
        [ln.rate_label for ln in invoice.lines]
        == [ln.rate_label for ln in stored.lines]
        == ["diagnostic", ""]
    )
    paper = pdf_text(invoice_pdf(stored))
    assert "1.5 h @ 150.00 (diagnostic)" in paper
    assert "@ 99.00" not in paper
    # the credit note of the diagnostic hours says which rate it gives back
    credit = services.invoicing.credit_note(
        owner, invoice.id, "diagnosis redone free", {invoice.lines[0].id: D("1.5")}
    )
    assert [ln.rate_label for ln in services.invoicing.get(desk, credit.id).lines] == ["diagnostic"]
    assert "-1.5 h @ 150.00 (diagnostic)" in pdf_text(invoice_pdf(services.invoicing.get(desk, credit.id)))
    audit_ok(services)


def test_the_customers_rate_is_used_where_resolve_labor_rate_puts_it(
    services: Services, desk: Actor, car: Car, sheet: PriceSheet
) -> None:
    services.price_sheet.set_profile(desk, "customer", car.customer_id, "retail", "fleet")
    # no type: the customer's own rate beats the shop's default
    assert _prices(_estimate(services, desk, car)) == [(D("100.00"), "fleet")]
    # a type mapped to a rate: the nature of the work comes first
    assert _prices(_estimate(services, desk, car, "diagnostic")) == [(D("150.00"), "diagnostic")]
    assert _prices(_estimate(services, desk, car, "maintenance")) == [(D("120.00"), "general")]


def test_the_vehicles_level_gives_its_rate_when_the_type_has_none(
    services: Services, desk: Actor, car: Car, sheet: PriceSheet
) -> None:
    services.price_sheet.set_profile(desk, "vehicle", car.vehicle_id, "fleet")
    view = _estimate(services, desk, car)
    assert _prices(view) == [(D("100.00"), "fleet")]
    view = services.estimates.set_job_type(desk, view.id, view.jobs[0].id, "warranty", view.version)
    assert _prices(view) == [(D("90.00"), "warranty")]


def test_an_unknown_type_is_refused_and_a_canned_job_brings_its_type(
    services: Services, owner: Actor, desk: Actor, car: Car, sheet: PriceSheet
) -> None:
    view = _estimate(services, desk, car)
    with pytest.raises(ValidationError) as refused:
        services.estimates.set_job_type(desk, view.id, view.jobs[0].id, "bodywork", view.version)
    assert "bodywork" in str(refused.value.errors["job_type"])
    canned = services.settings.save_canned_job(
        owner, "Warranty check", "", [labor("Inspect", "1")], job_type="warranty"
    )
    assert canned.job_type == "warranty"
    view = services.estimates.add_canned_job(desk, view.id, canned.id, view.version)
    added = view.jobs[-1]
    assert added.job_type == "warranty"
    assert [(ln.unit_price, ln.labor_rate_code) for ln in added.lines] == [(D("90.00"), "warranty")]
    audit_ok(services)


def test_re_pricing_takes_todays_rate_for_each_jobs_type(
    services: Services, owner: Actor, desk: Actor, car: Car, sheet: PriceSheet
) -> None:
    view = _estimate(services, desk, car, "diagnostic")
    job = view.jobs[0].id
    view = services.estimates.add_line(desk, view.id, job, labor("Road test", "0.5", "99.00"), view.version)
    dearer = replace(
        SHEET,
        labor_rates=(
            *SHEET.labor_rates[:1],
            LaborRate("diagnostic", "Diagnostic", D("175")),
            *SHEET.labor_rates[2:],
        ),
    )
    services.price_sheet.save_sheet(owner, dearer)
    assert _prices(services.work_orders.get(desk, view.id)) == [(D("150.00"), "diagnostic"), (D("99.00"), "")]
    view = services.estimates.reprice(desk, view.id, view.version)
    assert _prices(view) == [(D("175.00"), "diagnostic"), (D("99.00"), "")]
    audit_ok(services)
