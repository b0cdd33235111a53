"""The bay board and the technician terminal, driven as people use them (both databases)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from app.db.engine import Database, open_database
from app.db.models_bays import TimeEntry
from app.domain.customers import CustomerInput, VehicleInput
from app.domain.permissions import Actor, Role
from app.domain.totals import LineKind
from app.services.bays.board import BayInput
from app.services.bays.dto import BayView
from app.services.container import Services
from app.services.work_orders.estimates import JobInput, LineInput
from app.services.work_orders.orders import AuthorizationInput
from app.ui.bays.area_controller import BayAreaController, build_bay_area
from app.ui.bays.area_view import BayAreaView
from app.ui.bays.board_model import CARD_ROLE, MIME_TYPE, BoardColumnModel
from app.ui.bays.dialogs import BayDialogs
from app.ui.changes import ChangeBridge
from app.ui.tasks import TaskRunner
from tests.ui.helpers import SHOP_ZONE, cells, check_model_once


@dataclass
class ScriptedDialogs(BayDialogs):
    """Answers questions from a list instead of a modal box; remembers what was asked."""

    texts: list[str | None] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)

    def ask_text(self, parent: QWidget, title: str, prompt: str) -> str | None:
        self.asked.append(prompt)
        return self.texts.pop(0) if self.texts else None

    def pick(self, parent: QWidget, title: str, prompt: str, items: Sequence[str]) -> int | None:
        self.asked.append(prompt)
        return 0


@dataclass
class BayArea:
    view: BayAreaView
    controller: BayAreaController
    dialogs: ScriptedDialogs
    runner: TaskRunner
    qtbot: QtBot

    def settle(self) -> None:
        self.qtbot.waitUntil(lambda: self.controller.is_settled() and self.runner.is_idle(), timeout=10_000)

    def column(self, key: str) -> BoardColumnModel:
        return self.controller.board.models[key]

    def numbers(self, key: str) -> list[int]:
        return [card.number for card in self.column(key).cards()]


def approved_order(
    services: Services, desk: Actor, plate: str, technician: uuid.UUID | None = None
) -> uuid.UUID:
    customer = services.customers.create_customer(
        desk, CustomerInput(first_name="Maria", last_name=f"Lopez {plate}", phone="(510) 555-0142")
    )
    saved = services.customers.add_vehicle(
        desk,
        customer.id,
        VehicleInput(plate=plate, year="2016", make="Honda", model="Civic", odometer="42000"),
    )
    view = services.work_orders.create(desk, saved.vehicle.id, odometer_in=42_010)
    view = services.estimates.add_job(
        desk, view.id, JobInput("Front brakes", technician_id=technician), view.version
    )
    job_id = view.jobs[0].id
    line = LineInput(LineKind.LABOR, "Pads and rotors", "1.5")
    view = services.estimates.add_line(desk, view.id, job_id, line, view.version)
    auth = AuthorizationInput({job_id: "approve"}, "Maria Lopez", "in_person")
    return services.work_orders.authorize(desk, view.id, auth, view.version).id


def build(qtbot: QtBot, services: Services, actor: Actor, bridge: ChangeBridge | None = None) -> BayArea:
    """The area as the main window builds it; late answers die with the view, as in the app."""
    runner = TaskRunner()
    dialogs = ScriptedDialogs()
    view, controller = build_bay_area(
        services, actor, runner, bridge or ChangeBridge(services.changes), SHOP_ZONE, dialogs
    )
    runner.setParent(view)
    qtbot.addWidget(view)
    view.resize(1400, 800)
    view.show()
    controller.start()
    area = BayArea(view, controller, dialogs, runner, qtbot)
    area.settle()
    return area


@pytest.fixture
def tech(services: Services, owner: Actor) -> Actor:
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    return services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")


@pytest.fixture
def bays(services: Services, owner: Actor) -> list[BayView]:
    return [services.bays.save_bay(owner, BayInput(f"Bay {i}", "Front", 1, (), i)) for i in (1, 2)]


@pytest.fixture
def board(qtbot: QtBot, services: Services, desk: Actor, bays: list[BayView]) -> Iterator[BayArea]:
    area = build(qtbot, services, desk)
    yield area
    area.runner.wait()


def test_an_approved_car_appears_in_waiting_and_a_drag_puts_it_in_a_bay(
    board: BayArea, services: Services, desk: Actor, bays: list[BayView]
) -> None:
    order = approved_order(services, desk, "7ABC123")
    board.qtbot.waitUntil(lambda: board.numbers("waiting") == [1001])  # the board follows the commit
    waiting = board.column("waiting")
    text = waiting.data(waiting.index(0), Qt.ItemDataRole.DisplayRole)
    assert "#1001  2016 Honda Civic · 7ABC123" in text and "Maria Lopez 7ABC123" in text
    bay2 = board.column(str(bays[1].id))
    dragged = waiting.mimeData([waiting.index(0)])  # what the list view hands over on a drag
    assert dragged.hasFormat(MIME_TYPE)
    assert bay2.canDropMimeData(dragged, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    bay2.dropMimeData(dragged, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    board.qtbot.waitUntil(lambda: board.numbers(str(bays[1].id)) == [1001])
    assert board.numbers("waiting") == []
    assert "In bay 0 min" in bay2.data(bay2.index(0), Qt.ItemDataRole.DisplayRole)
    assert services.bays.board(desk).card(order).bay_id == bays[1].id  # type: ignore[union-attr]


def test_the_keyboard_moves_the_selected_card_to_a_bay_and_back(
    board: BayArea, services: Services, desk: Actor, bays: list[BayView]
) -> None:
    order = approved_order(services, desk, "7ABC123")
    board.qtbot.waitUntil(lambda: board.numbers("waiting") == [1001])
    board.view.tabs.setCurrentWidget(board.view.board)
    assert board.controller.board.select(order)
    waiting_list = board.view.board.columns["waiting"].cards
    waiting_list.setFocus()
    board.qtbot.keyClick(waiting_list, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    board.qtbot.waitUntil(lambda: board.numbers(str(bays[0].id)) == [1001])
    bay_list = board.view.board.columns[str(bays[0].id)].cards
    assert bay_list.currentIndex().data(CARD_ROLE).work_order_id == order  # the selection followed the card
    bay_list.setFocus()
    board.qtbot.keyClick(bay_list, Qt.Key.Key_0, Qt.KeyboardModifier.AltModifier)
    board.qtbot.waitUntil(lambda: board.numbers("waiting") == [1001])


def test_a_full_bay_asks_for_a_reason_before_taking_another_car(
    board: BayArea, services: Services, desk: Actor, bays: list[BayView]
) -> None:
    first = approved_order(services, desk, "1AAA111")
    second = approved_order(services, desk, "2BBB222")
    services.bays.assign(desk, first, bays[0].id)
    board.qtbot.waitUntil(lambda: board.numbers(str(bays[0].id)) == [1001])
    board.dialogs.texts = ["Quick wiper swap"]
    board.controller.board.select(second)
    board.controller.board.move_to_nth_bay(1)
    board.qtbot.waitUntil(lambda: board.numbers(str(bays[0].id)) == [1001, 1002])
    assert "Bay 1 is full (1 of 1 car)" in board.dialogs.asked[0]


def test_large_type_makes_the_cards_bigger_for_a_wall_screen(
    board: BayArea, services: Services, desk: Actor
) -> None:
    approved_order(services, desk, "7ABC123")
    board.qtbot.waitUntil(lambda: board.numbers("waiting") == [1001])
    waiting = board.column("waiting")
    small = waiting.data(waiting.index(0), Qt.ItemDataRole.FontRole).pointSizeF()
    board.view.board.large_check.setChecked(True)
    large = waiting.data(waiting.index(0), Qt.ItemDataRole.FontRole).pointSizeF()
    assert large > small * 1.5
    assert board.view.board.columns["waiting"].width() > 400


def test_the_board_models_pass_the_model_tester(
    qtmodeltester, board: BayArea, services: Services, desk: Actor, bays: list[BayView]
) -> None:
    orders = [approved_order(services, desk, plate) for plate in ("1AAA111", "2BBB222", "3CCC333")]
    services.bays.assign(desk, orders[0], bays[0].id)
    board.qtbot.waitUntil(
        lambda: len(board.numbers("waiting")) == 2 and len(board.numbers(str(bays[0].id))) == 1
    )
    for model in board.controller.board.models.values():
        check_model_once(qtmodeltester, model)


def test_a_technician_clocks_on_and_off_and_the_hours_appear_on_the_job(
    qtmodeltester,
    qtbot: QtBot,
    services: Services,
    desk: Actor,
    tech: Actor,
    db: Database,
    bays: list[BayView],
) -> None:
    approved_order(services, desk, "7ABC123", technician=tech.user_id)
    area = build(qtbot, services, tech)
    technician = area.controller.technician
    assert technician is not None
    assert area.view.tabs.currentWidget() is area.view.technician  # their jobs first
    qtbot.waitUntil(lambda: technician.model.rowCount() == 1)
    table = area.view.technician.jobs_table  # type: ignore[union-attr]
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F6)  # start
    qtbot.waitUntil(lambda: cells(technician.proxy)[0][3] == "Running")
    assert "On the clock since" in area.view.technician.shift_label.text()  # type: ignore[union-attr]
    _move_clocks_back(db, tech.user_id, timedelta(hours=2))
    qtbot.keyClick(table, Qt.Key.Key_F9)  # finish
    qtbot.waitUntil(lambda: cells(technician.proxy)[0][3] == "Finished")
    row = cells(technician.proxy)[0]
    assert row[4] == "2.00" and row[5] == "2.00"  # my hours, actual hours on the job
    check_model_once(qtmodeltester, technician.model)
    area.runner.wait()


def test_another_terminals_commit_reaches_this_board(
    qtbot: QtBot, services: Services, desk: Actor, db: Database, bays: list[BayView]
) -> None:
    order = approved_order(services, desk, "7ABC123")
    bridge = ChangeBridge(services.changes)
    area = build(qtbot, services, desk, bridge)
    bridge.watch(services, desk.shop_id)
    try:
        qtbot.wait(400)  # listening before the other terminal commits
        other = open_database(db.url, terminal_name="Bay terminal")
        Services.build(other).bays.assign(desk, order, bays[0].id)  # not through this window's services
        other.dispose()
        qtbot.waitUntil(lambda: area.numbers(str(bays[0].id)) == [1001], timeout=5_000)
    finally:
        bridge.stop_watching()
        area.runner.wait()


def _move_clocks_back(db: Database, user_id: uuid.UUID, by: timedelta) -> None:
    """The clock cannot be waited on in a test: pretend the clocks started ``by`` earlier."""
    with db.engine.begin() as conn:
        rows = conn.execute(
            select(TimeEntry.id, TimeEntry.started_at).where(TimeEntry.user_id == user_id)
        ).all()
        for entry_id, started in rows:
            conn.execute(update(TimeEntry).where(TimeEntry.id == entry_id).values(started_at=started - by))
