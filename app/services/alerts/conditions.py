"""The built-in alert rules: what each one reads, and the words its alerts carry.

Every evaluator answers "what is true now?" for one shop; the alert service
compares the answer with the open alerts. Titles name the thing a person
goes to fix (the work order number, the day, the drawer), in the shop's time.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from app.domain.alerts import TIME_UNIT, LimitSpec
from app.domain.customers import display_name
from app.domain.permissions import Role
from app.domain.work_orders import STATUS_LABELS, Status
from app.repositories.alert_conditions import ConditionQueries
from app.services.alerts.registry import KINDS, CheckContext, Finding, RuleKind
from app.services.customers.dto import describe_vehicle

DRAWER_LOOK_BACK = timedelta(days=7)
REMINDER_LOOK_BACK = timedelta(days=7)
SHOWN_PARTS = 8
_DESK = frozenset({Role.OWNER, Role.FRONT_DESK})


def _when(ctx: CheckContext, moment: datetime) -> str:
    """'Dec 2, 2026, 11:48 PM' ('02.12.2026, 23:48'): on the shop's clock, as the shop writes it."""
    return ctx.shop.date_time(moment)


# --- stock -------------------------------------------------------------------------------------------
def _reorder_list(ctx: CheckContext) -> list[Finding]:
    parts = ConditionQueries(ctx.uow.session).reorder_list(ctx.shop_id)
    if not parts:
        return []
    shown = ", ".join(f"{sku} {name}" for sku, name in parts[:SHOWN_PARTS])
    more = f" and {len(parts) - SHOWN_PARTS} more" if len(parts) > SHOWN_PARTS else ""
    noun = "part is" if len(parts) == 1 else "parts are"
    return [
        Finding(
            "reorder-list",
            f"{len(parts)} {noun} at or under the reorder point",
            f"Not on order yet: {shown}{more}. Receiving (parts counter) turns them into purchase orders.",
            link_kind="parts",
        )
    ]


# --- promised times ----------------------------------------------------------------------------------
def _late_promises(ctx: CheckContext) -> list[Finding]:
    grace = timedelta(minutes=int(ctx.limits["grace_minutes"]))
    window = timedelta(hours=int(ctx.limits["look_back_hours"]))
    rows = ConditionQueries(ctx.uow.session).late_promises(ctx.shop_id, ctx.now - grace)
    findings = []
    for r in rows:
        customer = display_name(r.first_name, r.last_name, r.company_name, r.kind)
        vehicle = " ".join(p for p in (describe_vehicle(r.year, r.make, r.model), r.plate) if p)
        findings.append(
            Finding(
                str(r.id),
                f"Work order {r.number} was promised for {_when(ctx, r.promised_at)}",
                f"{customer} · {vehicle} · {STATUS_LABELS[Status(r.status)]}",
                link_kind="work_order",
                link_id=r.id,
                fresh=r.promised_at >= ctx.now - grace - window,
            )
        )
    return findings


# --- service reminders -------------------------------------------------------------------------------
def _reminders_due(ctx: CheckContext) -> list[Finding]:
    today = ctx.now.astimezone(ctx.zone).date()
    horizon = today + timedelta(days=int(ctx.limits["days_ahead"]))
    findings = []
    rows: list[Any] = ctx.uow.reminders.due_rows(ctx.shop_id, horizon)
    for reminder, odometer, year, make, model, plate in rows:
        by_date = reminder.due_date is not None and reminder.due_date <= horizon
        by_miles = reminder.due_miles is not None and odometer is not None and odometer >= reminder.due_miles
        if not (by_date or by_miles):
            continue
        due = [ctx.shop.day(reminder.due_date)] if reminder.due_date else []
        due += [f"{ctx.shop.integer(reminder.due_miles)} mi"] if reminder.due_miles else []
        vehicle = " ".join(p for p in (describe_vehicle(year, make, model), plate) if p)
        findings.append(
            Finding(
                str(reminder.id),
                f"{reminder.title} falls due: {vehicle}",
                f"Due {' or '.join(due)}; odometer {ctx.shop.integer(odometer)} mi."
                if odometer
                else f"Due {' or '.join(due)}.",
                link_kind="vehicle",
                link_id=reminder.vehicle_id,
                fresh=by_miles
                or (reminder.due_date is not None and reminder.due_date >= today - REMINDER_LOOK_BACK),
            )
        )
    return findings


# --- cash and the day --------------------------------------------------------------------------------
def _drawers(ctx: CheckContext) -> list[Finding]:
    beyond = ctx.limits["amount"]
    rows = ConditionQueries(ctx.uow.session).drawers_over_short(
        ctx.shop_id, beyond, ctx.now - DRAWER_LOOK_BACK
    )
    names = ctx.uow.terminals.names({r.terminal_id for r in rows})
    findings = []
    for r in rows:
        amount: Decimal = r.over_short
        word = "over" if amount > 0 else "short"
        findings.append(
            Finding(
                str(r.id),
                f"Drawer on {names.get(r.terminal_id, 'a terminal')} was {word} "
                f"{ctx.shop.money(abs(amount))} on {ctx.shop.day(r.business_date)}",
                f"Counted {_when(ctx, r.counted_at)}; the limit is {ctx.shop.money(beyond)} either way.",
                link_kind="day",
            )
        )
    return findings


def _day_not_closed(ctx: CheckContext) -> list[Finding]:
    local = ctx.now.astimezone(ctx.zone)
    today, yesterday = local.date(), local.date() - timedelta(days=1)
    queries = ConditionQueries(ctx.uow.session)
    closed = queries.closed_days(ctx.shop_id, [yesterday, today])
    close_by = int(ctx.limits["close_by"])
    late = [today] if today not in closed and local.hour * 60 + local.minute >= close_by else []
    if yesterday not in closed and queries.had_postings(ctx.shop_id, yesterday):
        late.insert(0, yesterday)
    return [
        Finding(
            day.isoformat(),
            f"{ctx.shop.long_day(day)} is not closed",
            f"The day should be closed by {ctx.shop.wall_clock(time(close_by // 60, close_by % 60))}: "
            "count the drawers, then close it in Cash & end of day.",
            link_kind="day",
        )
        for day in late
    ]


# --- backups and the audit chain ---------------------------------------------------------------------
def _backup(ctx: CheckContext) -> list[Finding] | None:
    if not ctx.facts.backup_known:
        return None  # this machine takes no backups of this database: another one knows
    days = int(ctx.limits["days"])
    last = ctx.facts.last_backup_at
    if last is None:
        return [
            Finding("backup", "No backup of this database yet", "Run a backup today.", link_kind="backup")
        ]
    if ctx.now - last <= timedelta(days=days):
        return []
    age = (ctx.now - last).days
    return [
        Finding(
            "backup",
            f"The last backup is {age} days old",
            f"Taken {_when(ctx, last)}; the limit is {days} days.",
            link_kind="backup",
        )
    ]


def _audit_chain(ctx: CheckContext) -> list[Finding] | None:
    shop = ctx.uow.shops.get(ctx.shop_id)
    if shop is None:
        return []
    report, whole = ctx.chain.verify(ctx.uow, shop, ctx.now)
    holds = report.ok
    if not holds:
        # Entries written while the chain was read can look like a cut chain: look twice.
        again, whole = ctx.chain.verify(ctx.uow, shop, ctx.now)
        holds = again.ok or again.first_bad_seq != report.first_bad_seq
    if holds:
        # When only the newest entries were walked, an alert raised earlier stands until the
        # next walk of the whole chain finds the chain whole again.
        return [] if whole else None
    return [
        Finding(
            "chain",
            f"The audit chain fails verification at entry {report.first_bad_seq}",
            f"{report.problem}. Compare with a backup and the exported chain head.",
            link_kind="audit",
        )
    ]


def _limit(key: str, label: str, unit: str, default: str, low: str, high: str, places: int = 0) -> LimitSpec:
    return LimitSpec(key, label, unit, Decimal(default), Decimal(low), Decimal(high), places)


BUILT_IN = (
    RuleKind(
        "stock_below_reorder",
        "Stock below reorder point",
        "Parts at or under their reorder point that are not on a purchase order yet.",
        _reorder_list,
        roles=frozenset({Role.OWNER, Role.PARTS}),
        watches=frozenset({"inventory", "stock_movements", "purchase_orders", "parts"}),
        order=10,
    ),
    RuleKind(
        "promised_passed",
        "Promised time passed",
        "Work not done by the time promised to the customer.",
        _late_promises,
        limits=(
            _limit("grace_minutes", "Late by more than", "min", "15", "0", "1440"),
            _limit("look_back_hours", "Only promises missed in the last", "h", "24", "1", "720"),
        ),
        roles=_DESK,
        watches=frozenset({"work_orders"}),
        order=20,
    ),
    RuleKind(
        "reminder_due",
        "Service reminder falls due",
        "A vehicle's service reminder is due by date or by mileage.",
        _reminders_due,
        limits=(_limit("days_ahead", "Due within", "days", "0", "0", "60"),),
        roles=_DESK,
        watches=frozenset({"service_reminders", "odometer_readings", "work_orders"}),
        order=30,
    ),
    RuleKind(
        "drawer_over_short",
        "Cash drawer over or short",
        "A counted drawer differs from what it should hold by more than the amount.",
        _drawers,
        limits=(_limit("amount", "More than", "$", "5.00", "0.00", "10000.00", 2),),
        clears=False,
        watches=frozenset({"cash_drawer_sessions"}),
        order=50,
    ),
    RuleKind(
        "day_not_closed",
        "Business day not closed",
        "The day is not closed by the time set (and yesterday, if it had sales).",
        _day_not_closed,
        limits=(_limit("close_by", "Closed by", TIME_UNIT, "1260", "0", "1439"),),
        watches=frozenset({"day_closes"}),
        order=60,
    ),
    RuleKind(
        "backup_overdue",
        "Backup older than N days",
        "The newest verified backup of the database is too old (checked where backups are taken).",
        _backup,
        limits=(_limit("days", "Older than", "days", "2", "1", "60"),),
        slow=True,
        order=70,
    ),
    RuleKind(
        "audit_chain_broken",
        "Audit chain fails verification",
        "An audit entry was altered, removed or reordered (the chain is recomputed).",
        _audit_chain,
        slow=True,
        order=80,
    ),
)

for _kind in BUILT_IN:
    KINDS.register(_kind)
