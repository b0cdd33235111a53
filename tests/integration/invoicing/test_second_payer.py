"""An insurer or warranty company as a second payer: the split invoice, its two balances, credits and aging."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

import pytest

from app.domain.customers import CustomerInput, CustomerKind
from app.domain.errors import ValidationError
from app.domain.permissions import Actor, Role
from app.domain.work_orders import Status
from app.reports.end_of_day import render_end_of_day
from app.reports.invoice import invoice_pdf
from app.services.container import Services
from app.services.invoicing.dto import InvoiceView
from app.services.work_orders.dto import WorkOrderView
from app.services.work_orders.estimates import JobInput
from tests.integration.day.books_support import iif_balance, iif_transactions
from tests.integration.invoicing_helpers import card, cash, check
from tests.integration.work_order_helpers import add_car, add_job, audit_ok, authorize, labor, part
from tests.reports.report_support import pdf_text

D = Decimal


@dataclass(frozen=True)
class Claim:
    order: WorkOrderView
    payer_id: uuid.UUID
    customer_id: uuid.UUID


@pytest.fixture(autouse=True)
def drawers(services: Services, owner: Actor, desk: Actor) -> None:
    services.drawers.open(desk, "100.00")


@pytest.fixture
def claim(services: Services, owner: Actor, desk: Actor) -> Claim:
    """A completed work order: a covered collision job and an uncovered oil change (tax 10.25 % on parts)."""
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    tech = services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")
    car = add_car(services, desk)
    insurer = services.customers.create_customer(
        desk, CustomerInput(kind=CustomerKind.COMPANY, company_name="Harbor Mutual", phone="(510) 555-0177")
    )
    services.accounts.save(owner, insurer.id, terms_days=30)
    view = services.work_orders.create(desk, car.vehicle_id)
    view = add_job(
        services,
        desk,
        view,
        "Collision repair",
        labor("Replace bumper", "3.0", "120.00"),
        part("Bumper", "1", "400.00"),
    )
    view = add_job(
        services, desk, view, "Oil change", labor("Oil service", "0.5", "120.00"), part("Oil", "1", "30.00")
    )
    for job in view.jobs:
        view = services.estimates.update_job(
            desk, view.id, job.id, JobInput(job.title, technician_id=tech.user_id), view.version
        )
    view = authorize(services, desk, view, {"Collision repair": "approve", "Oil change": "approve"})
    view = services.work_orders.change_status(desk, view.id, Status.IN_PROGRESS, view.version)
    view = services.work_orders.change_status(desk, view.id, Status.COMPLETED, view.version)
    return Claim(view, insurer.id, car.customer_id)


def _job(order: WorkOrderView, title: str) -> uuid.UUID:
    return next(j.id for j in order.jobs if j.title == title)


def _post(services: Services, desk: Actor, claim: Claim, **terms: object) -> InvoiceView:
    services.payers.set(
        desk, claim.order.id, claim.payer_id, claim_number="HM-2291", adjuster="Kim Adjuster", **terms
    )  # type: ignore[arg-type]
    return services.invoicing.post_from_work_order(desk, claim.order.id)


def test_the_split_invoice_has_two_parts_that_sum_to_the_total(
    services: Services, desk: Actor, claim: Claim
) -> None:
    invoice = _post(
        services, desk, claim, deductible="250.00", covered_job_ids=[_job(claim.order, "Collision repair")]
    )
    payer = invoice.payer
    assert payer is not None
    assert payer.payer_amount + payer.customer_amount == invoice.totals.total
    assert invoice.balance_due == payer.customer_amount == payer.customer_balance
    assert payer.payer_balance == payer.payer_amount
    # the paper prints both parts, each with its balance, and they add up to the printed total
    printed = " ".join(pdf_text(invoice_pdf(invoice)).split())
    for words in (
        "Harbor Mutual's part 551.00 $551.00",
        "Customer's part 343.08 $343.08",
        "HM-2291",
        "$894.08",
    ):
        assert words in printed
    audit_ok(services)


def _aging(services: Services, desk: Actor, customer_id: uuid.UUID) -> Decimal:
    return next(row.total for row in services.accounts.aging(desk) if row.customer_id == customer_id)


def test_each_part_is_paid_on_its_own_and_aged_as_the_payers(
    services: Services, desk: Actor, claim: Claim
) -> None:
    invoice = _post(
        services, desk, claim, deductible="250.00", covered_job_ids=[_job(claim.order, "Collision repair")]
    )
    # 894.08 = covered 760.00 + its tax 41.00 (400/430 of 44.08) less the 250.00 deductible -> insurer 551.00
    assert invoice.payer is not None
    assert (invoice.payer.payer_amount, invoice.payer.customer_amount) == (D("551.00"), D("343.08"))
    assert _aging(services, desk, claim.payer_id) == D("551.00")
    # the customer pays the deductible and the oil change at the counter: only the customer's part is due
    with pytest.raises(ValidationError):
        services.payments.take(desk, invoice.id, [card("894.08")])
    paid = services.payments.take(desk, invoice.id, [cash("343.08")]).invoice
    assert paid.balance_due == 0 and paid.payer is not None and paid.payer.payer_balance == D("551.00")
    # the insurer's check settles its part, and its account is clear
    services.payers.pay(desk, invoice.id, check("551.00", number="88120"))
    after = services.invoicing.get(desk, invoice.id)
    assert after.payer is not None
    assert (after.balance_due, after.payer.payer_balance) == (D("0.00"), D("0.00"))
    assert _aging(services, desk, claim.payer_id) == D("0.00")
    audit_ok(services)


def test_above_the_approval_the_excess_is_the_customers(
    services: Services, desk: Actor, claim: Claim
) -> None:
    invoice = _post(
        services,
        desk,
        claim,
        deductible="100.00",
        approval="500.00",
        covered_job_ids=[_job(claim.order, "Collision repair")],
    )
    assert invoice.payer is not None
    # covered 801.00 - 100.00 = 701.00 asked; 500.00 approved; 201.00 moves to the customer
    assert (invoice.payer.payer_amount, invoice.payer.over_approval) == (D("500.00"), D("201.00"))
    assert invoice.balance_due == D("394.08")


def test_a_deductible_larger_than_what_is_covered_leaves_the_payer_nothing(
    services: Services, desk: Actor, claim: Claim
) -> None:
    oil = next(ln.id for ln in claim.order.jobs[1].lines if ln.description == "Oil")
    invoice = _post(services, desk, claim, deductible="500.00", covered_line_ids=[oil])
    assert invoice.payer is not None
    assert (invoice.payer.payer_amount, invoice.payer.customer_amount) == (D("0.00"), D("894.08"))
    assert invoice.payer.deductible == D("33.08")  # 30.00 + its 3.08 of tax
    assert invoice.balance_due == D("894.08") and _aging(services, desk, claim.payer_id) == D("0.00")


def test_one_covered_line_carries_its_share_of_the_tax(services: Services, desk: Actor, claim: Claim) -> None:
    bumper = next(ln.id for ln in claim.order.jobs[0].lines if ln.description == "Bumper")
    invoice = _post(services, desk, claim, covered_line_ids=[bumper])
    assert invoice.payer is not None
    assert (invoice.payer.covered_tax, invoice.payer.payer_amount) == (D("41.00"), D("441.00"))
    assert invoice.payer.covered_positions == (2,)
    assert invoice.balance_due == D("453.08")


def test_a_credit_note_splits_the_same_way(
    services: Services, desk: Actor, owner: Actor, claim: Claim
) -> None:
    invoice = _post(
        services, desk, claim, deductible="250.00", covered_job_ids=[_job(claim.order, "Collision repair")]
    )
    services.payments.take(desk, invoice.id, [cash("343.08")])
    bumper = next(ln for ln in invoice.lines if ln.description == "Bumper")
    credit = services.invoicing.credit_note(owner, invoice.id, "bumper returned", {bumper.id: D("1")})
    assert credit.payer is not None
    # 441.00 (400.00 + 41.00 tax) off: the insurer's part was 551.00 of 801.00 covered, now 110.00 of 360.00
    assert credit.totals.total == D("-441.00")
    assert (credit.payer.payer_amount, credit.payer.customer_amount) == (D("-441.00"), D("0.00"))
    after = services.invoicing.get(desk, invoice.id)
    assert after.payer is not None and after.payer.payer_balance == D("110.00")
    assert _aging(services, desk, claim.payer_id) == D("110.00")
    # crediting the rest: the insurer loses its 110.00, the customer is owed the deductible and the oil change
    rest = services.invoicing.credit_note(owner, invoice.id, "claim withdrawn")
    assert rest.payer is not None
    assert (rest.payer.payer_amount, rest.payer.customer_amount) == (D("-110.00"), D("-343.08"))
    assert rest.balance_due == D("-343.08") and rest.payer.customer_balance == D("-343.08")
    assert _aging(services, desk, claim.payer_id) == D("0.00")
    audit_ok(services)


def test_the_customers_own_account_carries_only_the_customers_part(
    services: Services, desk: Actor, owner: Actor, claim: Claim
) -> None:
    services.accounts.save(owner, claim.customer_id, terms_days=30)
    services.payers.set(
        desk,
        claim.order.id,
        claim.payer_id,
        deductible="250.00",
        covered_job_ids=[_job(claim.order, "Collision repair")],
    )
    invoice = services.invoicing.post_from_work_order(desk, claim.order.id, on_account=True)
    assert invoice.balance_due == 0 and invoice.account_open == D("343.08")
    assert _aging(services, desk, claim.customer_id) == D("343.08")
    assert _aging(services, desk, claim.payer_id) == D("551.00")
    # a void takes each charge back off its own account
    services.invoicing.void(owner, invoice.id, "posted to the wrong claim")
    assert _aging(services, desk, claim.customer_id) == D("0.00")
    assert _aging(services, desk, claim.payer_id) == D("0.00")


def test_the_payer_is_checked_and_can_be_cleared(services: Services, desk: Actor, claim: Claim) -> None:
    collision = _job(claim.order, "Collision repair")
    with pytest.raises(ValidationError, match="other than"):
        services.payers.set(desk, claim.order.id, claim.customer_id, covered_job_ids=[collision])
    with pytest.raises(ValidationError, match="choose the jobs"):
        services.payers.set(desk, claim.order.id, claim.payer_id)
    with pytest.raises(ValidationError, match="negative"):
        services.payers.set(
            desk, claim.order.id, claim.payer_id, deductible="-1", covered_job_ids=[collision]
        )
    set_ = services.payers.set(
        desk, claim.order.id, claim.payer_id, deductible="100", covered_job_ids=[collision]
    )
    assert services.payers.get(desk, claim.order.id) == set_ and set_.payer_name == "Harbor Mutual"
    services.payers.clear(desk, claim.order.id)
    assert services.payers.get(desk, claim.order.id) is None
    invoice = services.invoicing.post_from_work_order(desk, claim.order.id)
    assert invoice.payer is None and invoice.balance_due == D("894.08")


def test_end_of_day_and_the_books_show_both_parts(
    services: Services, desk: Actor, owner: Actor, claim: Claim
) -> None:
    invoice = _post(
        services, desk, claim, deductible="250.00", covered_job_ids=[_job(claim.order, "Collision repair")]
    )
    services.payments.take(desk, invoice.id, [cash("343.08")])
    services.payers.pay(desk, invoice.id, check("300.00", number="88120"))
    bumper = next(ln for ln in invoice.lines if ln.description == "Bumper")
    credit = services.invoicing.credit_note(owner, invoice.id, "bumper returned", {bumper.id: D("1")})
    day = invoice.business_date
    figures = services.day_close.figures(owner, day).figures
    # the day's sales are the sum of its documents, and each document's parts add up to it
    assert figures.net.total == invoice.totals.total + credit.totals.total == D("453.08")
    assert [(p.name, p.count, p.payer, p.customer) for p in figures.second_payers] == [
        ("Harbor Mutual", 2, D("551.00") - D("441.00"), D("343.08"))
    ]
    assert sum((p.payer + p.customer for p in figures.second_payers), D("0")) == figures.net.total
    printed = " ".join(pdf_text(render_end_of_day(services.day_close.figures(owner, day))).split())
    assert "Second payers" in printed and "Harbor Mutual" in printed and "110.00" in printed
    blocks = iif_transactions(services.books.export(owner, day, day, "iif").content.decode("utf-8"))
    assert all(iif_balance(block) == 0 for block in blocks)  # debits = credits in every transaction
    receivable: dict[str, Decimal] = {}
    for row in (r for block in blocks for r in block if r["ACCNT"] == "Accounts Receivable"):
        receivable[row["NAME"]] = receivable.get(row["NAME"], D("0")) + D(row["AMOUNT"])
    # the customer paid its part; the insurer owes 551.00 - 441.00 credited - 300.00 paid = -190.00 (overpaid)
    assert receivable == {"Maria Lopez": D("0.00"), "Harbor Mutual": D("-190.00")}
    invoice_block = next(b for b in blocks if b[0]["DOCNUM"] == f"INV {invoice.number}")
    assert {(r["NAME"], D(r["AMOUNT"])) for r in invoice_block if r["ACCNT"] == "Accounts Receivable"} == {
        ("Maria Lopez", D("343.08")),
        ("Harbor Mutual", D("551.00")),
    }
