"""Where a figure's time goes (``--explain``): the measured path profiled, its time by layer.

With ``--explain``, every fourth call of a measured path (``timing.interleaved``)
runs under ``cProfile`` instead of being timed, and each function's own time
is put in one of these layers:

- *database*: the driver's calls (``sqlite3``, psycopg) and the waits on the
  server or the file, i.e. what the floor also spends;
- *SQLAlchemy*: building, compiling and executing statements, the pool,
  results and the ORM (its parts named: ORM, engine and pool, statements);
- *BayDesk*: the app's own Python, with its biggest parts named (the text
  gate, the audit chain, parsing, read models...);
- *Python*: the standard library (uuid, decimal, json, threading...), the
  built-ins, ReportLab and other packages.

The profiler adds a fixed cost to every Python call and none to the time
inside C, so Python-heavy layers come out somewhat larger than they are: the
shares say where to look, the timed figures say how fast it is. The calls
profiled are not among the timed samples.
"""

from __future__ import annotations

import cProfile
import pstats
from collections.abc import Callable, Iterable
from pathlib import PurePath

PROFILE_EVERY = 4  # every fourth measured call is profiled, the rest are timed
enabled = False  # set by the runner's --explain

DATABASE = "database"
SQLALCHEMY = "SQLAlchemy"
BAYDESK = "BayDesk"
PYTHON = "Python"
LAYERS = (DATABASE, SQLALCHEMY, BAYDESK, PYTHON)
DRIVER_MODULES = ("sqlite3", "_sqlite3", "psycopg", "psycopg_c", "psycopg_binary", "psycopg_pool")
WAITS = ("select", "poll", "epoll", "recv", "send", "socket")
# the app's parts worth naming on their own (the first matching path wins)
APP_PARTS = (
    ("text gate", "app/services/text_gate"),
    ("audit chain", "app/domain/audit_chain"),
    ("audit", "app/repositories/audit"),
    ("unit of work", "app/services/uow"),
    ("plain SQL helpers", "app/db/plain"),
    ("search parsing", "app/domain/search"),
    ("repositories", "app/repositories/"),
    ("services", "app/services/"),
    ("domain", "app/domain/"),
    ("reports", "app/reports/"),
    ("database set-up", "app/db/"),
)
SQLALCHEMY_PARTS = (
    ("ORM", "orm/"),
    ("engine and pool", "engine/"),
    ("engine and pool", "pool/"),
    ("statements", "sql/"),
)
Key = tuple[str, int, str]


class Profile:
    """The profiled calls of one benchmark, accumulated."""

    def __init__(self) -> None:
        self.profiler = cProfile.Profile()
        self.calls = 0
        self.merged: list[Profile] = []  # other benchmarks' calls counted with these (search: all kinds)

    def run(self, call: Callable[[], object]) -> None:
        self.profiler.enable()
        try:
            call()
        finally:
            self.profiler.disable()
        self.calls += 1

    def merge(self, other: Profile) -> None:
        self.merged.append(other)

    def own_times(self) -> Iterable[tuple[Key, float]]:
        """(function, its own seconds) of every profiled call, these and the merged ones."""
        if self.calls:
            stats = pstats.Stats(self.profiler).stats  # type: ignore[attr-defined]
            yield from ((key, row[2]) for key, row in stats.items())
        for other in self.merged:
            yield from other.own_times()

    def shares(self) -> dict[str, float]:
        """Each layer's and each named part's share of the profiled time (fractions of 1), or {}."""
        return shares_of(self.own_times())


def shares_of(own_times: Iterable[tuple[Key, float]]) -> dict[str, float]:
    """Layer totals (``database``...) and their parts (``BayDesk: text gate``...), as shares."""
    totals: dict[str, float] = dict.fromkeys(LAYERS, 0.0)
    for key, own in own_times:
        layer, part = classify(key)
        totals[layer] += own
        if part:
            totals[f"{layer}: {part}"] = totals.get(f"{layer}: {part}", 0.0) + own
    whole = sum(totals[layer] for layer in LAYERS)
    return {name: value / whole for name, value in totals.items()} if whole else {}


def classify(key: Key) -> tuple[str, str]:
    """The layer of a profiled function (pstats' key: file, line, name) and its part of it ("" for the
    database's)."""
    filename, _line, name = key
    if filename == "~":  # a built-in: its name says whose it is
        if any(module in name for module in DRIVER_MODULES) or any(
            f"'{w}" in name or f".{w}" in name for w in WAITS
        ):
            return DATABASE, ""
        return PYTHON, "built-ins"
    path = PurePath(filename).as_posix()
    if "/sqlalchemy/" in path:
        inside = path[path.rfind("/sqlalchemy/") + len("/sqlalchemy/") :]
        return SQLALCHEMY, next(
            (part for part, prefix in SQLALCHEMY_PARTS if inside.startswith(prefix)), "other"
        )
    if any(f"/{module}/" in path for module in DRIVER_MODULES):
        return DATABASE, ""
    app = path.rfind("/app/")
    if app >= 0 and "site-packages" not in path:
        inside = path[app + 1 :]
        for part, prefix in APP_PARTS:
            if inside.startswith(prefix):
                return BAYDESK, part
        return BAYDESK, "other"
    if "/reportlab/" in path:
        return PYTHON, "ReportLab"
    return PYTHON, "other packages" if "-packages/" in path else "standard library"


def format_shares(shares: dict[str, float], parts: int = 4) -> str:
    """``database 41 %, SQLAlchemy 30 % (ORM 20 %, ...), BayDesk 21 % (text gate 8 %, ...), Python 8 %``."""
    cells = []
    for layer in LAYERS:
        named = sorted(
            (
                (name.split(": ", 1)[1], share)
                for name, share in shares.items()
                if name.startswith(f"{layer}: ")
            ),
            key=lambda item: -item[1],
        )
        inside = ", ".join(f"{part} {share:.0%}" for part, share in named[:parts] if share >= 0.005)
        text = f"{layer} {shares.get(layer, 0.0):.0%}"
        cells.append(f"{text} ({inside})" if inside else text)
    return ", ".join(cells).replace("%", " %")
