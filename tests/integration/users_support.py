"""Plain helpers for the sign-in, users and permission tests: people of every role, a bay terminal, a clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import text

from app.db.engine import Database
from app.domain.permissions import Actor, Role
from app.services.container import Services

PASSWORDS = {
    Role.FRONT_DESK: "desk password 1",
    Role.TECHNICIAN: "tech password 12",
    Role.PARTS: "parts password 1",
}
USERNAMES = {Role.FRONT_DESK: "desk", Role.TECHNICIAN: "tech", Role.PARTS: "parts"}


@dataclass
class FakeClock:
    """The time the lockout is measured by, moved by the test."""

    now: datetime = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def add_person(services: Services, owner: Actor, role: Role, username: str | None = None) -> Actor:
    """Add a user of ``role`` and sign them in on a terminal of their own."""
    name = username or USERNAMES[role]
    services.setup.add_user(owner, name, f"{name.title()} Person", role, PASSWORDS[role])
    return services.setup.sign_in(name, PASSWORDS[role], f"{name} terminal")


def user_row(db: Database, username: str) -> dict[str, Any]:
    with db.engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT failed_attempts, locked_until, active, role, pin_hash IS NOT NULL AS has_pin "
                "FROM users WHERE username = :u"
            ),
            {"u": username},
        ).one()
        return dict(row._mapping)


def audit_actions(db: Database, since_seq: int = 0) -> list[str]:
    with db.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT action FROM audit_log WHERE seq > :since ORDER BY seq"), {"since": since_seq}
        )
        return [r[0] for r in rows]


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables a refused call must leave alone, to compare before and after."""
    tables = ("users", "terminals", "settings", "audit_log", "audit_heads", "shops", "customers")
    out: dict[str, list[tuple[Any, ...]]] = {}
    with db.engine.connect() as conn:
        for table in tables:
            rows = conn.execute(text(f"SELECT * FROM {table}")).all()
            out[table] = sorted(tuple(str(v) for v in r) for r in rows)
    return out


def guessing_terminal(url: str, username: str, worker: int, guesses: int, start: Any, results: Any) -> None:
    """One terminal in its own process typing ``guesses`` wrong passwords; reports the messages it got."""
    import traceback

    from app.db.engine import open_database
    from app.domain.errors import AuthenticationError

    db = open_database(url, terminal_name=f"Guesser {worker}")
    services = Services.build(db)
    messages: list[str] = []
    try:
        start.wait(timeout=60)
        for attempt in range(guesses):
            try:
                services.setup.sign_in(username, f"guess {worker}-{attempt}", f"Terminal {worker}")
            except AuthenticationError as exc:
                messages.append(exc.message)
        results.put((worker, "ok", messages))
    except BaseException:
        results.put((worker, "error", traceback.format_exc()))
    finally:
        db.dispose()
