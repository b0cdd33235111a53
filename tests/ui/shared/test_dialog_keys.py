"""In a dialog Enter saves (Ctrl+Enter in a box of several lines), as the dialog itself says,
and Tab never takes typed text somewhere else: it leaves a date field like any other."""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from app.domain.work_orders import Status
from app.services.parts.dto import VendorView
from app.ui.access.sign_in_dialog import SignInDialog
from app.ui.customers.customer_dialog import CustomerDialog
from app.ui.customers.vehicle_dialog import VehicleDialog
from app.ui.day.drawer_dialogs import COUNT, OPEN, CashDialog
from app.ui.parts.return_dialog import ReturnDialog
from app.ui.work_orders.new_dialog import NewWorkOrderDialog
from app.ui.work_orders.status_dialog import StatusDialog

CTRL = Qt.KeyboardModifier.ControlModifier


def shown(qtbot: QtBot, dialog: object) -> None:
    qtbot.addWidget(dialog)  # type: ignore[arg-type]
    dialog.show()  # type: ignore[attr-defined]
    dialog.activateWindow()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)


def test_enter_in_any_field_saves_and_the_dialog_says_so(qtbot: QtBot) -> None:
    dialog = CustomerDialog(None)
    shown(qtbot, dialog)
    assert dialog.keys_hint.isVisible()
    assert dialog.keys_hint.text() == "Enter: Save · Ctrl+Enter from a box of several lines · Esc: Cancel"
    saved: list[object] = []
    dialog.customer_submitted.connect(saved.append)
    qtbot.keyClicks(dialog.edits["first_name"], "Ana")
    qtbot.keyClick(dialog.edits["first_name"], Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "Ruiz")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert len(saved) == 1
    assert (saved[0].first_name, saved[0].last_name) == ("Ana", "Ruiz")  # type: ignore[attr-defined]


def test_the_hint_shows_whole_when_save_is_named_after_what_it_does(qtbot: QtBot) -> None:
    done = StatusDialog(_Order(), Status.COMPLETED)
    shown(qtbot, done)
    assert done.keys_hint.text() == "Enter: Completed · Ctrl+Enter from a box of several lines · Esc: Cancel"
    assert done.keys_hint.width() >= done.keys_hint.sizeHint().width()


class _Order:
    number, version, odometer_in = 2499, 1, 144_952


def test_in_a_box_of_several_lines_enter_is_a_new_line_and_ctrl_enter_saves(qtbot: QtBot) -> None:
    dialog = CustomerDialog(None)
    shown(qtbot, dialog)
    saved: list[object] = []
    dialog.customer_submitted.connect(saved.append)
    qtbot.keyClicks(dialog.edits["first_name"], "Ana")
    dialog.notes.setFocus()
    qtbot.keyClicks(dialog.notes, "Pays by check")
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.notes, "Calls after 5")
    assert saved == []
    assert dialog.notes.toPlainText() == "Pays by check\nCalls after 5"
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Return, CTRL)
    assert len(saved) == 1


def test_a_scanned_vin_ends_with_enter_and_moves_on_instead_of_saving(qtbot: QtBot) -> None:
    dialog = VehicleDialog(None, "Ana Ruiz")
    shown(qtbot, dialog)
    saved: list[object] = []
    dialog.vehicle_submitted.connect(saved.append)
    dialog.vin_edit.setFocus()
    qtbot.keyClicks(dialog.vin_edit, "1G4AH59H45G118341")
    qtbot.keyClick(dialog.vin_edit, Qt.Key.Key_Return)
    assert saved == []
    assert QApplication.focusWidget() is not dialog.vin_edit


def test_tab_leaves_promised_and_the_note_typed_next_lands_in_notes(qtbot: QtBot) -> None:
    dialog = NewWorkOrderDialog(ZoneInfo("America/Los_Angeles"))
    shown(qtbot, dialog)
    promised_before = dialog.promised.dateTime()
    dialog.promised.setFocus()
    qtbot.keyClick(dialog.promised, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.notes
    qtbot.keyClicks(QApplication.focusWidget(), "Customer waits")
    assert dialog.notes.toPlainText() == "Customer waits"
    assert dialog.promised.dateTime() == promised_before
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is dialog.promised  # and back
    qtbot.keyClick(dialog.promised, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is dialog.promised_check


def test_the_line_names_what_enter_does_in_this_dialog(qtbot: QtBot) -> None:
    dialog = SignInDialog("Test Garage", "", lambda _user, _password: None)  # type: ignore[arg-type, return-value]
    shown(qtbot, dialog)
    assert dialog.keys_hint.text().startswith("Enter: Sign in · ")


def test_a_refused_save_leaves_the_button_named_for_what_it_does(qtbot: QtBot) -> None:
    dialog = ReturnDialog([VendorView(uuid.uuid4(), "NAPA Auto Parts", "", "")])
    shown(qtbot, dialog)
    named = dialog.save_button.text()
    assert named == "Post return"
    dialog.set_busy(True)
    assert dialog.save_button.text() == "Saving…"
    dialog.show_error(ValueError("Wrong user name or password."))
    assert dialog.save_button.text() == named
    assert dialog.keys_hint.text().startswith(f"Enter: {named.replace('&', '')}")


def test_a_dialog_sized_by_a_shorter_one_of_its_kind_still_shows_every_line(qtbot: QtBot) -> None:
    opened = CashDialog(OPEN)  # one short line above its field; its size is remembered on close
    shown(qtbot, opened)
    opened.reject()
    count = CashDialog(COUNT)  # the same kind of dialog, with two lines to say
    shown(qtbot, count)
    explanation = count.findChild(QLabel, "cash_explanation")
    assert explanation is not None
    assert explanation.height() >= explanation.heightForWidth(explanation.width())
