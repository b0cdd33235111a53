"""``baydesk books export``: a period's journal for the accountant, from the command line.

The owner signs in as in ``baydesk sales``: the password comes from
``BAYDESK_PASSWORD``, ``--password-stdin``, or a prompt.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import date
from pathlib import Path

ENV_PASSWORD = "BAYDESK_PASSWORD"


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    books = sub.add_parser("books", help="the accountant's export (QuickBooks IIF, journal CSV)")
    books_sub = books.add_subparsers(dest="books_command", required=True)
    export = books_sub.add_parser("export", help="a period's journal; see docs/accounting.md")
    export.add_argument("--from", dest="start", required=True, help="first business day, YYYY-MM-DD")
    export.add_argument("--to", dest="end", required=True, help="last business day, YYYY-MM-DD")
    export.add_argument(
        "--format",
        choices=("iif", "journal"),
        required=True,
        help="iif: QuickBooks Desktop; journal: CSV for QuickBooks Online or Xero",
    )
    export.add_argument("--as", dest="username", required=True, help="who exports (the owner)")
    export.add_argument("--out", metavar="FILE", help="write here (default: books-FROM-to-TO.iif/.csv)")
    export.add_argument("--password-stdin", action="store_true", help="read the password from stdin")


def books_command(args: argparse.Namespace) -> int:
    from app.bootstrap import open_configured, prepare

    try:
        start, end = date.fromisoformat(args.start), date.fromisoformat(args.end)
    except ValueError:
        print("baydesk: dates are written YYYY-MM-DD", file=sys.stderr)
        return 2
    services = prepare(open_configured(args.database, report=getattr(args, "report_database", None))).services
    actor = services.setup.sign_in(args.username, _password(args), "Command line")
    result = services.books.export(actor, start, end, args.format)
    out = Path(args.out) if args.out else Path(result.filename)
    out.write_bytes(result.content)
    print(f"{result.entries:,} entries, {result.debits:,.2f} in debits and credits, written to {out}")
    for mark in result.earlier:
        same = " (the same bytes)" if mark.sha256 == result.sha256 and mark.format == result.format else ""
        print(
            f"Exported before: {mark.start.isoformat()} to {mark.end.isoformat()} as {mark.format} "
            f"by {mark.exported_by} at {mark.exported_at:%Y-%m-%d %H:%M} UTC{same}"
        )
    if result.open_days:
        days = ", ".join(d.isoformat() for d in result.open_days)
        print(f"Not closed yet, may still change: {days}")
    return 0


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    return os.environ.get(ENV_PASSWORD) or getpass.getpass("Password: ")
