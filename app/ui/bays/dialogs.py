"""The small questions the bay board and the technician terminal ask.

Controllers ask this object, never ``QInputDialog`` directly, so a test hands
back its own answers and no modal loop ever blocks a test run.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from app.services.bays.board import BayInput
from app.services.bays.dto import BayView
from app.ui.printing import PaperDialogs
from app.ui.shared import files
from app.ui.widgets import named


class BayDialogs(PaperDialogs):
    def ask_text(self, parent: QWidget, title: str, prompt: str) -> str | None:
        """One line of text (an override reason, a note); None when cancelled."""
        text, ok = QInputDialog.getText(parent, title, prompt, QLineEdit.EchoMode.Normal)
        return text.strip() if ok else None

    def pick(self, parent: QWidget, title: str, prompt: str, items: Sequence[str]) -> int | None:
        """The position of the chosen item; None when cancelled."""
        if not items:
            return None
        item, ok = QInputDialog.getItem(parent, title, prompt, list(items), 0, False)
        return list(items).index(item) if ok and item in items else None

    def bay_form(self, parent: QWidget, existing: BayView | None, position: int) -> BayInput | None:
        """A bay's name, area, capacity and equipment; None when cancelled."""
        dialog = BayFormDialog(existing, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.value(position)

    def open_photo(self, parent: QWidget) -> str | None:
        path, _ = files.get_open_file_name(
            parent, "Attach a photo", "", "Pictures (*.png *.jpg *.jpeg *.gif *.webp *.bmp);;All files (*)"
        )
        return path or None

    def inform(self, parent: QWidget, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)


class BayFormDialog(QDialog):
    """Name, area, how many cars at once, and the equipment (one item a line)."""

    def __init__(self, existing: BayView | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Change {existing.name}" if existing else "New bay")
        self.name_edit = named(QLineEdit(existing.name if existing else ""), "bay_name")
        self.area_edit = named(QLineEdit(existing.area if existing else ""), "bay_area")
        self.capacity_spin = named(QSpinBox(), "bay_capacity")
        self.capacity_spin.setRange(1, 10)
        self.capacity_spin.setValue(existing.capacity if existing else 1)
        self.equipment_edit = named(
            QPlainTextEdit("\n".join(existing.equipment) if existing else ""), "bay_equipment"
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Name:", self.name_edit)
        form.addRow("Area:", self.area_edit)
        form.addRow("Cars at once:", self.capacity_spin)
        form.addRow("Equipment (one a line):", self.equipment_edit)
        form.addRow(buttons)

    def value(self, position: int) -> BayInput:
        equipment = tuple(
            line.strip() for line in self.equipment_edit.toPlainText().splitlines() if line.strip()
        )
        return BayInput(
            self.name_edit.text(), self.area_edit.text(), self.capacity_spin.value(), equipment, position
        )
