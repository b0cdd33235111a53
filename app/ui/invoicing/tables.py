"""Tables of the Invoicing area: work ready to invoice, invoices, their lines and payments."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush

from app.services.invoicing.dto import AgingRow, InvoiceLineView, InvoiceRow, PaymentView, ReadyWorkOrder
from app.ui.formatting import amount_text as money_text
from app.ui.formatting import day_text, shop_locale
from app.ui.shared.table_model import RIGHT, AnyIndex, Column, RowTableModel
from app.ui.theme import tone

DUE_COLOR = "error"  # theme colours (app/ui/theme.py)
MUTED_COLOR = "muted"


def number_text(row: InvoiceRow) -> str:
    return f"CN {row.number}" if row.kind == "credit_note" else str(row.number)


def status_text(row: InvoiceRow) -> str:
    if row.status == "void":
        return "Void"
    if row.kind == "credit_note":
        return "Owed to customer" if row.balance_due < 0 else "Credit note"
    if row.balance_due == 0:
        return "On account" if row.on_account else "Paid"
    if row.paid:
        return "Part paid"
    return "Due"


READY_COLUMNS: tuple[Column[ReadyWorkOrder], ...] = (
    Column("For", lambda r: r.label, lambda r: (r.source, r.number), width=130),
    Column("Customer", lambda r: r.customer_name, width=170),
    Column("Vehicle", lambda r: r.vehicle, width=150),
    Column("Completed", lambda r: day_text(r.completed_at), lambda r: r.completed_at, width=100),
    Column(
        "Deposits",
        lambda r: money_text(r.deposits) if r.deposits else "",
        lambda r: r.deposits,
        RIGHT,
        width=80,
    ),
)

INVOICE_COLUMNS: tuple[Column[InvoiceRow], ...] = (
    Column("No.", number_text, lambda r: (r.kind, r.number), RIGHT, width=70),
    Column("Date", lambda r: day_text(r.business_date), lambda r: r.business_date, width=100),
    Column("Customer", lambda r: r.customer_name, width=170),
    Column("Vehicle", lambda r: r.vehicle_description, width=140),
    Column("WO", lambda r: str(r.work_order_number or ""), lambda r: r.work_order_number, RIGHT, width=60),
    Column("Total", lambda r: money_text(r.total), lambda r: r.total, RIGHT, width=90),
    Column("Paid", lambda r: money_text(r.paid), lambda r: r.paid, RIGHT, width=90),
    Column("Balance", lambda r: money_text(r.balance_due), lambda r: r.balance_due, RIGHT, width=90),
    Column("Status", status_text, width=110),
)

LINE_COLUMNS: tuple[Column[InvoiceLineView], ...] = (
    Column("Job", lambda r: str(r.job_position or ""), lambda r: r.job_position, RIGHT, width=40),
    Column("Type", lambda r: r.category.replace("_", " ").capitalize(), width=80),
    Column("Description", lambda r: r.description, width=230),
    Column("Part no.", lambda r: r.part_number, width=80),
    Column("Qty", lambda r: f"{r.quantity.normalize():f}", lambda r: r.quantity, RIGHT, width=60),
    Column("Unit price", lambda r: money_text(r.unit_price), lambda r: r.unit_price, RIGHT, width=85),
    Column("Amount", lambda r: money_text(r.printed), lambda r: r.printed, RIGHT, width=90),
)

PAYMENT_COLUMNS: tuple[Column[PaymentView], ...] = (
    Column("Date", lambda r: day_text(r.business_date), lambda r: r.received_at, width=100),
    Column("Method", lambda r: r.method_label, width=90),
    Column("Detail", lambda r: r.described(shop_locale()), width=240),
    Column("By", lambda r: r.taken_by, width=110),
    Column("Amount", lambda r: money_text(r.amount), lambda r: r.amount, RIGHT, width=90),
)


class ReadyModel(RowTableModel[ReadyWorkOrder]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(READY_COLUMNS, parent)


class InvoiceListModel(RowTableModel[InvoiceRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(INVOICE_COLUMNS, parent)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            row = self.row_at(index.row())
            if row is not None and row.status == "void":
                return QBrush(tone(MUTED_COLOR))
            if row is not None and row.balance_due > 0 and index.column() == 7:
                return QBrush(tone(DUE_COLOR))
        return super().data(index, role)


class InvoiceLinesModel(RowTableModel[InvoiceLineView]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(LINE_COLUMNS, parent)


class PaymentsModel(RowTableModel[PaymentView]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(PAYMENT_COLUMNS, parent)


def _bucket(name: str) -> Column[AgingRow]:
    def text(row: AgingRow) -> str:
        return money_text(row.buckets[name])

    def value(row: AgingRow) -> Decimal:
        return row.buckets[name]

    return Column(f"{name} days", text, value, RIGHT, width=85)


AGING_COLUMNS: tuple[Column[AgingRow], ...] = (
    Column("Customer", lambda r: r.customer_name, width=200),
    Column("Terms", lambda r: f"Net {r.terms_days}", lambda r: r.terms_days, width=70),
    *(_bucket(name) for name in ("0-30", "31-60", "61-90", "90+")),
    Column("Open", lambda r: money_text(r.total), lambda r: r.total, RIGHT, width=90),
)


class AgingModel(RowTableModel[AgingRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(AGING_COLUMNS, parent)
