"""``baydesk discounts``: every discount given on invoices posted in a range of business days.

Each job and ticket discount with its reason, and each invoice's line
discounts; the owner signs in as in ``baydesk sales``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from decimal import Decimal

from app.cli_books import _password
from app.domain.locale import format_amount


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    report = sub.add_parser("discounts", help="the discount report for a range of business days")
    report.add_argument("--from", dest="start", required=True, help="first business day, YYYY-MM-DD")
    report.add_argument("--to", dest="end", required=True, help="last business day, YYYY-MM-DD")
    report.add_argument("--as", dest="username", required=True, help="who asks (the owner)")
    report.add_argument("--password-stdin", action="store_true", help="read the password from stdin")


def discounts_command(args: argparse.Namespace) -> int:
    from app.bootstrap import open_configured, prepare

    try:
        start, end = date.fromisoformat(args.start), date.fromisoformat(args.end)
    except ValueError:
        print("baydesk: dates are written YYYY-MM-DD", file=sys.stderr)
        return 2
    services = prepare(open_configured(args.database)).services
    actor = services.setup.sign_in(args.username, _password(args), "Command line")
    rows = services.price_sheet.discount_report(actor, start, end)
    total = sum((r.amount for r in rows), Decimal("0.00"))
    print(f"Discounts from {start.isoformat()} to {end.isoformat()}")
    for r in rows:
        print(
            f"{r.business_date.isoformat()}  invoice {r.invoice_number}  {r.customer[:30]:<30}  "
            f"{r.label}: {r.reason}  {format_amount(r.amount)}{_who(r.given_by, r.approved_by)}"
        )
    print(f"{len(rows)} discount(s), {format_amount(total)} in all")
    return 0


def _who(given: str, approved: str) -> str:
    """Who gave a job or ticket discount, and the owner who approved it above the giver's limit."""
    said = f"  given by {given}" if given else ""
    return said + (f", approved by {approved}" if approved else "")
