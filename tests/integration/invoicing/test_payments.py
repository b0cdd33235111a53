"""Payments: cash with change, card, check, split, deposits, account, refunds, bad input."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import text

from app.db.engine import Database
from app.domain.errors import PermissionDeniedError, ValidationError
from app.domain.payments import Method, Tender
from app.domain.permissions import Actor, Role
from app.domain.pricing import ShopPricing
from app.services.container import Services
from app.services.invoicing.dto import InvoiceView
from tests.integration.invoicing_helpers import account, card, cash, check, completed_order, counts
from tests.integration.work_order_helpers import Car, add_car, add_job, audit_ok, authorize, labor, part

D = Decimal


@pytest.fixture
def tech(services: Services, owner: Actor) -> Actor:
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    return services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")


@pytest.fixture(autouse=True)
def drawers(services: Services, owner: Actor, desk: Actor) -> None:
    """Cash goes into a drawer: the desk's and the owner's terminals have theirs open."""
    services.drawers.open(desk, "100.00")
    services.drawers.open(owner, "500.00")


@pytest.fixture
def car(services: Services, desk: Actor) -> Car:
    return add_car(services, desk)


@pytest.fixture
def invoice(services: Services, owner: Actor, desk: Actor, tech: Actor, car: Car) -> InvoiceView:
    """An invoice of 209.95 + 10.25 % tax on the 89.95 of parts (9.22) = 219.17."""
    services.settings.update_pricing(owner, ShopPricing(tax_rate=D("0.1025")))
    order = completed_order(services, desk, car.vehicle_id, tech.user_id)
    posted = services.invoicing.post_from_work_order(desk, order.id)
    assert posted.totals.total == D("219.17")
    return posted


def test_cash_gives_change_and_the_balance_is_always_visible(
    services: Services, desk: Actor, invoice: InvoiceView
) -> None:
    first = services.payments.take(desk, invoice.id, [cash("100.00")])
    assert (first.invoice.paid, first.invoice.balance_due, first.change_due) == (
        D("100.00"),
        D("119.17"),
        D("0.00"),
    )
    second = services.payments.take(desk, invoice.id, [cash("119.17", tendered="140.00")])
    assert second.change_due == D("20.83")
    assert second.invoice.balance_due == 0
    last = second.invoice.payments[-1]
    assert (last.amount, last.tendered, last.change_given) == (D("119.17"), D("140.00"), D("20.83"))
    assert services.invoicing.awaiting_payment(desk) == []
    with pytest.raises(ValidationError, match="nothing is due"):
        services.payments.take(desk, invoice.id, [cash("1.00")])


def test_split_payment_card_and_cash_is_one_action(
    services: Services, db: Database, desk: Actor, invoice: InvoiceView
) -> None:
    result = services.payments.take(
        desk, invoice.id, [card("150.00", last4="1881"), cash("69.17", tendered="80.00")]
    )
    assert result.invoice.balance_due == 0 and result.change_due == D("10.83")
    methods = [(p.method, p.amount) for p in result.invoice.payments]
    assert methods == [("card", D("150.00")), ("cash", D("69.17"))]
    assert len({p.group_id for p in result.invoice.payments}) == 1
    assert result.invoice.payments[0].detail == "Visa ending 1881, ref AUTH 829301"
    # one bad tender refuses the whole split: nothing half-saved
    other = services.invoicing.get(desk, invoice.id)
    assert other.balance_due == 0


def test_overpaying_by_card_or_check_is_refused_and_nothing_is_saved(
    services: Services, db: Database, desk: Actor, invoice: InvoiceView
) -> None:
    before = counts(db)
    for tender in (card("219.18"), check("300.00")):
        with pytest.raises(ValidationError, match="only cash gives change"):
            services.payments.take(desk, invoice.id, [tender])
    with pytest.raises(ValidationError, match="only cash gives change"):
        services.payments.take(desk, invoice.id, [cash("100.00"), card("119.18")])
    assert counts(db) == before
    assert services.invoicing.get(desk, invoice.id).balance_due == D("219.17")


@pytest.mark.parametrize(
    ("tender", "words"),
    [
        (Tender(Method.CASH, D("-5.00")), "must not be negative"),
        (Tender(Method.CASH, D("0")), "more than zero"),
        (Tender(Method.CASH, D("1.005")), "more than 2 decimals"),
        (Tender(Method.CARD, D("5.00"), card_brand="Visa", card_last4="4111111111111111"), "card number"),
        (
            Tender(Method.CARD, D("5.00"), card_brand="Visa", card_last4="41x1", processor_reference="r"),
            "last four",
        ),
        (Tender(Method.CARD, D("5.00"), card_brand="Visa", card_last4="1111"), "reference"),
        (
            Tender(
                Method.CARD,
                D("5.00"),
                card_brand="Visa",
                card_last4="1111",
                processor_reference="4111-1111-1111-1111",
            ),
            "card number",
        ),
        (Tender(Method.CASH, D("5.00"), note="card 5500 0000 0000 0004 exp 12/29"), "card number"),
        (Tender(Method.CASH, D("5.00"), note="%B4111111111111111^DOE/JOHN^29121010000"), "card number"),
        (Tender(Method.CASH, D("5.00"), note="cvv 123"), "security code"),
        (Tender(Method.CHECK, D("5.00")), "check number"),
        (Tender(Method.CASH, D("5.00"), card_last4="1234"), "only with a card"),
    ],
)
def test_bad_tenders_are_refused(
    services: Services, db: Database, desk: Actor, invoice: InvoiceView, tender: Tender, words: str
) -> None:
    before = counts(db)
    with pytest.raises(ValidationError, match=words):
        services.payments.take(desk, invoice.id, [tender])
    assert counts(db) == before


def test_no_card_number_ever_reaches_the_payments_table(
    services: Services, db: Database, desk: Actor, invoice: InvoiceView
) -> None:
    services.payments.take(desk, invoice.id, [card("19.17", last4="0004")])
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM payments")).mappings().all()
    stored = " ".join(str(v) for row in rows for v in row.values())
    assert "0004" in stored and "5500" not in stored


def test_deposit_on_a_work_order_applies_to_its_invoice(
    services: Services, owner: Actor, desk: Actor, tech: Actor, car: Car
) -> None:
    services.settings.update_pricing(owner, ShopPricing(tax_rate=D("0")))
    view = services.work_orders.create(desk, car.vehicle_id)
    view = add_job(
        services, desk, view, "Engine", labor("Replace engine", "10", "150"), part("Engine", "1", "3000")
    )
    view = authorize(services, desk, view, {"Engine": "approve"})
    with pytest.raises(ValidationError, match="more than"):
        services.payments.deposit(desk, view.id, card("4500.01"))
    assert services.payments.deposit(desk, view.id, cash("1000.00", tendered="1000.00")) == 0
    from app.domain.work_orders import Status
    from app.services.work_orders.estimates import JobInput

    view = services.work_orders.get(desk, view.id)
    view = services.estimates.update_job(
        desk, view.id, view.jobs[0].id, JobInput("Engine", technician_id=tech.user_id), view.version
    )
    view = services.work_orders.change_status(desk, view.id, Status.IN_PROGRESS, view.version)
    view = services.work_orders.change_status(desk, view.id, Status.COMPLETED, view.version)
    ready = services.invoicing.ready_to_invoice(desk)
    assert [(r.number, r.deposits) for r in ready] == [(view.number, D("1000.00"))]
    posted = services.invoicing.post_from_work_order(desk, view.id)
    assert posted.totals.total == D("4500.00")
    assert (posted.paid, posted.balance_due) == (D("1000.00"), D("3500.00"))
    assert [p.kind for p in posted.payments] == ["deposit"]
    with pytest.raises(ValidationError, match="only cash gives change"):
        services.payments.take(desk, posted.id, [check("3500.01")])
    done = services.payments.take(desk, posted.id, [check("3500.00", number="2231")])
    assert done.invoice.balance_due == 0


def test_account_customer_posts_to_account_and_pays_several_invoices_at_once(
    services: Services, db: Database, owner: Actor, desk: Actor, tech: Actor, car: Car
) -> None:
    services.settings.update_pricing(owner, ShopPricing(tax_rate=D("0")))
    first_order = completed_order(services, desk, car.vehicle_id, tech.user_id)
    with pytest.raises(ValidationError, match="no open account"):
        services.invoicing.post_from_work_order(desk, first_order.id, on_account=True)
    with pytest.raises(ValidationError, match="net 30, 60 or 90"):
        services.accounts.save(desk, car.customer_id, terms_days=45)
    with pytest.raises(ValidationError, match="card number"):
        services.accounts.save(desk, car.customer_id, terms_days=30, note="4111 1111 1111 1111")
    acct = services.accounts.save(desk, car.customer_id, terms_days=30, tax_exempt_certificate="RESALE-123")
    assert (acct.terms_days, acct.open_balance) == (30, 0)
    first = services.invoicing.post_from_work_order(desk, first_order.id, on_account=True)
    assert first.balance_due == 0 and first.account_open == D("209.95")
    assert first.due_date is not None and (first.due_date - first.business_date).days == 30
    second_order = completed_order(services, desk, car.vehicle_id, tech.user_id)
    second = services.invoicing.post_from_work_order(desk, second_order.id)
    services.payments.take(desk, second.id, [cash("9.95"), account("200.00")])
    view = services.accounts.get(desk, car.customer_id)
    assert view is not None and view.open_balance == D("409.95")
    assert view.aging["0-30"] == D("409.95")
    with pytest.raises(ValidationError, match="more than"):
        services.accounts.pay(desk, car.customer_id, check("409.96"))
    # one check across both invoices, oldest first
    assert services.accounts.pay(desk, car.customer_id, check("300.00", number="5531")) == 0
    left = services.accounts.open_items(desk, car.customer_id)
    assert [(number, amount) for _, number, _, amount in left] == [(second.number, D("109.95"))]
    assert services.accounts.pay(desk, car.customer_id, cash("109.95", tendered="120.00")) == D("10.05")
    assert services.accounts.get(desk, car.customer_id).open_balance == 0  # type: ignore[union-attr]
    statement = services.accounts.statement(desk, car.customer_id, first.business_date, first.business_date)
    assert statement.opening_balance == 0 and statement.closing_balance == 0
    assert [line.charge for line in statement.lines if line.charge] == [D("209.95"), D("200.00")]
    assert sum(line.credit for line in statement.lines) == D("409.95")
    audit_ok(services)


def test_credit_on_an_account_invoice_lowers_the_account(
    services: Services, owner: Actor, desk: Actor, tech: Actor, car: Car
) -> None:
    services.settings.update_pricing(owner, ShopPricing(tax_rate=D("0")))
    services.accounts.save(owner, car.customer_id, terms_days=60)
    posted = services.invoicing.post_from_work_order(
        desk, completed_order(services, desk, car.vehicle_id, tech.user_id).id, on_account=True
    )
    pads = next(line for line in posted.lines if line.description == "Brake pads")
    credit = services.invoicing.credit_note(owner, posted.id, "pads returned", {pads.id: D("1")})
    assert credit.totals.total == D("-89.95") and credit.balance_due == 0
    assert services.accounts.get(desk, car.customer_id).open_balance == D("120.00")  # type: ignore[union-attr]


def test_refunds_need_the_right_and_a_credit_note(
    services: Services, owner: Actor, desk: Actor, invoice: InvoiceView
) -> None:
    services.payments.take(desk, invoice.id, [card("219.17")])
    with pytest.raises(ValidationError, match="credit note"):
        services.payments.refund(owner, invoice.id, cash("10.00"))
    credit = services.invoicing.credit_note(owner, invoice.id, "not fixed")
    with pytest.raises(PermissionDeniedError):
        services.payments.refund(desk, credit.id, cash("10.00"))
    with pytest.raises(ValidationError, match="refund by cash, card or check"):
        services.payments.refund(owner, credit.id, account("10.00"))
    done = services.payments.refund(owner, credit.id, replace(card("219.17"), processor_reference="RFND 1"))
    assert done.invoice.balance_due == 0
    assert done.invoice.payments[-1].amount == D("-219.17")


def test_an_account_stops_at_its_credit_limit(
    services: Services, db: Database, owner: Actor, desk: Actor, tech: Actor, car: Car
) -> None:
    services.settings.update_pricing(owner, ShopPricing(tax_rate=D("0")))
    services.accounts.save(owner, car.customer_id, terms_days=30, credit_limit="300.00")
    first = services.invoicing.post_from_work_order(
        desk, completed_order(services, desk, car.vehicle_id, tech.user_id).id, on_account=True
    )
    assert first.account_open == D("209.95")
    second = services.invoicing.post_from_work_order(
        desk, completed_order(services, desk, car.vehicle_id, tech.user_id).id
    )
    before = counts(db)
    with pytest.raises(ValidationError, match=r"over its credit limit of 300\.00"):
        services.payments.take(desk, second.id, [account("100.00")])
    assert counts(db) == before
    services.payments.take(desk, second.id, [account("90.05"), cash("119.90")])
    assert services.accounts.get(desk, car.customer_id).open_balance == D("300.00")  # type: ignore[union-attr]


def test_voiding_an_invoice_charged_to_an_account_takes_the_charge_back(
    services: Services, owner: Actor, desk: Actor, tech: Actor, car: Car
) -> None:
    services.settings.update_pricing(owner, ShopPricing(tax_rate=D("0")))
    services.accounts.save(owner, car.customer_id, terms_days=30)
    posted = services.invoicing.post_from_work_order(
        desk, completed_order(services, desk, car.vehicle_id, tech.user_id).id, on_account=True
    )
    assert services.accounts.get(desk, car.customer_id).open_balance == D("209.95")  # type: ignore[union-attr]
    voided = services.invoicing.void(owner, posted.id, "Wrong fleet account")
    assert voided.status == "void" and voided.account_open == 0
    assert [p.amount for p in voided.payments] == [D("209.95"), D("-209.95")]
    assert services.accounts.get(desk, car.customer_id).open_balance == 0  # type: ignore[union-attr]
    audit_ok(services)
