"""The Owner area driven from the keyboard: the drawer at the desk, and the owner's end of day."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.db.engine import Database
from app.db.models_invoicing import Invoice
from app.db.types import now_utc
from app.domain.permissions import Actor
from app.services.container import Services
from app.ui.changes import ChangeBridge
from app.ui.day.drawer_dialogs import CashDialog, OwnerDialogs
from app.ui.day.owner_controller import OwnerController
from app.ui.day.owner_view import OwnerView
from app.ui.shared.dialog_factory import DialogFactory
from app.ui.shared.form import FormDialog
from app.ui.tasks import TaskRunner
from tests.integration.day_support import add_payment
from tests.ui.helpers import SHOP_ZONE, RecordingDialogs, cells

D = Decimal


class FileDialogs(OwnerDialogs):
    """Save questions answered with a path in the test's folder; nothing opens a viewer."""

    def __init__(self, base: RecordingDialogs, folder: Path) -> None:
        super().__init__(base)
        self.folder = folder
        self.shown: list[Path] = []

    def save_path(self, parent: QWidget, title: str, suggested_name: str, kind: str) -> Path | None:
        return self.folder / suggested_name

    def show_file(self, path: Path) -> None:
        self.shown.append(path)


@dataclass
class Owner:
    view: OwnerView
    controller: OwnerController
    dialogs: FileDialogs
    recording: RecordingDialogs
    opened: list[FormDialog]
    qtbot: QtBot

    def settle(self) -> None:
        self.qtbot.waitUntil(
            lambda: self.controller.is_settled() and self.controller.runner.is_idle(), timeout=15_000
        )

    def key(self, keys: str) -> FormDialog | None:
        """Press a shortcut in the area; the dialog it opened, if any."""
        before = len(self.opened)
        sequence = keys.split("+")
        modifiers = Qt.KeyboardModifier.NoModifier
        for name in sequence[:-1]:
            modifiers |= {
                "Ctrl": Qt.KeyboardModifier.ControlModifier,
                "Shift": Qt.KeyboardModifier.ShiftModifier,
                "Alt": Qt.KeyboardModifier.AltModifier,
            }[name]
        key = getattr(Qt.Key, f"Key_{sequence[-1]}")
        target = self.view.tabs.tabBar()
        self.view.activateWindow()  # a dialog just closed: the area's window takes the keyboard back
        self.qtbot.waitUntil(lambda: QApplication.activeWindow() is self.view, timeout=5_000)
        target.setFocus()
        self.qtbot.keyClick(target, key, modifiers)
        return self.opened[-1] if len(self.opened) > before else None

    def fill(self, dialog: FormDialog, amount: str, reason: str = "") -> None:
        assert isinstance(dialog, CashDialog)
        dialog.amount.selectAll()
        self.qtbot.keyClicks(dialog.amount, amount)
        if reason:
            self.qtbot.keyClicks(dialog.reason, reason)
        with self.qtbot.waitSignal(dialog.finished, timeout=10_000):
            dialog.submit()
        self.settle()


def build(
    qtbot: QtBot, services: Services, actor: Actor, folder: Path, boxes: DialogFactory | None = None
) -> Iterator[Owner]:
    """The area; ``boxes``: real message boxes instead of confirmations answered without one."""
    view = OwnerView()
    qtbot.addWidget(view)
    runner = TaskRunner(view)
    recording = RecordingDialogs()
    dialogs = FileDialogs(recording, folder)
    if boxes is not None:
        dialogs.base = boxes
    controller = OwnerController(
        services, actor, view, runner, ChangeBridge(services.changes), SHOP_ZONE, dialogs
    )
    opened: list[FormDialog] = []
    controller.dialog_opened.connect(opened.append)
    view.resize(1300, 900)
    view.show()
    view.activateWindow()
    controller.start()
    area = Owner(view, controller, dialogs, recording, opened, qtbot)
    area.settle()
    view.setFocus()
    yield area
    runner.wait()


@pytest.fixture
def desk_area(qtbot: QtBot, services: Services, desk: Actor, tmp_path: Path) -> Iterator[Owner]:
    yield from build(qtbot, services, desk, tmp_path)


@pytest.fixture
def owner_area(qtbot: QtBot, services: Services, owner: Actor, tmp_path: Path) -> Iterator[Owner]:
    yield from build(qtbot, services, owner, tmp_path)


@pytest.fixture
def owner_area_with_boxes(qtbot: QtBot, services: Services, owner: Actor, tmp_path: Path) -> Iterator[Owner]:
    yield from build(qtbot, services, owner, tmp_path, DialogFactory())


def answer_the_box(qtbot: QtBot, keys: list[str], seen: list[str], click: str = "") -> None:
    """Once the modal confirmation is up, press ``keys`` in it (or click the button named ``click``)."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        try:
            box.activateWindow()  # as on a desk: the box has the keyboard, a button of it the focus
            qtbot.waitUntil(lambda: QApplication.activeWindow() is box and box.focusWidget() is not None)
            seen.append(box.text())
            if click:
                button = next(b for b in box.buttons() if b.text().replace("&", "") == click)
                qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            for key in keys:
                qtbot.keyClick(box.focusWidget() or box, getattr(Qt.Key, f"Key_{key}"))
        finally:
            if box.isVisible():  # whatever the keys did, the test goes on
                seen.append("still open")
                box.done(0)

    QTimer.singleShot(0, answer)


@pytest.mark.parametrize(
    "keys", [["Return"], ["Enter"], ["Tab", "Return"], ["Backtab", "Return"], ["Escape"]], ids="+".join
)
def test_return_on_the_close_day_confirmation_keeps_the_day_open(
    owner_area_with_boxes: Owner, services: Services, owner: Actor, keys: list[str]
) -> None:
    area = owner_area_with_boxes
    day = area.controller.selected_day()
    seen: list[str] = []
    answer_the_box(area.qtbot, keys, seen)
    area.key("Ctrl+Shift+D")
    area.settle()
    assert seen and "cannot be undone" in seen[0] and "still open" not in seen
    assert not services.day_close.figures(owner, day).closed
    assert area.controller.actions["close_day"].isEnabled()


def test_the_day_closes_only_by_choosing_close_the_day_and_work_moves_to_the_next_day(
    owner_area_with_boxes: Owner, services: Services, owner: Actor
) -> None:
    area = owner_area_with_boxes
    day = area.controller.selected_day()
    seen: list[str] = []
    answer_the_box(area.qtbot, [], seen, click="Close the day")
    area.key("Ctrl+Shift+D")
    area.settle()
    assert services.day_close.figures(owner, day).closed
    following = day + timedelta(days=1)
    assert f"{following:%A, %B} {following.day}" in seen[0]  # the box says where new work goes
    assert f"{following:%A, %B} {following.day}" in area.view.message.text()
    assert area.view.date_edit.maximumDate().toPython() == following


def test_the_desk_runs_its_drawer_from_the_keyboard(
    desk_area: Owner, services: Services, desk: Actor, db: Database
) -> None:
    area = desk_area
    assert area.view.tabs.count() == 1  # the desk sees its drawer, not the owner's figures
    assert "No drawer is open" in area.view.drawer_status.text()

    dialog = area.key("Ctrl+Shift+O")
    assert dialog is not None
    area.fill(dialog, "150.00")
    assert "float of 150.00" in area.view.drawer_status.text()

    dialog = area.key("Ctrl+Shift+U")
    assert dialog is not None
    area.fill(dialog, "20.00", "Windshield washer fluid")
    assert cells(area.view.movements_table.model())[0][1:4] == [  # type: ignore[arg-type]
        "Paid out",
        "20.00",
        "Windshield washer fluid",
    ]
    take_cash(db, desk, "55.00")

    dialog = area.key("Ctrl+Shift+K")
    assert dialog is not None and "blind" in dialog.findChild(QWidget, "cash_explanation").text()  # type: ignore[union-attr]
    area.fill(dialog, "180.00")
    assert "expected 185.00" in area.view.message.text() and "short 5.00" in area.view.message.text()

    dialog = area.key("Ctrl+Shift+L")
    assert isinstance(dialog, CashDialog)
    dialog.amount.clear()
    area.qtbot.keyClicks(dialog.amount, "80.00")
    dialog.submit()  # no reason given for the shortage: refused, the dialog stays open
    area.qtbot.waitUntil(lambda: dialog.field_message("over_short_reason").isVisible())
    area.fill(dialog, "80.00", "Gave change from a twenty twice")
    assert "Drawer closed; deposit 80.00" in area.view.message.text()
    assert services.drawers.current(desk) is None


def take_cash(db: Database, actor: Actor, amount: str) -> None:
    """Cash taken into the drawer open on the actor's terminal."""
    add_payment(db, actor, date.today(), "cash", amount)


def post(db: Database, actor: Actor, day: date, number: int, customer: str, **amounts: str) -> None:
    values = {k: D(v) for k, v in amounts.items()}
    with db.session(write=True) as session:
        session.add(
            Invoice(
                shop_id=actor.shop_id,
                number=number,
                customer_name=customer,
                business_date=day,
                posted_at=now_utc(),
                posted_by=actor.user_id,
                tax_rate=D("0.1025"),
                rounding="per_invoice",
                total=sum(values.values(), D("0")),
                billed_hours=2000 if "labor" in values else 0,
                **values,
            )
        )
        session.commit()


def test_the_owner_reads_the_day_closes_it_and_saves_the_report(
    owner_area: Owner, services: Services, owner: Actor, db: Database, qtmodeltester
) -> None:
    area = owner_area
    day = area.controller.selected_day()
    post(db, owner, day, 501, "=SUM(A1:A9)", labor="300.00", parts="120.00", tax="12.30")
    post(db, owner, day, 502, "Ana Ruiz", parts="45.50", tax="4.66")
    area.key("F5")
    area.settle()
    assert area.view.kpi_values["effective_labor_rate"].text() == "$150.00 /h"
    sales = cells(area.view.sales_table.model())  # type: ignore[arg-type]
    assert sales[0] == ["Labor", "300.00", "0.00", "0.00", "300.00"]
    assert sales[-1] == ["Total", "482.46", "0.00", "0.00", "482.46"]
    assert area.controller.day is not None
    for model in (area.controller.day.sales, area.controller.day.payments, area.controller.day.drawers):
        qtmodeltester.check(model, force_py=True)
    categories = area.view.charts.chart("categories")
    assert categories.title() == "Sales by category (net)" and len(categories.series()) == 1

    area.key("Ctrl+Shift+D")
    area.settle()
    assert area.recording.confirmations and "cannot be undone" in area.recording.confirmations[-1]
    assert area.view.day_status.text().startswith("Closed by Olivia Owner")
    assert not area.controller.actions["close_day"].isEnabled()
    assert cells(area.view.closes_table.model())[0][3:5] == ["2", "465.50"]  # type: ignore[arg-type]

    with area.qtbot.waitSignal(area.controller.paper.preview_opened, timeout=10_000) as opened:
        area.key("Ctrl+P")  # the report opens in the preview, to print or save
    preview = opened.args[0]
    assert preview.summary.text().endswith("· Letter")  # the shop's paper
    with area.qtbot.waitSignal(area.controller.file_saved, timeout=10_000) as saved:
        preview.save_button.click()
    assert saved.args[0].read_bytes().startswith(b"%PDF")
    preview.close()

    dialog = area.key("Ctrl+Shift+E")
    assert dialog is not None
    with area.qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.submit()
    area.settle()
    exported = next(area.dialogs.folder.glob("invoices-*.csv"))
    rows = list(csv.DictReader(io.StringIO(exported.read_text())))
    assert [r["customer"] for r in rows] == ["'=SUM(A1:A9)", "Ana Ruiz"]


def test_stepping_to_the_previous_day(owner_area: Owner) -> None:
    area = owner_area
    today = area.controller.selected_day()
    area.key("Alt+Left")
    area.settle()
    assert (today - area.controller.selected_day()).days == 1
    assert "0 invoices" in area.view.day_status.text()


def test_the_owner_counts_and_closes_a_desk_drawer_from_the_day(
    owner_area: Owner, services: Services, desk: Actor
) -> None:
    area = owner_area
    services.drawers.open(desk, "100.00")
    area.key("F5")
    area.settle()
    assert "Front desk 2" in area.view.day_status.text()  # the drawer that keeps the day open
    table = area.view.drawers_table

    def enter_on_drawer() -> FormDialog:
        before = len(area.opened)
        table.setFocus()
        table.selectRow(0)
        area.qtbot.keyClick(table, Qt.Key.Key_Return)
        area.qtbot.waitUntil(lambda: len(area.opened) > before)
        return area.opened[-1]

    area.fill(enter_on_drawer(), "100.00")  # the blind count
    area.qtbot.waitUntil(lambda: cells(table.model())[0][1] == "Counted")  # type: ignore[arg-type]
    area.fill(enter_on_drawer(), "60.00")  # the deposit; balanced, so no reason asked
    area.qtbot.waitUntil(lambda: cells(table.model())[0][1] == "Closed")  # type: ignore[arg-type]
    assert cells(table.model())[0][5:8] == ["0.00", "", "60.00"]  # type: ignore[arg-type]
    area.key("Ctrl+Shift+D")
    area.settle()
    assert area.view.day_status.text().startswith("Closed by Olivia Owner")
