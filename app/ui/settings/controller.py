"""Behaviour of the Settings area: load, preview, validate and save the shop's pricing.

The owner edits; a service writer sees the same values greyed out (hiding a
control is a convenience: ``update_pricing`` checks the role again). A failed
save keeps every typed value and puts each message beside its field.
Another terminal's change reloads the form only when nothing typed here
would be lost.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QRadioButton

from app.domain.errors import ValidationError
from app.domain.permissions import Action, Actor
from app.domain.pricing import ShopPricing
from app.domain.totals import FeeRule
from app.services.container import Services
from app.ui import shortcuts
from app.ui.changes import ChangeBridge
from app.ui.errors import error_message
from app.ui.settings.books_accounts import BooksAccountsController
from app.ui.settings.canned_jobs_controller import CannedJobsController
from app.ui.settings.locale_controller import ShopLocaleController
from app.ui.settings.price_sheet_controller import PriceSheetController
from app.ui.settings.pricing_input import parse_pricing, pricing_text, supplies_preview
from app.ui.settings.printer_setup import PrinterSetupController
from app.ui.settings.view import SettingsView
from app.ui.shared.dialog_factory import DialogFactory
from app.ui.tasks import TaskRunner
from app.ui.widgets import set_level

WATCHED_TABLES = frozenset({"settings"})
READ_ONLY_TEXT = "Only the owner changes prices and taxes; they are shown here for reference."


class SettingsController(QObject):
    pricing_shown = Signal(object)  # ShopPricing
    pricing_saved = Signal(object)  # ShopPricing

    def __init__(
        self,
        services: Services,
        actor: Actor,
        view: SettingsView,
        runner: TaskRunner,
        changes: ChangeBridge,
        dialogs: DialogFactory | None = None,
    ) -> None:
        super().__init__(view)
        self.services = services
        self.actor = actor
        self.view = view
        self.form = view.pricing
        self.runner = runner
        self.can_edit = actor.can(Action.MANAGE_SETTINGS)
        self.saved: ShopPricing | None = None
        self._busy = False
        self.canned = CannedJobsController(
            services, actor, view.canned, runner, changes, dialogs or DialogFactory()
        )
        self.locale = ShopLocaleController(services, actor, view.region, runner)
        self.books = BooksAccountsController(services, actor, view.books, runner)
        self.printer = PrinterSetupController(services, actor, view.printer, runner)
        self.price_sheet = PriceSheetController(services, actor, view, runner)
        view.books_card.setVisible(actor.can(Action.EXPORT_DATA))
        self.save_action = self._save_action()
        self._refresh_timer = QTimer(self, singleShot=True, interval=50)
        self._refresh_timer.timeout.connect(self.load)
        self._connect(changes)
        self.form.set_editable(self.can_edit, "" if self.can_edit else READ_ONLY_TEXT)
        self._typed()

    def _save_action(self) -> QAction:
        action = QAction("&Save settings", self.view)
        action.setObjectName("save_settings")
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # this area only
        shortcuts.assign(action, "settings")
        action.triggered.connect(self.save)
        self.view.addAction(action)
        return action

    def _connect(self, changes: ChangeBridge) -> None:
        form = self.form
        for edit in form.edits.values():
            edit.textChanged.connect(self._typed)
        for button in form.findChildren(QCheckBox) + form.findChildren(QRadioButton):
            button.toggled.connect(self._typed)
        form.save_button.clicked.connect(self.save)
        form.revert_button.clicked.connect(self.revert)
        changes.records_changed.connect(self._records_changed)

    def start(self) -> None:
        self.load()
        self.locale.load()
        self.canned.start()

    def is_settled(self) -> bool:
        return not self._refresh_timer.isActive() and self.canned.is_settled()

    def load(self) -> None:
        self.runner.run(
            lambda: self.services.settings.pricing(self.actor),
            self._loaded,
            lambda exc: set_level(self.form.status_label, "error", error_message(exc)),
            channel="pricing",
        )

    def _loaded(self, pricing: ShopPricing) -> None:
        self.saved = pricing
        self.form.show_text(pricing_text(pricing))
        self._typed()
        self.pricing_shown.emit(pricing)

    # --- typing and saving ----------------------------------------------------------------
    def is_dirty(self) -> bool:
        return self.saved is not None and self.form.typed() != pricing_text(self.saved)

    def _typed(self) -> None:
        typed = self.form.typed()
        self.form.preview_label.setText(supplies_preview(typed))
        if self._busy or not self.can_edit:
            return
        dirty = self.is_dirty()
        self.form.revert_button.setEnabled(dirty)
        set_level(
            self.form.status_label, "hint" if dirty else "", "Not saved yet. Ctrl+S saves." if dirty else ""
        )

    def save(self) -> None:
        """Ctrl+S or Save: check what can be checked here, then let the service decide."""
        if not self.can_edit or self._busy or self.saved is None:
            return
        self.form.clear_errors()
        try:
            pricing = parse_pricing(self.form.typed(), self._saved_rule())
        except ValidationError as exc:
            self._refused(exc)
            return
        self._set_busy(True)
        self.runner.run(
            lambda: self.services.settings.update_pricing(self.actor, pricing), self._saved, self._refused
        )

    def _saved(self, pricing: ShopPricing) -> None:
        self._set_busy(False)
        self._loaded(pricing)
        set_level(self.form.status_label, "ok", "Saved. New estimates use these settings.")
        self.pricing_saved.emit(pricing)

    def _refused(self, exc: BaseException) -> None:
        """Nothing was saved; every typed value stays where it was."""
        self._set_busy(False)
        if not isinstance(exc, ValidationError):
            set_level(self.form.status_label, "error", error_message(exc))
            return
        unplaced = self.form.show_errors(exc.errors)
        text = "Nothing was saved. Please correct the fields marked in red."
        if unplaced:
            text += " " + "; ".join(f"{k.replace('_', ' ').capitalize()}: {v}" for k, v in unplaced.items())
        set_level(self.form.status_label, "error", text)

    def revert(self) -> None:
        if self.saved is not None and not self._busy:
            self.form.clear_errors()
            self._loaded(self.saved)

    # --- helpers -----------------------------------------------------------------------------
    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.form.save_button.setEnabled(not busy)
        self.form.save_button.setText("Saving…" if busy else "&Save settings")
        if busy:
            set_level(self.form.status_label, "hint", "Saving…")

    def _saved_rule(self) -> FeeRule:
        return self.saved.fee_rule if self.saved is not None else FeeRule()

    def _records_changed(self, changed: frozenset[str]) -> None:
        if not changed & WATCHED_TABLES or self._busy:
            return
        if self.is_dirty():
            set_level(
                self.form.status_label,
                "warning",
                "The settings were changed at another terminal. Save to keep yours, "
                "or Undo changes to see theirs.",
            )
            self._refresh_timer.stop()
            self.runner.run(
                lambda: self.services.settings.pricing(self.actor),
                self._remember_theirs,
                lambda _exc: None,
                channel="pricing",
            )
        else:
            self._refresh_timer.start()

    def _remember_theirs(self, pricing: ShopPricing) -> None:
        """Undo changes now shows what the other terminal saved; the typed values stay."""
        self.saved = pricing
