"""The Invoicing area on a real database, driven by the keyboard as the front desk would."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.domain.customers import CustomerInput, VehicleInput
from app.domain.payments import Method, Tender
from app.domain.permissions import Actor, Role
from app.domain.pricing import ShopPricing
from app.domain.totals import LineKind
from app.domain.work_orders import Status
from app.services.container import Services
from app.services.work_orders.dto import WorkOrderView
from app.services.work_orders.estimates import JobInput, LineInput
from app.services.work_orders.orders import AuthorizationInput
from app.ui.changes import ChangeBridge
from app.ui.day.drawer_dialogs import CashDialog
from app.ui.invoicing.controller import InvoicingController
from app.ui.invoicing.dialogs import (
    AccountDialog,
    CreditNoteDialog,
    InvoiceSettingsDialog,
    InvoicingDialogs,
    PostInvoiceDialog,
    ReasonDialog,
    StatementDialog,
)
from app.ui.invoicing.payment_dialog import PaymentDialog
from app.ui.invoicing.view import InvoicingView
from app.ui.tasks import TaskRunner
from tests.ui.helpers import RecordingDialogs, cells

D = Decimal


class RecordingInvoicingDialogs(InvoicingDialogs):
    def __init__(self, pdf_dir: Path) -> None:
        super().__init__(RecordingDialogs())
        self.pdf_dir = pdf_dir
        self.shown: list[Path] = []

    def pdf_path(self, parent: QWidget, title: str, suggested_name: str) -> Path | None:
        self.shown.append(self.pdf_dir / suggested_name)
        return self.shown[-1]

    def written(self, prefix: str, size: int) -> bool:
        """A PDF whose name starts with ``prefix`` was saved, at least ``size`` bytes long."""
        return any(p.name.startswith(prefix) and p.exists() and p.stat().st_size > size for p in self.shown)

    def image_path(self, parent: QWidget) -> Path | None:
        return Path(__file__).resolve().parents[3] / "resources" / "icons" / "baydesk.png"


def completed_order(services: Services, owner: Actor, desk: Actor) -> WorkOrderView:
    """A brake job of 120.00 labor and 89.95 parts, 10 % tax on parts: 218.95."""
    services.settings.update_pricing(owner, ShopPricing(tax_rate=D("0.10")))
    services.setup.add_user(owner, "tony", "Tony Tech", Role.TECHNICIAN, "tech password 1")
    tech = services.setup.sign_in("tony", "tech password 1", "Bay 1")
    customer = services.customers.create_customer(
        desk, CustomerInput(first_name="Maria", last_name="Lopez", phone="(510) 555-0142")
    )
    car = services.customers.add_vehicle(
        desk, customer.id, VehicleInput(plate="7ABC123", year="2016", make="Honda", model="Civic")
    )
    view = services.work_orders.create(desk, car.vehicle.id)
    view = services.estimates.add_job(
        desk, view.id, JobInput("Front brakes", "Grinding", technician_id=tech.user_id), view.version
    )
    job = view.jobs[0].id
    view = services.estimates.add_line(
        desk, view.id, job, LineInput(LineKind.LABOR, "Replace pads", "1", "120.00"), view.version
    )
    view = services.estimates.add_line(
        desk,
        view.id,
        job,
        LineInput(LineKind.PART, "Brake pads", "1", "89.95", condition="new", taxable=True),
        view.version,
    )
    view = services.work_orders.authorize(
        desk, view.id, AuthorizationInput({job: "approve"}, "Maria Lopez", "in_person"), view.version
    )
    view = services.work_orders.change_status(desk, view.id, Status.IN_PROGRESS, view.version)
    return services.work_orders.change_status(desk, view.id, Status.COMPLETED, view.version)


@pytest.fixture
def area(qtbot: QtBot, services: Services, owner: Actor, desk: Actor, tmp_path: Path) -> Any:
    order = completed_order(services, owner, desk)
    view = InvoicingView()
    runner = TaskRunner(view)
    dialogs = RecordingInvoicingDialogs(tmp_path)
    controller = InvoicingController(services, desk, view, runner, ChangeBridge(services.changes), dialogs)
    opened: list[Any] = []
    controller.dialog_opened.connect(opened.append)

    def quiesce(_view: Any) -> None:
        qtbot.wait(100)
        qtbot.waitUntil(lambda: controller.is_settled() and runner.is_idle())
        runner.wait()

    qtbot.addWidget(view, before_close_func=quiesce)
    view.resize(1300, 800)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    controller.start()
    qtbot.waitUntil(lambda: controller.ready_model.rowCount() == 1 and runner.is_idle())
    return controller, view, opened, order, dialogs


def press(qtbot: QtBot, view: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    if QApplication.activeWindow() is None:
        view.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    qtbot.keyClick(QApplication.focusWidget() or view, key, modifiers)


def test_post_take_a_split_payment_and_preview(
    qtbot: QtBot, area: Any, services: Services, desk: Actor
) -> None:
    controller, view, opened, order, dialogs = area
    view.ready_table.setFocus()
    view.ready_table.selectRow(0)
    press(qtbot, view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(opened) and isinstance(opened[-1], PostInvoiceDialog))
    post = opened[-1]
    qtbot.mouseClick(post.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Invoice 1 posted" in view.message_label.text())
    invoice = controller.invoice
    assert invoice is not None and invoice.number == 1
    assert invoice.totals.total == D("218.95")  # 120.00 + 89.95 + 8.995 -> 9.00 tax, rounded half up
    assert view.balance_label.text() == "Balance due $218.95"
    qtbot.waitUntil(lambda: controller.ready_model.rowCount() == 0 and controller.runner.is_idle())
    assert services.work_orders.get(desk, order.id).status == "invoiced"
    qtbot.waitUntil(lambda: [row[0] for row in cells(controller.open_proxy)] == ["1"])

    services.drawers.open(desk, "100.00")
    press(qtbot, view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(opened[-1], PaymentDialog))
    pay: PaymentDialog = opened[-1]
    qtbot.keyClicks(pay.amounts[pay.methods[1]], "150.00")  # card
    pay.card_brand.setCurrentText("Mastercard")
    qtbot.keyClicks(pay.card_last4, "5454")
    qtbot.keyClicks(pay.reference, "AUTH 77121")
    qtbot.keyClicks(pay.amounts[pay.methods[0]], "68.95")  # cash
    qtbot.keyClicks(pay.tendered, "80.00")
    assert pay.remaining_label.text() == "Paid in full. Change: $11.05"
    qtbot.mouseClick(pay.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Change due: $11.05" in view.message_label.text())
    qtbot.waitUntil(lambda: controller.is_settled() and controller.runner.is_idle())
    assert view.balance_label.text() == "Paid in full"
    assert [row[1] for row in cells(controller.payments_proxy)] == ["Card", "Cash"]
    assert "Mastercard ending 5454, ref AUTH 77121" in cells(controller.payments_proxy)[0][2]

    with qtbot.waitSignal(controller.preview_opened, timeout=10_000) as opened_preview:
        press(
            qtbot, view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )
    preview = opened_preview.args[0]
    qtbot.waitUntil(preview.isVisible)
    assert preview.document.pageCount() >= 1  # the invoice's own pages, drawn by QtPdf
    assert services.invoicing.get(desk, invoice.id).print_count == 0  # looking is not printing
    preview.close()

    press(qtbot, view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialogs.written("invoice-1.pdf", 5_000), timeout=10_000)
    assert services.invoicing.get(desk, invoice.id).print_count == 1

    with qtbot.waitSignal(controller.preview_opened, timeout=10_000) as opened_receipt:
        press(qtbot, view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    receipt = opened_receipt.args[0]
    assert receipt.summary.text().startswith("1 page · 80x")  # the receipt strip
    receipt.save_button.click()
    qtbot.waitUntil(lambda: dialogs.written("receipt-1.pdf", 2_000), timeout=10_000)
    receipt.close()
    assert services.invoicing.get(desk, invoice.id).receipt_count == 1


def test_cash_with_no_drawer_open_offers_to_open_one_and_then_takes_the_payment(
    qtbot: QtBot, area: Any, services: Services, desk: Actor
) -> None:
    controller, view, opened, order, _dialogs = area
    invoice = services.invoicing.post_from_work_order(desk, order.id)
    controller.show_invoice(invoice.id)
    qtbot.waitUntil(lambda: controller.invoice is not None and controller.runner.is_idle())
    press(qtbot, view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(opened) and isinstance(opened[-1], PaymentDialog))
    pay: PaymentDialog = opened[-1]
    qtbot.keyClicks(pay.amounts[Method.CASH], "218.95")
    qtbot.keyClicks(pay.tendered, "220.00")
    qtbot.mouseClick(pay.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "No cash drawer is open" in pay.banner.text())
    assert services.invoicing.get(desk, invoice.id).payments == ()  # nothing taken without a drawer
    (offer,) = pay.banner_buttons()
    assert offer.text() == "Open a drawer"

    qtbot.mouseClick(offer, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(opened[-1], CashDialog))
    float_dialog: CashDialog = opened[-1]
    float_dialog.amount.selectAll()
    qtbot.keyClicks(float_dialog.amount, "150.00")
    qtbot.mouseClick(float_dialog.save_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: "Change due: $1.05" in view.message_label.text())
    qtbot.waitUntil(lambda: controller.is_settled() and controller.runner.is_idle())
    assert not pay.isVisible() and view.balance_label.text() == "Paid in full"
    drawer = services.drawers.current(desk)
    assert drawer is not None and drawer.opening_float == D("150.00")
    counted = services.drawers.count(desk, drawer.id, "368.95")
    assert (counted.cash_taken, counted.over_short) == (D("218.95"), D("0.00"))


def test_after_todays_close_the_area_says_where_postings_go_and_the_invoice_shows_it(
    qtbot: QtBot, area: Any, services: Services, owner: Actor, desk: Actor
) -> None:
    controller, view, _opened, order, _dialogs = area
    assert view.business_day_label.isHidden()
    today = services.day_close.today(owner)
    services.day_close.close(owner, today)
    tomorrow = today + timedelta(days=1)
    qtbot.waitUntil(lambda: not view.business_day_label.isHidden())  # the close reached the area
    assert view.business_day_label.text() == (
        f"{today:%a, %b} {today.day} is closed: new postings go to the business day of "
        f"{tomorrow:%a, %b} {tomorrow.day}"
    )

    invoice = services.invoicing.post_from_work_order(desk, order.id)
    controller.show_invoice(invoice.id)
    qtbot.waitUntil(lambda: controller.invoice is not None and controller.runner.is_idle())
    assert view.summary_label.text().startswith(f"Business day {tomorrow:%b} {tomorrow.day}, {tomorrow.year}")


def test_payment_over_the_balance_by_card_is_refused_in_the_dialog(
    qtbot: QtBot, area: Any, services: Services, desk: Actor
) -> None:
    controller, view, opened, order, _dialogs = area
    invoice = services.invoicing.post_from_work_order(desk, order.id)
    controller.show_invoice(invoice.id)
    qtbot.waitUntil(lambda: controller.invoice is not None and controller.runner.is_idle())
    press(qtbot, view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(opened) and isinstance(opened[-1], PaymentDialog))
    pay: PaymentDialog = opened[-1]
    qtbot.keyClicks(pay.amounts[pay.methods[1]], "300.00")
    qtbot.keyClicks(pay.card_last4, "4242")
    qtbot.keyClicks(pay.reference, "AUTH 1")
    qtbot.mouseClick(pay.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "only cash gives change" in pay.banner.text())
    assert pay.isVisible()
    assert services.invoicing.get(desk, invoice.id).payments == ()
    pay.reject()


def test_owner_opens_an_account_charges_it_and_saves_a_statement(
    qtbot: QtBot, area: Any, services: Services, owner: Actor, desk: Actor
) -> None:
    _controller, _view, _opened, order, dialogs = area
    view = InvoicingView()
    runner = TaskRunner(view)
    controller = InvoicingController(services, owner, view, runner, ChangeBridge(services.changes), dialogs)
    opened: list[Any] = []
    controller.dialog_opened.connect(opened.append)
    qtbot.addWidget(view, before_close_func=lambda _v: runner.wait())
    view.show()
    invoice = services.invoicing.post_from_work_order(desk, order.id)
    controller.start()
    qtbot.waitUntil(lambda: controller.invoice is not None and runner.is_idle())
    assert not controller.actions["statement"].isEnabled()  # not an account customer yet
    controller.actions["account"].trigger()
    qtbot.waitUntil(lambda: bool(opened) and isinstance(opened[-1], AccountDialog))
    account: AccountDialog = opened[-1]
    account.terms.setCurrentIndex(account.terms.findData(60))
    qtbot.keyClicks(account.certificate, "RESALE-77")
    qtbot.mouseClick(account.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "net 60" in view.message_label.text())
    qtbot.waitUntil(lambda: controller.is_settled() and runner.is_idle())
    services.payments.take(desk, invoice.id, [Tender(Method.ACCOUNT, invoice.balance_due)])
    view.tabs.setCurrentIndex(2)
    qtbot.waitUntil(
        lambda: [row[:3] for row in cells(controller.aging_proxy)] == [["Maria Lopez", "Net 60", "218.95"]]
    )
    view.aging_table.selectRow(0)
    controller.actions["statement"].trigger()
    qtbot.waitUntil(lambda: isinstance(opened[-1], StatementDialog))
    with qtbot.waitSignal(controller.preview_opened, timeout=10_000) as statement:
        qtbot.mouseClick(opened[-1].save_button, Qt.MouseButton.LeftButton)
    statement.args[0].save_button.click()
    qtbot.waitUntil(lambda: dialogs.written("statement-", 3_000), timeout=10_000)
    statement.args[0].close()
    view.aging_table.selectRow(0)
    qtbot.waitUntil(controller.actions["account_payment"].isEnabled)
    controller.actions["account_payment"].trigger()
    qtbot.waitUntil(lambda: isinstance(opened[-1], PaymentDialog))
    pay: PaymentDialog = opened[-1]
    qtbot.keyClicks(pay.amounts[Method.CHECK], "218.95")
    qtbot.keyClicks(pay.check_number, "5531")
    qtbot.mouseClick(pay.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Account payment recorded" in view.message_label.text())
    qtbot.waitUntil(lambda: [row[-1] for row in cells(controller.aging_proxy)] == ["0.00"])
    assert services.accounts.get(desk, invoice.customer_id).open_balance == 0  # type: ignore[arg-type, union-attr]
    controller.actions["settings"].trigger()
    qtbot.waitUntil(lambda: isinstance(opened[-1], InvoiceSettingsDialog))
    settings: InvoiceSettingsDialog = opened[-1]
    settings.rounding.setCurrentIndex(settings.rounding.findData("0.05"))
    qtbot.mouseClick(settings.logo_button, Qt.MouseButton.LeftButton)
    assert settings.logo_label.text() == "An image of 5 KB"
    qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Invoice settings saved" in view.message_label.text())
    saved = services.invoicing.settings(owner)
    assert saved.cash_rounding_step == D("0.05")
    assert services.invoicing.get(owner, invoice.id).logo.startswith(b"\x89PNG")


def test_owner_voids_with_a_reason_and_credits_then_refunds(
    qtbot: QtBot, area: Any, services: Services, owner: Actor, desk: Actor
) -> None:
    _controller, _view, _opened, order, dialogs = area
    view = InvoicingView()
    runner = TaskRunner(view)
    controller = InvoicingController(services, owner, view, runner, ChangeBridge(services.changes), dialogs)
    opened: list[Any] = []
    controller.dialog_opened.connect(opened.append)
    qtbot.addWidget(view, before_close_func=lambda _v: runner.wait())
    view.show()
    invoice = services.invoicing.post_from_work_order(desk, order.id)
    controller.start()
    qtbot.waitUntil(lambda: controller.invoice is not None and runner.is_idle())
    controller.actions["void"].trigger()
    qtbot.waitUntil(lambda: bool(opened) and isinstance(opened[-1], ReasonDialog))
    reason: ReasonDialog = opened[-1]
    qtbot.mouseClick(reason.save_button, Qt.MouseButton.LeftButton)  # no reason: refused, nothing saved
    qtbot.waitUntil(lambda: "say why" in reason.field_message("reason").text())
    assert services.invoicing.get(owner, invoice.id).status == "posted"
    reason.reject()
    services.drawers.open(desk, "100.00")
    services.drawers.open(owner, "300.00")  # the refund is paid out of the owner's drawer
    services.payments.take(desk, invoice.id, [Tender(Method.CASH, invoice.totals.total)])
    controller.show_invoice(invoice.id)
    qtbot.waitUntil(lambda: controller.invoice is not None and bool(controller.invoice.payments))
    assert not controller.actions["void"].isEnabled()  # money was taken: a credit note instead
    controller.actions["credit_note"].trigger()
    qtbot.waitUntil(lambda: isinstance(opened[-1], CreditNoteDialog))
    credit: CreditNoteDialog = opened[-1]
    qtbot.keyClicks(credit.reason, "Work redone under warranty")
    qtbot.mouseClick(credit.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Credit note 1 issued" in view.message_label.text())
    qtbot.waitUntil(lambda: controller.actions["refund"].isEnabled())
    controller.actions["refund"].trigger()
    qtbot.waitUntil(lambda: isinstance(opened[-1], PaymentDialog))
    refund: PaymentDialog = opened[-1]
    qtbot.keyClicks(refund.amounts[Method.CASH], "218.95")
    qtbot.mouseClick(refund.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.balance_label.text() == "Settled")
    assert services.invoicing.get(owner, invoice.id).balance_due == 0


def test_a_service_writer_sees_void_greyed_out_and_why(area: Any) -> None:
    _controller, view, _opened, _order, _dialogs = area
    assert not view.void_button.isEnabled()
    assert view.void_button.toolTip() == "Void (Ctrl+Shift+V): not for the service writer role"
    assert view.pay_button.toolTip().endswith("(Ctrl+Y)")  # what the role may do says only its key
