"""``baydesk``: the desktop app, plus commands over the same services.

baydesk                      open the window (first start: create the shop)
baydesk --demo [PATH]        open the window on a demo shop
baydesk --screenshot F.png   render the main window to a PNG and exit
baydesk init                 create the shop and its owner without a window
baydesk demo [--size large]  fill an empty database with a demo shop
baydesk demo --size chain [--shops N --orders-per-shop N]  a demo chain (PostgreSQL)
baydesk migrate              bring the schema up to date
baydesk audit verify         recompute the audit chain and its documents; exit 1 if broken
baydesk audit export-head F  write every shop's chain head to F (verify --against F later)
baydesk server setup --url U  prepare a shared PostgreSQL server (roles, grants, row-level security)
baydesk server add-shop --url U --role R  a database role (a terminal password) for one shop
baydesk server connect URL   make this terminal use a server (settings + keyring)
baydesk server shops         the shops on a server and their ids (for `connect --shop-id`)
baydesk server setup --url U --wal-archive DIR  turn on WAL archiving (point-in-time recovery)
baydesk server base-backup --url U DIR  a base backup to recover from
baydesk server restore-to TIME --base-backup D --wal-archive D --target-dir D  a copy as it was at TIME
baydesk backup PATH          write a verified backup (SQLite backup API, or pg_dump)
baydesk restore PATH         check a backup and restore it (the current database is kept aside)
baydesk alerts check         evaluate the alert rules (for a server's cron)
baydesk readings import F    import vehicle readings (CSV/JSON from scan tools and telematics)
baydesk books export ...     the accountant's journal: QuickBooks IIF or journal CSV
baydesk import KIND FILE ... customers, vehicles, parts or history from another system (docs/import.md)
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
import time
from pathlib import Path
from typing import Any, TypeAlias

from app import cli_alerts, cli_books, cli_import, cli_pricing, cli_recovery
from app.domain.errors import BayDeskError

log = logging.getLogger("baydesk")


class _Version(argparse.Action):
    """``--version``: the package metadata is read only when asked for (not at every start)."""

    def __call__(self, parser: argparse.ArgumentParser, *_args: Any) -> None:
        from app import __version__

        print(f"BayDesk {__version__}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The window's options and every command, in the order ``--help`` lists them."""
    parser = argparse.ArgumentParser(prog="baydesk", description="BayDesk shop system")
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    parser.add_argument("--database", metavar="URL", help="database URL (default: the SQLite file)")
    parser.add_argument(
        "--report-database",
        metavar="URL",
        help="a read-only standby that reports read from (default: report_url in the settings)",
    )
    _add_window_options(parser)
    sub = parser.add_subparsers(dest="command")
    _add_shop_commands(sub)
    _add_backup_commands(sub)
    _add_server_commands(sub)
    _add_office_commands(sub)
    cli_alerts.add_parsers(sub)  # alerts check, readings import
    cli_books.add_parsers(sub)  # books export
    cli_import.add_parsers(sub)  # import customers|vehicles|parts|history
    cli_pricing.add_parsers(sub)  # the discount report
    return parser


Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"  # what add_subparsers returns


def _add_window_options(parser: argparse.ArgumentParser) -> None:
    """Options for opening the window: on a demo shop, or rendered to a PNG."""
    parser.add_argument(
        "--demo",
        nargs="?",
        const="",
        metavar="PATH",
        help="open on a demo shop, in PATH or a temporary file",
    )
    parser.add_argument("--screenshot", metavar="PNG", help="render the main window to PNG and exit")
    parser.add_argument("--view", default="customers", help="area shown by --screenshot")
    parser.add_argument(
        "--size",
        type=_size,
        metavar="WxH",
        help="with --screenshot: the picture's size in pixels, e.g. 1366x768",
    )
    parser.add_argument(
        "--theme",
        choices=("system", "light", "dark"),
        default="system",
        help="colours: the desktop's (default), or light or dark whatever the desktop uses",
    )
    parser.add_argument("--search", default="", help="with --screenshot: text typed in the search box")
    parser.add_argument("--user", default="", help="with --screenshot or --demo: sign in as this user")


def _size(text: str) -> tuple[int, int]:
    """``1366x768`` as (1366, 768); a typo is an argparse error, not a window that opens and fails."""
    width, _x, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit()) or int(width) < 320 or int(height) < 240:
        raise argparse.ArgumentTypeError(f"WIDTHxHEIGHT in pixels, such as 1366x768, not {text!r}")
    return int(width), int(height)


def _add_shop_commands(sub: Commands) -> None:
    """Making a database ready: a new shop, a demo shop, the schema brought up to date."""
    init = sub.add_parser("init", help="create the shop and its owner")
    init.add_argument("--shop-name", required=True)
    init.add_argument("--address", default="")
    init.add_argument("--phone", default="")
    init.add_argument("--timezone", default="America/Los_Angeles")
    init.add_argument(
        "--locale",
        default="en_US",
        help="country and language, e.g. en_US, de_DE (sets the currency and paper)",
    )
    init.add_argument("--tax-rate", default="0", help="percent, e.g. 7.25")
    init.add_argument("--owner", required=True, help="owner's user name")
    init.add_argument("--owner-name", required=True, help="owner's full name")
    init.add_argument("--password-stdin", action="store_true", help="read the password from stdin")

    demo = sub.add_parser("demo", help="fill an empty database with a demo shop")
    demo.add_argument(
        "--size",
        choices=("small", "large", "chain"),
        default="small",
        help="small: one shop in a moment; large: one shop, 500,000 work orders; chain: 20 shops",
    )
    demo.add_argument("--shops", type=int, default=20, help="with --size chain: how many shops")
    demo.add_argument(
        "--orders-per-shop", type=int, default=50_000, help="with --size chain: work orders per shop"
    )
    demo.add_argument(
        "--jobs", type=int, default=2, help="with --size chain on PostgreSQL: shops loaded at once"
    )

    sub.add_parser("migrate", help="bring the database schema up to date")


def _add_backup_commands(sub: Commands) -> None:
    """A verified backup of the database, and putting one back."""
    backup = sub.add_parser("backup", help="write a verified backup of the database to PATH")
    backup.add_argument("path", metavar="PATH", help="the backup file (or a folder for a dated file)")

    restore = sub.add_parser(
        "restore", help="replace the database with a backup (the current one is kept aside)"
    )
    restore.add_argument("path", metavar="PATH", help="a backup written by `baydesk backup`")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")


def _add_server_commands(sub: Commands) -> None:
    """``server setup``, ``server shops`` and ``server connect``: a shared PostgreSQL server."""
    server = sub.add_parser("server", help="a shared PostgreSQL server")
    server_sub = server.add_subparsers(dest="server_command", required=True)
    setup = server_sub.add_parser("setup", help="create the owner and application roles, schema, grants, RLS")
    setup.add_argument(
        "--url", required=True, help="an administrator's URL: postgresql://postgres@host/baydesk"
    )
    setup.add_argument("--owner-role", default="baydesk_owner", help="owns the schema, runs migrations")
    setup.add_argument("--office-role", default="baydesk_office", help="the owner's office: every shop")
    setup.add_argument("--app-role", default="baydesk_app", help="the group holding the terminals' rights")
    setup.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the owner's, then the office role's password from stdin",
    )
    setup.add_argument(
        "--wal-archive", metavar="DIR", help="only turn on WAL archiving into DIR (point-in-time recovery)"
    )
    _add_shop_parser(server_sub)
    cli_recovery.add_parsers(server_sub)  # base-backup, restore-to
    server_sub.add_parser("shops", help="list the shops and their ids (run with the owner role's URL)")
    connect = server_sub.add_parser("connect", help="make this terminal use a server (URL, TLS, shop)")
    connect.add_argument("url", help="postgresql://baydesk_<shop>@host/baydesk (no password)")
    connect.add_argument(
        "--shop-id", default="", help="this terminal's shop (asked when the role opens several)"
    )
    connect.add_argument("--sslmode", default="", help="disable, prefer, require, verify-ca or verify-full")
    connect.add_argument("--sslrootcert", default="", help="the CA certificate file (verify-ca, verify-full)")
    connect.add_argument("--password-stdin", action="store_true", help="read the password from stdin")


def _add_office_commands(sub: Commands) -> None:
    """The owner's: the sales report, and the audit chain's check."""
    sales = sub.add_parser("sales", help="the sales report for a range of business days")
    sales.add_argument("--from", dest="start", required=True, help="first business day, YYYY-MM-DD")
    sales.add_argument("--to", dest="end", required=True, help="last business day, YYYY-MM-DD")
    sales.add_argument("--as", dest="username", required=True, help="who asks (the owner)")
    sales.add_argument("--csv", metavar="PATH", help="also write the report as CSV to PATH")
    sales.add_argument("--password-stdin", action="store_true", help="read the password from stdin")

    audit = sub.add_parser("audit", help="audit trail tools")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_sub.add_parser("verify", help="recompute the hash chain and the documents it recorded")
    verify.add_argument(
        "--against", metavar="FILE", help="also hold the chain to a head file exported earlier"
    )
    export = audit_sub.add_parser(
        "export-head", help="write every shop's chain head to FILE, to keep elsewhere"
    )
    export.add_argument("file", metavar="FILE")


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

    opened = prepare(open_configured(args.database, report=getattr(args, "report_database", None)))
    if opened.backup_before_upgrade:
        print(f"Upgraded the database; the previous file is kept at {opened.backup_before_upgrade}")
    return opened


def _init(args: argparse.Namespace) -> int:
    from app.services.access.setup import OwnerInput, ShopInput

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
    shop = ShopInput(args.shop_name, args.address, args.phone, args.timezone, args.tax_rate, args.locale)
    services.setup.create_shop(shop, OwnerInput(args.owner, args.owner_name, password))
    print(f"Created {args.shop_name}; sign in as {args.owner}.")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from app.demo.shop import DemoService

    services = _opened(args).services
    if services.setup.is_initialized():
        print("baydesk: this database already has a shop; demo data goes into an empty one", file=sys.stderr)
        return 2
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        elapsed = time.perf_counter() - started
        print(f"\r  {done:,} / {total:,} records, {elapsed:.0f} s", end="", file=sys.stderr, flush=True)

    if args.size == "chain":
        return _demo_chain(services, args, progress, started)
    result = DemoService(services.db, services.changes).create(args.size, progress=progress)
    print(file=sys.stderr)
    print(
        f"Demo shop '{result.shop_name}': {result.customers:,} customers, {result.vehicles:,} vehicles "
        f"in {time.perf_counter() - started:.1f} s.\n"
        f"Sign in as '{result.owner_username}' (owner) or '{result.desk_username}' (front desk), "
        f"password '{result.password}'."
    )
    return 0


def _demo_chain(services: Any, args: argparse.Namespace, progress: Any, started: float) -> int:
    """The demo chain: every shop with its history and audit chain, in bulk."""
    from app.demo.chain import ChainDemoService

    if services.db.is_sqlite and args.shops * args.orders_per_shop > 100_000:
        print(
            "baydesk: a full demo chain needs PostgreSQL (--database postgresql+psycopg://...)",
            file=sys.stderr,
        )
        return 2
    result = ChainDemoService(services.db, services.changes).create(
        args.shops, args.orders_per_shop, progress=progress, jobs=args.jobs
    )
    print(file=sys.stderr)
    print(
        f"Demo chain: {result.shops} shops, {result.work_orders:,} work orders, "
        f"{result.customers:,} customers, {result.vehicles:,} vehicles "
        f"in {time.perf_counter() - started:.1f} s.\n"
        f"Sign in as '{result.owner_username}' (the chain's owner), password '{result.password}'."
    )
    return 0


def _migrate(args: argparse.Namespace) -> int:
    opened = _opened(args)
    print(f"Schema is up to date on {opened.services.database_label()}.")
    if not opened.services.db.is_sqlite:
        from app.db.server_setup import reapply_if_owner

        with opened.services.db.engine.begin() as conn:
            roles = reapply_if_owner(conn)
        if roles:
            print(f"Grants and row-level security re-applied for {', '.join(roles)}.")
    return 0


def _add_shop_parser(server_sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    add = server_sub.add_parser("add-shop", help="a database role for one shop (its terminals' password)")
    add.add_argument(
        "--url", required=True, help="an administrator's URL: postgresql://postgres@host/baydesk"
    )
    add.add_argument("--role", required=True, help="the shop's role, e.g. baydesk_shop_main_street")
    add.add_argument("--shop-id", default="", help="an existing shop (made before per-shop roles)")
    add.add_argument("--app-role", default="baydesk_app", help="the group holding the terminals' rights")
    add.add_argument("--password-stdin", action="store_true", help="read the role's password from stdin")


def _server(args: argparse.Namespace) -> int:
    from app.server_commands import server_add_shop

    commands = {
        "setup": _server_setup,
        "connect": _server_connect,
        "shops": _server_shops,
        "add-shop": server_add_shop,
        "base-backup": cli_recovery.base_backup,
        "restore-to": cli_recovery.restore_to,
    }
    return commands[args.server_command](args)


def _server_shops(args: argparse.Namespace) -> int:
    shops = _opened(args).services.setup.shops()
    for shop in shops:
        print(f"{shop.id}  {shop.name}")
    if not shops:
        print("No shop visible (the application role sees only its own shop: use the owner role's URL).")
    return 0


def _server_setup(args: argparse.Namespace) -> int:
    from app.server_commands import server_setup

    if args.wal_archive:
        return cli_recovery.wal_archive(args)
    return server_setup(args)


def _server_connect(args: argparse.Namespace) -> int:
    from app.server_commands import server_connect

    return server_connect(args)


def _audit(args: argparse.Namespace) -> int:
    audit = _opened(args).services.audit
    if args.audit_command == "export-head":
        Path(args.file).write_text(audit.export_heads(), encoding="utf-8")
        print(f"Chain heads written to {args.file}; keep it away from this computer.")
        return 0
    against = Path(args.against).read_text(encoding="utf-8") if args.against else None
    reports = audit.verify(against)
    broken = False
    for report in reports:
        if report.ok:
            print(f"{report.shop_name}: audit chain intact ({report.checked:,} entries)")
        else:
            broken = True
            print(f"{report.shop_name}: AUDIT CHAIN BROKEN at entry {report.first_bad_seq}: {report.problem}")
            for more in report.problems[1:]:
                print(f"  also: {more}")
    if not reports:
        print("No shop in this database yet.")
    return 1 if broken else 0


def _backup(args: argparse.Namespace) -> int:
    result = _backups(args).backup(Path(args.path))
    print(
        f"Backup written to {result.path} and verified: read back whole, "
        f"{result.total_rows:,} rows in {len(result.counts)} tables, as in the database at "
        f"{result.taken_at:%Y-%m-%d %H:%M:%S} UTC."
    )
    return 0


def _restore(args: argparse.Namespace) -> int:
    service = _backups(args)
    if not args.yes:
        print(f"This replaces the database {service.db.describe()} with {args.path}.")
        print("Close BayDesk on every terminal first. The current database is kept aside.")
        if input("Type yes to restore: ").strip().lower() != "yes":
            print("Nothing was restored.")
            return 1
    result = service.restore(Path(args.path))
    rows = sum(result.counts.values())
    print(f"Restored {result.restored_from} ({rows:,} rows, schema {result.revision}).")
    if result.kept_aside:
        print(f"The database as it was is kept at {result.kept_aside}.")
    return 0


def _backups(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from app.config import data_dir, load_settings, resolve_database
    from app.services.settings.backup import BackupService

    return BackupService(resolve_database(load_settings(), args.database), data_dir())


def _sales(args: argparse.Namespace) -> int:
    from datetime import date

    from app.services.day.exports import sales_report_text

    try:
        start, end = date.fromisoformat(args.start), date.fromisoformat(args.end)
    except ValueError:
        print("baydesk: dates are written YYYY-MM-DD", file=sys.stderr)
        return 2
    services = _opened(args).services
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("Password: ")
    actor = services.setup.sign_in(args.username, password, "Command line")
    print(sales_report_text(services.exports.sales_report(actor, start, end)))
    if args.csv:
        Path(args.csv).write_text(services.exports.sales_report_csv(actor, start, end), encoding="utf-8")
        print(f"Written to {args.csv}")
    return 0


_COMMANDS = {
    "sales": _sales,
    "init": _init,
    "demo": _demo,
    "migrate": _migrate,
    "audit": _audit,
    "backup": _backup,
    "restore": _restore,
    "server": _server,
    "alerts": cli_alerts.alerts_command,
    "readings": cli_alerts.readings_command,
    "books": cli_books.books_command,
    "import": cli_import.import_command,
    "discounts": cli_pricing.discounts_command,
}


def demo_path(value: str | None) -> Path | None:
    return Path(value).expanduser() if value else None
