"""Behaviour of the bay board: load it, move cars, and follow every terminal's changes.

Any commit touching bays, assignments, work orders or clocks (here or on
another terminal, through the change bridge) reloads the board off the GUI
thread; the columns are rebuilt only when the bays themselves change, and the
selected card and each column's scroll position are kept.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QListView

from app.domain.bays import BayStatus
from app.domain.errors import ValidationError
from app.domain.permissions import Action, Actor
from app.services.bays.board import BoardFilter
from app.services.bays.dto import BayView, BoardView
from app.services.container import Services
from app.ui import shortcuts
from app.ui.bays.board_model import CARD_ROLE, BoardColumnModel
from app.ui.bays.board_view import BayBoardView
from app.ui.bays.dialogs import BayDialogs
from app.ui.changes import ChangeBridge, concerns
from app.ui.errors import error_message
from app.ui.tasks import TaskRunner
from app.ui.widgets import set_level

WATCHED_TABLES = frozenset(
    {
        "bay_assignments",
        "service_bays",
        "bay_status_logs",
        "work_orders",
        "jobs",
        "time_entries",
        "authorizations",
    }
)
WAITING, DONE = "waiting", "done"
ALL = "All"


class BoardActions:
    def __init__(self, view: BayBoardView) -> None:
        def make(name: str, text: str, tip: str) -> QAction:
            action = QAction(text, view)
            action.setObjectName(name)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcuts.assign(action, "bays.board", tip)
            view.addAction(action)
            return action

        self.move = make("move_to_bay", "&Move to bay…", "Put the selected car into a bay")
        self.waiting = make("back_to_waiting", "Back to &waiting", "Take the selected car out of its bay")
        self.large = make("large_type", "&Large type", "Large type for a wall screen")
        self.large.setCheckable(True)
        self.compact = make(
            "compact_board",
            "&Compact columns",
            "Narrow columns: eight bays side by side on a 1,920-pixel screen",
        )
        self.compact.setCheckable(True)
        self.refresh = make("refresh_board", "&Refresh board", "Look again now")
        self.add_bay = make("add_bay", "&Add bay…", "Add a service bay")
        self.maintenance = make(
            "bay_maintenance",
            "Bay in main&tenance / back in use",
            "Take the selected car's bay out of use, or back",
        )
        self.to_bay = [
            make(f"to_bay_{n}", f"Move to bay {n}", f"Put the selected car into bay {n}")
            for n in range(1, shortcuts.BAY_KEYS + 1)
        ]
        view.move_button.setDefaultAction(self.move)
        view.waiting_button.setDefaultAction(self.waiting)
        view.add_bay_button.setDefaultAction(self.add_bay)
        view.maintenance_button.setDefaultAction(self.maintenance)
        view.refresh_button.setDefaultAction(self.refresh)

    def all(self) -> list[QAction]:
        return [
            self.move,
            self.waiting,
            self.large,
            self.compact,
            self.refresh,
            self.add_bay,
            self.maintenance,
        ]


class BayBoardController(QObject):
    board_shown = Signal(object)  # BoardView

    def __init__(
        self,
        services: Services,
        actor: Actor,
        view: BayBoardView,
        runner: TaskRunner,
        changes: ChangeBridge,
        zone: ZoneInfo,
        dialogs: BayDialogs | None = None,
    ) -> None:
        super().__init__(view)
        self.services = services
        self.actor = actor
        self.view = view
        self.runner = runner
        self.zone = zone
        self.dialogs = dialogs or BayDialogs()
        self.board: BoardView | None = None
        self.models: dict[str, BoardColumnModel] = {}
        self.selected: uuid.UUID | None = None
        self._layout_key: tuple[object, ...] = ()
        self._busy = False
        self.actions = BoardActions(view)
        self.actions.move.triggered.connect(self.pick_bay)
        self.actions.waiting.triggered.connect(lambda: self.move_selected(WAITING))
        self.actions.large.toggled.connect(self.set_large)
        self.actions.compact.toggled.connect(self.set_compact)
        self.actions.refresh.triggered.connect(self.load)
        self.actions.add_bay.triggered.connect(self.add_bay)
        self.actions.maintenance.triggered.connect(self.toggle_maintenance)
        for number, action in enumerate(self.actions.to_bay, start=1):
            action.triggered.connect(lambda _c=False, n=number: self.move_to_nth_bay(n))
        can_assign = actor.can(Action.ASSIGN_BAYS)
        for action in (self.actions.move, self.actions.waiting, *self.actions.to_bay):
            action.setEnabled(can_assign)
        for action in (self.actions.add_bay, self.actions.maintenance):
            action.setEnabled(actor.can(Action.MANAGE_BAYS))
        view.add_bay_button.setVisible(actor.can(Action.MANAGE_BAYS))
        view.maintenance_button.setVisible(actor.can(Action.MANAGE_BAYS))
        for button in (view.move_button, view.waiting_button):
            button.setVisible(can_assign)
        view.large_check.toggled.connect(self.actions.large.setChecked)
        self.actions.large.toggled.connect(view.large_check.setChecked)
        view.compact_check.toggled.connect(self.actions.compact.setChecked)
        self.actions.compact.toggled.connect(view.compact_check.setChecked)
        view.technician_combo.activated.connect(lambda _i: self.load())
        view.area_combo.activated.connect(lambda _i: self.load())
        self._refresh_timer = QTimer(self, singleShot=True, interval=50)
        self._refresh_timer.timeout.connect(self.load)
        self._clock = QTimer(self, interval=60_000)  # "in bay 1 h 05 min" keeps counting
        self._clock.timeout.connect(self._tick)
        changes.records_changed.connect(self._records_changed)
        changes.live_status_changed.connect(self._live_status)

    # --- loading -----------------------------------------------------------------------------
    def start(self) -> None:
        self._clock.start()
        self.load()

    def is_settled(self) -> bool:
        return not self._refresh_timer.isActive() and not self._busy

    def load(self) -> None:
        flt = self._filter()
        self._busy = True
        self.runner.run(
            lambda: self.services.bays.board(self.actor, flt), self._show, self._failed, channel="bay_board"
        )

    def _filter(self) -> BoardFilter:
        tech = self.view.technician_combo.currentText()
        area = self.view.area_combo.currentText()
        return BoardFilter(
            technician="" if tech in ("", ALL) else tech, area="" if area in ("", ALL) else area
        )

    def _show(self, board: BoardView) -> None:
        self._busy = False
        self.board = board
        self._fill_filters(board)
        key = tuple((b.id, b.name) for b in board.bays)
        if key != self._layout_key or not self.models:
            self._build_columns(board.bays)
            self._layout_key = key
        scrolls = {k: c.cards.verticalScrollBar().value() for k, c in self.view.columns.items()}
        board_scroll = self.view.board_scroll.horizontalScrollBar().value()
        for bay in board.bays:
            self.models[str(bay.id)].set_cards(board.in_bays.get(bay.id, ()), board.at)
            self.view.columns[str(bay.id)].detail_label.setText(
                _bay_detail(bay, len(board.in_bays.get(bay.id, ())))
            )
        self.models[WAITING].set_cards(board.waiting, board.at)
        self.models[DONE].set_cards(board.done_today, board.at)
        self.view.columns[WAITING].detail_label.setText(f"{len(board.waiting)} approved, not in a bay")
        self.view.columns[DONE].detail_label.setText(f"{len(board.done_today)} finished today")
        self._restore_selection()
        for column_key, value in scrolls.items():
            if column_key in self.view.columns:
                self.view.columns[column_key].cards.verticalScrollBar().setValue(value)
        self.view.board_scroll.horizontalScrollBar().setValue(board_scroll)
        self.board_shown.emit(board)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        set_level(self.view.message_label, "error", error_message(exc))

    def _build_columns(self, bays: tuple[BayView, ...]) -> None:
        titles = [(WAITING, "Waiting"), *((str(b.id), b.name) for b in bays), (DONE, "Done today")]
        columns = self.view.set_columns(titles)
        self.models = {}
        for key, column in columns.items():
            model = BoardColumnModel(key, self.zone, column, accepts_drops=key != DONE)
            model.set_density(self.density())
            model.card_dropped.connect(self._dropped)
            column.cards.setModel(model)
            column.cards.selectionModel().currentChanged.connect(
                lambda current, _previous, lv=column.cards: self._selected(lv, current)
            )
            column.set_density(self.density())
            self.models[key] = model

    def _fill_filters(self, board: BoardView) -> None:
        for combo, values in (
            (self.view.technician_combo, board.technicians),
            (self.view.area_combo, board.areas),
        ):
            current = combo.currentText() or ALL
            wanted = [ALL, *values]
            if [combo.itemText(i) for i in range(combo.count())] != wanted:
                combo.clear()
                combo.addItems(wanted)
                combo.setCurrentIndex(max(0, combo.findText(current)))

    # --- selection ---------------------------------------------------------------------------
    def _selected(self, list_view: QListView, current: object) -> None:
        card = list_view.model().data(current, CARD_ROLE) if current is not None else None  # type: ignore[arg-type]
        if card is None:
            return
        self.selected = card.work_order_id
        for column in self.view.columns.values():
            if column.cards is not list_view:
                column.cards.clearSelection()

    def select(self, work_order_id: uuid.UUID) -> bool:
        """Select a card wherever it is (tests, and after a refresh)."""
        self.selected = work_order_id
        return self._restore_selection()

    def _restore_selection(self) -> bool:
        if self.selected is None:
            return False
        for key, model in self.models.items():
            row = model.row_of(self.selected)
            if row >= 0:
                cards = self.view.columns[key].cards
                cards.selectionModel().setCurrentIndex(
                    model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
                )
                return True
        return False

    def column_of(self, work_order_id: uuid.UUID) -> str | None:
        return next((k for k, m in self.models.items() if m.row_of(work_order_id) >= 0), None)

    # --- moving cars -------------------------------------------------------------------------
    def pick_bay(self) -> None:
        if self.board is None or self.selected is None:
            return self._say("Select a car first (click a card, or use the arrow keys).")
        bays = list(self.board.bays)
        labels = [f"{b.name} — {b.occupied}/{b.capacity} · {b.status_label}" for b in bays]
        chosen = self.dialogs.pick(self.view, "Move to bay", "Put the car into:", labels)
        if chosen is not None:
            self.move_selected(str(bays[chosen].id))

    def move_to_nth_bay(self, number: int) -> None:
        if self.board is None or not 0 < number <= len(self.board.bays):
            return self._say(f"There is no bay {number} on the board.")
        self.move_selected(str(self.board.bays[number - 1].id))

    def move_selected(self, key: str) -> None:
        if self.selected is None:
            return self._say("Select a car first (click a card, or use the arrow keys).")
        self._dropped(self.selected, key)

    def _dropped(self, work_order_id: uuid.UUID, key: str, override: str = "") -> None:
        if not self.actor.can(Action.ASSIGN_BAYS):
            return self._say("Your role may not move cars between bays.")
        if key == DONE or self.column_of(work_order_id) == key:
            return
        self.selected = work_order_id
        self._busy = True

        def work() -> BoardView:
            if key == WAITING:
                return self.services.bays.release(self.actor, work_order_id)
            return self.services.bays.assign(
                self.actor, work_order_id, uuid.UUID(key), override_reason=override
            )

        self.runner.run(work, self._moved, lambda exc: self._move_failed(exc, work_order_id, key, override))

    def _moved(self, board: BoardView) -> None:
        set_level(self.view.message_label, "")
        self._show(board)

    def _move_failed(self, exc: BaseException, work_order_id: uuid.UUID, key: str, override: str) -> None:
        self._busy = False
        if isinstance(exc, ValidationError) and "give a reason to override" in exc.message and not override:
            reason = self.dialogs.ask_text(
                self.view, "Bay full", f"{exc.errors.get('bay', '')}.\nReason to override:"
            )
            if reason:
                self._dropped(work_order_id, key, reason)
                return
        self._say(error_message(exc), "error")

    # --- bays --------------------------------------------------------------------------------
    def add_bay(self) -> None:
        data = self.dialogs.bay_form(self.view, None, len(self.board.bays) + 1 if self.board else 1)
        if data is not None:
            self.runner.run(
                lambda: self.services.bays.save_bay(self.actor, data), lambda _b: self.load(), self._failed
            )

    def toggle_maintenance(self) -> None:
        """The selected card's bay (or the only bay) goes into maintenance, or back into use."""
        if self.board is None:
            return
        card = self.board.card(self.selected) if self.selected else None
        bays = [b for b in self.board.bays if card is not None and b.id == card.bay_id]
        if not bays:
            labels = [f"{b.name} — {b.status_label}" for b in self.board.bays]
            chosen = self.dialogs.pick(self.view, "Bay status", "Which bay?", labels)
            bays = [self.board.bays[chosen]] if chosen is not None else []
        if not bays:
            return
        bay = bays[0]
        new = BayStatus.ACTIVE if bay.status != BayStatus.ACTIVE else BayStatus.MAINTENANCE
        note = self.dialogs.ask_text(
            self.view, "Bay status", f"{bay.name} becomes {new.value}. Note (may be empty):"
        )
        if note is None:
            return
        self.runner.run(
            lambda: self.services.bays.set_status(self.actor, bay.id, new, note),
            lambda _b: self.load(),
            self._failed,
        )

    # --- looks -------------------------------------------------------------------------------
    def density(self) -> str:
        """Large type wins over compact; neither is "normal"."""
        if self.actions.large.isChecked():
            return "large"
        return "compact" if self.actions.compact.isChecked() else "normal"

    def set_large(self, large: bool) -> None:
        if large:
            self.actions.compact.setChecked(False)
        self._apply_density()

    def set_compact(self, compact: bool) -> None:
        if compact:
            self.actions.large.setChecked(False)
        self._apply_density()

    def _apply_density(self) -> None:
        density = self.density()
        self.view.set_density(density)
        for model in self.models.values():
            model.set_density(density)

    def _tick(self) -> None:
        if self.board is None:
            return
        now = datetime.now(self.zone)
        for model in self.models.values():
            model.set_cards(model.cards(), now)

    def _say(self, text: str, level: str = "warning") -> None:
        set_level(self.view.message_label, level, text)

    def _records_changed(self, changed: frozenset[str]) -> None:
        if concerns(changed, WATCHED_TABLES):
            self._refresh_timer.start()  # a burst of commits refreshes once

    def _live_status(self, connected: bool, message: str) -> None:
        set_level(self.view.live_label, "" if connected else "error", "" if connected else message)
        if connected:
            self._refresh_timer.start()


def _bay_detail(bay: BayView, cars: int) -> str:
    parts = [f"{cars} of {bay.capacity} car{'s' if bay.capacity > 1 else ''}"]
    if bay.area:
        parts.append(bay.area)
    if bay.status != "active":
        parts.append(bay.status_label.upper() + (f": {bay.status_note}" if bay.status_note else ""))
    return " · ".join(parts)
