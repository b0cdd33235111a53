"""The estimate's authorization section: the history so far and the lines to sign.

Authorization is recorded per job and append-only (DOMAIN.md): who, their
relation to the owner, how (in person, phone with the number called, text,
e-mail, signature), when, the employee who took it, the amount including tax
and fees, and the difference from the previous authorization. Below the
history the customer finds the written consent to sign and, for consent given
by phone, the boxes the shop fills in.
"""

from __future__ import annotations

from decimal import Decimal

from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from app.domain.pricing import AUTH_METHOD_LABELS
from app.reports.common import (
    FAINT,
    INK,
    RULE,
    Styles,
    clock,
    day,
    document_locale,
    esc,
    figure,
    grid_style,
    money,
    para,
    rich,
    signed,
)
from app.reports.page import FieldLine
from app.services.work_orders.dto import AuthorizationView, WorkOrderView

# When, authorized by, method, phone called, taken by, amount, difference; "authorized by" takes the rest.
HISTORY_COLUMNS = (100, 0, 62, 80, 72, 58, 58)
ORAL_CAPTIONS = (
    "Date and time",
    "Person authorizing (relation)",
    "Phone number called",
    "Amount authorized",
    "Taken by (employee)",
)


def authorization_section(view: WorkOrderView, styles: Styles, width: float) -> list[Flowable]:
    """The history table (if any) and the customer's signature block."""
    story: list[Flowable] = [Spacer(1, 6), para("Authorization", styles.heading)]
    story.append(
        para(
            "No work will be done or charged without your authorization. If the work would cost more "
            "than the amount you authorized, we will ask you before doing it.",
            styles.small,
        )
    )
    story.append(Spacer(1, 4))
    if view.authorizations:
        story.append(_history(view, styles, width))
    else:
        story.append(para("No authorization has been recorded for this estimate yet.", styles.note))
    story.append(Spacer(1, 10))
    story.append(KeepTogether(_signature_block(styles, width)))
    return story


def _history(view: WorkOrderView, styles: Styles, width: float) -> Table:
    head = ["Date and time", "Authorized by", "Method", "Phone called", "Taken by", "Amount", "Difference"]
    rows: list[list[object]] = [
        [para(h, styles.head if i < 5 else styles.head_right) for i, h in enumerate(head)]
    ]
    detail_rows = []
    for auth in view.authorizations:
        rows.append(_history_row(auth, view.timezone, styles))
        detail = _detail(auth)
        if detail:
            detail_rows.append(len(rows))
            rows.append(["", rich(detail, styles.small), "", "", "", "", ""])
    fixed = sum(HISTORY_COLUMNS)
    table = Table(rows, colWidths=[w or width - fixed for w in HISTORY_COLUMNS], repeatRows=1)
    extra: list[tuple[object, ...]] = []
    for row in detail_rows:
        extra += [
            ("SPAN", (1, row), (-1, row)),
            ("LINEBELOW", (0, row - 1), (-1, row - 1), 0, FAINT),
            ("TOPPADDING", (0, row), (-1, row), 0),
        ]
    table.setStyle(grid_style(5, extra))
    return table


def _history_row(auth: AuthorizationView, timezone: str, styles: Styles) -> list[object]:
    who = auth.authorized_by + (f" ({auth.relation})" if auth.relation else "")
    return [
        rich(f"{esc(day(auth.at, timezone))}<br/>{esc(clock(auth.at, timezone))}", styles.cell),
        para(who, styles.cell),
        para(AUTH_METHOD_LABELS.get(auth.method, auth.method), styles.cell),
        para(auth.phone_called or "—", styles.cell),
        para(auth.taken_by or "—", styles.cell),
        figure(money(auth.amount), styles.cell_right, HISTORY_COLUMNS[5]),
        figure(signed(auth.difference), styles.cell_right, HISTORY_COLUMNS[6]),
    ]


def _detail(auth: AuthorizationView) -> str:
    parts = []
    if auth.approved_jobs:
        parts.append("<b>Approved:</b> " + esc("; ".join(auth.approved_jobs)))
    if auth.declined_jobs:
        parts.append("<b>Declined:</b> " + esc("; ".join(auth.declined_jobs)))
    if auth.note:
        parts.append("<b>Note:</b> " + esc(auth.note))
    return " &nbsp; ".join(parts)


def _signature_block(styles: Styles, width: float) -> list[Flowable]:
    oral = Table(
        [
            [para(caption, styles.label) for caption in ORAL_CAPTIONS],
            ["", "", "", _blank_amount(""), ""],
            ["", "", "", _blank_amount(""), ""],
        ],
        colWidths=[width * share for share in (0.19, 0.27, 0.19, 0.16, 0.19)],
        rowHeights=[None, 24, 24],
    )
    oral.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 1), (-1, -1), styles.body.fontName),
                ("FONTSIZE", (0, 1), (-1, -1), 9),
                ("TEXTCOLOR", (0, 1), (-1, -1), INK),
                ("TOPPADDING", (0, 1), (-1, -1), 7),
            ]
        )
    )
    return [
        para("Customer authorization", styles.label),
        Spacer(1, 4),
        para(
            f"I authorize the above work for the amount of {_blank_amount('______________')} (including tax).",
            styles.body,
        ),
        Spacer(1, 16),
        FieldLine([("Customer signature", 3), ("Printed name", 2.2), ("Date", 1.2)]),
        Spacer(1, 8),
        para("Return the replaced parts to me:   ☐ Yes   ☐ No", styles.body),
        Spacer(1, 10),
        para(
            "Oral authorization (filled in by the shop when consent is given by phone or in person)",
            styles.label,
        ),
        Spacer(1, 3),
        oral,
    ]


def _blank_amount(blank: str) -> str:
    """'$______', '______ €': a space to write an amount, the currency where the country puts it."""
    shop = document_locale()
    zero = Decimal(0)
    return shop.money(zero).replace(shop.amount(zero), blank).strip()
