"""The money at the foot of the printed invoice: the totals block (labor and parts apart, tax
apart, the total), the payments with the balance due, and the authorization history."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from app.domain.pricing import AUTH_METHOD_LABELS
from app.reports.common import (
    INK,
    MUTED,
    RULE,
    SHADE,
    Styles,
    clock,
    day,
    document_locale,
    dollars,
    money,
    para,
    percent,
    signed,
)
from app.reports.fonts import BOLD, REGULAR
from app.reports.invoice_cells import CELL, fit_size, plain_style
from app.services.invoicing.dto import InvoiceView, PaymentView

TOTALS_COLUMNS = (210, 96)
PAYMENT_COLUMNS = (96, 70, 0, 80)
HISTORY_COLUMNS = (100, 0, 70, 80, 72, 64)


def totals_rows(view: InvoiceView) -> list[tuple[str, str]]:
    """The totals block, label and printed figure, in order (also what the receipt prints)."""
    t = view.totals
    rows: list[tuple[str, str]] = [
        ("Labor", money(t.labor)),
        ("Parts", money(t.parts)),
        ("Fees", money(t.fees - t.shop_supplies)),
        ("Sublet", money(t.sublet)),
    ]
    if t.cores:
        rows.append(("Core charges (refundable)", money(t.cores)))
    if t.shop_supplies:
        rows.append(("Shop supplies", money(t.shop_supplies)))
    rows.append(("Subtotal", money(t.subtotal)))
    if view.tax_components:  # priced by the price sheet: each component as it was printed
        rows += [(label, money(amount)) for label, amount in view.tax_components]
        if view.tax_exempt_number:
            rows.append((f"Exempt: certificate {view.tax_exempt_number}", ""))
    elif view.tax_exempt_number:
        rows.append((f"Tax: exempt, certificate {view.tax_exempt_number}", money(t.tax)))
    elif view.priced_by_sheet:  # priced by the sheet with nothing taxed: not the single rate
        rows.append(("Tax", money(t.tax)))
    else:
        rows.append((f"Tax ({percent(view.tax_rate)})", money(t.tax)))
    if t.cash_rounding:
        rows.append(("Cash rounding", money(t.cash_rounding)))
    return rows


def totals(view: InvoiceView, styles: Styles) -> list[Flowable]:
    """The totals block, right-aligned, ending on the total in bold on a shaded row."""
    t = view.totals
    rows: list[list[object]] = [[label, value] for label, value in totals_rows(view)]
    subtotal_row = next(i for i, row in enumerate(rows) if row[0] == "Subtotal")
    last = len(rows)
    rows.append(["TOTAL CREDIT" if view.kind == "credit_note" else "TOTAL", dollars(t.total)])
    extra: list[tuple[object, ...]] = []
    if t.discount:  # already taken off the lines above: shown, not subtracted again
        rows.append(["Includes discounts of", money(t.discount)])
        extra += [("FONTSIZE", (0, -1), (-1, -1), 8), ("TEXTCOLOR", (0, -1), (-1, -1), MUTED)]
    for note in view.pricing_notes:  # the job and ticket discounts, with their reasons
        rows.append([note, ""])
        extra += [("FONTSIZE", (0, -1), (-1, -1), 8), ("TEXTCOLOR", (0, -1), (-1, -1), MUTED)]
    grand = fit_size(dollars(t.total), TOTALS_COLUMNS[1], 11.5, BOLD)
    table = Table(rows, colWidths=list(TOTALS_COLUMNS), hAlign="RIGHT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("LEADING", (0, 0), (-1, -1), 12),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("ALIGN", (0, 0), (-1, -1), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LINEABOVE", (0, subtotal_row), (-1, subtotal_row), 0.5, RULE),
                ("FONTNAME", (0, last), (-1, last), BOLD),
                ("FONTSIZE", (0, last), (0, last), 11.5),
                ("FONTSIZE", (1, last), (1, last), grand),
                ("LEADING", (0, last), (-1, last), 14),
                ("LINEABOVE", (0, last), (-1, last), 1.2, INK),
                ("BACKGROUND", (0, last), (-1, last), SHADE),
                ("TOPPADDING", (0, last), (-1, last), 5),
                ("BOTTOMPADDING", (0, last), (-1, last), 5),
                *extra,
            ]
        )
    )
    return [table]


def totals_and_balance(view: InvoiceView, styles: Styles, width: float) -> Flowable:
    """The totals, the payments and the balance due on one page: a TOTAL never leaves its BALANCE DUE.

    Only a payments list longer than a page is split (ReportLab's KeepTogether
    then lays it out as it comes).
    """
    return KeepTogether([*totals(view, styles), Spacer(1, 8), *payments(view, styles, width)])


def payments(view: InvoiceView, styles: Styles, width: float) -> list[Flowable]:
    """Every payment on the invoice, then what was paid and the balance (or what is owed back)."""
    return [
        para("Payments", styles.heading),
        Spacer(1, 3),
        _payments_table(view, styles, width),
        Spacer(1, 4),
        _balance(view),
    ]


def _payments_table(view: InvoiceView, styles: Styles, width: float) -> Table:
    fixed = sum(PAYMENT_COLUMNS)
    columns = [w or width - fixed for w in PAYMENT_COLUMNS]
    rows: list[list[object]] = [["Date", "Method", "Detail", "Amount"]]
    for p in view.payments:
        detail = _payment_detail(p)
        cell: object = detail
        if stringWidth(detail, REGULAR, CELL) > columns[2] - 8:
            cell = para(detail, styles.cell)
        rows.append(
            [
                f"{day(p.received_at, view.timezone)} {clock(p.received_at, view.timezone)}",
                p.method_label,
                cell,
                money(p.amount),
            ]
        )
    if not view.payments:
        rows.append(["", "No payment yet.", "", ""])
    table = Table(rows, colWidths=columns, repeatRows=1)
    table.setStyle(plain_style(3))
    return table


def _payment_detail(payment: PaymentView) -> str:
    """How it was paid, marked as a deposit or as a payment on the customer's account."""
    detail = payment.described(document_locale())
    if payment.kind == "deposit":
        detail = ("Deposit. " + detail).strip()
    if payment.settles_account:
        detail = ("Account payment. " + detail).strip()
    return detail


def _balance(view: InvoiceView) -> Table:
    """Paid, then the balance due (or owed to the customer) in bold; what is open on account."""
    owed = view.balance_due < 0
    summary: list[list[object]] = [
        ["Paid", money(view.paid)],
        [
            "OWED TO CUSTOMER" if owed else ("CUSTOMER'S BALANCE DUE" if view.payer else "BALANCE DUE"),
            dollars(abs(view.balance_due)),
        ],
    ]
    if view.on_account and view.account_open:
        summary.append(["Open on account", money(view.account_open)])
    box = Table(summary, colWidths=list(TOTALS_COLUMNS), hAlign="RIGHT")
    box.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("ALIGN", (0, 0), (-1, -1), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("FONTNAME", (0, 1), (-1, 1), BOLD),
                ("FONTSIZE", (0, 1), (-1, 1), 11.5),
                ("LEADING", (0, 1), (-1, 1), 14),
                ("LINEABOVE", (0, 1), (-1, 1), 1.2, INK),
                ("BACKGROUND", (0, 1), (-1, 1), SHADE),
                # never split across pages; not a KeepTogether, which inside the one around the
                # totals measured as endless and pushed every invoice's totals onto a new page
                ("NOSPLIT", (0, 0), (-1, -1)),
            ]
        )
    )
    return box


def history(view: InvoiceView, styles: Styles, width: float) -> Table:
    """Each authorization: when, who (and who took it), how, the amount and its difference."""
    fixed = sum(HISTORY_COLUMNS)
    columns = [w or width - fixed for w in HISTORY_COLUMNS]
    rows: list[list[object]] = [
        ["Date and time", "Authorized by", "Method", "Phone called", "Amount", "Difference"]
    ]
    for auth in view.authorizations:
        who = auth.authorized_by + (f" ({auth.relation})" if auth.relation else "")
        if auth.taken_by:
            who += f", taken by {auth.taken_by}"
        rows.append(
            [
                f"{day(auth.at, view.timezone)} {clock(auth.at, view.timezone)}",
                para(who, styles.cell),
                AUTH_METHOD_LABELS.get(auth.method, auth.method),
                auth.phone_called or "—",
                money(auth.amount),
                signed(auth.difference),
            ]
        )
    table = Table(rows, colWidths=columns, repeatRows=1)
    table.setStyle(plain_style(4))
    return table
