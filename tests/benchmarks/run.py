"""``python -m tests.benchmarks``: the benchmark runner.

Builds the large demo shop on a fresh SQLite file and on a PostgreSQL
database of its own (``baydesk_bench_<pid>``, dropped at the end), then
measures each benchmark against its floor in the same run, prints a table and
writes the same figures as JSON. A missed goal is reported, never a failure:
the exit status is non-zero only when something went wrong.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy

from app.demo.shop import DEMO_PASSWORD, SIZES
from app.services.container import Services

from . import explain
from .backends import Backend, copied_backend, load_demo, pg_admin_url, postgresql_backend, sqlite_backend
from .bays import bay_benchmarks
from .chain import chain_backend, chain_benchmarks, format_tables, table_figures
from .end_of_day import end_of_day_benchmarks
from .invoices import invoice_benchmarks
from .part_words import part_words_benchmarks
from .parts import parts_benchmarks
from .search import search_benchmarks
from .startup import startup_benchmarks
from .table import Before, format_explained, format_notes, format_table, load_line, read_before, results_of
from .timing import Result
from .update import update_benchmark
from .work_orders import work_order_benchmarks

SEED = 2042
GROUPS = ("search", "update", "work orders", "parts", "bays", "invoices", "end of day")
# What each floor does, printed under the table (the modules' docstrings say it at length).
FLOORS = (
    (
        "search",
        "the same union of index range scans as parameterised SQL on a raw DB-API connection"
        " in autocommit, rows fetched as tuples (no BEGIN/COMMIT, no pool)",
    ),
    (
        "audited customer update",
        "BEGIN (IMMEDIATE); the row read FOR UPDATE; UPDATE; the audit head"
        " locked; INSERT audit_log with the SHA-256 link; UPDATE audit_heads; the customer's vehicles read"
        " back as the screen shows them; COMMIT",
    ),
    ("work order list / history / open", "the screen's rows by hand-written SQL, fetched as tuples"),
    (
        "part allocation",
        "the same locks and writes in one raw transaction, the audit link, and the"
        " editor's work order, jobs, lines, authorizations and names read back before COMMIT",
    ),
    ("hot part", "eight processes running the raw allocation transaction (time per attempt)"),
    (
        "part look-up",
        "the part and inventory row as tuples, then its barcodes, vendor numbers, other"
        " shops' stock and the stock setting (as the counter shows); by words through the same index",
    ),
    ("invoices / end of day / bays", "see tests/benchmarks/invoices.py, end_of_day.py, bays.py"),
    ("start-up", "a bare QMainWindow shown in a fresh process"),
)
FULL = {
    "queries_per_kind": 200,
    "search_rounds": 3,
    "update_customers": 100,
    "update_rounds": 3,
    "list_rounds": 40,
    "history_vehicles": 100,
    "open_orders": 100,
    "work_order_rounds": 3,
}
QUICK = {
    "queries_per_kind": 20,
    "search_rounds": 1,
    "update_customers": 10,
    "update_rounds": 1,
    "list_rounds": 5,
    "history_vehicles": 10,
    "open_orders": 10,
    "work_order_rounds": 1,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks",
        description="BayDesk benchmarks: each figure is a ratio against a floor measured in the same run.",
    )
    parser.add_argument(
        "--backend",
        choices=("sqlite", "postgresql", "both"),
        default="both",
        help="database(s) to measure (default: both; PostgreSQL at BAYDESK_TEST_PG_URL)",
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=Path("benchmark-results.json"),
        metavar="PATH",
        help="where the figures go (default: benchmark-results.json here)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="few repetitions on the small demo: a smoke test"
    )
    parser.add_argument(
        "--only",
        choices=("database", "startup"),
        help="only the database benchmarks, or only start-up (which then makes its own demo file)",
    )
    parser.add_argument(
        "--startup-demo",
        type=Path,
        metavar="FILE",
        help="with --only startup: start on this existing demo file instead of making one",
    )
    parser.add_argument(
        "--demo-size",
        choices=tuple(SIZES),
        help="demo shop to search (default: large; small with --quick); with --demo-url, the size loaded there",
    )
    parser.add_argument(
        "--chain-url",
        metavar="URL",
        help="measure a copy of a demo chain already loaded there (baydesk demo --size chain) instead: "
        "the interactive figures in its first shop, the chain report, table sizes and VACUUM times",
    )
    parser.add_argument(
        "--demo-url",
        action="append",
        metavar="URL",
        help="measure a copy of a one-shop demo already loaded there (baydesk demo --size large) instead of "
        "loading one; once per database (a sqlite:/// file, a postgresql+psycopg:// URL)",
    )
    parser.add_argument(
        "--skip-words", action="store_true", help="leave out part look-up by words at 100,000 parts"
    )
    parser.add_argument(
        "--before",
        type=Path,
        metavar="PATH",
        help="the JSON of an earlier run (--json): its medians and ratios printed beside this run's",
    )
    parser.add_argument(
        "--table",
        type=Path,
        metavar="PATH",
        help="measure nothing: print the table of a run already made (its --json file) again, "
        "with --before and --smaller beside it",
    )
    parser.add_argument(
        "--smaller",
        type=Path,
        metavar="PATH",
        help="the JSON of a run on a smaller data set (the small demo; the large demo beside a chain): "
        "its medians beside this run's, with how much each figure and its floor grew",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="profile every fourth measured call and print where each figure's time goes "
        "(database, SQLAlchemy, BayDesk and its parts, Python); those calls are not timed",
    )
    parser.add_argument(
        "--group",
        action="append",
        choices=GROUPS,
        help="only these groups of database benchmarks (repeatable; default: all of them)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    explain.enabled = args.explain
    before = read_before(args.before) if args.before else None
    small = read_before(args.smaller) if args.smaller else None
    if args.table:
        made = read_before(args.table)
        print(format_table(results_of(made), before, small))
        _print_explained(results_of(made))
        if "before" in made.load and "after" in made.load:
            print(load_line(made.load, before))
        return 0
    size = args.demo_size or ("small" if args.quick else "large")
    plan = QUICK if args.quick else FULL
    if args.chain_url:
        return _chain_run(args.chain_url, plan, args.json, args.quick, before, small, args.group)
    backends: tuple[str, ...] = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    loaded = {_backend_of(url): url for url in args.demo_url or ()}
    if loaded:
        backends = tuple(name for name in ("sqlite", "postgresql") if name in loaded)
        size = args.demo_size or "as loaded"  # --demo-size names it; the runner cannot tell
    results: list[Result] = []
    demo_seconds: dict[str, float] = {}
    load_before = os.getloadavg()
    startup_rounds = 3 if args.quick else 7
    try:
        for name in backends if args.only != "startup" else ():
            with copied_backend(loaded[name]) if name in loaded else _open(name) as backend:
                if name in loaded:
                    print(
                        f"[{name}] measuring a copy of the demo at {loaded[name]}",
                        file=sys.stderr,
                        flush=True,
                    )
                else:
                    print(f"[{name}] loading the {size} demo shop ...", file=sys.stderr, flush=True)
                    load_demo(backend, size)
                    demo_seconds[name] = round(backend.demo_seconds, 2)
                    print(f"[{name}] demo loaded in {backend.demo_seconds:.1f} s; measuring", file=sys.stderr)
                results.extend(_measure(backend, plan, args.group))
                if name == "sqlite" and args.only is None:  # start-up on the same demo file
                    results.extend(startup_benchmarks(startup_rounds, demo=Path(backend.raw_url)))
        if args.only == "startup" or (args.only is None and "sqlite" not in backends):
            results.extend(startup_benchmarks(startup_rounds, size=size, demo=args.startup_demo))
        if not args.skip_words and args.only != "startup":
            rng = random.Random(SEED)
            results.extend(_group("part words", lambda: part_words_benchmarks(backends, 30, 3, rng)))
    except Exception:
        traceback.print_exc()
        print("benchmarks: stopped by the error above", file=sys.stderr)
        return 1
    print(format_table(results, before, small))
    print(format_notes(results))
    _print_explained(results)
    print("floors:")
    for name, floor in FLOORS:
        print(f"  {name}: {floor}")
    for name, seconds in demo_seconds.items():
        print(f"demo load ({size}) on {name}: {seconds:.1f} s")
    load = {"before": load_before, "after": os.getloadavg()}
    print(load_line(load, before))
    report = _report(results, demo_seconds, size, args.quick, plan, load)
    args.json.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written to {args.json}")
    return 0


def _chain_run(
    url: str,
    plan: dict[str, int],
    out: Path,
    quick: bool,
    before: Before | None,
    small: Before | None,
    groups: list[str] | None = None,
) -> int:
    """The chain's figures: the one-shop benchmarks in its first shop, its report, its tables."""
    load_before = os.getloadavg()
    try:
        print(
            f"[chain] copying the chain at {url} (about a minute for the full one) ...",
            file=sys.stderr,
            flush=True,
        )
        with chain_backend(url) as backend:
            raw = backend.raw()
            try:
                results = []
                figures = itertools.chain(
                    _measure(backend, plan, groups), chain_benchmarks(backend, raw, plan, random.Random(SEED))
                )
                for figure in figures:
                    results.append(figure)
                    print(format_table([figure]).splitlines()[-1], file=sys.stderr, flush=True)
                tables = table_figures(raw)
            finally:
                raw.close()
    except Exception:
        traceback.print_exc()
        print("benchmarks: stopped by the error above", file=sys.stderr)
        return 1
    print(format_table(results, before, small))
    _print_explained(results)
    print(format_tables(tables))
    load = {"before": load_before, "after": os.getloadavg()}
    print(load_line(load, before))
    report = _report(results, {}, "chain", quick, plan, load) | {"tables": tables}
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written to {out}")
    return 0


def _print_explained(results: list[Result]) -> None:
    """Where the time goes, when the run was made with --explain (nothing otherwise)."""
    text = format_explained(results)
    if text:
        print(text)


def _backend_of(url: str) -> str:
    name = sqlalchemy.engine.make_url(url).get_backend_name()
    if name not in ("sqlite", "postgresql"):
        raise SystemExit(f"--demo-url: {url} is neither a SQLite nor a PostgreSQL URL")
    return name


def _open(name: str) -> AbstractContextManager[Backend]:
    return sqlite_backend() if name == "sqlite" else postgresql_backend()


def _measure(backend: Backend, plan: dict[str, int], only: list[str] | None = None) -> Iterator[Result]:
    rng = random.Random(SEED)
    services = Services.build(backend.db)
    desk = services.setup.sign_in("desk", DEMO_PASSWORD, "Benchmark terminal")
    raw = backend.raw()
    per_kind, rounds = plan["queries_per_kind"], plan["search_rounds"]
    name = backend.name
    groups: tuple[tuple[str, Callable[[], Iterable[Result]]], ...] = (
        ("search", lambda: search_benchmarks(name, raw, services.customers, desk, per_kind, rounds, rng)),
        (
            "update",
            lambda: [
                update_benchmark(
                    name,
                    raw,
                    services.customers,
                    services.audit,
                    desk,
                    plan["update_customers"],
                    plan["update_rounds"],
                    rng,
                )
            ],
        ),
        ("work orders", lambda: work_order_benchmarks(name, raw, services.work_orders, desk, plan, rng)),
        ("parts", lambda: parts_benchmarks(backend, raw, plan, rng)),
        ("bays", lambda: bay_benchmarks(backend, raw, plan, rng)),
        ("invoices", lambda: invoice_benchmarks(backend, raw, plan, rng)),
        ("end of day", lambda: end_of_day_benchmarks(backend, raw, plan, rng)),
    )
    try:
        for label, group in groups:
            if only and label not in only:
                continue
            yield from _group(f"{name} {label}", group)
    finally:
        raw.close()


def _group(label: str, group: Callable[[], Iterable[Result]]) -> list[Result]:
    """One group's results; a group that fails (a busy timeout under load) is reported, and the
    run goes on with the next."""
    done: list[Result] = []
    try:
        for measured in group():
            done.append(measured)
    except Exception:
        traceback.print_exc()
        print(f"benchmarks: {label} stopped by the error above; the run goes on", file=sys.stderr)
    return done


def _report(
    results: list[Result],
    demo_seconds: dict[str, float],
    size: str,
    quick: bool,
    plan: dict[str, int],
    load: dict[str, tuple[float, float, float]],
) -> dict[str, Any]:
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": quick,
        "demo_size": size,
        "plan": plan,
        "demo_load_seconds": demo_seconds,
        "machine": {
            "python": platform.python_version(),
            "sqlalchemy": sqlalchemy.__version__,
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average": load,
            "postgresql_server": pg_admin_url().render_as_string(hide_password=True),
        },
        "results": [r.as_json() for r in results],
    }
