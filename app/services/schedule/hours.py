"""Who works when: technicians' working weeks, their days off, and the days the shop is closed.

The owner keeps these; the schedule's capacity reads them. A technician with
no week of their own works the bays' opening hours (the bay board's
settings). Adding a day off or a closed day does not move appointments: the
answer says how many are booked then, so the person can move them.
"""

from __future__ import annotations

import uuid
from datetime import date, time, timedelta

from app.db.models_schedule import ShopClosedDay, TechnicianDayOff, TechnicianHours
from app.domain.errors import ConflictError, NotFoundError, ValidationError
from app.domain.permissions import Action, Actor, require
from app.domain.schedule import check_week
from app.services.base import Service
from app.services.bays.board import checked_text
from app.services.schedule.capacity import held_on, schedule_repo
from app.services.schedule.dto import ClosedDayView, DayOffView, TechnicianWeek
from app.services.settings.locale import shop_locale
from app.services.uow import UnitOfWork

MAX_RANGE_DAYS = 62


class WorkingHoursService(Service):
    def weeks(self, actor: Actor) -> list[TechnicianWeek]:
        """Every active technician's working week."""
        require(actor, Action.VIEW_SCHEDULE)

        def work(uow: UnitOfWork) -> list[TechnicianWeek]:
            repo = schedule_repo(uow)
            rows: dict[uuid.UUID, list[tuple[int, time, time]]] = {}
            for row in repo.week_hours(actor.shop_id):
                rows.setdefault(row.user_id, []).append((row.weekday, row.starts, row.ends))
            return [
                TechnicianWeek(t.id, t.display_name, t.id in rows, tuple(rows.get(t.id, ())))
                for t in repo.technicians(actor.shop_id)
            ]

        return self._read(work)

    def set_week(
        self, actor: Actor, user_id: uuid.UUID, days: dict[int, tuple[time, time]] | None
    ) -> TechnicianWeek:
        """A technician's week (weekday to start and end); None: back to the bays' opening hours."""
        require(actor, Action.MANAGE_WORKING_HOURS)
        if days is not None:
            check_week(days)

        def work(uow: UnitOfWork) -> TechnicianWeek:
            repo = schedule_repo(uow)
            person = repo.technician(actor.shop_id, user_id)
            if person is None:
                raise NotFoundError("That technician no longer exists.")
            before = {
                str(r.weekday): _span(r.starts, r.ends)
                for r in repo.week_hours(actor.shop_id)
                if r.user_id == user_id
            }
            rows = [
                TechnicianHours(shop_id=actor.shop_id, user_id=user_id, weekday=d, starts=s, ends=e)
                for d, (s, e) in sorted((days or {}).items())
            ]
            repo.replace_week_hours(actor.shop_id, user_id, rows)
            after = {str(r.weekday): _span(r.starts, r.ends) for r in rows}
            uow.record(
                actor, actor.shop_id, "technician_hours", user_id, "update", {"week": before}, {"week": after}
            )
            uow.commit()
            return TechnicianWeek(
                user_id,
                person.display_name,
                days is not None,
                tuple((r.weekday, r.starts, r.ends) for r in rows),
            )

        return self._write(work)

    # --- days off ------------------------------------------------------------------------------
    def days_off(self, actor: Actor, first: date, last: date) -> list[DayOffView]:
        require(actor, Action.VIEW_SCHEDULE)
        return self._read(
            lambda uow: [
                DayOffView(
                    r.TechnicianDayOff.id,
                    r.TechnicianDayOff.user_id,
                    r.display_name,
                    r.TechnicianDayOff.day,
                    r.TechnicianDayOff.reason,
                )
                for r in schedule_repo(uow).days_off(actor.shop_id, first, last)
            ]
        )

    def add_days_off(
        self, actor: Actor, user_id: uuid.UUID, first: date, last: date, reason: str = ""
    ) -> int:
        """Days off from ``first`` to ``last``; the number of that technician's appointments booked then."""
        require(actor, Action.MANAGE_WORKING_HOURS)
        reason = checked_text(reason, "reason", 200)
        days = _days(first, last)

        def work(uow: UnitOfWork) -> int:
            repo = schedule_repo(uow)
            if repo.technician(actor.shop_id, user_id) is None:
                raise NotFoundError("That technician no longer exists.")
            taken = {
                r.TechnicianDayOff.day
                for r in repo.days_off(actor.shop_id, first, last)
                if r.TechnicianDayOff.user_id == user_id
            }
            for day in days:
                if day in taken:
                    continue
                row = TechnicianDayOff(
                    shop_id=actor.shop_id, user_id=user_id, day=day, reason=reason, created_by=actor.user_id
                )
                repo.add(row)
                uow.record(
                    actor,
                    actor.shop_id,
                    "technician_days_off",
                    row.id,
                    "create",
                    None,
                    {"technician": user_id, "day": day, "reason": reason},
                )
            booked = sum(1 for h in held_on(uow, actor.shop_id, days) if h.technician_id == user_id)
            uow.commit()
            return booked

        return self._write(work)

    def remove_day_off(self, actor: Actor, day_off_id: uuid.UUID) -> None:
        require(actor, Action.MANAGE_WORKING_HOURS)

        def work(uow: UnitOfWork) -> None:
            repo = schedule_repo(uow)
            row = repo.day_off(actor.shop_id, day_off_id)
            if row is None:
                raise NotFoundError("That day off was removed already.")
            uow.record(
                actor,
                actor.shop_id,
                "technician_days_off",
                row.id,
                "delete",
                {"technician": row.user_id, "day": row.day, "reason": row.reason},
                None,
            )
            repo.remove(row)
            uow.commit()

        self._write(work)

    # --- days the shop is closed ---------------------------------------------------------------
    def closed_days(self, actor: Actor, first: date, last: date) -> list[ClosedDayView]:
        require(actor, Action.VIEW_SCHEDULE)
        return self._read(
            lambda uow: [
                ClosedDayView(r.id, r.day, r.reason)
                for r in schedule_repo(uow).closed_days(actor.shop_id, first, last)
            ]
        )

    def add_closed_day(self, actor: Actor, day: date, reason: str = "") -> int:
        """The shop is closed on ``day``; the number of appointments booked then."""
        require(actor, Action.MANAGE_WORKING_HOURS)
        reason = checked_text(reason, "reason", 200)

        def work(uow: UnitOfWork) -> int:
            repo = schedule_repo(uow)
            if repo.closed_days(actor.shop_id, day, day):
                on = shop_locale(uow.shops.get(actor.shop_id)).weekday_day(day, with_year=True)
                raise ConflictError(f"The shop is already closed on {on}.")
            row = ShopClosedDay(shop_id=actor.shop_id, day=day, reason=reason, created_by=actor.user_id)
            repo.add(row)
            uow.record(
                actor,
                actor.shop_id,
                "shop_closed_days",
                row.id,
                "create",
                None,
                {"day": day, "reason": reason},
            )
            booked = len(held_on(uow, actor.shop_id, [day]))
            uow.commit()
            return booked

        return self._write(work)

    def remove_closed_day(self, actor: Actor, closed_day_id: uuid.UUID) -> None:
        require(actor, Action.MANAGE_WORKING_HOURS)

        def work(uow: UnitOfWork) -> None:
            repo = schedule_repo(uow)
            row = repo.closed_day(actor.shop_id, closed_day_id)
            if row is None:
                raise NotFoundError("That closed day was removed already.")
            uow.record(
                actor,
                actor.shop_id,
                "shop_closed_days",
                row.id,
                "delete",
                {"day": row.day, "reason": row.reason},
                None,
            )
            repo.remove(row)
            uow.commit()

        self._write(work)


def _days(first: date, last: date) -> list[date]:
    if last < first:
        raise ValidationError({"last": "the last day is before the first"})
    if (last - first).days >= MAX_RANGE_DAYS:
        raise ValidationError({"last": f"at most {MAX_RANGE_DAYS} days at once"})
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _span(starts: time, ends: time) -> str:
    """'07:00-15:30' as the audit trail keeps a day's hours (data, not words: the same in every shop)."""
    return f"{starts.isoformat('minutes')}-{ends.isoformat('minutes')}"
