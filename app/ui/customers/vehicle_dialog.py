"""Add or edit a vehicle, with the VIN checked as it is typed (or scanned)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.customers import VehicleInput
from app.domain.errors import ConflictError
from app.domain.vin import VIN_LENGTH, check_vin, decode_vin, normalize_vin
from app.services.customers.dto import VehicleView
from app.ui.formatting import whole_number
from app.ui.shared.form import FormDialog
from app.ui.widgets import named, set_level

_DETAILS = (
    ("year", "Year", "e.g. 2019"),
    ("make", "Make", ""),
    ("model", "Model", ""),
    ("trim", "Trim", ""),
    ("engine", "Engine", "e.g. 2.0L I4"),
    ("color", "Color", ""),
)
_REGISTRATION = (
    ("plate", "Plate", ""),
    ("plate_region", "Plate state / region", "e.g. CA"),
    ("unit_number", "Fleet unit no.", ""),
    ("odometer", "Odometer", "miles"),
    ("odometer_reason", "Reason it is lower", "e.g. instrument cluster replaced"),
)


@dataclass(frozen=True)
class VinFeedback:
    level: str  # "", "hint", "warning", "error", "ok"
    text: str
    blocks_save: bool


def vin_feedback(text: str, non_standard: bool) -> VinFeedback:
    """What to say beside the VIN field right now, and whether Save must wait.

    An incomplete VIN is a neutral hint while it is being typed; a character
    no VIN contains, or a wrong North American check digit, is an error.
    """
    vin = normalize_vin(text)
    if not vin:
        return VinFeedback("", "", False)
    verdict = check_vin(vin, non_standard=non_standard)
    if verdict.error:
        well_formed = vin.isascii() and vin.isalnum() and not set(vin) & set("IOQ")
        typing = not non_standard and well_formed and len(vin) < VIN_LENGTH
        return VinFeedback("hint" if typing else "error", verdict.error, True)
    if verdict.warning:
        return VinFeedback("warning", verdict.warning[:1].upper() + verdict.warning[1:], False)
    return VinFeedback("ok", "Non-standard VIN accepted" if non_standard else "VIN is valid", False)


class VehicleDialog(FormDialog):
    """``vehicle_submitted`` carries the typed vehicle; a duplicate VIN offers ``vehicle_open_requested``."""

    vehicle_submitted = Signal(object)  # VehicleInput
    vehicle_open_requested = Signal(object)  # the existing vehicle's id
    geometry_key = "vehicle_dialog"
    live_fields = ("vin",)

    def __init__(
        self, existing: VehicleView | None = None, owner_name: str = "", parent: QWidget | None = None
    ) -> None:
        title = "Edit vehicle" if existing else "Add vehicle"
        super().__init__(f"{title} — {owner_name}" if owner_name else title, parent)
        self.vehicle_id = existing.id if existing else None
        self.version = existing.version if existing else 0
        self.previous_odometer = existing.odometer if existing else None
        self.edits: dict[str, QLineEdit] = {}
        self.vin_edit = named(QLineEdit(placeholderText="17 characters; scan or type"), "vin")
        self.enter_moves_from = (self.vin_edit,)  # a scanner ends a VIN with Enter: not a save
        self.vin_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.vin_edit.setMinimumWidth(260)
        self.non_standard = QCheckBox("Non-standard VIN (pre-1981 or short)")
        self.decoded = named(QLabel(wordWrap=True), "vin_decoded")
        set_level(self.decoded, "")
        self.notes = named(QPlainTextEdit(), "notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.assemble(self._body())
        self._set_tab_order()
        self.vin_edit.textEdited.connect(self._vin_edited)
        self.vin_edit.textChanged.connect(self._check_vin)
        self.non_standard.toggled.connect(self._check_vin)
        self.edits["odometer"].textChanged.connect(self._odometer_changed)
        if existing is not None:
            self.load(existing)
        self._odometer_changed()
        self.setMinimumWidth(660)
        self.restore_geometry()
        self.vin_edit.setFocus()

    def _body(self) -> QVBoxLayout:
        vin_box = QGroupBox("Identification")
        vin_form = QFormLayout(vin_box)
        vin_form.addRow("VIN", self.field("vin", self.vin_edit))
        vin_form.addRow("", self.non_standard)
        vin_form.addRow("", self.decoded)
        details = QGroupBox("Vehicle")
        self._add_rows(QFormLayout(details), _DETAILS)
        registration = QGroupBox("Plate and odometer")
        self._registration_form = QFormLayout(registration)
        self._add_rows(self._registration_form, _REGISTRATION)
        self._reason_row = self._registration_form.rowCount() - 1  # odometer_reason comes last
        columns = QHBoxLayout()
        columns.addWidget(details, 1)
        columns.addWidget(registration, 1)
        body = QVBoxLayout()
        body.addWidget(vin_box)
        body.addLayout(columns)
        notes_form = QFormLayout()
        notes_form.addRow("Notes", self.field("notes", self.notes))
        body.addLayout(notes_form)
        return body

    def _add_rows(self, form: QFormLayout, spec: tuple[tuple[str, str, str], ...]) -> None:
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, label, placeholder in spec:
            edit = named(QLineEdit(placeholderText=placeholder), name)
            self.edits[name] = edit
            form.addRow(label, self.field(name, edit))

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [self.vin_edit, self.non_standard]
        chain += [self.edits[name] for name, _l, _p in (*_DETAILS, *_REGISTRATION)]
        self.set_tab_order([*chain, self.notes])

    # --- live checks -------------------------------------------------------------------
    def _vin_edited(self, text: str) -> None:
        """VINs are upper case; fix it as typed without moving the cursor."""
        if text != text.upper():
            position = self.vin_edit.cursorPosition()
            self.vin_edit.setText(text.upper())
            self.vin_edit.setCursorPosition(position)

    def _check_vin(self) -> None:
        feedback = vin_feedback(self.vin_edit.text(), self.non_standard.isChecked())
        set_level(self.field_message("vin"), feedback.level, feedback.text)
        self.block_save("vin", feedback.blocks_save)
        self._decode()

    def _decode(self) -> None:
        """On a complete, valid VIN: fill year and make where empty, and say where it was built."""
        vin = normalize_vin(self.vin_edit.text())
        if self.non_standard.isChecked() or not check_vin(vin).ok or len(vin) != VIN_LENGTH:
            set_level(self.decoded, "")
            return
        decoded = decode_vin(vin)
        if decoded.year and not self.edits["year"].text().strip():
            self.edits["year"].setText(str(decoded.year))
        if decoded.make and not self.edits["make"].text().strip():
            self.edits["make"].setText(decoded.make)
        facts = [str(p) for p in (decoded.year, decoded.make) if p]
        if decoded.country:
            facts.append(f"built in {decoded.country}")
        set_level(self.decoded, "hint", ("From the VIN: " + ", ".join(facts)) if facts else "")

    def _odometer_changed(self) -> None:
        """The reason row appears only when the new reading is below the last one."""
        value = whole_number(self.edits["odometer"].text())
        lower = value is not None and self.previous_odometer is not None and value < self.previous_odometer
        self._registration_form.setRowVisible(self._reason_row, lower)
        self.edits["odometer_reason"].setEnabled(lower)

    # --- data ----------------------------------------------------------------------------
    def load(self, vehicle: VehicleView) -> None:
        """Fill the form from a saved vehicle (first open, or Reload after a stale edit)."""
        self.vehicle_id = vehicle.id
        self.version = vehicle.version
        self.previous_odometer = vehicle.odometer
        self.non_standard.setChecked(vehicle.vin_non_standard)
        self.vin_edit.setText(vehicle.vin or "")
        for name, edit in self.edits.items():
            value = getattr(vehicle, name, "")
            edit.setText("" if value is None else str(value))
        self.notes.setPlainText(vehicle.notes)

    def values(self) -> VehicleInput:
        typed = {name: edit.text() for name, edit in self.edits.items()}
        if not self.edits["odometer_reason"].isEnabled():
            typed["odometer_reason"] = ""
        reading = whole_number(typed["odometer"])
        if reading is not None:  # '123.456' typed in Germany reaches the service as 123456
            typed["odometer"] = str(reading)
        return VehicleInput(
            vin=self.vin_edit.text(),
            vin_non_standard=self.non_standard.isChecked(),
            notes=self.notes.toPlainText(),
            **typed,
        )

    def focus_field(self, name: str) -> None:
        widget = {"vin": self.vin_edit, "notes": self.notes}.get(name) or self.edits.get(name)
        if widget is not None:
            widget.setFocus()

    def conflict_actions(self, exc: ConflictError) -> list[tuple[str, Callable[[], None]]]:
        if exc.existing_id is None:
            return []
        existing = exc.existing_id
        return [("Open that vehicle", lambda: self.vehicle_open_requested.emit(existing))]

    def emit_submitted(self) -> None:
        self.vehicle_submitted.emit(self.values())
