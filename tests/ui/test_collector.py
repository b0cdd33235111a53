"""Cycles are freed on the GUI thread, never in a service call's pool thread."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.ui.collector import collect_on_gui_thread


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cycle collector frees it


def test_automatic_collection_is_off_and_the_gui_timer_frees_cycles(qapp: QApplication, qtbot: QtBot) -> None:
    collector = collect_on_gui_thread(qapp)
    assert collect_on_gui_thread(qapp) is collector  # one per application
    assert not gc.isenabled()
    cycle = _Node()
    freed = weakref.ref(cycle)
    del cycle
    keep = [[] for _ in range(gc.get_threshold()[0] + 10)]  # live containers past the first threshold
    qtbot.waitUntil(lambda: freed() is None, timeout=5000)
    del keep
