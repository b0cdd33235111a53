"""Ten years of the demo shop's work orders, numbered in date order: the rows, one order at a time.

Old orders are invoiced (a few cancelled); the last two weeks hold the open
board: estimates, approved, in progress, on hold and completed orders (when
each car comes in is planned by ``visit_plan``). Every order is what the
services would have written: a pricing snapshot, jobs with labor at the
shop's rate and parts with their condition (from ``job_templates``), a
technician on every approved job that was worked, and an authorization whose
amount is the approved total from ``app.domain.totals`` (the numbers the
editor shows).
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from app.demo.job_catalog import CatalogLine, JobCatalog, PricedJob
from app.demo.visit_plan import Car, Visit, odometer_at
from app.domain.pricing import ShopPricing
from app.domain.work_orders import HOLD_REASONS, Status

# (work orders in all, how many of them are open)
WORK_ORDERS = {"small": (1_500, 30), "large": (500_000, 300)}
JOBS_PER_ORDER = ((1, 2, 3), (55, 30, 15))
MAX_LINES = 4
AUTH_METHODS = (("in_person", "phone", "text", "email", "signature"), (45, 35, 10, 5, 5))
NOTES = ("", "", "", "", "Customer waiting in the lounge", "Drop-off; call when ready", "Loaner requested")

Job = tuple[dict[str, Any], list[CatalogLine]]  # a job's row and the lines charged on it


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
class _Stage:
    """How far an order got: whether the customer decided, whether it was worked and finished."""

    status: Status
    decided: bool
    worked: bool
    finished: bool

    @classmethod
    def of(cls, rng: random.Random, status: Status) -> _Stage:
        worked = status in (Status.IN_PROGRESS, Status.ON_HOLD, Status.COMPLETED, Status.INVOICED)
        finished = status in (Status.COMPLETED, Status.INVOICED)
        # half the cancelled orders were declined by the customer, the other half never answered
        decided = status != Status.ESTIMATE and not (status == Status.CANCELLED and rng.random() < 0.5)
        return cls(status, decided, worked, finished)


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
        self.catalog = JobCatalog(pricing)
        self.counts = {"work_orders": 0, "jobs": 0, "lines": 0, "authorizations": 0}

    def batches(self, plans: list[Visit], first_number: int, size: int) -> Iterator[History]:
        batch = History()
        for offset, (at, index, open_status) in enumerate(plans):
            self.order(batch, first_number + offset, at, self.cars[index], open_status)
            if len(batch.orders) == size:
                yield batch
                batch = History()
        if batch.orders:
            yield batch

    def order(self, out: History, number: int, at: datetime, car: Car, open_status: Status | None) -> None:
        """One work order with its jobs, lines and authorizations, as far as its status took it."""
        rng = self.rng
        status = open_status or (Status.CANCELLED if rng.random() < 0.06 else Status.INVOICED)
        payer = self.payers[car.customer_id]
        order_id = uuid.uuid4()
        writer = rng.choice(self.staff.writers)
        odometer_in = odometer_at(car, at, self.now)
        stage = _Stage.of(rng, status)
        jobs = self._jobs(out, order_id, stage, payer)
        approved = [line for job, lines in jobs if job["decision"] == "approved" for line in lines]
        amount = self.catalog.total(approved, bool(payer.tax_exempt_number))
        authorized_at = at + timedelta(minutes=rng.randint(10, 120))
        if stage.decided:
            self._authorizations(out, order_id, jobs, amount, authorized_at, payer, writer)
        completed_at = (
            min(authorized_at + timedelta(hours=rng.randint(4, 30)), self.now) if stage.finished else None
        )
        odometer_out = min(odometer_in + rng.randint(0, 12), car.odometer) if stage.finished else None
        out.orders.append(
            {
                "id": order_id,
                "shop_id": self.staff.shop_id,
                "number": number,
                "customer_id": car.customer_id,
                "vehicle_id": car.vehicle_id,
                "status": status.value,
                "hold_reason": rng.choice(HOLD_REASONS[:3]) if status == Status.ON_HOLD else "",
                "odometer_in": odometer_in,
                "odometer_out": odometer_out,
                "promised_at": at + timedelta(hours=rng.choice((3, 5, 8, 24, 48))),
                "notes": rng.choice(NOTES),
                "currency": "USD",  # the demo shop is an American one (en_US)
                "tax_rate": self.catalog.rules.tax_rate,
                "rounding": self.catalog.rules.rounding.value,
                "fee_rule": self.catalog.fee_rule,
                "labor_rate": self.catalog.pricing.labor_rate,
                "tax_exempt_number": payer.tax_exempt_number,
                "authorized_total": amount if stage.decided else None,
                "needs_reauthorization": False,
                "version": 1 + len(jobs) + (2 if stage.decided else 0) + (2 if stage.worked else 0),
                "created_at": at,
                "created_by": writer,
                "updated_at": completed_at or (authorized_at if stage.decided else at),
                "updated_by": writer,
                "completed_at": completed_at,
            }
        )
        self.counts["work_orders"] += 1

    def _jobs(self, out: History, order_id: uuid.UUID, stage: _Stage, payer: Payer) -> list[Job]:
        """One to three jobs from the catalog, each with its labor and a few of its usual lines."""
        rng = self.rng
        count = rng.choices(*JOBS_PER_ORDER)[0]
        chosen: list[PricedJob] = rng.sample(self.catalog.jobs, count)
        extras = self._extra_lines(count)
        fleet = payer.company and rng.random() < 0.5
        jobs: list[Job] = []
        for position, (priced, n_extra) in enumerate(zip(chosen, extras, strict=True), start=1):
            decision = self._decision(stage, position)
            working = decision == "approved" and (
                stage.worked or (stage.status == Status.APPROVED and rng.random() < 0.5)
            )
            job = self._job_row(order_id, position, priced, decision, stage.finished, working)
            lines = [priced.fleet_labor if fleet else priced.labor, *priced.extras[:n_extra]]
            out.lines.extend(self._line_rows(order_id, job["id"], lines))
            out.jobs.append(job)
            jobs.append((job, lines))
        self.counts["jobs"] += len(jobs)
        self.counts["lines"] += sum(len(lines) for _, lines in jobs)
        return jobs

    def _extra_lines(self, jobs: int) -> list[int]:
        """How many lines besides labor each job gets: at most ``MAX_LINES`` across the order."""
        extras = [0] * jobs
        for _ in range(self.rng.randint(jobs, MAX_LINES) - jobs):
            extras[self.rng.randrange(jobs)] += 1
        return extras

    def _decision(self, stage: _Stage, position: int) -> str:
        """The customer's answer on a job: the first job of a decided order is always approved."""
        if not stage.decided:
            return "pending"
        if stage.status == Status.CANCELLED:
            return "declined"
        return "approved" if position == 1 or self.rng.random() < 0.8 else "declined"

    def _job_row(
        self,
        order_id: uuid.UUID,
        position: int,
        priced: PricedJob,
        decision: str,
        finished: bool,
        working: bool,
    ) -> dict[str, Any]:
        """The job's row: cause and correction once the work is done, a technician once it is worked."""
        template = priced.template
        job_id = uuid.uuid4()
        months, miles = template.reminder or (None, None)
        done = finished and decision == "approved"
        return {
            "id": job_id,
            "shop_id": self.staff.shop_id,
            "work_order_id": order_id,
            "position": position,
            "title": template.title,
            "concern": template.concern,
            "cause": template.cause if done else "",
            "correction": template.correction if done else "",
            "technician_id": self.rng.choice(self.staff.technicians) if working else None,
            "decision": decision,
            "changed_since_authorized": False,
            "reminder_months": months,
            "reminder_miles": miles,
            "copied_from_job_id": None,
            "removed": False,
        }

    def _line_rows(
        self, order_id: uuid.UUID, job_id: uuid.UUID, lines: list[CatalogLine]
    ) -> list[dict[str, Any]]:
        """The job's lines, copied from the catalog, numbered from 1."""
        return [
            {
                **line.row,
                "id": uuid.uuid4(),
                "shop_id": self.staff.shop_id,
                "work_order_id": order_id,
                "job_id": job_id,
                "position": line_position,
            }
            for line_position, line in enumerate(lines, start=1)
        ]

    def _authorizations(
        self,
        out: History,
        order_id: uuid.UUID,
        jobs: list[Job],
        amount: Decimal,
        at: datetime,
        payer: Payer,
        writer: uuid.UUID,
    ) -> None:
        """One authorization; sometimes two, when a job found during the work was approved later."""
        previous = Decimal("0.00")
        steps = self._authorization_steps(jobs, amount, payer)
        for step, (yes, no, total) in enumerate(steps):
            method = self.rng.choices(*AUTH_METHODS)[0]
            out.authorizations.append(
                {
                    "id": uuid.uuid4(),
                    "shop_id": self.staff.shop_id,
                    "work_order_id": order_id,
                    "authorized_by": payer.person,
                    "relation": "Fleet manager"
                    if payer.company
                    else self.rng.choice(("", "", "", "", "Spouse")),
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

    def _authorization_steps(
        self, jobs: list[Job], amount: Decimal, payer: Payer
    ) -> list[tuple[list[str], list[str], Decimal]]:
        """(jobs approved, jobs declined, amount) per authorization, in the order they were given."""
        approved = [job for job, _ in jobs if job["decision"] == "approved"]
        declined = [job["title"] for job, _ in jobs if job["decision"] == "declined"]
        if len(approved) > 1 and self.rng.random() < 0.3:
            first = approved[:-1]
            first_ids = {job["id"] for job in first}
            lines = [ln for job, lns in jobs if job["id"] in first_ids for ln in lns]
            partial = self.catalog.total(lines, bool(payer.tax_exempt_number))
            return [([j["title"] for j in first], declined, partial), ([approved[-1]["title"]], [], amount)]
        return [([j["title"] for j in approved], declined, amount)]
