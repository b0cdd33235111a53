"""The rules behind reports from a standby, failover and point-in-time recovery, without a server."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from sqlalchemy.exc import OperationalError

from app.cli_recovery import parse_moment
from app.db.engine import open_database
from app.db.pitr import archive_command, not_a_base_backup
from app.db.replica import lag_seconds
from app.domain.errors import ValidationError
from app.services.uow import connection_lost


def test_a_standby_that_replayed_all_it_received_is_current_however_quiet_the_shop() -> None:
    assert lag_seconds(in_recovery=True, caught_up=True, since_last_replay=3600.0) == 0.0


def test_a_standby_with_wal_waiting_is_as_far_behind_as_its_last_replayed_commit() -> None:
    assert lag_seconds(in_recovery=True, caught_up=False, since_last_replay=42.5) == 42.5
    assert lag_seconds(in_recovery=True, caught_up=False, since_last_replay=None) is None


def test_a_promoted_standby_is_not_behind() -> None:
    assert lag_seconds(in_recovery=False, caught_up=False, since_last_replay=None) == 0.0


def _error(message: str, sqlstate: str | None = None) -> OperationalError:
    orig = psycopg.OperationalError(message)
    if sqlstate:
        orig.sqlstate = sqlstate  # type: ignore[misc]
    return OperationalError("COMMIT", {}, orig)


@pytest.mark.parametrize(
    ("message", "sqlstate"),
    [
        ("terminating connection due to administrator command", "57P01"),
        ("consuming input failed: server closed the connection unexpectedly", None),
        ("the connection is lost", None),
    ],
)
def test_a_dropped_connection_is_told_from_a_failed_statement(message: str, sqlstate: str | None) -> None:
    assert connection_lost(_error(message, sqlstate))


def test_a_refused_statement_is_not_a_dropped_connection() -> None:
    assert not connection_lost(_error("could not obtain lock on row", "55P03"))


def test_the_archive_command_never_overwrites_a_segment_and_quotes_the_folder() -> None:
    command = archive_command(Path("/srv/wal archive"))
    assert command == "test ! -f '/srv/wal archive'/%f && cp %p '/srv/wal archive'/%f"


def test_a_recovery_moment_is_read_on_this_computers_clock() -> None:
    moment = parse_moment("2026-12-01 14:05")
    assert (moment.hour, moment.minute, moment.tzinfo is not None) == (14, 5, True)
    with pytest.raises(ValidationError):
        parse_moment("yesterday at two")


def test_a_multi_host_url_is_shown_with_both_servers() -> None:
    db = open_database(
        "postgresql://shop@/baydesk?host=10.0.0.5:5432&host=10.0.0.6:5432&target_session_attrs=read-write"
    )
    assert db.describe() == "PostgreSQL 10.0.0.5:5432,10.0.0.6:5432/baydesk"


def test_live_updates_connect_to_either_server_of_a_multi_host_url() -> None:
    from app.db.live import PgListener

    db = open_database(
        "postgresql://shop@/baydesk?host=10.0.0.5:5432&host=10.0.0.6:5433&target_session_attrs=read-write"
    )
    listener = PgListener(db, lambda _tables: None, lambda _ok, _message: None, None)
    assert listener._params["host"] == "10.0.0.5,10.0.0.6"
    assert listener._params["port"] == "5432,5433"
    assert listener._params["target_session_attrs"] == "read-write"


def test_recovery_starts_only_from_a_plain_base_backup_and_says_what_a_dump_is(tmp_path: Path) -> None:
    plain = tmp_path / "base"
    plain.mkdir()
    (plain / "PG_VERSION").write_text("15\n")
    assert not_a_base_backup(plain) == ""
    dump = tmp_path / "baydesk.dump"
    dump.write_bytes(b"PGDMP\x01\x0e\x00")  # how pg_dump --format=custom starts
    assert "pg_dump archive" in not_a_base_backup(dump) and "baydesk restore" in not_a_base_backup(dump)
    tarred = tmp_path / "tar"
    tarred.mkdir()
    (tarred / "base.tar").write_bytes(b"")
    assert "tar-format" in not_a_base_backup(tarred)
    assert "no PG_VERSION" in not_a_base_backup(tmp_path / "empty")
