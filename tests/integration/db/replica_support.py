"""A shop on a throw-away primary, for the replication tests (no pytest: spawned workers import it)."""

from __future__ import annotations

import traceback
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import URL

from app.db import migrate
from app.db.engine import open_database
from app.domain.errors import DatabaseUnavailableError
from app.domain.permissions import Actor
from app.services.access.setup import OwnerInput, ShopInput
from app.services.container import Services
from tests.integration.work_order_helpers import add_car

PASSWORD = "owner password 1"  # a test fixture, not a secret


@dataclass(frozen=True)
class Shop:
    actor: Actor
    vehicle_id: uuid.UUID


def make_shop(url: URL) -> Shop:
    """The schema, a shop with its owner signed in, and one car to open work orders for."""
    db = open_database(url)
    try:
        migrate.upgrade(db, backup=False)
        services = Services.build(db)
        services.setup.create_shop(
            ShopInput("Replica Garage", "1 Test St", "(510) 555-0100", "America/Los_Angeles", "10.25"),
            OwnerInput("owner", "Olivia Owner", PASSWORD),
        )
        actor = services.setup.sign_in("owner", PASSWORD, "Front desk 1")
        return Shop(actor, add_car(services, actor).vehicle_id)
    finally:
        db.dispose()


def multi_host(primary_port: int, standby_port: int) -> str:
    """The terminals' URL: whichever of the two servers takes writes."""
    return (
        f"postgresql+psycopg://postgres@/postgres?host=127.0.0.1:{primary_port}"
        f"&host=127.0.0.1:{standby_port}&target_session_attrs=read-write"
    )


def open_orders(url: str, shop: Shop, worker: int, start: Any, stop: Any, results: Any) -> None:
    """One terminal opening work orders until told to stop.

    Each work order the service returned (the terminal showed it as saved) is
    reported as ("saved", worker, id, number, monotonic time); a refusal that
    the database is unreachable as ("refused", worker, message, time); the
    end as ("done", worker, traceback or "").
    """
    import time

    db = open_database(url, terminal_name=f"Writer {worker}")
    services = Services.build(db)
    problem = ""
    try:
        start.wait(timeout=60)
        while not stop.is_set():
            try:
                view = services.work_orders.create(shop.actor, shop.vehicle_id)
                results.put(("saved", worker, str(view.id), view.number, time.monotonic()))
            except DatabaseUnavailableError as exc:
                results.put(("refused", worker, exc.message, time.monotonic()))
                time.sleep(0.1)
    except BaseException:
        problem = traceback.format_exc()
    finally:
        db.dispose()
        results.put(("done", worker, problem))


def work_order_numbers(url: URL) -> dict[str, int]:
    db = open_database(url)
    try:
        with db.engine.connect() as conn:
            return {str(i): int(n) for i, n in conn.execute(text("SELECT id, number FROM work_orders"))}
    finally:
        db.dispose()
