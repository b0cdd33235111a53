"""The owner opens the import wizard from the Owner area and walks the sample files through it."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget
from pytestqt.qtbot import QtBot

from app.domain.imports import ImportKind
from app.domain.permissions import Actor
from app.services.container import Services
from app.ui.imports.wizard_controller import ImportFiles, ImportWizardController
from tests.ui.day.test_owner_area import Owner, owner_area  # noqa: F401  (the fixture)

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "import"


class FolderFiles(ImportFiles):
    """The save question answered with a path in the test's folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def save_path(self, parent: QWidget, suggested: str) -> Path | None:
        return self.folder / suggested


def open_wizard(area: Owner) -> ImportWizardController:
    area.key("Ctrl+Shift+M")
    wizard = area.controller.import_wizard
    area.qtbot.waitUntil(wizard.view.isVisible, timeout=5_000)
    return wizard


def to_columns(qtbot: QtBot, wizard: ImportWizardController, kind: ImportKind) -> None:
    view = wizard.view
    view.steps.setCurrentIndex(0)
    view.kind.setCurrentIndex(view.kind.findData(kind.value))
    view.path.clear()
    qtbot.keyClicks(view.path, str(SAMPLES / f"{kind.value}.csv"))
    qtbot.mouseClick(view.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.steps.currentIndex() == 1, timeout=10_000)


def run(qtbot: QtBot, wizard: ImportWizardController, dry: bool) -> str:
    view = wizard.view
    qtbot.mouseClick(view.dry_run if dry else view.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.is_settled() and view.close_button.isEnabled(), timeout=30_000)
    return view.summary.text()


def test_the_owner_imports_the_sample_files_through_the_wizard(
    qtbot: QtBot,
    owner_area: Owner,  # noqa: F811
    services: Services,
    owner: Actor,
    tmp_path: Path,
) -> None:
    wizard = open_wizard(owner_area)
    wizard.files = FolderFiles(tmp_path)
    view = wizard.view

    to_columns(qtbot, wizard, ImportKind.CUSTOMERS)
    assert "preset 'Common export columns'" in view.mapping_from.text()
    assert "10 rows" in view.mapping_from.text()
    phone = view.columns.cellWidget(4, 1)
    # the field is named as a person would, the command line's name kept behind it
    assert isinstance(phone, QComboBox) and (phone.currentText(), phone.currentData()) == ("Phone", "phone")
    headers = [view.preview.horizontalHeaderItem(c).text() for c in range(view.preview.columnCount())]
    assert headers[:3] == ["Their record number", "First name", "Last name"]
    assert view.preview.item(0, 1).text() == "Jane"

    summary = run(qtbot, wizard, dry=True)
    assert summary.startswith("Dry run, nothing was written: 10 rows of customers.csv")
    assert services.customers.search(owner, "Doe") == []

    to_columns(qtbot, wizard, ImportKind.CUSTOMERS)
    summary = run(qtbot, wizard, dry=False)
    assert "5 new, 0 merged, 1 skipped as duplicates, 0 imported before, 4 refused." in summary
    lines = [view.refused.item(r, 0).text() for r in range(view.refused.rowCount())]
    assert lines == ["5", "6", "7", "8", "9"]
    assert "card number" in view.refused.item(1, 1).text()
    qtbot.mouseClick(view.save_refused, Qt.MouseButton.LeftButton)
    saved = tmp_path / "customers-refused.csv"
    with saved.open(encoding="utf-8", newline="") as handle:
        assert [row[0] for row in csv.reader(handle)] == ["line", "5", "6", "7", "8", "9"]
    assert "Refused rows saved" in view.message.text()

    for kind, new in ((ImportKind.VEHICLES, 5), (ImportKind.PARTS, 4), (ImportKind.HISTORY, 4)):
        to_columns(qtbot, wizard, kind)
        assert f"{new} new" in run(qtbot, wizard, dry=False), kind

    to_columns(qtbot, wizard, ImportKind.CUSTOMERS)  # the same file again: nothing new
    assert "0 new, 0 merged, 1 skipped as duplicates, 5 imported before" in run(qtbot, wizard, dry=False)

    truck = services.customers.find_vehicle_by_vin(owner, "1M8GDM9AXKP042788")
    assert truck is not None
    assert [h.total for h in services.work_orders.vehicle_history(owner, truck.id)] == [
        Decimal("249.12"),
        Decimal("49.93"),
    ]
    pads = services.parts.find_code(owner, "BP-2200")
    assert pads is not None and pads.on_hand == Decimal("6")
    view.close_button.click()


def test_a_file_no_preset_knows_is_mapped_by_hand(
    qtbot: QtBot,
    owner_area: Owner,  # noqa: F811
    services: Services,
    owner: Actor,
    tmp_path: Path,
) -> None:
    odd = tmp_path / "kunden.csv"
    odd.write_text("Kunde;Telefon\nMaria Weber;0301234567\n", encoding="utf-8")
    wizard = open_wizard(owner_area)
    view = wizard.view
    view.path.setText(str(odd))
    qtbot.mouseClick(view.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.steps.currentIndex() == 1, timeout=10_000)
    assert "No preset knows these columns" in view.mapping_from.text()
    for row, field in ((0, "name"), (1, "phone")):
        combo = view.columns.cellWidget(row, 1)
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(combo.findData(field))
    assert "1 new" in run(qtbot, wizard, dry=False)
    assert [hit.name for hit in services.customers.search(owner, "Weber")] == ["Maria Weber"]
    view.close_button.click()
