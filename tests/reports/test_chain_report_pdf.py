"""The chain report on paper: a page per section, each with the figures the read model holds."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from io import BytesIO

from pypdf import PdfReader

from app.reports.chain_report import SECTIONS, render_chain_report
from app.services.day.chain_dto import ChainReport, ShopMonth, ShopStock, SlowMover

D = Decimal
NORTH, SOUTH = uuid.uuid4(), uuid.uuid4()


def _month(shop: uuid.UUID, name: str, month: date, sales: str, cars: int) -> ShopMonth:
    return ShopMonth(
        shop, name, month, invoices=cars, car_count=cars, sales=D(sales), labor=D(sales) / 2,
        parts=D(sales) / 2, ro_subtotal=D(sales), parts_cost=D(sales) / 4, labor_cost=D(sales) / 8,
        billed_hours=D("10.000") * cars,
    )  # fmt: skip


def _report() -> ChainReport:
    months = (
        _month(NORTH, "Northpoint Auto Repair", date(2026, 10, 1), "12000.00", 40),
        _month(NORTH, "Northpoint Auto Repair", date(2026, 11, 1), "15000.00", 50),
        _month(SOUTH, "Southshore Auto Repair", date(2026, 11, 1), "9000.00", 30),
    )
    return ChainReport(
        first_month=date(2026, 10, 1),
        last_month=date(2026, 11, 1),
        slow_since=date(2026, 6, 1),
        shops=((NORTH, "Northpoint Auto Repair"), (SOUTH, "Southshore Auto Repair")),
        months=months,
        stock=(
            ShopStock(NORTH, "Northpoint Auto Repair", 120, D("45000.00"), 30, D("9000.00")),
            ShopStock(SOUTH, "Southshore Auto Repair", 80, D("21000.00"), 10, D("2500.00")),
        ),
        slow_movers=(
            SlowMover("Northpoint Auto Repair", "BRK-000288", "Brake rotor front", D("40"), D("5873.60"), None),
            SlowMover("Southshore Auto Repair", "ELE-000092", "Headlight bulb H11", D("12"), D("310.00"),
                      datetime(2026, 3, 17, 5, tzinfo=UTC)),
        ),
    )  # fmt: skip


def test_each_section_has_its_own_page_with_its_figures() -> None:
    pages = [
        page.extract_text()
        for page in PdfReader(BytesIO(render_chain_report(_report(), "Chain owner"))).pages
    ]
    assert len(pages) == len(SECTIONS) == 5
    for text, section in zip(pages, SECTIONS, strict=True):
        assert section in text
    shops, months, matrix, stock, slow = pages
    assert "Northpoint Auto Repair" in shops and "36,000.00" in shops  # the chain's sales over both months
    assert "27,000.00" in shops  # Northpoint's two months
    assert "Oct 2026" in months and "24,000.00" in months  # November, both shops
    assert "9,000.00" in matrix and "Nov 2026" in matrix
    assert "$66,000.00" in stock and "$11,500.00" in stock  # the chain's stock and slow stock
    assert "BRK-000288" in slow and "never" in slow and "5,873.60" in slow
