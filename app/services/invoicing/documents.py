"""An issued document's rows, to and from the domain's draft.

Posting and credit notes write a document's totals and lines from a
:class:`Draft` with the same functions; a credit note reads a posted
document's lines and totals back into the domain's terms to know what is
left to credit. A correction starts from the posted document, locked. A
customer's address is printed on one line the same way on every document.
"""

from __future__ import annotations

import json
import uuid
from decimal import Decimal
from typing import Any

from app.db.models import Customer
from app.db.models_invoicing import Invoice, InvoiceLine
from app.domain.errors import NotFoundError, ValidationError
from app.domain.invoices import Category, Draft, DraftLine, DraftTotals
from app.domain.money import from_thousandths, to_thousandths
from app.domain.permissions import Actor
from app.repositories.invoicing import InvoiceRepository


def totals_columns(t: DraftTotals) -> dict[str, Any]:
    """A draft's totals as the invoice row's columns (the inverse of :func:`totals_of`)."""
    return {
        "labor": t.labor,
        "parts": t.parts,
        "fees": t.fees,
        "shop_supplies": t.shop_supplies,
        "sublet": t.sublet,
        "cores": t.cores,
        "discount": t.discount,
        "taxable_base": t.taxable_base,
        "tax": t.tax,
        "cash_rounding": t.cash_rounding,
        "total": t.total,
        "parts_cost": t.parts_cost,
        "labor_cost": t.labor_cost,
        "sublet_cost": t.sublet_cost,
        "billed_hours": to_thousandths(t.billed_hours),
    }


def totals_of(invoice: Invoice) -> DraftTotals:
    """A stored document's totals in the domain's terms, to add up what was credited."""
    return DraftTotals(
        labor=invoice.labor,
        parts=invoice.parts,
        fees=invoice.fees,
        shop_supplies=invoice.shop_supplies,
        sublet=invoice.sublet,
        cores=invoice.cores,
        discount=invoice.discount,
        taxable_base=invoice.taxable_base,
        tax=invoice.tax,
        cash_rounding=invoice.cash_rounding,
        total=invoice.total,
        parts_cost=invoice.parts_cost,
        labor_cost=invoice.labor_cost,
        sublet_cost=invoice.sublet_cost,
        billed_hours=from_thousandths(invoice.billed_hours),
    )


def add_lines(
    repo: InvoiceRepository,
    actor: Actor,
    invoice: Invoice,
    draft: Draft,
    job_of: Any,
) -> list[InvoiceLine]:
    """Add a draft's lines under ``invoice`` to the session (see :func:`line_values`)."""
    rows = [InvoiceLine(**values) for values in line_values(actor, invoice, draft, job_of)]
    repo.add_all(rows)
    return rows


def line_values(actor: Actor, invoice: Invoice, draft: Draft, job_of: Any) -> list[dict[str, Any]]:
    """A draft's lines under ``invoice`` as column values, each snapshotting its price, cost, tax and rule.

    ``job_of`` names the invoice job a draft line belongs to (None for none).
    """
    rate = Decimal("0") if invoice.tax_exempt_number else invoice.tax_rate
    rule = json.loads(invoice.fee_rule or "{}")
    supplies_rule = describe_fee_rule(rule)
    return [
        {
            "id": uuid.uuid4(),
            "shop_id": actor.shop_id,
            "invoice_id": invoice.id,
            "invoice_job_id": job_of(line),
            "position": position,
            "category": line.category,
            "description": line.description,
            "part_id": line.part_id,
            "part_number": line.part_number,
            "condition": line.condition,
            "quantity": to_thousandths(line.quantity),
            "unit_price": line.unit_price,
            "unit_cost": line.unit_cost,
            "discount_percent": line.discount_percent / 100,
            "discount_amount": line.discount_amount,
            "core_charge": line.core_charge,
            "core_amount": line.core_amount,
            "amount": line.amount,
            "cost_amount": line.cost_amount,
            "taxable": line.taxable,
            "tax_rate": rate if line.taxable else Decimal("0"),
            "tax": line.tax,
            "fee_rule": supplies_rule if line.category == Category.SHOP_SUPPLIES else "",
            "rounding": invoice.rounding,
            "technician_id": line.technician_id,
            "billed_hours": to_thousandths(line.billed_hours),
            "vendor": line.vendor,
            "source_line_id": line.source_id,
            "credited_line_id": line.credited_line_id,
        }
        for position, line in enumerate(draft.lines, start=1)
    ]


def describe_fee_rule(rule: dict[str, Any]) -> str:
    if not rule.get("enabled"):
        return ""
    parts = []
    if Decimal(str(rule.get("percent_of_labor", 0))):
        parts.append(f"{rule['percent_of_labor']}% of labor")
    if Decimal(str(rule.get("percent_of_parts", 0))):
        parts.append(f"{rule['percent_of_parts']}% of parts")
    if Decimal(str(rule.get("flat", 0))):
        parts.append(f"{rule['flat']} flat")
    if rule.get("cap") is not None:
        parts.append(f"cap {rule['cap']}")
    if rule.get("minimum") is not None:
        parts.append(f"minimum {rule['minimum']}")
    return ", ".join(parts)[:400]


def customer_address(customer: Customer) -> str:
    """The customer's address on one line, as an invoice or a statement prints it."""
    parts = (
        customer.address_line1,
        customer.address_line2,
        customer.city,
        customer.region,
        customer.postal_code,
    )
    return ", ".join(p for p in parts if p)


def locked_posted(repo: InvoiceRepository, actor: Actor, invoice_id: uuid.UUID) -> Invoice:
    """The document a correction starts from: locked until the transaction ends, and not void."""
    invoice = repo.get(actor.shop_id, invoice_id, for_update=True)
    if invoice is None:
        raise NotFoundError("That invoice does not exist.")
    if invoice.status != "posted":
        raise ValidationError({"status": f"{_title(invoice)} is void"})
    return invoice


def _title(invoice: Invoice) -> str:
    return f"{'Credit note' if invoice.kind == 'credit_note' else 'Invoice'} {invoice.number}"


def draft_line_of(line: InvoiceLine, job_position: int | None = None) -> DraftLine:
    """A stored line back in the domain's terms (the inverse of :func:`add_lines`)."""
    return DraftLine(
        category=line.category,
        description=line.description,
        quantity=from_thousandths(line.quantity),
        unit_price=line.unit_price,
        amount=line.amount,
        discount_amount=line.discount_amount,
        core_charge=line.core_charge,
        core_amount=line.core_amount,
        unit_cost=line.unit_cost,
        cost_amount=line.cost_amount,
        taxable=line.taxable,
        tax=line.tax,
        discount_percent=line.discount_percent * 100,
        part_number=line.part_number,
        condition=line.condition,
        vendor=line.vendor,
        job=job_position,
        technician_id=line.technician_id,
        billed_hours=from_thousandths(line.billed_hours),
        source_id=line.source_line_id,
        part_id=line.part_id,
        credited_line_id=line.credited_line_id,
    )
