"""Plain helpers for the invoicing tests (no fixtures; importable by spawned children).

A spawned ``multiprocessing`` child imports this module by name to find its
worker function, so it must not import pytest or any test module.
"""

from __future__ import annotations

import traceback
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import text

from app.db.engine import Database, open_database
from app.domain.errors import BayDeskError
from app.domain.payments import Method, Tender
from app.domain.permissions import Actor
from app.domain.work_orders import Status
from app.services.container import Services
from app.services.invoicing.posting import post_work_order
from app.services.uow import run_write
from app.services.work_orders.dto import WorkOrderView
from app.services.work_orders.estimates import JobInput, LineInput
from app.services.work_orders.views import load_work_order
from tests.integration.work_order_helpers import add_job, authorize, labor, part

D = Decimal
TABLES = ("invoices", "invoice_jobs", "invoice_lines", "payments", "work_orders", "counters", "audit_log")


def completed_order(
    services: Services,
    actor: Actor,
    vehicle_id: uuid.UUID,
    technician_id: uuid.UUID,
    *lines: LineInput,
    title: str = "Front brakes",
    odometer: tuple[int, int] | None = None,
) -> WorkOrderView:
    """A work order with one approved job of ``lines``, worked and completed."""
    lines = lines or (labor("Replace front pads", "1.0", "120.00"), part("Brake pads", "1", "89.95"))
    view = services.work_orders.create(actor, vehicle_id, odometer_in=odometer[0] if odometer else None)
    view = add_job(services, actor, view, title, *lines)
    view = services.estimates.update_job(
        actor,
        view.id,
        view.jobs[0].id,
        JobInput(title, concern=f"{title}, please", technician_id=technician_id),
        view.version,
    )
    view = authorize(services, actor, view, {title: "approve"})
    view = services.work_orders.change_status(actor, view.id, Status.IN_PROGRESS, view.version)
    return services.work_orders.change_status(
        actor, view.id, Status.COMPLETED, view.version, odometer_out=odometer[1] if odometer else None
    )


def cash(amount: str, tendered: str | None = None) -> Tender:
    return Tender(Method.CASH, D(amount), D(tendered) if tendered is not None else None)


def card(amount: str, last4: str = "4242", brand: str = "Visa", reference: str = "AUTH 829301") -> Tender:
    return Tender(Method.CARD, D(amount), card_brand=brand, card_last4=last4, processor_reference=reference)


def check(amount: str, number: str = "1045") -> Tender:
    return Tender(Method.CHECK, D(amount), check_number=number)


def account(amount: str) -> Tender:
    return Tender(Method.ACCOUNT, D(amount))


def counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as conn:
        return {t: int(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()) for t in TABLES}


def invoice_numbers(db: Database, kind: str = "invoice") -> list[int]:
    with db.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT number FROM invoices WHERE kind = :kind ORDER BY number"), {"kind": kind}
        )
        return [int(n) for n in rows.scalars()]


class ForcedRollback(BayDeskError):
    """Raised inside a posting transaction on purpose: nothing of it may remain."""


def post_orders(
    url: str, actor: Actor, work_order_ids: list[uuid.UUID], rollback_every: int, start: Any, results: Any
) -> None:
    """One terminal in its own process: post an invoice for each work order as fast as it can.

    Every ``rollback_every``-th post takes its number and writes everything,
    then fails (a forced rollback); that work order is posted again at once.
    Reports ("ok", (numbers, rollbacks)) or ("error", traceback) on ``results``.
    """
    db: Database | None = None
    try:
        db = open_database(url, terminal_name=f"Poster {work_order_ids[0]}")
        services = Services.build(db)
        if not start.wait(timeout=120):
            raise TimeoutError("the start signal never came")
        numbers: list[int] = []
        rollbacks = 0
        for index, work_order_id in enumerate(work_order_ids, start=1):
            if rollback_every and index % rollback_every == 0:
                try:
                    run_write(db, lambda uow, wid=work_order_id: _post_and_fail(uow, actor, wid))
                except ForcedRollback:
                    rollbacks += 1
            numbers.append(services.invoicing.post_from_work_order(actor, work_order_id).number)
        results.put(("ok", (numbers, rollbacks)))
    except BaseException:
        results.put(("error", traceback.format_exc()))
    finally:
        if db is not None:
            db.dispose()


def _post_and_fail(uow: Any, actor: Actor, work_order_id: uuid.UUID) -> None:
    from app.services.invoicing.shared import business_day

    day = business_day(uow, actor)
    row = load_work_order(uow, actor, work_order_id, for_update=True)
    post_work_order(uow, actor, row, day, on_account=False, note="")
    uow.session.flush()
    raise ForcedRollback("forced rollback after the number was taken")
