"""Property: whatever the lines, the estimate's printed TOTAL is the sum of what it prints.

The amounts are read back from the PDF's text, as a customer checking the
arithmetic with a calculator would: the line amounts of every job that is not
declined, plus the shop-supplies line, plus the tax, give the printed TOTAL.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.totals import FeeRule, RoundingMode
from app.reports.estimate import estimate_pdf
from tests.reports.report_support import (
    Job,
    Line,
    Shop,
    amounts,
    jobs_block,
    make_view,
    pdf_text,
    row_value,
    totals_block,
)

ROW = re.compile(r"^\s*(Labor|Part|Fee|Sublet|Core)\s")
HEADING = re.compile(r"^(\d+)\. Job \d+\s")
CENT = Decimal("0.01")


def cents(low: int, high: int) -> st.SearchStrategy[str]:
    return st.integers(low, high).map(lambda c: f"{Decimal(c) / 100:.2f}")


@st.composite
def lines(draw: st.DrawFn) -> Line:
    kind = draw(st.sampled_from(["labor", "part", "fee", "sublet"]))
    quantity = Decimal(draw(st.integers(1, 40_000 if kind == "labor" else 200_000))) / 1000
    return Line(
        kind=kind,
        description=draw(st.sampled_from(["Brake pads", "Diagnosis", "Oil filter", "Alignment", "Coolant"])),
        quantity=f"{quantity:f}",
        unit_price=draw(cents(0, 250_000)),
        part_number="PN-1" if kind == "part" else "",
        condition=draw(st.sampled_from(["new", "used", "rebuilt", "oem", "aftermarket"]))
        if kind == "part"
        else "",
        taxable=draw(st.booleans()),
        discount_percent=draw(st.sampled_from(["0", "0", "5", "12.5", "33.33", "100"])),
        core_charge=draw(cents(0, 10_000)) if kind == "part" and draw(st.booleans()) else "0",
    )


jobs = st.lists(
    st.builds(
        lambda lines, decision: (tuple(lines), decision),
        st.lists(lines(), min_size=1, max_size=5),
        st.sampled_from(["approved", "pending", "declined"]),
    ),
    min_size=1,
    max_size=5,
)

shops = st.builds(
    Shop,
    tax_rate=st.integers(0, 1250).map(lambda r: Decimal(r) / 10_000),
    rounding=st.sampled_from(list(RoundingMode)),
    fee_rule=st.builds(
        FeeRule,
        enabled=st.booleans(),
        percent_of_labor=st.sampled_from([Decimal("0"), Decimal("5"), Decimal("8.5")]),
        percent_of_parts=st.sampled_from([Decimal("0"), Decimal("3")]),
        flat=st.sampled_from([Decimal("0"), Decimal("4.95")]),
        cap=st.sampled_from([None, Decimal("35.00")]),
        minimum=st.sampled_from([None, Decimal("2.50")]),
        taxable=st.booleans(),
        label=st.just("Shop supplies"),
    ),
)


def printed_line_amounts(text: str) -> dict[int, list[Decimal]]:
    """Each job's printed line amounts (the last figure of each line row), by job number."""
    found: dict[int, list[Decimal]] = {}
    current = None
    for row in text.splitlines():
        heading = HEADING.match(row.strip())
        if heading:
            current = int(heading.group(1))
            found[current] = []
        elif current is not None and ROW.match(row):
            found[current].append(amounts(row)[-1])
    return found


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(jobs=jobs, shop=shops, exempt=st.booleans())
def test_printed_total_is_the_sum_of_printed_amounts(jobs, shop, exempt) -> None:
    work = [Job(f"Job {n}", job_lines, decision=decision) for n, (job_lines, decision) in enumerate(jobs, 1)]
    view = make_view(work, shop, tax_exempt_number="EX-1" if exempt else "")
    text = pdf_text(estimate_pdf(view))
    totals = totals_block(text)

    by_job = printed_line_amounts(jobs_block(text))
    counted = [n for n, (_, decision) in enumerate(jobs, 1) if decision != "declined"]
    lines_sum = sum((amount for n in counted for amount in by_job[n]), Decimal("0"))
    supplies = row_value(totals, "Shop supplies") if "Shop supplies" in totals else Decimal("0")
    tax = row_value(totals, "Tax")
    total = row_value(totals, "TOTAL")

    assert lines_sum + supplies + tax == total
    assert total == view.totals.total
    assert tax == view.totals.tax
    for n, job in enumerate(view.jobs, 1):
        cores = [
            line for line in job.lines if (line.quantity * line.core_charge).quantize(CENT, ROUND_HALF_UP)
        ]
        assert len(by_job[n]) == len(job.lines) + len(cores)  # a core deposit prints as its own row
        assert sum(by_job[n], Decimal("0")) == job.subtotal
