"""The accounts the accounting export posts to: one line per category, in a dialog from Settings.

The owner types the account names of the accountant's chart (QuickBooks or
Xero); the defaults are QuickBooks' usual names. Saving is audited by the
service; the export uses the mapping from then on.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.domain.books import ACCOUNTS, AccountMap
from app.domain.permissions import Action, Actor
from app.services.container import Services
from app.ui.errors import error_message
from app.ui.shared.form import FormDialog
from app.ui.tasks import TaskRunner
from app.ui.widgets import named, set_level

HINT = (
    "Exports for the accountant (Owner area, Export) post to these accounts. Type the names "
    "exactly as in the accountant's chart of accounts."
)


class AccountsDialog(FormDialog):
    """``accounts_submitted`` carries the AccountMap typed."""

    accounts_submitted = Signal(object)
    geometry_key = "books_accounts_dialog"

    def __init__(self, accounts: AccountMap, parent: QWidget | None = None) -> None:
        super().__init__("Accounts for the accounting export", parent)
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        form.addRow(named(QLabel(HINT, wordWrap=True), "subtle"))
        for key, (label, _default) in ACCOUNTS.items():
            edit = named(QLineEdit(accounts.name(key)), f"account_{key}")
            edit.setAccessibleName(label)
            edit.setMaxLength(159)
            self.edits[key] = edit
            form.addRow(label, self.field(key, edit))
        body = QWidget()
        body.setLayout(form)
        self.assemble(body)
        self.set_tab_order(list(self.edits.values()))
        self.setMinimumWidth(480)
        self.restore_geometry()
        self.edits["receivable"].setFocus()

    def focus_field(self, name: str) -> None:
        self.edits.get(name, self.edits["receivable"]).setFocus()

    def emit_submitted(self) -> None:
        self.accounts_submitted.emit(AccountMap({k: e.text() for k, e in self.edits.items()}))


class BooksPanel(QWidget):
    """The small Settings card: what the export does, and the button to its accounts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("books_panel")
        self.accounts_button = named(QPushButton("Accounts for the e&xport…"), "books_accounts")
        self.status_label = named(QLabel(wordWrap=True), "books_status")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.accounts_button)
        layout.addWidget(self.status_label)
        set_level(self.status_label, "")


class BooksAccountsController(QObject):
    dialog_opened = Signal(object)

    def __init__(self, services: Services, actor: Actor, panel: BooksPanel, runner: TaskRunner) -> None:
        super().__init__(panel)
        self.services, self.actor, self.panel, self.runner = services, actor, panel, runner
        panel.setVisible(actor.can(Action.EXPORT_DATA))
        panel.accounts_button.setEnabled(actor.can(Action.MANAGE_SETTINGS))
        panel.accounts_button.clicked.connect(self.edit)

    def edit(self) -> None:
        self.runner.run(
            lambda: self.services.books.accounts(self.actor),
            self._open,
            lambda exc: set_level(self.panel.status_label, "error", error_message(exc)),
        )

    def _open(self, accounts: AccountMap) -> None:
        dialog = AccountsDialog(accounts, self.panel)

        def submitted(wanted: AccountMap) -> None:
            def saved(_result: AccountMap) -> None:
                dialog.set_busy(False)
                dialog.accept()
                set_level(self.panel.status_label, "ok", "Accounts saved; the next export uses them.")

            self.runner.run(
                lambda: self.services.books.update_accounts(self.actor, wanted), saved, dialog.show_error
            )

        dialog.accounts_submitted.connect(submitted)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog_opened.emit(dialog)
        dialog.open()
