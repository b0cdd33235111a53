"""The Owner area's actions (each with its shortcut), and the small helpers its controller uses."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from app.domain.end_of_day import ZERO, over_short_words
from app.domain.errors import BayDeskError
from app.domain.permissions import Action, Actor
from app.services.day.books import BooksExportResult
from app.services.day.dto import DrawerView
from app.ui import shortcuts
from app.ui.day.owner_view import OwnerView
from app.ui.day.tables import money
from app.ui.formatting import count_text, day_range_text, day_text, local_time_text, shop_locale

ACTIONS = (
    ("open_drawer", "&Open drawer…"),
    ("paid_in", "Paid &in…"),
    ("paid_out", "Paid o&ut…"),
    ("count_drawer", "&Count drawer…"),
    ("close_drawer", "Close dra&wer…"),
    ("no_sale", "&No sale…"),
    ("previous_day", "◀ Previous day"),
    ("next_day", "Next day ▶"),
    ("refresh_day", "&Refresh"),
    ("save_report", "End-of-day &report…"),
    ("export", "E&xport…"),
    ("close_day", "Close the &day…"),
    ("import_data", "I&mport from another system…"),
)
OWNER_ONLY = {"previous_day", "next_day", "refresh_day", "save_report", "export", "close_day", "import_data"}


class OwnerActions:
    def __init__(self, view: OwnerView, actor: Actor) -> None:
        self.by_name: dict[str, QAction] = {}
        owner = actor.can(Action.VIEW_OWNER_REPORTS)
        for name, text in ACTIONS:
            if name in OWNER_ONLY and not owner:
                view.buttons[name].hide()
                continue
            action = QAction(text, view)
            action.setObjectName(name)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcuts.assign(action, "owner")
            view.addAction(action)
            view.buttons[name].setDefaultAction(action)
            self.by_name[name] = action
        if "close_day" in self.by_name:
            self.by_name["close_day"].setEnabled(actor.can(Action.CLOSE_DAY))
        if "export" in self.by_name:
            self.by_name["export"].setEnabled(actor.can(Action.EXPORT_DATA))
        if "import_data" in self.by_name:
            self.by_name["import_data"].setEnabled(actor.can(Action.IMPORT_DATA))

    def __getitem__(self, name: str) -> QAction:
        return self.by_name[name]

    def all(self) -> list[QAction]:
        return list(self.by_name.values())


def drawer_text(drawer: DrawerView | None, zone: ZoneInfo) -> str:
    if drawer is None:
        return "No drawer is open on this terminal. Open one with its float (Ctrl+Shift+O)."
    text = (
        f"Opened by {drawer.opened_by} at {local_time_text(drawer.opened_at, zone)} with a float of "
        f"{money(drawer.opening_float)}. Paid in {money(drawer.paid_in)}, paid out {money(drawer.paid_out)}."
    )
    if drawer.status == "counted":
        text += (
            f"\nCounted {money(drawer.counted)}; expected {money(drawer.expected)} "
            f"(cash taken {money(drawer.cash_taken)}): {over_short_words(drawer.over_short or ZERO, shop_locale())}. "
            "Close it with the deposit."
        )
    return text


def write_file(path: Path, data: bytes) -> None:
    """A full disk or a read-only folder is the person's to fix, not a bug."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise BayDeskError(f"BayDesk could not write {path}: {exc.strerror or exc}.") from exc


def books_export_text(result: BooksExportResult, path: Path) -> tuple[str, str]:
    """(level, message) after an accounting export: what went out, and whether it went out before."""
    text = (
        f"{count_text(result.entries)} journal {'entry' if result.entries == 1 else 'entries'} "
        f"({money(result.debits)} in debits and credits) "
        f"saved to {path}."
    )
    level = "ok"
    if result.earlier:
        last = result.earlier[-1]
        same = " The file is the same as then." if result.same_as_before else ""
        text += (
            f" This period was exported before: {day_range_text(last.start, last.end)} "
            f"on {day_text(last.exported_at)} by {last.exported_by}.{same}"
        )
        level = "warning"
    if result.open_days:
        text += (
            f" Not closed yet, so it may still change: {', '.join(day_text(d) for d in result.open_days)}."
        )
        level = "warning"
    return level, text
