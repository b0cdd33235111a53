"""CSV for the accountant (invoices, payments, day totals) and the date-range sales report.

Every text cell goes through ``csv_cell``: a customer named ``=HYPERLINK(...)``
opens in a spreadsheet as text, never as a formula (OWASP, CSV injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date

from app.domain.end_of_day import PAYMENT_METHOD_LABELS, ZERO, Sales, csv_cell, figures_from_json
from app.domain.errors import ValidationError
from app.domain.locale import format_amount
from app.domain.permissions import Action, Actor, require
from app.repositories.day import DayRepository, sales_of
from app.services.base import Service
from app.services.day.dto import SalesDay, SalesReport
from app.services.day.end_of_day import shop_zone
from app.services.uow import UnitOfWork

MAX_DAYS = 3 * 366
KIND_LABELS = {"invoice": "Invoice", "credit_note": "Credit note"}
TENDERS = ("cash", "card", "check", "account")
SALES_COLUMNS = (
    "labor",
    "parts",
    "fees",
    "sublet",
    "cores",
    "discount",
    "tax",
    "cash_rounding",
    "total",
)


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_cell(h) for h in header])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return out.getvalue()


def check_range(start: date, end: date) -> None:
    if end < start:
        raise ValidationError({"end": "is before the start"})
    if (end - start).days >= MAX_DAYS:
        raise ValidationError({"end": f"the range is more than {MAX_DAYS} days; export it in parts"})


class ExportService(Service):
    def invoices_csv(self, actor: Actor, start: date, end: date) -> str:
        """Every invoice and credit note posted in the range, with its stored totals."""
        require(actor, Action.EXPORT_DATA)
        check_range(start, end)

        def work(uow: UnitOfWork) -> str:
            shop = uow.shops.get(actor.shop_id)
            zone = shop_zone(shop.timezone if shop else "UTC")
            rows = []
            for inv in DayRepository(uow.session).invoices_between(actor.shop_id, start, end):
                rows.append(
                    (
                        inv.business_date.isoformat(),
                        KIND_LABELS.get(inv.kind, inv.kind),
                        inv.number,
                        inv.status,
                        inv.posted_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                        inv.customer_name,
                        inv.vehicle_description,
                        inv.plate,
                        *(getattr(inv, name) for name in SALES_COLUMNS),
                        "yes" if inv.on_account else "no",
                        inv.void_business_date.isoformat() if inv.void_business_date else "",
                        inv.void_reason,
                    )
                )
            header = (
                "business_date",
                "document",
                "number",
                "status",
                "posted_at",
                "customer",
                "vehicle",
                "plate",
                *SALES_COLUMNS,
                "on_account",
                "voided_on",
                "void_reason",
            )
            return to_csv(header, rows)

        return self._report(work)

    def payments_csv(self, actor: Actor, start: date, end: date) -> str:
        """Every payment, refund and charge to account in the range (card: brand and last four only)."""
        require(actor, Action.EXPORT_DATA)
        check_range(start, end)

        def work(uow: UnitOfWork) -> str:
            shop = uow.shops.get(actor.shop_id)
            zone = shop_zone(shop.timezone if shop else "UTC")
            rows = []
            for pay, kind, number, terminal in DayRepository(uow.session).payments_between(
                actor.shop_id, start, end
            ):
                document = f"{KIND_LABELS.get(kind, kind)} {number}" if number is not None else ""
                rows.append(
                    (
                        pay.business_date.isoformat(),
                        pay.received_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                        PAYMENT_METHOD_LABELS.get(pay.method, pay.method),
                        pay.kind,
                        pay.amount,
                        pay.tendered,
                        pay.change_given,
                        document,
                        pay.card_brand,
                        pay.card_last4,
                        pay.processor_reference,
                        pay.check_number,
                        terminal or "",
                        pay.note,
                    )
                )
            header = (
                "business_date",
                "received_at",
                "method",
                "kind",
                "amount",
                "tendered",
                "change",
                "document",
                "card_brand",
                "card_last4",
                "processor_reference",
                "check_number",
                "terminal",
                "note",
            )
            return to_csv(header, rows)

        return self._report(work)

    def sales_report(self, actor: Actor, start: date, end: date) -> SalesReport:
        """Net sales per day over a range: invoices plus credit notes less voids, by category."""
        require(actor, Action.VIEW_OWNER_REPORTS)
        check_range(start, end)
        return self._report(lambda uow: _sales_report(uow, actor, start, end))

    def sales_report_csv(self, actor: Actor, start: date, end: date) -> str:
        """The sales report as CSV: one line per day with sales, net by category, and a total line."""
        require(actor, Action.EXPORT_DATA)
        report = self.sales_report(actor, start, end)
        rows = [
            (
                d.business_date.isoformat(),
                "yes" if d.closed else "no",
                d.invoice_count,
                d.credit_note_count,
                d.void_count,
                *(getattr(d.net, name) for name in SALES_COLUMNS),
            )
            for d in report.days
        ]
        rows.append(("total", "", *_counts(report), *(getattr(report.total, name) for name in SALES_COLUMNS)))
        header = ("business_date", "closed", "invoices", "credit_notes", "voids", *SALES_COLUMNS)
        return to_csv(header, rows)

    def day_totals_csv(self, actor: Actor, start: date, end: date) -> str:
        """The closed days' frozen totals: sales, tax, money taken by method, cash, grand total."""
        require(actor, Action.EXPORT_DATA)
        check_range(start, end)

        def work(uow: UnitOfWork) -> str:
            repo = DayRepository(uow.session)
            closes = repo.closes(actor.shop_id, start, end)
            names = repo.user_names({c.closed_by for c in closes})
            rows = []
            for close in closes:
                f = figures_from_json(close.figures)
                paid = {p.method: p.amount for p in f.payments}
                rows.append(
                    (
                        close.business_date.isoformat(),
                        names.get(close.closed_by, ""),
                        close.invoice_count,
                        close.gross_sales,
                        close.net_sales,
                        close.tax,
                        f.net.total,
                        *(paid.get(method, ZERO) for method in TENDERS),
                        close.payments_total,
                        f.cash_over_short,
                        f.deposits,
                        f.car_count,
                        close.grand_total_after,
                    )
                )
            header = (
                "business_date",
                "closed_by",
                "invoices",
                "gross_sales",
                "net_sales",
                "tax",
                "net_total",
                *(f"paid_{method}" for method in TENDERS),
                "money_taken",
                "cash_over_short",
                "deposits",
                "car_count",
                "grand_total",
            )
            return to_csv(header, rows)

        return self._report(work)


def _counts(report: SalesReport) -> tuple[int, int, int]:
    return (
        sum(d.invoice_count for d in report.days),
        sum(d.credit_note_count for d in report.days),
        sum(d.void_count for d in report.days),
    )


def _sales_report(uow: UnitOfWork, actor: Actor, start: date, end: date) -> SalesReport:
    repo = DayRepository(uow.session)
    posted: dict[date, dict[str, Sales]] = {}
    for row in repo.daily_sales(actor.shop_id, start, end):
        posted.setdefault(row[0], {})[row[1]] = sales_of(tuple(row[2:]))
    voided = {row[0]: sales_of(tuple(row[1:])) for row in repo.daily_voids(actor.shop_id, start, end)}
    closed = {c.business_date for c in repo.closes(actor.shop_id, start, end)}
    days = []
    for day in sorted({*posted, *voided}):
        invoices = posted.get(day, {}).get("invoice", Sales())
        credits = posted.get(day, {}).get("credit_note", Sales())
        voids = voided.get(day, Sales())
        net = invoices.plus(credits).plus(voids, -1)
        days.append(SalesDay(day, invoices.count, credits.count, voids.count, net, day in closed))
    total = Sales()
    for d in days:
        total = total.plus(d.net)
    return SalesReport(start, end, tuple(days), total)


def sales_report_text(report: SalesReport) -> str:
    """The sales report as a plain-text table, for the command line."""
    header = ("Day", "Inv", "Cr", "Void", "Labor", "Parts", "Fees", "Sublet", "Tax", "Total", "")
    lines = [
        (
            d.business_date.isoformat(),
            str(d.invoice_count),
            str(d.credit_note_count),
            str(d.void_count),
            *(
                format_amount(getattr(d.net, name))
                for name in ("labor", "parts", "fees", "sublet", "tax", "total")
            ),
            "closed" if d.closed else "open",
        )
        for d in report.days
    ]
    counts = _counts(report)
    lines.append(
        (
            "Total",
            *(str(c) for c in counts),
            *(
                format_amount(getattr(report.total, n))
                for n in ("labor", "parts", "fees", "sublet", "tax", "total")
            ),
            "",
        )
    )
    widths = [max(len(row[i]) for row in (header, *lines)) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c.ljust(w) if i in (0, 10) else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    title = (
        f"Sales {report.start.isoformat()} to {report.end.isoformat()} (net: invoices + credit notes - voids)"
    )
    return "\n".join([title, line(header), *(line(row) for row in lines)]).rstrip()
