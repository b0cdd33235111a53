"""One place that turns an error into words for a person, and the last-resort hook.

Services raise ``BayDeskError`` subclasses whose message is already written for
the counter; anything else is a bug, which is logged with its traceback and
shown as an apology rather than a silent crash.
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from app.domain.errors import BayDeskError

log = logging.getLogger("baydesk.ui")


def error_message(exc: BaseException) -> str:
    """The sentence shown to the person at the counter for ``exc``."""
    if isinstance(exc, BayDeskError):  # written for the counter already (app/domain/errors.py)
        return exc.message
    return (
        f"Something went wrong that BayDesk did not expect ({type(exc).__name__}). "
        "Nothing more was done; the details were written to the log."
    )


def install_excepthook() -> None:
    """Make an unexpected error a logged traceback plus a dialog, never a vanished window."""
    sys.excepthook = _last_resort


def _last_resort(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    details = "".join(traceback.format_exception(kind, exc, tb))
    log.error("unexpected error\n%s", details)
    if QApplication.instance() is None:
        sys.__excepthook__(kind, exc, tb)
        return
    box = QMessageBox(QMessageBox.Icon.Critical, "BayDesk", error_message(exc))
    box.setDetailedText(details)
    box.exec()
