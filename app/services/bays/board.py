"""Service bays and the bay board: manage bays, put cars in them, move them, take them out.

Capacity holds across terminals because every assignment locks the bay row
(``SELECT ... FOR UPDATE``; SQLite writes are ``BEGIN IMMEDIATE``) before it
counts the cars in it. A move locks both bays in id order, so two terminals
moving cars in opposite directions never deadlock.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, time
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Row

from app.db.models_bays import BayAssignment, ServiceBay
from app.db.models_work_orders import WorkOrder
from app.db.types import now_utc
from app.domain.bays import (
    ASSIGNABLE,
    BAY_STATUS_LABELS,
    AssignmentStatus,
    BayStatus,
    OpeningHours,
    check_assignable,
    check_bay_takes,
    check_capacity_value,
)
from app.domain.contact import clean_text, contains_card_number
from app.domain.customers import display_name
from app.domain.errors import ConflictError, NotFoundError, ValidationError
from app.domain.permissions import Action, Actor, require
from app.domain.technician_time import day_bounds
from app.domain.work_orders import STATUS_LABELS, Status
from app.repositories.bays import BayRepository
from app.services.base import Service
from app.services.bays.assignments import close_assignment, log_bay, uow_bays
from app.services.bays.dto import BayCard, BayLogView, BaySettings, BayView, BoardView
from app.services.customers.dto import describe_vehicle
from app.services.uow import UnitOfWork

BAY_SETTINGS_KEY = "bays"


@dataclass(frozen=True)
class BayInput:
    name: str
    area: str = ""
    capacity: int = 1
    equipment: tuple[str, ...] = ()
    position: int = 0


@dataclass(frozen=True)
class BoardFilter:
    technician: str = ""  # a technician's name, as the board shows it
    area: str = ""


def checked_text(text: str, field: str, limit: int) -> str:
    """Free text as stored: trimmed, within its column, never a payment card number."""
    text = clean_text(text)
    if len(text) > limit:
        raise ValidationError({field: f"is {len(text)} characters; at most {limit}"})
    if contains_card_number(text):
        raise ValidationError({field: "looks like a payment card number; BayDesk never stores card numbers"})
    return text


def shop_zone(uow: UnitOfWork, shop_id: uuid.UUID) -> ZoneInfo:
    return _zone(uow_bays(uow).shop_timezone(shop_id))


@lru_cache(maxsize=16)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def bay_settings(uow: UnitOfWork, shop_id: uuid.UUID) -> BaySettings:
    data = json.loads(uow.shops.setting(shop_id, BAY_SETTINGS_KEY) or "{}")
    hours = OpeningHours.from_json(json.dumps(data) if "opens" in data else None)
    return BaySettings(
        multiple_job_clocks=bool(data.get("multiple_job_clocks", False)),
        opens=hours.opens.isoformat("minutes"),
        closes=hours.closes.isoformat("minutes"),
        weekdays=hours.weekdays,
    )


def opening_hours(settings: BaySettings) -> OpeningHours:
    return OpeningHours(
        time.fromisoformat(settings.opens), time.fromisoformat(settings.closes), settings.weekdays
    )


class BayService(Service):
    # --- the shop's bays ---------------------------------------------------------------------
    def bays(self, actor: Actor) -> list[BayView]:
        require(actor, Action.VIEW_BAY_BOARD)
        return self._read(lambda uow: _bay_views(uow, actor))

    def save_bay(
        self,
        actor: Actor,
        data: BayInput,
        bay_id: uuid.UUID | None = None,
        expected_version: int | None = None,
    ) -> BayView:
        """Add a bay, or change one (name, area, capacity, equipment, place on the board)."""
        require(actor, Action.MANAGE_BAYS)
        name = checked_text(data.name, "name", 60)
        if not name:
            raise ValidationError({"name": "name the bay (e.g. 'Bay 3' or 'Alignment rack')"})
        area = checked_text(data.area, "area", 60)
        check_capacity_value(data.capacity)
        equipment = [checked_text(item, "equipment", 100) for item in data.equipment if item.strip()]

        def work(uow: UnitOfWork) -> BayView:
            repo = uow_bays(uow)
            same = repo.bay_by_name(actor.shop_id, name)
            if same is not None and same.id != bay_id:
                raise ConflictError(f"There is a bay named {same.name} already.", same.id)
            values: dict[str, Any] = {
                "name": name,
                "area": area,
                "capacity": data.capacity,
                "equipment": "\n".join(equipment),
                "position": data.position,
            }
            if bay_id is None:
                bay = ServiceBay(shop_id=actor.shop_id, status=BayStatus.ACTIVE.value, **values)
                repo.add(bay)
                uow.record(actor, actor.shop_id, "service_bays", bay.id, "create", None, values)
                log_bay(uow, actor, bay, "status", new=bay.status, details="bay added")
            else:
                bay = _bay(repo, actor, bay_id, lock=True)
                if expected_version is not None and bay.version != expected_version:
                    raise ConflictError(f"{bay.name} was changed on another terminal; reload and try again.")
                before = {k: getattr(bay, k) for k in values}
                for key, value in values.items():
                    setattr(bay, key, value)
                bay.version += 1
                uow.record(actor, actor.shop_id, "service_bays", bay.id, "update", before, values)
            uow.commit()
            return _bay_view(bay, repo.occupied(bay.id))

        return self._write(work)

    def set_status(self, actor: Actor, bay_id: uuid.UUID, status: BayStatus, note: str = "") -> BayView:
        """Active, inactive or in maintenance; each change goes into the bay's history."""
        require(actor, Action.MANAGE_BAYS)
        note = checked_text(note, "note", 200)

        def work(uow: UnitOfWork) -> BayView:
            repo = uow_bays(uow)
            bay = _bay(repo, actor, bay_id, lock=True)
            old = bay.status
            if old == status and bay.status_note == note:
                return _bay_view(bay, repo.occupied(bay.id))
            bay.status, bay.status_note = status.value, note
            bay.version += 1
            log_bay(uow, actor, bay, "status", old=old, new=status.value, details=note)
            uow.record(
                actor,
                actor.shop_id,
                "service_bays",
                bay.id,
                "status",
                {"status": old},
                {"status": status, "note": note},
            )
            uow.commit()
            return _bay_view(bay, repo.occupied(bay.id))

        return self._write(work)

    def history(self, actor: Actor, bay_id: uuid.UUID) -> list[BayLogView]:
        require(actor, Action.VIEW_BAY_BOARD)

        def work(uow: UnitOfWork) -> list[BayLogView]:
            rows = uow_bays(uow).logs(actor.shop_id, bay_id)
            return [
                BayLogView(
                    r.BayStatusLog.at,
                    r.user_name or "",
                    r.BayStatusLog.event,
                    r.BayStatusLog.old_status,
                    r.BayStatusLog.new_status,
                    r.number,
                    r.BayStatusLog.details,
                )
                for r in rows
            ]

        return self._read(work)

    def settings(self, actor: Actor) -> BaySettings:
        require(actor, Action.VIEW_BAY_BOARD)
        return self._read(lambda uow: bay_settings(uow, actor.shop_id))

    def save_settings(self, actor: Actor, settings: BaySettings) -> BaySettings:
        require(actor, Action.MANAGE_BAYS)
        try:
            hours = opening_hours(settings)
        except ValueError as exc:
            raise ValidationError({"opening_hours": "give times as HH:MM"}) from exc
        if hours.closes <= hours.opens:
            raise ValidationError({"closes": "must be after the opening time"})
        if not hours.weekdays or any(not 0 <= d <= 6 for d in hours.weekdays):
            raise ValidationError({"weekdays": "choose the days the shop is open"})

        def work(uow: UnitOfWork) -> BaySettings:
            before = uow.shops.setting(actor.shop_id, BAY_SETTINGS_KEY)
            value = json.loads(hours.to_json()) | {"multiple_job_clocks": settings.multiple_job_clocks}
            uow.shops.set_setting(actor.shop_id, BAY_SETTINGS_KEY, json.dumps(value))
            uow.record(
                actor,
                actor.shop_id,
                "settings",
                BAY_SETTINGS_KEY,
                "update",
                {"value": before},
                {"value": value},
            )
            uow.commit()
            return bay_settings(uow, actor.shop_id)

        return self._write(work)

    # --- cars in bays ------------------------------------------------------------------------
    def assign(
        self,
        actor: Actor,
        work_order_id: uuid.UUID,
        bay_id: uuid.UUID,
        technician_id: uuid.UUID | None = None,
        override_reason: str = "",
        notes: str = "",
    ) -> BoardView:
        """Put a car into a bay, or move it there from the bay it is in.

        A full bay refuses unless an override reason is given; a bay in
        maintenance refuses always. A move closes one assignment and opens the next.
        """
        require(actor, Action.ASSIGN_BAYS)
        override_reason = checked_text(override_reason, "override_reason", 200)
        notes = checked_text(notes, "notes", 400)

        def work(uow: UnitOfWork) -> BoardView:
            repo = uow_bays(uow)
            order, current, locked = _lock_for_assign(uow, repo, actor, work_order_id, bay_id)
            target = locked[bay_id]
            overridden = check_bay_takes(
                target.name, target.status, repo.occupied(target.id), target.capacity, override_reason
            )
            tech = technician_id
            if current is not None:
                tech = tech or current.technician_id
                close_assignment(uow, actor, current, AssignmentStatus.COMPLETED, f"moved to {target.name}")
                log_bay(
                    uow,
                    actor,
                    locked[current.bay_id],
                    "moved_out",
                    work_order_id=order.id,
                    details=target.name,
                )
            _place(uow, actor, order, target, current, tech, notes, override_reason if overridden else "")
            uow.commit()
            return board_view(uow, actor, BoardFilter())

        return self._write(work)

    def release(self, actor: Actor, work_order_id: uuid.UUID, *, cancelled: bool = False) -> BoardView:
        """The car leaves its bay: work done there (or the assignment was a mistake)."""
        require(actor, Action.ASSIGN_BAYS)

        def work(uow: UnitOfWork) -> BoardView:
            repo = uow_bays(uow)
            if uow.work_orders.get(actor.shop_id, work_order_id, for_update=True) is None:
                raise NotFoundError("That work order does not exist.")
            current = repo.open_assignment(actor.shop_id, work_order_id)
            if current is None:
                raise ValidationError({"bay": "that car is not in a bay"})
            bay = repo.lock_bays(actor.shop_id, [current.bay_id])[current.bay_id]
            status = AssignmentStatus.CANCELLED if cancelled else AssignmentStatus.COMPLETED
            close_assignment(uow, actor, current, status, "")
            log_bay(uow, actor, bay, "released", work_order_id=work_order_id, details=status.value)
            uow.commit()
            return board_view(uow, actor, BoardFilter())

        return self._write(work)

    def board(self, actor: Actor, flt: BoardFilter | None = None) -> BoardView:
        require(actor, Action.VIEW_BAY_BOARD)
        return self._read(lambda uow: board_view(uow, actor, flt or BoardFilter()))


def _lock_for_assign(
    uow: UnitOfWork, repo: BayRepository, actor: Actor, work_order_id: uuid.UUID, bay_id: uuid.UUID
) -> tuple[WorkOrder, BayAssignment | None, dict[uuid.UUID, ServiceBay]]:
    """Lock the order, then the target bay and the bay the car is in (id order).

    Returns the order, its open assignment (None when the car is in no bay)
    and the locked bays by id, the target always among them.
    """
    order = uow.work_orders.get(actor.shop_id, work_order_id, for_update=True)
    if order is None:
        raise NotFoundError("That work order does not exist.")
    check_assignable(order.number, order.status)
    current = repo.open_assignment(actor.shop_id, order.id)
    if current is not None and current.bay_id == bay_id:
        raise ValidationError({"bay": f"work order {order.number} is in that bay already"})
    locked = repo.lock_bays(actor.shop_id, [bay_id, *([current.bay_id] if current else [])])
    if locked.get(bay_id) is None:
        raise NotFoundError("That bay no longer exists.")
    return order, current, locked


def _place(
    uow: UnitOfWork,
    actor: Actor,
    order: WorkOrder,
    target: ServiceBay,
    moved_from: BayAssignment | None,
    technician_id: uuid.UUID | None,
    notes: str,
    override: str,
) -> None:
    """Open the car's assignment in the target bay, with its bay log line and audit entry.

    ``override`` is the reason that let the car into a full bay, "" when the bay had room.
    """
    new = BayAssignment(
        shop_id=actor.shop_id,
        bay_id=target.id,
        work_order_id=order.id,
        technician_id=technician_id,
        status=(
            AssignmentStatus.IN_PROGRESS if order.status == Status.IN_PROGRESS else AssignmentStatus.ASSIGNED
        ).value,
        started_at=now_utc(),
        notes=notes,
        override_reason=override,
        created_by=actor.user_id,
    )
    uow_bays(uow).add(new)
    log_bay(
        uow,
        actor,
        target,
        "moved_in" if moved_from else "assigned",
        work_order_id=order.id,
        details=f"over capacity: {override}" if override else notes,
    )
    uow.record(
        actor,
        actor.shop_id,
        "bay_assignments",
        new.id,
        "move" if moved_from else "assign",
        {"bay": str(moved_from.bay_id)} if moved_from else None,
        {"bay": str(target.id), "work_order": order.number, "override": new.override_reason},
    )


def _bay(repo: BayRepository, actor: Actor, bay_id: uuid.UUID, *, lock: bool = False) -> ServiceBay:
    bay = repo.bay(actor.shop_id, bay_id, for_update=lock)
    if bay is None:
        raise NotFoundError("That bay no longer exists.")
    return bay


def _bay_view(bay: ServiceBay | Row[Any], occupied: int) -> BayView:
    return BayView(
        id=bay.id,
        name=bay.name,
        area=bay.area,
        position=bay.position,
        capacity=bay.capacity,
        equipment=tuple(line for line in bay.equipment.splitlines() if line),
        status=bay.status,
        status_label=BAY_STATUS_LABELS[BayStatus(bay.status)],
        status_note=bay.status_note,
        occupied=occupied,
        version=bay.version,
    )


def _bay_views(uow: UnitOfWork, actor: Actor) -> list[BayView]:
    return [_bay_view(row, row.occupied) for row in uow_bays(uow).bay_rows(actor.shop_id)]


def board_view(uow: UnitOfWork, actor: Actor, flt: BoardFilter) -> BoardView:
    """The whole board in six plain-row statements: shop, bays, technicians, cars in bays, waiting, done."""
    now = now_utc()
    zone = shop_zone(uow, actor.shop_id)
    since, _ = day_bounds(now.astimezone(zone).date(), zone)
    bays = _bay_views(uow, actor)
    in_bay_rows, waiting_rows, done_rows = uow_bays(uow).board_rows(
        actor.shop_id, tuple(s.value for s in ASSIGNABLE), since
    )
    technicians = uow_bays(uow).technician_names(actor.shop_id)
    shown_bays = [b for b in bays if not flt.area or b.area == flt.area]
    shown_ids = {b.id for b in shown_bays}
    in_bays: dict[uuid.UUID, list[BayCard]] = {b.id: [] for b in shown_bays}
    for row in in_bay_rows:
        card = _card(row, now, "bay")
        if row.bay_id in shown_ids and _passes(card, flt):
            in_bays[row.bay_id].append(card)
    return BoardView(
        bays=tuple(shown_bays),
        in_bays={k: tuple(v) for k, v in in_bays.items()},
        waiting=tuple(c for c in (_card(r, now, "waiting") for r in waiting_rows) if _passes(c, flt)),
        done_today=tuple(c for c in (_card(r, now, "done") for r in done_rows) if _passes(c, flt)),
        technicians=tuple(technicians),
        areas=tuple(sorted({b.area for b in bays if b.area})),
        at=now,
    )


def _passes(card: BayCard, flt: BoardFilter) -> bool:
    return not flt.technician or card.technician == flt.technician


_LABELS = {status.value: label for status, label in STATUS_LABELS.items()}
_FINISHED = (Status.COMPLETED.value, Status.INVOICED.value)


def _card(row: Row[Any], now: datetime, where: str) -> BayCard:
    """One card; called for every car on the board, so plain strings rather than enums."""
    status, hold = row.status, row.hold_reason
    on_hold = status == Status.ON_HOLD.value
    in_bay = where == "bay"
    promised = row.promised_at
    return BayCard(
        work_order_id=row.work_order_id,
        number=row.number,
        vehicle=describe_vehicle(row.year, row.make, row.model),
        plate=row.plate,
        customer=display_name(row.first_name, row.last_name, row.company_name, row.kind),
        technician=(row.bay_technician if in_bay else None) or row.job_technician or "",
        technician_id=row.technician_id if in_bay else None,
        status=status,
        status_label=f"On hold: {hold}" if on_hold and hold else _LABELS[status],
        waiting_parts=on_hold and "part" in hold.lower(),
        promised_at=promised,
        late=promised is not None and promised < now and status not in _FINISHED,
        bay_id=row.bay_id if in_bay else None,
        in_bay_since=row.started_at if in_bay else None,
        column=str(row.bay_id) if in_bay else where,
    )
