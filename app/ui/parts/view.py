"""The Parts counter area: look-up and scan, the ticket, requests, receiving, counts. Layout only.

Five tabs. Counter: one box that takes typing and scans (a scanner types
the code and Enter), results with stock and bins, and the ticket panel on
the right (a counter sale, or an allocation to a work order's job).
Requests: parts asked for from the bays, filled by an allocation.
Receiving: the reorder list, purchase orders, lines to receive. Count: the
parts of a bin or category, counted quantities, the count sheet. Returns:
special orders not used and returns to vendors (app/ui/parts/returns_view.py).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.stock import ALLOCATE_ON_LABELS
from app.ui import shortcuts
from app.ui.parts.returns_view import ReturnsPage
from app.ui.widgets import SearchLineEdit, heading, named, section_label


def _card() -> tuple[QWidget, QVBoxLayout]:
    card = named(QWidget(), "card")
    card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    layout = QVBoxLayout(card)
    layout.setContentsMargins(12, 10, 12, 10)
    return card, layout


def _message() -> QLabel:
    label = named(QLabel(wordWrap=True), "message")
    label.setVisible(False)
    return label


class CounterPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._build_lookup_card())
        splitter.addWidget(self._build_ticket_card())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.setTabOrder(self.search_edit, self.results)
        self.setTabOrder(self.results, self.customer_edit)
        self.setTabOrder(self.customer_edit, self.work_order_edit)
        self.setTabOrder(self.work_order_edit, self.job_combo)
        self.setTabOrder(self.job_combo, self.ticket)
        self.setTabOrder(self.ticket, self.post_button)

    def _build_lookup_card(self) -> QWidget:
        """The box that takes typing and scans, the results, the chosen part's stock and bins."""
        self.search_edit = named(SearchLineEdit(), "part_search")
        self.search_edit.setAccessibleName("Scan or find a part")
        self.search_edit.setPlaceholderText(
            "Scan, or type a SKU, barcode, vendor number or words of the name "
            f"({shortcuts.native('parts.counter', 'focus_part_search')})"
        )
        self.search_edit.setClearButtonEnabled(True)
        self.results = QTableView()
        self.results.setAccessibleName("Parts found")
        self.detail_label = named(QLabel(wordWrap=True), "subtle")
        self.search_message = _message()
        self.label_button = named(QPushButton("Shelf &label"), "print_label")

        left, left_layout = _card()
        left_layout.addWidget(section_label("Look up"))
        left_layout.addWidget(self.search_edit)
        left_layout.addWidget(self.search_message)
        left_layout.addWidget(self.results, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.detail_label, 1)
        bottom.addWidget(self.label_button)
        left_layout.addLayout(bottom)
        return left

    def _build_ticket_card(self) -> QWidget:
        """The ticket: a counter sale or an allocation to a work order's job, its lines and total."""
        self.sale_radio = named(QRadioButton("Counter &sale"), "mode_sale")
        self.allocate_radio = named(QRadioButton("&Allocate to work order"), "mode_allocate")
        self.sale_radio.setChecked(True)
        self.customer_edit = named(QLineEdit(), "ticket_customer")
        self.customer_edit.setAccessibleName("Customer")
        self.customer_edit.setPlaceholderText("Walk-in customer (optional)")
        self.work_order_edit = named(QLineEdit(), "ticket_work_order")
        self.work_order_edit.setAccessibleName("Work order number")
        self.work_order_edit.setPlaceholderText("Work order number, then Enter")
        self.job_combo = named(QComboBox(), "ticket_job")
        self.job_combo.setAccessibleName("Job")
        self.ticket = QTableView()
        self.ticket.setAccessibleName("Ticket lines")
        self.ticket_message = _message()
        self.post_button = named(QPushButton("Sell (F9)"), "ticket_post")
        self.post_button.setDefault(False)

        right, right_layout = _card()
        modes = QHBoxLayout()
        modes.addWidget(self.sale_radio)
        modes.addWidget(self.allocate_radio)
        modes.addStretch(1)
        right_layout.addWidget(section_label("Ticket"))
        right_layout.addLayout(modes)
        form = QFormLayout()
        form.addRow("Customer", self.customer_edit)
        form.addRow("Work order", self.work_order_edit)
        form.addRow("Job", self.job_combo)
        right_layout.addLayout(form)
        right_layout.addWidget(self.ticket, 1)
        right_layout.addLayout(self._build_ticket_edit_row())
        right_layout.addWidget(self.ticket_message)
        right_layout.addWidget(self.post_button)
        return right

    def _build_ticket_edit_row(self) -> QHBoxLayout:
        """Buttons that change the chosen ticket line (they take no focus), and the ticket's total."""
        self.total_label = named(QLabel(), "ticket_total")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.minus_button = named(QPushButton("−1"), "ticket_minus")
        self.plus_button = named(QPushButton("+1"), "ticket_plus")
        self.remove_button = named(QPushButton("Remove"), "ticket_remove")
        self.clear_button = named(QPushButton("Clear"), "ticket_clear")
        edit_row = QHBoxLayout()
        for button in (self.minus_button, self.plus_button, self.remove_button, self.clear_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            edit_row.addWidget(button)
        edit_row.addStretch(1)
        edit_row.addWidget(self.total_label)
        return edit_row


class ReceivingPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reorder = QTableView()
        self.reorder.setAccessibleName("Parts to reorder")
        self.create_orders_button = named(QPushButton("Create &purchase orders"), "create_orders")
        self.receiving = QTableView()
        self.receiving.setAccessibleName("Purchase order lines to receive")
        self.quantity_edit = named(QLineEdit(), "receive_quantity")
        self.quantity_edit.setAccessibleName("Quantity received")
        self.quantity_edit.setPlaceholderText("Quantity received")
        self.cost_edit = named(QLineEdit(), "receive_cost")
        self.cost_edit.setAccessibleName("Cost each")
        self.cost_edit.setPlaceholderText("Cost (empty: as ordered)")
        self.receive_button = named(QPushButton("&Receive line"), "receive_line")
        self.po_button = named(QPushButton("Purchase &order…"), "print_purchase_order")
        self.po_button.setToolTip("Preview and print the purchase order of the selected line")
        self.message = _message()

        top, top_layout = _card()
        row = QHBoxLayout()
        row.addWidget(section_label("Reorder list (on hand at or under the reorder point)"), 1)
        row.addWidget(self.create_orders_button)
        row.addWidget(self.po_button)
        top_layout.addLayout(row)
        top_layout.addWidget(self.reorder, 1)
        bottom, bottom_layout = _card()
        bottom_layout.addWidget(section_label("Open purchase orders: select a line, enter what came in"))
        bottom_layout.addWidget(self.receiving, 1)
        entry = QHBoxLayout()
        entry.addWidget(self.quantity_edit)
        entry.addWidget(self.cost_edit)
        entry.addWidget(self.receive_button)
        bottom_layout.addLayout(entry)
        bottom_layout.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(top, 1)
        layout.addWidget(bottom, 1)


class CountPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bin_edit = named(QLineEdit(), "count_bin")
        self.bin_edit.setAccessibleName("Count a bin")
        self.bin_edit.setPlaceholderText("Bin (or its start, e.g. A-)")
        self.category_edit = named(QLineEdit(), "count_category")
        self.category_edit.setAccessibleName("Count a category")
        self.category_edit.setPlaceholderText("or a category")
        self.load_button = named(QPushButton("&Load"), "count_load")
        self.sheet_button = named(QPushButton("Count &sheet…"), "count_sheet")
        self.table = QTableView()
        self.table.setAccessibleName("Count lines")
        self.counted_edit = named(QLineEdit(), "count_counted")
        self.counted_edit.setAccessibleName("Counted quantity")
        self.counted_edit.setPlaceholderText("Counted quantity of the selected part, then Enter")
        self.reason_edit = named(QLineEdit("cycle count"), "count_reason")
        self.reason_edit.setAccessibleName("Reason for the count")
        self.post_button = named(QPushButton("&Post count"), "count_post")
        self.message = _message()

        card, inner = _card()
        top = QHBoxLayout()
        top.addWidget(self.bin_edit)
        top.addWidget(self.category_edit)
        top.addWidget(self.load_button)
        top.addWidget(self.sheet_button)
        inner.addLayout(top)
        inner.addWidget(self.table, 1)
        entry = QFormLayout()
        entry.addRow("Counted", self.counted_edit)
        entry.addRow("Reason", self.reason_edit)
        inner.addLayout(entry)
        inner.addWidget(self.message)
        inner.addWidget(self.post_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(card)


class RequestsPage(QWidget):
    """Parts asked for from the bays: select one, scan or type the part and Enter to fill it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableView()
        self.code_edit = named(QLineEdit(), "request_code")
        self.code_edit.setPlaceholderText("Scan or type the part's barcode or SKU, then Enter (F9)")
        self.quantity_edit = named(QLineEdit(), "request_quantity")
        self.quantity_edit.setPlaceholderText("Quantity")
        self.fill_button = named(QPushButton("&Fill request"), "fill_request")
        self.reason_edit = named(QLineEdit(), "request_reason")
        self.reason_edit.setPlaceholderText("Why it will not be filled")
        self.cancel_button = named(QPushButton("Cancel re&quest"), "cancel_request")
        self.table.setAccessibleName("Parts asked for from the bays")
        self.code_edit.setAccessibleName("Part to fill the request with")
        self.quantity_edit.setAccessibleName("Quantity to fill")
        self.reason_edit.setAccessibleName("Why the request will not be filled")
        self.message = _message()
        card, inner = _card()
        inner.addWidget(section_label("Asked for from the bays (oldest first)"))
        inner.addWidget(self.table, 1)
        fill = QHBoxLayout()
        fill.addWidget(self.code_edit, 3)
        fill.addWidget(self.quantity_edit, 1)
        fill.addWidget(self.fill_button)
        inner.addLayout(fill)
        cancel = QHBoxLayout()
        cancel.addWidget(self.reason_edit, 1)
        cancel.addWidget(self.cancel_button)
        inner.addLayout(cancel)
        inner.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(card)
        self.setTabOrder(self.table, self.code_edit)
        self.setTabOrder(self.code_edit, self.quantity_edit)
        self.setTabOrder(self.quantity_edit, self.reason_edit)


class StockSettingsPage(QWidget):
    """The owner's stock rules: negative stock, the markup matrix, the adjustment limit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.policy_combo = named(QComboBox(), "negative_stock")
        self.policy_combo.setAccessibleName("Negative stock")
        self.policy_combo.addItem("Refuse: never sell or allocate more than is on hand", "refuse")
        self.policy_combo.addItem("Allow, and record a warning on the movement", "warn")
        self.markup_edit = named(QLineEdit(), "markup_matrix")
        self.markup_edit.setAccessibleName("Markup matrix")
        self.markup_edit.setPlaceholderText("up to cost: markup %, … e.g. 5: 150, 25: 100, 100: 60, *: 40")
        self.allocate_combo = named(QComboBox(), "allocate_on")
        for value, label in ALLOCATE_ON_LABELS.items():
            self.allocate_combo.addItem(label, value.value)
        self.threshold_edit = named(QLineEdit(), "adjust_threshold")
        self.threshold_edit.setAccessibleName("Count adjustment limit")
        self.save_button = named(QPushButton("&Save stock settings"), "save_stock_settings")
        self.message = _message()
        card, inner = _card()
        inner.addWidget(section_label("Stock rules of this shop"))
        form = QFormLayout()
        form.addRow("Negative stock", self.policy_combo)
        form.addRow("Markup matrix", self.markup_edit)
        form.addRow("Parts on a work order leave the shelf", self.allocate_combo)
        form.addRow("Count adjustments above this amount (at cost) need the owner", self.threshold_edit)
        inner.addLayout(form)
        inner.addWidget(self.message)
        inner.addWidget(self.save_button)
        inner.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(card)


class PartsView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("parts_view")
        self.counter = CounterPage()
        self.receiving = ReceivingPage()
        self.count = CountPage()
        self.requests = RequestsPage()
        self.tabs = named(QTabWidget(), "parts_tabs")
        self.tabs.addTab(self.counter, "&Counter")
        self.tabs.addTab(self.requests, "Re&quests")
        self.tabs.addTab(self.receiving, "Recei&ving")
        self.tabs.addTab(self.count, "C&ount")
        self.returns = ReturnsPage()
        self.tabs.addTab(self.returns, "Ret&urns")
        self.settings = StockSettingsPage()  # the area adds it as a tab for the owner
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(heading("Parts counter"))
        layout.addWidget(self.tabs, 1)
