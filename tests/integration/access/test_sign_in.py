"""Signing in on both databases: wrong passwords, the shared lockout, PINs, and hostile input.

Each refusal gives the person a clear sentence; a refusal caused by bad
input (unknown name, SQL in the name, a 10 MB password) changes nothing at
all, while a wrong password for a real account is counted and audited.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading

import pytest

from app.db.engine import Database
from app.domain.errors import AuthenticationError, ValidationError
from app.domain.permissions import Actor, Role
from app.domain.terminals import TerminalMode
from app.services.container import Services
from tests.integration.integration_support import audit_seqs
from tests.integration.users_support import (
    PASSWORDS,
    FakeClock,
    add_person,
    audit_actions,
    guessing_terminal,
    snapshot,
    user_row,
)

OWNER_PASSWORD = "owner password 1"
WRONG = "Wrong user name or password."


@pytest.fixture
def clock(services: Services) -> FakeClock:
    fake = FakeClock()
    services.setup.signing.clock = fake  # type: ignore[method-assign]
    return fake


@pytest.fixture
def tech(services: Services, owner: Actor) -> Actor:
    return add_person(services, owner, Role.TECHNICIAN)


def refused(services: Services, username: str, secret: str, terminal: str = "Front desk 1") -> str:
    with pytest.raises(AuthenticationError) as caught:
        services.setup.sign_in(username, secret, terminal)
    return caught.value.message


def test_a_wrong_password_is_refused_counted_and_audited(
    services: Services, owner: Actor, db: Database
) -> None:
    start = len(audit_seqs(db))
    assert refused(services, "owner", "not the password") == WRONG
    assert user_row(db, "owner")["failed_attempts"] == 1
    assert audit_actions(db, start) == ["sign_in_failed"]
    services.setup.sign_in("owner", OWNER_PASSWORD, "Front desk 1")
    assert user_row(db, "owner")["failed_attempts"] == 0
    assert audit_actions(db, start) == ["sign_in_failed", "sign_in"]


@pytest.mark.parametrize(
    "username",
    [
        "nobody",
        "owner' OR '1'='1",
        "'; DROP TABLE users; --",
        'owner"; DELETE FROM audit_log; --',
    ],
)
def test_an_unknown_name_gets_the_wrong_password_answer_and_is_counted_like_one(
    services: Services, owner: Actor, db: Database, username: str
) -> None:
    before = _without_audit(snapshot(db))
    start = len(audit_seqs(db))
    assert refused(services, username, OWNER_PASSWORD) == WRONG
    assert _without_audit(snapshot(db)) == before
    assert audit_actions(db, start) == ["sign_in_failed"]  # as a wrong password is, never naming the name
    assert not any(username in str(row) for row in snapshot(db)["audit_log"])


def test_a_name_longer_than_any_is_refused_by_the_gate_and_changes_nothing(
    services: Services, owner: Actor, db: Database
) -> None:
    before = snapshot(db)
    with pytest.raises(ValidationError, match="at most 64 fit"):
        services.setup.sign_in("x" * 5000, OWNER_PASSWORD, "Front desk 1")
    assert snapshot(db) == before


def _without_audit(rows: dict[str, list[tuple[object, ...]]]) -> dict[str, list[tuple[object, ...]]]:
    return {table: found for table, found in rows.items() if table not in ("audit_log", "audit_heads")}


@pytest.mark.parametrize(("username", "password"), [("", OWNER_PASSWORD), ("owner", ""), ("   ", "")])
def test_an_empty_field_is_said_and_not_counted(
    services: Services, owner: Actor, db: Database, username: str, password: str
) -> None:
    before = snapshot(db)
    assert refused(services, username, password) == "Type your user name and your password."
    assert snapshot(db) == before


def test_a_ten_megabyte_password_is_refused_at_once_and_changes_nothing(
    services: Services, owner: Actor, db: Database
) -> None:
    before = snapshot(db)
    message = refused(services, "owner", "p" * 10_000_000)
    assert message.startswith("That password is longer than 1024 characters")
    assert snapshot(db) == before
    assert user_row(db, "owner")["failed_attempts"] == 0


def test_ten_failures_from_several_terminals_lock_the_account_for_thirty_minutes(
    services: Services, owner: Actor, db: Database, clock: FakeClock
) -> None:
    start = len(audit_seqs(db))
    for attempt in range(9):
        assert refused(services, "owner", f"guess number {attempt}", f"Terminal {attempt % 3}") == WRONG
    message = refused(services, "owner", "guess number 10", "Bay 2")
    assert message.startswith(
        "This account is locked after 10 failed sign-in attempts. Try again in 30 minutes"
    )
    assert audit_actions(db, start) == ["sign_in_failed"] * 10 + ["locked"]

    clock.advance(minutes=29)
    assert "Try again in 1 minute" in refused(services, "owner", OWNER_PASSWORD)  # the right one, too early
    assert audit_actions(db, start)[-1] == "locked"  # refusals during a lock write nothing

    clock.advance(minutes=1, seconds=1)
    actor = services.setup.sign_in("owner", OWNER_PASSWORD, "Front desk 1")
    assert actor.name == "Olivia Owner"
    assert user_row(db, "owner")["failed_attempts"] == 0


def test_a_good_sign_in_starts_the_count_again(
    services: Services, owner: Actor, db: Database, clock: FakeClock
) -> None:
    for _ in range(9):
        refused(services, "owner", "a wrong password")
    services.setup.sign_in("owner", OWNER_PASSWORD, "Front desk 1")
    for _ in range(9):
        assert refused(services, "owner", "a wrong password") == WRONG
    assert user_row(db, "owner")["locked_until"] is None


def test_simultaneous_failures_on_many_terminals_are_each_counted_once(
    services: Services, owner: Actor, db: Database, clock: FakeClock
) -> None:
    """Twelve wrong guesses at once from four terminals: exactly ten are counted, then the lock."""
    start = len(audit_seqs(db))
    messages: list[str] = []
    lock = threading.Lock()

    def guess(terminal: int) -> None:
        for attempt in range(3):
            try:
                services.setup.sign_in("owner", f"guess {terminal}-{attempt}", f"Terminal {terminal}")
            except AuthenticationError as exc:
                with lock:
                    messages.append(exc.message)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(messages) == 12
    actions = audit_actions(db, start)
    assert actions.count("sign_in_failed") == 10 and actions.count("locked") == 1
    assert user_row(db, "owner")["locked_until"] is not None
    assert sum(m == WRONG for m in messages) == 9


def test_a_deactivated_person_cannot_sign_in(
    services: Services, owner: Actor, tech: Actor, db: Database
) -> None:
    services.users.deactivate(owner, tech.user_id)
    before = _without_audit(snapshot(db))
    start = len(audit_seqs(db))
    assert refused(services, "tech", PASSWORDS[Role.TECHNICIAN]) == WRONG
    assert _without_audit(snapshot(db)) == before  # counted by name, as an unknown name is
    assert audit_actions(db, start) == ["sign_in_failed"]


def test_a_technician_pin_works_on_a_bay_terminal_only_with_technician_rights(
    services: Services, owner: Actor, tech: Actor, db: Database
) -> None:
    services.setup.register_terminal(owner.shop_id, "Bay 1", TerminalMode.BAY)
    services.users.set_pin(owner, tech.user_id, "4711")
    actor = services.setup.sign_in("tech", "4711", "Bay 1")
    assert (actor.role, actor.by_pin, actor.terminal_mode) == (Role.TECHNICIAN, True, TerminalMode.BAY)
    assert actor.user_id == tech.user_id

    before = snapshot(db)
    assert refused(services, "tech", "4711", "Front desk 1").startswith("A PIN works only on a bay terminal")
    assert refused(services, "nobody", "4711", "Front desk 1").startswith(
        "A PIN works only on a bay terminal"
    )
    assert snapshot(db) == before


def test_a_pin_for_anyone_but_a_technician_is_a_wrong_password(
    services: Services, owner: Actor, db: Database
) -> None:
    services.setup.register_terminal(owner.shop_id, "Bay 1", TerminalMode.BAY)
    assert refused(services, "owner", "1234", "Bay 1") == WRONG
    assert user_row(db, "owner")["failed_attempts"] == 1


def test_wrong_pins_count_toward_the_same_lockout(
    services: Services, owner: Actor, tech: Actor, db: Database, clock: FakeClock
) -> None:
    services.setup.register_terminal(owner.shop_id, "Bay 1", TerminalMode.BAY)
    services.users.set_pin(owner, tech.user_id, "4711")
    for pin in range(1000, 1009):
        assert refused(services, "tech", str(pin), "Bay 1") == WRONG
    assert refused(services, "tech", "9999", "Bay 1").startswith("This account is locked")
    assert refused(services, "tech", "4711", "Bay 1").startswith("This account is locked")
    assert refused(services, "tech", PASSWORDS[Role.TECHNICIAN], "Front desk 1").startswith(
        "This account is locked"
    )


def test_the_terminal_keeps_the_mode_the_owner_gave_it(services: Services, owner: Actor) -> None:
    terminal_id = services.setup.register_terminal(owner.shop_id, "Counter", TerminalMode.FRONT_DESK)
    services.terminals.set_mode(owner, terminal_id, "parts")
    actor = services.setup.sign_in("owner", OWNER_PASSWORD, "Counter", TerminalMode.FRONT_DESK)
    assert (actor.terminal_id, actor.terminal_mode) == (terminal_id, TerminalMode.PARTS)


def test_terminals_in_separate_processes_share_one_count(
    services: Services, owner: Actor, db: Database
) -> None:
    """Three terminals (processes) guessing four times each at once: ten are counted, then the lock holds."""
    start_seq = len(audit_seqs(db))
    ctx = multiprocessing.get_context("spawn")
    workers, guesses = 3, 4
    start = ctx.Barrier(workers)
    results = ctx.Queue()
    url = db.url.render_as_string(hide_password=False)
    processes = [
        ctx.Process(target=guessing_terminal, args=(url, "owner", i, guesses, start, results), daemon=True)
        for i in range(workers)
    ]
    for process in processes:
        process.start()
    reports = []
    try:
        for _ in range(workers):
            reports.append(results.get(timeout=120))
    except queue.Empty:
        pass
    finally:
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
    errors = [text for _w, status, text in reports if status == "error"]
    assert errors == [] and len(reports) == workers
    messages = [m for _w, _s, got in reports for m in got]
    assert len(messages) == workers * guesses
    assert sum(m == WRONG for m in messages) == 9
    assert all(m == WRONG or m.startswith("This account is locked") for m in messages)
    actions = audit_actions(db, start_seq)
    assert (actions.count("sign_in_failed"), actions.count("locked")) == (10, 1)
    assert user_row(db, "owner")["failed_attempts"] == 10
