"""``baydesk import`` as the owner runs it on the first day: a dry run, the import, the refused rows."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from app.cli import main
from app.db.engine import Database
from app.domain.permissions import Actor
from app.services.container import Services
from tests.conftest import OWNER_PASSWORD

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "import"


def test_dry_run_then_import_then_nothing_twice(
    services: Services,
    db: Database,
    owner: Actor,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BAYDESK_PASSWORD", OWNER_PASSWORD)
    url = db.url.render_as_string(hide_password=False)
    base = ["--database", url, "import", "customers", str(SAMPLES / "customers.csv"), "--as", "owner"]

    assert main([*base, "--dry-run"]) == 1  # some rows are refused
    out = capsys.readouterr().out
    assert out.startswith("Dry run, nothing written: 10 rows")
    assert services.customers.search(owner, "Doe") == []

    refused = tmp_path / "refused.csv"
    assert main([*base, "--refused", str(refused)]) == 1
    out = capsys.readouterr().out
    assert "5 new, 0 merged, 1 skipped as duplicates, 0 imported before, 4 refused." in out
    assert "  line 6: Please correct: Notes: looks like a payment card number" in out
    with refused.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0][:3] == ["line", "reason", "Customer ID"]
    assert [row[0] for row in table[1:]] == ["5", "6", "7", "8", "9"]

    assert main(base) == 1
    assert "0 new, 0 merged, 1 skipped as duplicates, 5 imported before" in capsys.readouterr().out


def test_a_mapping_given_on_the_command_line(
    db: Database,
    owner: Actor,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BAYDESK_PASSWORD", OWNER_PASSWORD)
    odd = tmp_path / "kunden.csv"
    odd.write_text("Kunde;Telefon\nMaria Weber;0301234567\n", encoding="utf-8")
    url = db.url.render_as_string(hide_password=False)
    base = ["--database", url, "import", "customers", str(odd), "--as", "owner"]
    assert main(base) == 2
    assert "match no preset" in capsys.readouterr().err
    assert main([*base, "--map", "Kunde=name,Telefon=phone"]) == 0
    assert "1 new" in capsys.readouterr().out
