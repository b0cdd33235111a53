"""A counter sale to a customer with a price level prices each part at cost plus the level's markup,
on the ticket, its invoice and its receipt; without one, the catalog's price (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from app.domain.errors import NotFoundError
from app.domain.permissions import Actor
from app.domain.price_sheet import LaborRate, PriceLevel, PriceSheet
from app.reports.receipt_text import receipt_text
from app.services.container import Services
from app.services.parts.counter import SaleInput, SaleLine
from tests.integration.stock_helpers import add_part
from tests.integration.work_order_helpers import add_car, audit_ok

D = Decimal
SHEET = PriceSheet(
    labor_rates=(LaborRate("general", "General", D("120")),),
    price_levels=(
        PriceLevel("retail", "Retail"),
        PriceLevel("wholesale", "Wholesale", D("20")),
    ),
)


@pytest.fixture
def parts(services: Services, owner: Actor) -> tuple[uuid.UUID, uuid.UUID]:
    services.price_sheet.save_sheet(owner, SHEET)
    pads = add_part(services, owner, "BRK-4471", "10", cost="20.00", price="45.00")
    filters = add_part(services, owner, "OF-2", "10", cost="3.33", price="9.99")
    return pads, filters


def test_the_customers_level_prices_the_counter_sale_the_invoice_and_the_receipt(
    services: Services, owner: Actor, desk: Actor, parts: tuple[uuid.UUID, uuid.UUID]
) -> None:
    pads, filters = parts
    car = add_car(services, desk)
    services.price_sheet.set_profile(desk, "customer", car.customer_id, "wholesale")
    assert services.counter.price_level(desk, car.customer_id) == SHEET.price_levels[1]
    sale = SaleInput((SaleLine(pads, "2"), SaleLine(filters, "1")), customer_id=car.customer_id)
    ticket = services.counter.post_sale(desk, sale)
    # wholesale: cost + 20 %: pads 20.00 → 24.00, filter 3.33 → 3.996 → 4.00
    assert [(ln.sku, ln.unit_price) for ln in ticket.lines] == [("BRK-4471", D("24.00")), ("OF-2", D("4.00"))]
    assert ticket.customer_name == "Maria Lopez"
    invoice = services.invoicing.post_from_counter_ticket(desk, ticket.id, customer_id=car.customer_id)
    assert [(ln.unit_price, ln.amount) for ln in invoice.lines] == [
        (D("24.00"), D("48.00")),
        (D("4.00"), D("4.00")),
    ]
    assert invoice.totals.parts == D("52.00")
    printed = [line.text for line in receipt_text(invoice).lines]
    assert any("2 x 24.00" in text for text in printed)
    # the level changes later: the posted ticket and invoice keep their prices
    services.price_sheet.set_profile(desk, "customer", car.customer_id, "retail")
    assert services.counter.ticket(desk, ticket.id).lines[0].unit_price == D("24.00")
    assert services.invoicing.get(desk, invoice.id).lines[0].unit_price == D("24.00")
    audit_ok(services)


def test_a_walk_in_or_a_level_without_markup_pays_the_catalog_price(
    services: Services, desk: Actor, parts: tuple[uuid.UUID, uuid.UUID]
) -> None:
    pads, _filters = parts
    walk_in = services.counter.post_sale(desk, SaleInput((SaleLine(pads, "1"),), "Wanda"))
    assert (walk_in.lines[0].unit_price, walk_in.customer_name) == (D("45.00"), "Wanda")
    car = add_car(services, desk, "Retail", "8XYZ999")
    services.price_sheet.set_profile(desk, "customer", car.customer_id, "retail")
    assert services.counter.price_level(desk, car.customer_id) == SHEET.price_levels[0]
    retail = services.counter.post_sale(
        desk,
        SaleInput((SaleLine(pads, "1"),), customer_id=car.customer_id),
    )
    assert retail.lines[0].unit_price == D("45.00")
    plain = add_car(services, desk, "Plain", "9PLN000")  # no level at all
    assert services.counter.price_level(desk, plain.customer_id) is None


def test_an_unknown_customer_is_refused(
    services: Services, desk: Actor, parts: tuple[uuid.UUID, uuid.UUID]
) -> None:
    pads, _filters = parts
    with pytest.raises(NotFoundError):
        services.counter.post_sale(desk, SaleInput((SaleLine(pads, "1"),), customer_id=uuid.uuid4()))
