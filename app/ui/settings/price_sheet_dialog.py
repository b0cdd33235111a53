"""The owner's price sheet in one dialog: a tab per table, typed like a spreadsheet.

Labor rates, price levels, tax components and fees are tables: type over a
cell (or F2), Tab to the next, "Add a row" for another; an empty row is
ignored. Discount limits, the minimum margin and the rounding are fields on
the last tab. Save checks everything at once and says which table and row is
wrong; the dialog stays open with what was typed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ValidationError
from app.domain.price_sheet import PriceSheet
from app.ui.errors import error_message
from app.ui.settings.price_sheet_input import (
    FEE_COLUMNS,
    JOB_TYPE_COLUMNS,
    LEVEL_COLUMNS,
    LIMIT_ROLES,
    RATE_COLUMNS,
    TAX_COLUMNS,
    Rows,
    SheetText,
    parse_sheet,
    sheet_text,
)
from app.ui.widgets import named, set_level

TAX_HINT = (
    "Taxes: labor, part, fee, sublet, core (comma between). Cap: none, per line or per invoice "
    "(the most tax); the single-article cap is the most taxable amount of one item."
)
FEE_HINT = (
    "Percent or flat. Base: labor, parts, both, per tire, per unit. Per unit counts the parts of the "
    "unit category (battery...). Rim brackets: 16: 1.50; 20: 2.50 (up to that rim, that fee a tire)."
)


class SheetTable(QWidget):
    """One table of the sheet, with its own "Add a row" and "Remove the row" buttons."""

    def __init__(
        self, name: str, columns: tuple[str, ...], hint: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(columns))
        self.table.setObjectName(f"{name}_table")
        self.table.setAccessibleName(name.replace("_", " ").capitalize())
        self.table.setHorizontalHeaderLabels(list(columns))
        self.table.setTabKeyNavigation(True)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.add_button = named(QPushButton("Add a row"), f"add_{name}")
        self.add_button.setAccessibleName(f"Add a row to {name.replace('_', ' ')}")
        self.remove_button = named(QPushButton("Remove the row"), f"remove_{name}")
        self.remove_button.setAccessibleName(f"Remove the chosen row of {name.replace('_', ' ')}")
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        if hint:
            layout.addWidget(named(QLabel(hint, wordWrap=True), "subtle"))
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def add_row(self) -> None:
        self.table.insertRow(self.table.rowCount())
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self.table.setFocus()

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def set_rows(self, rows: Rows) -> None:
        self.table.setRowCount(0)
        for values in rows:
            row = self.table.rowCount()
            self.table.insertRow(row)
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))

    def rows(self) -> Rows:
        out = []
        for row in range(self.table.rowCount()):
            cells = []
            for column in range(self.table.columnCount()):
                item = self.table.item(row, column)
                cells.append(item.text() if item is not None else "")
            out.append(cells)
        return out


class PriceSheetDialog(QDialog):
    sheet_submitted = Signal(object)  # PriceSheet

    def __init__(self, sheet: PriceSheet, editable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("price_sheet_dialog")
        self.setWindowTitle("Price sheet")
        self.tables = {
            "labor_rates": SheetTable("labor_rates", RATE_COLUMNS),
            "job_type_rates": SheetTable("job_type_rates", JOB_TYPE_COLUMNS),
            "price_levels": SheetTable("price_levels", LEVEL_COLUMNS, "Markup is on the part's cost; empty keeps the catalog price."),
            "taxes": SheetTable("taxes", TAX_COLUMNS, TAX_HINT),
            "fees": SheetTable("fees", FEE_COLUMNS, FEE_HINT),
        }  # fmt: skip
        self.default_rate = self._edit("default_labor_rate", "Default labor rate code")
        self.limits = {
            role: self._edit(f"limit_{role}", f"{label}: most discount % without the owner")
            for role, label in LIMIT_ROLES
        }
        self.minimum_margin = self._edit("minimum_margin", "Minimum margin %")
        self.combined_label = self._edit("combined_fee_label", "Label of the fees not itemised")
        self.per_line_box = named(
            QCheckBox("Round tax on each line (otherwise once per tax on the invoice)"), "per_line_rounding"
        )
        self.per_line_box.setAccessibleName("Round tax on each line")
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Price sheet tables")
        self.tabs.addTab(self._rates_tab(), "&Labor rates")
        self.tabs.addTab(self.tables["price_levels"], "Price le&vels")
        self.tabs.addTab(self.tables["taxes"], "&Taxes")
        self.tabs.addTab(self.tables["fees"], "&Fees")
        self.tabs.addTab(self._discounts_tab(), "&Discounts and rounding")
        self.message = named(QLabel(wordWrap=True), "field_error")
        self.message.setAccessibleName("Price sheet problems")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(editable)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(980, 560)
        self.show_sheet(sheet)

    def _edit(self, name: str, accessible: str) -> QLineEdit:
        edit = named(QLineEdit(), name)
        edit.setAccessibleName(accessible)
        return edit

    def _rates_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        form = QFormLayout()
        form.addRow("Default labor rate (code)", self.default_rate)
        layout.addLayout(form)
        layout.addWidget(self.tables["labor_rates"], 2)
        layout.addWidget(named(QLabel("Job types with their own rate (diagnostic, warranty...)"), "subtle"))
        layout.addWidget(self.tables["job_type_rates"], 1)
        return page

    def _discounts_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        for (role, label), edit in zip(LIMIT_ROLES, self.limits.values(), strict=True):
            form.addRow(f"{label}: most discount %", edit)
            del role
        form.addRow("Minimum margin % (below it a line is flagged)", self.minimum_margin)
        form.addRow("Fees not itemised print as", self.combined_label)
        form.addRow(self.per_line_box)
        return page

    def show_sheet(self, sheet: PriceSheet) -> None:
        text = sheet_text(sheet)
        self.tables["labor_rates"].set_rows(text.labor_rates)
        self.tables["job_type_rates"].set_rows(text.job_types)
        self.tables["price_levels"].set_rows(text.levels)
        self.tables["taxes"].set_rows(text.taxes)
        self.tables["fees"].set_rows(text.fees)
        self.default_rate.setText(text.default_rate)
        for role, edit in self.limits.items():
            edit.setText(text.limits.get(role, ""))
        self.minimum_margin.setText(text.minimum_margin)
        self.combined_label.setText(text.combined_label)
        self.per_line_box.setChecked(text.per_line)

    def typed(self) -> SheetText:
        return SheetText(
            labor_rates=self.tables["labor_rates"].rows(),
            job_types=self.tables["job_type_rates"].rows(),
            levels=self.tables["price_levels"].rows(),
            taxes=self.tables["taxes"].rows(),
            fees=self.tables["fees"].rows(),
            default_rate=self.default_rate.text(),
            limits={role: edit.text() for role, edit in self.limits.items()},
            minimum_margin=self.minimum_margin.text(),
            per_line=self.per_line_box.isChecked(),
            combined_label=self.combined_label.text(),
        )

    def submit(self) -> None:
        for table in self.tables.values():  # a cell still being typed counts
            table.table.setCurrentCell(-1, -1)
        try:
            sheet = parse_sheet(self.typed())
        except ValidationError as exc:
            self.show_error(exc)
            return
        set_level(self.message, "", "")
        self.set_busy(True)
        self.sheet_submitted.emit(sheet)

    def set_busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)

    def show_error(self, exc: BaseException) -> None:
        self.set_busy(False)
        if isinstance(exc, ValidationError):
            text = "\n".join(f"{k.replace('_', ' ').capitalize()}: {v}" for k, v in exc.errors.items())
        else:
            text = error_message(exc)
        set_level(self.message, "error", text)
        self.message.setFocus(Qt.FocusReason.OtherFocusReason)
