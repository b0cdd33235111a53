"""Job and ticket discounts on an estimate, on SQLite and PostgreSQL: given, limited, printed, credited."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.cli import main
from app.domain.errors import PermissionDeniedError, StaleEditError, ValidationError
from app.domain.permissions import Actor, Role
from app.domain.price_sheet import LaborRate, PriceSheet, TaxComponent
from app.domain.work_orders import Status
from app.reports.estimate import estimate_pdf
from app.services.container import Services
from app.services.work_orders.discounts import DiscountInput
from app.services.work_orders.dto import WorkOrderView
from app.services.work_orders.estimates import JobInput
from tests.conftest import OWNER_PASSWORD
from tests.integration.work_order_helpers import (
    Car,
    add_car,
    add_job,
    audit_ok,
    authorize,
    job_id,
    labor,
    part,
)
from tests.reports.report_support import pdf_text

D = Decimal
SHEET = PriceSheet(
    labor_rates=(LaborRate("general", "General", D("100")),),
    taxes=(TaxComponent("state", "State tax", D("10"), ("part", "labor")),),
    discount_limits=(("front_desk", D("10")),),
)


@pytest.fixture
def car(services: Services, desk: Actor) -> Car:
    return add_car(services, desk)


@pytest.fixture
def estimate(services: Services, owner: Actor, desk: Actor, car: Car) -> WorkOrderView:
    """Brakes (2 h labor at 100.00, pads 80.00) and Oil (40.00), priced by the sheet."""
    services.price_sheet.save_sheet(owner, SHEET)
    view = services.work_orders.create(desk, car.vehicle_id)
    view = add_job(services, desk, view, "Brakes", labor("Brake job", "2"), part("Pads", "1", "80.00"))
    return add_job(services, desk, view, "Oil", part("Oil", "1", "40.00"))


def test_job_and_ticket_discounts_show_in_the_estimates_totals(
    services: Services, desk: Actor, estimate: WorkOrderView
) -> None:
    brakes = job_id(estimate, "Brakes")
    assert estimate.totals.total == D("352.00")  # 320.00 + 10 % tax
    view = services.order_discounts.set_discount(
        desk, estimate.id, brakes, DiscountInput("percent", "10", "loyal customer"), estimate.version
    )
    # 10 % of the brakes' 280.00 = 28.00; 292.00 + 29.20 tax
    assert (view.totals.discount, view.totals.total) == (D("28.00"), D("321.20"))
    preview = services.order_discounts.preview(desk, view.id, None, DiscountInput("amount", "16", "round"))
    assert (preview.amount, preview.covered, preview.percent, preview.needs_owner) == (
        D("16.00"),
        D("292.00"),
        D("5.48"),
        False,
    )
    view = services.order_discounts.set_discount(
        desk, view.id, None, DiscountInput("amount", "16.00", "round figure"), view.version
    )
    assert (view.totals.discount, view.totals.total) == (D("44.00"), D("303.60"))
    assert [(d.label, d.amount, d.reason, d.given_by, d.approved_by) for d in view.discounts] == [
        ("Brakes", D("28.00"), "loyal customer", "Sam Writer", ""),
        ("Ticket", D("16.00"), "round figure", "Sam Writer", ""),
    ]
    printed = pdf_text(estimate_pdf(view))  # the printed estimate names them with their reasons
    assert "Brakes discount: loyal customer" in printed and "Ticket discount: round figure" in printed
    assert "303.60" in printed
    # setting the job's discount again replaces it; removing the ticket's takes it off
    view = services.order_discounts.set_discount(
        desk, view.id, brakes, DiscountInput("amount", "20", "loyal customer"), view.version
    )
    view = services.order_discounts.remove_discount(desk, view.id, None, view.version)
    assert [(d.label, d.amount) for d in view.discounts] == [("Brakes", D("20.00"))]
    assert view.totals.total == D("330.00")
    with pytest.raises(StaleEditError):
        services.order_discounts.remove_discount(desk, view.id, brakes, view.version - 1)
    audit_ok(services)


def test_above_the_roles_limit_an_owner_approves(
    services: Services, owner: Actor, desk: Actor, estimate: WorkOrderView
) -> None:
    big = DiscountInput("percent", "20", "fleet trial")
    assert services.order_discounts.preview(desk, estimate.id, None, big).needs_owner
    with pytest.raises(PermissionDeniedError, match="20 % is above your limit of 10 %"):
        services.order_discounts.set_discount(desk, estimate.id, None, big, estimate.version)
    # an amount is held to the limit by what it covers: 40.00 of 320.00 is 12.5 %
    with pytest.raises(PermissionDeniedError, match=r"12\.5 %"):
        services.order_discounts.set_discount(
            desk, estimate.id, None, DiscountInput("amount", "40", "goodwill"), estimate.version
        )
    services.setup.add_user(owner, "parts", "Pat Parts", Role.PARTS, "parts password 1")
    not_owner = services.setup.sign_in("parts", "parts password 1", "Front desk 2")
    with pytest.raises(PermissionDeniedError):
        services.order_discounts.set_discount(desk, estimate.id, None, big, estimate.version, not_owner)
    view = services.order_discounts.set_discount(desk, estimate.id, None, big, estimate.version, owner)
    assert [(d.amount, d.given_by, d.approved_by) for d in view.discounts] == [
        (D("64.00"), "Sam Writer", "Olivia Owner")
    ]
    # the owner has no limit: her own discount needs nobody's approval
    view = services.order_discounts.set_discount(owner, view.id, None, big, view.version)
    assert (view.discounts[0].given_by, view.discounts[0].approved_by) == ("Olivia Owner", "")


def test_bad_discounts_are_refused_with_what_is_wrong(
    services: Services, desk: Actor, estimate: WorkOrderView
) -> None:
    oil = job_id(estimate, "Oil")
    cases = [
        (None, DiscountInput("percent", "150", "x"), "between 0 and 100"),
        (None, DiscountInput("percent", "-5", "x"), "more than zero"),
        (None, DiscountInput("amount", "ten", "x"), "type a number"),
        (None, DiscountInput("percent", "5", "  "), "say why"),
        (oil, DiscountInput("amount", "40.01", "x"), "more than 'Oil' comes to (40.00)"),
        (None, DiscountInput("amount", "500", "x"), "more than the ticket comes to (320.00)"),
    ]
    for job, typed, said in cases:
        with pytest.raises(ValidationError, match=said.replace("(", r"\(").replace(")", r"\)")):
            services.order_discounts.set_discount(desk, estimate.id, job, typed, estimate.version)
    with pytest.raises(ValidationError, match="at most 200"):
        services.order_discounts.set_discount(
            desk, estimate.id, None, DiscountInput("percent", "5", "x" * 201), estimate.version
        )
    assert services.work_orders.get(desk, estimate.id).discounts == ()


def test_without_a_price_sheet_job_discounts_are_refused_clearly(
    services: Services, desk: Actor, car: Car
) -> None:
    view = services.work_orders.create(desk, car.vehicle_id)
    view = add_job(services, desk, view, "Brakes", labor("Brake job", "2", "100.00"))
    with pytest.raises(ValidationError, match="need the price sheet"):
        services.order_discounts.set_discount(
            desk, view.id, None, DiscountInput("percent", "5", "loyal"), view.version
        )


def test_the_invoice_prints_the_discounts_and_a_credit_note_nets_them(
    services: Services,
    owner: Actor,
    desk: Actor,
    estimate: WorkOrderView,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    brakes = job_id(estimate, "Brakes")
    view = services.order_discounts.set_discount(
        desk, estimate.id, brakes, DiscountInput("percent", "10", "loyal customer"), estimate.version
    )
    view = services.order_discounts.set_discount(
        desk, view.id, None, DiscountInput("percent", "20", "fleet trial"), view.version, owner
    )
    view = authorize(services, desk, view, {"Brakes": "approve", "Oil": "approve"})
    view = worked(services, owner, desk, view)
    invoice = services.invoicing.post_from_work_order(desk, view.id)
    # brakes 280.00 less 28.00 = 252.00; oil 40.00; ticket 20 % of 292.00 = 58.40; 233.60 + 23.36 tax
    assert invoice.pricing_notes == (
        "Job 1 discount (10 %): loyal customer",
        "Ticket discount (20 %): fleet trial",
    )
    t = invoice.totals
    assert (t.discount, t.tax, t.total) == (D("86.40"), D("23.36"), D("256.96"))
    assert t.total == view.totals.total == view.authorized_total  # the estimate and the customer said so
    assert sum(line.printed for line in invoice.lines) + t.tax == t.total
    credit = services.invoicing.credit_note(owner, invoice.id, "comeback, redone free")
    assert credit.totals.total == -t.total
    assert sum(line.printed for line in credit.lines) + credit.totals.tax == credit.totals.total
    rows = services.price_sheet.discount_report(owner, invoice.business_date, invoice.business_date)
    assert [(r.label, r.reason, r.amount, r.given_by, r.approved_by) for r in rows] == [
        ("Job 1 discount (10 %)", "loyal customer", D("28.00"), "Sam Writer", ""),
        ("Ticket discount (20 %)", "fleet trial", D("58.40"), "Sam Writer", "Olivia Owner"),
    ]
    # the owner reads who gave and who approved each from the command line too
    url = services.price_sheet.db.url.render_as_string(hide_password=False)
    monkeypatch.setenv("BAYDESK_PASSWORD", OWNER_PASSWORD)
    day = invoice.business_date.isoformat()
    assert main(["--database", url, "discounts", "--from", day, "--to", day, "--as", "owner"]) == 0
    said = capsys.readouterr().out
    assert "Ticket discount (20 %): fleet trial" in said
    assert "given by Sam Writer, approved by Olivia Owner" in said
    # an invoiced order takes no new discount
    with pytest.raises(ValidationError, match="invoiced"):
        services.order_discounts.remove_discount(
            desk, view.id, None, invoice_order_version(services, desk, view)
        )
    audit_ok(services)


def invoice_order_version(services: Services, actor: Actor, view: WorkOrderView) -> int:
    return services.work_orders.get(actor, view.id).version


def test_a_declined_jobs_discount_takes_nothing_off_the_invoice(
    services: Services, owner: Actor, desk: Actor, estimate: WorkOrderView
) -> None:
    oil = job_id(estimate, "Oil")
    view = services.order_discounts.set_discount(
        desk, estimate.id, oil, DiscountInput("amount", "4", "coupon"), estimate.version
    )
    view = authorize(services, desk, view, {"Brakes": "approve", "Oil": "decline"})
    assert view.discounts[0].amount == D("0.00") and "declined" in view.discounts[0].note
    view = worked(services, owner, desk, view)
    invoice = services.invoicing.post_from_work_order(desk, view.id)
    assert (invoice.pricing_notes, invoice.totals.total) == ((), D("308.00"))


def worked(services: Services, owner: Actor, actor: Actor, view: WorkOrderView) -> WorkOrderView:
    """Each approved job given a technician, worked and completed."""
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    tech = services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")
    for job in view.jobs:
        if job.decision == "approved":
            typed = JobInput(job.title, job.concern, technician_id=tech.user_id)
            view = services.estimates.update_job(actor, view.id, job.id, typed, view.version)
    view = services.work_orders.change_status(actor, view.id, Status.IN_PROGRESS, view.version)
    return services.work_orders.change_status(actor, view.id, Status.COMPLETED, view.version)


def test_an_amount_the_lines_no_longer_cover_is_noted_and_not_posted(
    services: Services, owner: Actor, desk: Actor, estimate: WorkOrderView
) -> None:
    oil = job_id(estimate, "Oil")
    view = services.order_discounts.set_discount(
        owner, estimate.id, oil, DiscountInput("amount", "40", "free oil"), estimate.version
    )
    line = next(job for job in view.jobs if job.id == oil).lines[0]
    view = services.estimates.update_line(desk, view.id, line.id, part("Oil", "1", "30.00"), view.version)
    # the estimate still opens: the discount is listed with what to do, and takes nothing off
    assert view.discounts[0].amount == D("0.00") and "change or remove it" in view.discounts[0].note
    assert view.totals.total == D("341.00")  # 310.00 + 10 % tax
    view = authorize(services, desk, view, {"Brakes": "approve", "Oil": "approve"})
    view = worked(services, owner, desk, view)
    with pytest.raises(ValidationError, match="change or remove the job or ticket discount"):
        services.invoicing.post_from_work_order(desk, view.id)


def test_the_authorization_dialogs_amount_is_what_the_service_records(
    services: Services, desk: Actor, estimate: WorkOrderView
) -> None:
    view = services.order_discounts.set_discount(
        desk, estimate.id, None, DiscountInput("percent", "5", "loyal customer"), estimate.version
    )
    decisions = {job_id(view, "Brakes"): "approve", job_id(view, "Oil"): "decline"}
    # Brakes alone: 2 h at 100.00 + pads 80.00 = 280.00, less 5 % = 266.00, state tax 10 % = 26.60
    preview = view.amount_if_decided(decisions)  # what the dialog shows before Save
    authorized = authorize(services, desk, view, {"Brakes": "approve", "Oil": "decline"})
    assert preview == authorized.authorized_total == D("292.60")
