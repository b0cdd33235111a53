"""Helpers for the alert tests, importable by spawned processes (no pytest, no test module).

``alert_checker`` is one terminal evaluating the rules in a loop: started
four times at once behind a barrier, it is what a shop with four terminals
does every minute.
"""

from __future__ import annotations

import traceback
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import text

from app.db.engine import Database, open_database
from app.domain.permissions import Actor
from app.services.container import Services
from app.services.work_orders.dto import WorkOrderView
from tests.integration.work_order_helpers import add_car


def late_work_order(services: Services, actor: Actor, now: datetime, late_by: timedelta) -> WorkOrderView:
    """An estimate whose promised time passed ``late_by`` ago."""
    car = add_car(services, actor)
    return services.work_orders.create(actor, car.vehicle_id, promised_at=now - late_by)


def alert_checker(url: str, shop_id: uuid.UUID, rounds: int, start: Any, results: Any) -> None:
    """``rounds`` evaluations of the shop's rules; reports (worker, "ok", raised) or the error."""
    db = open_database(url, terminal_name="Checker")
    services = Services.build(db)
    raised = 0
    try:
        start.wait(timeout=60)
        for _ in range(rounds):
            raised += services.alerts.check(shop_id).raised
        results.put(("ok", raised))
    except BaseException:
        results.put(("error", traceback.format_exc()))
    finally:
        db.dispose()


def alert_rows(db: Database) -> list[dict[str, Any]]:
    with db.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT kind, subject, resolved_at, resolution FROM alerts ORDER BY raised_at")
        )
        return [dict(row._mapping) for row in rows]


def audit_actions(db: Database, table: str) -> list[str]:
    with db.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT action FROM audit_log WHERE table_name = :t ORDER BY seq"), {"t": table}
        )
        return [str(r[0]) for r in rows]
