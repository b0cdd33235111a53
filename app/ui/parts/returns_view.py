"""The Returns tab of the Parts counter: special orders not used yet, and returns to vendors. Layout only.

Top: parts ordered for a work order (a special order, entered here) that
the car did not need; each goes back to the vendor (a return document) or
stays in stock with a reason, before its work order can close. Bottom: the returns written so far, to
print for the driver who takes the parts back.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget

from app.ui import shortcuts
from app.ui.widgets import named, section_label


def _card() -> tuple[QWidget, QVBoxLayout]:
    card = named(QWidget(), "card")
    card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    layout = QVBoxLayout(card)
    layout.setContentsMargins(12, 10, 12, 10)
    return card, layout


class ReturnsPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.special_orders = QTableView()
        self.special_orders.setAccessibleName("Special orders not used yet")
        self.keep_reason_edit = named(QLineEdit(), "keep_reason")
        self.keep_reason_edit.setAccessibleName("Why the part stays in stock")
        self.keep_reason_edit.setPlaceholderText("Why it stays in stock (e.g. we sell it often)")
        self.keep_button = named(QPushButton("&Keep in stock"), "keep_special")
        self.return_special_button = named(QPushButton("&Return to vendor…"), "return_special")
        self.order_edit = named(QLineEdit(), "special_work_order")
        self.order_edit.setAccessibleName("Work order the part is ordered for")
        self.order_edit.setPlaceholderText("Work order no.")
        self.order_code_edit = named(QLineEdit(), "special_part")
        self.order_code_edit.setAccessibleName("Part ordered (SKU or barcode)")
        self.order_code_edit.setPlaceholderText("Part ordered: SKU or barcode")
        self.order_quantity_edit = named(QLineEdit("1"), "special_quantity")
        self.order_quantity_edit.setAccessibleName("Quantity ordered")
        self.order_button = named(QPushButton("Special or&der"), "special_order_button")
        self.returns = QTableView()
        self.returns.setAccessibleName("Returns to vendors")
        self.new_button = named(QPushButton("&New return…"), "new_return_button")
        self.print_button = named(QPushButton("&Print return…"), "print_return_button")
        self.message = named(QLabel(wordWrap=True), "message")
        self.message.setVisible(False)

        top, top_layout = _card()
        top_layout.addWidget(
            section_label("Special orders the car did not need: return each, or keep it in stock")
        )
        top_layout.addWidget(self.special_orders, 1)
        keep = QHBoxLayout()
        keep.addWidget(self.keep_reason_edit, 1)
        keep.addWidget(self.keep_button)
        keep.addWidget(self.return_special_button)
        top_layout.addLayout(keep)
        order = QHBoxLayout()
        order.addWidget(self.order_edit, 1)
        order.addWidget(self.order_code_edit, 3)
        order.addWidget(self.order_quantity_edit, 1)
        order.addWidget(self.order_button)
        top_layout.addLayout(order)
        bottom, bottom_layout = _card()
        row = QHBoxLayout()
        row.addWidget(section_label("Returns to vendors (newest first)"), 1)
        row.addWidget(self.new_button)
        row.addWidget(self.print_button)
        bottom_layout.addLayout(row)
        bottom_layout.addWidget(self.returns, 1)
        bottom_layout.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(top, 1)
        layout.addWidget(bottom, 1)
        self.keep_button.setToolTip(
            f"Keep it in stock ({shortcuts.native('parts.returns', 'keep_special_order')})"
        )
        self.return_special_button.setToolTip(
            f"Return it to its vendor ({shortcuts.native('parts.returns', 'return_special_order')})"
        )
        self.setTabOrder(self.special_orders, self.keep_reason_edit)
        self.order_button.setToolTip(
            f"Order the part from its vendor for the work order ({shortcuts.native('parts.returns', 'special_order')})"
        )
        self.setTabOrder(self.keep_reason_edit, self.order_edit)
        self.setTabOrder(self.order_edit, self.order_code_edit)
        self.setTabOrder(self.order_code_edit, self.order_quantity_edit)
        self.setTabOrder(self.order_quantity_edit, self.returns)
