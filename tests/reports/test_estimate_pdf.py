"""The printed estimate: the numbers on paper are the work order's totals, to the cent."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from pypdf import PdfReader

from app import __version__
from app.domain.locale import ShopLocale
from app.domain.totals import FeeRule
from app.reports.estimate import estimate_pdf
from app.services.work_orders.dto import AuthorizationView
from tests.reports.report_support import (
    Job,
    Line,
    Shop,
    brake_job,
    labor,
    make_view,
    part,
    pdf_pages,
    pdf_text,
    render_first_page,
    row_value,
    totals_block,
)

SUPPLIES = FeeRule(enabled=True, percent_of_labor=Decimal("5"), cap=Decimal("35"), label="Shop supplies")


def full_order() -> list[Job]:
    return [
        brake_job(),
        Job(
            "Starter replacement",
            (
                labor("Replace starter", "1.2"),
                part("Starter motor", "1", "219.00", "STR-88012", "rebuilt", core_charge="45.00"),
                part("Battery terminal", "2", "6.25", "BT-1", "used", discount_percent="10"),
            ),
            concern="Clicks, will not crank",
            decision="pending",
        ),
        Job(
            "Wheel alignment",
            (
                Line(
                    "sublet",
                    "Four-wheel alignment",
                    "1",
                    "129.95",
                    vendor="Precision Alignment",
                    taxable=False,
                ),
            ),
        ),
        Job("Disposal", (Line("fee", "Hazardous waste disposal", "1", "4.50"),)),
        Job(
            "Timing belt",
            (labor("Replace timing belt", "4.5"), part("Timing belt kit", "1", "1289.00", "TB-9")),
            decision="declined",
        ),
    ]


@pytest.fixture
def view():
    return make_view(full_order(), Shop(fee_rule=SUPPLIES))


def test_printed_totals_are_the_work_orders_totals(view) -> None:
    text = totals_block(pdf_text(estimate_pdf(view)))
    t = view.totals
    assert row_value(text, "Labor ") == t.labor
    assert row_value(text, "Parts ") == t.parts
    assert row_value(text, "Fees ") == t.fees
    assert row_value(text, "Sublet ") == t.sublet
    assert row_value(text, "Core charges (refundable)") == t.cores
    assert row_value(text, "Shop supplies") == t.shop_supplies
    assert row_value(text, "Subtotal") == t.total - t.tax
    assert row_value(text, "Tax (7.25%)") == t.tax
    assert row_value(text, "TOTAL") == t.total
    assert f"${t.total:,.2f}" in text
    assert "Core charges" in text and "Includes discounts" in text
    assert row_value(text, "Includes discounts of") == t.discount


def test_every_line_amount_and_job_subtotal_is_printed(view) -> None:
    text = pdf_text(estimate_pdf(view))
    for job in view.jobs:
        label = (
            "Declined, not included in total"
            if job.decision == "declined"
            else f"Job {job.position} subtotal"
        )
        assert row_value(text, label) == job.subtotal
        for line in job.lines:
            assert f"{line.amount:,.2f}" in text, line.description
    assert "1,289.00" in text  # thousands separators


def test_parts_are_marked_and_sublet_disclosed(view) -> None:
    text = pdf_text(estimate_pdf(view))
    for condition in ("Aftermarket", "OEM", "Rebuilt", "Used"):
        assert re.search(rf"\b{condition}\b", text), condition
    assert "Sublet: work done by Precision Alignment" in text
    assert "Core deposit, refunded when the old part" in text
    assert "Less 10% discount" in text


def test_declined_job_is_marked_and_not_counted(view) -> None:
    text = pdf_text(estimate_pdf(view))
    assert "DECLINED" in text
    declined = next(job for job in view.jobs if job.decision == "declined")
    counted = sum((job.subtotal for job in view.jobs if job.decision != "declined"), Decimal("0"))
    assert counted + view.totals.shop_supplies + view.totals.tax == view.totals.total
    assert declined.subtotal not in (view.totals.total, view.totals.total - view.totals.tax)


def test_header_parties_and_vehicle(view) -> None:
    text = pdf_text(estimate_pdf(view))
    for expected in (
        "ESTIMATE",
        "Work order no. 1042",
        "Bayside Auto Repair",
        "220 Harbor Way, Oakland, CA 94607",
        "(510) 555-0100",
        "Maria Delgado",
        "(510) 555-0142",
        "1450 Grand Ave, Oakland, CA",
        "2016 Honda Accord",
        "1HGCR2F3XGA123456",
        "7ABC123",
        "84,215",
        "Concern: Grinding noise when braking",
    ):
        assert expected in text, expected
    # 17:30 UTC on Mar 5 is 9:30 AM in Oakland; promised 01:00 UTC Mar 6 is 5:00 PM on Mar 5.
    assert "Date: Mar 5, 2025" in text
    assert "Promised: Mar 5, 2025, 5:00 PM" in text


def test_tax_exempt_customer_prints_certificate_and_no_tax() -> None:
    view = make_view([brake_job()], tax_exempt_number="CA-RESALE-88812")
    text = pdf_text(estimate_pdf(view))
    assert view.totals.tax == 0
    assert "Certificate CA-RESALE-88812" in text
    assert row_value(text, "Tax: exempt, certificate CA-RESALE-88812") == Decimal("0.00")
    assert row_value(text, "TOTAL") == view.totals.total


def test_authorization_history_and_signature_lines() -> None:
    history = (
        AuthorizationView(
            at=datetime(2025, 3, 5, 21, 40, tzinfo=UTC),
            authorized_by="Luis Delgado",
            relation="spouse",
            method="phone",
            phone_called="(510) 555-0199",
            taken_by="Sam Writer",
            amount=Decimal("1790.23"),
            previous_amount=Decimal("642.11"),
            approved_jobs=("Front brake pads and rotors",),
            declined_jobs=("Timing belt",),
            note="Call before 5 pm",
        ),
    )
    text = pdf_text(estimate_pdf(make_view([brake_job()], authorizations=history)))
    for expected in (
        "Luis Delgado",
        "(spouse)",
        "Phone",  # the method's label, not its code
        "(510) 555-0199",
        "Sam Writer",
        "1,790.23",
        "+1,148.12",
        "1:40 PM",
        "Declined: Timing belt",
        "Note: Call before 5 pm",
        "I authorize the above work for the amount of $____",
        "Customer signature",
        "Oral authorization",
        "Phone number called",
    ):
        assert expected in text, expected


def test_metadata_names_shop_and_version(view) -> None:
    meta = PdfReader(BytesIO(estimate_pdf(view))).metadata
    assert meta.title == "Estimate 1042"
    assert meta.author == "Bayside Auto Repair"
    assert meta.creator == f"BayDesk {__version__}"


def test_hostile_text_prints_literally_and_fetches_nothing() -> None:
    job = Job("<b>Brakes</b> & <font size=40>rotors", (labor('<img src="x"> & <a href="y">', "1"),))
    view = make_view([job], customer='<img src="x">')
    view = replace(view, customer_address="<b>&", vin="<br/>")
    pdf = estimate_pdf(view)
    text = pdf_text(pdf)
    assert '<img src="x">' in text
    assert "<b>&" in text
    assert "<b>Brakes</b> & <font size=40>rotors" in text
    assert '<img src="x"> & <a href="y">' in text
    for page in PdfReader(BytesIO(pdf)).pages:
        assert "/XObject" not in page["/Resources"], "an image was embedded"


@pytest.mark.parametrize("name", ["Zoë Ørsted", "Nguyễn Văn Anh", "Ελένη Παππά", "Дмитрий", "محمد العلي"])
def test_names_in_any_script_print_in_an_embedded_font(name: str) -> None:
    pdf = estimate_pdf(make_view([brake_job()], customer=name))
    reader = PdfReader(BytesIO(pdf))
    fonts = {str(font.get_object()["/BaseFont"]) for font in reader.pages[0]["/Resources"]["/Font"].values()}
    assert any("DejaVuSans" in font for font in fonts)
    if not any("\u0600" <= ch <= "\u06ff" for ch in name):  # Arabic prints unshaped: only "no crash"
        assert name in pdf_text(pdf)


def test_forty_jobs_flow_onto_numbered_pages() -> None:
    jobs = [
        Job(f"Job number {n}", (labor(f"Labor {n}", "1"), part(f"Part {n}", "2", "10.00", f"P-{n}")))
        for n in range(1, 41)
    ]
    view = make_view(jobs)
    pdf = estimate_pdf(view)
    pages = pdf_pages(pdf)
    text = pdf_text(pdf)
    assert pages > 1
    assert f"Page 1 of {pages}" in text
    assert f"Page {pages} of {pages}" in text
    assert "Estimate 1042 · Maria Delgado · 2016 Honda Accord" in text  # running header on later pages
    assert row_value(text, "TOTAL") == view.totals.total
    assert all(f"Job {n} subtotal" in text for n in range(1, 41))


def test_a_long_job_splits_and_repeats_its_table_header() -> None:
    lines = tuple(part(f"Fastener {n}", "1", "1.25", f"F-{n}") for n in range(120))
    text = pdf_text(estimate_pdf(make_view([Job("Rebuild", lines)])))
    headers = [line for line in text.splitlines() if line.split()[:2] == ["Type", "Description"]]
    assert len(headers) >= 2
    assert all(f"F-{n}" in text for n in range(120))


def test_a4_paper() -> None:
    view = replace(make_view([brake_job()]), shop_locale=ShopLocale("en_GB", "GBP", "Europe/London", "a4"))
    page = PdfReader(BytesIO(estimate_pdf(view))).pages[0]
    assert round(float(page.mediabox.width)) == 595
    with pytest.raises(ValueError, match="letter"):
        estimate_pdf(replace(view, shop_locale=ShopLocale(paper="legal-ish")))


def test_page_one_rasterizes(view, tmp_path) -> None:
    png = render_first_page(estimate_pdf(view), tmp_path)
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG")
    assert len(data) > 5_000


def test_revised_estimate_asks_for_the_difference() -> None:
    view = replace(make_view([brake_job()]), needs_reauthorization=True, authorized_total=Decimal("400.00"))
    text = pdf_text(estimate_pdf(view))
    assert "Revised estimate." in text
    assert f"${view.totals.total - Decimal('400.00'):,.2f} needs your authorization" in text


def test_an_empty_estimate_still_prints() -> None:
    text = pdf_text(estimate_pdf(make_view([])))
    assert "No work has been entered on this estimate yet." in text
    assert row_value(text, "TOTAL") == Decimal("0.00")


def test_the_largest_amounts_the_domain_allows_print_whole() -> None:
    engine = part("Engine assembly", "40000", "999999.99", "ENG-1", "rebuilt", core_charge="999999.99")
    view = make_view([Job("Fleet engines", (engine, labor("Install", "99.999", "9999.99")))])
    text = pdf_text(estimate_pdf(view))
    assert "39,999,999,600.00" in text  # set smaller to fit its column, never split across lines
    assert row_value(totals_block(text), "TOTAL") == view.totals.total
