"""``baydesk import``: customers, vehicles, parts or past work from another system's CSV export.

The owner signs in as in ``baydesk sales``: the password comes from
``BAYDESK_PASSWORD``, ``--password-stdin``, or a prompt. See docs/import.md
for the fields, the column presets and what happens to each kind of row.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from app.domain.imports import Duplicates, ImportKind, parse_map, refused_csv

ENV_PASSWORD = "BAYDESK_PASSWORD"


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = sub.add_parser("import", help="customers, vehicles, parts or history from a CSV file")
    command.add_argument("kind", choices=[k.value for k in ImportKind], help="what the file holds")
    command.add_argument("file", metavar="FILE.csv")
    command.add_argument("--as", dest="username", required=True, help="who imports (the owner)")
    command.add_argument(
        "--map",
        metavar="COLUMN=FIELD,...",
        help="file column = BayDesk field; needed when the columns match no preset (docs/import.md)",
    )
    command.add_argument(
        "--duplicates",
        choices=[d.value for d in Duplicates],
        default=Duplicates.SKIP.value,
        help="a row matching a record already here (VIN, phone, e-mail, SKU): skip it, or fill its empty fields",
    )
    command.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    command.add_argument("--refused", metavar="OUT.csv", help="write the refused and skipped rows here")
    command.add_argument("--password-stdin", action="store_true", help="read the password from stdin")


def import_command(args: argparse.Namespace) -> int:
    from app.bootstrap import open_configured, prepare

    mapping = parse_map(args.map) if args.map else None
    services = prepare(open_configured(args.database)).services
    actor = services.setup.sign_in(args.username, _password(args), "Command line")

    def progress(done: int, total: int) -> None:
        print(f"\r{done:,} of {total:,} rows", end="", file=sys.stderr, flush=True)

    report = services.imports.run(
        actor,
        ImportKind(args.kind),
        Path(args.file),
        mapping,
        Duplicates(args.duplicates),
        args.dry_run,
        progress,
    )
    print(file=sys.stderr)
    heading = "Dry run, nothing written" if report.dry_run else "Imported"
    print(
        f"{heading}: {report.rows:,} rows in {report.seconds:.1f} s ({report.rows_per_second:,.0f} rows/s): "
        f"{report.created:,} new, {report.merged:,} merged, {len(report.skipped):,} skipped as duplicates, "
        f"{report.already:,} imported before, {len(report.refused):,} refused."
    )
    for row in (*report.refused, *report.skipped):
        print(f"  line {row.line}: {row.reason}")
    for warning in report.warnings:
        print(f"  {warning}")
    if args.refused:
        rows = sorted((*report.refused, *report.skipped), key=lambda r: r.line)
        Path(args.refused).write_text(refused_csv(report.headers, rows), encoding="utf-8", newline="")
        print(f"Refused and skipped rows written to {args.refused}")
    return 1 if report.refused else 0


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    return os.environ.get(ENV_PASSWORD) or getpass.getpass("Password: ")
