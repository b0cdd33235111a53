"""Upgrading a shop's database to cash drawers on payments: old cash finds its drawer, finished cars their way out."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text, update

from app.db import migrate
from app.db.engine import Database, open_database, sqlite_url
from app.db.models_bays import BayStatusLog
from app.db.models_invoicing import Payment
from app.db.models_work_orders import WorkOrder
from app.db.types import now_utc
from app.domain.permissions import Actor
from app.services.access.setup import OwnerInput, ShopInput
from app.services.bays.board import BayInput
from app.services.container import Services
from tests.integration.bay_support import approved_order, finished_in_bay

BEFORE = "0015-1"  # the revision before this one, whatever the chain is


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        db = open_database(sqlite_url(tmp_path / "fresh.sqlite3"))
    else:
        db = open_database(request.getfixturevalue("pg_databases").create())
    yield db
    db.dispose()


def test_old_cash_is_placed_in_its_drawer_and_finished_orders_leave_their_bays(fresh_db: Database) -> None:
    migrate.upgrade(fresh_db, backup=False)
    services = Services.build(fresh_db)
    owner = services.setup.create_shop(
        ShopInput("Upgrade Motors"), OwnerInput("mia", "Mia Owner", "mia password 12")
    )
    owner = services.setup.sign_in("mia", "mia password 12", "Front desk 1")
    drawer = services.drawers.open(owner, "100.00")
    bay = services.bays.save_bay(owner, BayInput("Bay 1"))
    order = approved_order(services, owner)
    services.bays.assign(owner, order.id, bay.id)
    migrate.downgrade(fresh_db, BEFORE)
    with fresh_db.engine.begin() as conn:  # what an older version left behind
        conn.execute(
            text(
                "INSERT INTO payments (id, shop_id, group_id, kind, method, amount, settles_account, card_brand,"
                " card_last4, processor_reference, check_number, note, terminal_id, user_id, business_date,"
                " received_at) VALUES (:id, :shop, :group, 'payment', :method, 4250, :no, '', '', '', '', '',"
                " :terminal, :user, :day, :at)"
            ),
            [_payment(fresh_db, owner, method) for method in ("cash", "card")],
        )
        conn.execute(update(WorkOrder).where(WorkOrder.id == order.id).values(status="invoiced"))
    assert finished_in_bay(fresh_db) == [order.number]

    migrate.upgrade(fresh_db, backup=False)

    with fresh_db.session(write=False) as session:
        placed = dict(session.execute(select(Payment.method, Payment.drawer_id)).all())
        released = session.scalars(select(BayStatusLog.details).where(BayStatusLog.event == "released")).all()
    assert placed == {"cash": drawer.id, "card": None}
    assert finished_in_bay(fresh_db) == [] and released == ["work order invoiced"]
    counted = services.drawers.count(owner, drawer.id, "142.50")  # the old cash counts in its drawer
    assert counted.over_short == 0
    migrate.check(fresh_db)


def _payment(db: Database, owner: Actor, method: str) -> dict[str, object]:
    """A payments row as the previous revision stored it: no drawer named."""

    def key(value: uuid.UUID | None) -> object:
        return value.hex if db.is_sqlite and value is not None else value

    at = now_utc()
    return {
        "id": key(uuid.uuid4()),
        "shop": key(owner.shop_id),
        "group": key(uuid.uuid4()),
        "method": method,
        "no": False,
        "terminal": key(owner.terminal_id),
        "user": key(owner.user_id),
        "day": date.today().isoformat() if db.is_sqlite else date.today(),
        "at": at.strftime("%Y-%m-%d %H:%M:%S.%f") if db.is_sqlite else at,
    }
