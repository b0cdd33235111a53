"""Cash goes into a drawer: every cash tender needs this terminal's open drawer, on both databases.

The drawer then balances by construction: expected = float + cash taken (what
was handed over less the change) + paid in - paid out, and the day's cash
payments are the sum of its drawers' cash.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest

from app.db.engine import Database
from app.domain.end_of_day import DrawerNeededError
from app.domain.errors import PermissionDeniedError, ValidationError
from app.domain.permissions import Actor, Role
from app.domain.pricing import ShopPricing
from app.domain.work_orders import Status
from app.services.container import Services
from app.services.invoicing.dto import InvoiceView
from app.services.work_orders.dto import WorkOrderView
from tests.integration.day_support import add_drawer_row, drawer_balance, payment_rows
from tests.integration.invoicing_helpers import card, cash, completed_order
from tests.integration.work_order_helpers import Car, add_car, add_job, audit_ok, authorize, labor, part

D = Decimal


@pytest.fixture
def tech(services: Services, owner: Actor) -> Actor:
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    return services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")


@pytest.fixture
def car(services: Services, desk: Actor) -> Car:
    return add_car(services, desk)


@pytest.fixture
def invoice(services: Services, owner: Actor, desk: Actor, tech: Actor, car: Car) -> InvoiceView:
    """An invoice of 219.17 (209.95 + 10.25 % tax on the 89.95 of parts)."""
    services.settings.update_pricing(owner, ShopPricing(tax_rate=D("0.1025")))
    order = completed_order(services, desk, car.vehicle_id, tech.user_id)
    return services.invoicing.post_from_work_order(desk, order.id)


def test_cash_with_no_drawer_open_is_refused_and_offers_to_open_one(
    services: Services, db: Database, desk: Actor, invoice: InvoiceView
) -> None:
    before = payment_rows(db)
    with pytest.raises(DrawerNeededError, match="open one"):
        services.payments.take(desk, invoice.id, [card("100.00"), cash("119.17", tendered="120.00")])
    assert payment_rows(db) == before  # the card half was not kept either

    assert services.payments.take(desk, invoice.id, [card("19.17")]).invoice.balance_due == D("200.00")


def test_cash_taken_into_the_open_drawer_counts_balanced(
    services: Services, db: Database, owner: Actor, desk: Actor, invoice: InvoiceView
) -> None:
    drawer = services.drawers.open(desk, "150.00")
    services.payments.take(desk, invoice.id, [cash("219.17", tendered="240.00")])
    services.drawers.move(desk, drawer.id, "paid_out", "12.35", "Coffee for the lounge")

    counted = services.drawers.count(desk, drawer.id, "356.82")  # what is really in the drawer

    # 150.00 + 240.00 handed over - 20.83 change - 12.35 paid out
    assert (counted.cash_taken, counted.expected, counted.over_short) == (D("219.17"), D("356.82"), D("0.00"))
    assert drawer_balance(db, drawer.id) == counted.expected
    day = services.day_close.figures(owner, drawer.business_date).figures
    cash_paid = sum((p.amount for p in day.payments if p.method == "cash"), D("0"))
    assert cash_paid == sum((d.cash_taken for d in day.drawers), D("0")) == D("219.17")
    audit_ok(services)


def test_a_counted_drawer_or_another_days_drawer_takes_no_cash(
    services: Services, db: Database, owner: Actor, desk: Actor, invoice: InvoiceView
) -> None:
    drawer = services.drawers.open(desk, "100.00")
    services.drawers.count(desk, drawer.id, "100.00")
    with pytest.raises(DrawerNeededError, match="counted"):
        services.payments.take(desk, invoice.id, [cash("10.00")])
    services.drawers.close(desk, drawer.id, "0")

    yesterday = drawer.business_date - timedelta(days=1)
    add_drawer_row(db, desk, yesterday, "80.00")  # left open last night
    with pytest.raises(DrawerNeededError, match="count and close it"):
        services.payments.take(desk, invoice.id, [cash("10.00")])
    # another terminal's drawer is not this one's either
    other = replace(desk, terminal_id=services.setup.register_terminal(desk.shop_id, "Counter"))
    services.drawers.open(owner, "50.00")
    with pytest.raises(DrawerNeededError):
        services.payments.take(other, invoice.id, [cash("10.00")])


def test_a_cash_deposit_and_a_cash_account_payment_need_the_drawer_too(
    services: Services, owner: Actor, desk: Actor, car: Car
) -> None:
    view = services.work_orders.create(desk, car.vehicle_id)
    view = add_job(services, desk, view, "Brakes", labor("Pads", "1.0", "150.00"))
    view = authorize(services, desk, view, {"Brakes": "approve"})
    with pytest.raises(DrawerNeededError):
        services.payments.deposit(desk, view.id, cash("50.00"))
    services.drawers.open(desk, "100.00")
    assert services.payments.deposit(desk, view.id, cash("50.00", tendered="60.00")) == D("10.00")
    customer = services.work_orders.get(desk, view.id).customer_id
    services.accounts.save(owner, customer, terms_days=30)
    with pytest.raises(DrawerNeededError):
        services.accounts.pay(owner, customer, cash("10.00"))  # the owner's terminal has no drawer


def _cancelled_with_deposit(services: Services, desk: Actor, car: Car) -> WorkOrderView:
    """A work order cancelled after the customer left 500.00 in cash and 300.00 by card."""
    view = services.work_orders.create(desk, car.vehicle_id)
    view = add_job(
        services, desk, view, "Engine", labor("Replace engine", "10", "150"), part("Engine", "1", "3000")
    )
    view = authorize(services, desk, view, {"Engine": "approve"})
    services.payments.deposit(desk, view.id, cash("500.00", tendered="500.00"))
    services.payments.deposit(desk, view.id, card("300.00"))
    view = services.work_orders.get(desk, view.id)
    return services.work_orders.change_status(desk, view.id, Status.CANCELLED, view.version)


def test_a_deposit_on_a_cancelled_order_is_refunded_through_the_drawer_with_a_reason(
    services: Services, db: Database, owner: Actor, desk: Actor, car: Car
) -> None:
    desk_drawer = services.drawers.open(desk, "100.00")
    order = _cancelled_with_deposit(services, desk, car)
    owner_drawer = services.drawers.open(owner, "600.00")

    with pytest.raises(ValidationError, match="Reason: is required"):
        services.payments.refund_deposit(owner, order.id, cash("500.00"), "")
    with pytest.raises(ValidationError, match=r"800\.00"):
        services.payments.refund_deposit(owner, order.id, cash("800.01"), "Customer took the car elsewhere")
    services.payments.refund_deposit(owner, order.id, cash("500.00"), "Customer took the car elsewhere")
    services.payments.refund_deposit(owner, order.id, card("300.00", reference="RFND 77"), "Same")
    with pytest.raises(ValidationError, match="no deposit"):
        services.payments.refund_deposit(owner, order.id, card("1.00"), "again")

    rows = [r for r in payment_rows(db) if r[0] == "deposit_refund"]
    assert sorted((r[1], r[2], r[3]) for r in rows) == [
        ("card", D("-300.00"), "Same"),
        ("cash", D("-500.00"), "Customer took the car elsewhere"),
    ]
    counted = services.drawers.count(owner, owner_drawer.id, "100.00")
    assert (counted.expected, counted.over_short) == (D("100.00"), D("0.00"))  # 600.00 - 500.00 paid back
    assert drawer_balance(db, owner_drawer.id) == D("100.00")
    assert services.drawers.count(desk, desk_drawer.id, "600.00").over_short == 0  # the 500.00 came in here
    audit_ok(services)


def test_only_a_cancelled_orders_deposit_is_refunded_and_by_whom_may(
    services: Services, owner: Actor, desk: Actor, car: Car
) -> None:
    services.drawers.open(desk, "100.00")
    view = services.work_orders.create(desk, car.vehicle_id)
    view = add_job(services, desk, view, "Brakes", labor("Pads", "1.0", "150.00"))
    view = authorize(services, desk, view, {"Brakes": "approve"})
    services.payments.deposit(desk, view.id, card("100.00"))
    with pytest.raises(PermissionDeniedError):
        services.payments.refund_deposit(desk, view.id, card("100.00"), "changed mind")
    with pytest.raises(ValidationError, match="cancelled"):
        services.payments.refund_deposit(owner, view.id, card("100.00"), "changed mind")


def test_a_cash_refund_never_pays_out_more_than_the_drawer_holds(
    services: Services, owner: Actor, desk: Actor, car: Car
) -> None:
    services.drawers.open(desk, "0.00")
    order = _cancelled_with_deposit(services, desk, car)
    services.drawers.open(owner, "20.00")
    with pytest.raises(ValidationError, match=r"more than the 20\.00 in the drawer"):
        services.payments.refund_deposit(owner, order.id, cash("500.00"), "Cancelled")
