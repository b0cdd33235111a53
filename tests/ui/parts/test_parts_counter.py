"""The Parts counter driven from the keyboard, as at a real counter with a barcode scanner."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.domain.permissions import Actor, Role
from app.services.container import Services
from app.services.parts.catalog import PartInput
from app.ui.changes import ChangeBridge
from app.ui.parts.area_controller import PartsAreaController
from app.ui.parts.view import PartsView
from app.ui.printing import PaperDialogs, PdfPreviewDialog
from app.ui.tasks import TaskRunner
from tests.ui.helpers import cells
from tests.ui.settings_helpers import activate, quiesce

D = Decimal


@dataclass
class Counter:
    view: PartsView
    controller: PartsAreaController
    runner: TaskRunner
    qtbot: QtBot
    saved: list[Path]
    previews: list[PdfPreviewDialog]

    def save_preview(self, title: str) -> None:
        """The document's preview opened; Save PDF writes it and the preview is closed."""
        self.qtbot.waitUntil(lambda: bool(self.previews) and self.previews[-1].windowTitle() == title)
        preview, before = self.previews[-1], len(self.saved)
        assert preview.document.pageCount() >= 1
        preview.save_button.click()
        self.qtbot.waitUntil(lambda: len(self.saved) > before and self.saved[-1].exists(), timeout=10_000)
        self.qtbot.waitUntil(lambda: self.saved[-1].stat().st_size > 1_000, timeout=10_000)
        preview.close()

    def settle(self) -> None:
        self.qtbot.waitUntil(lambda: self.controller.is_settled(), timeout=10_000)

    def scan(self, code: str) -> None:
        """A scanner: the code's characters typed fast into the focused box, then Enter."""
        box = self.view.counter.search_edit
        box.setFocus()
        self.qtbot.keyClicks(box, code)
        self.qtbot.keyClick(box, Qt.Key.Key_Return)


@pytest.fixture
def clerk(services: Services, owner: Actor) -> Actor:
    services.setup.add_user(owner, "pat", "Pat Parts", Role.PARTS, "parts password 1")
    return services.setup.sign_in("pat", "parts password 1", "Parts counter 1")


@pytest.fixture
def counter(qtbot: QtBot, services: Services, clerk: Actor, tmp_path: Path) -> Iterator[Counter]:
    view = PartsView()
    runner = TaskRunner(view)
    saved: list[Path] = []
    previews: list[PdfPreviewDialog] = []

    class Paper(PaperDialogs):
        def pdf_path(self, parent: QWidget, title: str, suggested_name: str) -> Path | None:
            saved.append(tmp_path / suggested_name)
            return saved[-1]

        def preview(self, parent: QWidget, title: str, pdf: bytes) -> PdfPreviewDialog:
            previews.append(super().preview(parent, title, pdf))
            return previews[-1]

    controller = PartsAreaController(
        services,
        clerk,
        view,
        runner,
        ChangeBridge(services.changes),
        Paper(),
        ("Bayview Auto Repair", "500 Bay St", "(510) 555-0100"),
    )
    qtbot.addWidget(view, before_close_func=lambda _v: quiesce(qtbot, controller.is_settled, runner))
    view.resize(1300, 700)
    view.show()
    activate(qtbot, view)
    controller.start()
    found = Counter(view, controller, runner, qtbot, saved, previews)
    found.settle()
    yield found


def stock(services: Services, actor: Actor, sku: str, code: str, units: str, price: str) -> uuid.UUID:
    part = services.parts.create_part(
        actor,
        PartInput(
            sku=sku, name=f"Part {sku}", cost="5.00", price=price, barcodes=(code,), bin_location="B-2"
        ),
    )
    services.inventory.receive(actor, part.id, units)
    return part.id


def test_two_scans_make_a_ticket_and_selling_it_drops_the_stock(
    qtbot: QtBot, qtmodeltester: ModelTester, services: Services, clerk: Actor, counter: Counter
) -> None:
    stock(services, clerk, "OF-100", "0012345678905", "6", "9.99")
    pads = stock(services, clerk, "BRK-4471", "0036000291452", "4", "45.00")
    page = counter.view.counter

    counter.scan("0012345678905")
    counter.settle()
    counter.scan("0036000291452")
    counter.settle()
    counter.scan("0036000291452")  # the same box again: one line, two of it
    counter.settle()
    assert cells(counter.controller.counter.ticket_proxy) == [
        ["OF-100", "Part OF-100", "1", "$9.99", "$9.99"],
        ["BRK-4471", "Part BRK-4471", "2", "$45.00", "$90.00"],
    ]
    assert page.total_label.text().endswith("$99.99")
    qtmodeltester.check(counter.controller.counter.ticket)
    qtmodeltester.check(counter.controller.counter.results)
    assert page.search_edit.text() == ""  # ready for the next scan

    with qtbot.waitSignal(counter.controller.counter.ticket_posted, timeout=10_000):
        qtbot.keyClick(page.search_edit, Qt.Key.Key_F9)
    counter.settle()
    assert "posted" in page.ticket_message.text()
    assert counter.controller.counter.ticket.rowCount() == 0
    # the results show the part last scanned, refreshed after the sale: 4 - 2
    qtbot.waitUntil(lambda: cells(counter.controller.counter.results_proxy)[0][3] == "2")
    assert services.parts.get(clerk, pads).on_hand == D("2.000")


def test_the_ticket_quotes_the_core_deposit_the_invoice_will_charge(
    qtbot: QtBot, services: Services, owner: Actor, clerk: Actor, counter: Counter
) -> None:
    alternator = services.parts.create_part(
        clerk,
        PartInput(
            sku="ALT-9",
            name="Alternator",
            cost="90.00",
            price="180.00",
            core_charge="45.00",
            barcodes=("4006381333931",),
        ),
    )
    services.inventory.receive(clerk, alternator.id, "3")
    page = counter.view.counter
    for _ in range(2):
        counter.scan("4006381333931")
        counter.settle()
    assert page.total_label.text() == "1 line   $450.00  (parts $360.00 + core deposit $90.00)"
    with qtbot.waitSignal(counter.controller.counter.ticket_posted, timeout=10_000) as posted:
        qtbot.keyClick(page.search_edit, Qt.Key.Key_F9)
    counter.settle()
    assert "$450.00 before tax, core deposit $90.00 included" in page.ticket_message.text()
    invoice = services.invoicing.post_from_counter_ticket(owner, posted.args[0].id)
    assert invoice.totals.parts + invoice.totals.cores == D("450.00")  # the quote was the bill


def test_typing_searches_and_an_unknown_code_can_be_attached(
    qtbot: QtBot, services: Services, clerk: Actor, counter: Counter
) -> None:
    stock(services, clerk, "BRK-4471", "0036000291452", "4", "45.00")
    page = counter.view.counter
    page.search_edit.setFocus()
    qtbot.keyClicks(page.search_edit, "part brk")
    qtbot.waitUntil(lambda: counter.controller.counter.results.rowCount() == 1)
    counter.settle()
    page.search_edit.clear()
    counter.scan("7777777")
    counter.settle()
    assert "No part has the code 7777777" in page.search_message.text()
    # the shelf box: attach the code to the part selected in the results
    page.search_edit.clear()
    qtbot.keyClicks(page.search_edit, "BRK")
    qtbot.waitUntil(lambda: counter.controller.counter.results.rowCount() == 1)
    counter.settle()
    qtbot.keyClick(page.search_edit, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "now finds BRK-4471" in page.search_message.text())
    counter.settle()
    assert services.parts.find_code(clerk, "7777777") is not None


def test_selling_more_than_is_left_says_how_many_and_keeps_the_ticket(
    qtbot: QtBot, services: Services, clerk: Actor, counter: Counter
) -> None:
    stock(services, clerk, "BRK-4471", "0036000291452", "1", "45.00")
    page = counter.view.counter
    for _ in range(2):
        counter.scan("0036000291452")
        counter.settle()
    qtbot.mouseClick(page.post_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Only 1 of part BRK-4471" in page.ticket_message.text())
    assert counter.controller.counter.ticket.rowCount() == 1


def test_the_shelf_label_prints_for_the_selected_part(
    qtbot: QtBot, services: Services, clerk: Actor, counter: Counter
) -> None:
    stock(services, clerk, "BRK-4471", "0036000291452", "1", "45.00")
    counter.scan("0036000291452")
    counter.settle()
    qtbot.keyClick(counter.view.counter.search_edit, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    counter.save_preview("Shelf label BRK-4471 — preview")
    assert counter.saved and counter.saved[0].read_bytes().startswith(b"%PDF")


def test_the_reorder_list_becomes_an_order_received_from_the_keyboard(
    qtbot: QtBot, services: Services, owner: Actor, clerk: Actor, counter: Counter
) -> None:
    vendor = services.parts.create_vendor(owner, "WorldPac")
    part = services.parts.create_part(
        clerk,
        PartInput(
            sku="OF-100",
            name="Oil filter",
            cost="4.00",
            reorder_point="2",
            reorder_quantity="6",
            vendor_id=vendor.id,
            vendor_part_number="W-51515",
        ),
    )
    page, receiving = counter.view.receiving, counter.controller.receiving
    counter.view.tabs.setCurrentWidget(page)
    qtbot.waitUntil(
        lambda: cells(receiving.reorder_proxy) == [["OF-100", "Oil filter", "0", "2", "6", "WorldPac"]]
    )
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # new purchase orders
    qtbot.waitUntil(lambda: receiving.lines.rowCount() == 1)
    counter.settle()
    assert "PO 1001 (WorldPac)" in page.message.text()
    qtbot.waitUntil(lambda: receiving.reorder.rowCount() == 0)  # on order: off the reorder list
    page.receiving.selectRow(0)
    qtbot.mouseClick(page.po_button, Qt.MouseButton.LeftButton)  # the order goes to the vendor on paper
    counter.save_preview("Purchase order 1001 — preview")
    assert counter.saved[-1].name == "purchase-order-1001.pdf"
    page.quantity_edit.setFocus()
    qtbot.keyClicks(page.quantity_edit, "10")
    qtbot.keyClick(page.quantity_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "received" in page.message.text())
    assert "outstanding" in page.message.text()  # 10 came, 8 were ordered: accepted, and said
    assert "owed to WorldPac: $40.00" in page.message.text()  # 10 × 4.00 on the vendor's account
    counter.settle()
    assert services.parts.get(clerk, part.id).on_hand == D("10.000")
    assert receiving.lines.rowCount() == 0


def test_a_bin_is_counted_from_the_keyboard_and_the_sheet_prints(
    qtbot: QtBot, services: Services, clerk: Actor, counter: Counter
) -> None:
    first = stock(services, clerk, "BRK-1", "111", "5", "45.00")
    second = stock(services, clerk, "BRK-2", "222", "3", "45.00")
    page, count = counter.view.count, counter.controller.count
    counter.view.tabs.setCurrentWidget(page)
    page.bin_edit.setFocus()
    qtbot.keyClicks(page.bin_edit, "B-")
    qtbot.keyClick(page.bin_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: count.model.rowCount() == 2)
    for counted in ("4", "3"):
        qtbot.keyClicks(page.counted_edit, counted)
        qtbot.keyClick(page.counted_edit, Qt.Key.Key_Return)
    assert [row[4:] for row in cells(count.proxy)] == [["4", "-1"], ["3", "0"]]
    qtbot.mouseClick(page.sheet_button, Qt.MouseButton.LeftButton)
    counter.save_preview("Count sheet Bin B-* — preview")
    assert counter.saved[-1].read_bytes().startswith(b"%PDF")
    qtbot.mouseClick(page.post_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "posted" in page.message.text())
    counter.settle()
    assert "BRK-1 now 4" in page.message.text()
    assert services.parts.get(clerk, first).on_hand == D("4.000")
    assert services.parts.get(clerk, second).on_hand == D("3.000")


def test_an_unknown_scan_becomes_a_new_part_on_the_ticket(
    qtbot: QtBot, services: Services, clerk: Actor, counter: Counter
) -> None:
    opened: list[Any] = []
    counter.controller.counter.dialog_opened.connect(opened.append)
    counter.scan("4006381333931")
    counter.settle()
    qtbot.keyClick(counter.view.counter.search_edit, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(opened))
    dialog = opened[-1]
    assert dialog.barcode.text() == "4006381333931"
    qtbot.keyClicks(dialog.sku, "WIP-22")
    qtbot.keyClicks(dialog.name, "Wiper blade 22 in")
    qtbot.keyClicks(dialog.cost, "NaN")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "is not a number" in dialog.field_message("cost").text())
    dialog.cost.clear()
    qtbot.keyClicks(dialog.cost, "6.00")
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    counter.settle()
    assert [row[:3] for row in cells(counter.controller.counter.ticket_proxy)] == [
        ["WIP-22", "Wiper blade 22 in", "1"]
    ]
    assert services.parts.find_code(clerk, "4006381333931") is not None


def test_words_and_enter_hand_the_keyboard_to_the_results_and_enter_adds_the_part(
    qtbot: QtBot, services: Services, clerk: Actor, counter: Counter
) -> None:
    stock(services, clerk, "BRK-4471", "111", "4", "45.00")
    stock(services, clerk, "OF-100", "222", "4", "9.99")
    page = counter.view.counter
    counter.scan("part brk")  # typed words, then Enter: not a code
    counter.settle()
    qtbot.waitUntil(lambda: page.results.hasFocus())
    assert page.search_message.text() == "" or not page.search_message.isVisible()
    qtbot.keyClick(page.results, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: counter.controller.counter.ticket.rowCount() == 1)
    assert cells(counter.controller.counter.ticket_proxy)[0][0] == "BRK-4471"
    assert page.search_edit.hasFocus()  # ready for the next scan


def test_the_owner_sets_the_negative_stock_policy_in_the_stock_settings_tab(
    qtbot: QtBot, services: Services, owner: Actor, tmp_path: Path
) -> None:
    view = PartsView()
    runner = TaskRunner(view)
    controller = PartsAreaController(services, owner, view, runner, ChangeBridge(services.changes), "UTC")
    qtbot.addWidget(view, before_close_func=lambda _v: quiesce(qtbot, controller.is_settled, runner))
    view.show()
    activate(qtbot, view)
    controller.start()
    page = view.settings
    qtbot.waitUntil(lambda: page.markup_edit.text() != "")
    assert page.policy_combo.currentData() == "refuse"
    view.tabs.setCurrentWidget(page)
    page.policy_combo.setCurrentIndex(page.policy_combo.findData("warn"))
    page.markup_edit.setText("10: 100, *: 50")
    page.allocate_combo.setCurrentIndex(page.allocate_combo.findData("approval"))
    qtbot.keyClick(page.markup_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.message.text().startswith("Saved"))
    saved = services.parts.stock_settings(owner)
    assert saved.negative_stock.value == "warn"
    assert saved.allocate_on.value == "approval"
    assert saved.price_for(D("8.00"), None) == D("16.00")
    qtbot.waitUntil(controller.is_settled)


def test_a_parts_clerk_has_no_stock_settings_tab(counter: Counter) -> None:
    titles = [counter.view.tabs.tabText(i) for i in range(counter.view.tabs.count())]
    assert titles == ["&Counter", "Re&quests", "Recei&ving", "C&ount", "Ret&urns"]


def test_a_request_from_the_bay_is_filled_from_the_requests_tab_by_a_scan(
    qtbot: QtBot, services: Services, owner: Actor, clerk: Actor, counter: Counter
) -> None:
    from app.domain.work_orders import Status
    from tests.integration.work_order_helpers import add_car, add_job, authorize, labor

    belt = stock(services, clerk, "6PK2120", "4006381333924", "3", "42.00")
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    tech = services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")
    car = add_car(services, owner)
    order = add_job(
        services, owner, services.work_orders.create(owner, car.vehicle_id), "Belt", labor("Belt", "0.8")
    )
    order = authorize(services, owner, order, {"Belt": "approve"})
    order = services.work_orders.change_status(owner, order.id, Status.IN_PROGRESS, order.version)
    services.inspections.request_part(tech, order.id, "Serpentine belt", "1", "worn", job_id=order.jobs[0].id)

    page, requests = counter.view.requests, counter.controller.requests
    counter.view.tabs.setCurrentWidget(page)
    qtbot.waitUntil(
        lambda: (
            cells(requests.proxy)
            == [[str(order.number), "Belt", "Serpentine belt", "1", "Terry Tech", "worn"]]
        )
    )
    assert page.code_edit.hasFocus()
    qtbot.keyClicks(page.code_edit, "4006381333924")
    with qtbot.waitSignal(requests.request_closed, timeout=10_000):
        qtbot.keyClick(page.code_edit, Qt.Key.Key_Return)
    counter.settle()
    assert page.message.text() == f"Filled: allocated to work order {order.number}."
    qtbot.waitUntil(lambda: requests.model.rowCount() == 0)
    assert services.parts.get(clerk, belt).on_hand == D("2.000")
    [line] = [ln for ln in services.work_orders.get(owner, order.id).jobs[0].lines if ln.part_id == belt]
    assert (line.quantity, line.allocated) == (D("1"), D("1"))


def test_cores_back_from_a_customer_go_on_the_core_shelf_not_into_stock(
    qtbot: QtBot, services: Services, clerk: Actor, counter: Counter, monkeypatch: pytest.MonkeyPatch
) -> None:
    vendor = services.parts.create_vendor(clerk, "Rebuilders Inc").id  # where its cores go back
    part = services.parts.create_part(
        clerk,
        PartInput(
            sku="ALT-9",
            name="Alternator",
            cost="90.00",
            core_charge="45.00",
            barcodes=("4006381333931",),
            vendor_id=vendor,
            vendor_part_number="R-ALT9",
        ),
    )
    services.inventory.receive(clerk, part.id, "3")
    controller, page = counter.controller.counter, counter.view.counter
    counter.scan("4006381333931")
    counter.settle()
    answers = iter(["2", "3", "2"])
    monkeypatch.setattr(controller, "ask_quantity", lambda _parent, _question: next(answers))
    shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier

    qtbot.keyClick(page.search_edit, Qt.Key.Key_C, shift)
    qtbot.waitUntil(lambda: page.search_message.text() == "ALT-9: 2 core(s) on the core shelf.")
    qtbot.waitUntil(lambda: "2 on the core shelf" in page.detail_label.text())
    assert "on hand 3" in page.detail_label.text()  # a core is not stock for sale
    qtbot.keyClick(page.search_edit, Qt.Key.Key_V, shift)
    qtbot.waitUntil(lambda: "only 2 core(s) of ALT-9" in page.search_message.text())
    qtbot.keyClick(page.search_edit, Qt.Key.Key_V, shift)
    qtbot.waitUntil(lambda: page.search_message.text() == "ALT-9: 0 core(s) on the core shelf.")
    counter.settle()
    assert services.parts.get(clerk, part.id).on_hand == D("3.000")
