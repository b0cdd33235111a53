"""Python's cycle collector, run on the GUI thread only.

Left automatic, the collector runs in whichever thread happens to allocate
when a threshold trips: often a service call on the TaskRunner's pool. If it
then frees a cycle that holds a Qt object (a closed dialog and the lambdas
connected to it), the C++ object is destroyed from the wrong thread and Qt
crashes the process. So automatic collection is switched off and a timer on
the GUI thread collects, generation by generation, as the thresholds say.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect)
        self._timer.start(INTERVAL_MS)

    def collect(self) -> None:
        counts = gc.get_count()
        thresholds = gc.get_threshold()
        for generation in (2, 1, 0):
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return

    def stop(self) -> None:
        """Hand collection back to Python (tests that leave Qt behind)."""
        self._timer.stop()
        gc.enable()
        gc.collect()


def keep_start_up_objects() -> None:
    """What start-up made (the modules, their classes and functions) lives as long as the process:
    set it aside from the collector (``gc.freeze``), so that its next rounds, the first ones while
    the main window fills, walk only what was made since. Called once the main window's code is
    loaded; tests, which make and drop whole windows, never call it."""
    gc.freeze()


def collect_on_gui_thread(app: QObject) -> GuiThreadCollector:
    """Install the collector once per application; later calls return the same one."""
    existing = app.findChild(GuiThreadCollector)
    return existing if isinstance(existing, GuiThreadCollector) else GuiThreadCollector(app)
