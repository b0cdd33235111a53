"""The audit chain in the database: intact after real work, and any hand edit of audit_log is named."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.db.engine import Database
from app.domain.customers import CustomerInput, VehicleInput
from app.domain.permissions import Actor
from app.services.container import Services
from tests.integration.integration_support import audit_seqs, tamper

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def chain(services: Services, desk: Actor, db: Database) -> int:
    """A day's worth of audited writes; returns the number of entries."""
    c = services.customers
    pat = c.create_customer(desk, CustomerInput(first_name="Pat", last_name="Lee", phone="503 555 0142"))
    pat = c.update_customer(
        desk, pat.id, CustomerInput(first_name="Pat", last_name="Lee", email="pat@example.com"), pat.version
    )
    car = c.add_vehicle(desk, pat.id, VehicleInput(vin="1G4AH59H45G118341", odometer="1000")).vehicle
    c.record_odometer(desk, car.id, 1500)
    seqs = audit_seqs(db)
    assert seqs == list(range(1, len(seqs) + 1))
    assert len(seqs) >= 6
    return len(seqs)


def verdict(services: Services) -> tuple[bool, int | None, str | None]:
    reports = services.audit.verify()
    assert len(reports) == 1
    return reports[0].ok, reports[0].first_bad_seq, reports[0].problem


def sql(db: Database, statement: str, **params: object) -> None:
    tamper(db, statement, **params)


def test_the_chain_verifies_after_service_writes(services: Services, chain: int) -> None:
    reports = services.audit.verify()
    assert [(r.shop_name, r.ok, r.checked) for r in reports] == [("Test Garage", True, chain)]


def test_an_altered_entry_is_named(services: Services, db: Database, chain: int) -> None:
    sql(db, "UPDATE audit_log SET diff = :diff WHERE seq = 3", diff='{"after":{"phone":"nothing to see"}}')
    assert verdict(services) == (False, 3, "entry 3 was altered after it was written")


def test_an_altered_author_is_named(services: Services, db: Database, chain: int) -> None:
    sql(db, "UPDATE audit_log SET user_id = NULL WHERE seq = 2")
    ok, seq, _ = verdict(services)
    assert (ok, seq) == (False, 2)


def test_a_deleted_middle_entry_is_named_missing(services: Services, db: Database, chain: int) -> None:
    sql(db, "DELETE FROM audit_log WHERE seq = 4")
    ok, seq, problem = verdict(services)
    assert (ok, seq) == (False, 4)
    assert problem.startswith("entry 4 is missing")


def test_two_swapped_entries_are_detected(services: Services, db: Database, chain: int) -> None:
    sql(db, "UPDATE audit_log SET seq = -1 WHERE seq = 3")
    sql(db, "UPDATE audit_log SET seq = 3 WHERE seq = 4")
    sql(db, "UPDATE audit_log SET seq = 4 WHERE seq = -1")
    ok, seq, problem = verdict(services)
    assert (ok, seq) == (False, 3)
    assert "removed or reordered" in problem


def test_a_deleted_last_entry_is_detected_by_the_head(services: Services, db: Database, chain: int) -> None:
    sql(db, "DELETE FROM audit_log WHERE seq = :last", last=chain)
    assert verdict(services) == (False, chain, f"the chain head says {chain} entries but {chain - 1} remain")


def test_new_entries_after_verification_still_chain(services: Services, desk: Actor, chain: int) -> None:
    services.customers.create_customer(desk, CustomerInput(first_name="Next", last_name="Customer"))
    assert verdict(services) == (True, None, None)
    assert services.audit.verify()[0].checked == chain + 1


def run_cli(db: Database, *args: str) -> subprocess.CompletedProcess[str]:
    url = db.url.render_as_string(hide_password=False)
    return subprocess.run(
        [sys.executable, "-m", "app", "--database", url, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_audit_verify_command_passes_then_names_the_tampered_entry(db: Database, chain: int) -> None:
    intact = run_cli(db, "audit", "verify")
    assert intact.returncode == 0, intact.stderr
    assert f"Test Garage: audit chain intact ({chain} entries)" in intact.stdout

    sql(db, "UPDATE audit_log SET action = 'view' WHERE seq = 5")
    broken = run_cli(db, "audit", "verify")
    assert broken.returncode == 1, broken.stderr
    assert "AUDIT CHAIN BROKEN at entry 5" in broken.stdout
    assert "altered" in broken.stdout
