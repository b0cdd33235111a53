"""Cores: quoted before posting, and tracked on their own shelf, never as stock for sale."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from app.db.engine import Database
from app.domain.errors import ValidationError
from app.domain.permissions import Actor, Role
from app.domain.stock import InsufficientStockError
from app.services.container import Services
from app.services.parts.counter import SaleInput, SaleLine
from tests.integration.stock_helpers import add_part, assert_ledger, movement_count, on_hand

D = Decimal


@pytest.fixture
def clerk(services: Services, owner: Actor) -> Actor:
    services.setup.add_user(owner, "pat", "Pat Parts", Role.PARTS, "parts password 1")
    return services.setup.sign_in("pat", "parts password 1", "Parts counter 1")


@pytest.fixture
def alternator(services: Services, owner: Actor, clerk: Actor) -> uuid.UUID:
    """A part with a core charge, bought from a vendor (its cores go back there)."""
    vendor = services.parts.create_vendor(owner, "Rebuilders Inc")
    return add_part(
        services,
        clerk,
        "ALT-9",
        "5",
        name="Alternator, reman",
        cost="90.00",
        price="180.00",
        core_charge="45.00",
        vendor_id=vendor.id,
        vendor_part_number="R-ALT9",
    )


def test_the_counter_ticket_carries_the_core_deposit_the_invoice_charges(
    services: Services, owner: Actor, clerk: Actor, alternator: uuid.UUID
) -> None:
    ticket = services.counter.post_sale(clerk, SaleInput((SaleLine(alternator, "2"),), "Walk-in"))
    assert (ticket.subtotal, ticket.cores) == (D("360.00"), D("90.00"))
    invoice = services.invoicing.post_from_counter_ticket(owner, ticket.id)
    assert invoice.totals.cores == ticket.cores  # what the counter quoted is what the invoice charges


def test_a_core_back_from_the_customer_is_on_its_own_shelf_and_never_for_sale(
    services: Services, clerk: Actor, alternator: uuid.UUID, db: Database
) -> None:
    stock_rows = movement_count(db)
    change = services.inventory.core_from_customer(clerk, alternator, "2", "old units", "ticket 5001")
    assert (change.on_hand, change.cores_on_hand) == (D("5.000"), D("2.000"))
    view = services.parts.get(clerk, alternator)
    assert (view.on_hand, view.cores_on_hand) == (D("5.000"), D("2.000"))
    assert movement_count(db) == stock_rows  # the stock ledger did not move
    with pytest.raises(InsufficientStockError, match="Only 5 of part ALT-9"):
        services.counter.post_sale(clerk, SaleInput((SaleLine(alternator, "6"),)))  # cores do not count

    with pytest.raises(ValidationError, match="only 2 core"):
        services.inventory.core_return(clerk, alternator, "3", "to the rebuilder")
    change = services.inventory.core_return(clerk, alternator, "2", "to the rebuilder")
    assert (change.on_hand, change.cores_on_hand) == (D("5.000"), D("0.000"))
    assert on_hand(db, alternator) == 5000
    ledger = services.inventory.core_movements(clerk, alternator)
    assert [(m.label, m.quantity, m.cores_after) for m in ledger] == [
        ("Core sent to vendor", D("-2"), D("0")),
        ("Core back from customer", D("2"), D("2")),
    ]
    assert ledger[1].document == "customer ticket 5001"
    assert_ledger(db)


def test_a_part_without_a_core_charge_takes_no_core(services: Services, clerk: Actor) -> None:
    filt = add_part(services, clerk, "OF-100", "5", cost="3.00")
    with pytest.raises(ValidationError, match="carries no core charge"):
        services.inventory.core_from_customer(clerk, filt, "1")
