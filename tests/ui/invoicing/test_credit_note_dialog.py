"""The credit note dialog offers a quantity for each line the user may credit, and no more."""

from __future__ import annotations

from dataclasses import replace

from pytestqt.qtbot import QtBot

from app.ui.invoicing.dialogs import CreditNoteDialog
from tests.reports.invoice_support import sample_invoice


def test_the_price_sheets_fee_lines_get_no_quantity_they_follow_the_lines(qtbot: QtBot) -> None:
    view = sample_invoice(jobs=0)
    fee = next(line for line in view.lines if line.description == "Hazmat disposal")
    by_rate = CreditNoteDialog(view)
    qtbot.addWidget(by_rate)
    assert fee.id in by_rate.quantities  # a fee typed on the ticket is credited like any line
    by_sheet = CreditNoteDialog(replace(view, sheet_fee_lines=(fee.id,)))
    qtbot.addWidget(by_sheet)
    assert fee.id not in by_sheet.quantities
    assert len(by_sheet.quantities) == len(by_rate.quantities) - 1
    by_sheet.whole.setChecked(False)
    assert all(edit.isEnabled() for edit in by_sheet.quantities.values())
