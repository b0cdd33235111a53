"""The Audit log area: filters on top, the entries, and the selected entry's before/after. Layout only.

``AuditController`` fills the lists and gives the buttons their actions.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.formatting import qdate, qt_date_format, shop_today
from app.ui.shared.flow import title_row
from app.ui.widgets import heading, named, section_label, value_label

EXPLANATION = (
    "Every change anyone made, newest first. Each entry carries the hash of the one before it, so an "
    "entry altered, removed or reordered afterwards is found by Verify chain. Export the chain head and "
    "keep it elsewhere: a log cut short no longer reaches it."
)


def tool_button(name: str) -> QToolButton:
    button = named(QToolButton(), name)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return button


def _date_edit(name: str) -> QDateEdit:
    edit = named(QDateEdit(qdate(shop_today())), name)  # the shop's day
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(qt_date_format())
    edit.setEnabled(False)
    return edit


class AuditView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audit_view")
        top = self._build_tools_row()
        self.chain_label = named(QLabel(wordWrap=True), "chain_result")
        self.chain_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self._build_list_card())
        self.splitter.addWidget(self._build_detail_card())
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.chain_label)
        layout.addWidget(self.splitter, 1)
        self.chain_label.hide()
        self._set_tab_order()

    def _build_tools_row(self) -> QHBoxLayout:
        self.buttons = {
            n: tool_button(n) for n in ("clear_filter", "verify_chain", "export_head", "refresh_audit")
        }
        names = ("clear_filter", "refresh_audit", "verify_chain", "export_head")
        return title_row(heading("Audit log"), *(self.buttons[name] for name in names))

    def _build_filters(self) -> QGridLayout:
        """Who, which kind of record, which action, one record, and a date range (each end optional)."""
        self.user_box = named(QComboBox(), "audit_user")
        self.user_box.setAccessibleName("Who made the change")
        self.table_box = named(QComboBox(), "audit_table")
        self.table_box.setAccessibleName("Kind of record")
        self.action_box = named(QComboBox(), "audit_action")
        self.action_box.setAccessibleName("Action")
        self.record_edit = named(QLineEdit(placeholderText="a record's id (optional)"), "audit_record")
        self.record_edit.setAccessibleName("A record's id")
        self.record_edit.setClearButtonEnabled(True)
        self.from_check = named(QCheckBox("From"), "audit_from_on")
        self.to_check = named(QCheckBox("To"), "audit_to_on")
        self.from_date = _date_edit("audit_from")
        self.from_date.setAccessibleName("From date")
        self.to_date = _date_edit("audit_to")
        self.to_date.setAccessibleName("To date")
        self.from_check.toggled.connect(self.from_date.setEnabled)
        self.to_check.toggled.connect(self.to_date.setEnabled)
        filters = QGridLayout()
        filters.addWidget(QLabel("Who"), 0, 0)
        filters.addWidget(self.user_box, 0, 1)
        filters.addWidget(QLabel("Record"), 0, 2)
        filters.addWidget(self.table_box, 0, 3)
        filters.addWidget(QLabel("Action"), 0, 4)
        filters.addWidget(self.action_box, 0, 5)
        filters.addWidget(QLabel("Record id"), 1, 0)
        filters.addWidget(self.record_edit, 1, 1, 1, 3)
        dates = QHBoxLayout()
        for widget in (self.from_check, self.from_date, self.to_check, self.to_date):
            dates.addWidget(widget)
        filters.addLayout(dates, 1, 4, 1, 2)
        filters.setColumnStretch(1, 2)
        filters.setColumnStretch(3, 2)
        filters.setColumnStretch(5, 1)
        return filters

    def _build_list_card(self) -> QWidget:
        self.table = QTableView()
        self.table.setAccessibleName("Audit log entries")
        self.status_label = named(QLabel(wordWrap=True), "subtle")
        list_card = named(QWidget(), "card")
        list_card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        inner = QVBoxLayout(list_card)
        inner.setContentsMargins(12, 10, 12, 10)
        inner.addWidget(named(QLabel(EXPLANATION, wordWrap=True), "subtle"))
        inner.addLayout(self._build_filters())
        inner.addWidget(self.table, 1)
        inner.addWidget(self.status_label)
        return list_card

    def _build_detail_card(self) -> QWidget:
        self.changes_table = QTableView()
        self.changes_table.setAccessibleName("Fields the selected entry changed")
        self.entry_label = value_label()
        self.entry_label.setObjectName("audit_entry")
        detail_card = named(QWidget(), "card")
        detail_card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        detail = QVBoxLayout(detail_card)
        detail.setContentsMargins(12, 10, 12, 10)
        detail.addWidget(section_label("Selected entry: before and after"))
        detail.addWidget(self.entry_label)
        detail.addWidget(self.changes_table, 1)
        return detail_card

    def _set_tab_order(self) -> None:
        """Filters, the list, its detail, then the tools."""
        order = [
            self.user_box,
            self.table_box,
            self.action_box,
            self.record_edit,
            self.from_check,
            self.from_date,
            self.to_check,
            self.to_date,
            self.table,
            self.changes_table,
            *(self.buttons[n] for n in ("clear_filter", "refresh_audit", "verify_chain", "export_head")),
        ]
        for first, second in pairwise(order):
            self.setTabOrder(first, second)
