"""A terminal's cash drawer on SQLite and PostgreSQL: float, paid in and out, blind count, close."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from app.db.engine import Database
from app.domain.errors import BayDeskError, ConflictError, PermissionDeniedError, ValidationError
from app.domain.permissions import Actor, Role
from app.services.container import Services
from tests.integration.day_support import add_payment
from tests.integration.work_order_helpers import audit_ok

D = Decimal


@pytest.fixture
def today(services: Services, owner: Actor) -> date:
    return services.day_close.today(owner)


def test_a_drawer_balances_from_float_cash_payments_and_paid_in_out(
    services: Services, owner: Actor, desk: Actor, db: Database, today: date
) -> None:
    drawer = services.drawers.open(desk, "150.00")
    assert (drawer.terminal, drawer.status, drawer.opening_float) == ("Front desk 2", "open", D("150.00"))
    add_payment(db, desk, today, "cash", "87.40", tendered="100.00")  # 12.60 change given
    add_payment(db, desk, today, "card", "230.00")  # not in the drawer
    add_payment(db, owner, today, "cash", "40.00")  # taken on another terminal
    add_payment(db, desk, today, "cash", "-20.00")  # a cash refund
    services.drawers.move(desk, drawer.id, "paid_in", "50.00", "Change from the bank")
    drawer = services.drawers.move(desk, drawer.id, "paid_out", "12.35", "Coffee for the lounge")
    assert (drawer.paid_in, drawer.paid_out) == (D("50.00"), D("12.35"))
    assert [m.reason for m in drawer.movements] == ["Change from the bank", "Coffee for the lounge"]
    assert drawer.expected is None and drawer.over_short is None  # the count is blind

    counted = services.drawers.count(desk, drawer.id, "250.05")
    # 150.00 + 87.40 - 20.00 + 50.00 - 12.35
    assert (counted.cash_taken, counted.expected, counted.over_short) == (D("67.40"), D("255.05"), D("-5.00"))

    with pytest.raises(ValidationError, match=r"short 5\.00"):
        services.drawers.close(desk, drawer.id, "100.00")
    with pytest.raises(ValidationError, match=r"more than the 250\.05 counted"):
        services.drawers.close(desk, drawer.id, "300.00", "Gave wrong change")
    closed = services.drawers.close(desk, drawer.id, "100.05", "Gave wrong change")
    assert (closed.status, closed.deposit, closed.over_short_reason) == (
        "closed",
        D("100.05"),
        "Gave wrong change",
    )
    assert services.drawers.current(desk) is None
    audit_ok(services)


def test_a_balanced_drawer_closes_without_a_reason(services: Services, desk: Actor) -> None:
    drawer = services.drawers.open(desk, "100.00")
    counted = services.drawers.count(desk, drawer.id, "100.00")
    assert counted.over_short == 0
    assert services.drawers.close(desk, drawer.id, "0").status == "closed"
    # the terminal may open its next drawer
    assert services.drawers.open(desk, "100.00").status == "open"


def test_a_count_is_final_and_a_drawer_closes_once(services: Services, desk: Actor) -> None:
    drawer = services.drawers.open(desk, "100.00")
    with pytest.raises(ValidationError, match="count the drawer"):
        services.drawers.close(desk, drawer.id, "0")
    services.drawers.count(desk, drawer.id, "90.00")
    with pytest.raises(ValidationError, match="not redone"):
        services.drawers.count(desk, drawer.id, "100.00")
    with pytest.raises(ValidationError, match="counted already"):
        services.drawers.move(desk, drawer.id, "paid_in", "10.00", "late change")
    services.drawers.close(desk, drawer.id, "90.00", "Miscounted the float this morning")
    with pytest.raises(ValidationError, match="closed already"):
        services.drawers.close(desk, drawer.id, "90.00", "again")


@pytest.mark.parametrize(
    ("kind", "amount", "reason", "message"),
    [
        ("paid_out", "10.00", "", "Reason: is required"),
        ("paid_out", "-5.00", "refund", "more than zero"),
        ("paid_out", "0", "refund", "more than zero"),
        ("paid_out", "1.005", "refund", "more than 2 decimals"),
        ("paid_out", "500.00", "Parts runner", "more than the 100.00 in the drawer"),
        ("paid_in", "10.00", "card 4111 1111 1111 1111", "card number"),
        ("borrowed", "10.00", "lunch", "paid in or paid out"),
    ],
)
def test_bad_paid_in_and_out_is_refused_and_nothing_is_saved(
    services: Services, desk: Actor, kind: str, amount: str, reason: str, message: str
) -> None:
    drawer = services.drawers.open(desk, "100.00")
    with pytest.raises(ValidationError, match=message):
        services.drawers.move(desk, drawer.id, kind, amount, reason)
    assert services.drawers.current(desk) == drawer


def test_who_may_use_the_drawer(services: Services, owner: Actor) -> None:
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    tech = services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")
    with pytest.raises(PermissionDeniedError):
        services.drawers.open(tech, "100.00")
    with pytest.raises(ValidationError, match="Opening float"):
        services.drawers.open(owner, "-1")
    with pytest.raises(ValidationError, match="terminal"):
        services.drawers.open(replace(owner, terminal_id=None), "100.00")


def test_a_second_drawer_on_the_same_terminal_is_refused(
    services: Services, desk: Actor, owner: Actor
) -> None:
    services.drawers.open(desk, "100.00")
    with pytest.raises(ConflictError, match="already open on this terminal"):
        services.drawers.open(desk, "50.00")
    # the owner's terminal has a drawer of its own
    assert services.drawers.open(owner, "75.00").terminal == "Front desk 1"
    assert sorted(
        d.opening_float for d in services.drawers.of_day(owner, services.day_close.today(owner))
    ) == [
        D("75.00"),
        D("100.00"),
    ]


OPENERS = 6


def test_two_people_opening_the_same_drawer_at_once_get_one_drawer(services: Services, desk: Actor) -> None:
    """Every opener passes the "no drawer yet" check at once; the unique index lets one through."""
    start = threading.Barrier(OPENERS)
    outcomes: list[str] = []

    def opener(i: int) -> None:
        start.wait(timeout=30)
        try:
            services.drawers.open(desk, f"{100 + i}.00")
            outcomes.append("opened")
        except ConflictError:
            outcomes.append("refused")
        except BayDeskError as exc:  # a busy database would be a failure to report
            outcomes.append(f"error: {exc.message}")

    threads = [threading.Thread(target=opener, args=(i,)) for i in range(OPENERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["opened"] + ["refused"] * (OPENERS - 1)
    assert len(services.drawers.of_day(desk, services.day_close.today(desk))) == 1
    audit_ok(services)
