"""The shipped sample files imported on both databases: counts, refusals by line, nothing twice."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from app.db.engine import Database
from app.domain.errors import BayDeskError, ConflictError
from app.domain.imports import Duplicates, ImportKind, SourceRow
from app.domain.permissions import Actor
from app.domain.totals import LineKind
from app.services.container import Services
from app.services.imports import service as import_service
from app.services.imports.context import RowContext
from app.services.imports.dto import Done, ImportReport
from app.services.work_orders.estimates import JobInput
from app.services.work_orders.lines import LineInput

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "import"


def run(services: Services, actor: Actor, kind: ImportKind, **options: object) -> ImportReport:
    return services.imports.run(actor, kind, SAMPLES / f"{kind.value}.csv", **options)  # type: ignore[arg-type]


def import_all(services: Services, actor: Actor) -> dict[ImportKind, ImportReport]:
    return {kind: run(services, actor, kind) for kind in ImportKind}


def reasons(report: ImportReport) -> dict[int, str]:
    return {row.line: row.reason for row in report.refused}


def count(db: Database, table: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_customers_import_with_refusals_named_by_line(services: Services, owner: Actor) -> None:
    report = run(services, owner, ImportKind.CUSTOMERS)
    assert (report.rows, report.created, report.merged) == (10, 5, 0)
    refused = reasons(report)
    assert sorted(refused) == [5, 6, 7, 9]
    assert "e-mail" in refused[5]
    assert "card number" in refused[6]
    assert "name" in refused[7]
    assert "7" in refused[9]  # a phone number has at least 7 digits
    assert [(row.line, "skipped" in row.reason) for row in report.skipped] == [(8, True)]
    found = services.customers.search(owner, "Ruiz")
    assert [hit.name for hit in found] == ["Ana Ruiz"]
    assert services.customers.get(owner, found[0].customer_id).notes == "Two cars;\ncall before noon"


def test_merging_a_duplicate_fills_what_was_empty(services: Services, owner: Actor) -> None:
    report = run(services, owner, ImportKind.CUSTOMERS, duplicates=Duplicates.MERGE)
    assert (report.created, report.merged, report.skipped) == (5, 1, ())
    jane = services.customers.search(owner, "jane.doe@example.com")[0]
    assert services.customers.get(owner, jane.customer_id).notes == "same phone as C001"


def test_importing_again_imports_nothing_twice(services: Services, owner: Actor, db: Database) -> None:
    first = import_all(services, owner)
    tables = ("customers", "vehicles", "parts", "stock_movements", "work_orders", "import_keys")
    before = {table: count(db, table) for table in tables}
    again = import_all(services, owner)
    assert {table: count(db, table) for table in tables} == before
    for kind, report in again.items():
        assert report.imported == 0, kind
        assert report.already == first[kind].imported, kind


def test_a_dry_run_writes_nothing(services: Services, owner: Actor, db: Database) -> None:
    seq = count(db, "audit_log")
    reports = {kind: run(services, owner, kind, dry_run=True) for kind in ImportKind}
    assert reports[ImportKind.CUSTOMERS].created == 5
    assert reports[ImportKind.PARTS].created == 4
    for table in ("customers", "vehicles", "parts", "stock_movements", "work_orders", "import_keys"):
        assert count(db, table) == 0, table
    assert count(db, "audit_log") == seq


def test_vehicles_refused_for_their_vin_or_owner(services: Services, owner: Actor) -> None:
    run(services, owner, ImportKind.CUSTOMERS)
    report = run(services, owner, ImportKind.VEHICLES)
    assert report.created == 5
    refused = reasons(report)
    assert sorted(refused) == [6, 7, 9]
    assert "check digit" in refused[6]
    assert "C999" in refused[7]
    assert "never contain" in refused[9]
    assert [row.line for row in report.skipped] == [8]  # the VIN of line 2 again
    assert services.customers.find_vehicle_by_vin(owner, "1M8GDM9AXKP042788").odometer == 48200  # type: ignore[union-attr]


def test_opening_stock_equals_the_ledger(services: Services, owner: Actor, db: Database) -> None:
    report = run(services, owner, ImportKind.PARTS)
    assert report.created == 4
    assert sorted(reasons(report)) == [6, 7, 8, 9]
    assert "Cost: is required" in reasons(report)[6]
    assert services.inventory.ledger_differences(owner) == {}
    pads = services.parts.find_code(owner, "BP-2200")
    assert pads is not None and pads.on_hand == Decimal("6")
    moves = services.inventory.movements(owner, pads.id)
    assert [(m.label, m.quantity) for m in moves] == [("Opening balance", Decimal("6"))]
    assert count(db, "stock_movements") == 3  # the wiper blades arrived with none


def test_history_shows_on_the_vehicle_with_its_totals(services: Services, owner: Actor) -> None:
    for kind in (ImportKind.CUSTOMERS, ImportKind.VEHICLES):
        run(services, owner, kind)
    report = run(services, owner, ImportKind.HISTORY)
    assert report.created == 4
    refused = reasons(report)
    assert sorted(refused) == [6, 7, 8, 9]
    assert "175.00" in refused[6] and "150.00" in refused[6]
    assert "YYYY-MM-DD" in refused[7]
    assert "import the vehicles first" in refused[8]
    assert "future" in refused[9]
    truck = services.customers.find_vehicle_by_vin(owner, "1M8GDM9AXKP042788")
    assert truck is not None
    history = services.work_orders.vehicle_history(owner, truck.id)
    assert [(h.status_label, h.created_at.date().isoformat(), h.total) for h in history] == [
        ("Invoiced", "2025-09-02", Decimal("249.12")),
        ("Invoiced", "2025-03-14", Decimal("49.93")),
    ]
    assert [job.title for job in history[1].jobs] == ["Oil change"]


def test_a_file_matching_no_preset_needs_a_mapping(services: Services, owner: Actor, tmp_path: Path) -> None:
    odd = tmp_path / "odd.csv"
    odd.write_text("Kunde,Telefon\nMaria Weber,0301234567\n", encoding="utf-8")
    with pytest.raises(BayDeskError, match="map them"):
        services.imports.run(owner, ImportKind.CUSTOMERS, odd)
    report = services.imports.run(
        owner, ImportKind.CUSTOMERS, odd, mapping={"Kunde": "name", "Telefon": "phone"}
    )
    assert report.created == 1
    preview = services.imports.preview(owner, ImportKind.CUSTOMERS, odd)
    assert (preview.mapping_from, preview.mapping) == ("saved", {"Kunde": "name", "Telefon": "phone"})


def test_a_past_oil_change_restarts_its_reminder(services: Services, owner: Actor) -> None:
    oil = [LineInput(LineKind.LABOR, "Oil and filter change", "0.5")]
    services.settings.save_canned_job(owner, "Oil change", "", oil, reminder_months=6, reminder_miles=5000)
    for kind in (ImportKind.CUSTOMERS, ImportKind.VEHICLES, ImportKind.HISTORY):
        run(services, owner, kind)
    truck = services.customers.find_vehicle_by_vin(owner, "1M8GDM9AXKP042788")
    assert truck is not None
    reminders = services.reminders.for_vehicle(owner, truck.id)
    assert [
        (r.title, r.due_date.isoformat() if r.due_date else None, r.due_miles, r.overdue) for r in reminders
    ] == [("Oil change", "2025-09-14", 46000, True)]
    assert truck.id in {r.vehicle_id for r in services.reminders.due_soon(owner)}


def test_a_past_work_order_opens_with_its_total_and_cannot_be_changed(
    services: Services, owner: Actor
) -> None:
    for kind in (ImportKind.CUSTOMERS, ImportKind.VEHICLES, ImportKind.HISTORY):
        run(services, owner, kind)
    truck = services.customers.find_vehicle_by_vin(owner, "1M8GDM9AXKP042788")
    assert truck is not None
    past = services.work_orders.vehicle_history(owner, truck.id)[0]
    order = services.work_orders.get(owner, past.work_order_id)
    assert (order.status_label, order.totals.total, order.allowed_statuses) == (
        "Invoiced",
        Decimal("249.12"),
        (),
    )
    assert "number RO-5002 there" in order.notes
    with pytest.raises(BayDeskError):
        services.estimates.add_job(owner, order.id, JobInput("More work"), order.version)


def test_a_row_failing_after_it_wrote_leaves_nothing_behind(
    services: Services, owner: Actor, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = import_service.HANDLERS[ImportKind.CUSTOMERS]

    def fails_after_writing(ctx: RowContext, row: SourceRow) -> Done:
        done = real(ctx, row)
        if row.get("source_id") == "C002":
            raise ConflictError("a stand-in for a refusal that comes after the row was written")
        return done

    monkeypatch.setitem(import_service.HANDLERS, ImportKind.CUSTOMERS, fails_after_writing)
    report = run(services, owner, ImportKind.CUSTOMERS)
    assert report.created == 4
    assert "stand-in" in reasons(report)[3]
    assert services.customers.search(owner, "sam.lee@example.com") == []
    assert count(db, "customers") == 4
    assert count(db, "import_keys") == 4
