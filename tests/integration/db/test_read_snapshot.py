"""A read is one snapshot on both databases: a save committed between its statements is not half seen.

The editor's work order is read in five statements (head, jobs, lines,
authorizations, discounts), run on the driver's connection (app/db/plain.py).
A terminal saving between them must not give another terminal the head of
before the save and the lines of after it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event

from app.db.engine import Database, open_database
from app.domain.permissions import Actor
from app.services.container import Services
from tests.integration.work_order_helpers import add_car, add_job, labor


def test_a_save_between_the_statements_of_a_read_is_not_half_seen(
    services: Services, desk: Actor, db: Database
) -> None:
    car = add_car(services, desk)
    view = add_job(
        services, desk, services.work_orders.create(desk, car.vehicle_id), "Brakes", labor("Pads", "1")
    )
    other_db = open_database(db.url.render_as_string(hide_password=False), terminal_name="Other terminal")
    other = Services.build(other_db)
    armed = [True]
    selects = [0]

    def save_from_the_other_terminal() -> None:
        armed[0] = False
        other.estimates.add_line(desk, view.id, view.jobs[0].id, labor("Rotors", "0.5"), view.version)

    def on_statement(statement: str, before_it_runs: Callable[[], None]) -> None:
        if armed[0] and statement.lstrip().upper().startswith("SELECT"):
            selects[0] += 1
            if selects[0] == 2:  # the read's first statement (the work order's head) has run
                before_it_runs()
                save_from_the_other_terminal()

    hooked: list[Any] = []

    def hook(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
        hooked.append(dbapi_conn)
        if db.is_sqlite:  # called as each statement starts, the ones before it done
            dbapi_conn.set_trace_callback(lambda statement: on_statement(statement, lambda: None))
        else:  # queued in a pipeline: the ones queued before it are sent and answered first
            execute = dbapi_conn.execute

            def traced(query: Any, *args: Any, **kwargs: Any) -> Any:
                on_statement(str(query), lambda: _sync(dbapi_conn))
                return execute(query, *args, **kwargs)

            dbapi_conn.execute = traced

    event.listen(db.engine, "checkout", hook)
    try:
        seen = services.work_orders.get(desk, view.id)
    finally:
        event.remove(db.engine, "checkout", hook)
        for dbapi_conn in hooked:
            if db.is_sqlite:
                dbapi_conn.set_trace_callback(None)
            else:
                del dbapi_conn.execute
        other_db.dispose()
    assert not armed[0], "the other terminal never saved"
    # before the save: its version with its one line (not the old version with the new line)
    assert (seen.version, [ln.description for ln in seen.jobs[0].lines]) == (view.version, ["Pads"])
    after = services.work_orders.get(desk, view.id)
    assert (after.version, len(after.jobs[0].lines)) == (view.version + 1, 2)


def _sync(dbapi_conn: Any) -> None:
    """What is queued in psycopg's pipeline goes to the server and is answered (a nested block's end)."""
    with dbapi_conn.pipeline():
        pass
