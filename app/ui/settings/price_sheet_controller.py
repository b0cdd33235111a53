"""Opening the price sheet from the Settings area, and saving what the owner typed.

A shop without a sheet starts from its one labor rate and tax rate and the
four usual price levels; saving turns the sheet on for every invoice posted
from then on (posted ones keep theirs). A service writer sees it read-only.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction

from app.domain.permissions import Action, Actor
from app.domain.price_sheet import PriceSheet, sheet_from_rules
from app.services.container import Services
from app.ui import shortcuts
from app.ui.errors import error_message
from app.ui.settings.price_sheet_dialog import PriceSheetDialog
from app.ui.settings.view import SettingsView
from app.ui.tasks import TaskRunner
from app.ui.widgets import set_level


class PriceSheetController(QObject):
    dialog_opened = Signal(object)  # PriceSheetDialog
    sheet_saved = Signal(object)  # PriceSheet

    def __init__(self, services: Services, actor: Actor, view: SettingsView, runner: TaskRunner) -> None:
        super().__init__(view)
        self.services, self.actor, self.view, self.runner = services, actor, view, runner
        self.can_edit = actor.can(Action.MANAGE_SETTINGS)
        self.action = QAction("&Price sheet…", view)
        self.action.setObjectName("price_sheet")
        self.action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcuts.assign(
            self.action, "settings", "Labor rates, price levels, taxes, fees and discount limits"
        )
        self.action.triggered.connect(self.open)
        view.addAction(self.action)
        view.price_sheet_button.setDefaultAction(self.action)
        self.dialog: PriceSheetDialog | None = None

    def open(self) -> None:
        self.runner.run(self._current, self._show, self._failed, channel="price_sheet")

    def _current(self) -> PriceSheet:
        sheet = self.services.price_sheet.sheet(self.actor)
        if sheet is not None:
            return sheet
        return sheet_from_rules(self.services.settings.pricing(self.actor))

    def _show(self, sheet: PriceSheet) -> None:
        dialog = PriceSheetDialog(sheet, self.can_edit, self.view)
        dialog.sheet_submitted.connect(lambda typed: self._save(dialog, typed))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        self.dialog_opened.emit(dialog)
        dialog.open()

    def _save(self, dialog: PriceSheetDialog, sheet: PriceSheet) -> None:
        def saved(stored: PriceSheet) -> None:
            dialog.set_busy(False)
            dialog.accept()
            self.sheet_saved.emit(stored)

        self.runner.run(
            lambda: self.services.price_sheet.save_sheet(self.actor, sheet), saved, dialog.show_error
        )

    def _failed(self, exc: BaseException) -> None:
        set_level(self.view.pricing.status_label, "error", error_message(exc))
