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
    keep: list[list[int]] = []
    # Live containers until the youngest generation is past its threshold (the count is allocations
    # minus frees, so it may start far below zero after an earlier test freed a lot).
    while gc.get_count()[0] <= gc.get_threshold()[0] + 10:
        keep.append([])
    # Keep allocating while waiting, so each tick of the timer finds a generation past its threshold:
    # if an earlier collection moved the cycle to an older generation, later ticks reach it too.
    qtbot.waitUntil(lambda: keep.extend([] for _ in range(800)) or freed() is None, timeout=15000)
    keep.clear()
