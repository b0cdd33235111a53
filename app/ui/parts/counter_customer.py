"""The counter sale's customer: found by name or phone, their price level prices the ticket.

Typing a name and Enter in the ticket's customer box (or Ctrl+Shift+L) looks
the customer up; one match is taken at once, several are offered in a list.
A customer with a price level that marks parts up on cost has every line
priced by it, as the sale will be; editing the name by hand makes the ticket
a walk-in again, at the catalog's prices.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction

from app.domain.permissions import Actor
from app.domain.price_sheet import PriceLevel
from app.services.container import Services
from app.services.customers.dto import CustomerHit
from app.ui import shortcuts
from app.ui.errors import error_message
from app.ui.parts.view import CounterPage
from app.ui.shared.pick_dialog import Choice, PickDialog
from app.ui.tasks import TaskRunner


class CounterCustomer(QObject):
    level_changed = Signal(object)  # PriceLevel or None
    message = Signal(str, str)  # level, text
    dialog_opened = Signal(object)  # the pick dialog, for whoever drives it (tests)

    def __init__(self, services: Services, actor: Actor, page: CounterPage, runner: TaskRunner) -> None:
        super().__init__(page)
        self.services, self.actor, self.page, self.runner = services, actor, page, runner
        self.customer_id: uuid.UUID | None = None
        self.level: PriceLevel | None = None
        self.action = QAction("Find the ticket's customer", page)
        self.action.setObjectName("find_customer")
        self.action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcuts.assign(self.action, "parts.counter")
        self.action.triggered.connect(self.find)
        page.addAction(self.action)
        page.customer_edit.returnPressed.connect(self.find)
        page.customer_edit.textEdited.connect(lambda _text: self.forget(announce=True))

    def find(self) -> None:
        text = self.page.customer_edit.text().strip()
        if not text:
            self.page.customer_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.message.emit("hint", "Type part of the customer's name or phone, then Enter.")
            return
        self.runner.run(
            lambda: self.services.customers.search(self.actor, text),
            self._found,
            lambda exc: self.message.emit("error", error_message(exc)),
        )

    def _found(self, hits: Sequence[CustomerHit]) -> None:
        people = list({hit.customer_id: hit for hit in hits}.values())
        if not people:
            self.message.emit("warning", "No customer matches; the sale stays a walk-in at catalog prices.")
        elif len(people) == 1:
            self.choose(people[0].customer_id, people[0].name)
        else:
            names = {hit.customer_id: hit.name for hit in people}
            choices = [
                Choice(h.name, h.customer_id, " · ".join(p for p in (h.phone, h.city) if p)) for h in people
            ]
            dialog = PickDialog("Customer", "The ticket's customer:", choices, parent=self.page)
            dialog.picked.connect(lambda ids: self.choose(ids[0], names[ids[0]]))
            dialog.finished.connect(dialog.deleteLater)
            self.dialog_opened.emit(dialog)
            dialog.open()

    def choose(self, customer_id: uuid.UUID, name: str) -> None:
        """Take the customer for the ticket and price it at their level."""
        self.customer_id = customer_id
        self.page.customer_edit.setText(name)
        self.runner.run(
            lambda: self.services.counter.price_level(self.actor, customer_id),
            lambda level: self._priced(customer_id, name, level),
            lambda exc: self.message.emit("error", error_message(exc)),
        )

    def _priced(self, customer_id: uuid.UUID, name: str, level: PriceLevel | None) -> None:
        if customer_id != self.customer_id:
            return  # another customer was chosen meanwhile
        self.level = level if level is not None and level.parts_markup is not None else None
        self.level_changed.emit(self.level)
        if self.level is not None:
            self.message.emit(
                "ok", f"{name}: parts at the {self.level.name} level (cost + {self.level.parts_markup} %)."
            )
        else:
            self.message.emit("ok", f"{name}: parts at catalog prices.")

    def forget(self, announce: bool = False) -> None:
        """Back to a walk-in (the name edited by hand, or the ticket cleared)."""
        if self.customer_id is None:
            return
        self.customer_id, self.level = None, None
        self.level_changed.emit(None)
        if announce:
            self.message.emit("hint", "A walk-in: parts at catalog prices.")
