"""The Qt bindings keep Python's own objects alive.

PySide6 6.12's bindings are built for Python 3.12 and newer, where None and
True are immortal, and return them without taking a reference. On Python 3.11
every signal emitted and every Qt call that returns nothing then takes one
reference away for good, and after a few hours of shop work the process dies
with "Fatal Python error: none_dealloc" (or bool_dealloc). pyproject.toml keeps
such a build off 3.11; this check says so if one gets in anyway.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget

CALLS = 300  # few: a bad binding must fail this check, not kill the test run


class _Emitter(QObject):
    fired = Signal()


def test_signals_and_void_calls_leave_none_and_true_with_their_references(qapp: QApplication) -> None:
    emitter, widget = _Emitter(), QWidget()
    emitter.fired.connect(lambda: None)
    before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(CALLS):
        emitter.fired.emit()  # returns True
        widget.update()  # returns None
    after = sys.getrefcount(None), sys.getrefcount(True)
    # A binding that drops references loses one per call: CALLS of each.
    assert after[0] - before[0] > -CALLS // 2, f"None lost {before[0] - after[0]} references"
    assert after[1] - before[1] > -CALLS // 2, f"True lost {before[1] - after[1]} references"
    widget.deleteLater()
