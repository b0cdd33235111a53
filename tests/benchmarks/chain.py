"""Chain benchmarks, on a demo chain already loaded (``baydesk demo --size chain``, a quarter of an hour's load).

Run with ``python -m tests.benchmarks --chain-url URL``: the same interactive
figures as the one-shop run, measured in the chain's first shop, plus

- ``chain report``: ``ChainReportService.report`` (every shop by month, stock
  and slow movers) against the same GROUP BY in hand-written SQL; goal under 2 s;
- the size of the biggest tables and how long a plain ``VACUUM (ANALYZE)`` of
  each takes (printed and written to the JSON, not a ratio).

The chain is measured on a copy of it, as the large demo is, and the copy is
dropped at the end.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager
from datetime import date
from typing import Any

from sqlalchemy.engine import make_url

from app.demo.shop import DEMO_PASSWORD
from app.services.container import Services

from .backends import Backend, RawConnection, copied_backend
from .timing import Result, interleaved, result

REPORT_GOAL = 10.0  # the floor builds no read model; the goal that counts is the time
REPORT_GOAL_MS = 2000.0
BIGGEST = 4


def chain_backend(url: str) -> AbstractContextManager[Backend]:
    """A copy of the loaded chain, analysed, measured and then removed (as the large demo's is):
    the measurements write (edits, allocations, postings, the live board's moves), so every run
    starts from the same rows. Copying the full chain (10 GB) takes about a minute."""
    if make_url(url).get_backend_name() != "postgresql":
        raise SystemExit(f"--chain-url: {url} is not a PostgreSQL URL (a chain is loaded on PostgreSQL)")
    return copied_backend(url)


def chain_benchmarks(
    backend: Backend, raw: RawConnection, plan: dict[str, int], rng: random.Random
) -> Iterator[Result]:
    services = Services.build(backend.db)
    owner = services.setup.sign_in("owner", DEMO_PASSWORD, "Chain benchmark")
    last = date.today().replace(day=1)
    rounds = max(3, plan["work_order_rounds"] * 3)
    for months in (1, 12, 120):
        first = _months_back(last, months)
        samples = interleaved(
            [
                (
                    lambda m=months: services.chain_reports.report(owner, last, m),
                    lambda f=first: _floor(raw, f),
                )
            ],
            rounds,
            rng,
        )
        yield result(
            f"chain report, {months} month(s), every shop (vs raw SQL)",
            backend.name,
            samples,
            REPORT_GOAL,
            REPORT_GOAL_MS,
            note="sales, cars, ARO, gross profit, labor rate by shop and month; stock; slow movers",
        )


def _months_back(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 - (count - 1)
    return date(index // 12, index % 12 + 1, 1)


def _floor(raw: RawConnection, first: date) -> list[Any]:
    """The monthly sums and the stock value in plain SQL (the slowest parts of the report)."""
    sums = ", ".join(f"SUM({c})" for c in ("labor", "parts", "fees", "sublet", "cores", "tax", "parts_cost", "labor_cost", "sublet_cost", "billed_hours"))  # fmt: skip
    rows = raw.fetchall(
        "SELECT shop_id, date_trunc('month', business_date), COUNT(*), COUNT(DISTINCT work_order_id), "
        f"{sums} FROM invoices WHERE business_date >= %s GROUP BY 1, 2",
        (first,),
    )
    rows += raw.fetchall(
        "SELECT i.shop_id, COUNT(*), SUM(i.on_hand * p.cost) FROM inventory i JOIN parts p ON p.id = i.part_id"
        " WHERE i.on_hand > 0 GROUP BY 1"
    )
    return rows


def table_figures(raw: RawConnection) -> list[dict[str, Any]]:
    """The biggest tables: rows, size with indexes and TOAST, and the time a VACUUM (ANALYZE) takes."""
    biggest = raw.fetchall(
        "SELECT c.relname, c.reltuples::bigint, pg_total_relation_size(c.oid) FROM pg_class c"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE c.relkind = 'r' AND n.nspname = current_schema()"
        f" ORDER BY pg_total_relation_size(c.oid) DESC LIMIT {BIGGEST}"
    )
    out = []
    for name, rows, size in biggest:
        first = _vacuum(raw, name)  # the first after the load sets every page all-visible
        print(f"VACUUM {name}: {first} s", file=sys.stderr, flush=True)
        out.append(
            {
                "table": name,
                "rows": int(rows),
                "mb": round(size / 1_048_576, 1),
                "vacuum_s": first,
                "vacuum_again_s": _vacuum(raw, name),  # a routine one, with nothing new to clean
            }
        )
    return out


def _vacuum(raw: RawConnection, table: str) -> float:
    started = time.perf_counter()
    raw.execute(f'VACUUM (ANALYZE) "{table}"')
    return round(time.perf_counter() - started, 2)


def format_tables(figures: list[dict[str, Any]]) -> str:
    lines = [f"{'table':24s} {'rows':>12s} {'MB':>9s} {'VACUUM s':>9s} {'again s':>8s}"]
    for f in figures:
        lines.append(
            f"{f['table']:24s} {f['rows']:>12,d} {f['mb']:>9.1f} {f['vacuum_s']:>9.2f} {f['vacuum_again_s']:>8.2f}"
        )
    return "\n".join(lines)
