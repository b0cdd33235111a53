"""The technician report PDF is built from the report DTO alone and says what the table says."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from app.reports.technician_report import technician_report_pdf
from app.services.bays.dto import BayUtilizationRow, TechnicianReport, TechnicianReportRow

D = Decimal


def _report() -> TechnicianReport:
    return TechnicianReport(
        shop_name="Bayview <Auto> Repair",
        first=date(2026, 11, 16),
        last=date(2026, 11, 21),
        technicians=(
            TechnicianReportRow(
                uuid.uuid4(),
                "Tony Tech",
                D("40.000"),
                D("34.500"),
                D("39.000"),
                D("30.000"),
                D("86.3"),
                D("130.0"),
            ),
            TechnicianReportRow(
                uuid.uuid4(), "Dev Patel", D("8.000"), D("0.000"), D("0.000"), D("0.000"), D("0.0"), None
            ),
        ),
        bays=(BayUtilizationRow(uuid.uuid4(), "Bay 1", D("27.000"), D("54.000"), D("50.0")),),
        generated_at=datetime(2026, 11, 22, 6, 0, tzinfo=UTC),
    )


def test_the_pdf_holds_the_figures_of_the_table(tmp_path: Path) -> None:
    pdf = technician_report_pdf(_report())
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Bayview <Auto> Repair" in text  # printed literally, not read as markup
    assert "Nov 16, 2026 – Nov 21, 2026" in text
    for figure in ("40.00", "34.50", "86.3%", "130%", "50%", "54.00"):
        assert figure in text
    assert "—" in text  # no efficiency without clocked hours on closed orders
