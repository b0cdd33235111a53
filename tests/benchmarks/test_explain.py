"""--explain: a profiled call's time put in the layers the closing notes talk about."""

from __future__ import annotations

import random
import sqlite3

import pytest

from app.domain.search import parse_search

from . import explain
from .explain import BAYDESK, DATABASE, PYTHON, SQLALCHEMY, Profile, classify, format_shares
from .table import format_explained
from .timing import Result, interleaved, result


def test_functions_are_put_in_their_layer() -> None:
    assert classify(("~", 0, "<method 'execute' of 'sqlite3.Cursor' objects>")) == (DATABASE, "")
    assert classify(("~", 0, "<method 'poll' of 'select.epoll' objects>")) == (DATABASE, "")
    assert classify(("/v/lib/python3.11/site-packages/psycopg/cursor.py", 1, "execute")) == (DATABASE, "")
    assert classify(("/v/lib/python3.11/site-packages/sqlalchemy/engine/base.py", 1, "execute")) == (
        SQLALCHEMY,
        "engine and pool",
    )
    assert classify(("/v/site-packages/sqlalchemy/orm/loading.py", 1, "instances")) == (SQLALCHEMY, "ORM")
    assert classify(("/work/app/services/text_gate.py", 1, "wrapper")) == (BAYDESK, "text gate")
    assert classify(("/work/app/services/customers/records.py", 1, "search")) == (BAYDESK, "services")
    assert classify(("/usr/lib/python3.11/uuid.py", 1, "__init__")) == (PYTHON, "standard library")
    assert classify(("~", 0, "<built-in method builtins.len>")) == (PYTHON, "built-ins")
    assert classify(("/v/site-packages/reportlab/platypus/tables.py", 1, "wrap")) == (PYTHON, "ReportLab")


def test_a_profiled_call_is_shared_between_the_database_and_the_app() -> None:
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE t (n INTEGER)")
    connection.executemany("INSERT INTO t VALUES (?)", [(n,) for n in range(20_000)])

    def work() -> None:
        parse_search("Smith 555-0142 1HGCM82633A004352")
        connection.execute("SELECT sum(n) FROM t WHERE n % 7 = 3").fetchall()

    profile = Profile()
    for _ in range(5):
        profile.run(work)
    shares = profile.shares()
    assert shares[DATABASE] > 0.2  # the scan of 20,000 rows
    assert shares[f"{BAYDESK}: search parsing"] > 0
    assert sum(shares[layer] for layer in explain.LAYERS) == pytest.approx(1.0)
    assert format_shares(shares).startswith(f"database {shares[DATABASE]:.0%}".replace("%", " %"))


def test_interleaved_profiles_every_fourth_measured_call_instead_of_timing_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(explain, "enabled", True)
    calls: list[str] = []
    samples = interleaved([(lambda: calls.append("m"), lambda: calls.append("f"))], 8, random.Random(1))
    assert calls.count("m") == 8 and calls.count("f") == 8
    assert len(samples.measured) == 6 and len(samples.floor) == 8
    assert samples.profile is not None and samples.profile.calls == 2
    figure = result("search: all kinds", "sqlite", samples, 1.5)
    assert figure.shares and "shares" in figure.as_json()


def test_missed_figures_are_explained_first() -> None:
    shares = {DATABASE: 0.5, SQLALCHEMY: 0.25, BAYDESK: 0.25, PYTHON: 0.0, f"{BAYDESK}: text gate": 0.1}
    met = Result("search: VIN last 6", "postgresql", 1.0, 1.0, 1.5, shares=shares)
    missed = Result("post invoice", "sqlite", 3.0, 1.0, 2.0, shares=shares)
    untouched = Result("start-up: main window shown", "sqlite", 3.0, 1.0, 2.0)
    lines = format_explained([met, missed, untouched]).splitlines()
    assert lines[1] == (
        "  post invoice [sqlite, goal missed]: database 50 %, SQLAlchemy 25 %, BayDesk 25 % (text gate 10 %), Python 0 %"
    )
    assert lines[2].startswith("  search: VIN last 6 [postgresql]:")
    assert len(lines) == 3
