"""Behaviour of the Receiving and Count tabs of the Parts counter.

Receiving: the reorder list becomes purchase orders (one per vendor); a line
of an open order is received by typing what came in and Enter. Count: load a
bin or category, type each counted quantity and Enter, post the count with
its reason; the count sheet prints as PDF.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from app.domain.errors import BayDeskError, ValidationError
from app.domain.permissions import Actor
from app.domain.stock import AllocateOn, NegativeStock, StockSettings, markup_text, parse_amount, parse_markup
from app.services.container import Services
from app.services.parts.dto import CountResult, CountSheet, PurchaseOrderView, ReorderRow
from app.services.parts.stock import CountEntry
from app.ui import shortcuts
from app.ui.changes import ChangeBridge
from app.ui.errors import error_message
from app.ui.formatting import (
    TypedNumbers,
    money_input_text,
    parse_money,
    parse_number,
    plain,
    quantity_text,
    shop_locale,
)
from app.ui.parts.tables import (
    CountLine,
    CountModel,
    ReceivingModel,
    ReceivingRow,
    ReorderModel,
    vendor_account_text,
)
from app.ui.parts.view import CountPage, ReceivingPage, StockSettingsPage
from app.ui.printing import Document, DocumentPaper
from app.ui.shared.table_model import SortProxy
from app.ui.tasks import TaskRunner
from app.ui.widgets import configure_table, set_level

WATCHED = frozenset({"inventory", "stock_movements", "purchase_orders", "parts"})


def add_action(widget: QWidget, area: str, name: str, text: str, slot: Callable[[], Any]) -> QAction:
    """An action of one tab of the parts area, its key from app/ui/shortcuts.py."""
    action = QAction(text, widget)
    action.setObjectName(name)
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcuts.assign(action, area)
    action.triggered.connect(slot)
    widget.addAction(action)
    return action


class ReceivingController(QObject):
    loaded = Signal()

    def __init__(
        self,
        services: Services,
        actor: Actor,
        page: ReceivingPage,
        runner: TaskRunner,
        changes: ChangeBridge,
        paper: DocumentPaper | None = None,
        letterhead: tuple[str, ...] = (),
    ) -> None:
        super().__init__(page)
        self.services, self.actor, self.page, self.runner = services, actor, page, runner
        self.paper = paper or DocumentPaper(runner, page)
        self.paper.message.connect(lambda level, text: set_level(self.page.message, level, text))
        self.letterhead = letterhead
        self.orders: dict[uuid.UUID, PurchaseOrderView] = {}
        self.reorder = ReorderModel(self)
        self.reorder_proxy = SortProxy(self.reorder, self)
        configure_table(page.reorder, self.reorder_proxy, "reorder_list")
        self.lines = ReceivingModel(self)
        self.lines_proxy = SortProxy(self.lines, self)
        configure_table(page.receiving, self.lines_proxy, "receiving_lines")
        self._pending = 0
        self._timer = QTimer(self, singleShot=True, interval=80)
        self._timer.timeout.connect(self.load)
        page.create_orders_button.clicked.connect(self.create_orders)
        page.receive_button.clicked.connect(self.receive)
        page.quantity_edit.returnPressed.connect(self.receive)
        page.cost_edit.returnPressed.connect(self.receive)
        add_action(page, "parts.receiving", "create_orders", "Create purchase orders", self.create_orders)
        page.po_button.clicked.connect(self.print_order)
        changes.records_changed.connect(lambda changed: self._timer.start() if changed & WATCHED else None)

    def is_settled(self) -> bool:
        return not self._pending and not self._timer.isActive()

    def load(self) -> None:
        self._pending += 1

        def work() -> tuple[list[ReorderRow], list[PurchaseOrderView]]:
            return self.services.purchasing.reorder_list(
                self.actor
            ), self.services.purchasing.purchase_orders(self.actor)

        self.runner.run(work, self._show, self._failed, channel="receiving")

    def _show(self, result: tuple[list[ReorderRow], list[PurchaseOrderView]]) -> None:
        self._pending -= 1
        reorder, orders = result
        self.orders = {po.id: po for po in orders}
        self.reorder.set_rows(reorder)
        self.lines.set_rows(
            [
                ReceivingRow(po.id, po.number, po.version, po.vendor_name, line, po.vendor_balance)
                for po in orders
                for line in po.lines
                if line.outstanding > 0
            ]
        )
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self._pending -= 1
        set_level(self.page.message, "error", error_message(exc))

    def print_order(self) -> None:
        """The selected line's purchase order, previewed to print or save for the vendor."""
        current = self.page.receiving.currentIndex()
        row = self.lines_proxy.row_at(current.row()) if current.isValid() else None
        po = self.orders.get(row.po_id) if isinstance(row, ReceivingRow) else None
        if po is None:
            set_level(self.page.message, "hint", "Select a line of the purchase order to print.")
            return
        letterhead, shop = self.letterhead, shop_locale()

        def render() -> bytes:
            from app.reports.purchase_order import purchase_order_pdf

            return purchase_order_pdf(po, letterhead, shop)

        self.paper.preview(Document(f"Purchase order {po.number}", f"purchase-order-{po.number}.pdf", render))

    def create_orders(self) -> None:
        self.runner.run(
            lambda: self.services.purchasing.create_purchase_orders(self.actor),
            lambda orders: set_level(
                self.page.message,
                "ok",
                "Created " + ", ".join(f"PO {o.number} ({o.vendor_name})" for o in orders),
            ),
            lambda exc: set_level(self.page.message, "error", error_message(exc)),
        )

    def receive(self) -> None:
        current = self.page.receiving.currentIndex()
        row = self.lines_proxy.row_at(current.row()) if current.isValid() else None
        if not isinstance(row, ReceivingRow):
            set_level(self.page.message, "hint", "Select the line that came in first.")
            return
        typed = TypedNumbers()
        quantity = typed.number(self.page.quantity_edit.text(), "quantity")
        cost = typed.money(self.page.cost_edit.text(), "cost")
        if typed.errors:
            set_level(self.page.message, "error", error_message(ValidationError(typed.errors)))
            return
        costs = {row.line.id: cost} if cost.strip() else None
        self.runner.run(
            lambda: self.services.purchasing.receive(
                self.actor, row.po_id, {row.line.id: quantity}, row.po_version, costs
            ),
            self._received,
            lambda exc: set_level(self.page.message, "error", error_message(exc)),
        )

    def _received(self, po: PurchaseOrderView) -> None:
        self.page.quantity_edit.clear()
        self.page.cost_edit.clear()
        text = f"PO {po.number} is {po.status}; {vendor_account_text(po.vendor_name, po.vendor_balance)}."
        set_level(self.page.message, "warning" if po.warnings else "ok", " ".join([text, *po.warnings]))


class CountController(QObject):
    loaded = Signal()
    counted = Signal(object)  # CountResult

    def __init__(
        self,
        services: Services,
        actor: Actor,
        page: CountPage,
        runner: TaskRunner,
        paper: DocumentPaper | None = None,
    ) -> None:
        super().__init__(page)
        self.services, self.actor, self.page, self.runner = services, actor, page, runner
        self.paper = paper or DocumentPaper(runner, page)
        self.paper.message.connect(lambda level, text: set_level(self.page.message, level, text))
        self.model = CountModel(self)
        self.proxy = SortProxy(self.model, self)
        configure_table(page.table, self.proxy, "count_lines")
        self.sheet: CountSheet | None = None
        self._pending = 0
        page.load_button.clicked.connect(lambda: self.load())
        page.bin_edit.returnPressed.connect(lambda: self.load())
        page.category_edit.returnPressed.connect(lambda: self.load())
        page.counted_edit.returnPressed.connect(self.enter_count)
        page.post_button.clicked.connect(self.post)
        page.sheet_button.clicked.connect(self.print_sheet)
        add_action(page, "parts.count", "post_count", "Post the count", self.post)

    def is_settled(self) -> bool:
        return not self._pending

    def load(self, quiet: bool = False) -> None:
        """The parts of the bin or category typed; ``quiet`` keeps the message on screen."""
        bin_prefix, category = self.page.bin_edit.text(), self.page.category_edit.text()
        self._pending += 1
        self.runner.run(
            lambda: self.services.inventory.count_sheet(self.actor, bin_prefix, category),
            lambda sheet: self._show(sheet, quiet),
            self._failed,
        )

    def _show(self, sheet: CountSheet, quiet: bool = False) -> None:
        self._pending -= 1
        self.sheet = sheet
        self.model.set_rows([CountLine(row) for row in sheet.rows])
        if sheet.rows:
            self.page.table.selectRow(0)
            self.page.counted_edit.setFocus()
        if not quiet:
            set_level(self.page.message, "hint", f"{len(sheet.rows)} parts in {sheet.title}.")
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self._pending -= 1
        set_level(self.page.message, "error", error_message(exc))

    def enter_count(self) -> None:
        """The counted quantity of the selected row; the next row is selected for the next one."""
        current = self.page.table.currentIndex()
        if not current.isValid():
            return
        try:
            value = parse_number(self.page.counted_edit.text(), "counted")
        except ValidationError:
            set_level(
                self.page.message,
                "error",
                f"Type the number counted on the shelf (e.g. {quantity_text(Decimal('12.5'))}).",
            )
            return
        if value < 0:
            set_level(self.page.message, "error", "A count is zero or more.")
            return
        source = self.proxy.mapToSource(current).row()
        self.model.set_counted(source, value)
        self.page.counted_edit.clear()
        next_row = current.row() + 1
        if next_row < self.proxy.rowCount():
            self.page.table.selectRow(next_row)
        else:
            self.page.table.selectRow(current.row())

    def post(self) -> None:
        entries = [
            CountEntry(c.row.part_id, str(c.counted)) for c in self.model.rows() if c.counted is not None
        ]
        if not entries:
            set_level(self.page.message, "hint", "Enter at least one counted quantity.")
            return
        reason = self.page.reason_edit.text()
        self.runner.run(
            lambda: self.services.inventory.post_count(self.actor, entries, reason),
            self._posted,
            lambda exc: set_level(self.page.message, "error", error_message(exc)),
        )

    def _posted(self, result: CountResult) -> None:
        changed = (
            ", ".join(f"{c.sku} now {quantity_text(c.on_hand)}" for c in result.adjusted) or "no differences"
        )
        set_level(self.page.message, "ok", f"Count {result.number} posted: {changed}.")
        self.counted.emit(result)
        self.load(quiet=True)

    def print_sheet(self) -> None:
        """The loaded bin or category's count sheet, previewed to print or save."""
        sheet = self.sheet
        if sheet is None:
            set_level(self.page.message, "hint", "Load a bin or category first.")
            return
        shop = shop_locale()

        def render() -> bytes:
            from app.reports.count_sheet import count_sheet_pdf

            return count_sheet_pdf(sheet, shop)

        self.paper.preview(Document(f"Count sheet {sheet.title}", "count-sheet.pdf", render))


class StockSettingsController(QObject):
    """The owner's stock rules, read when the tab is built and saved with one button."""

    saved = Signal(object)  # StockSettings

    def __init__(self, services: Services, actor: Actor, page: StockSettingsPage, runner: TaskRunner) -> None:
        super().__init__(page)
        self.services, self.actor, self.page, self.runner = services, actor, page, runner
        self._pending = 0
        page.save_button.clicked.connect(self.save)
        add_action(page, "parts.settings", "save_stock_settings", "Save the stock settings", self.save)

    def is_settled(self) -> bool:
        return not self._pending

    def load(self) -> None:
        self._pending += 1
        self.runner.run(lambda: self.services.parts.stock_settings(self.actor), self._show, self._failed)

    def _show(self, settings: StockSettings) -> None:
        self._pending -= 1
        self.page.policy_combo.setCurrentIndex(self.page.policy_combo.findData(settings.negative_stock.value))
        self.page.markup_edit.setText(markup_text(settings.markup))
        self.page.allocate_combo.setCurrentIndex(
            self.page.allocate_combo.findData(settings.allocate_on.value)
        )
        self.page.threshold_edit.setText(money_input_text(settings.adjust_threshold))

    def _failed(self, exc: BaseException) -> None:
        self._pending -= 1
        set_level(self.page.message, "error", error_message(exc))

    def save(self) -> None:
        try:
            typed = self.page.threshold_edit.text()
            threshold = (
                parse_amount(plain(parse_money(typed, "adjust_threshold")), "adjust_threshold")
                if typed.strip()
                else None
            )
            settings = StockSettings(
                NegativeStock(self.page.policy_combo.currentData()),
                parse_markup(self.page.markup_edit.text()),
                threshold if threshold is not None else Decimal("0"),
                AllocateOn(self.page.allocate_combo.currentData()),
            )
        except BayDeskError as exc:
            set_level(self.page.message, "error", error_message(exc))
            return
        self.runner.run(
            lambda: self.services.inventory.update_settings(self.actor, settings),
            self._saved,
            lambda exc: set_level(self.page.message, "error", error_message(exc)),
        )

    def _saved(self, settings: StockSettings) -> None:
        set_level(self.page.message, "ok", "Saved. New sales and allocations use these rules.")
        self.saved.emit(settings)
