"""The written estimate a customer takes home or signs at the counter.

What it must show (Cal. Bus. & Prof. Code 9884.9; Cal. Code Regs. tit. 16,
3356; DOMAIN.md, Estimates and authorization): every job and every line with
its own price, each part marked new, used, rebuilt, OEM or aftermarket,
sublet work disclosed as sublet, labor and parts subtotalled apart, tax apart,
and room for the customer's authorization. The amounts are the work order's
own snapshot (``view.totals``); nothing is recomputed here, so the paper
equals the screen to the cent.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from app.reports.authorization import authorization_section
from app.reports.common import (
    CONDITION_LABELS,
    DECISION_LABELS,
    INK,
    KIND_LABELS,
    MUTED,
    RULE,
    SHADE,
    Styles,
    day,
    day_time,
    dollars,
    esc,
    figure,
    grid_style,
    header_block,
    info_boxes,
    miles,
    money,
    para,
    percent,
    printed_in,
    quantity,
    rich,
)
from app.reports.page import PageText, build_pdf, content_width
from app.services.work_orders.dto import JobView, LineView, WorkOrderView

CENT = Decimal("0.01")
# Type, description, part no., condition, qty/hrs, unit price, amount; the description takes the rest.
FIXED_COLUMNS = (40, 0, 72, 62, 44, 60, 62)
QTY, PRICE, AMOUNT = FIXED_COLUMNS[4:]
TOTALS_COLUMNS = (210, 96)  # label, amount


def estimate_pdf(view: WorkOrderView) -> bytes:
    """The estimate for ``view`` as PDF bytes, on the shop's paper and in its way of writing."""
    with printed_in(view.shop_locale) as shop:
        return _estimate(view, shop.paper)


def _estimate(view: WorkOrderView, page_size: str) -> bytes:
    styles = Styles()
    width = content_width(page_size)
    story: list[Flowable] = [
        _header(view, styles, width),
        Spacer(1, 10),
        _parties(view, styles, width),
        Spacer(1, 6),
    ]
    if view.needs_reauthorization and view.authorized_total is not None:
        story.append(
            rich(
                "<b>Revised estimate.</b> Work has been added or changed since your last authorization "
                f"of {dollars(view.authorized_total)}. The difference of "
                f"<b>{dollars(view.reauthorization_difference)}</b> needs your authorization before the work is done.",
                styles.body,
            )
        )
    story.append(para("Estimated work", styles.heading))
    story.append(
        para(
            "Each part is marked New, Used, Rebuilt, OEM or Aftermarket. "
            "Sublet work is done for us by another business and is marked Sublet.",
            styles.small,
        )
    )
    story.append(Spacer(1, 4))
    for job in view.jobs:
        story.append(_job_block(job, styles, width))
    if not view.jobs:
        story.append(para("No work has been entered on this estimate yet.", styles.note))
    story.append(Spacer(1, 8))
    story.append(KeepTogether(_totals(view, styles, width)))
    story.extend(authorization_section(view, styles, width))
    customer = view.customer_name or "customer"
    return build_pdf(
        story,
        page_size,
        PageText(
            title=f"Estimate {view.number}",
            author=view.shop_name,
            subject=f"Estimate for {customer}, {view.vehicle}",
            running_header=f"Estimate {view.number} · {customer} · {view.vehicle}",
            footer=f"{view.shop_name} · Estimate for work order {view.number}",
        ),
    )


def _header(view: WorkOrderView, styles: Styles, width: float) -> Table:
    subtitle = [
        f"Work order no. <b>{view.number}</b>",
        f"Date: {esc(day(view.created_at, view.timezone))}",
    ]
    if view.promised_at is not None:
        subtitle.append(f"Promised: {esc(day_time(view.promised_at, view.timezone))}")
    shop = (view.shop_name, view.shop_address, view.shop_phone)
    return header_block(styles, shop, "ESTIMATE", subtitle, width)


def _parties(view: WorkOrderView, styles: Styles, width: float) -> Table:
    customer = [
        ("Name", view.customer_name),
        ("Phone", view.customer_phone),
        ("Address", view.customer_address),
    ]
    if view.tax_exempt_number:
        customer.append(("Tax exempt", f"Certificate {view.tax_exempt_number}"))
    vehicle = [
        ("Vehicle", view.vehicle),
        ("VIN", view.vin or "—"),
        ("Plate", view.plate or "—"),
        ("Odometer in", miles(view.odometer_in)),
    ]
    return info_boxes(styles, [("Customer", customer), ("Vehicle", vehicle)], width)


def _columns(width: float) -> list[float]:
    fixed = sum(FIXED_COLUMNS)
    return [w or width - fixed for w in FIXED_COLUMNS]


def _job_block(job: JobView, styles: Styles, width: float) -> Flowable:
    """One job: its title and decision, the concern, and a table of its lines."""
    declined = job.decision == "declined"
    state = DECISION_LABELS.get(job.decision, job.decision)
    if declined:
        state = "DECLINED · not included in total"
    title = Table(
        [[para(f"{job.position}. {job.title}", styles.job), para(state, styles.job_state)]],
        colWidths=[width * 0.62, width * 0.38],
    )
    title.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("TEXTCOLOR", (1, 0), (1, 0), MUTED if declined else INK),
            ]
        )
    )
    parts: list[Flowable] = [Spacer(1, 6), title]
    if job.concern:
        parts.append(rich(f"<b>Concern:</b> {esc(job.concern)}", styles.body))
    if job.cause:
        parts.append(rich(f"<b>Cause:</b> {esc(job.cause)}", styles.body))
    parts.append(Spacer(1, 3))
    parts.append(_lines_table(job, styles, width))
    return KeepTogether(parts)


def _lines_table(job: JobView, styles: Styles, width: float) -> Table:
    declined = job.decision == "declined"
    text = styles.cell_muted if declined else styles.cell
    head = ["Type", "Description", "Part no.", "Condition", "Qty", "Unit price", "Amount"]
    rows: list[list[object]] = [
        [para(h, styles.head if i < 4 else styles.head_right) for i, h in enumerate(head)]
    ]
    for line in job.lines:
        rows.append(_line_row(line, styles, text))
        core = _core_amount(line)
        if core:
            rows.append(_core_row(line, core, styles, text))
    if not job.lines:
        rows.append([para("", text), para("No lines on this job yet.", styles.cell_muted), *[""] * 5])
    label = "Declined, not included in total" if declined else f"Job {job.position} subtotal"
    rows.append(
        [
            para(label, styles.cell_bold_right),
            "",
            "",
            "",
            "",
            "",
            figure(money(job.subtotal), styles.cell_bold_right, AMOUNT),
        ]
    )
    last = len(rows) - 1
    table = Table(rows, colWidths=_columns(width), repeatRows=1)
    table.setStyle(
        grid_style(
            4,
            [
                ("SPAN", (0, last), (5, last)),
                ("LINEABOVE", (0, last), (-1, last), 0.6, RULE),
                ("BACKGROUND", (0, last), (-1, last), SHADE if not declined else None),
            ],
        )
    )
    return table


def _line_row(line: LineView, styles: Styles, text: ParagraphStyle) -> list[object]:
    kind = KIND_LABELS.get(line.kind, line.kind.title())
    description = esc(line.description)
    if line.kind == "sublet":
        by = f"by {esc(line.vendor)}" if line.vendor else "by an outside business"
        description += f"<br/><font size=7 color='#5b6570'>Sublet: work done {by}</font>"
    if line.discount_percent:
        description += (
            f"<br/><font size=7 color='#5b6570'>Less {quantity(line.discount_percent)}% discount</font>"
        )
    condition = CONDITION_LABELS.get(line.condition, line.condition.title()) if line.kind == "part" else ""
    qty = f"{quantity(line.quantity)} h" if line.kind == "labor" else quantity(line.quantity)
    return [
        para(kind, text),
        rich(description, text),
        para(line.part_number, text),
        para(condition or ("Sublet" if line.kind == "sublet" else ""), text),
        figure(qty, styles.cell_right, QTY),
        figure(money(line.unit_price), styles.cell_right, PRICE),
        figure(money(line.amount), styles.cell_right, AMOUNT),
    ]


def _core_row(line: LineView, core: Decimal, styles: Styles, text: ParagraphStyle) -> list[object]:
    """A part's refundable core deposit, printed as its own priced row under the part."""
    return [
        para("Core", text),
        para("Core deposit, refunded when the old part is returned", text),
        para("", text),
        para("", text),
        figure(quantity(line.quantity), styles.cell_right, QTY),
        figure(money(line.core_charge), styles.cell_right, PRICE),
        figure(money(core), styles.cell_right, AMOUNT),
    ]


def _core_amount(line: LineView) -> Decimal:
    """The refundable core deposit on a part line, rounded the way the totals round it."""
    if not line.core_charge:
        return Decimal("0")
    return (line.quantity * line.core_charge).quantize(CENT, rounding=ROUND_HALF_UP)


def _totals(view: WorkOrderView, styles: Styles, width: float) -> list[Flowable]:
    """The totals, exactly as the work order computed them, right-aligned under the jobs."""
    t = view.totals
    rows: list[tuple[str, str]] = [
        ("Labor", money(t.labor)),
        ("Parts", money(t.parts)),
        ("Fees", money(t.fees)),
        ("Sublet", money(t.sublet)),
    ]
    if t.cores:
        rows.append(("Core charges (refundable)", money(t.cores)))
    if t.shop_supplies:
        rows.append((t.shop_supplies_label or "Shop supplies", money(t.shop_supplies)))
    rows.append(("Subtotal", money(t.total - t.tax)))
    if view.tax_components:  # priced by the price sheet: each component
        rows += [(label, money(amount)) for label, amount in view.tax_components]
    elif view.tax_exempt_number:
        rows.append((f"Tax: exempt, certificate {view.tax_exempt_number}", money(t.tax)))
    elif view.price_sheet is not None:  # priced by the sheet with nothing taxed: not the single rate
        rows.append(("Tax", money(t.tax)))
    else:
        rows.append((f"Tax ({percent(view.tax_rate)})", money(t.tax)))
    data: list[list[object]] = [
        [para(label, styles.total), figure(value, styles.total, TOTALS_COLUMNS[1])] for label, value in rows
    ]
    data.append([para("TOTAL", styles.grand), figure(dollars(t.total), styles.grand, TOTALS_COLUMNS[1])])
    subtotal_row, last = len(rows) - 2, len(data) - 1
    if t.discount:  # already taken off the line amounts above: shown, not subtracted again
        data.append(
            [
                para("Includes discounts of", styles.note_right),
                figure(money(t.discount), styles.note_right, TOTALS_COLUMNS[1]),
            ]
        )
    for d in view.discounts:  # the job and ticket discounts among them, each with its reason
        if d.amount:
            label = f"{d.label} discount: {d.reason}"
            data.append(
                [
                    para(label, styles.note_right),
                    figure(money(d.amount), styles.note_right, TOTALS_COLUMNS[1]),
                ]
            )
    table = Table(data, colWidths=list(TOTALS_COLUMNS), hAlign="RIGHT")
    table.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LINEABOVE", (0, subtotal_row), (-1, subtotal_row), 0.5, RULE),
                ("LINEABOVE", (0, last), (-1, last), 1.2, INK),
                ("BACKGROUND", (0, last), (-1, last), SHADE),
                ("TOPPADDING", (0, last), (-1, last), 5),
                ("BOTTOMPADDING", (0, last), (-1, last), 5),
            ]
        )
    )
    return [table]
