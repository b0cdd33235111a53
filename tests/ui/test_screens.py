"""Every area on the screens shops have, in light and dark, and to a screen reader.

A 1,366×768 laptop and a 1,920×1,080 monitor at 150 % scaling, where Qt lays
the window out in 1,280×720 of its own units (that is what QT_SCALE_FACTOR=1.5
does; the factor cannot change inside a running test, so the units are used).
The window is the one people use, on the demo shop, with BayDesk's style sheet.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTextEdit,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.demo.shop import DEMO_PASSWORD, DemoService
from app.services.bays.board import BayInput
from app.services.container import Services
from app.ui.app import launch, settle
from app.ui.main_window import MainWindow, area_names
from app.ui.resources import style_sheet
from app.ui.shared.columns import fit_columns, fitted_widths
from app.ui.startup import ConsolePrompts
from app.ui.theme import ThemeKeeper, theme_for
from tests.ui.helpers import RecordingDialogs

LAPTOP = (1366, 768)
MONITOR_AT_150 = (1280, 720)  # 1,920×1,080 pixels at 150 %
INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QTextEdit,
    QToolButton,
    QPlainTextEdit,
)
READABLE = 4.5  # WCAG AA contrast for body text


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[ThemeKeeper]:
    """BayDesk's style sheet on the test application, taken off again afterwards."""
    style, sheet, palette = qapp.style().name(), qapp.styleSheet(), qapp.palette()
    keeper = ThemeKeeper(qapp, style_sheet(), "light")
    yield keeper
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setStyle(style)
    keeper.deleteLater()


@pytest.fixture
def window(qtbot: QtBot, services: Services, themed: ThemeKeeper) -> MainWindow:
    """The owner's window (every area) on the demo shop."""
    DemoService(services.db, services.changes).create("small")
    owner = services.setup.sign_in("owner", DEMO_PASSWORD, "Front desk 1")
    shown = MainWindow(
        services, owner, services.setup.shop(owner.shop_id), "Front desk 1", RecordingDialogs()
    )
    qtbot.addWidget(shown)
    return shown


def _open(window: MainWindow, size: tuple[int, int]) -> None:
    window.resize(*size)
    window.show()
    window.customers.start()


def _scrolls(widget: QWidget) -> bool:
    """Inside a scroll area's viewport: out of sight is scrolled, not lost."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            return True
        parent = parent.parentWidget()
    return False


def _cut_off(window: MainWindow) -> list[str]:
    """Visible widgets that stick out of the window or are clipped by the widget holding them."""
    found = []
    frame = window.rect()
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.width() <= 0 or _scrolls(widget) or widget.isWindow():
            continue
        at = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        parent = widget.parentWidget()
        holder = QRect(parent.mapTo(window, QPoint(0, 0)), parent.size()) if parent else frame
        if not frame.contains(at) or not holder.contains(at):
            text = widget.text() if isinstance(widget, QAbstractButton | QLabel) else ""
            found.append(f"{type(widget).__name__} {widget.objectName()!r} {text!r} at {at.getRect()}")
    return found


@pytest.mark.parametrize("size", [LAPTOP, MONITOR_AT_150], ids=["1366x768", "1920x1080-at-150"])
def test_every_area_fits_the_screen_without_growing_the_window(
    window: MainWindow, size: tuple[int, int]
) -> None:
    _open(window, size)
    for name in area_names():
        assert window.show_area(name), name
        assert settle(window), f"{name} is still loading"
        assert (window.width(), window.height()) == size, f"{name} widened the window"
        assert _cut_off(window) == [], f"{name} at {size}"


def test_compact_bay_board_shows_eight_bays_side_by_side_on_1920_pixels(
    window: MainWindow, services: Services
) -> None:
    owner = services.setup.sign_in("owner", DEMO_PASSWORD, "Front desk 1")
    while len(services.bays.board(owner).bays) < 8:
        services.bays.save_bay(owner, BayInput(f"Bay {len(services.bays.board(owner).bays) + 1}"))
    _open(window, (1920, 1080))
    window.show_area("bay_board")
    board = window.area_views["bay_board"].board  # type: ignore[attr-defined]
    board.compact_check.click()
    assert settle(window)
    viewport = board.board_scroll.viewport()
    bay_columns = [c for key, c in board.columns.items() if key not in ("waiting", "done")]
    in_sight = [
        c.title_label.text()
        for c in bay_columns
        if viewport.rect().contains(QRect(c.mapTo(viewport, QPoint(0, 0)), c.size()))
    ]
    assert len(bay_columns) >= 8
    assert in_sight == [c.title_label.text() for c in bay_columns[:8]]


def test_a_screenshot_of_the_widest_area_is_exactly_the_size_asked_for(
    qtbot: QtBot, tmp_path: Path, themed: ThemeKeeper
) -> None:
    target = tmp_path / "invoicing.png"
    args = argparse.Namespace(
        database=None,
        demo=str(tmp_path / "demo.sqlite3"),
        screenshot=str(target),
        view="invoicing",
        search="",
        user="owner",
        size=LAPTOP,
    )
    assert launch(args, QApplication.instance(), ConsolePrompts()) == 0
    image = QImage(str(target))
    assert (image.width(), image.height()) == LAPTOP


def _name_of(widget: QWidget, buddies: dict[int, str]) -> str:
    """What a screen reader calls the control: its accessible name, its label's text, or a button's text."""
    if widget.accessibleName().strip():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton):
        return widget.text().replace("&", "").strip()
    return buddies.get(id(widget), "")


def _part_of_another(widget: QWidget) -> bool:
    """Qt's own parts (a combo's list, a line edit's clear button, a header) are named by their owner."""
    if isinstance(widget, QHeaderView) or widget.objectName().startswith("qt_"):
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QLineEdit | QComboBox | QAbstractSpinBox | QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return False


def test_every_control_and_table_of_every_area_has_a_name(window: MainWindow) -> None:
    _open(window, LAPTOP)
    unnamed = []
    for name in area_names():
        window.show_area(name)
        settle(window)
        view = window.stack.currentWidget()
        buddies = {
            id(label.buddy()): label.text().replace("&", "").strip()
            for label in view.findChildren(QLabel)
            if label.buddy() is not None
        }
        for control in view.findChildren(QWidget):  # hidden tabs and pages too
            named = (
                not isinstance(control, INTERACTIVE)
                or _part_of_another(control)
                or _name_of(control, buddies)
            )
            if not named:
                unnamed.append(f"{name}: {type(control).__name__} {control.objectName()!r}")
        for table in view.findChildren(QTableView):
            if not table.accessibleName():  # a table is named by its purpose, not a label nearby
                unnamed.append(f"{name}: table {table.objectName()!r}")
    assert unnamed == []
    assert window.area_views["parts"].counter.search_edit.accessibleName() == "Scan or find a part"  # type: ignore[attr-defined]


def _contrast(first: QColor, second: QColor) -> float:
    def luminance(colour: QColor) -> float:
        channels = [colour.redF(), colour.greenF(), colour.blueF()]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_a_dark_desktop_gets_readable_text_in_every_kind_of_widget(qtbot: QtBot, qapp: QApplication) -> None:
    style, sheet, palette = qapp.style().name(), qapp.styleSheet(), qapp.palette()
    keeper = ThemeKeeper(qapp, style_sheet(), "dark")
    try:
        theme = theme_for(qapp.palette())
        assert theme.dark
        host = QWidget()
        qtbot.addWidget(host)
        subtle = QLabel("Recently changed customers", host)
        subtle.setObjectName("subtle")
        widgets: list[tuple[QWidget, QPalette.ColorRole, QPalette.ColorRole]] = [
            (QTableView(host), QPalette.ColorRole.Text, QPalette.ColorRole.Base),
            (QLineEdit(host), QPalette.ColorRole.Text, QPalette.ColorRole.Base),
            (QComboBox(host), QPalette.ColorRole.Text, QPalette.ColorRole.Base),
            (QPushButton("Save", host), QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
            (QLabel("Customer", host), QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
            (subtle, QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
        ]
        host.show()
        for widget, text, background in widgets:
            widget.ensurePolished()
            ratio = _contrast(widget.palette().color(text), widget.palette().color(background))
            assert ratio >= READABLE, f"{type(widget).__name__} {widget.objectName()!r}: {ratio:.1f}"
        pairs = [("text", "surface"), ("muted", "surface"), ("muted", "bg"), ("on_accent", "accent")]
        pairs += [(name, "surface") for name in ("error", "warning", "ok", "info")]
        pairs += [(f"status_{s}", f"status_{s}_soft") for s in ("approved", "in_progress", "on_hold", "done")]
        pairs += [("status_waiting_parts", "status_waiting_parts_soft"), ("surface", "error")]
        for fore, back in pairs:
            ratio = _contrast(theme.color(fore), theme.color(back))
            assert ratio >= READABLE, f"{fore} on {back}: {ratio:.1f}"
    finally:
        qapp.setStyleSheet(sheet)
        qapp.setPalette(palette)
        qapp.setStyle(style)
        keeper.deleteLater()


def test_text_columns_share_a_short_room_as_declared_and_figures_keep_their_width() -> None:
    needs = [40, 80, 240, 90, 60, 95, 100]  # job, type, description, part no., qty, price, amount
    shares = [40, 80, 230, 80, 60, 85, 90]  # the widths the table declares
    figures = [True, False, False, False, True, True, True]
    assert fitted_widths(needs, figures, sum(needs), shares) == needs
    roomy = fitted_widths(needs, figures, 900, shares)
    assert sum(roomy) == 900 and [roomy[i] for i in (0, 4, 5, 6)] == [40, 60, 95, 100]
    assert roomy[2] - 240 > roomy[1] - 80  # the spare room goes mostly to the description
    short = fitted_widths(needs, figures, 600, shares)
    assert sum(short) == 600 and [short[i] for i in (0, 4, 5, 6)] == [40, 60, 95, 100]
    assert short[1] == short[3] and short[2] > 2.5 * short[1]  # as declared: the description keeps the most
    # A column that needs less than its share (no part numbers on this invoice) stays whole,
    # and what it leaves goes to the description.
    empty = fitted_widths([*needs[:3], 50, *needs[4:]], figures, 600, shares)
    assert empty[3] == 50 and empty[2] > short[2]
    squeezed = fitted_widths(needs, figures, 500, shares)
    assert sum(squeezed) == 500 and squeezed[1] == squeezed[3] == 56 and squeezed[2] == 93
    assert fitted_widths(needs, figures, 100, shares) == [40, 56, 56, 56, 60, 95, 100]  # then it scrolls


def test_an_invoice_at_1366_shows_its_amounts_whole_and_its_descriptions_first(window: MainWindow) -> None:
    _open(window, LAPTOP)
    assert window.show_area("invoicing")
    assert settle(window)
    for name in ("invoice_lines", "open_invoices"):
        table = window.findChild(QTableView, name)
        assert table is not None and table.model().rowCount() > 0, name
        model = table.model()
        widths = {
            model.headerData(c, Qt.Orientation.Horizontal): table.columnWidth(c)
            for c in range(model.columnCount())
        }
        needs = {
            model.headerData(c, Qt.Orientation.Horizontal): table.sizeHintForColumn(c)
            for c in range(model.columnCount())
        }
        for figure in ("Qty", "Unit price", "Amount", "Total", "Paid", "Balance"):
            if figure in widths:
                assert widths[figure] >= needs[figure], (
                    f"{name}: {figure} is cut to {widths[figure]} of {needs[figure]} px"
                )
    # The description gives way last: whole when the panel has the room, else at least as
    # wide as the short columns beside it (type, part number), which keep theirs.
    lines = window.findChild(QTableView, "invoice_lines")
    model = lines.model()
    headings = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    description = headings.index("Description")
    if lines.columnWidth(description) < lines.sizeHintForColumn(description):
        assert sum(lines.columnWidth(c) for c in range(model.columnCount())) >= lines.viewport().width() - 2
        for short in ("Type", "Part no."):
            assert lines.columnWidth(description) >= lines.columnWidth(headings.index(short)), short


def test_a_void_or_delete_button_you_may_not_use_does_not_look_usable(
    qtbot: QtBot, themed: ThemeKeeper
) -> None:
    """Red says "this destroys something, and you can do it"; greyed out it says neither."""
    error = theme_for(QApplication.palette()).color("error")

    def reddish(button: QToolButton) -> bool:
        image = button.grab().toImage()
        return any(
            _close(image.pixelColor(x, y), error)
            for x in range(0, image.width(), 2)
            for y in range(0, image.height(), 2)
        )

    for name in ("void_invoice", "delete_customer", "delete_vehicle"):
        button = QToolButton(text="Void")
        button.setObjectName(name)
        qtbot.addWidget(button)
        button.show()
        assert reddish(button), name
        button.setEnabled(False)
        assert not reddish(button), f"{name} still looks usable when disabled"


def _close(color: QColor, target: QColor) -> bool:
    return (
        abs(color.red() - target.red())
        + abs(color.green() - target.green())
        + abs(color.blue() - target.blue())
        < 60
    )


def test_a_column_hidden_after_the_rows_were_measured_is_left_out_of_the_fit(qtbot: QtBot) -> None:
    @dataclass(frozen=True)
    class Spec:
        width: int
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft

    class Model(QStandardItemModel):
        columns = (Spec(200), Spec(120), Spec(90, Qt.AlignmentFlag.AlignRight))

    model = Model(3, 3)
    for row in range(3):
        for column, text in enumerate(("A long customer name, Inc.", "2015 Honda Civic", "1,234.56")):
            model.setItem(row, column, QStandardItem(text))
    view = QTableView()
    view.setModel(model)
    qtbot.addWidget(view)
    fit_columns(view)
    view.resize(420, 200)
    view.show()
    qtbot.waitExposed(view)
    view.setColumnHidden(1, True)
    view.resize(380, 200)  # fitted again with two columns: no error, and both within the table
    qtbot.wait(10)
    assert view.columnWidth(0) + view.columnWidth(2) <= view.viewport().width()
    assert view.columnWidth(2) >= view.sizeHintForColumn(2)  # the amount stays whole
