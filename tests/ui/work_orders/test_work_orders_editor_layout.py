"""The work order editor on the smallest supported screen (1,366×768): its buttons in two rows at
most, the less-used actions in the More menu, and every action's key still working."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QToolButton
from pytestqt.qtbot import QtBot

from app.domain.permissions import Actor
from app.services.container import Services
from app.services.customers.dto import CustomerView
from app.ui import shortcuts
from app.ui.main_window import MainWindow
from app.ui.resources import style_sheet
from app.ui.theme import ThemeKeeper
from app.ui.work_orders.actions import EDITOR_SPEC
from app.ui.work_orders.line_dialog import LineDialog
from tests.ui.helpers import RecordingDialogs
from tests.ui.work_order_helpers import brake_estimate

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
AREA = "work_orders.editor"


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[ThemeKeeper]:
    """BayDesk's style sheet (its buttons' padding and type), as people see the window."""
    style, sheet, palette = qapp.style().name(), qapp.styleSheet(), qapp.palette()
    keeper = ThemeKeeper(qapp, style_sheet(), "light")
    yield keeper
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setStyle(style)
    keeper.deleteLater()


def test_the_editor_fits_a_laptop_in_two_rows_of_buttons_and_keeps_every_key(
    qtbot: QtBot,
    services: Services,
    desk: Actor,
    ana: CustomerView,
    tmp_path: Path,
    themed: ThemeKeeper,
) -> None:
    order = brake_estimate(services, desk, ana)
    window = MainWindow(services, desk, services.setup.shop(desk.shop_id), "Front desk 2", RecordingDialogs())
    qtbot.addWidget(window)
    window.show()
    window.start()
    window.resize(1366, 768)  # after start: it restores the size an earlier window was closed at
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.show_area("work_orders")
    window.work_orders.open_work_order(order.id)
    qtbot.waitUntil(lambda: window.work_orders.editor.work_order is not None, timeout=15_000)
    qtbot.waitUntil(window.is_settled)
    editor = window.work_orders_view.editor
    picture = editor.grab()
    picture.save(str(tmp_path / "editor-1366x768.png"))
    if os.environ.get("BAYDESK_EDITOR_SHOT"):  # to look at it by eye
        picture.save(os.environ["BAYDESK_EDITOR_SHOT"])

    assert window.width() == 1366
    buttons = [*editor.buttons.values(), editor.more_button]
    assert all(b.isVisible() for b in buttons)
    rows = {b.mapTo(editor, QPoint(0, 0)).y() for b in buttons}
    assert len(rows) <= 2, f"the editor's buttons take {len(rows)} rows at 1366x768"
    assert all(b.mapTo(window, QPoint(b.width(), 0)).x() <= window.width() for b in buttons)

    # every action is a button or in the More menu, with its key and its name
    menu = {a.objectName(): a for a in editor.more_menu.actions() if not a.isSeparator()}
    on_buttons = {name: b.defaultAction() for name, b in editor.buttons.items()}
    assert set(menu) | set(on_buttons) == set(EDITOR_SPEC) - {"back_to_list"}
    assert not set(menu) & set(on_buttons)
    for name, action in {**menu, **on_buttons}.items():
        assert action.shortcut() == shortcuts.sequence(AREA, name), name
        assert action.text().replace("&", "").strip(), name
    assert editor.more_button.accessibleName() == "More actions"
    assert isinstance(editor.more_button, QToolButton) and editor.more_button.menu() is editor.more_menu
    for used in ("add_job", "add_labor", "add_part", "authorize", "print_estimate"):
        assert used in on_buttons  # the most used stay in sight

    # a key of an action in the More menu still works: Ctrl+Shift+F adds a fee to the job
    opened: list[object] = []
    window.work_orders.editor.editing.dialog_opened.connect(opened.append)
    editor.focus_estimate()
    qtbot.keyClick(editor.estimate_table, Qt.Key.Key_F, CTRL_SHIFT)
    qtbot.waitUntil(lambda: bool(opened))
    dialog = opened[-1]
    assert isinstance(dialog, LineDialog) and dialog.windowTitle().startswith("Add fee")
    dialog.reject()
    qtbot.waitUntil(window.is_settled)
    window.close()
