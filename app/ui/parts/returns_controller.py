"""Behaviour of the Returns tab: special orders returned or kept, returns written and printed.

Every service call runs off the GUI thread (app/ui/tasks.py); the dialog
stays open with the person's input until the return is posted or refused.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from app.domain.errors import NotFoundError
from app.domain.permissions import Actor
from app.services.container import Services
from app.services.parts.dto import PartView, SpecialOrderView, VendorReturnRow, VendorReturnView, VendorView
from app.services.parts.returns import ReturnInput
from app.ui.changes import ChangeBridge
from app.ui.errors import error_message
from app.ui.formatting import TypedNumbers, money, plain, shop_locale, whole_number
from app.ui.parts.return_dialog import ReturnDialog
from app.ui.parts.returns_view import ReturnsPage
from app.ui.parts.stock_controller import add_action
from app.ui.parts.tables import ReturnsModel, SpecialOrderModel, vendor_account_text
from app.ui.printing import Document, DocumentPaper
from app.ui.shared.table_model import SortProxy
from app.ui.tasks import TaskRunner
from app.ui.widgets import configure_table, set_level

AREA = "parts.returns"
WATCHED = frozenset({"vendor_returns", "special_orders", "work_orders", "work_order_lines", "inventory"})


class ReturnsController(QObject):
    loaded = Signal()
    dialog_opened = Signal(object)  # the ReturnDialog, for tests and the screenshot tool

    def __init__(
        self,
        services: Services,
        actor: Actor,
        page: ReturnsPage,
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
        self.orders = SpecialOrderModel(self)
        self.orders_proxy = SortProxy(self.orders, self)
        configure_table(page.special_orders, self.orders_proxy, "special_orders")
        self.returns = ReturnsModel(self)
        self.returns_proxy = SortProxy(self.returns, self)
        configure_table(page.returns, self.returns_proxy, "vendor_returns")
        self._loading = False  # a load is under way (only the latest one answers: its channel)
        self._timer = QTimer(self, singleShot=True, interval=80)
        self._timer.timeout.connect(self.load)
        page.new_button.clicked.connect(lambda: self.new_return())
        page.return_special_button.clicked.connect(self.return_special_order)
        page.keep_button.clicked.connect(self.keep_special_order)
        page.keep_reason_edit.returnPressed.connect(self.keep_special_order)
        page.print_button.clicked.connect(self.print_return)
        page.order_button.clicked.connect(self.special_order)
        page.order_quantity_edit.returnPressed.connect(self.special_order)
        for name, text, slot in (
            ("new_return", "New return to a vendor", lambda: self.new_return()),
            ("return_special_order", "Return the special order", self.return_special_order),
            ("keep_special_order", "Keep the special order in stock", self.keep_special_order),
            ("special_order", "Order a part for a work order", self.special_order),
            ("print_return", "Print the return", self.print_return),
            ("refresh_returns", "Look again now", self.load),
        ):
            add_action(page, AREA, name, text, slot)
        changes.records_changed.connect(lambda changed: self._timer.start() if changed & WATCHED else None)

    def is_settled(self) -> bool:
        return not self._loading and not self._timer.isActive()

    def load(self) -> None:
        self._loading = True

        def work() -> tuple[list[SpecialOrderView], list[VendorReturnRow]]:
            return (
                self.services.special_orders.open_orders(self.actor),
                self.services.vendor_returns.returns(self.actor),
            )

        self.runner.run(work, self._show, self._failed, channel="returns")

    def _show(self, result: tuple[list[SpecialOrderView], list[VendorReturnRow]]) -> None:
        self._loading = False
        orders, returns = result
        self.orders.set_rows(orders)
        self.returns.set_rows(returns)
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        set_level(self.page.message, "error", error_message(exc))

    def selected_order(self) -> SpecialOrderView | None:
        current = self.page.special_orders.currentIndex()
        return self.orders_proxy.row_at(current.row()) if current.isValid() else None  # type: ignore[return-value]

    def selected_return(self) -> VendorReturnRow | None:
        current = self.page.returns.currentIndex()
        return self.returns_proxy.row_at(current.row()) if current.isValid() else None  # type: ignore[return-value]

    # --- special orders -------------------------------------------------------------------
    def keep_special_order(self) -> None:
        """The selected special order's unused quantity stays on the shelf, with the reason typed."""
        order = self.selected_order()
        if order is None:
            set_level(self.page.message, "hint", "Select the special order to keep in stock.")
            return
        reason = self.page.keep_reason_edit.text()

        def done(kept: SpecialOrderView) -> None:
            self.page.keep_reason_edit.clear()
            set_level(
                self.page.message, "ok", f"{kept.sku} stays in stock (work order {kept.work_order_number})."
            )
            self.load()

        self.runner.run(
            lambda: self.services.special_orders.keep_in_stock(
                self.actor, order.id, plain(order.open), reason
            ),
            done,
            lambda exc: set_level(self.page.message, "error", error_message(exc)),
        )

    def special_order(self) -> None:
        """The part typed is ordered from its vendor for the work order typed."""
        number = whole_number(self.page.order_edit.text())
        code = self.page.order_code_edit.text().strip()
        typed = TypedNumbers()
        quantity = typed.number(self.page.order_quantity_edit.text(), "quantity", "1")
        if number is None or not code or typed.errors:
            set_level(
                self.page.message, "hint", "Type the work order number, the part and how many were ordered."
            )
            return

        def work() -> SpecialOrderView:
            order_id = self.services.work_orders.find_number(self.actor, number)
            part = self.services.parts.find_code(self.actor, code)
            if order_id is None or part is None:
                missing = f"work order {number}" if order_id is None else f"part {code}"
                raise NotFoundError(f"There is no {missing} in this shop.")
            return self.services.special_orders.order(self.actor, order_id, part.id, quantity)

        def done(order: SpecialOrderView) -> None:
            self.page.order_code_edit.clear()
            self.page.order_quantity_edit.setText("1")
            text = f"{order.sku} ordered from {order.vendor_name} for work order {order.work_order_number}."
            set_level(self.page.message, "ok", text)
            self.load()

        self.runner.run(work, done, lambda exc: set_level(self.page.message, "error", error_message(exc)))

    def return_special_order(self) -> None:
        """A return to the selected special order's vendor, its unused quantity already on it."""
        order = self.selected_order()
        if order is None:
            set_level(self.page.message, "hint", "Select the special order to return.")
            return
        self.runner.run(
            lambda: self.services.parts.get(self.actor, order.part_id),
            lambda part: self.new_return(order, part),
            lambda exc: set_level(self.page.message, "error", error_message(exc)),
        )

    # --- the return dialog ----------------------------------------------------------------
    def new_return(self, order: SpecialOrderView | None = None, part: PartView | None = None) -> None:
        self.runner.run(
            lambda: self.services.parts.vendors(self.actor),
            lambda vendors: self._open_dialog(vendors, order, part),
            lambda exc: set_level(self.page.message, "error", error_message(exc)),
        )

    def _open_dialog(
        self, vendors: list[VendorView], order: SpecialOrderView | None, part: PartView | None
    ) -> None:
        dialog = ReturnDialog(vendors, self.page)
        if order is not None and part is not None:
            dialog.add_special_order(order, part)

        def look_up(code: str) -> None:
            self.runner.run(
                lambda: self.services.parts.find_code(self.actor, code), dialog.add_found, dialog.show_error
            )

        def submitted(entry: ReturnInput) -> None:
            self.runner.run(
                lambda: self.services.vendor_returns.post(self.actor, entry),
                lambda posted: self._posted(dialog, posted),
                dialog.show_error,
            )

        dialog.part_wanted.connect(look_up)
        dialog.return_submitted.connect(submitted)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog_opened.emit(dialog)
        dialog.open()

    def _posted(self, dialog: ReturnDialog, posted: VendorReturnView) -> None:
        dialog.set_busy(False)
        dialog.accept()
        account = vendor_account_text(posted.vendor_name, posted.vendor_balance)
        text = f"Return {posted.number} to {posted.vendor_name}: credit {money(posted.credit)}; {account}."
        set_level(
            self.page.message, "warning" if posted.warnings else "ok", " ".join([text, *posted.warnings])
        )
        self.load()

    # --- printing -------------------------------------------------------------------------
    def print_return(self) -> None:
        """The selected return document, previewed to print or save for the vendor."""
        row = self.selected_return()
        if row is None:
            set_level(self.page.message, "hint", "Select the return to print.")
            return
        letterhead, shop = self.letterhead, shop_locale()

        def render() -> bytes:
            from app.reports.vendor_return import vendor_return_pdf

            return vendor_return_pdf(self.services.vendor_returns.get(self.actor, row.id), letterhead, shop)

        self.paper.preview(
            Document(f"Return to vendor {row.number}", f"vendor-return-{row.number}.pdf", render)
        )
