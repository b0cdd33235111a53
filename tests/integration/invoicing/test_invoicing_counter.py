"""Invoices from counter sales (posted counter tickets), and a void that returns the parts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.db.engine import Database
from app.domain.errors import ValidationError
from app.domain.permissions import Actor, Role
from app.domain.pricing import ShopPricing
from app.services.container import Services
from app.services.parts.counter import SaleInput, SaleLine
from tests.integration.invoicing_helpers import account, card, counts
from tests.integration.stock_helpers import add_part, assert_ledger, on_hand
from tests.integration.work_order_helpers import add_car, audit_ok

D = Decimal


def test_a_counter_sale_is_invoiced_once_paid_and_voided_back_to_stock(
    services: Services, db: Database, owner: Actor, desk: Actor
) -> None:
    services.settings.update_pricing(owner, ShopPricing(tax_rate=D("0.08")))
    pads = add_part(services, owner, "BRK-4471", "10", cost="20.00", price="45.00", taxable=True)
    wipers = add_part(services, owner, "WB-22", "5", cost="4.00", price="12.50", taxable=True)
    ticket = services.counter.post_sale(
        desk, SaleInput((SaleLine(pads, "2"), SaleLine(wipers, "1")), "Walk-in <Wanda>")
    )
    assert on_hand(db, pads) == 8000
    invoice = services.invoicing.post_from_counter_ticket(desk, ticket.id)
    # 2 x 45.00 + 12.50 = 102.50; tax 8 % = 8.20; total 110.70
    assert (invoice.totals.parts, invoice.totals.tax, invoice.totals.total) == (
        D("102.50"),
        D("8.20"),
        D("110.70"),
    )
    assert invoice.counter_ticket_id == ticket.id and invoice.customer_name == "Walk-in <Wanda>"
    assert [(ln.part_number, ln.quantity) for ln in invoice.lines] == [
        ("BRK-4471", D("2.000")),
        ("WB-22", D("1.000")),
    ]
    before = counts(db)
    with pytest.raises(ValidationError, match="already invoice"):
        services.invoicing.post_from_counter_ticket(desk, ticket.id)
    assert counts(db) == before
    with pytest.raises(ValidationError, match="no open account"):
        services.payments.take(desk, invoice.id, [account("10.00")])
    voided = services.invoicing.void(owner, invoice.id, "Rang up twice", restock=True)
    assert voided.status == "void"
    assert (on_hand(db, pads), on_hand(db, wipers)) == (10000, 5000)
    assert_ledger(db)
    services.counter.void(desk, ticket.id, "cancel the sale too")  # the parts came back once, not twice
    assert (on_hand(db, pads), on_hand(db, wipers)) == (10000, 5000)
    assert_ledger(db)
    audit_ok(services)


def test_an_account_customer_charges_a_counter_sale(
    services: Services, db: Database, owner: Actor, desk: Actor
) -> None:
    services.settings.update_pricing(owner, ShopPricing(tax_rate=D("0")))
    car = add_car(services, desk, last_name="Fleet")
    services.accounts.save(owner, car.customer_id, terms_days=90)
    oil = add_part(services, owner, "OIL-5W30", "20", cost="5.00", price="9.00")
    ticket = services.counter.post_sale(desk, SaleInput((SaleLine(oil, "6"),)))
    invoice = services.invoicing.post_from_counter_ticket(
        desk, ticket.id, customer_id=car.customer_id, on_account=True
    )
    assert invoice.customer_name == "Maria Fleet" and invoice.account_open == D("54.00")
    assert invoice.balance_due == 0 and (invoice.due_date - invoice.business_date).days == 90  # type: ignore[operator]
    with pytest.raises(ValidationError, match="nothing is due"):
        services.payments.take(desk, invoice.id, [card("1.00")])


def test_voiding_a_work_order_invoice_returns_its_allocated_parts(
    services: Services, db: Database, owner: Actor, desk: Actor
) -> None:
    from app.domain.work_orders import Status
    from app.services.work_orders.estimates import JobInput
    from tests.integration.work_order_helpers import add_job, authorize, labor

    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    tech = services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")
    pads = add_part(services, owner, "BRK-4471", "10", cost="20.00", price="45.00", taxable=True)
    car = add_car(services, desk)
    view = services.work_orders.create(desk, car.vehicle_id)
    view = add_job(services, desk, view, "Front brakes", labor("Replace pads", "1", "120"))
    job = view.jobs[0].id
    view = services.estimates.update_job(
        desk, view.id, job, JobInput("Front brakes", technician_id=tech.user_id), view.version
    )
    view = authorize(services, desk, view, {"Front brakes": "approve"})
    view = services.work_orders.change_status(desk, view.id, Status.IN_PROGRESS, view.version)
    allocated = services.allocation.allocate(desk, view.id, job, pads, "2", view.version)
    assert on_hand(db, pads) == 8000
    view = authorize(services, desk, allocated.view, {"Front brakes": "approve"})
    view = services.work_orders.change_status(desk, view.id, Status.COMPLETED, view.version)
    invoice = services.invoicing.post_from_work_order(desk, view.id)
    assert [ln.part_number for ln in invoice.lines if ln.category == "part"] == ["BRK-4471"]
    voided = services.invoicing.void(owner, invoice.id, "Posted before the customer agreed", restock=True)
    assert voided.status == "void" and on_hand(db, pads) == 10000
    assert_ledger(db)
    audit_ok(services)
