"""The return document: the vendor, the RMA, each line's credit and a credit that is their sum."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal

from app.domain.locale import AMERICAN
from app.domain.vendor_returns import line_credit
from app.reports.vendor_return import vendor_return_pdf
from app.services.parts.dto import VendorReturnLineView, VendorReturnView
from tests.reports.report_support import amounts, pdf_text

D = Decimal


def sample_return(**changes: object) -> VendorReturnView:
    lines = (
        VendorReturnLineView(1, "part", "BRK-4471", "Brake pad set, ceramic", D("2"), D("30.35"), D("0")),
        VendorReturnLineView(2, "core", "ALT-9", "Alternator, reman", D("1"), D("45.00"), D("0")),
        VendorReturnLineView(3, "part", "OIL-5W30", "Engine oil 5W-30, litre", D("1.5"), D("6.33"), D("0")),
    )
    lines = tuple(
        VendorReturnLineView(
            ln.position,
            ln.kind,
            ln.sku,
            ln.description,
            ln.quantity,
            ln.unit_cost,
            line_credit(int(ln.quantity * 1000), ln.unit_cost),
        )
        for ln in lines
    )
    values: dict[str, object] = {
        "id": uuid.uuid4(),
        "number": 17,
        "vendor_id": uuid.uuid4(),
        "vendor_name": "WorldPac",
        "vendor_phone": "(510) 555-0199",
        "vendor_account": "BS-20417",
        "rma_number": "RMA-7781",
        "reason": "special_order",
        "reason_label": "Special order not used",
        "note": "customer declined the second axle",
        "work_order_number": 1042,
        "created_at": datetime(2026, 12, 3, 18, 30, tzinfo=UTC),
        "created_by": "Pat Parts",
        "credit": sum((ln.amount for ln in lines), D("0")),
        "lines": lines,
        "vendor_balance": D("-114.20"),
    }
    values.update(changes)
    return VendorReturnView(**values)  # type: ignore[arg-type]


def test_the_return_prints_the_vendor_rma_reason_and_work_order() -> None:
    text = pdf_text(vendor_return_pdf(sample_return(), ("Bay Street Auto", "500 Bay St"), AMERICAN))
    for expected in ("VENDOR RETURN", "No. 17", "WorldPac", "BS-20417", "RMA-7781", "Special order not used"):
        assert expected in text
    assert "1042" in text and "Pat Parts" in text
    assert "customer declined the second axle" in text


def test_the_credit_printed_is_the_sum_of_the_printed_lines() -> None:
    doc = sample_return()
    text = pdf_text(vendor_return_pdf(doc, ("Bay Street Auto",), AMERICAN))
    # 2 x 30.35 = 60.70; 1 x 45.00 = 45.00; 1.5 x 6.33 = 9.495 -> 9.50; credit 115.20
    assert [ln.amount for ln in doc.lines] == [D("60.70"), D("45.00"), D("9.50")]
    assert doc.credit == D("115.20")
    printed = amounts(text)
    assert {D("60.70"), D("45.00"), D("9.50"), D("115.20")} <= set(printed)
