"""The catalog look-up behind a part line's "Part no." field: the parts counter's own search.

Typing searches (after a short pause, off the GUI thread; a newer search
makes an older answer stale) by SKU prefix, barcode, vendor number or words
of the name; Enter looks the code up exactly, as a scan at the counter does.
The dialog decides what an answer means (``LineDialog.show_matches``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from app.domain.permissions import Action, Actor
from app.services.container import Services
from app.services.parts.dto import PartView
from app.ui.tasks import TaskRunner
from app.ui.work_orders.line_dialog import LineDialog

SEARCH_DELAY_MS = 150


class PartLookup(QObject):
    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, dialog: LineDialog) -> None:
        super().__init__(dialog)
        self.services, self.actor, self.runner, self.dialog = services, actor, runner, dialog
        self._typed = ""
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search)
        self._pending = 0
        self._asked = 0
        if actor.can(Action.VIEW_PARTS):
            dialog.part_text_edited.connect(self._typed_now)
            dialog.part_code_entered.connect(self.find_code)

    def is_settled(self) -> bool:
        return not self._timer.isActive() and not self._pending

    def _typed_now(self, text: str) -> None:
        self._typed = text
        self._timer.start()

    def search(self) -> None:
        typed = self._typed
        if not typed:
            self.dialog.show_matches("", [])
            return
        self._ask(lambda: self.services.parts.search(self.actor, typed, limit=8), typed)

    def find_code(self, code: str) -> None:
        """Enter: the code as typed or scanned, looked up exactly (barcode, SKU, vendor number)."""
        if not code or (self.dialog.part_id is not None and code.upper() == self.dialog.linked_sku.upper()):
            return  # the line's own part: Enter moves on and keeps the price it has
        self._timer.stop()

        def exactly() -> list[PartView]:
            found = self.services.parts.find_code(self.actor, code)
            return [found] if found is not None else []

        self._ask(exactly, code)

    def _ask(self, work: Callable[[], list[PartView]], typed: str) -> None:
        self._pending += 1
        self._asked += 1
        asked = self._asked

        def answered(parts: list[PartView]) -> None:
            self._pending -= 1
            if asked == self._asked:  # a newer question was asked meanwhile: this answer is stale
                self.dialog.show_matches(typed, parts)

        def failed(exc: BaseException) -> None:
            self._pending -= 1
            if asked == self._asked:
                self.dialog.show_error(exc)

        self.runner.run(work, answered, failed)
