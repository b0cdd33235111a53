"""Switch user leaves nothing of the previous person's window running: screens, timers, feeds, listeners.

Before, every earlier sign-in left its screens connected to the change
broadcast: a sale after the third F12 showed two "Something went wrong
(RuntimeError)" dialogs from parts screens whose timers were already gone.
"""

from __future__ import annotations

import gc
import threading
from collections import Counter
from decimal import Decimal

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from app.domain.permissions import Actor, Role
from app.services.container import Services
from app.services.parts.catalog import PartInput
from app.ui.access.session import WindowHost
from app.ui.main_window import MainWindow
from tests.ui.helpers import RecordingDialogs
from tests.ui.settings_helpers import activate
from tests.ui.users_helpers import PASSWORDS, person

FEED_THREADS = ("baydesk-poll", "baydesk-listen")
CODE = "0036000291452"
ROUNDS = 2  # desk, parts, desk, parts: four windows after the first


def switch_to(qtbot: QtBot, host: WindowHost, username: str, role: Role) -> MainWindow:
    """F12's dialog, typed into as a person does; returns the new person's window once it has settled."""
    before = host.window
    assert before is not None
    lock = before.session_lock.switch_user()
    qtbot.keyClicks(lock.username, username)
    qtbot.keyClick(lock.username, Qt.Key.Key_Return)
    qtbot.keyClicks(lock.password, PASSWORDS[role])
    qtbot.keyClick(lock.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: host.window is not before, timeout=10_000)
    window = host.window
    assert window is not None
    qtbot.waitUntil(window.is_settled, timeout=10_000)
    qtbot.wait(100)  # the previous window's deferred deletion
    return window


def screens_alive() -> Counter[str]:
    """Controllers whose Python side is still alive, by class (dead or not: either is a leak)."""
    gc.collect()
    return Counter(
        type(thing).__name__
        for thing in gc.get_objects()
        if isinstance(thing, QObject) and type(thing).__name__.endswith("Controller")
    )


def timers_outside(window: MainWindow) -> list[QTimer]:
    """Running timers that belong to neither ``window`` nor the application (the collector's)."""
    app = QApplication.instance()
    found = []
    for thing in gc.get_objects():
        if isinstance(thing, QTimer) and isValid(thing) and thing.isActive():
            owner: QObject | None = thing
            while owner is not None and owner is not window and owner is not app:
                owner = owner.parent()
            if owner is None:
                found.append(thing)
    return found


def sell_one(qtbot: QtBot, window: MainWindow) -> str:
    """Scan the code at the parts counter and post the ticket with F9; the counter's message."""
    activate(qtbot, window)
    assert window.show_area("parts")
    counter = window.office_areas["parts"].counter  # type: ignore[attr-defined]
    box = counter.page.search_edit
    box.setFocus()
    qtbot.keyClicks(box, CODE)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: counter.ticket.rowCount() == 1, timeout=10_000)
    with qtbot.waitSignal(counter.ticket_posted, timeout=10_000):
        qtbot.keyClick(box, Qt.Key.Key_F9)
    qtbot.waitUntil(window.is_settled, timeout=10_000)
    return str(counter.page.ticket_message.text())


def test_switching_user_leaves_no_screens_timers_feeds_or_listeners_behind(
    qtbot: QtBot, services: Services, owner: Actor
) -> None:
    clerk = person(services, owner, Role.PARTS, "pat")
    person(services, owner, Role.FRONT_DESK, "sam")
    pads = services.parts.create_part(
        owner, PartInput(sku="BRK-4471", name="Brake pads", cost="20.00", price="45.00", barcodes=(CODE,))
    )
    services.inventory.receive(owner, pads.id, "20")
    host = WindowHost(services, services.setup.shop(owner.shop_id), "Counter 1", RecordingDialogs())
    first = host.open(clerk)
    qtbot.waitUntil(first.is_settled, timeout=10_000)

    with qtbot.capture_exceptions() as exceptions:
        screens: dict[str, Counter[str]] = {}
        for _round in range(ROUNDS):
            for username, role in (("sam", Role.FRONT_DESK), ("pat", Role.PARTS)):
                window = switch_to(qtbot, host, username, role)
                screens.setdefault(username, screens_alive())
                assert screens_alive() == screens[username]  # the same screens as the first time, no more
                assert services.changes.listener_count() == 1  # only this window hears the changes
                feeds = [t for t in threading.enumerate() if t.name in FEED_THREADS]
                assert len(feeds) == 1  # this window's live feed; the earlier ones ended
                assert timers_outside(window) == []
            message = sell_one(qtbot, window)
            assert "posted" in message
    assert [str(exc) for _kind, exc, _tb in exceptions] == []  # no "Something went wrong" dialog
    assert services.parts.get(owner, pads.id).on_hand == Decimal(20 - ROUNDS)  # one sold per round
    window.close()
