"""What UI tests share: a dialog factory that never blocks, and the area as a person uses it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.services.customers.dto import CustomerView
from app.ui.customers.controller import CustomersController
from app.ui.customers.view import CustomersView
from app.ui.shared.dialog_factory import DialogFactory
from app.ui.shared.form import FormDialog
from app.ui.shared.table_model import SortProxy

SHOP_ZONE = ZoneInfo("America/Los_Angeles")


@dataclass
class RecordingDialogs(DialogFactory):
    """Real dialogs; confirmations answered without a modal box; messages kept for asserts."""

    confirm_answer: bool = True
    confirmations: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    def confirm(self, parent: QWidget, title: str, text: str, action: str, keep: str = "Keep") -> bool:
        self.confirmations.append(text)
        return self.confirm_answer

    def inform(self, parent: QWidget, title: str, text: str) -> None:
        self.messages.append(text)


@dataclass
class Area:
    view: CustomersView
    controller: CustomersController
    dialogs: RecordingDialogs
    opened: list[FormDialog]
    qtbot: QtBot

    def settle(self) -> None:
        """Wait until no search is pending and every service call has answered."""
        self.qtbot.waitUntil(lambda: self.controller.is_settled() and self.controller.runner.is_idle())

    def last_dialog(self) -> FormDialog:
        assert self.opened, "no dialog was opened"
        return self.opened[-1]

    def search(self, text: str) -> None:
        """Type into the search box as a person does (select all, type over)."""
        box = self.view.search_edit
        box.setFocus()
        box.selectAll()
        self.qtbot.keyClick(box, Qt.Key.Key_Backspace)
        self.qtbot.keyClicks(box, text)
        self.settle()

    def show(self, customer: CustomerView) -> None:
        self.controller.show_customer(customer.id)
        self.qtbot.waitUntil(lambda: self.view.detail.name_label.text() == customer.display_name)
        self.settle()


def cells(proxy: SortProxy) -> list[list[str]]:
    """Every row of a table as the person reads it."""
    return [
        [proxy.data(proxy.index(row, column)) or "" for column in range(proxy.columnCount(QModelIndex()))]
        for row in range(proxy.rowCount(QModelIndex()))
    ]


def save(qtbot: QtBot, dialog: FormDialog) -> None:
    """Click Save and wait for the dialog to close (the save runs in the background)."""
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def check_model_once(tester: Any, model: Any) -> None:
    """Run Qt's model checks on ``model`` now, then stop watching it.

    The area that owns the model is closed before fixtures are torn down; a
    tester still connected to a deleted model fails the teardown at random.
    """
    tester.check(model, force_py=True)
    tester._cleanup()  # pytest-qt's own teardown step, taken while the model is alive
    tester._model = None
