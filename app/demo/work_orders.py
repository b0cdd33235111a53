"""Ten years of the demo shop's work orders, numbered in date order.

Old orders are invoiced (a few cancelled); the last two weeks hold the open
board: estimates, approved, in progress, on hold and completed orders. Every
order is what the services would have written: a pricing snapshot, jobs with
labor at the shop's rate and parts with their condition, a technician on every
approved job that was worked, and an authorization whose amount is the
approved total from ``app.domain.totals`` (the numbers the editor shows).
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from app.domain.money import from_thousandths, to_thousandths
from app.domain.pricing import ShopPricing, fee_rule_to_json
from app.domain.totals import LineKind, PricedLine, compute_totals
from app.domain.work_orders import HOLD_REASONS, Status

# (work orders in all, how many of them are open)
WORK_ORDERS = {"small": (1_500, 30), "large": (500_000, 300)}
YEARS = 10
OPEN_DAYS = 14
JOBS_PER_ORDER = ((1, 2, 3), (55, 30, 15))
MAX_LINES = 4
OPEN_STATUSES = (
    (Status.ESTIMATE, Status.APPROVED, Status.IN_PROGRESS, Status.ON_HOLD, Status.COMPLETED),
    (25, 15, 25, 12, 23),
)
AUTH_METHODS = (("in_person", "phone", "text", "email", "signature"), (45, 35, 10, 5, 5))
SHOP_TZ = ZoneInfo("America/Los_Angeles")  # the demo shop's, for opening hours
NOTES = ("", "", "", "", "Customer waiting in the lounge", "Drop-off; call when ready", "Loaner requested")


@dataclass(frozen=True)
class Item:
    """A line template: quantities and prices as typed."""

    kind: LineKind
    description: str
    quantity: str
    price: str = "0"
    cost: str = "0"
    part_number: str = ""
    condition: str = ""
    core: str = "0"


@dataclass(frozen=True)
class Template:
    title: str
    concern: str
    cause: str
    correction: str
    labor: Item  # price "0": the work order's labor rate
    extras: tuple[Item, ...]  # parts, fees and sublet, in the order they are added
    reminder: tuple[int, int] | None = None  # (months, miles)


def _part(desc: str, qty: str, price: str, cost: str, number: str, cond: str, core: str = "0") -> Item:
    return Item(LineKind.PART, desc, qty, price, cost, number, cond, core)


def _fee(desc: str, qty: str, price: str) -> Item:
    return Item(LineKind.FEE, desc, qty, price)


def _labor(desc: str, hours: str) -> Item:
    return Item(LineKind.LABOR, desc, hours)


TEMPLATES = (
    Template(
        "Oil and filter change",
        "Due for an oil change",
        "Scheduled maintenance",
        "Changed oil and filter, reset the maintenance light",
        _labor("Change oil and filter", "0.5"),
        (
            _part("Full synthetic oil 0W-20, quart", "5", "9.50", "4.80", "MOB-0W20-QT", "new"),
            _part("Oil filter", "1", "14.99", "6.20", "PH7317", "aftermarket"),
            _fee("Used oil and filter disposal", "1", "4.50"),
        ),
        (6, 5_000),
    ),
    Template(
        "Front brake pads and rotors",
        "Grinding noise when braking",
        "Front pads worn to 2 mm, rotors scored",
        "Replaced front pads and rotors, bedded in the pads",
        _labor("Replace front pads and rotors", "1.8"),
        (
            _part("Front brake pad set, ceramic", "1", "89.99", "42.00", "D1210", "aftermarket"),
            _part("Front brake rotor", "2", "74.50", "35.10", "BR53042", "aftermarket"),
            _part("Brake hardware kit", "1", "18.99", "7.40", "H5894", "aftermarket"),
        ),
    ),
    Template(
        "Battery replacement",
        "Slow crank, battery light on",
        "Battery failed load test (310 of 640 CCA)",
        "Replaced battery, cleaned terminals, tested charging system",
        _labor("Replace battery and test charging system", "0.4"),
        (
            _part("Battery group 35, 640 CCA", "1", "189.99", "105.00", "BAT35-640", "new", "22.00"),
            _fee("California lead-acid battery fee", "1", "2.00"),
            _part("Terminal protector spray", "1", "6.99", "2.10", "TP-11", "new"),
        ),
    ),
    Template(
        "Check engine light diagnosis",
        "Check engine light on",
        "Code P0420, upstream O2 sensor slow to switch",
        "Replaced upstream O2 sensor, cleared codes, road tested",
        _labor("Diagnose check engine light", "1.0"),
        (
            _part("Upstream oxygen sensor", "1", "129.00", "71.50", "234-9119", "oem"),
            Item(LineKind.SUBLET, "Smog check (Star station)", "1", "59.95", "45.00"),
            _fee("Hazardous waste disposal", "1", "3.00"),
        ),
    ),
    Template(
        "Coolant flush",
        "Coolant looks dirty",
        "Coolant past its service interval",
        "Flushed the cooling system, refilled with OAT coolant",
        _labor("Flush and refill cooling system", "1.0"),
        (
            _part("Coolant 50/50 premix, gallon", "2", "24.99", "11.00", "COOL-OAT-1G", "new"),
            _part("Radiator cap", "1", "19.99", "8.25", "RC-16", "aftermarket"),
            _fee("Coolant disposal", "1", "5.00"),
        ),
        (24, 30_000),
    ),
    Template(
        "Serpentine belt and tensioner",
        "Squeal on start-up",
        "Belt cracked, tensioner weak",
        "Replaced belt, tensioner and idler pulley",
        _labor("Replace serpentine belt and tensioner", "1.2"),
        (
            _part("Serpentine belt", "1", "42.99", "18.40", "K060841", "aftermarket"),
            _part("Belt tensioner", "1", "96.50", "44.00", "38159", "aftermarket"),
            _part("Idler pulley", "1", "38.75", "16.90", "89161", "aftermarket"),
        ),
    ),
    Template(
        "Alternator replacement",
        "Battery light on while driving",
        "Alternator output 12.1 V at idle",
        "Replaced alternator with a remanufactured unit",
        _labor("Replace alternator", "1.6"),
        (
            _part("Alternator, remanufactured", "1", "289.00", "160.00", "ALT-11550", "rebuilt", "45.00"),
            _part("Serpentine belt", "1", "42.99", "18.40", "K060841", "aftermarket"),
            _part("Battery terminal end", "1", "12.49", "4.60", "BT-2", "aftermarket"),
        ),
    ),
    Template(
        "A/C recharge",
        "A/C blowing warm",
        "Low refrigerant, no leak found with dye",
        "Evacuated and recharged with R-1234yf, added dye",
        _labor("Evacuate and recharge A/C", "1.0"),
        (
            _part("R-1234yf refrigerant, lb", "1.5", "85.00", "40.00", "R1234YF", "new"),
            _part("UV leak dye", "1", "12.00", "3.90", "UV-1", "new"),
            _fee("Refrigerant recovery fee", "1", "8.00"),
        ),
    ),
    Template(
        "Four-wheel alignment",
        "Pulls to the right",
        "Toe out of specification",
        "Replaced outer tie rod end, aligned to specification",
        _labor("Inspect steering and suspension", "0.5"),
        (
            Item(LineKind.SUBLET, "Four-wheel alignment (Bay Tire)", "1", "119.95", "85.00"),
            _part("Outer tie rod end", "1", "48.50", "21.30", "ES80941", "aftermarket"),
            _part("Camber bolt kit", "1", "24.00", "9.80", "81250", "aftermarket"),
        ),
    ),
    Template(
        "Tire rotation and balance",
        "Due for a rotation",
        "Scheduled maintenance",
        "Rotated and balanced four tires, set pressures",
        _labor("Rotate and balance four tires", "0.8"),
        (
            _part("Wheel weights", "8", "0.75", "0.20", "WW-025", "new"),
            _part("TPMS service kit", "4", "6.50", "2.40", "TPMS-SK", "aftermarket"),
            _part("Valve stem", "4", "3.50", "0.90", "TR413", "new"),
        ),
        (6, 6_000),
    ),
    Template(
        "Spark plugs and coil",
        "Rough idle, flashing check engine light",
        "Misfire cylinder 3, plugs worn",
        "Replaced spark plugs and cylinder 3 coil",
        _labor("Replace spark plugs and ignition coil", "1.5"),
        (
            _part("Iridium spark plug", "4", "14.99", "6.80", "ILKAR7B11", "oem"),
            _part("Ignition coil", "1", "79.99", "38.00", "UF-247", "aftermarket"),
            _part("Dielectric grease", "1", "4.99", "1.50", "DG-3", "new"),
        ),
    ),
    Template(
        "Transmission fluid service",
        "Shifts late when cold",
        "Fluid dark, past its interval",
        "Drained and refilled automatic transmission fluid",
        _labor("Drain and fill transmission fluid", "0.8"),
        (
            _part("ATF, quart", "4", "11.49", "5.10", "ATF-DW1", "oem"),
            _part("Drain plug gasket", "1", "2.99", "0.60", "DPG-14", "oem"),
            _fee("Fluid disposal", "1", "5.00"),
        ),
        (36, 60_000),
    ),
    Template(
        "Four new tires",
        "Tires worn",
        "Tread at 3/32 in, below safe depth",
        "Mounted and balanced four new tires",
        _labor("Mount and balance four tires", "1.0"),
        (
            _part("All-season tire 215/55R17", "4", "142.00", "98.00", "AS-2155517", "new"),
            _part("Valve stem", "4", "3.50", "0.90", "TR413", "new"),
            _fee("California tire fee", "4", "1.75"),
        ),
    ),
    Template(
        "Wiper blades",
        "Wipers streaking",
        "Blades hardened and split",
        "Replaced both front wiper blades, topped up washer fluid",
        _labor("Replace wiper blades", "0.2"),
        (
            _part("Wiper blade 24 in", "1", "21.99", "8.90", "WB-24", "aftermarket"),
            _part("Wiper blade 18 in", "1", "18.99", "7.60", "WB-18", "aftermarket"),
            _part("Washer fluid, gallon", "1", "4.99", "1.80", "WF-1G", "new"),
        ),
    ),
)


@dataclass(frozen=True)
class Car:
    vehicle_id: uuid.UUID
    customer_id: uuid.UUID
    year: int
    odometer: int


@dataclass(frozen=True)
class Payer:
    """What a work order copies from its customer."""

    person: str
    phone: str
    tax_exempt_number: str
    company: bool


@dataclass(frozen=True)
class Staff:
    shop_id: uuid.UUID
    writers: tuple[uuid.UUID, ...]  # who opens orders and takes authorizations
    technicians: tuple[uuid.UUID, ...]


@dataclass
class History:
    """One batch of rows per table, in insert order."""

    orders: list[dict[str, Any]] = field(default_factory=list)
    jobs: list[dict[str, Any]] = field(default_factory=list)
    lines: list[dict[str, Any]] = field(default_factory=list)
    authorizations: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class _Line:
    """A line template priced under the shop's rules: the row's fields and what the totals see."""

    row: dict[str, Any]
    priced: PricedLine


class _Catalog:
    """The templates turned into row fields once, so each order only copies them."""

    def __init__(self, pricing: ShopPricing) -> None:
        self.pricing = pricing
        self.rules = pricing.rules()
        self.fee_rule = fee_rule_to_json(pricing.fee_rule)
        self._totals: dict[tuple[tuple[int, ...], bool], Decimal] = {}
        self.jobs = [
            (
                t,
                self._line(t.labor, Decimal("0")),
                self._line(t.labor, Decimal("0.10")),
                [self._line(i) for i in t.extras],
            )
            for t in TEMPLATES
        ]

    def total(self, lines: list[_Line], tax_exempt: bool) -> Decimal:
        """The total of these lines under the shop's rules; orders repeat, so each sum is made once."""
        key = (tuple(sorted(id(line) for line in lines)), tax_exempt)
        if key not in self._totals:
            priced = [line.priced for line in lines]
            self._totals[key] = compute_totals(priced, self.rules, tax_exempt=tax_exempt).total
        return self._totals[key]

    def _line(self, item: Item, discount: Decimal = Decimal("0")) -> _Line:
        quantity = to_thousandths(Decimal(item.quantity))
        price = self.pricing.labor_rate if item.kind == LineKind.LABOR else Decimal(item.price)
        taxable = self.pricing.is_taxable(item.kind)
        row = {
            "kind": item.kind.value,
            "description": item.description,
            "part_number": item.part_number,
            "condition": item.condition,
            "quantity": quantity,
            "unit_price": price,
            "unit_cost": Decimal(item.cost),
            "taxable": taxable,
            "discount_percent": discount,
            "core_charge": Decimal(item.core),
            "vendor": "",
        }
        # the same conversion as app.services.work_orders.views.priced
        priced = PricedLine(
            LineKind(item.kind),
            from_thousandths(quantity),
            price,
            taxable,
            discount * 100,
            Decimal(item.core),
        )
        return _Line(row, priced)


def plan_dates(
    rng: random.Random, cars: list[Car], total: int, open_count: int, now: datetime
) -> list[tuple[datetime, int, Status | None]]:
    """(created at, car index, open status or None) for every order, oldest first.

    Some cars come in often, most a few times; none before its model year.
    An open order is the last visit of its car.
    """
    start = now - timedelta(days=365 * YEARS)
    weights = [rng.gammavariate(0.7, 1.0) for _ in cars]
    open_cars = rng.sample(range(len(cars)), min(open_count, len(cars)))
    plans: list[tuple[datetime, int, Status | None]] = []
    opened: dict[int, datetime] = {}
    for index in open_cars:
        at = _business_hours(rng, now - timedelta(days=OPEN_DAYS * rng.random() ** 2))
        if at > now - timedelta(minutes=20):  # not opened yet today: this morning
            at = _business_hours(rng, now - timedelta(days=1))
        opened[index] = at
        plans.append((at, index, rng.choices(*OPEN_STATUSES)[0]))
    end = now - timedelta(days=1)
    for index in rng.choices(range(len(cars)), weights, k=total - len(plans)):
        first = max(start, datetime(cars[index].year - 1, 7, 1, tzinfo=UTC))
        at = first + (end - first) * rng.random() if first < end else end
        if index in opened and at > opened[index] - timedelta(days=2):
            at = opened[index] - timedelta(days=rng.randint(30, 400))
        plans.append((_business_hours(rng, at), index, None))
    plans.sort(key=lambda p: p[0])
    return plans


def _business_hours(rng: random.Random, at: datetime) -> datetime:
    """The same day, between 7:30 and 17:30 in the shop's time zone (never on a Sunday)."""
    local = at.astimezone(SHOP_TZ)
    if local.weekday() == 6:
        local += timedelta(days=1)
    minutes = rng.randint(7 * 60 + 30, 17 * 60 + 30)
    opened = local.replace(hour=minutes // 60, minute=minutes % 60, second=rng.randint(0, 59), microsecond=0)
    return opened.astimezone(UTC)


class HistoryMaker:
    """Turns planned visits into rows, one order at a time."""

    def __init__(
        self,
        rng: random.Random,
        staff: Staff,
        pricing: ShopPricing,
        cars: list[Car],
        payers: dict[uuid.UUID, Payer],
        now: datetime,
    ) -> None:
        self.rng, self.staff, self.cars, self.payers, self.now = rng, staff, cars, payers, now
        self.catalog = _Catalog(pricing)
        self.counts = {"work_orders": 0, "jobs": 0, "lines": 0, "authorizations": 0}

    def batches(
        self, plans: list[tuple[datetime, int, Status | None]], first_number: int, size: int
    ) -> Iterator[History]:
        batch = History()
        for offset, (at, index, open_status) in enumerate(plans):
            self.order(batch, first_number + offset, at, self.cars[index], open_status)
            if len(batch.orders) == size:
                yield batch
                batch = History()
        if batch.orders:
            yield batch

    def order(self, out: History, number: int, at: datetime, car: Car, open_status: Status | None) -> None:
        rng, staff = self.rng, self.staff
        status = open_status or (Status.CANCELLED if rng.random() < 0.06 else Status.INVOICED)
        payer = self.payers[car.customer_id]
        order_id = uuid.uuid4()
        writer = rng.choice(staff.writers)
        odometer_in = _odometer_at(car, at, self.now)
        worked = status in (Status.IN_PROGRESS, Status.ON_HOLD, Status.COMPLETED, Status.INVOICED)
        finished = status in (Status.COMPLETED, Status.INVOICED)
        decided = status != Status.ESTIMATE and not (status == Status.CANCELLED and rng.random() < 0.5)
        jobs = self._jobs(out, order_id, status, decided, worked, finished, payer)
        approved = [line for job, lines in jobs if job["decision"] == "approved" for line in lines]
        amount = self.catalog.total(approved, bool(payer.tax_exempt_number))
        authorized_at = at + timedelta(minutes=rng.randint(10, 120))
        if decided:
            self._authorizations(out, order_id, jobs, amount, authorized_at, payer, writer)
        completed_at = (
            min(authorized_at + timedelta(hours=rng.randint(4, 30)), self.now) if finished else None
        )
        odometer_out = min(odometer_in + rng.randint(0, 12), car.odometer) if finished else None
        out.orders.append(
            {
                "id": order_id,
                "shop_id": staff.shop_id,
                "number": number,
                "customer_id": car.customer_id,
                "vehicle_id": car.vehicle_id,
                "status": status.value,
                "hold_reason": rng.choice(HOLD_REASONS[:3]) if status == Status.ON_HOLD else "",
                "odometer_in": odometer_in,
                "odometer_out": odometer_out,
                "promised_at": at + timedelta(hours=rng.choice((3, 5, 8, 24, 48))),
                "notes": rng.choice(NOTES),
                "tax_rate": self.catalog.rules.tax_rate,
                "rounding": self.catalog.rules.rounding.value,
                "fee_rule": self.catalog.fee_rule,
                "labor_rate": self.catalog.pricing.labor_rate,
                "tax_exempt_number": payer.tax_exempt_number,
                "authorized_total": amount if decided else None,
                "needs_reauthorization": False,
                "version": 1 + len(jobs) + (2 if decided else 0) + (2 if worked else 0),
                "created_at": at,
                "created_by": writer,
                "updated_at": completed_at or (authorized_at if decided else at),
                "updated_by": writer,
                "completed_at": completed_at,
            }
        )
        self.counts["work_orders"] += 1

    def _jobs(
        self,
        out: History,
        order_id: uuid.UUID,
        status: Status,
        decided: bool,
        worked: bool,
        finished: bool,
        payer: Payer,
    ) -> list[tuple[dict[str, Any], list[_Line]]]:
        rng, shop_id = self.rng, self.staff.shop_id
        count = rng.choices(*JOBS_PER_ORDER)[0]
        chosen = rng.sample(self.catalog.jobs, count)
        extras = [0] * count
        for _ in range(rng.randint(count, MAX_LINES) - count):
            extras[rng.randrange(count)] += 1
        fleet = payer.company and rng.random() < 0.5
        jobs: list[tuple[dict[str, Any], list[_Line]]] = []
        for position, ((template, labor, discounted, more), n_extra) in enumerate(
            zip(chosen, extras, strict=True), start=1
        ):
            if not decided:
                decision = "pending"
            elif status == Status.CANCELLED:
                decision = "declined"
            else:
                decision = "approved" if position == 1 or rng.random() < 0.8 else "declined"
            working = decision == "approved" and (
                worked or (status == Status.APPROVED and rng.random() < 0.5)
            )
            job_id = uuid.uuid4()
            months, miles = template.reminder or (None, None)
            job = {
                "id": job_id,
                "shop_id": shop_id,
                "work_order_id": order_id,
                "position": position,
                "title": template.title,
                "concern": template.concern,
                "cause": template.cause if finished and decision == "approved" else "",
                "correction": template.correction if finished and decision == "approved" else "",
                "technician_id": rng.choice(self.staff.technicians) if working else None,
                "decision": decision,
                "changed_since_authorized": False,
                "reminder_months": months,
                "reminder_miles": miles,
                "copied_from_job_id": None,
                "removed": False,
            }
            lines = [discounted if fleet else labor, *more[:n_extra]]
            for line_position, line in enumerate(lines, start=1):
                out.lines.append(
                    {
                        **line.row,
                        "id": uuid.uuid4(),
                        "shop_id": shop_id,
                        "work_order_id": order_id,
                        "job_id": job_id,
                        "position": line_position,
                    }
                )
            out.jobs.append(job)
            jobs.append((job, lines))
        self.counts["jobs"] += len(jobs)
        self.counts["lines"] += sum(len(lines) for _, lines in jobs)
        return jobs

    def _authorizations(
        self,
        out: History,
        order_id: uuid.UUID,
        jobs: list[tuple[dict[str, Any], list[_Line]]],
        amount: Decimal,
        at: datetime,
        payer: Payer,
        writer: uuid.UUID,
    ) -> None:
        """One authorization; sometimes two, when a job found during the work was approved later."""
        rng = self.rng
        approved = [job for job, _ in jobs if job["decision"] == "approved"]
        declined = [job["title"] for job, _ in jobs if job["decision"] == "declined"]
        steps: list[tuple[list[str], list[str], Decimal]] = []
        if len(approved) > 1 and rng.random() < 0.3:
            first = approved[:-1]
            first_ids = {job["id"] for job in first}
            lines = [ln for job, lns in jobs if job["id"] in first_ids for ln in lns]
            partial = self.catalog.total(lines, bool(payer.tax_exempt_number))
            steps.append(([j["title"] for j in first], declined, partial))
            steps.append(([approved[-1]["title"]], [], amount))
        else:
            steps.append(([j["title"] for j in approved], declined, amount))
        previous = Decimal("0.00")
        for step, (yes, no, total) in enumerate(steps):
            method = rng.choices(*AUTH_METHODS)[0]
            out.authorizations.append(
                {
                    "id": uuid.uuid4(),
                    "shop_id": self.staff.shop_id,
                    "work_order_id": order_id,
                    "authorized_by": payer.person,
                    "relation": "Fleet manager" if payer.company else rng.choice(("", "", "", "", "Spouse")),
                    "method": method,
                    "phone_called": payer.phone if method == "phone" else "",
                    "at": at + timedelta(hours=3 * step),
                    "taken_by": writer,
                    "amount": total,
                    "previous_amount": previous,
                    "approved_jobs": json.dumps(yes),
                    "declined_jobs": json.dumps(no),
                    "note": "",
                }
            )
            previous = total
        self.counts["authorizations"] += len(steps)


def _odometer_at(car: Car, at: datetime, now: datetime) -> int:
    """Miles grow evenly from the car's first summer to its reading today."""
    born = datetime(car.year - 1, 7, 1, tzinfo=UTC)
    share = (at - born) / (now - born) if now > born else 1.0
    return max(1, int(car.odometer * min(max(share, 0.0), 1.0)))
