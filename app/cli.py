"""``baydesk``: the desktop app, plus commands over the same services.

baydesk                      open the window (first start: create the shop)
baydesk --demo [PATH]        open the window on a demo shop
baydesk --screenshot F.png   render the main window to a PNG and exit
baydesk init                 create the shop and its owner without a window
baydesk demo [--size large]  fill an empty database with a demo shop
baydesk migrate              bring the schema up to date
baydesk audit verify         recompute the audit chain; exit 1 if broken
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
import time
from pathlib import Path

from app import __version__
from app.domain.errors import BayDeskError

log = logging.getLogger("baydesk")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="baydesk", description="BayDesk shop system")
    parser.add_argument("--version", action="version", version=f"BayDesk {__version__}")
    parser.add_argument("--database", metavar="URL", help="database URL (default: the SQLite file)")
    parser.add_argument(
        "--demo",
        nargs="?",
        const="",
        metavar="PATH",
        help="open on a demo shop, in PATH or a temporary file",
    )
    parser.add_argument("--screenshot", metavar="PNG", help="render the main window to PNG and exit")
    parser.add_argument("--view", default="customers", help="area shown by --screenshot")
    parser.add_argument("--search", default="", help="with --screenshot: text typed in the search box")
    parser.add_argument("--user", default="", help="with --screenshot or --demo: sign in as this user")
    sub = parser.add_subparsers(dest="command")

    init = sub.add_parser("init", help="create the shop and its owner")
    init.add_argument("--shop-name", required=True)
    init.add_argument("--address", default="")
    init.add_argument("--phone", default="")
    init.add_argument("--timezone", default="America/Los_Angeles")
    init.add_argument("--tax-rate", default="0", help="percent, e.g. 7.25")
    init.add_argument("--owner", required=True, help="owner's user name")
    init.add_argument("--owner-name", required=True, help="owner's full name")
    init.add_argument("--password-stdin", action="store_true", help="read the password from stdin")

    demo = sub.add_parser("demo", help="fill an empty database with a demo shop")
    demo.add_argument("--size", choices=("small", "large"), default="small")

    sub.add_parser("migrate", help="bring the database schema up to date")

    audit = sub.add_parser("audit", help="audit trail tools")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    audit_sub.add_parser("verify", help="recompute the hash chain")
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            from app.ui.app import run_gui

            return run_gui(args)
        return _COMMANDS[args.command](args)
    except BayDeskError as exc:
        print(f"baydesk: {exc.message}", file=sys.stderr)
        return 2


def _opened(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from app.bootstrap import open_configured, prepare

    opened = prepare(open_configured(args.database))
    if opened.backup_before_upgrade:
        print(f"Upgraded the database; the previous file is kept at {opened.backup_before_upgrade}")
    return opened


def _init(args: argparse.Namespace) -> int:
    from app.services.setup import OwnerInput, ShopInput

    services = _opened(args).services
    if services.setup.is_initialized():
        print("baydesk: this database already has a shop", file=sys.stderr)
        return 2
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Owner password (12 characters or more): ")
        if getpass.getpass("Again: ") != password:
            print("baydesk: the passwords differ", file=sys.stderr)
            return 2
    shop = ShopInput(args.shop_name, args.address, args.phone, args.timezone, args.tax_rate)
    services.setup.create_shop(shop, OwnerInput(args.owner, args.owner_name, password))
    print(f"Created {args.shop_name}; sign in as {args.owner}.")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from app.services.demo import DemoService

    services = _opened(args).services
    if services.setup.is_initialized():
        print("baydesk: this database already has a shop; demo data goes into an empty one", file=sys.stderr)
        return 2
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        print(f"\r  {done:,} / {total:,} records", end="", file=sys.stderr, flush=True)

    result = DemoService(services.db, services.changes).create(args.size, progress=progress)
    print(file=sys.stderr)
    print(
        f"Demo shop '{result.shop_name}': {result.customers:,} customers, {result.vehicles:,} vehicles "
        f"in {time.perf_counter() - started:.1f} s.\n"
        f"Sign in as '{result.owner_username}' (owner) or '{result.desk_username}' (front desk), "
        f"password '{result.password}'."
    )
    return 0


def _migrate(args: argparse.Namespace) -> int:
    opened = _opened(args)
    print(f"Schema is up to date on {opened.services.database_label()}.")
    return 0


def _audit(args: argparse.Namespace) -> int:
    reports = _opened(args).services.audit.verify()
    broken = False
    for report in reports:
        if report.ok:
            print(f"{report.shop_name}: audit chain intact ({report.checked:,} entries)")
        else:
            broken = True
            print(f"{report.shop_name}: AUDIT CHAIN BROKEN at entry {report.first_bad_seq}: {report.problem}")
    if not reports:
        print("No shop in this database yet.")
    return 1 if broken else 0


_COMMANDS = {"init": _init, "demo": _demo, "migrate": _migrate, "audit": _audit}


def demo_path(value: str | None) -> Path | None:
    return Path(value).expanduser() if value else None
