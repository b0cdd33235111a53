"""What the work order UI tests share: the area built as the main window builds it, driven by keys.

``RecordingWorkOrderDialogs`` builds the real dialogs, answers confirmations
without a modal box, saves PDFs to a path the test chose, and keeps every
message, so a test types into real dialogs and reads what the person reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.domain.permissions import Actor, Role
from app.services.container import Services
from app.services.customers.dto import CustomerView
from app.services.work_orders.dto import WorkOrderView
from app.ui.changes import ChangeBridge
from app.ui.printing import PdfPreviewDialog
from app.ui.tasks import TaskRunner
from app.ui.work_orders.dialogs import WorkOrderDialogs
from app.ui.work_orders.list_controller import WorkOrdersController
from app.ui.work_orders.list_view import WorkOrdersView
from tests.ui.helpers import SHOP_ZONE, RecordingDialogs

TECH_PASSWORD = "tech password 1"  # a test fixture, not a secret


class RecordingWorkOrderDialogs(WorkOrderDialogs):
    def __init__(self, pdf_dir: Path) -> None:
        self.recorder = RecordingDialogs()
        super().__init__(self.recorder)
        self.pdf_dir = pdf_dir
        self.pdfs_shown: list[Path] = []
        self.previews: list[PdfPreviewDialog] = []

    def pdf_path(self, parent: QWidget, title: str, suggested_name: str) -> Path | None:
        return self.pdf_dir / suggested_name

    def preview(self, parent: QWidget, title: str, pdf: bytes) -> PdfPreviewDialog:
        """The real preview; its Save writes to ``pdf_dir`` and is recorded in ``pdfs_shown``."""
        dialog = super().preview(parent, title, pdf)
        self.previews.append(dialog)
        return dialog

    @property
    def messages(self) -> list[str]:
        return self.recorder.messages

    @property
    def confirmations(self) -> list[str]:
        return self.recorder.confirmations


@dataclass
class WorkOrdersArea:
    view: WorkOrdersView
    controller: WorkOrdersController
    dialogs: RecordingWorkOrderDialogs
    opened: list[Any]
    qtbot: QtBot

    @property
    def editor(self) -> Any:
        return self.controller.editor

    def settle(self) -> None:
        """Wait until no search is pending and every service call has answered."""
        self.qtbot.waitUntil(lambda: self.controller.is_settled() and self.controller.runner.is_idle())

    def last_dialog(self) -> Any:
        """The dialog opened last, once it has the keyboard (as a person would wait for it)."""
        assert self.opened, "no dialog was opened"
        dialog = self.opened[-1]
        self.qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        return dialog

    def wait_dialog(self, kind: type) -> Any:
        """Wait for a dialog of ``kind`` that opens once a service call has answered."""
        self.qtbot.waitUntil(lambda: bool(self.opened) and isinstance(self.opened[-1], kind))
        return self.last_dialog()

    def press(self, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        """A key pressed wherever the keyboard is now, shortcuts included.

        The offscreen platform does not give the window back its activation
        when a dialog closes, as a desktop does; that is done here first.
        """
        if QApplication.activeWindow() is None:
            self.view.activateWindow()
            self.qtbot.waitUntil(lambda: QApplication.activeWindow() is self.view)
        target = QApplication.focusWidget() or self.view
        self.qtbot.keyClick(target, key, modifiers)

    def open(self, work_order: WorkOrderView) -> None:
        self.controller.open_work_order(work_order.id)
        # the editor's read runs on a worker thread; on a loaded machine, with the whole suite in one
        # process, it once took more than pytest-qt's default 5 s
        self.qtbot.waitUntil(lambda: self.editor.work_order is not None, timeout=15_000)
        self.settle()


def add_technician(services: Services, owner: Actor) -> Actor:
    """Tony Tech, a technician of the owner's shop, signed in at a bay."""
    services.setup.add_user(owner, "tony", "Tony Tech", Role.TECHNICIAN, TECH_PASSWORD)
    return services.setup.sign_in("tony", TECH_PASSWORD, "Bay 1")


def build_area(qtbot: QtBot, services: Services, actor: Actor, pdf_dir: Path) -> WorkOrdersArea:
    """The area as the main window builds it, shown, active, and loaded."""
    view = WorkOrdersView()
    runner = TaskRunner(view)
    dialogs = RecordingWorkOrderDialogs(pdf_dir)
    controller = WorkOrdersController(
        services, actor, view, runner, ChangeBridge(services.changes), SHOP_ZONE, dialogs
    )
    qtbot.addWidget(view, before_close_func=lambda _v: _quiesce(qtbot, controller))
    opened: list[Any] = []
    controller.creation.dialog_opened.connect(opened.append)
    controller.editor.editing.dialog_opened.connect(opened.append)
    view.resize(1030, 745)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    controller.start()
    area = WorkOrdersArea(view, controller, dialogs, opened, qtbot)
    area.settle()
    return area


def _quiesce(qtbot: QtBot, controller: WorkOrdersController) -> None:
    """Before the widgets go: let a queued change-set start its reload, and every call answer.

    Otherwise an answer would arrive at a deleted runner during the next test.
    """
    qtbot.wait(100)
    qtbot.waitUntil(lambda: controller.is_settled() and controller.runner.is_idle())
    controller.runner.wait()


def first_vehicle(customer: CustomerView) -> Any:
    assert customer.vehicles, "the customer has no vehicle"
    return customer.vehicles[0]


def brake_estimate(services: Services, actor: Actor, customer: CustomerView) -> WorkOrderView:
    """An estimate with one job: 1.5 h labor at the shop rate and a part (two pads at 44.50)."""
    from app.domain.totals import LineKind
    from app.services.work_orders.estimates import JobInput, LineInput

    view = services.work_orders.create(actor, first_vehicle(customer).id, 42_100)
    view = services.estimates.add_job(actor, view.id, JobInput("Front brakes", "Squeals"), view.version)
    job = view.jobs[0].id
    view = services.estimates.add_line(
        actor, view.id, job, LineInput(LineKind.LABOR, "Replace pads", "1.5"), view.version
    )
    return services.estimates.add_line(
        actor,
        view.id,
        job,
        LineInput(LineKind.PART, "Brake pad set", "2", "44.50", part_number="D1210", condition="new"),
        view.version,
    )
