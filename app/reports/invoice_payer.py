"""The two parts of an invoice a second payer shares: what the insurer or warranty company pays,
what the customer pays (the deductible, anything above the approval, the work not covered), and
each part's balance. Printed under the totals; the parts add up to the printed total."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from app.reports.common import INK, SHADE, Styles, dollars, money, para
from app.reports.fonts import BOLD, REGULAR
from app.services.invoicing.dto import InvoiceView, PayerPartView

COLUMNS = (210, 96, 96)
KIND_LABELS = {"insurance": "Insurance claim", "warranty": "Warranty contract"}


def payer_parts(view: InvoiceView, styles: Styles) -> list[Flowable]:
    """The parts block, or nothing when the customer pays the whole invoice."""
    part = view.payer
    if part is None:
        return []
    return [
        Spacer(1, 8),
        KeepTogether(
            [
                para(f"Paid in two parts: {part.payer_name} and the customer", styles.heading),
                para(_terms(part), styles.small),
                Spacer(1, 3),
                _table(part),
            ]
        ),
    ]


def receipt_parts(view: InvoiceView) -> list[tuple[str, str, str]]:
    """The two parts as a receipt prints them under the total: (label, detail, amount), the
    payer's then the customer's, adding up to the total; none when the customer pays it all."""
    part = view.payer
    if part is None:
        return []
    claim = KIND_LABELS.get(part.kind, part.kind.capitalize())
    if part.claim_number:
        claim += f" {part.claim_number}"
    customer = f"deductible {money(part.deductible)}"
    if part.over_approval:
        customer += f", above approval {money(part.over_approval)}"
    return [
        (f"{part.payer_name}'s part", claim, money(part.payer_amount)),
        ("Customer's part", customer, money(part.customer_amount)),
    ]


def balance_label(view: InvoiceView) -> str:
    """The balance line's label: the customer's own when a second payer shares the document."""
    return "CUSTOMER'S BALANCE DUE" if view.payer else "BALANCE DUE"


def _terms(part: PayerPartView) -> str:
    bits = [KIND_LABELS.get(part.kind, part.kind.capitalize())]
    if part.claim_number:
        bits[0] += f" {part.claim_number}"
    if part.adjuster:
        bits.append(f"adjuster {part.adjuster}")
    bits.append(f"deductible {money(part.deductible_agreed)}")
    if part.approval is not None:
        bits.append(f"approved up to {money(part.approval)}")
    if part.covered_positions:
        bits.append("covers lines " + ", ".join(str(p) for p in part.covered_positions))
    return " · ".join(bits)


def _table(part: PayerPartView) -> Table:
    rows: list[list[object]] = [
        ["", "Part", "Balance"],
        [f"Covered work with its tax ({money(part.covered_tax)})", money(part.covered), ""],
        ["Less the deductible (the customer's)", money(-part.deductible), ""],
    ]
    if part.over_approval:
        rows.append(["Less what is above the approval (the customer's)", money(-part.over_approval), ""])
    rows.append([f"{part.payer_name}'s part", money(part.payer_amount), dollars(part.payer_balance)])
    rows.append(["Customer's part", money(part.customer_amount), dollars(part.customer_balance)])
    table = Table(rows, colWidths=list(COLUMNS), hAlign="RIGHT")
    last = len(rows) - 1
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("ALIGN", (0, 0), (-1, -1), "RIGHT"),
                ("FONTNAME", (0, 0), (-1, 0), BOLD),
                ("FONTNAME", (0, last - 1), (-1, last), BOLD),
                ("LINEABOVE", (0, last - 1), (-1, last - 1), 0.8, INK),
                ("BACKGROUND", (0, last - 1), (-1, last), SHADE),
            ]
        )
    )
    return table
