"""A read is one snapshot on both databases: a save committed between its statements is not half seen.

The editor's work order is read in four statements (head, jobs, lines,
authorizations). A terminal saving between them must not give another
terminal the head of before the save and the lines of after it.
"""

from __future__ import annotations

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

    def save_from_the_other_terminal(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if armed[0] and statement.lstrip().upper().startswith(
            "SELECT"
        ):  # right after the read's first statement (the work order's head)
            armed[0] = False
            other.estimates.add_line(desk, view.id, view.jobs[0].id, labor("Rotors", "0.5"), view.version)

    event.listen(db.engine, "after_cursor_execute", save_from_the_other_terminal)
    try:
        seen = services.work_orders.get(desk, view.id)
    finally:
        event.remove(db.engine, "after_cursor_execute", save_from_the_other_terminal)
        other_db.dispose()
    assert not armed[0], "the other terminal never saved"
    # before the save: its version with its one line (not the old version with the new line)
    assert (seen.version, [ln.description for ln in seen.jobs[0].lines]) == (view.version, ["Pads"])
    after = services.work_orders.get(desk, view.id)
    assert (after.version, len(after.jobs[0].lines)) == (view.version + 1, 2)
