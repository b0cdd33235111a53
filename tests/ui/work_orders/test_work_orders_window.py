"""The Work orders area in the main window: reached from a vehicle, and its keys kept to itself."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.domain.permissions import Actor
from app.services.container import Services
from app.services.customers.dto import CustomerView
from app.ui.customers.customer_dialog import CustomerDialog
from app.ui.main_window import MainWindow
from app.ui.work_orders.new_dialog import NewWorkOrderDialog
from tests.ui.helpers import RecordingDialogs, cells

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _active(qtbot, widget) -> None:
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def _front_desk(qtbot, services: Services, desk: Actor) -> MainWindow:
    """The front desk's main window, started and holding the keyboard."""
    window = MainWindow(services, desk, services.setup.shop(desk.shop_id), "Front desk 2", RecordingDialogs())
    qtbot.addWidget(window)
    window.show()
    window.start()
    _active(qtbot, window)
    return window


def test_a_vehicle_opens_a_work_order_and_lists_it_in_its_history(
    qtbot, services: Services, desk: Actor, ana: CustomerView
) -> None:
    window = _front_desk(qtbot, services, desk)
    opened: list[object] = []
    window.work_orders.creation.dialog_opened.connect(opened.append)
    window.customers.editing.dialog_opened.connect(opened.append)
    window.customers.show_customer(ana.id)
    qtbot.waitUntil(lambda: window.customers.actions["new_work_order"].isEnabled())
    assert window.customers_view.history.work_orders_label.text().startswith("No work order for this vehicle")
    window.customers_view.detail.vehicles_table.setFocus()
    qtbot.keyClick(window.customers_view.detail.vehicles_table, Qt.Key.Key_W, CTRL_SHIFT)
    assert opened and isinstance(opened[-1], NewWorkOrderDialog)
    dialog = opened[-1]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClicks(dialog.odometer, "42100")
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.keyClick(dialog.odometer, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.work_orders.editor.work_order is not None)
    assert window.work_orders_view.isVisible()
    assert window.work_orders_view.editor.title_label.text() == "Work order 1001"

    window.show_area("customers")
    history = window.customers_view.history
    qtbot.waitUntil(lambda: window.vehicle_work_orders.model.rowCount() == 1)
    assert history.work_orders_table.isVisibleTo(window) and not history.work_orders_label.isVisibleTo(window)
    assert cells(window.vehicle_work_orders.proxy)[0][:3][0] == "1001"
    window.work_orders.back_to_list()
    qtbot.wait(100)
    qtbot.waitUntil(window.is_settled)  # the change-sets of the save have been answered
    history.work_orders_table.setFocus()
    history.work_orders_table.selectRow(0)
    _active(qtbot, window)
    qtbot.keyClick(history.work_orders_table, Qt.Key.Key_Return)  # Enter opens it in its area
    qtbot.waitUntil(lambda: window.work_orders_view.isVisible())
    qtbot.waitUntil(lambda: window.work_orders_view.showing_editor())
    qtbot.wait(100)
    qtbot.waitUntil(window.is_settled)
    window.close()


def test_ctrl_n_means_new_in_the_area_the_keyboard_is_in(
    qtbot, services: Services, desk: Actor, ana: CustomerView
) -> None:
    window = _front_desk(qtbot, services, desk)
    opened: list[object] = []
    window.work_orders.creation.dialog_opened.connect(opened.append)
    window.customers.editing.dialog_opened.connect(opened.append)
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)  # Go: Work orders
    assert window.work_orders_view.isVisible()
    qtbot.waitUntil(window.is_settled)
    window.work_orders_view.focus_search()
    qtbot.keyClick(window.work_orders_view.search_edit, Qt.Key.Key_N, CTRL)
    assert len(opened) == 1 and isinstance(opened[0], NewWorkOrderDialog)
    opened[0].reject()
    _active(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
    window.customers_view.focus_search()
    qtbot.keyClick(window.customers_view.search_edit, Qt.Key.Key_N, CTRL)
    assert len(opened) == 2 and isinstance(opened[1], CustomerDialog)
    opened[1].reject()
    menus = [a.text() for a in window.menuBar().actions()]
    assert "&Work orders" in menus
    qtbot.wait(100)
    qtbot.waitUntil(window.is_settled)
    window.close()


def test_the_work_orders_area_is_made_when_first_opened_with_the_cursor_in_its_search(
    qtbot, services: Services, desk: Actor, ana: CustomerView
) -> None:
    window = _front_desk(qtbot, services, desk)
    qtbot.waitUntil(window.is_settled)
    assert "&Work orders" not in [a.text() for a in window.menuBar().actions()]  # not made yet
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)  # Go: Work orders
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.work_orders_view.search_edit)
    qtbot.waitUntil(window.is_settled)
    assert window.work_orders_view.summary.text() == "No work order here. Ctrl+N opens one."
    visible = [a.text() for a in window.menuBar().actions() if a.isVisible()]
    assert visible == ["&File", "&Go", "&Work orders", "&Help"]
    window.close()
