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
from app.demo.history_audit import HistoryAudit
from app.demo.history_closes import close_history
from app.demo.history_invoices import DayBook, InvoiceBook, Party, Till, Vehicle, with_defaults
from app.demo.invoicing import TERMINALS, DemoInvoicingService
from app.demo.names import CITIES, COLORS, COMPANIES, FIRST, LAST, MAKES, STREETS
from app.demo.parts import DemoPartsService
from app.demo.password import DEMO_PASSWORD
from app.demo.schedule import DemoScheduleService
from app.demo.visit_plan import SHOP_TZ, Car, plan_dates
from app.demo.work_orders import WORK_ORDERS, History, HistoryMaker, Payer, Staff
from app.domain.contact import digits_only, search_key
from app.domain.customers import display_name
from app.domain.permissions import Actor, Role
from app.domain.pricing import ShopPricing
from app.domain.totals import FeeRule
from app.domain.vin import check_digit
from app.repositories.parts import bulk_insert
from app.services.access.setup import OwnerInput, SetupService, ShopInput
from app.services.access.users import UserService
from app.services.base import Service
from app.services.customers.dto import describe_vehicle
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

YEAR_CODES = {y: c for y, c in zip(range(2001, 2031), "123456789ABCDEFGHJKLMNPRSTVWXY", strict=True)}
VIN_BODY = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


@dataclass(frozen=True)
class DemoResult:
    shop_name: str
    customers: int
    vehicles: int
    owner_username: str
    desk_username: str
    password: str
    work_orders: int = 0


def make_vin(rng: random.Random, wmi: str, year: int, serial: int) -> str:
    """A 17-character VIN with a correct check digit and the model year code."""
    vds = "".join(rng.choice(VIN_BODY) for _ in range(5))
    plant = rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ")
    body = f"{wmi}{vds}0{YEAR_CODES[year]}{plant}{serial % 1_000_000:06d}"
    return body[:8] + check_digit(body) + body[9:]


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
        for batch in _batches(_customers(rng, owner, count), BATCH):
            self._write(partial(_insert, table="customers", rows=batch))
            payers.update((row["id"], _payer(row)) for row in batch)
            parties.update((row["id"], _party(row)) for row in batch)
            counter.advance(len(batch))
        return payers, parties

    def _load_vehicles(
        self, rng: random.Random, owner: Actor, customer_ids: list[uuid.UUID], count: int, counter: Progress
    ) -> tuple[list[Car], dict[uuid.UUID, Vehicle]]:
        """Vehicles in batches, every customer with at least one; the cars the history visits."""
        cars: list[Car] = []
        vehicles: dict[uuid.UUID, Vehicle] = {}
        for batch in _batches(_vehicles(rng, owner, customer_ids, count), BATCH):
            self._write(partial(_insert, table="vehicles", rows=batch))
            cars.extend(Car(row["id"], row["customer_id"], row["year"], row["odometer"]) for row in batch)
            vehicles.update((row["id"], _vehicle(row)) for row in batch)
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


def _payer(customer: dict[str, Any]) -> Payer:
    return Payer(
        f"{customer['first_name']} {customer['last_name']}",
        customer["phone"],
        customer["tax_exempt_number"],
        customer["kind"] == "company",
    )


def _party(customer: dict[str, Any]) -> Party:
    """The customer as an invoice snapshots them (see ``app.services.invoicing.posting``)."""
    c = customer
    address = (c["address_line1"], c["address_line2"], c["city"], c["region"], c["postal_code"])
    return Party(
        display_name(c["first_name"], c["last_name"], c["company_name"], c["kind"]),
        ", ".join(part for part in address if part),
        c["phone"],
        c["email"],
    )


def _vehicle(row: dict[str, Any]) -> Vehicle:
    return Vehicle(
        describe_vehicle(row["year"], row["make"], row["model"]) or "Vehicle", row["vin"], row["plate"]
    )


def _batches(rows: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _phone(rng: random.Random) -> str:
    return f"({rng.choice((510, 415, 925, 650, 408))}) {rng.randint(200, 999)}-{rng.randint(0, 9999):04d}"


def _customers(rng: random.Random, owner: Actor, count: int) -> Iterator[dict[str, Any]]:
    now = now_utc()
    for i in range(count):
        company = rng.random() < 0.08
        first, last = rng.choice(FIRST), rng.choice(LAST)
        company_name = f"{rng.choice(COMPANIES)} {i % 97 + 1}" if company else ""
        phone = _phone(rng)
        alt = _phone(rng) if rng.random() < 0.3 else ""
        email = f"{search_key(first)}.{search_key(last)}{i}@example.com".replace("'", "")
        yield {
            "id": uuid.uuid4(),
            "shop_id": owner.shop_id,
            "kind": "company" if company else "person",
            "first_name": first,
            "last_name": last,
            "company_name": company_name,
            "phone": phone,
            "alt_phone": alt,
            "email": email,
            "address_line1": f"{rng.randint(10, 9999)} {rng.choice(STREETS)} St",
            "address_line2": "",
            "city": rng.choice(CITIES),
            "region": "CA",
            "postal_code": f"94{rng.randint(500, 999)}",
            "country": "US",
            "tax_exempt_number": f"RES-{rng.randint(100000, 999999)}" if company else "",
            "notes": "",
            "first_key": search_key(first),
            "last_key": search_key(last),
            "company_key": search_key(company_name),
            "email_key": search_key(email),
            "phone_digits": digits_only(phone),
            "phone_rev": digits_only(phone)[::-1],
            "alt_phone_digits": digits_only(alt),
            "alt_phone_rev": digits_only(alt)[::-1],
            "version": 1,
            "created_at": now,
            "updated_at": now,
            "updated_by": owner.user_id,
        }


def _vehicles(
    rng: random.Random, owner: Actor, customer_ids: list[uuid.UUID], count: int
) -> Iterator[dict[str, Any]]:
    now = now_utc()
    for i in range(count):
        # every customer gets one vehicle, then the rest go to random customers
        customer = customer_ids[i] if i < len(customer_ids) else rng.choice(customer_ids)
        wmi, make, models = rng.choice(MAKES)
        year = rng.randint(2001, 2025)
        vin = make_vin(rng, wmi, year, i)
        plate = f"{rng.randint(1, 9)}{''.join(rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ') for _ in range(3))}{rng.randint(0, 999):03d}"
        yield {
            "id": uuid.uuid4(),
            "shop_id": owner.shop_id,
            "customer_id": customer,
            "vin": vin,
            "vin_rev": vin[::-1],
            "vin_non_standard": False,
            "year": year,
            "make": make,
            "model": rng.choice(models),
            "trim": "",
            "engine": "",
            "color": rng.choice(COLORS),
            "plate": plate,
            "plate_key": plate,
            "plate_region": "CA",
            "unit_number": "",
            "notes": "",
            "odometer": rng.randint(5_000, 220_000),
            "version": 1,
            "created_at": now,
            "updated_at": now,
            "updated_by": owner.user_id,
        }
