"""One work order: header, jobs with their lines, totals always in view, authorizations.

Layout only. The totals sit in a fixed column on the right so they never
scroll away; the buttons take text, shortcut and enabled state from the
controller's QActions. The most used actions are buttons, in two rows that
fit the smallest supported screen (1,366 pixels wide); the others sit in the
More menu, and every one of them keeps its key (app/ui/shortcuts.py).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.customers.detail_view import action_button
from app.ui.shared.flow import FlowLayout
from app.ui.widgets import heading, named, section_label, value_label

# the buttons of the actions used most, in two rows that fit a 1,366-pixel screen
EDIT_BUTTONS = (
    "add_job",
    "add_labor",
    "add_part",
    "canned_job",
    "edit_item",
    "remove_item",
)
FLOW_BUTTONS = (
    "authorize",
    "mark_approved",
    "start_work",
    "complete",
    "print_estimate",
)
# the others, in groups, behind the More button; their keys work as everywhere in the editor
MORE_ACTIONS = (
    ("add_fee", "add_sublet", "declined_work"),
    ("job_discount", "ticket_discount", "second_payer"),
    ("put_on_hold", "cancel_order"),
    ("print_work_sheet",),
)
HEADER_FACTS = (
    ("customer", "Customer"),
    ("phone", "Phone"),
    ("vehicle", "Vehicle"),
    ("vin", "VIN"),
    ("plate", "Plate"),
    ("odometer", "Odometer"),
    ("promised", "Promised"),
    ("created", "Opened"),
    ("tax", "Tax"),
)
TOTAL_ROWS = (
    ("labor", "Labor"),
    ("parts", "Parts"),
    ("fees", "Fees"),
    ("sublet", "Sublet"),
    ("cores", "Core charges"),
    ("shop_supplies", "Shop supplies"),
    ("discount", "Discounts included"),
    ("tax", "Tax"),
    ("total", "TOTAL"),
    ("authorized", "Authorized"),
)
JOB_FACTS = (
    ("technician", "Technician"),
    ("concern", "Concern"),
    ("cause", "Cause"),
    ("correction", "Correction"),
)


class WorkOrderEditorView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("work_order_editor")
        self.buttons: dict[str, QToolButton] = {}
        self.title_label = heading("", "heading")
        self.title_label.setObjectName("heading")
        self.status_label = named(QLabel(), "wo_status")
        self.back_button = action_button("back_to_list")
        self.reauth_banner = named(QLabel(wordWrap=True), "banner")
        self.reauth_banner.setTextFormat(Qt.TextFormat.RichText)  # amounts only: no typed text
        self.reauth_banner.hide()
        self.message_label = named(QLabel(wordWrap=True), "wo_message")
        self.message_label.hide()
        self.estimate_table = QTableView()
        self.estimate_table.setAccessibleName("Estimate: jobs and their lines")
        self.authorizations_table = QTableView()
        self.authorizations_table.setAccessibleName("Authorization history")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(self._title_row())
        layout.addLayout(self._header_facts())
        layout.addWidget(self.reauth_banner)
        layout.addWidget(self.message_label)
        self.more_button, self.more_menu = self._more_button()
        layout.addLayout(self._button_row(EDIT_BUTTONS))
        flow = self._button_row(FLOW_BUTTONS)
        flow.add_gap(10)
        flow.addWidget(self.more_button)
        layout.addLayout(flow)
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.addWidget(self._work_panel())
        self.main_splitter.addWidget(self._side_panel())
        self.main_splitter.setStretchFactor(0, 1)
        self.main_splitter.setStretchFactor(1, 0)
        self.main_splitter.setChildrenCollapsible(False)
        layout.addWidget(self.main_splitter, 1)

    def _title_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.title_label)
        row.addSpacing(12)
        row.addWidget(self.status_label)
        row.addStretch(1)
        row.addWidget(self.back_button)
        font = QFont(self.status_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.status_label.setFont(font)
        return row

    def _header_facts(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        self.facts: dict[str, QLabel] = {}
        for number, (name, caption) in enumerate(HEADER_FACTS):
            label = value_label()
            label.setObjectName(f"fact_{name}")
            self.facts[name] = label
            row, column = number % 3, (number // 3) * 2
            title = named(QLabel(caption), "subtle")
            grid.addWidget(title, row, column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            grid.addWidget(label, row, column + 1)
        for column in (1, 3, 5):
            grid.setColumnStretch(column, 1)
        return grid

    def _button_row(self, names: tuple[str, ...]) -> FlowLayout:
        """The buttons of one row, wrapping onto a second line on a narrow screen."""
        row = FlowLayout(spacing=4)
        for name in names:
            button = action_button(name)
            self.buttons[name] = button
            row.addWidget(button)
        return row

    def _more_button(self) -> tuple[QToolButton, QMenu]:
        """The less-used actions, one click (or Space on the button) away; each keeps its own key."""
        button = action_button("more_actions")
        button.setText("More")
        button.setAccessibleName("More actions")
        button.setToolTip("Fees, sublet, declined work, discounts, second payer, hold, cancel, work sheet")
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        menu.setObjectName("more_actions_menu")
        menu.setAccessibleName("More actions")
        button.setMenu(menu)
        return button, menu

    def fill_more_menu(self, action: Callable[[str], QAction]) -> None:
        """Put the controller's actions (the same QActions as the keys) into the More menu."""
        for number, group in enumerate(MORE_ACTIONS):
            if number:
                self.more_menu.addSeparator()
            for name in group:
                self.more_menu.addAction(action(name))

    def _work_panel(self) -> QWidget:
        self.lower_splitter = QSplitter(Qt.Orientation.Vertical)
        self.lower_splitter.addWidget(self.estimate_table)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.authorizations_table, "Authorization history")
        self.notes_label = value_label()
        self.notes_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        notes = QScrollArea()
        notes.setWidgetResizable(True)
        notes.setWidget(self.notes_label)
        self.tabs.addTab(notes, "Notes")
        self.lower_splitter.addWidget(self.tabs)
        self.lower_splitter.setStretchFactor(0, 3)
        self.lower_splitter.setStretchFactor(1, 1)
        self.lower_splitter.setChildrenCollapsible(False)
        return self.lower_splitter

    def _side_panel(self) -> QWidget:
        panel = QWidget()
        panel.setMinimumWidth(250)
        panel.setMaximumWidth(340)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(self._totals_card())
        layout.addWidget(self._job_card(), 1)
        return panel

    def _totals_card(self) -> QWidget:
        card = _card("totals_card")
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.setVerticalSpacing(3)
        self.total_captions: dict[str, QLabel] = {}
        self.total_values: dict[str, QLabel] = {}
        self._totals_form = form
        for name, caption in TOTAL_ROWS:
            title = QLabel(caption)
            value = named(QLabel(), f"total_{name}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.total_captions[name], self.total_values[name] = title, value
            form.addRow(title, value)
        for name in ("total",):
            font = QFont(self.total_values[name].font())
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.35)
            self.total_values[name].setFont(font)
            self.total_captions[name].setFont(font)
        outer = QVBoxLayout(card)
        outer.setContentsMargins(12, 8, 12, 8)
        outer.addWidget(section_label("Totals"))
        outer.addLayout(form)
        # the job and ticket discounts, each with its reason, under the totals they are in
        self.discounts_label = named(QLabel(wordWrap=True), "order_discounts")
        self.discounts_label.setAccessibleName("Job and ticket discounts")
        self.discounts_label.setTextFormat(Qt.TextFormat.PlainText)
        outer.addWidget(self.discounts_label)
        return card

    def set_total_row_visible(self, name: str, visible: bool) -> None:
        row = [n for n, _c in TOTAL_ROWS].index(name)
        self._totals_form.setRowVisible(row, visible)

    def _job_card(self) -> QWidget:
        card = _card("job_card")
        self.job_title = named(QLabel(wordWrap=True), "section")
        self.job_facts: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for name, caption in JOB_FACTS:
            label = value_label()
            label.setObjectName(f"job_{name}")
            self.job_facts[name] = label
            form.addRow(named(QLabel(caption), "subtle"), label)
        self.job_form = form  # the job type's choice joins it (app/ui/work_orders/job_type.py)
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.job_title)
        column.addLayout(form)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }")
        scroll.setWidget(inner)
        outer = QVBoxLayout(card)
        outer.setContentsMargins(12, 8, 12, 8)
        outer.addWidget(scroll)
        return card

    def focus_estimate(self) -> None:
        table = self.estimate_table
        table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        model = table.model()
        if not table.currentIndex().isValid() and model is not None and model.rowCount() > 0:
            table.selectRow(0)


def _card(name: str) -> QWidget:
    card = named(QWidget(), "card")
    card.setAccessibleName(name)
    card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    return card
