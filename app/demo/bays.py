"""The demo shop's bays and technician time: 6 bays (small) or 20 (large), cars in them, two weeks of clocks.

Open work orders in progress or on hold go into bays (approved ones wait);
each technician has a shift clock for every working day of the last two
weeks and job clocks on the orders closed in that time, roughly the hours
billed (a technician beats the book on some jobs and not on others), so the
efficiency report has something to say on the first start.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.db.models_bays import BayAssignment, BayStatusLog, ServiceBay, TimeEntry
from app.db.types import now_utc
from app.domain.permissions import Actor
from app.repositories.bays import TimeRepository, labor_of_closed
from app.services.base import Service
from app.services.bays.board import shop_zone
from app.services.uow import UnitOfWork

BAYS = {"small": 6, "large": 20}
AREAS = ("Front", "Back", "Alignment", "Quick service")
EQUIPMENT = ("2-post lift", "Tire machine", "Scan tool", "Alignment rack", "A/C machine")
HISTORY_DAYS = 14
SHIFT = (time(7, 30), time(16, 30))


class DemoBayService(Service):
    def create(self, owner: Actor, technicians: tuple[uuid.UUID, ...], size: str, seed: int) -> int:
        """Bays, assignments and clocks for the demo shop; the number of bays made."""
        rng = random.Random(seed + 5)
        count = BAYS[size]

        def work(uow: UnitOfWork) -> int:
            now = now_utc()
            zone = shop_zone(uow, owner.shop_id)
            bays = _bays(uow, owner, count, now)
            _assign(uow, owner, rng, bays, now)
            _clocks(uow, owner, rng, technicians, zone, now)
            uow.record(
                owner, owner.shop_id, "service_bays", owner.shop_id, "demo_bays", None, {"bays": count}
            )
            uow.commit()
            return count

        return self._write(work)


def _bays(uow: UnitOfWork, owner: Actor, count: int, now: datetime) -> list[ServiceBay]:
    bays = []
    for number in range(1, count + 1):
        area = AREAS[(number - 1) * len(AREAS) // count]
        bay = ServiceBay(
            shop_id=owner.shop_id,
            name=f"Bay {number}",
            area=area,
            position=number,
            capacity=2 if area == "Quick service" else 1,
            equipment="\n".join(EQUIPMENT[: 2 + number % 3]),
            status="maintenance" if number == count else "active",
            status_note="Lift inspection" if number == count else "",
        )
        uow.session.add(bay)
        bays.append(bay)
    uow.session.flush()
    for bay in bays:
        uow.session.add(
            BayStatusLog(
                shop_id=owner.shop_id,
                bay_id=bay.id,
                at=now,
                user_id=owner.user_id,
                event="status",
                new_status=bay.status,
                details="bay added",
            )
        )
    return bays


def _assign(uow: UnitOfWork, owner: Actor, rng: random.Random, bays: list[ServiceBay], now: datetime) -> None:
    rows = TimeRepository(uow.session).technician_jobs(owner.shop_id, ("in_progress", "on_hold"))
    orders: dict[uuid.UUID, uuid.UUID | None] = {}
    for row in rows:
        orders.setdefault(row.work_order_id, row.technician_id)
    free = [bay for bay in bays if bay.status == "active" for _ in range(bay.capacity)]
    for (work_order_id, technician_id), bay in zip(orders.items(), free, strict=False):
        started = now - timedelta(minutes=rng.randint(10, 300))
        uow.session.add(
            BayAssignment(
                shop_id=owner.shop_id,
                bay_id=bay.id,
                work_order_id=work_order_id,
                technician_id=technician_id,
                status="in_progress",
                started_at=started,
                created_by=owner.user_id,
            )
        )
        uow.session.add(
            BayStatusLog(
                shop_id=owner.shop_id,
                bay_id=bay.id,
                at=started,
                user_id=owner.user_id,
                event="assigned",
                work_order_id=work_order_id,
            )
        )


def _clocks(
    uow: UnitOfWork,
    owner: Actor,
    rng: random.Random,
    technicians: tuple[uuid.UUID, ...],
    zone: ZoneInfo,
    now: datetime,
) -> None:
    today = now.astimezone(zone).date()
    entries = []
    for offset in range(HISTORY_DAYS, -1, -1):
        day = today - timedelta(days=offset)
        if day.weekday() == 6:
            continue
        for technician in technicians:
            start = datetime.combine(day, SHIFT[0], zone) + timedelta(minutes=rng.randint(-10, 10))
            end = datetime.combine(day, SHIFT[1], zone) + timedelta(minutes=rng.randint(-15, 30))
            if start >= now:
                continue
            running = end >= now
            entries.append(
                TimeEntry(
                    shop_id=owner.shop_id,
                    user_id=technician,
                    kind="shift",
                    started_at=start,
                    ended_at=None if running else end,
                    end_reason="" if running else "clock_out",
                )
            )
    lo = datetime.combine(today - timedelta(days=HISTORY_DAYS), time.min, zone)
    for row in labor_of_closed(uow.session, owner.shop_id, lo, now):
        hours = float(row.quantity) / 1000 * rng.uniform(0.7, 1.3)
        end = row.completed_at - timedelta(minutes=rng.randint(5, 90))
        entries.append(
            TimeEntry(
                shop_id=owner.shop_id,
                user_id=row.technician_id,
                kind="job",
                work_order_id=row.work_order_id,
                job_id=row.job_id,
                started_at=end - timedelta(hours=hours),
                ended_at=end,
                end_reason="finish",
            )
        )
    uow.session.add_all(entries)
