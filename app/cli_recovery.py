"""``baydesk server setup --wal-archive | base-backup | restore-to``: point-in-time recovery.

README "Growing past one server" tells the procedure; app/db/pitr.py does it.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from app.domain.errors import ValidationError

TIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")


def add_parsers(server_sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    base = server_sub.add_parser("base-backup", help="a base backup (pg_basebackup) to recover from")
    base.add_argument(
        "--url", required=True, help="an administrator's URL: postgresql://postgres@host/baydesk"
    )
    base.add_argument("folder", metavar="DIR", help="an empty folder for the base backup")
    restore = server_sub.add_parser(
        "restore-to", help="recover a copy of the server as it was at a moment (base backup + WAL archive)"
    )
    restore.add_argument("moment", metavar="TIME", help='"YYYY-MM-DD HH:MM[:SS]", this computer\'s clock')
    restore.add_argument("--base-backup", required=True, metavar="DIR", help="a base backup older than TIME")
    restore.add_argument("--wal-archive", required=True, metavar="DIR", help="the server's WAL archive")
    restore.add_argument("--target-dir", required=True, metavar="DIR", help="an empty folder for the copy")
    restore.add_argument("--port", type=int, default=5433, help="the port the copy listens on (default 5433)")


def wal_archive(args: argparse.Namespace) -> int:
    """``server setup --url U --wal-archive DIR``: archiving only (the roles are set up without it)."""
    from sqlalchemy.engine import make_url  # not at import: the window starts before the database code

    from app.db.pitr import set_up_wal_archive

    done = set_up_wal_archive(make_url(args.url), Path(args.wal_archive))
    print(f"WAL archiving into {done.archive_dir}: archive_command = {done.command}")
    print("The folder must exist on the server's machine and be writable by the server's user (postgres).")
    if done.restart_needed:
        print(
            "RESTART NEEDED: archive_mode takes effect only when the server restarts "
            "(e.g. sudo systemctl restart postgresql). Until then nothing is archived."
        )
    else:
        print("Archiving is on now (no restart needed).")
    print(f"Then take a base backup:  baydesk server base-backup --url {args.url} DIR")
    return 0


def base_backup(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url

    from app.db.pitr import take_base_backup

    folder = take_base_backup(make_url(args.url), Path(args.folder))
    print(f"Base backup written to {folder}; recover from it with `baydesk server restore-to`.")
    return 0


def restore_to(args: argparse.Namespace) -> int:
    from app.db.pitr import restore_to as recover

    moment = parse_moment(args.moment)
    done = recover(moment, Path(args.base_backup), Path(args.wal_archive), Path(args.target_dir), args.port)
    print(
        f"Recovered to {done.target_time.isoformat(sep=' ')} in {done.target_dir}, running on port {done.port} "
        f"(log: {done.log_file}). The original server was not touched.\n"
        f"Check it:  baydesk --database postgresql://postgres@localhost:{done.port}/baydesk audit verify\n"
        f"Stop it:   pg_ctl -D {done.target_dir} stop"
    )
    return 0


def parse_moment(text: str) -> datetime:
    """'2026-12-01 14:05' on this computer's clock (an ISO time with an offset is taken as it is)."""
    for fmt in TIME_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).astimezone()
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(text.strip()).astimezone()
    except ValueError:
        raise ValidationError({"time": 'is written "YYYY-MM-DD HH:MM", e.g. "2026-12-01 14:05"'}) from None
