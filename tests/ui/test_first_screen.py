"""What the first screen does not show waits for the customer list's answer, and starts in order."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.ui.first_screen import FirstScreen


class _List(QObject):
    answered = Signal(int)


def test_work_waits_for_the_answer_and_then_starts_in_order(qtbot) -> None:
    owner = _List()
    started: list[str] = []
    screen = FirstScreen(owner, owner.answered, wait_ms=50)
    screen.expect_answer()
    screen.later(lambda: started.append("backup"))
    screen.later(lambda: started.append("alerts"))
    qtbot.wait(150)  # longer than the fallback: the search was asked for, so its answer is awaited
    assert started == []
    owner.answered.emit(12)
    assert started == ["backup", "alerts"]
    screen.later(lambda: started.append("late"))  # after the first screen: at once
    assert started == ["backup", "alerts", "late"]


def test_a_window_that_never_searches_starts_its_work_after_a_moment(qtbot) -> None:
    owner = _List()
    started: list[str] = []
    screen = FirstScreen(owner, owner.answered, wait_ms=50)
    screen.later(lambda: started.append("alerts"))
    qtbot.waitUntil(lambda: started == ["alerts"], timeout=2000)
    assert screen.is_done()


def test_a_closing_window_starts_nothing_that_waited(qtbot) -> None:
    owner = _List()
    started: list[str] = []
    screen = FirstScreen(owner, owner.answered, wait_ms=50)
    screen.later(lambda: started.append("live feed"))
    screen.cancel()
    owner.answered.emit(3)
    qtbot.wait(100)
    assert started == []
