"""Shift and job clocks at the bay terminal.

Every clock change first locks the technician's user row, so two terminals
clocking the same person on at once queue up instead of both seeing "no clock
running". Clocking out of the shift stops any job clock at the same instant;
starting a job clock while off the shift clocks the technician in as well,
so job hours never exceed shift hours.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from app.db.models_bays import TimeEntry
from app.db.models_work_orders import Job, WorkOrder
from app.db.types import now_utc
from app.domain.errors import NotFoundError, PermissionDeniedError, ValidationError
from app.domain.permissions import Action, Actor, require
from app.domain.technician_time import (
    STATE_LABELS,
    ClockKind,
    EndReason,
    JobClockState,
    Span,
    check_note,
    check_running,
    check_start_job,
    day_bounds,
    job_state,
    total_hours,
)
from app.domain.work_orders import Status
from app.repositories.bays import TimeRepository
from app.services.base import Service
from app.services.bays.assignments import uow_bays
from app.services.bays.board import bay_settings, shop_zone
from app.services.bays.dto import TechnicianBoard, TechnicianJob
from app.services.customers.dto import describe_vehicle
from app.services.parts.line_stock import allocate_if_due
from app.services.uow import UnitOfWork
from app.services.work_orders.views import touch

WORKABLE = (Status.APPROVED.value, Status.IN_PROGRESS.value)
LISTED = (Status.APPROVED.value, Status.IN_PROGRESS.value, Status.ON_HOLD.value)


def span(entry: TimeEntry) -> Span:
    return Span(entry.started_at, entry.ended_at, entry.job_id, entry.end_reason)


def check_job_owner(actor: Actor, job: Job) -> None:
    """A technician works on the jobs given to them (or unclaimed ones) unless their role allows any."""
    if job.technician_id in (None, actor.user_id) or actor.can(Action.EDIT_ANY_JOB):
        return
    raise PermissionDeniedError(
        f"“{job.title}” is another technician's job; ask the service writer to reassign it."
    )


class ClockService(Service):
    # --- shift -------------------------------------------------------------------------------
    def clock_in(self, actor: Actor) -> TechnicianBoard:
        require(actor, Action.CLOCK_TIME)

        def work(uow: UnitOfWork) -> TechnicianBoard:
            times = _times(uow, actor)
            if times.running(actor.shop_id, actor.user_id, ClockKind.SHIFT):
                raise ValidationError({"clock": "you are clocked in already"})
            _start_shift(uow, actor, times, now_utc())
            uow.commit()
            return technician_board(uow, actor)

        return self._write(work)

    def clock_out(self, actor: Actor) -> TechnicianBoard:
        """End the shift; a job clock still running stops at the same moment."""
        require(actor, Action.CLOCK_TIME)

        def work(uow: UnitOfWork) -> TechnicianBoard:
            times = _times(uow, actor)
            shift = times.running(actor.shop_id, actor.user_id, ClockKind.SHIFT)
            check_running(shift, "shift")
            now = now_utc()
            for entry in times.running(actor.shop_id, actor.user_id, ClockKind.JOB):
                _stop(uow, actor, entry, now, EndReason.CLOCK_OUT, "")
            for entry in shift:
                _stop(uow, actor, entry, now, EndReason.CLOCK_OUT, "")
            uow.commit()
            return technician_board(uow, actor)

        return self._write(work)

    # --- job clocks --------------------------------------------------------------------------
    def start_job(self, actor: Actor, job_id: uuid.UUID, note: str = "") -> TechnicianBoard:
        """Start (or resume) the clock on a job; an unclaimed job becomes the technician's."""
        require(actor, Action.CLOCK_TIME)
        note = check_note(note)

        def work(uow: UnitOfWork) -> TechnicianBoard:
            times = _times(uow, actor)
            _start_job(uow, actor, times, job_id, note, now_utc())
            uow.commit()
            return technician_board(uow, actor)

        return self._write(work)

    def pause_job(self, actor: Actor, job_id: uuid.UUID, note: str = "") -> TechnicianBoard:
        return self._stop_job(actor, job_id, EndReason.PAUSE, note)

    def finish_job(self, actor: Actor, job_id: uuid.UUID, note: str = "") -> TechnicianBoard:
        """The technician's part of the job is done; a paused clock is closed as finished too."""
        return self._stop_job(actor, job_id, EndReason.FINISH, note)

    def switch_job(self, actor: Actor, to_job_id: uuid.UUID, note: str) -> TechnicianBoard:
        """Pause whatever runs (with the note saying why) and start the other job, in one step."""
        require(actor, Action.CLOCK_TIME)
        note = check_note(note)
        if not note:
            raise ValidationError({"note": "say why you switch jobs (e.g. 'waiting for parts')"})

        def work(uow: UnitOfWork) -> TechnicianBoard:
            times = _times(uow, actor)
            now = now_utc()
            running = times.running(actor.shop_id, actor.user_id, ClockKind.JOB)
            check_running(running, "job")
            for entry in running:
                if entry.job_id != to_job_id:
                    _stop(uow, actor, entry, now, EndReason.SWITCH, note)
            _start_job(uow, actor, times, to_job_id, "", now)
            uow.commit()
            return technician_board(uow, actor)

        return self._write(work)

    def _stop_job(self, actor: Actor, job_id: uuid.UUID, reason: EndReason, note: str) -> TechnicianBoard:
        require(actor, Action.CLOCK_TIME)
        note = check_note(note)

        def work(uow: UnitOfWork) -> TechnicianBoard:
            times = _times(uow, actor)
            now = now_utc()
            running = [
                e for e in times.running(actor.shop_id, actor.user_id, ClockKind.JOB) if e.job_id == job_id
            ]
            if not running and reason == EndReason.FINISH:
                mine = [e for e in times.for_job(actor.shop_id, job_id) if e.user_id == actor.user_id]
                if not mine:
                    raise ValidationError({"clock": "that job's clock was never started"})
                last = mine[-1]
                if last.end_reason == EndReason.FINISH:
                    raise ValidationError({"clock": "that job is finished already"})
                last.end_reason = EndReason.FINISH.value
                uow.record(actor, actor.shop_id, "time_entries", last.id, "finish", None, {"job": job_id})
            else:
                check_running(running, "job")
                for entry in running:
                    _stop(uow, actor, entry, now, reason, note)
            uow.commit()
            return technician_board(uow, actor)

        return self._write(work)

    def board(self, actor: Actor) -> TechnicianBoard:
        """The technician terminal: shift clock and the jobs, the technician's own first."""
        require(actor, Action.CLOCK_TIME)
        return self._read(lambda uow: technician_board(uow, actor))

    def job_hours(self, actor: Actor, job_id: uuid.UUID) -> Decimal:
        """Actual hours on a job: everyone's job-clock time, a running clock up to now."""
        require(actor, Action.VIEW_WORK_ORDERS)
        return self._read(
            lambda uow: total_hours(
                [span(e) for e in _times(uow, actor).for_job(actor.shop_id, job_id)], now_utc()
            )
        )


def _times(uow: UnitOfWork, actor: Actor) -> TimeRepository:
    times = TimeRepository(uow.session)
    if uow.write:
        times.lock_user(actor.user_id)
    return times


def _start_shift(uow: UnitOfWork, actor: Actor, times: TimeRepository, at: datetime) -> None:
    entry = TimeEntry(shop_id=actor.shop_id, user_id=actor.user_id, kind=ClockKind.SHIFT.value, started_at=at)
    times.add(entry)
    uow.record(actor, actor.shop_id, "time_entries", entry.id, "clock_in", None, {"kind": "shift", "at": at})


def _stop(
    uow: UnitOfWork, actor: Actor, entry: TimeEntry, at: datetime, reason: EndReason, note: str
) -> None:
    entry.ended_at = at
    entry.end_reason = reason.value
    if note:
        entry.note = (f"{entry.note}; {note}" if entry.note else note)[:400]
    uow.record(
        actor,
        actor.shop_id,
        "time_entries",
        entry.id,
        reason.value,
        None,
        {"kind": entry.kind, "at": at, "note": note},
    )


def _start_job(
    uow: UnitOfWork, actor: Actor, times: TimeRepository, job_id: uuid.UUID, note: str, at: datetime
) -> None:
    """Clock the technician onto a job, starting their shift first if it is not running."""
    job, order = _lock_startable(uow, actor, times, job_id)
    if not times.running(actor.shop_id, actor.user_id, ClockKind.SHIFT):
        _start_shift(uow, actor, times, at)
    entry = TimeEntry(
        shop_id=actor.shop_id,
        user_id=actor.user_id,
        kind=ClockKind.JOB.value,
        work_order_id=order.id,
        job_id=job.id,
        started_at=at,
        note=note,
    )
    times.add(entry)
    uow.record(
        actor,
        actor.shop_id,
        "time_entries",
        entry.id,
        "start",
        None,
        {"job": job.title, "work_order": order.number},
    )
    _work_begins(uow, actor, order, job)


def _lock_startable(
    uow: UnitOfWork, actor: Actor, times: TimeRepository, job_id: uuid.UUID
) -> tuple[Job, WorkOrder]:
    """The job and its locked work order, once the technician may clock onto it now."""
    job = uow.work_orders.job(actor.shop_id, job_id)
    if job is None:
        raise NotFoundError("That job is no longer on its work order.")
    order = uow.work_orders.get(actor.shop_id, job.work_order_id, for_update=True)
    assert order is not None
    _check_workable(order, job)
    check_job_owner(actor, job)
    settings = bay_settings(uow, actor.shop_id)
    running = times.running(actor.shop_id, actor.user_id, ClockKind.JOB)
    check_start_job(
        [span(e) for e in running], job.id, allow_multiple=settings.multiple_job_clocks, job_title=job.title
    )
    return job, order


def _work_begins(uow: UnitOfWork, actor: Actor, order: WorkOrder, job: Job) -> None:
    """A clock on a job claims it if nobody has, and starts the work order and its bay assignment."""
    if job.technician_id is None:
        job.technician_id = actor.user_id
        uow.record(
            actor, actor.shop_id, "jobs", job.id, "claim", {"technician": None}, {"technician": actor.user_id}
        )
    if order.status == Status.APPROVED:
        order.status = Status.IN_PROGRESS.value
        allocate_if_due(uow, actor, order)  # the shop may take parts off the shelf as work starts
        touch(order, actor)
        uow.record(
            actor,
            actor.shop_id,
            "work_orders",
            order.id,
            "status",
            {"status": "approved"},
            {"status": "in_progress"},
        )
    assignment = uow_bays(uow).open_assignment(actor.shop_id, order.id)
    if assignment is not None and assignment.status == "assigned":
        assignment.status = "in_progress"
        if assignment.technician_id is None:
            assignment.technician_id = actor.user_id
        uow.record(
            actor, actor.shop_id, "bay_assignments", assignment.id, "start", None, {"status": "in_progress"}
        )


def _check_workable(order: WorkOrder, job: Job) -> None:
    if order.status not in WORKABLE:
        label = order.status.replace("_", " ")
        hold = f" ({order.hold_reason})" if order.hold_reason else ""
        raise ValidationError(
            {"work_order": f"work order {order.number} is {label}{hold}; no clock can start on it"}
        )
    if job.decision != "approved":
        raise ValidationError({"job": f"the customer has not authorized “{job.title}”"})


def technician_board(uow: UnitOfWork, actor: Actor) -> TechnicianBoard:
    times = TimeRepository(uow.session)
    now = now_utc()
    zone = shop_zone(uow, actor.shop_id)
    rows = times.technician_jobs(actor.shop_id, LISTED)
    if not actor.can(Action.EDIT_ANY_JOB):
        rows = [r for r in rows if r.technician_id in (None, actor.user_id)]
    entries = times.for_jobs(actor.shop_id, [r.id for r in rows])
    by_job: dict[uuid.UUID, list[TimeEntry]] = {}
    for entry in entries:
        by_job.setdefault(entry.job_id, []).append(entry)  # type: ignore[arg-type]
    jobs = []
    for r in rows:
        everyone = by_job.get(r.id, [])
        mine = [span(e) for e in everyone if e.user_id == actor.user_id]
        state = job_state(mine)
        running = next((s.start for s in mine if s.end is None), None)
        jobs.append(
            TechnicianJob(
                job_id=r.id,
                work_order_id=r.work_order_id,
                number=r.number,
                title=r.title,
                concern=r.concern,
                cause=r.cause,
                correction=r.correction,
                vehicle=describe_vehicle(r.year, r.make, r.model),
                plate=r.plate,
                work_order_status=r.status,
                technician_id=r.technician_id,
                technician=r.technician_name or "",
                mine=r.technician_id == actor.user_id,
                clock_state=state.value,
                clock_label=STATE_LABELS[state],
                my_hours=total_hours(mine, now),
                actual_hours=total_hours([span(e) for e in everyone], now),
                running_since=running,
                work_order_version=r.version,
            )
        )
    jobs.sort(key=lambda j: (not j.mine, j.clock_state != JobClockState.RUNNING, j.number))
    shift = times.running(actor.shop_id, actor.user_id, ClockKind.SHIFT)
    lo, hi = day_bounds(now.astimezone(zone).date(), zone)
    today = [
        span(e)
        for e in times.between(actor.shop_id, lo, hi)
        if e.user_id == actor.user_id and e.kind == ClockKind.SHIFT
    ]
    return TechnicianBoard(
        on_shift=bool(shift),
        shift_since=shift[0].started_at if shift else None,
        shift_hours_today=total_hours(today, now, lo, hi),
        jobs=tuple(jobs),
        multiple_job_clocks=bay_settings(uow, actor.shop_id).multiple_job_clocks,
    )
