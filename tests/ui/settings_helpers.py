"""The Settings and Reminders areas built as the main window builds them, and ways to type into them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLineEdit, QTableView, QWidget
from pytestqt.qtbot import QtBot

from app.domain.permissions import Actor
from app.services.container import Services
from app.ui.changes import ChangeBridge
from app.ui.customers.reminders_controller import RemindersController
from app.ui.customers.reminders_view import RemindersView
from app.ui.settings.canned_job_dialog import CannedJobDialog
from app.ui.settings.controller import SettingsController
from app.ui.settings.view import SettingsView
from app.ui.tasks import TaskRunner
from tests.ui.helpers import RecordingDialogs


@dataclass
class SettingsArea:
    view: SettingsView
    controller: SettingsController
    runner: TaskRunner
    dialogs: RecordingDialogs
    qtbot: QtBot
    opened: list[CannedJobDialog] = field(default_factory=list)

    def settle(self) -> None:
        self.qtbot.waitUntil(lambda: self.controller.is_settled() and self.runner.is_idle())

    def retype(self, name: str, text: str) -> None:
        """Select what a pricing field holds and type over it, key by key."""
        edit = self.view.pricing.edits[name]
        edit.setFocus()
        edit.selectAll()
        self.qtbot.keyClick(edit, Qt.Key.Key_Backspace)
        self.qtbot.keyClicks(edit, text)

    def message(self, name: str) -> str:
        label = self.view.pricing.messages[name]
        return label.text() if label.isVisible() else ""


def build_settings(qtbot: QtBot, services: Services, actor: Actor) -> SettingsArea:
    view = SettingsView()
    runner = TaskRunner(view)
    dialogs = RecordingDialogs()
    controller = SettingsController(services, actor, view, runner, ChangeBridge(services.changes), dialogs)
    qtbot.addWidget(view, before_close_func=lambda _v: quiesce(qtbot, controller.is_settled, runner))
    area = SettingsArea(view, controller, runner, dialogs, qtbot)
    controller.canned.dialog_opened.connect(area.opened.append)
    view.resize(1030, 760)
    view.show()
    activate(qtbot, view)
    controller.start()
    qtbot.waitUntil(lambda: controller.saved is not None)
    area.settle()
    return area


def build_reminders(
    qtbot: QtBot, services: Services, actor: Actor
) -> tuple[RemindersView, RemindersController, TaskRunner]:
    view = RemindersView()
    runner = TaskRunner(view)
    controller = RemindersController(services, actor, view, runner, ChangeBridge(services.changes))
    qtbot.addWidget(view, before_close_func=lambda _v: quiesce(qtbot, controller.is_settled, runner))
    view.resize(1000, 500)
    view.show()
    activate(qtbot, view)
    with qtbot.waitSignal(controller.reminders_shown):
        controller.start()
    return view, controller, runner


def quiesce(qtbot: QtBot, settled: Callable[[], bool], runner: TaskRunner) -> None:
    """Before the widgets go: let a queued change-set start its refresh, and every call answer.

    Otherwise a refresh started while pytest-qt closes the widgets would answer
    into a deleted runner, during the next test.
    """
    qtbot.wait(100)
    qtbot.waitUntil(lambda: settled() and runner.is_idle())
    runner.wait()


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    """Click a check box or radio button on its box, as a person does (a wide one's middle is empty)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def activate(qtbot: QtBot, window: QWidget) -> None:
    """Shortcuts only reach the active window, as on a real desktop."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def type_cell(qtbot: QtBot, table: QTableView, row: int, column: int, text: str) -> None:
    """Go to a cell, start typing (which opens its editor), finish with Enter."""
    index = table.model().index(row, column)
    table.setFocus()
    table.setCurrentIndex(index)
    qtbot.keyClick(table, Qt.Key.Key_F2)  # F2 edits the cell, as in any spreadsheet
    editor = _editor(qtbot, table)
    if isinstance(editor, QComboBox):
        found = editor.findText(text)
        assert found >= 0, f"no choice {text!r}"
        editor.setCurrentIndex(found)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        return
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def _editor(qtbot: QtBot, table: QTableView) -> QWidget:
    found: list[QWidget] = []

    def opened() -> bool:
        found[:] = [
            w
            for w in table.viewport().findChildren(QWidget)
            if isinstance(w, QLineEdit | QComboBox) and w.isVisible()
        ]
        return bool(found)

    qtbot.waitUntil(opened)
    return found[0]
