"""The alerts area's dialogs: a note when acknowledging or resolving, and the owner's rule editor."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QWidget

from app.domain.alerts import MAX_COOLDOWN_MINUTES, MAX_NOTE, TIME_UNIT
from app.domain.permissions import ROLE_LABELS, Role
from app.services.alerts.dto import RuleInput, RuleView
from app.ui.shared.dialog_factory import DialogFactory
from app.ui.shared.form import FormDialog
from app.ui.widgets import named


class NoteDialog(FormDialog):
    """``note_submitted`` carries the note (may be empty)."""

    note_submitted = Signal(str)
    geometry_key = "alert_note_dialog"

    def __init__(self, title: str, button: str, alert_title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.save_button.setText(button)
        self.note = named(QLineEdit(placeholderText="optional: what was done, who was called"), "alert_note")
        self.note.setMaxLength(MAX_NOTE)
        form = QFormLayout()
        form.addRow(named(QLabel(alert_title, wordWrap=True), "subtle"))
        form.addRow("Note", self.field("note", self.note))
        body = QWidget()
        body.setLayout(form)
        self.assemble(body)
        self.set_tab_order([self.note])
        self.enter_submits_from = (self.note,)
        self.setMinimumWidth(480)
        self.restore_geometry()
        self.note.setFocus()

    def focus_field(self, name: str) -> None:
        self.note.setFocus()

    def emit_submitted(self) -> None:
        self.note_submitted.emit(self.note.text())


class RuleDialog(FormDialog):
    """``rule_submitted`` carries the ``RuleInput`` as typed; the service checks the limits."""

    rule_submitted = Signal(object)
    geometry_key = "alert_rule_dialog"

    def __init__(self, rule: RuleView, parent: QWidget | None = None) -> None:
        super().__init__(f"Alert rule: {rule.label}", parent)
        self.enabled = named(QCheckBox("Raise these alerts"), "rule_enabled")
        self.enabled.setChecked(rule.enabled)
        self.limits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        form.addRow(named(QLabel(rule.description, wordWrap=True), "subtle"))
        form.addRow("", self.enabled)
        for spec, value in rule.limits:
            edit = named(QLineEdit(spec.typed(value)), f"limit_{spec.key}")
            self.limits[spec.key] = edit
            unit = "" if spec.unit == TIME_UNIT else spec.unit + (" (0: off)" if spec.zero_off else "")
            row = QHBoxLayout()
            row.addWidget(self.field(spec.key, edit), 1)
            row.addWidget(QLabel(unit))
            holder = QWidget()
            holder.setLayout(row)
            row.setContentsMargins(0, 0, 0, 0)
            form.addRow(spec.label, holder)
        self.roles = {role: named(QCheckBox(ROLE_LABELS[role]), f"role_{role.value}") for role in Role}
        roles_row = QHBoxLayout()
        for role, box in self.roles.items():
            box.setChecked(role in rule.roles)
            roles_row.addWidget(box)
        roles_holder = QWidget()
        roles_holder.setLayout(roles_row)
        roles_row.setContentsMargins(0, 0, 0, 0)
        form.addRow("Seen by", self.field("roles", roles_holder))
        self.cooldown = named(QSpinBox(), "rule_cooldown")
        self.cooldown.setRange(0, MAX_COOLDOWN_MINUTES)
        self.cooldown.setSuffix(" min")
        self.cooldown.setValue(rule.cooldown_minutes)
        form.addRow("Cool-down", self.field("cooldown", self.cooldown))
        body = QWidget()
        body.setLayout(form)
        self.assemble(body)
        self.set_tab_order([self.enabled, *self.limits.values(), *self.roles.values(), self.cooldown])
        self.setMinimumWidth(560)
        self.restore_geometry()
        self.enabled.setFocus()

    def focus_field(self, name: str) -> None:
        widget = self.limits.get(name) or (self.cooldown if name == "cooldown" else self.enabled)
        widget.setFocus()

    def emit_submitted(self) -> None:
        self.rule_submitted.emit(
            RuleInput(
                enabled=self.enabled.isChecked(),
                limits={key: edit.text() for key, edit in self.limits.items()},
                roles=frozenset(role for role, box in self.roles.items() if box.isChecked()),
                cooldown_minutes=self.cooldown.value(),
            )
        )


class AlertDialogs:
    """Where the alerts area gets its dialogs (tests hand in a factory that records them)."""

    def __init__(self, factory: DialogFactory | None) -> None:
        self.factory = factory or DialogFactory()

    def note(self, parent: QWidget, title: str, button: str, alert_title: str) -> NoteDialog:
        return NoteDialog(title, button, alert_title, parent)

    def rule(self, parent: QWidget, rule: RuleView) -> RuleDialog:
        return RuleDialog(rule, parent)
