"""Sign-in gives nothing away: an unknown name, a deactivated person and a wrong password take one path.

The same SQL statements run for each (an unknown name's failure is counted
under a hash of the name, and the person's row is updated by name, finding
none), the same Argon2 work is done, and ten failures lock any name with the
same sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import event

from app.db.engine import Database
from app.domain.errors import AuthenticationError
from app.domain.permissions import Actor, Role
from app.services.container import Services
from tests.integration.users_support import FakeClock

WRONG = "Wrong user name or password."


@pytest.fixture
def clock(services: Services) -> FakeClock:
    fake = FakeClock()
    services.setup.signing.clock = fake  # type: ignore[method-assign]
    return fake


@pytest.fixture
def gone(services: Services, owner: Actor) -> str:
    """A deactivated person's name."""
    user_id = services.setup.add_user(owner, "leftus", "Left Us", Role.FRONT_DESK, "left password 1")
    services.users.deactivate(owner, user_id)
    return "leftus"


def statements_of(db: Database, services: Services, name: str) -> list[str]:
    seen: list[str] = []

    def note(conn: object, cursor: object, statement: str, *args: object) -> None:
        seen.append(re.sub(r"\s+", " ", statement).strip())

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        with pytest.raises(AuthenticationError) as refused:
            services.setup.sign_in(name, "not the password 1", "Front desk 1")
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert refused.value.message == WRONG
    return seen


def test_unknown_deactivated_and_real_names_run_the_same_statements(
    services: Services, db: Database, owner: Actor, gone: str, clock: FakeClock
) -> None:
    real = statements_of(db, services, "owner")
    unknown = statements_of(db, services, "nobody-here")
    deactivated = statements_of(db, services, gone)
    assert any("sign_in_names" in s for s in real) and any(s.startswith("UPDATE users") for s in real)
    assert unknown == real
    assert deactivated == real


def _attempts(services: Services, name: str) -> Iterator[str]:
    for attempt in range(11):
        try:
            services.setup.sign_in(name, f"guess number {attempt}", "Front desk 1")
        except AuthenticationError as exc:
            yield exc.message


def test_every_name_is_locked_out_the_same_way(
    services: Services, owner: Actor, gone: str, clock: FakeClock
) -> None:
    answers = {name: list(_attempts(services, name)) for name in ("owner", "nobody-here", gone)}
    assert answers["owner"][:9] == [WRONG] * 9
    assert answers["owner"][9].startswith("This account is locked after 10 failed sign-in attempts")
    assert answers["nobody-here"] == answers["owner"] == answers[gone]
