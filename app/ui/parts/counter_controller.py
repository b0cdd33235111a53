"""Behaviour of the Parts counter tab: look-up as you type, scans, the ticket, posting it.

A barcode scanner is a keyboard that types fast and ends with Enter or Tab:
told from typing by its speed wherever the cursor is in the counter
(app/ui/parts/scanner.py), a scan puts the part found by barcode, SKU or
vendor number on the ticket (or its quantity grows). Enter after a code typed
by hand in the look-up box does the same, and the box clears for the next. Typing without Enter searches as you type. Nothing is
saved until the ticket is posted: a counter sale, or an allocation of every
line to one job of a work order, each in one transaction.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QWidget

from app.domain.permissions import Action, Actor
from app.domain.price_sheet import PriceLevel
from app.services.container import Services
from app.services.parts.allocation import Allocated
from app.services.parts.catalog import PartInput
from app.services.parts.counter import SaleInput, SaleLine
from app.services.parts.dto import CounterTicketView, PartView, StockChange
from app.services.work_orders.dto import WorkOrderView
from app.ui import shortcuts
from app.ui.changes import ChangeBridge
from app.ui.errors import error_message
from app.ui.parts.counter_customer import CounterCustomer
from app.ui.parts.scanner import ScanDetector
from app.ui.parts.tables import PartResultsModel, TicketModel, money_text, qty_text
from app.ui.parts.view import CounterPage
from app.ui.shared.form import FormDialog
from app.ui.shared.table_model import SortProxy
from app.ui.tasks import TaskRunner
from app.ui.widgets import configure_table, focus_first_row, set_level

WATCHED_TABLES = frozenset(
    {"inventory", "stock_movements", "core_movements", "parts", "part_barcodes", "part_vendors"}
)
SEARCH_DELAY_MS = 150


def ask_quantity(parent: QWidget, question: str) -> str | None:
    """A quantity typed in a small box; None when the person cancels."""
    text, ok = QInputDialog.getText(parent, "Cores", question, text="1")
    return text if ok and text.strip() else None


class PartsCounterController(QObject):
    ticket_posted = Signal(object)  # CounterTicketView or Allocated
    results_shown = Signal(int)
    part_scanned = Signal(object)  # PartView
    dialog_opened = Signal(object)  # the part dialog, for whoever drives it (tests)
    ask_quantity = staticmethod(ask_quantity)  # a test answers instead of a person

    def __init__(
        self, services: Services, actor: Actor, page: CounterPage, runner: TaskRunner, changes: ChangeBridge
    ) -> None:
        super().__init__(page)
        self.services = services
        self.actor = actor
        self.page = page
        self.runner = runner
        self.results = PartResultsModel(self)
        self.results_proxy = SortProxy(self.results, self)
        configure_table(page.results, self.results_proxy, "part_results")
        self.ticket = TicketModel(self)
        self.ticket_proxy = SortProxy(self.ticket, self)
        configure_table(page.ticket, self.ticket_proxy, "ticket_lines")
        self.work_order: WorkOrderView | None = None
        self.unknown_code = ""
        self._last_query = ""  # what the results show: typed words, or the SKU last scanned
        self._scans_pending = 0
        self._focus_results = False  # Enter on words: the results take the keyboard when they arrive
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.search)
        self._refresh_timer = QTimer(self, singleShot=True, interval=80)
        self._refresh_timer.timeout.connect(self.refresh)
        self.customer = CounterCustomer(services, actor, page, runner)  # their price level prices the ticket
        self.customer.level_changed.connect(self._level_changed)
        self.customer.message.connect(lambda level, text: set_level(page.ticket_message, level, text))
        self._wire(page)
        self._actions(page)
        self.scanner = ScanDetector(page)  # a scanner's code, wherever the cursor is in the counter
        self.scanner.scanned.connect(self.scan_code)
        changes.records_changed.connect(self._records_changed)
        self._mode_changed()
        self._show_total()

    def _wire(self, page: CounterPage) -> None:
        page.search_edit.textEdited.connect(lambda _text: self._search_timer.start())
        page.search_edit.returnPressed.connect(self.scan)
        page.search_edit.down_pressed.connect(lambda: focus_first_row(page.results))
        page.results.activated.connect(lambda _index: self.add_selected())
        page.results.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        page.sale_radio.toggled.connect(lambda _on: self._mode_changed())
        page.work_order_edit.returnPressed.connect(self.load_work_order)
        page.plus_button.clicked.connect(lambda: self.change_quantity(Decimal(1)))
        page.minus_button.clicked.connect(lambda: self.change_quantity(Decimal(-1)))
        page.remove_button.clicked.connect(self.remove_line)
        page.clear_button.clicked.connect(self.clear_ticket)
        page.post_button.clicked.connect(self.post)

    def _actions(self, page: CounterPage) -> None:
        specs: list[tuple[str, str, Any]] = [
            ("focus_part_search", "Look up / scan", self.focus_search),
            ("post_ticket", "Post the ticket", self.post),
            ("ticket_plus", "One more of the ticket line", lambda: self.change_quantity(Decimal(1))),
            ("ticket_minus", "One less of the ticket line", lambda: self.change_quantity(Decimal(-1))),
            ("ticket_remove", "Remove the ticket line", self.remove_line),
            ("attach_barcode", "Attach the unknown code to the selected part", self.attach_code),
            ("new_part", "New part (the unknown code filled in)", self.new_part),
            ("core_from_customer", "A core came back from the customer", self.core_in),
            ("cores_to_vendor", "Cores sent back to the vendor", self.cores_out),
        ]
        self.actions: dict[str, QAction] = {}
        for name, text, slot in specs:
            action = QAction(text, page)
            action.setObjectName(name)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcuts.assign(action, "parts.counter")
            action.triggered.connect(slot)
            page.addAction(action)
            self.actions[name] = action

    # --- look-up and scanning ------------------------------------------------------------
    def is_settled(self) -> bool:
        return (
            not self._search_timer.isActive()
            and not self._refresh_timer.isActive()
            and not self._scans_pending
        )

    def focus_search(self) -> None:
        self.page.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.page.search_edit.selectAll()

    def search(self) -> None:
        self._last_query = self.page.search_edit.text()
        self.refresh()

    def refresh(self) -> None:
        """Look again for what the results show (after a sale here or on another terminal)."""
        text = self._last_query
        if not text.strip():
            self._show_results([])
            return
        self.runner.run(
            lambda: self.services.parts.search(self.actor, text),
            self._show_results,
            self._search_failed,
            channel="parts_search",
        )

    def scan(self) -> None:
        """Enter in the look-up box: the code typed goes on the ticket."""
        code = self.page.search_edit.text().strip()
        self.page.search_edit.clear()
        self.scan_code(code)

    def scan_code(self, code: str) -> None:
        """A scan (from wherever the keyboard was in the counter: app/ui/parts/scanner.py), or Enter."""
        self._search_timer.stop()
        code = code.strip()
        if not code:
            return
        self._scans_pending += 1
        self.runner.run(
            lambda: self.services.parts.find_code(self.actor, code),
            lambda part: self._scanned(code, part),
            self._scan_failed,
        )

    def _scanned(self, code: str, part: PartView | None) -> None:
        self._scans_pending -= 1
        if part is None and any(ch.isspace() for ch in code):
            # words and Enter: not a scan; the results take the keyboard to pick from
            self.page.search_edit.setText(code)
            self._focus_results = True
            self.search()
            return
        if part is None:
            self.unknown_code = code
            set_level(
                self.page.search_message,
                "warning",
                f"No part has the code {code}. Attach it to the selected part (Ctrl+B), "
                "or add a new part with it (Ctrl+N).",
            )
            self.page.search_edit.setText(code)
            self.search()
            return
        set_level(self.page.search_message, "", "")
        self.add_part(part)
        self._last_query = part.sku
        self.results.set_rows([part])
        self.page.results.selectRow(0)
        self._show_detail()
        self.part_scanned.emit(part)

    def _scan_failed(self, exc: BaseException) -> None:
        self._scans_pending -= 1
        set_level(self.page.search_message, "error", error_message(exc))

    def _show_results(self, parts: list[PartView]) -> None:
        self.results.set_rows(parts)
        if parts:
            self.page.results.selectRow(0)
            if self._focus_results:
                focus_first_row(self.page.results)
        self._focus_results = False
        self._show_detail()
        self.results_shown.emit(len(parts))

    def _search_failed(self, exc: BaseException) -> None:
        self.results.set_rows([])
        set_level(self.page.search_message, "error", error_message(exc))

    def _show_detail(self) -> None:
        part = self.selected_part()
        if part is None:
            self.page.detail_label.setText("")
            return
        bits = [f"{part.sku} — {part.name}"]
        bits.append(f"bin {part.bin_location or '(none)'}, on hand {qty_text(part.on_hand)}")
        if part.barcodes:
            bits.append("barcodes " + ", ".join(part.barcodes))
        if part.vendor_numbers:
            bits.append(", ".join(f"{v.vendor_name} {v.number}" for v in part.vendor_numbers))
        if part.core_charge:
            bits.append(
                f"core {money_text(part.core_charge)}, {qty_text(part.cores_on_hand)} on the core shelf"
            )
        self.page.detail_label.setText("; ".join(bits))

    def selected_part(self) -> PartView | None:
        current = self.page.results.currentIndex()
        row = self.results_proxy.row_at(current.row()) if current.isValid() else None
        return row if isinstance(row, PartView) else None

    def attach_code(self) -> None:
        part = self.selected_part()
        if not self.unknown_code or part is None:
            set_level(
                self.page.search_message, "hint", "Scan an unknown code, then select the part it belongs to."
            )
            return
        code = self.unknown_code
        self.runner.run(
            lambda: self.services.parts.add_barcode(self.actor, part.id, code),
            lambda view: self._attached(code, view),
            lambda exc: set_level(self.page.search_message, "error", error_message(exc)),
        )

    def new_part(self) -> None:
        """The part form, its barcode the unknown code just scanned; saved, the part goes on the ticket."""
        from app.ui.parts.part_dialog import PartDialog

        dialog = PartDialog(self.unknown_code, self.page)
        dialog.part_submitted.connect(lambda data: self._save_part(dialog, data))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog_opened.emit(dialog)
        dialog.open()

    def _save_part(self, dialog: FormDialog, data: PartInput) -> None:
        def saved(part: PartView) -> None:
            dialog.set_busy(False)
            dialog.accept()
            self.unknown_code = ""
            set_level(self.page.search_message, "ok", f"{part.sku} added to the catalog.")
            self.add_part(part)

        self.runner.run(
            lambda: self.services.parts.create_part(self.actor, data),
            saved,
            dialog.show_error,
        )

    def _attached(self, code: str, part: PartView) -> None:
        self.unknown_code = ""
        set_level(self.page.search_message, "ok", f"Code {code} now finds {part.sku}.")
        self.add_part(part)

    # --- cores ---------------------------------------------------------------------------
    def core_in(self) -> None:
        self._move_cores(True)

    def cores_out(self) -> None:
        self._move_cores(False)

    def _move_cores(self, from_customer: bool) -> None:
        """Cores of the selected part onto the core shelf (from a customer) or off it (to the vendor)."""
        part = self.selected_part()
        if part is None or not part.core_charge:
            set_level(self.page.search_message, "hint", "Select the part with a core charge first.")
            return
        what = "came back from the customer" if from_customer else "go back to the vendor"
        quantity = self.ask_quantity(self.page, f"How many cores of {part.sku} {what}?")
        if quantity is None:
            return
        inventory = self.services.inventory
        move = inventory.core_from_customer if from_customer else inventory.core_return

        def done(change: StockChange) -> None:
            cores = qty_text(change.cores_on_hand)
            set_level(self.page.search_message, "ok", f"{part.sku}: {cores} core(s) on the core shelf.")
            self.refresh()

        self.runner.run(
            lambda: move(self.actor, part.id, quantity),
            done,
            lambda exc: set_level(self.page.search_message, "error", error_message(exc)),
        )

    # --- the ticket ------------------------------------------------------------------------
    def add_selected(self) -> None:
        part = self.selected_part()
        if part is not None:
            self.add_part(part)
            self.focus_search()

    def add_part(self, part: PartView) -> None:
        row = self.ticket.add(part)
        self.page.ticket.selectRow(row)
        set_level(self.page.ticket_message, "", "")
        self._show_total()

    def _ticket_row(self) -> int:
        current = self.page.ticket.currentIndex()
        if not current.isValid():
            return self.ticket.rowCount() - 1
        return self.ticket_proxy.mapToSource(current).row()

    def change_quantity(self, delta: Decimal) -> None:
        self.ticket.change(self._ticket_row(), delta)
        self._show_total()

    def remove_line(self) -> None:
        row = self._ticket_row()
        line = self.ticket.row_at(row)
        if line is not None:
            self.ticket.change(row, -line.quantity)
        self._show_total()

    def clear_ticket(self) -> None:
        self.ticket.set_rows([])
        self.page.customer_edit.clear()
        self.customer.forget()
        self._show_total()

    def _level_changed(self, level: PriceLevel | None) -> None:
        self.ticket.set_level(level)
        self._show_total()

    def _show_total(self) -> None:
        """What the ticket will charge before tax, core deposits included, as the invoice will."""
        lines = self.ticket.rowCount()
        parts, cores = self.ticket.total(), self.ticket.cores()
        text = f"{lines} line{'s' if lines != 1 else ''}   {money_text(parts + cores)}"
        if cores:
            text += f"  (parts {money_text(parts)} + core deposit {money_text(cores)})"
        self.page.total_label.setText(text)

    def _mode_changed(self) -> None:
        selling = self.page.sale_radio.isChecked()
        self.page.customer_edit.setEnabled(selling)
        self.page.work_order_edit.setEnabled(not selling)
        self.page.job_combo.setEnabled(not selling)
        if not self.actor.can(Action.SELL_PARTS):
            self.page.sale_radio.setEnabled(False)
        if not self.actor.can(Action.ALLOCATE_PARTS):
            self.page.allocate_radio.setEnabled(False)
        number = f" {self.work_order.number}" if self.work_order and not selling else ""
        self.page.post_button.setText("Sell (F9)" if selling else f"Allocate to work order{number} (F9)")

    def load_work_order(self) -> None:
        text = self.page.work_order_edit.text().strip()
        if not text.isdigit():
            set_level(self.page.ticket_message, "error", "Type the work order's number.")
            return
        number = int(text)

        def find() -> WorkOrderView | None:
            found = self.services.work_orders.find_number(self.actor, number)
            return self.services.work_orders.get(self.actor, found) if found else None

        self.runner.run(find, lambda view: self._show_work_order(number, view), self._ticket_failed)

    def _show_work_order(self, number: int, view: WorkOrderView | None) -> None:
        self.work_order = view
        self.page.job_combo.clear()
        if view is None:
            set_level(self.page.ticket_message, "error", f"There is no work order {number}.")
        else:
            for job in view.jobs:
                if job.decision == "approved":
                    self.page.job_combo.addItem(job.title, job.id)
            if not self.page.job_combo.count():
                set_level(
                    self.page.ticket_message, "warning", f"Work order {number} has no authorized job yet."
                )
            else:
                set_level(self.page.ticket_message, "hint", f"Work order {view.number}: {view.customer_name}")
        self._mode_changed()

    def post(self) -> None:
        lines = self.ticket.rows()
        if not lines:
            set_level(self.page.ticket_message, "hint", "Scan or add a part first.")
            return
        self.page.post_button.setEnabled(False)
        if self.page.sale_radio.isChecked():
            sale = SaleInput(
                tuple(SaleLine(d.part.id, str(d.quantity)) for d in lines),
                self.page.customer_edit.text(),
                self.customer.customer_id,
            )
            self.runner.run(
                lambda: self.services.counter.post_sale(self.actor, sale), self._posted, self._ticket_failed
            )
            return
        order, job_id = self.work_order, self.page.job_combo.currentData()
        if order is None or job_id is None:
            self.page.post_button.setEnabled(True)
            set_level(
                self.page.ticket_message, "error", "Load a work order and choose an authorized job first."
            )
            return
        wanted = [(d.part.id, str(d.quantity)) for d in lines]
        self.runner.run(
            lambda: self.services.allocation.allocate_lines(
                self.actor, order.id, job_id, wanted, order.version
            ),
            self._posted,
            self._ticket_failed,
        )

    def _posted(self, result: CounterTicketView | Allocated) -> None:
        self.page.post_button.setEnabled(True)
        if isinstance(result, CounterTicketView):
            text = f"Ticket {result.number} posted: {money_text(result.subtotal + result.cores)} before tax"
            text += f", core deposit {money_text(result.cores)} included." if result.cores else "."
            warnings = result.warnings
        else:
            self.work_order = result.view
            text = f"Allocated to work order {result.view.number}."
            warnings = result.warnings
        self.ticket.set_rows([])
        self.page.customer_edit.clear()
        self.customer.forget()
        self._show_total()
        level = "warning" if warnings else "ok"
        set_level(self.page.ticket_message, level, text + (" " + "; ".join(warnings) if warnings else ""))
        self.ticket_posted.emit(result)
        self.focus_search()

    def _ticket_failed(self, exc: BaseException) -> None:
        self.page.post_button.setEnabled(True)
        set_level(self.page.ticket_message, "error", error_message(exc))

    def _records_changed(self, changed: frozenset[str]) -> None:
        if changed & WATCHED_TABLES and self._last_query.strip():
            self._refresh_timer.start()
