"""The status bar's word on where reports are read: quiet without a report server, plain on the
standby, a warning when reports fall back to the main server."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtWidgets import QStatusBar
from pytestqt.qtbot import QtBot

from app.services.container import ReportSource
from app.ui.report_status import add_report_status
from app.ui.tasks import TaskRunner


def _label(qtbot: QtBot, has_server: bool, source: ReportSource) -> tuple[str, bool, str]:
    bar = QStatusBar()
    qtbot.addWidget(bar)
    bar.show()
    runner = TaskRunner(bar)
    services = SimpleNamespace(has_report_server=lambda: has_server, report_source=lambda: source)
    status = add_report_status(bar, services, runner)  # type: ignore[arg-type]
    qtbot.waitUntil(runner.is_idle, timeout=10_000)
    status.stop()
    return status.label.text(), status.label.isVisible(), str(status.label.property("level"))


def test_without_a_report_server_nothing_is_said(qtbot: QtBot) -> None:
    _text, visible, _level = _label(qtbot, False, ReportSource(False, ""))
    assert not visible


def test_reports_from_the_standby_are_named_plainly(qtbot: QtBot) -> None:
    assert _label(qtbot, True, ReportSource(True, "Reports from standby.lan:5432/baydesk")) == (
        "Reports from standby.lan:5432/baydesk",
        True,
        "",
    )


def test_a_fallback_to_the_main_server_is_a_warning(qtbot: QtBot) -> None:
    message = "Reports from the main server: the report server is 42 s behind"
    assert _label(qtbot, True, ReportSource(False, message)) == (message, True, "warning")
