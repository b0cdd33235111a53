"""An insurer as second payer, from the keyboard: set it on the work order, then take its part in Invoicing."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.customers import CustomerInput, CustomerKind
from app.domain.errors import ValidationError
from app.domain.payments import Method
from app.domain.permissions import Actor
from app.domain.work_orders import Status
from app.services.container import Services
from app.services.customers.dto import CustomerView
from app.services.work_orders.estimates import JobInput
from app.services.work_orders.orders import AuthorizationInput
from app.ui.changes import ChangeBridge
from app.ui.invoicing.controller import InvoicingController
from app.ui.invoicing.payment_dialog import PaymentDialog
from app.ui.invoicing.view import InvoicingView
from app.ui.tasks import TaskRunner
from app.ui.work_orders.payer_dialog import JOB, PayerDialog
from tests.ui.invoicing.test_invoicing_area import RecordingInvoicingDialogs
from tests.ui.work_order_helpers import add_technician, brake_estimate, build_area

D = Decimal
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _insurer(services: Services, owner: Actor, desk: Actor) -> Any:
    insurer = services.customers.create_customer(
        desk, CustomerInput(kind=CustomerKind.COMPANY, company_name="Harbor Mutual", phone="(510) 555-0177")
    )
    services.accounts.save(owner, insurer.id, terms_days=30)
    return insurer


def test_set_a_payer_in_the_editor_and_take_its_part_in_invoicing(
    qtbot: QtBot, ana: CustomerView, services: Services, desk: Actor, owner: Actor, tmp_path: Path
) -> None:
    insurer = _insurer(services, owner, desk)
    tech = add_technician(services, owner)
    wo_area = build_area(qtbot, services, desk, tmp_path)
    opened: list[Any] = []
    wo_area.editor.payer.dialog_opened.connect(opened.append)
    order = brake_estimate(services, desk, ana)
    wo_area.open(order)
    wo_area.press(Qt.Key.Key_Y, CTRL_SHIFT)
    qtbot.waitUntil(lambda: bool(opened) and isinstance(opened[-1], PayerDialog))
    dialog: PayerDialog = opened[-1]
    assert dialog.payer.currentText() == "Harbor Mutual"
    assert all(w.accessibleName() for w in (dialog.payer, dialog.claim, dialog.deductible, dialog.covered))
    qtbot.keyClicks(dialog.claim, "HM-2291")
    qtbot.keyClicks(dialog.deductible, "50.00")
    dialog.check(JOB, order.jobs[0].id)
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.keyClick(dialog.claim, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Harbor Mutual pays the covered work" in wo_area.view.editor.message_label.text())
    saved = services.payers.get(desk, order.id)
    assert saved is not None and saved.claim_number == "HM-2291" and saved.deductible == D("50.00")
    wo_area.settle()

    # the work is done and invoiced; the front desk takes the insurer's check for its part
    view = services.work_orders.get(desk, order.id)
    view = services.estimates.update_job(
        desk,
        view.id,
        view.jobs[0].id,
        JobInput("Front brakes", "Squeals", technician_id=tech.user_id),
        view.version,
    )
    view = services.work_orders.authorize(
        desk, view.id, AuthorizationInput({view.jobs[0].id: "approve"}, "Ana Ruiz", "in_person"), view.version
    )
    view = services.work_orders.change_status(desk, view.id, Status.IN_PROGRESS, view.version)
    view = services.work_orders.change_status(desk, view.id, Status.COMPLETED, view.version)
    invoice = services.invoicing.post_from_work_order(desk, view.id)
    assert invoice.payer is not None and invoice.payer.payer_amount > 0
    due_from_insurer = invoice.payer.payer_balance

    inv_view = InvoicingView()
    runner = TaskRunner(inv_view)
    controller = InvoicingController(
        services, desk, inv_view, runner, ChangeBridge(services.changes), RecordingInvoicingDialogs(tmp_path)
    )
    dialogs: list[Any] = []
    controller.dialog_opened.connect(dialogs.append)

    def quiesce(_view: Any) -> None:
        qtbot.wait(100)
        qtbot.waitUntil(lambda: controller.is_settled() and runner.is_idle())
        runner.wait()

    qtbot.addWidget(inv_view, before_close_func=quiesce)
    inv_view.resize(1300, 800)
    inv_view.show()
    inv_view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is inv_view)
    controller.start()
    controller.show_invoice(invoice.id)
    qtbot.waitUntil(lambda: controller.invoice is not None and runner.is_idle())
    assert "Harbor Mutual's part" in inv_view.summary_label.text()
    assert controller.actions["payer_payment"].isEnabled()
    inv_view.payer_pay_button.setFocus()
    qtbot.keyClick(inv_view.payer_pay_button, Qt.Key.Key_Y, CTRL_SHIFT)
    qtbot.waitUntil(lambda: bool(dialogs) and isinstance(dialogs[-1], PaymentDialog))
    pay: PaymentDialog = dialogs[-1]
    assert pay.due == due_from_insurer
    qtbot.keyClicks(pay.amounts[Method.CHECK], str(due_from_insurer))
    qtbot.keyClicks(pay.check_number, "88120")
    qtbot.mouseClick(pay.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Harbor Mutual's payment recorded" in inv_view.message_label.text())
    qtbot.waitUntil(lambda: controller.is_settled() and runner.is_idle())
    after = services.invoicing.get(desk, invoice.id)
    assert after.payer is not None and after.payer.payer_balance == 0
    assert not controller.actions["payer_payment"].isEnabled()
    assert insurer.id == after.payer.payer_id


def test_among_several_accounts_the_writer_chooses_the_payer(
    qtbot: QtBot, ana: CustomerView, services: Services, desk: Actor
) -> None:
    order = brake_estimate(services, desk, ana)
    candidates = [(uuid.uuid4(), "City Cab Co."), (uuid.uuid4(), "Harbor Mutual")]
    dialog = PayerDialog(order, candidates, None)
    qtbot.addWidget(dialog)
    # nobody is chosen for them: the first account on the list is not the insurer
    assert dialog.payer.currentIndex() == -1
    assert dialog.payer.placeholderText() == "Choose the insurer or warranty company"
    with pytest.raises(ValidationError) as refused:
        dialog.emit_submitted()
    assert "choose who pays" in refused.value.errors["payer"]
    dialog.payer.setCurrentIndex(dialog.payer.findText("Harbor Mutual"))
    with qtbot.waitSignal(dialog.payer_submitted) as sent:
        dialog.emit_submitted()
    assert sent.args[0]["payer_id"] == candidates[1][0]
