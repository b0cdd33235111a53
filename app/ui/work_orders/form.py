"""What the dialogs that edit part of a work order share: the version they were opened on.

Each save is checked against that version (optimistic lock, DESIGN.md). When
someone else saved first, the controller reloads the work order and hands it
to ``show_stale``: the dialog stays open with everything the person typed,
says who changed the work order, lists what changed in the very record being
edited, and offers the saved values instead. Saving again applies theirs.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from app.domain.errors import StaleEditError
from app.services.work_orders.dto import WorkOrderView
from app.ui.shared.form import FormDialog


class WorkOrderFormDialog(FormDialog):
    """A form on one work order; subclasses say which record they edit and how it reads."""

    def __init__(self, title: str, version: int, original: Any | None, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.version = version
        self.original = original  # the record as it was when the dialog opened (None: a new one)

    # --- what subclasses provide --------------------------------------------------------
    def record_in(self, view: WorkOrderView) -> Any | None:
        """The record this dialog edits, as ``view`` has it (None: new, or gone)."""
        return None

    def snapshot(self, record: Any) -> dict[str, str]:
        """The record's values by field label, as the person would read them."""
        return {}

    def load(self, record: Any) -> None:
        """Fill the form from a saved record."""

    # --- after a stale save --------------------------------------------------------------
    def show_stale(self, exc: StaleEditError, fresh: WorkOrderView) -> None:
        """Keep the typing, move to the fresh version, and say what conflicted."""
        self.set_busy(False)
        self.version = fresh.version
        current = self.record_in(fresh)
        parts = [exc.message.replace(" reload to see theirs.", ""), "What you typed is still here."]
        actions = []
        if self.original is not None and current is None:
            parts.append("They removed what you are editing; saving again will say so.")
        elif self.original is not None:
            changed = self.conflicts(current)
            if changed:
                parts.append("They changed: " + "; ".join(changed) + ".")
            actions.append(("Use saved values", lambda: self._use_saved(current)))
        parts.append("Save again to apply yours, or Cancel.")
        self.original = current if current is not None else self.original
        self.show_banner("error", " ".join(parts), actions)

    def conflicts(self, current: Any) -> list[str]:
        """'quantity now 2 (was 1)' for every field the other person changed."""
        before = self.snapshot(self.original)
        after = self.snapshot(current)
        return [
            f"{label} now “{after[label]}” (was “{before.get(label, '')}”)"
            for label in after
            if after[label] != before.get(label, "")
        ]

    def _use_saved(self, record: Any) -> None:
        self.load(record)
        self.show_banner("hint", "Showing the values saved now. Make your change again, then Save.")
