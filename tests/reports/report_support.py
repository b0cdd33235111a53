"""Work orders for the document tests, priced by the domain's own totals function.

No database: the read model is built here the way ``build_view`` builds it
(line amounts, job subtotals and totals from ``compute_totals``), so a test
compares the printed numbers with honest totals rather than numbers it made up.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.domain.totals import FeeRule, LineKind, PricedLine, PricingRules, RoundingMode, compute_totals
from app.services.work_orders.dto import AuthorizationView, JobView, LineView, TotalsView, WorkOrderView

MONEY = re.compile(r"(?<![\d.,])-?\$?\d{1,3}(?:,\d{3})*\.\d{2}(?![\d])")


@dataclass(frozen=True)
class Line:
    kind: str
    description: str
    quantity: str
    unit_price: str
    part_number: str = ""
    condition: str = ""
    taxable: bool = True
    discount_percent: str = "0"
    core_charge: str = "0"
    vendor: str = ""


@dataclass(frozen=True)
class Job:
    title: str
    lines: tuple[Line, ...]
    concern: str = ""
    decision: str = "approved"
    technician: str = ""


@dataclass(frozen=True)
class Shop:
    tax_rate: Decimal = Decimal("0.0725")
    rounding: RoundingMode = RoundingMode.PER_INVOICE
    fee_rule: FeeRule = field(default_factory=FeeRule)


def labor(description: str, hours: str, rate: str = "150.00", **extra: object) -> Line:
    return Line("labor", description, hours, rate, taxable=False, **extra)  # type: ignore[arg-type]


def part(
    description: str, qty: str, price: str, number: str, condition: str = "new", **extra: object
) -> Line:
    return Line("part", description, qty, price, part_number=number, condition=condition, **extra)  # type: ignore[arg-type]


def _priced(line: Line) -> PricedLine:
    return PricedLine(
        kind=LineKind(line.kind),
        quantity=Decimal(line.quantity),
        unit_price=Decimal(line.unit_price),
        taxable=line.taxable,
        discount_percent=Decimal(line.discount_percent),
        core_charge=Decimal(line.core_charge),
    )


def _totals_view(lines: list[Line], rules: PricingRules, exempt: bool) -> TotalsView:
    t = compute_totals([_priced(line) for line in lines], rules, tax_exempt=exempt)
    return TotalsView(
        labor=t.labor,
        parts=t.parts,
        fees=t.fees,
        sublet=t.sublet,
        cores=t.cores,
        shop_supplies=t.shop_supplies,
        shop_supplies_label=rules.fee_rule.label,
        discount=t.discount,
        tax=t.tax,
        total=t.total,
    )


def _job_view(job: Job, position: int, rules: PricingRules) -> JobView:
    job_id = uuid.uuid4()
    own = compute_totals([_priced(line) for line in job.lines], rules, tax_exempt=True)
    lines = tuple(
        LineView(
            id=uuid.uuid4(),
            job_id=job_id,
            kind=line.kind,
            description=line.description,
            part_number=line.part_number,
            condition=line.condition,
            quantity=Decimal(line.quantity).quantize(Decimal("0.001")),
            unit_price=Decimal(line.unit_price),
            unit_cost=Decimal("0"),
            taxable=line.taxable,
            discount_percent=Decimal(line.discount_percent),
            core_charge=Decimal(line.core_charge),
            vendor=line.vendor,
            amount=amount.net,
        )
        for line, amount in zip(job.lines, own.lines, strict=True)
    )
    return JobView(
        id=job_id,
        position=position,
        title=job.title,
        concern=job.concern,
        cause="",
        correction="",
        technician_id=uuid.uuid4() if job.technician else None,
        technician_name=job.technician,
        decision=job.decision,
        changed_since_authorized=False,
        lines=lines,
        subtotal=own.lines_subtotal,
    )


def make_view(
    jobs: list[Job],
    shop: Shop | None = None,
    *,
    customer: str = "Maria Delgado",
    tax_exempt_number: str = "",
    authorizations: tuple[AuthorizationView, ...] = (),
) -> WorkOrderView:
    """A work order as the front desk would see it, totals computed by the domain."""
    shop = shop or Shop()
    rules = PricingRules(shop.tax_rate, shop.rounding, shop.fee_rule)
    exempt = bool(tax_exempt_number)
    counted = [line for job in jobs if job.decision != "declined" for line in job.lines]
    approved = [line for job in jobs if job.decision == "approved" for line in job.lines]
    created = datetime(2025, 3, 5, 17, 30, tzinfo=UTC)
    return WorkOrderView(
        id=uuid.uuid4(),
        number=1042,
        status="estimate",
        status_label="Estimate",
        hold_reason="",
        customer_id=uuid.uuid4(),
        customer_name=customer,
        customer_phone="(510) 555-0142",
        customer_address="1450 Grand Ave, Oakland, CA",
        vehicle_id=uuid.uuid4(),
        vehicle="2016 Honda Accord",
        vin="1HGCR2F3XGA123456",
        plate="7ABC123",
        odometer_in=84215,
        odometer_out=None,
        promised_at=datetime(2025, 3, 6, 1, 0, tzinfo=UTC),
        notes="",
        tax_rate=shop.tax_rate,
        rounding=shop.rounding.value,
        labor_rate=Decimal("150.00"),
        tax_exempt_number=tax_exempt_number,
        jobs=tuple(_job_view(job, i, rules) for i, job in enumerate(jobs, start=1)),
        totals=_totals_view(counted, rules, exempt),
        approved_totals=_totals_view(approved, rules, exempt),
        authorized_total=authorizations[-1].amount if authorizations else None,
        needs_reauthorization=False,
        authorizations=authorizations,
        allowed_statuses=("approved", "cancelled"),
        version=1,
        created_at=created,
        updated_at=created,
        shop_name="Bayside Auto Repair",
        shop_address="220 Harbor Way, Oakland, CA 94607",
        shop_phone="(510) 555-0100",
        timezone="America/Los_Angeles",
    )


def brake_job(decision: str = "approved") -> Job:
    return Job(
        "Front brake pads and rotors",
        (
            labor("Replace front pads and rotors", "1.8"),
            part("Ceramic brake pad set", "1", "64.99", "BRK-4471", "aftermarket"),
            part("Front rotor", "2", "89.50", "RTR-2210", "oem"),
        ),
        concern="Grinding noise when braking",
        decision=decision,
    )


def pdf_text(pdf: bytes) -> str:
    """All pages' text, in reading order, one visual row per line."""
    reader = PdfReader(BytesIO(pdf))
    return "\n".join(page.extract_text(extraction_mode="layout") for page in reader.pages)


def pdf_pages(pdf: bytes) -> int:
    return len(PdfReader(BytesIO(pdf)).pages)


def amounts(text: str) -> list[Decimal]:
    """Every money figure in ``text``, as printed (thousands separators and $ removed)."""
    return [Decimal(m.replace("$", "").replace(",", "")) for m in MONEY.findall(text)]


def row_value(text: str, label: str) -> Decimal:
    """The amount printed at the end of the first row that starts with ``label``."""
    for line in text.splitlines():
        if line.strip().startswith(label):
            return amounts(line)[-1]
    raise AssertionError(f"no row {label!r} in:\n{text}")


def _end_of_jobs(text: str) -> int:
    last = max(text.rfind(" subtotal "), text.rfind("Declined, not included in total"))
    return text.index("\n", last)


def jobs_block(text: str) -> str:
    """The estimate's jobs, down to the last job's subtotal row."""
    return text[: _end_of_jobs(text)]


def totals_block(text: str) -> str:
    """The estimate's totals: after the last job's subtotal, before the authorization section."""
    start = _end_of_jobs(text)
    return text[start : text.index("\nAuthorization", start)]


def render_first_page(pdf: bytes, folder: Path, dpi: int = 50) -> Path:
    """Rasterize page 1 with poppler's pdftoppm, as a print preview would."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed, so the PDF cannot be rasterized")
    source = folder / "document.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(dpi),
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(source),
            str(folder / "page"),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return folder / "page.png"
