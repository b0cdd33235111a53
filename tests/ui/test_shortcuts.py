"""One shortcut map: every key in the window comes from it, none is taken twice, F1 lists them all,
and entering an area puts the cursor where its work starts, so its keys work at once."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QApplication
from pytestqt.qtbot import QtBot

from app.domain.permissions import Actor
from app.services.container import Services
from app.services.parts.catalog import PartInput
from app.ui import shortcuts
from app.ui.main_window import MainWindow
from app.ui.menus import FAMILIES
from tests.ui.settings_helpers import activate
from tests.ui.users_helpers import open_window


def portable(keys: str) -> str:
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.PortableText)


def test_no_key_is_taken_twice_in_an_area_or_by_an_area_and_the_window() -> None:
    taken: dict[str, dict[str, str]] = defaultdict(dict)
    for entry in shortcuts.SHORTCUTS:
        key = portable(entry.keys)
        assert key, f"{entry.area}/{entry.name}: '{entry.keys}' is not a key"
        assert key not in taken[entry.area], (
            f"{key} twice in {entry.area}: {taken[entry.area][key]}, {entry.name}"
        )
        taken[entry.area][key] = entry.name
    window_keys = set(taken["window"])
    for area, keys in taken.items():
        if area not in ("window", "dialog", "canned_job_dialog"):  # dialogs are windows of their own
            assert not window_keys & set(keys), f"{area} takes a key of the whole window"


def test_every_key_in_the_window_comes_from_the_map(qtbot: QtBot, services: Services, owner: Actor) -> None:
    in_map = {(entry.name, portable(entry.keys)) for entry in shortcuts.SHORTCUTS}
    with open_window(qtbot, services, owner) as window:
        for name, _label in window.area_list():  # each area is built when the person first opens it
            window.show_area(name)
        found = [
            (a.objectName(), a.shortcut().toString())
            for a in window.findChildren(QAction)
            if not a.shortcut().isEmpty()
        ]
        found += [
            (b.objectName(), b.shortcut().toString())
            for b in window.findChildren(QAbstractButton)
            if not b.shortcut().isEmpty() and not _mnemonic(b.text(), b.shortcut().toString())
        ]
        assert len(found) > 100
        strays = [(name, key) for name, key in found if (_map_name(name, key), key) not in in_map]
        assert strays == [], strays
        assert not window.findChildren(QShortcut)  # keys are QActions, listed in the map


def _mnemonic(text: str, key: str) -> bool:
    """Alt and the underlined letter of a label ("Per &invoice": Alt+I) is the label's, not a shortcut."""
    marked = text.replace("&&", "").partition("&")[2][:1]
    return bool(marked) and key == f"Alt+{marked.upper()}"


def _map_name(name: str, key: str) -> str:
    """The work order list's status chips are named by status (chip_estimate); the map numbers them."""
    if name.startswith("chip_") and key.startswith("Alt+"):
        return f"chip_{key.removeprefix('Alt+')}"
    return name


def test_f1_lists_every_shortcut_of_the_areas_shown(qtbot: QtBot, services: Services, owner: Actor) -> None:
    with open_window(qtbot, services, owner) as window:
        activate(qtbot, window)
        qtbot.keyClick(window.customers_view.search_edit, Qt.Key.Key_F1)
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None or _sheet(window) is not None)
        sheet = _sheet(window)
        assert sheet is not None
        listed = sheet.listed()
        families = {FAMILIES.get(name, name) for name, _label in window.area_list()}
        expected = [
            e
            for e in shortcuts.SHORTCUTS
            if e.area in ("window", "dialog")
            or e.area.split(".")[0] in families
            or e.area == "canned_job_dialog"
        ]
        assert len(listed) == len(expected)
        keys = {(heading, key) for heading, key, _does in listed}
        assert (shortcuts.AREAS["parts.counter"], "F9") in keys
        assert ("Everywhere", "F12") in keys
        assert ("Everywhere", "Ctrl+4", "Go to Parts counter") in listed or any(
            does == "Go to Parts counter" for _h, _k, does in listed
        )
        sheet.filter_edit.setText("print")
        assert sheet.listed() and all("print" in f"{h} {k} {d}".lower() for h, k, d in sheet.listed())
        sheet.close()


def _sheet(window: MainWindow) -> object:
    from app.ui.shortcut_sheet import ShortcutSheet

    found = window.findChildren(ShortcutSheet)
    return found[0] if found else None


def test_entering_an_area_puts_the_cursor_in_it_and_its_keys_work_at_once(
    qtbot: QtBot, services: Services, owner: Actor
) -> None:
    with open_window(qtbot, services, owner) as window:
        activate(qtbot, window)
        parts_number = [name for name, _label in window.area_list()].index("parts") + 1
        qtbot.keyClick(
            window.customers_view.search_edit,
            Qt.Key(Qt.Key.Key_0 + parts_number),
            Qt.KeyboardModifier.ControlModifier,
        )
        counter = window.office_areas["parts"].counter  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: QApplication.focusWidget() is counter.page.search_edit)
        opened: list[object] = []
        counter.dialog_opened.connect(opened.append)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        assert opened, "Ctrl+N at the parts counter opened no new part"
        opened[0].reject()  # type: ignore[attr-defined]

        window.navigation.setFocus()  # a click in the list of areas, as a person does
        item = window.navigation.item([name for name, _label in window.area_list()].index("invoicing"))
        rect = window.navigation.visualItemRect(item)
        qtbot.mouseClick(window.navigation.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        invoicing = window.area_views["invoicing"]
        qtbot.waitUntil(lambda: invoicing.isAncestorOf(QApplication.focusWidget()))
        assert QApplication.focusWidget().objectName() == "ready_table"  # type: ignore[union-attr]  # work to invoice


def test_the_menus_show_the_area_names_and_help(qtbot: QtBot, services: Services, owner: Actor) -> None:
    with open_window(qtbot, services, owner) as window:
        bar = {a.text(): a.menu() for a in window.menuBar().actions()}
        go = [a.text() for a in bar["&Go"].actions()]  # type: ignore[union-attr]
        assert go[0] == "Customers && vehicles"  # shown as "Customers & vehicles"
        assert "Cash && end of day" in go
        help_items = [a.text() for a in bar["&Help"].actions()]  # type: ignore[union-attr]
        assert help_items == ["&Keyboard shortcuts…", "&Where the data lives…", "&About BayDesk"]
        visible = [a.text() for a in window.menuBar().actions() if a.isVisible()]
        assert visible == ["&File", "&Go", "&Customers", "&Help"]  # the area shown, and no other
        window.show_area("parts")
        visible = [a.text() for a in window.menuBar().actions() if a.isVisible()]
        assert visible == ["&File", "&Go", "&Parts counter", "&Help"]


def test_a_scan_typed_while_the_list_of_areas_has_the_cursor_goes_to_the_counter(
    qtbot: QtBot, services: Services, owner: Actor
) -> None:
    wipers = services.parts.create_part(
        owner,
        PartInput(sku="WIPER-20", name="Wiper blade", cost="4.00", price="12.00", barcodes=("036000291452",)),
    )
    services.inventory.receive(owner, wipers.id, "5")
    with open_window(qtbot, services, owner) as window:
        activate(qtbot, window)
        window.navigation.setFocus()
        while window.area_list()[window.navigation.currentRow()][0] != "parts":  # browsing with the arrows
            qtbot.keyClick(window.navigation, Qt.Key.Key_Down)
        assert QApplication.focusWidget() is window.navigation
        qtbot.keyClicks(window.navigation, "036000291452")  # the scanner's keys, then its Enter
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        counter = window.office_areas["parts"].counter  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: counter.ticket.rowCount() == 1)
        assert window.area_list()[window.navigation.currentRow()][0] == "parts"  # no jump to another area
