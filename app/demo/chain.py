"""A demo chain: many shops in one database, each with its own ten years of history.

``baydesk demo --size chain`` makes 20 shops of 50,000 work orders each
(about a million in all), for measuring the shared server at a chain's
size; ``--shops`` and ``--orders-per-shop`` make a smaller chain for tests.
Every shop is a full demo shop (``DemoService.create_shop``): customers,
vehicles, work orders with jobs and lines, invoices, payments and drawers,
today's floor and parts (with their stock movements), and a day close for
every past business day. Unlike the one-shop demo, each history order,
invoice and payment has its audit entry, chained as the services chain them,
so ``baydesk audit verify`` walks a chain-sized log.

The first shop's owner (``owner``, the chain's owner) reads the chain reports;
the other shops' people end in the shop's number (``owner02``, ``desk02``...).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from queue import Empty
from typing import Any

from app.db.engine import Database, open_database
from app.demo.bulk_load import analysed, deferred_indexes, quick_commits
from app.demo.names import CITIES, STREETS
from app.demo.shop import DemoResult, DemoService, Progress, ShopHistory, ShopPlan, plan_records
from app.services.base import ChangeHub, Service

CHAIN_SHOPS = 20
CHAIN_ORDERS_PER_SHOP = 50_000
SHOP_NAMES = (
    "Bayview",
    "Harbor",
    "Lakeside",
    "Hillcrest",
    "Fremont",
    "Eastgate",
    "Westfield",
    "Northpoint",
    "Southshore",
    "Riverside",
    "Oakridge",
    "Mission",
    "Sunset",
    "Marina",
    "Parkway",
    "Summit",
    "Valley",
    "Canyon",
    "Meadow",
    "Bridgeway",
)


@dataclass(frozen=True)
class ChainResult:
    shops: int
    work_orders: int
    customers: int
    vehicles: int
    owner_username: str
    password: str


def chain_plans(shops: int = CHAIN_SHOPS, orders_per_shop: int = CHAIN_ORDERS_PER_SHOP) -> list[ShopPlan]:
    """Each shop of the chain: a customer for every five orders, a car for every three and a third."""
    plans = []
    for index in range(shops):
        label = SHOP_NAMES[index % len(SHOP_NAMES)] + ("" if index < len(SHOP_NAMES) else f" {index + 1}")
        customers = max(20, orders_per_shop // 5)
        plans.append(
            ShopPlan(
                name=f"{label} Auto Repair",
                address=f"{100 + 37 * index} {STREETS[index % len(STREETS)]} St, {CITIES[index % len(CITIES)]} CA",
                suffix="" if index == 0 else f"{index + 1:02d}",
                customers=customers,
                vehicles=max(customers, orders_per_shop * 3 // 10),
                orders=orders_per_shop,
                open_orders=min(30, max(1, orders_per_shop // 50)),
                floor="small",
                audit=True,
                alerts=False,
                parts_history=True,
            )
        )
    return plans


class ChainDemoService(Service):
    def create(
        self,
        shops: int = CHAIN_SHOPS,
        orders_per_shop: int = CHAIN_ORDERS_PER_SHOP,
        seed: int = 1042,
        progress: Callable[[int, int], None] | None = None,
        jobs: int = 1,
    ) -> ChainResult:
        """Every shop of the chain on an empty database: one after the other, or ``jobs`` at a time.

        Shops share nothing but the database (each has its own counters and
        audit chain), so on PostgreSQL several worker processes may load them at
        once; SQLite has one writer, so it loads them one by one. On PostgreSQL
        the history tables' secondary indexes are built after the load and the
        loader does not wait for its commits to reach the disk (``bulk_load``).

        Every shop's history is written first, then every shop is finished
        (today's floor, the day closes, the load's record): the services that
        finish a shop look rows up by the indexes the history was written
        without, and would read whole history tables, every shop's, without them.
        """
        plans = chain_plans(shops, orders_per_shop)
        counter = Progress(sum(plan_records(p) for p in plans), progress)
        if jobs > 1 and not self.db.is_sqlite:
            results = _in_parallel(self.db, plans, seed, jobs, counter)
        else:
            quick_commits(self.db)
            demo = DemoService(self.db, self.changes)
            with deferred_indexes(self.db):
                loaded = [demo.load_history(plan, seed + 1000 * i, counter) for i, plan in enumerate(plans)]
            results = [demo.finish_shop(shop) for shop in loaded]
        analysed(self.db)
        return ChainResult(
            len(results),
            sum(r.work_orders for r in results),
            sum(r.customers for r in results),
            sum(r.vehicles for r in results),
            results[0].owner_username,
            results[0].password,
        )


def _in_parallel(
    db: Database, plans: list[ShopPlan], seed: int, jobs: int, counter: Progress
) -> list[DemoResult]:
    """The shops loaded by ``jobs`` worker processes: every history, then (indexed again) every shop finished."""
    url = db.url.render_as_string(hide_password=False)
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: no engine or thread inherited
    with context.Manager() as manager, ProcessPoolExecutor(jobs, mp_context=context) as pool:
        queue = manager.Queue()
        with deferred_indexes(db):
            futures = [
                pool.submit(_load_history, url, plan, seed + 1000 * i, i, queue)
                for i, plan in enumerate(plans)
            ]
            _follow(futures, queue, counter)
            loaded = [f.result() for f in futures]
        return list(pool.map(_finish_shop, [url] * len(loaded), loaded, range(len(loaded))))


def _follow(futures: list[Future[ShopHistory]], queue: Any, counter: Progress) -> None:
    """The workers' progress, summed as it comes, until every one is done."""
    done_by_shop: dict[int, int] = {}
    while not all(f.done() for f in futures) or not queue.empty():
        try:
            index, done = queue.get(timeout=0.5)
        except Empty:
            continue
        counter.advance(done - done_by_shop.get(index, 0))
        done_by_shop[index] = done


def _load_history(url: str, plan: ShopPlan, seed: int, index: int, queue: Any) -> ShopHistory:
    """One shop's history, in a worker process with its own connection."""
    db = _loader_database(url, index)
    try:
        counter = Progress(plan_records(plan), lambda done, _total: queue.put((index, done)))
        return DemoService(db, ChangeHub()).load_history(plan, seed, counter)
    finally:
        db.engine.dispose()


def _finish_shop(url: str, shop: ShopHistory, index: int) -> DemoResult:
    """One shop's floor, day closes and load record, in a worker process with its own connection."""
    db = _loader_database(url, index)
    try:
        return DemoService(db, ChangeHub()).finish_shop(shop)
    finally:
        db.engine.dispose()


def _loader_database(url: str, index: int) -> Database:
    db = open_database(url, terminal_name=f"BayDesk demo loader {index + 1}")
    quick_commits(db)
    return db
