"""The Work orders area: the open work orders list, and the editor in its place when one is open.

Layout only: ``WorkOrdersController`` fills the list and reacts to it,
``WorkOrderEditorController`` drives the editor page.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.work_orders import STATUS_LABELS, Status
from app.services.work_orders.dto import WorkOrderRow
from app.ui import shortcuts
from app.ui.customers.detail_view import action_button
from app.ui.shared.flow import FlowLayout, flow_row
from app.ui.shared.status_chip import StatusChipDelegate, status_key
from app.ui.widgets import SearchLineEdit, focus_first_row, named
from app.ui.work_orders.editor_view import WorkOrderEditorView

SEARCH_HINT = "Work order number, customer, plate or vehicle"
ALL_OPEN = "all"
CHIP_STATUSES = (
    Status.ESTIMATE,
    Status.APPROVED,
    Status.IN_PROGRESS,
    Status.ON_HOLD,
    Status.COMPLETED,
)
PROMISED_CHOICES = (("Any promise time", ""), ("Promised today", "today"), ("Late", "late"))


STATUS_COLUMN = 1  # of app/ui/work_orders/tables.py's work_order_columns


def _status_key(row: WorkOrderRow) -> str:
    return status_key(row.status, "part" in (row.hold_reason or "").lower())


class WorkOrdersView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("work_orders_view")
        self.pages = QStackedWidget()
        self.list_page = self._list_page()
        self.editor = WorkOrderEditorView()
        self.pages.addWidget(self.list_page)
        self.pages.addWidget(self.editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.pages)
        self.search_edit.down_pressed.connect(lambda: focus_first_row(self.table))

    def _list_page(self) -> QWidget:
        page = QWidget()
        self.search_edit = named(SearchLineEdit(placeholderText=SEARCH_HINT), "wo_search")
        self.search_edit.setAccessibleName("Find work orders")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setToolTip("Search as you type (Ctrl+F). Enter opens; Down arrow: into the list.")
        self.technician_combo = named(QComboBox(), "technician_filter")
        self.technician_combo.setAccessibleName("Technician")
        self.technician_combo.setMinimumWidth(160)
        self.promised_combo = named(QComboBox(), "promised_filter")
        self.promised_combo.setAccessibleName("Promise time")
        for text, value in PROMISED_CHOICES:
            self.promised_combo.addItem(text, value)
        self.waiting_parts_check = named(QCheckBox("Waiting for &parts"), "waiting_parts")
        self.new_button = action_button("new_work_order_button")
        self.table = QTableView()
        self.table.setItemDelegateForColumn(STATUS_COLUMN, StatusChipDelegate(_status_key, self.table))
        self.table.setAccessibleName("Work orders")
        self.summary = named(QLabel(wordWrap=True), "subtle")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._filter_row())
        layout.addLayout(self._chips_row())
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        return page

    def _filter_row(self) -> QHBoxLayout:
        """The search box takes the room; the filters and New wrap below it on a narrow screen."""
        row = QHBoxLayout()
        caption = QLabel("Find")
        caption.setBuddy(self.search_edit)
        row.addWidget(caption)
        row.addWidget(self.search_edit, 1)
        filters = flow_row(
            self.technician_combo,
            self.promised_combo,
            self.waiting_parts_check,
            self.new_button,
            align_right=True,
        )
        row.addLayout(filters)  # its own width; it wraps only when the row runs short
        return row

    def _chips_row(self) -> FlowLayout:
        self.chip_group = QButtonGroup(self)
        self.chip_group.setExclusive(True)
        self.chips: dict[str, QToolButton] = {}
        row = FlowLayout()
        row.addWidget(QLabel("Status"))
        for number, key in enumerate([ALL_OPEN, *CHIP_STATUSES]):
            chip = named(QToolButton(), f"chip_{key}")
            chip.setCheckable(True)
            chip.setProperty("chip", True)
            chip.setShortcut(shortcuts.keys("work_orders.list", f"chip_{number}"))
            chip.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.chip_group.addButton(chip)
            self.chips[key] = chip
            row.addWidget(chip)
        self.chips[ALL_OPEN].setChecked(True)
        self.set_counts({})
        return row

    def set_counts(self, counts: Mapping[str, int]) -> None:
        """'In progress · 3' on each chip; the first chip counts every open work order."""
        total = sum(counts.get(status.value, 0) for status in CHIP_STATUSES)
        for number, (key, chip) in enumerate(self.chips.items()):
            label = "All open" if key == ALL_OPEN else STATUS_LABELS[Status(key)]
            count = total if key == ALL_OPEN else counts.get(key, 0)
            chip.setText(f"{label} · {count}")
            keys = shortcuts.keys("work_orders.list", f"chip_{number}")
            chip.setShortcut(keys)  # setText drops a shortcut given by mnemonic only
            chip.setToolTip(f"Show {label.lower()} work orders ({keys})")

    def chosen_status(self) -> str:
        return next((key for key, chip in self.chips.items() if chip.isChecked()), ALL_OPEN)

    def show_list(self) -> None:
        self.pages.setCurrentWidget(self.list_page)

    def show_editor(self) -> None:
        self.pages.setCurrentWidget(self.editor)

    def showing_editor(self) -> bool:
        return self.pages.currentWidget() is self.editor

    def focus_search(self) -> None:
        self.show_list()
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()
