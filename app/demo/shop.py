"""A demo shop with believable customers, vehicles and work order history (every VIN valid).

``small`` is a few hundred customers and 1,500 work orders, made in a moment;
``large`` is 100,000 customers, 150,000 vehicles and 500,000 work orders over
ten years, for benchmarks. Rows are bulk-inserted in batches. The small shop
gets one audit entry recording the load (with its counts); the large one
chains an entry for every history order, invoice and payment, as a real
shop's log would hold after ten years (its size is what posting and the
audit viewer meet).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from typing import Any

from app.db.models import Customer
from app.db.models import Vehicle as VehicleRow
from app.db.types import now_utc
from app.demo.alerts import DemoAlertsService
from app.demo.bays import DemoBayService
from app.demo.bulk_load import analysed
from app.demo.customers import customer_rows, party_of, payer_of, vehicle_of, vehicle_rows
from app.demo.history_audit import HistoryAudit
from app.demo.history_closes import close_history
from app.demo.history_invoices import DayBook, InvoiceBook, Party, Till, Vehicle, with_defaults
from app.demo.invoicing import TERMINALS, DemoInvoicingService
from app.demo.parts import DemoPartsService
from app.demo.password import DEMO_PASSWORD
from app.demo.schedule import DemoScheduleService
from app.demo.visit_plan import SHOP_TZ, Car, plan_dates
from app.demo.work_orders import WORK_ORDERS, History, HistoryMaker, Payer, Staff
from app.domain.permissions import Actor, Role
from app.domain.pricing import ShopPricing
from app.domain.totals import FeeRule
from app.repositories.parts import bulk_insert
from app.services.access.setup import OwnerInput, SetupService, ShopInput
from app.services.access.users import UserService
from app.services.base import Service
from app.services.invoicing.shared import INVOICE_COUNTER
from app.services.settings.shop import SettingsService
from app.services.uow import UnitOfWork
from app.services.work_orders.orders import FIRST_WORK_ORDER, WORK_ORDER_COUNTER

SIZES = {"small": (300, 450), "large": (100_000, 150_000)}
BATCH = 5_000
FRONT_DESK = TERMINALS[0]  # where the history's invoices were posted and its cash taken
WORK_ORDER_BATCH = 2_000
# user name, name, what an hour of their work costs the shop
TECHNICIANS = (
    ("tech", "Tony Tech", "38.00"),
    ("maria", "Maria Alvarez", "44.00"),
    ("dev", "Dev Patel", "36.50"),
    ("ken", "Ken Nakamura", "41.00"),
)
# Shop supplies at 5 % of labor, at least 3.00 and at most 35.00, not taxed.
PRICING = ShopPricing(
    labor_rate=Decimal("165.00"),
    fee_rule=FeeRule(
        enabled=True, percent_of_labor=Decimal("5"), cap=Decimal("35.00"), minimum=Decimal("3.00")
    ),
)


@dataclass(frozen=True)
class DemoResult:
    shop_name: str
    customers: int
    vehicles: int
    owner_username: str
    desk_username: str
    password: str
    work_orders: int = 0


@dataclass(frozen=True)
class _People:
    """The demo shop's staff: the owner signed in, the front desk and the technicians."""

    owner: Actor
    desk: uuid.UUID
    technicians: tuple[uuid.UUID, ...]


def plan_records(plan: ShopPlan) -> int:
    """The records the progress counts for one shop: customers, vehicles, work orders."""
    return plan.customers + plan.vehicles + plan.orders


class Progress:
    """Reports records written so far, out of all the demo will write."""

    def __init__(self, total: int, report: Callable[[int, int], None] | None) -> None:
        self.total, self.report, self.done = total, report, 0

    def advance(self, count: int) -> None:
        self.done += count
        if self.report:
            self.report(self.done, self.total)


@dataclass(frozen=True)
class ShopPlan:
    """One demo shop: its name, how its people's user names end, how much history it gets.

    ``floor`` is the size of today's shop floor (bays, parts catalog); ``audit``
    chains an entry for every history order, invoice and payment as the
    services would (the chain demo), instead of one entry recording the load.

    """

    name: str = "Bayview Auto Repair"
    address: str = "1200 Harbor Way, Oakland CA 94607"
    suffix: str = ""
    customers: int = 300
    vehicles: int = 450
    orders: int = 1_500
    open_orders: int = 30
    floor: str = "small"
    audit: bool = False
    alerts: bool = True  # a fleet's readings and raised alerts (the check walks the whole chain)
    parts_history: bool = False  # a year of counter sales in the stock ledger (slow movers show)

    @classmethod
    def of_size(cls, size: str) -> ShopPlan:
        (customers, vehicles), (orders, open_orders) = SIZES[size], WORK_ORDERS[size]
        return cls(
            customers=customers,
            vehicles=vehicles,
            orders=orders,
            open_orders=open_orders,
            floor=size,
            audit=size == "large",
        )


@dataclass(frozen=True)
class ShopHistory:
    """A shop whose history is written: what its floor, its day closes and its load record still need.

    A chain writes every shop's history first and finishes the shops once the
    history tables have their indexes again (``app.demo.chain``).
    """

    plan: ShopPlan
    seed: int
    people: _People
    till: Till
    days: dict[date, DayBook]
    now: datetime
    counts: dict[str, int]
    orders: int
    invoices: int


class DemoService(Service):
    def create(
        self, size: str = "small", seed: int = 1042, progress: Callable[[int, int], None] | None = None
    ) -> DemoResult:
        """Make a demo shop on an empty database; refuses a database that has a shop."""
        plan = ShopPlan.of_size(size)
        made = self.create_shop(plan, seed, Progress(plan_records(plan), progress))
        analysed(self.db)
        return made

    def create_shop(self, plan: ShopPlan, seed: int, counter: Progress) -> DemoResult:
        """One demo shop with its history, beside any shops already there."""
        return self.finish_shop(self.load_history(plan, seed, counter))

    def load_history(self, plan: ShopPlan, seed: int, counter: Progress) -> ShopHistory:
        """The shop, its people, customers and vehicles, and its years of orders, invoices and payments."""
        people = self._shop_and_staff(plan)
        pricing = self._pricing(people.owner)
        rng = random.Random(seed)
        payers, parties = self._load_customers(rng, people.owner, plan.customers, counter)
        cars, vehicles = self._load_vehicles(rng, people.owner, list(payers), plan.vehicles, counter)
        book = self._invoice_book(random.Random(seed + 2), people, pricing, parties, vehicles)
        audit = HistoryAudit(book.till) if plan.audit else None
        counts, orders = self._load_history(
            random.Random(seed + 1), people, pricing, cars, payers, plan, counter, book, audit
        )
        return ShopHistory(plan, seed, people, book.till, book.days, book.now, counts, orders, book.number)

    def finish_shop(self, shop: ShopHistory) -> DemoResult:
        """Today's floor on top of the history, then every past business day closed and the load recorded."""
        plan = shop.plan
        self._today(shop.people, plan, shop.seed)
        closes = self._write(partial(_close_days, shop=shop))
        loaded = {
            "customers": plan.customers,
            "vehicles": plan.vehicles,
            **shop.counts,
            "invoices": shop.invoices,
            "day_closes": closes,
            "seed": shop.seed,
        }
        last_number = FIRST_WORK_ORDER + shop.orders - 1
        owner = shop.people.owner
        self._write(partial(_record_load, owner=owner, last_number=last_number, counts=loaded))
        return DemoResult(
            plan.name,
            plan.customers,
            plan.vehicles,
            f"owner{plan.suffix}",
            f"desk{plan.suffix}",
            DEMO_PASSWORD,
            shop.orders,
        )

    def _shop_and_staff(self, plan: ShopPlan) -> _People:
        """The shop and its owner, then a front desk, the technicians and a parts person."""
        setup = SetupService(self.db, self.changes)
        owner = setup.create_shop(
            ShopInput(
                name=plan.name,
                address=plan.address,
                phone="(510) 555-0100",
                timezone="America/Los_Angeles",
                tax_rate_percent="10.25",
            ),
            OwnerInput(f"owner{plan.suffix}", "Olivia Owner", DEMO_PASSWORD),
        )
        suffix = plan.suffix
        desk = setup.add_user(owner, f"desk{suffix}", "Sam Writer", Role.FRONT_DESK, DEMO_PASSWORD)
        technicians = tuple(
            setup.add_user(owner, f"{username}{suffix}", name, Role.TECHNICIAN, DEMO_PASSWORD)
            for username, name, _rate in TECHNICIANS
        )
        users = UserService(self.db, self.changes)
        for technician, (_username, _name, rate) in zip(technicians, TECHNICIANS, strict=True):
            users.set_labor_cost_rate(owner, technician, rate)
        setup.add_user(owner, f"parts{suffix}", "Pat Parts", Role.PARTS, DEMO_PASSWORD)
        return _People(owner, desk, technicians)

    def _invoice_book(
        self,
        rng: random.Random,
        people: _People,
        pricing: ShopPricing,
        parties: dict[uuid.UUID, Party],
        vehicles: dict[uuid.UUID, Vehicle],
    ) -> InvoiceBook:
        """Where the history's invoices are laid out: the front desk's terminal, the technicians' rates."""
        terminal = SetupService(self.db, self.changes).register_terminal(people.owner.shop_id, FRONT_DESK)
        till = Till(
            shop_id=people.owner.shop_id,
            desk_id=people.desk,
            owner_id=people.owner.user_id,
            terminal_id=terminal,
            terminal=FRONT_DESK,
            desk_name="Sam Writer",
            technicians={t: name for t, (_u, name, _r) in zip(people.technicians, TECHNICIANS, strict=True)},
            cost_rates={
                t: Decimal(rate) for t, (_u, _n, rate) in zip(people.technicians, TECHNICIANS, strict=True)
            },
        )
        return InvoiceBook(rng, till, pricing.rules(), parties, vehicles, SHOP_TZ, now_utc())

    def _pricing(self, owner: Actor) -> ShopPricing:
        """The demo's labor rate and shop supplies rule, at the tax rate the shop was made with."""
        settings = SettingsService(self.db, self.changes)
        return settings.update_pricing(owner, replace(PRICING, tax_rate=settings.pricing(owner).tax_rate))

    def _load_customers(
        self, rng: random.Random, owner: Actor, count: int, counter: Progress
    ) -> tuple[dict[uuid.UUID, Payer], dict[uuid.UUID, Party]]:
        """Customers in batches; what each one's work orders and invoices copy, by id, in insert order."""
        payers: dict[uuid.UUID, Payer] = {}
        parties: dict[uuid.UUID, Party] = {}
        for batch in _batches(customer_rows(rng, owner, count), BATCH):
            self._write(partial(_insert, table="customers", rows=batch))
            payers.update((row["id"], payer_of(row)) for row in batch)
            parties.update((row["id"], party_of(row)) for row in batch)
            counter.advance(len(batch))
        return payers, parties

    def _load_vehicles(
        self, rng: random.Random, owner: Actor, customer_ids: list[uuid.UUID], count: int, counter: Progress
    ) -> tuple[list[Car], dict[uuid.UUID, Vehicle]]:
        """Vehicles in batches, every customer with at least one; the cars the history visits."""
        cars: list[Car] = []
        vehicles: dict[uuid.UUID, Vehicle] = {}
        for batch in _batches(vehicle_rows(rng, owner, customer_ids, count), BATCH):
            self._write(partial(_insert, table="vehicles", rows=batch))
            cars.extend(Car(row["id"], row["customer_id"], row["year"], row["odometer"]) for row in batch)
            vehicles.update((row["id"], vehicle_of(row)) for row in batch)
            counter.advance(len(batch))
        return cars, vehicles

    def _load_history(
        self,
        rng: random.Random,
        people: _People,
        pricing: ShopPricing,
        cars: list[Car],
        payers: dict[uuid.UUID, Payer],
        plan: ShopPlan,
        counter: Progress,
        book: InvoiceBook,
        audit: HistoryAudit | None,
    ) -> tuple[dict[str, int], int]:
        """Ten years of work orders and their invoices, written in batches: the rows per table, the orders."""
        n_orders, n_open = plan.orders, plan.open_orders
        plans = plan_dates(rng, cars, n_orders, n_open, book.now)
        writers = (people.desk, people.desk, people.desk, people.owner.user_id)  # the desk opens most
        staff = Staff(people.owner.shop_id, writers, people.technicians)
        maker = HistoryMaker(rng, staff, pricing, cars, payers, book.now)
        for history in maker.batches(plans, FIRST_WORK_ORDER, WORK_ORDER_BATCH):
            self._write(partial(_insert_history, history=history, book=book, audit=audit))
            counter.advance(len(history.orders))
        self._write(partial(_finish_history, book=book, audit=audit))
        return maker.counts, len(plans)

    def _today(self, people: _People, plan: ShopPlan, seed: int) -> None:
        """Today's shop floor: bays and clocks, the parts catalog, and the completed orders invoiced."""
        size = plan.floor
        DemoBayService(self.db, self.changes).create(people.owner, people.technicians, size, seed)
        DemoPartsService(self.db, self.changes).create(
            people.owner, size, every_shop=False, sales_history=plan.parts_history
        )
        DemoInvoicingService(self.db, self.changes).create(people.owner, people.desk)
        if plan.alerts:
            DemoAlertsService(self.db, self.changes).create(people.owner, people.desk)  # a fleet's readings
        DemoScheduleService(self.db, self.changes).create(people.owner, people.technicians, seed)


def _record_load(uow: UnitOfWork, owner: Actor, last_number: int, counts: dict[str, int]) -> None:
    """One audit entry for the whole load; the next work order the desk opens continues the numbers."""
    uow.counters.ensure(owner.shop_id, WORK_ORDER_COUNTER, last_number)
    uow.record(owner, owner.shop_id, "shops", owner.shop_id, "demo_load", None, counts)
    uow.commit()


def _insert(uow: UnitOfWork, table: str, rows: list[dict[str, Any]]) -> None:
    """A batch of customers or vehicles in one COPY (PostgreSQL) or executemany (SQLite)."""
    model = Customer if table == "customers" else VehicleRow
    bulk_insert(uow.session, model, [with_defaults(model, row) for row in rows])
    uow.commit()


def _insert_history(uow: UnitOfWork, history: History, book: InvoiceBook, audit: HistoryAudit | None) -> None:
    """A batch of work orders, and the invoices and payments of those posted by then."""
    uow.work_orders.bulk_insert(history.orders, history.jobs, history.lines, history.authorizations)
    rows = book.take(history)
    rows.insert(uow.session)
    if audit is not None:
        audit.batch(uow, history, rows)
    uow.commit()


def _finish_history(uow: UnitOfWork, book: InvoiceBook, audit: HistoryAudit | None) -> None:
    """The last invoices and drawer; the next invoice posted continues the numbers."""
    rows = book.finish()
    rows.insert(uow.session)
    if audit is not None:
        audit.batch(uow, History(), rows)
    uow.counters.ensure(book.till.shop_id, INVOICE_COUNTER, book.number)  # no invoice was posted before
    uow.commit()


def _close_days(uow: UnitOfWork, shop: ShopHistory) -> int:
    """Every past business day of the history closed, in order; how many."""
    closed = close_history(uow, shop.till, shop.days.values(), SHOP_TZ, shop.now)
    uow.commit()
    return closed


def _batches(rows: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
