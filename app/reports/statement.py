"""An account customer's statement for a date range, with its aging."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer, Table

from app.domain.locale import ShopLocale
from app.domain.payments import AGING_BUCKETS
from app.reports.common import (
    INK,
    SHADE,
    Styles,
    day,
    dollars,
    esc,
    figure,
    grid_style,
    header_block,
    info_boxes,
    money,
    para,
    printed_in,
)
from app.reports.page import PageText, build_pdf, content_width
from app.services.invoicing.dto import StatementView

COLUMNS = (70, 90, 0, 70, 70, 76)  # date, reference, description, charges, credits, balance


def statement_pdf(view: StatementView, shop: ShopLocale) -> bytes:
    """The statement as PDF bytes on the shop's paper: heading, running balance, aging."""
    with printed_in(shop):
        return _statement(view, shop.paper)


def _statement(view: StatementView, page_size: str) -> bytes:
    styles = Styles()
    width = content_width(page_size)
    period = f"{day(view.start)} to {day(view.end)}"
    story: list[Flowable] = [
        *_heading(view, styles, width, period),
        _ledger(view, styles, width),
        *_aging(view, styles, width),
        Spacer(1, 8),
        para("Please pay by the due date shown on each invoice. Thank you for your business.", styles.small),
    ]
    return build_pdf(
        story,
        page_size,
        PageText(
            title=f"Statement {view.customer_name}",
            author=view.shop_name,
            subject=f"Statement {period}",
            running_header=f"Statement · {view.customer_name} · {period}",
            footer=f"{view.shop_name} · Statement for {view.customer_name}",
        ),
    )


def _heading(view: StatementView, styles: Styles, width: float, period: str) -> list[Flowable]:
    """The shop, the period and the terms; then the account's name and address."""
    return [
        header_block(
            styles,
            (view.shop_name, view.shop_address, view.shop_phone),
            "STATEMENT",
            [
                esc(period),
                f"Printed {esc(day(view.printed_on))}",
                f"Terms: net {view.terms_days}",
            ],
            width,
        ),
        Spacer(1, 10),
        info_boxes(
            styles, [("Account", [("Name", view.customer_name), ("Address", view.customer_address)])], width
        ),
        Spacer(1, 8),
    ]


def _ledger(view: StatementView, styles: Styles, width: float) -> Table:
    """Opening balance, every charge and credit with the balance after it, closing balance."""
    head = ["Date", "Reference", "Description", "Charges", "Credits", "Balance"]
    rows: list[list[object]] = [
        [para(h, styles.head if i < 3 else styles.head_right) for i, h in enumerate(head)],
        _balance_row("Opening balance", money(view.opening_balance), styles),
    ]
    for line in view.lines:
        due = f" (due {day(line.due_date)})" if line.due_date else ""
        rows.append(
            [
                para(day(line.when), styles.cell),
                para(line.reference, styles.cell),
                para(line.description + due, styles.cell),
                figure(money(line.charge) if line.charge else "", styles.cell_right, COLUMNS[3]),
                figure(money(line.credit) if line.credit else "", styles.cell_right, COLUMNS[4]),
                figure(money(line.balance), styles.cell_right, COLUMNS[5]),
            ]
        )
    rows.append(_balance_row("Closing balance", dollars(view.closing_balance), styles))
    fixed = sum(COLUMNS)
    table = Table(rows, colWidths=[w or width - fixed for w in COLUMNS], repeatRows=1)
    last = len(rows) - 1
    table.setStyle(
        grid_style(
            3, [("BACKGROUND", (0, last), (-1, last), SHADE), ("LINEABOVE", (0, last), (-1, last), 1, INK)]
        )
    )
    return table


def _balance_row(label: str, amount: str, styles: Styles) -> list[object]:
    return ["", "", para(label, styles.cell_bold), "", "", figure(amount, styles.cell_bold_right, COLUMNS[5])]


def _aging(view: StatementView, styles: Styles, width: float) -> list[Flowable]:
    """What is still open, by how many days overdue, and in all."""
    aging_rows = [
        [para(f"{b} days", styles.head_right) for b in AGING_BUCKETS]
        + [para("Total open", styles.head_right)],
        [figure(money(view.aging.get(b, 0)), styles.cell_right, width / 5) for b in AGING_BUCKETS]  # type: ignore[arg-type]
        + [figure(money(sum(view.aging.values())), styles.cell_bold_right, width / 5)],  # type: ignore[arg-type]
    ]
    aging = Table(aging_rows, colWidths=[width / 5] * 5)
    aging.setStyle(grid_style(0))
    return [Spacer(1, 10), para("Aging of what is open", styles.heading), Spacer(1, 3), aging]
