"""The Returns tab: an unused special order goes back to its vendor from the keyboard, a return is
written by scanning, and the return document is previewed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QTableView, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.domain.permissions import Actor, Role
from app.domain.work_orders import Status
from app.services.container import Services
from app.services.parts.catalog import PartInput
from app.services.work_orders.estimates import JobInput
from app.ui.changes import ChangeBridge
from app.ui.parts.area_controller import PartsAreaController
from app.ui.parts.return_dialog import ReturnDialog
from app.ui.parts.view import PartsView
from app.ui.printing import PaperDialogs, PdfPreviewDialog
from app.ui.tasks import TaskRunner
from tests.integration.work_order_helpers import add_car, add_job, authorize, labor
from tests.ui.helpers import cells
from tests.ui.settings_helpers import activate, quiesce


@dataclass
class Returns:
    view: PartsView
    controller: PartsAreaController
    runner: TaskRunner
    qtbot: QtBot
    previews: list[PdfPreviewDialog]
    dialogs: list[ReturnDialog]

    def settle(self) -> None:
        self.qtbot.waitUntil(lambda: self.controller.is_settled(), timeout=10_000)

    def key(self, keys: str) -> None:
        """A key pressed where the Returns tab has the cursor."""
        self.qtbot.keyClick(self.view.returns.special_orders, *_key(keys))


def _key(keys: str) -> tuple[Qt.Key, Qt.KeyboardModifier]:
    *mods, last = keys.split("+")
    modifier = Qt.KeyboardModifier.ControlModifier if "Ctrl" in mods else Qt.KeyboardModifier.NoModifier
    return getattr(Qt.Key, f"Key_{last}"), modifier


def _closed(dialog: ReturnDialog) -> bool:
    """Posted: the dialog closed (and may be gone already)."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


@pytest.fixture
def clerk(services: Services, owner: Actor) -> Actor:
    services.setup.add_user(owner, "pat", "Pat Parts", Role.PARTS, "parts password 1")
    return services.setup.sign_in("pat", "parts password 1", "Parts counter 1")


@pytest.fixture
def returns(qtbot: QtBot, services: Services, clerk: Actor) -> Iterator[Returns]:
    view = PartsView()
    runner = TaskRunner(view)
    previews: list[PdfPreviewDialog] = []

    class Paper(PaperDialogs):
        def preview(self, parent: QWidget, title: str, pdf: bytes) -> PdfPreviewDialog:
            previews.append(super().preview(parent, title, pdf))
            return previews[-1]

    controller = PartsAreaController(
        services, clerk, view, runner, ChangeBridge(services.changes), Paper(), ("Bayview Auto Repair",)
    )
    dialogs: list[ReturnDialog] = []
    controller.returns.dialog_opened.connect(dialogs.append)
    qtbot.addWidget(view, before_close_func=lambda _v: quiesce(qtbot, controller.is_settled, runner))
    view.resize(1300, 700)
    view.show()
    activate(qtbot, view)
    controller.start()
    view.tabs.setCurrentWidget(view.returns)
    found = Returns(view, controller, runner, qtbot, previews, dialogs)
    found.settle()
    yield found
    for dialog in dialogs:
        if shiboken6.isValid(dialog) and dialog.isVisible():
            dialog.reject()


def _work_order(services: Services, owner: Actor, desk: Actor) -> int:
    """A work order in progress that will not use the brake pads bought from WorldPac; its number."""
    vendor = services.parts.create_vendor(owner, "WorldPac").id
    pads = services.parts.create_part(
        owner,
        PartInput(
            sku="BRK-4471", name="Brake pad set", cost="30.00", vendor_id=vendor, vendor_part_number="W-1"
        ),
    ).id
    services.inventory.receive(owner, pads, "3")
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    tech = services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")
    view = services.work_orders.create(desk, add_car(services, desk).vehicle_id)
    view = add_job(services, desk, view, "Brakes", labor("Inspect brakes", "0.5", "120.00"))
    job = JobInput("Brakes", technician_id=tech.user_id)
    view = services.estimates.update_job(desk, view.id, view.jobs[0].id, job, view.version)
    view = authorize(services, desk, view, {"Brakes": "approve"})
    services.work_orders.change_status(desk, view.id, Status.IN_PROGRESS, view.version)
    return view.number


def test_an_unused_special_order_goes_back_to_its_vendor_from_the_keyboard(
    qtmodeltester: ModelTester, services: Services, owner: Actor, desk: Actor, clerk: Actor, returns: Returns
) -> None:
    number = _work_order(services, owner, desk)
    page = returns.view.returns
    page.order_edit.setText(str(number))
    page.order_code_edit.setText("BRK-4471")
    page.order_quantity_edit.setText("2")
    returns.key("Ctrl+O")  # the pads are ordered for the work order
    returns.qtbot.waitUntil(lambda: "ordered from WorldPac" in page.message.text(), timeout=10_000)
    returns.settle()
    assert cells(returns.controller.returns.orders_proxy)[0][1:] == [
        "BRK-4471",
        "Brake pad set",
        "WorldPac",
        "2",
        "0",
        "2",
    ]
    qtmodeltester.check(returns.controller.returns.orders)
    page.special_orders.setFocus()
    page.special_orders.selectRow(0)
    returns.key("Ctrl+R")
    returns.qtbot.waitUntil(lambda: bool(returns.dialogs) and returns.dialogs[-1].isVisible())
    dialog = returns.dialogs[-1]
    assert dialog.vendor_combo.currentText() == "WorldPac"
    assert dialog.reason_combo.currentText() == "Special order not used"
    assert cells(dialog.lines_proxy) == [["BRK-4471", "Brake pad set", "Part", "2", "$30.00", "$60.00"]]
    assert dialog.total_label.text() == "Credit due: $60.00"

    dialog.save_button.click()  # no RMA yet: refused beside the field, nothing typed is lost
    returns.qtbot.waitUntil(lambda: dialog.field_message("rma_number").text() != "")
    assert "RMA" in dialog.field_message("rma_number").text()
    returns.qtbot.keyClicks(dialog.rma_edit, "RMA-7781")
    returns.qtbot.keyClick(dialog.rma_edit, Qt.Key.Key_Return)
    returns.qtbot.waitUntil(lambda: _closed(dialog), timeout=10_000)
    returns.settle()
    assert "Return 1 to WorldPac: credit $60.00; WorldPac owes the shop $60.00." in page.message.text()
    assert cells(returns.controller.returns.orders_proxy) == []  # nothing left to return
    row = cells(returns.controller.returns.returns_proxy)[0]
    assert (row[0], row[2], row[3], row[4], row[7]) == (
        "1",
        "WorldPac",
        "RMA-7781",
        "Special order not used",
        "$60.00",
    )
    qtmodeltester.check(returns.controller.returns.returns)

    activate(returns.qtbot, returns.view)  # back in the window the dialog closed over
    page.returns.setFocus()
    page.returns.selectRow(0)
    returns.qtbot.keyClick(page.returns, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    returns.qtbot.waitUntil(lambda: bool(returns.previews), timeout=10_000)
    assert returns.previews[-1].windowTitle().startswith("Return to vendor 1")
    assert returns.previews[-1].document.pageCount() == 1
    returns.previews[-1].close()


def test_a_return_written_by_scanning_every_field_named(
    services: Services, owner: Actor, clerk: Actor, returns: Returns
) -> None:
    vendor = services.parts.create_vendor(owner, "NAPA").id
    services.parts.create_part(
        owner,
        PartInput(sku="OF-100", name="Oil filter", cost="4.00", vendor_id=vendor, vendor_part_number="N-1"),
    )
    services.inventory.receive(owner, services.parts.find_code(owner, "OF-100").id, "6")  # type: ignore[union-attr]
    returns.key("Ctrl+N")
    returns.qtbot.waitUntil(lambda: bool(returns.dialogs) and returns.dialogs[-1].isVisible())
    dialog = returns.dialogs[-1]
    unnamed = [
        w.objectName()
        for w in dialog.findChildren(QWidget)
        if isinstance(w, QLineEdit | QComboBox | QTableView) and not w.accessibleName()
    ]
    assert unnamed == []
    dialog.reason_combo.setCurrentIndex(dialog.reason_combo.findData("wrong_part"))
    returns.qtbot.keyClicks(dialog.rma_edit, "N-RMA-55")
    dialog.code_edit.setFocus()
    dialog.quantity_edit.setText("2")
    returns.qtbot.keyClicks(dialog.code_edit, "OF-100")
    returns.qtbot.keyClick(dialog.code_edit, Qt.Key.Key_Return)  # a scanner's Enter adds the line
    returns.qtbot.waitUntil(lambda: dialog.lines.rowCount() == 1, timeout=10_000)
    assert dialog.isVisible()  # Enter in the part box did not post the return
    assert dialog.total_label.text() == "Credit due: $8.00"
    assert dialog.focusWidget() is dialog.code_edit  # ready for the next scan
    # Enter in the emptied part box posts, as the line under the buttons says
    returns.qtbot.keyClick(dialog.code_edit, Qt.Key.Key_Return)
    returns.qtbot.waitUntil(lambda: _closed(dialog), timeout=10_000)
    returns.settle()
    assert services.vendor_returns.vendor_balance(clerk, vendor) == -8
    assert "Return 1 to NAPA" in returns.view.returns.message.text()
