"""Printing from the editor: a preview of the estimate; its TOTAL on paper is the TOTAL on screen."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain.permissions import Actor
from app.services.container import Services
from app.services.customers.dto import CustomerView
from tests.ui.work_order_helpers import WorkOrdersArea, brake_estimate, build_area

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def save_from_preview(qtbot: QtBot, wo_area: WorkOrdersArea, path: Path) -> None:
    """The preview opens with the document's pages; Save PDF writes it where the person says."""
    qtbot.waitUntil(lambda: bool(wo_area.dialogs.previews), timeout=10_000)
    preview = wo_area.dialogs.previews[-1]
    assert preview.document.pageCount() >= 1
    preview.save_button.click()
    qtbot.waitUntil(path.exists, timeout=10_000)
    qtbot.waitUntil(lambda: wo_area.view.editor.message_label.text().startswith("Saved to"), timeout=10_000)
    preview.close()


def test_the_printed_estimate_carries_the_total_on_screen(
    qtbot, ana: CustomerView, services: Services, desk: Actor, tmp_path: Path
) -> None:
    wo_area = build_area(qtbot, services, desk, tmp_path)
    view = brake_estimate(services, desk, ana)
    wo_area.open(view)
    on_screen = wo_area.view.editor.total_values["total"].text()
    assert on_screen.startswith("$")
    wo_area.press(Qt.Key.Key_P, CTRL)  # print the estimate
    path = tmp_path / "estimate-1001.pdf"
    save_from_preview(qtbot, wo_area, path)
    text = _text(path)
    assert "TOTAL" in text and on_screen in text
    assert "Brake pad set" in text
    assert f"Saved to {path}" == wo_area.view.editor.message_label.text()
    if shutil.which("pdftoppm"):  # the PDF renders, as a printer driver would
        subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(tmp_path / "page")], check=True)
        assert list(tmp_path.glob("page*.png"))


def test_the_work_sheet_has_the_jobs_and_no_prices(
    qtbot, ana: CustomerView, services: Services, desk: Actor, tmp_path: Path
) -> None:
    wo_area = build_area(qtbot, services, desk, tmp_path)
    view = brake_estimate(services, desk, ana)
    wo_area.open(view)
    wo_area.press(Qt.Key.Key_T, CTRL_SHIFT)
    path = tmp_path / "work-sheet-1001.pdf"
    save_from_preview(qtbot, wo_area, path)
    text = _text(path)
    assert "Front brakes" in text and "Squeals" in text
    assert wo_area.view.editor.total_values["total"].text() not in text


def test_a_pdf_that_cannot_be_written_says_why(
    qtbot, ana: CustomerView, services: Services, desk: Actor, tmp_path: Path
) -> None:
    wo_area = build_area(qtbot, services, desk, tmp_path)
    view = brake_estimate(services, desk, ana)
    wo_area.open(view)
    wo_area.dialogs.pdf_dir = tmp_path / "no such folder"
    wo_area.press(Qt.Key.Key_P, CTRL)  # the estimate opens in the preview
    qtbot.waitUntil(lambda: bool(wo_area.dialogs.previews), timeout=10_000)
    wo_area.dialogs.previews[-1].save_button.click()
    message = wo_area.view.editor.message_label
    qtbot.waitUntil(lambda: message.property("level") == "error")
    assert message.text().startswith("Estimate 1001 was not saved: BayDesk could not write")
