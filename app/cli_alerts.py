"""``baydesk alerts check`` and ``baydesk readings import``: the machine's side of alerts and readings.

Both run without a signed-in person, like ``audit verify`` and ``backup``:
whoever runs them holds the database. ``alerts check`` is for a server's
cron (every few minutes); ``readings import`` takes files or a folder, and
with ``--watch`` keeps importing what telematics software drops there.
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.errors import BayDeskError, ValidationError

if TYPE_CHECKING:
    from app.db.engine import Database
    from app.services.alerts.registry import MachineFacts
    from app.services.container import Services
    from app.services.readings.dto import ImportOptions

READING_SUFFIXES = (".csv", ".txt", ".json", ".jsonl", ".ndjson")
WATCH_EVERY_S = 10.0


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """The two commands, added to the ``baydesk`` parser."""
    alerts = sub.add_parser("alerts", help="alert rules and alerts")
    alerts_sub = alerts.add_subparsers(dest="alerts_command", required=True)
    check = alerts_sub.add_parser("check", help="evaluate the alert rules now (for cron)")
    check.add_argument("--shop-id", default="", help="one shop of a chain (default: every shop)")

    readings = sub.add_parser("readings", help="vehicle readings from scan tools and telematics")
    readings_sub = readings.add_subparsers(dest="readings_command", required=True)
    imp = readings_sub.add_parser("import", help="import CSV/JSON readings files (see docs/readings.md)")
    imp.add_argument("paths", nargs="+", metavar="FILE", help="files, or folders of .csv/.json files")
    imp.add_argument("--shop-id", default="", help="the shop (default: the settings' shop, or the only one)")
    imp.add_argument("--vin", default="", help="every line is this vehicle's (a scan-tool log of one car)")
    imp.add_argument(
        "--map", action="append", default=[], metavar="FIELD=COLUMN", help="read FIELD from COLUMN"
    )
    imp.add_argument(
        "--unit", action="append", default=[], metavar="FIELD=UNIT", help="odometer=km, coolant=F"
    )
    imp.add_argument("--date-order", choices=("mdy", "dmy"), default="", help="for dates like 03/04/2026")
    imp.add_argument("--source", default="", help='"scan tool" or "telematics" (default: guessed)')
    imp.add_argument("--watch", action="store_true", help="keep watching the folders for new files")
    imp.add_argument("--every", type=float, default=WATCH_EVERY_S, help="seconds between looks (--watch)")


def alerts_command(args: argparse.Namespace) -> int:
    services = _services(args)
    alerts = services.alerts
    facts = _machine_facts(services.db)
    one = _uuid(args.shop_id) if args.shop_id else None
    result = alerts.check(one, facts=facts) if one else alerts.check_all(facts=facts)
    print(f"Alerts: {result.raised} raised, {result.resolved} resolved, {result.updated} updated.")
    if result.unknown:
        print(f"Not judged on this machine: {', '.join(result.unknown)} (no backups are taken here).")
    return 0


def readings_command(args: argparse.Namespace) -> int:
    from app.services.readings.dto import ImportOptions

    services = _services(args)
    shop_id = _shop(services, args.shop_id)
    options = ImportOptions(
        columns=_pairs(args.map, "map"),
        units=_pairs(args.unit, "unit"),
        date_order=args.date_order,
        vin=args.vin,
        source=args.source,
    )
    seen: dict[Path, tuple[float, int]] = {}
    failed = _import_new(services, shop_id, [Path(p) for p in args.paths], options, seen)
    while args.watch:
        try:
            time.sleep(max(1.0, args.every))
        except KeyboardInterrupt:
            return 0
        _import_new(services, shop_id, [Path(p) for p in args.paths], options, seen)
    return 1 if failed else 0


def _import_new(
    services: Services,
    shop_id: uuid.UUID,
    paths: list[Path],
    options: ImportOptions,
    seen: dict[Path, tuple[float, int]],
) -> int:
    """Import the files not seen yet (or changed since); the reading rules are checked after."""
    failed = added = 0
    for path in _files(paths):
        stamp = (path.stat().st_mtime, path.stat().st_size)
        if seen.get(path) == stamp:
            continue
        seen[path] = stamp
        try:
            result = services.readings.import_for_machine(shop_id, path.read_bytes(), path.name, options)
        except (BayDeskError, OSError) as exc:
            failed += 1
            print(f"{path.name}: {getattr(exc, 'message', exc)}", file=sys.stderr)
            continue
        added += result.added
        print(result.summary)
        for problem in result.problems:
            print(f"  {problem}")
    if added:
        reading_rules = frozenset({"reading_out_of_range", "trouble_code", "reminder_due"})
        checked = services.alerts.check(shop_id, kinds=reading_rules)
        if checked.raised or checked.resolved:
            print(f"Alerts: {checked.raised} raised, {checked.resolved} resolved.")
    return failed


def _files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in READING_SUFFIXES)
        elif path.is_file():
            found.append(path)
        else:
            print(f"{path}: no such file or folder", file=sys.stderr)
    return found


def _pairs(items: list[str], option: str) -> dict[str, str]:
    pairs = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise ValidationError({option: f"'{item}' is written FIELD=VALUE"})
        pairs[name.strip().lower()] = value.strip()
    return pairs


def _services(args: argparse.Namespace) -> Services:
    from app.bootstrap import open_configured, prepare

    return prepare(open_configured(args.database, report=getattr(args, "report_database", None))).services


def _machine_facts(db: Database) -> MachineFacts:
    """What this machine knows of the backups: where it takes them, or where a record of one is."""
    from app.config import data_dir, load_settings, resolve_database
    from app.services.alerts.registry import MachineFacts
    from app.services.settings.backup import BackupService, daily_backup_applies

    status = BackupService(db, data_dir()).status()
    configured = resolve_database(load_settings(), None)
    try:
        responsible = daily_backup_applies(db, configured)
    finally:
        configured.dispose()
    return MachineFacts(status.last_at is not None or responsible, status.last_at)


def _shop(services: Services, wanted: str) -> uuid.UUID:
    from app.config import load_settings

    if wanted or load_settings().shop_id:
        return _uuid(wanted or load_settings().shop_id)
    shops = services.setup.shops()
    if len(shops) != 1:
        raise ValidationError({"shop_id": f"the database has {len(shops)} shops; say which with --shop-id"})
    return shops[0].id


def _uuid(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError as exc:
        raise ValidationError(
            {"shop_id": f"'{text}' is not a shop id (baydesk server shops lists them)"}
        ) from exc
