"""Invoices for the document tests and benchmarks, priced by the domain (no database).

The read model is laid out by ``build_invoice`` exactly as posting lays it
out, so a test compares the printed figures with honest stored totals.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

from app.domain.invoices import SourceLine, build_invoice
from app.domain.totals import FeeRule, LineKind, PricingRules
from app.services.invoicing.dto import (
    InvoiceJobView,
    InvoiceLineView,
    InvoiceTotalsView,
    InvoiceView,
    PaymentView,
)
from app.services.work_orders.dto import AuthorizationView

D = Decimal
WHEN = datetime(2026, 3, 5, 21, 7, tzinfo=UTC)
ZERO_STEP = D("0")
PAID = D("100.00")


def sample_lines() -> list[SourceLine]:
    return [
        SourceLine(LineKind.LABOR, "Replace front pads and rotors", D("2.5"), D("142.00"), False, job=0),
        SourceLine(
            LineKind.PART,
            "Ceramic brake pads",
            D("1"),
            D("89.95"),
            True,
            part_number="D1210",
            condition="oem",
            job=0,
        ),
        SourceLine(
            LineKind.PART,
            "Brake rotor",
            D("2"),
            D("74.50"),
            True,
            part_number="BR-5521",
            condition="aftermarket",
            discount_percent=D("10"),
            core_charge=D("15.00"),
            job=0,
        ),
        SourceLine(LineKind.LABOR, "Diagnose check engine light", D("1.0"), D("142.00"), False, job=1),
        SourceLine(
            LineKind.PART,
            "O2 sensor (rebuilt)",
            D("1"),
            D("64.20"),
            True,
            part_number="OX-17",
            condition="rebuilt",
            job=1,
        ),
        SourceLine(LineKind.FEE, "Hazmat disposal", D("1"), D("4.00"), False, job=1),
        SourceLine(
            LineKind.SUBLET, "Machine flywheel", D("1"), D("60.00"), False, vendor="ABC Machine Shop", job=1
        ),
    ]


def sample_invoice(
    *,
    customer: str = "Maria Lopez",
    lines: list[SourceLine] | None = None,
    jobs: int = 2,
    step: Decimal = ZERO_STEP,
    paid: Decimal = PAID,
) -> InvoiceView:
    rule = FeeRule(enabled=True, percent_of_labor=D("5"), cap=D("25"), taxable=True)
    rules = PricingRules(D("0.0925"), fee_rule=rule)
    draft = build_invoice(lines if lines is not None else sample_lines(), rules, cash_step=step)
    t = draft.totals
    views = tuple(
        InvoiceLineView(
            id=uuid.uuid4(),
            job_position=(ln.job + 1) if ln.job is not None else None,
            category=ln.category,
            description=ln.description,
            part_number=ln.part_number,
            condition=ln.condition,
            quantity=ln.quantity,
            unit_price=ln.unit_price,
            discount_percent=ln.discount_percent,
            discount_amount=ln.discount_amount,
            core_charge=ln.core_charge,
            core_amount=ln.core_amount,
            amount=ln.amount,
            taxable=ln.taxable,
            tax=ln.tax,
            vendor=ln.vendor,
            technician_name="Terry Tech" if ln.category == "labor" else "",
        )
        for ln in draft.lines
    )
    payments = (
        (
            PaymentView(
                id=uuid.uuid4(),
                received_at=WHEN,
                business_date=date(2026, 3, 5),
                method="card",
                method_label="Card",
                kind="payment",
                amount=paid,
                tendered=None,
                change_given=None,
                card_brand="Visa",
                card_last4="4242",
                processor_reference="AUTH 829301",
                check_number="",
                note="",
                taken_by="Sam Writer",
                settles_account=False,
                group_id=uuid.uuid4(),
            ),
        )
        if paid
        else ()
    )
    job_views = tuple(
        InvoiceJobView(
            i + 1,
            ("Front brakes", "Check engine light")[i % 2] + ("" if i < 2 else f" {i + 1}"),
            "Grinding noise when braking",
            "Pads worn to 1 mm, rotors scored",
            "Replaced pads and rotors, road tested",
            "Terry Tech",
        )
        for i in range(jobs)
    )
    return InvoiceView(
        id=uuid.uuid4(),
        kind="invoice",
        number=1042,
        status="posted",
        business_date=date(2026, 3, 5),
        posted_at=WHEN,
        posted_by="Sam Writer",
        work_order_id=uuid.uuid4(),
        work_order_number=2210,
        counter_ticket_id=None,
        credited_invoice_id=None,
        credited_invoice_number=None,
        customer_id=uuid.uuid4(),
        customer_name=customer,
        customer_address="12 Elm St, Oakland, CA 94607",
        customer_phone="(510) 555-0142",
        vehicle_description="2016 Honda Civic",
        vin="1HGFC2F59GH512345",
        plate="7ABC123",
        odometer_in=42_010,
        odometer_out=42_030,
        tax_exempt_number="",
        tax_rate=rules.tax_rate,
        rounding=rules.rounding.value,
        totals=InvoiceTotalsView(
            labor=t.labor,
            parts=t.parts,
            fees=t.fees,
            shop_supplies=t.shop_supplies,
            sublet=t.sublet,
            cores=t.cores,
            discount=t.discount,
            taxable_base=t.taxable_base,
            tax=t.tax,
            cash_rounding=t.cash_rounding,
            total=t.total,
        ),
        jobs=job_views,
        lines=views,
        payments=payments,
        paid=paid,
        balance_due=t.total - paid,
        on_account=False,
        due_date=None,
        account_open=D("0.00"),
        void_reason="",
        voided_by="",
        voided_at=None,
        credit_notes=(),
        authorizations=(
            AuthorizationView(
                at=WHEN,
                authorized_by="Maria Lopez",
                relation="",
                method="phone",
                phone_called="(510) 555-0142",
                taken_by="Sam Writer",
                amount=t.total,
                previous_amount=D("0.00"),
                approved_jobs=("Front brakes",),
                declined_jobs=(),
                note="",
            ),
        ),
        print_count=0,
        shop_name="Bay Street Auto",
        shop_address="500 Bay St, Oakland, CA 94607",
        shop_phone="(510) 555-0100",
        timezone="America/Los_Angeles",
        footer="Parts and labor are warranted for 12 months or 12,000 miles, whichever comes first.",
    )


def void(view: InvoiceView) -> InvoiceView:
    return replace(
        view,
        status="void",
        void_reason="Posted to the wrong customer",
        voided_by="Olivia Owner",
        voided_at=WHEN,
    )
