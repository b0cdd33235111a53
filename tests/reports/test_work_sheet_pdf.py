"""The technician's work sheet: the jobs and parts to fit, room to write, and no prices."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from app.domain.locale import ShopLocale
from app.reports.work_sheet import work_sheet_pdf
from tests.reports.report_support import (
    MONEY,
    Job,
    Line,
    brake_job,
    labor,
    make_view,
    part,
    pdf_pages,
    pdf_text,
    render_first_page,
)


@pytest.fixture
def view():
    jobs = [
        replace(brake_job(), technician="Alex Romero"),
        Job(
            "Check engine light",
            (labor("Diagnose P0420", "1.5"), labor("Smoke test intake", "0.5")),
            concern="Light on, rough idle",
            decision="pending",
        ),
        Job(
            "Alignment",
            (Line("sublet", "Four-wheel alignment", "1", "129.95", vendor="Precision Alignment"),),
        ),
        Job(
            "Timing belt (customer said no)",
            (labor("Replace timing belt", "4.5"), part("Timing belt kit", "1", "289.00", "TB-9")),
            decision="declined",
        ),
        Job("Disposal", (Line("fee", "Hazardous waste disposal", "1", "4.50"),)),
    ]
    return make_view(jobs)


def test_no_prices_anywhere(view) -> None:
    text = pdf_text(work_sheet_pdf(view))
    assert "$" not in text
    assert not MONEY.search(text), MONEY.findall(text)
    prices = {f"{line.unit_price:,.2f}" for job in view.jobs for line in job.lines}
    prices |= {f"{line.amount:,.2f}" for job in view.jobs for line in job.lines}
    prices |= {f"{value:,.2f}" for value in vars(view.totals).values() if isinstance(value, Decimal)}
    assert not [price for price in prices if price in text]
    assert "Hazardous waste disposal" not in text  # fees are the front desk's business


def test_vehicle_and_customer_name_only(view) -> None:
    text = pdf_text(work_sheet_pdf(view))
    for expected in (
        "WORK SHEET",
        "Work order no. 1042",
        "2016 Honda Accord",
        "1HGCR2F3XGA123456",
        "7ABC123",
        "84,215",
    ):
        assert expected in text, expected
    assert "Maria Delgado" in text
    assert "Promised" in text and "Mar 5, 2025, 5:00 PM" in text
    assert "(510) 555-0142" not in text  # the customer's phone stays at the front desk
    assert "1450 Grand Ave" not in text


def test_jobs_parts_and_room_to_write(view) -> None:
    text = pdf_text(work_sheet_pdf(view))
    assert "Concern: Grinding noise when braking" in text
    assert "Technician: Alex Romero" in text
    assert "Labor: 1.8 h" in text
    assert "Labor: 2 h" in text  # 1.5 + 0.5 on the diagnosis job
    assert "AWAITING APPROVAL" in text
    for expected in ("Ceramic brake pad set", "BRK-4471", "Front rotor", "RTR-2210", "Aftermarket", "OEM"):
        assert expected in text, expected
    assert "Sublet to Precision Alignment" in text
    rotor_row = next(line for line in text.splitlines() if "RTR-2210" in line)
    assert rotor_row.split()[-1] == "2"  # the quantity to fetch
    for caption in ("Cause:", "Correction:", "Technician notes:", "Technician signature"):
        assert text.count(caption) == 4, caption  # once per job that is not declined


def test_declined_jobs_are_left_off(view) -> None:
    text = pdf_text(work_sheet_pdf(view))
    assert "Timing belt" not in text
    assert "TB-9" not in text


def test_hostile_and_accented_text_prints_literally() -> None:
    job = Job(
        '<img src="x"> brakes', (part("<b>&", "1", "9.99", "<br/>"),), concern="Zoë Ørsted's car, Nguyễn"
    )
    text = pdf_text(work_sheet_pdf(make_view([job], customer='<img src="x">')))
    assert '<img src="x"> brakes' in text
    assert "<b>&" in text and "<br/>" in text
    assert "Zoë Ørsted's car, Nguyễn" in text


def test_forty_jobs_flow_onto_numbered_pages(tmp_path) -> None:
    jobs = [Job(f"Job number {n}", (labor(f"Labor {n}", "1"),)) for n in range(1, 41)]
    pdf = work_sheet_pdf(replace(make_view(jobs), shop_locale=ShopLocale(paper="a4")))
    pages = pdf_pages(pdf)
    text = pdf_text(pdf)
    assert pages > 1
    assert f"Page 1 of {pages}" in text
    assert all(f"Job number {n}" in text for n in range(1, 41))
    png = render_first_page(pdf, tmp_path)
    assert png.read_bytes().startswith(b"\x89PNG")
