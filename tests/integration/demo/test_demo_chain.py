"""The demo chain on both databases, at a small scale: every shop's history holds together.

Each shop keeps its own numbers, stock equals its ledger, every invoice is
the sum of its lines, every day close froze the day's documents, and the
audit chain (an entry for every history order, invoice and payment) verifies.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest
from sqlalchemy import BigInteger, func, select, type_coerce

from app.db.engine import Database
from app.db.models import Shop
from app.db.models_day import DayClose
from app.db.models_invoicing import Invoice, InvoiceLine
from app.db.models_parts import Inventory, StockMovement
from app.db.models_work_orders import WorkOrder
from app.demo.chain import ChainDemoService, ChainResult
from app.services.container import Services

SHOPS, ORDERS = 2, 400


@pytest.fixture
def chain(db: Database) -> tuple[Services, ChainResult]:
    services = Services.build(db)
    progress: list[int] = []
    result = ChainDemoService(db, services.changes).create(
        SHOPS, ORDERS, progress=lambda d, t: progress.append(d)
    )
    assert progress[-1] == SHOPS * (ORDERS + ORDERS // 5 + ORDERS * 3 // 10)  # the progress reached the end
    return services, result


def test_each_shop_has_its_own_numbered_history_and_its_audit_chain_verifies(
    chain: tuple[Services, ChainResult], db: Database
) -> None:
    services, result = chain
    assert (result.shops, result.work_orders) == (SHOPS, SHOPS * ORDERS)
    with db.session(write=False) as session:
        shops = session.execute(select(Shop.id, Shop.name)).all()
        assert len({name for _id, name in shops}) == SHOPS
        for shop_id, _name in shops:
            numbers = sorted(session.scalars(select(WorkOrder.number).where(WorkOrder.shop_id == shop_id)))
            assert len(numbers) >= ORDERS and numbers == list(range(numbers[0], numbers[0] + len(numbers)))
            invoices = sorted(session.scalars(select(Invoice.number).where(Invoice.shop_id == shop_id)))
            assert invoices == list(range(1, len(invoices) + 1))  # each shop's own gapless numbers
    reports = services.audit.verify()
    assert len(reports) == SHOPS and all(r.ok for r in reports), [r.first_problem for r in reports]
    assert all(r.checked > ORDERS * 2 for r in reports)  # an order, an invoice and a payment each


def test_stock_equals_the_ledger_and_invoices_equal_their_lines(
    chain: tuple[Services, ChainResult], db: Database
) -> None:
    cents = lambda column: func.sum(type_coerce(column, BigInteger))  # noqa: E731
    with db.session(write=False) as session:
        ledger = dict(
            session.execute(
                select(StockMovement.part_id, func.sum(StockMovement.quantity)).group_by(
                    StockMovement.part_id
                )
            ).all()
        )
        stock = session.execute(select(Inventory.part_id, Inventory.on_hand)).all()
        assert stock and all(on_hand == ledger.get(part, 0) for part, on_hand in stock)
        assert session.scalar(select(func.count()).where(StockMovement.quantity < 0)) > 0  # parts were sold
        lines = {
            row.invoice_id: row
            for row in session.execute(
                select(
                    InvoiceLine.invoice_id,
                    cents(InvoiceLine.amount).label("amount"),
                    cents(InvoiceLine.core_amount).label("cores"),
                ).group_by(InvoiceLine.invoice_id)
            )
        }
        invoices = session.execute(select(Invoice)).scalars().all()
        assert len(invoices) > ORDERS
        for invoice in invoices:
            summed = lines[invoice.id]
            assert int((invoice.labor + invoice.parts + invoice.fees + invoice.sublet) * 100) == summed.amount
            assert int(invoice.cores * 100) == summed.cores


def test_every_day_close_froze_the_sum_of_its_documents(
    chain: tuple[Services, ChainResult], db: Database
) -> None:
    with db.session(write=False) as session:
        sums: dict[tuple[object, object], list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
        for shop_id, day, total, _number in session.execute(
            select(Invoice.shop_id, Invoice.business_date, Invoice.total, Invoice.number)
        ):
            sums[(shop_id, day)][0] += total
            sums[(shop_id, day)][1] += 1
        closes = session.execute(
            select(DayClose.shop_id, DayClose.business_date, DayClose.gross_sales, DayClose.invoice_count)
        ).all()
        assert len({c.shop_id for c in closes}) == SHOPS
        for close in closes:
            total, count = sums[(close.shop_id, close.business_date)]
            assert (close.gross_sales, close.invoice_count) == (total, count)
