"""The schedule's alert rule: a booked car not here some minutes after its drop-off time.

It asks the schedule's plain question (``not_arrived_rows``) with the
rule's minutes, one alert per appointment. The alert resolves on its own
when the car arrives or the appointment is marked a no-show, cancelled or
moved to a later time; only today's appointments raise one (an old booking
nobody marked stays quiet).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from app.domain.alerts import LimitSpec
from app.domain.permissions import Role
from app.services.alerts.registry import KINDS, CheckContext, Finding, RuleKind
from app.services.schedule.calendar import appointment_view
from app.services.schedule.capacity import schedule_repo

LATE_MINUTES = LimitSpec("minutes", "Not arrived after", "min", Decimal(30), Decimal(5), Decimal(720))


def _not_arrived(ctx: CheckContext) -> list[Finding]:
    late_after = timedelta(minutes=int(ctx.limits["minutes"]))
    today = ctx.now.astimezone(ctx.zone).date()
    findings = []
    for row in schedule_repo(ctx.uow).not_arrived_rows(ctx.shop_id, ctx.now - late_after):
        a = appointment_view(row)
        car = " ".join(p for p in (a.vehicle, a.plate) if p) or "their car"
        where = ", ".join(p for p in (a.bay, a.technician) if p)
        waiting = "waiting" if a.waiting else "dropping off"
        detail = f"{a.concern or 'No concern noted'} · {waiting}" + (f" · {where}" if where else "")
        phone = f" Call {a.phone}," if a.phone else " Call the customer,"
        findings.append(
            Finding(
                str(a.id),
                f"{a.customer} ({car}) was due at {ctx.shop.time(a.drop_off_at)} and has not arrived",
                f"{detail}.{phone} then mark the appointment arrived, a no-show or moved.",
                link_kind="schedule",
                link_id=a.id,
                fresh=a.day == today,
            )
        )
    return findings


APPOINTMENT_NOT_ARRIVED = KINDS.register(
    RuleKind(
        "appointment_not_arrived",
        "Appointment not arrived",
        "A booked car is not here the minutes set after its drop-off time (today's appointments).",
        _not_arrived,
        limits=(LATE_MINUTES,),
        roles=frozenset({Role.OWNER, Role.FRONT_DESK}),
        watches=frozenset({"appointments"}),
        order=35,
    )
)
