"""End of day on paper: the day's figures, the KPIs, the drawer's over/short, safe CSV cells.

DOMAIN.md, End of day: a day close freezes sales by category, tax, payments by
method, voids and credits, car count, average repair order (with and without
tax), gross profit on parts and labor and technician hours billed vs clocked.

How a day's sales are counted. Every document posted on the business day
counts on that day (an invoice adds, a credit note, stored negative,
subtracts); a document voided on the day is taken off on the day of the void,
whichever day it was posted. So net sales = invoices + credit notes - voids,
and summed over days, every document counts once (or not at all, once voided).
The perpetual grand total adds each closed day's gross invoiced total and so
never decreases.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from app.domain.errors import ConflictError
from app.domain.locale import AMERICAN, ShopLocale

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
PAYMENT_METHOD_LABELS = {
    "cash": "Cash",
    "card": "Card",
    "check": "Check",
    "account": "On account",
    "credit_note": "Credit applied",
}
# what a spreadsheet would read as the start of a formula (OWASP CSV injection)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class DayClosedError(ConflictError):
    """Something was to be posted into a business day that is already closed."""

    def __init__(self, business_date: date, day_text: str = "") -> None:
        """``day_text`` is the day as the shop writes it ('Wed, Mar 4, 2026'); ISO when not known."""
        super().__init__(
            f"The business day {day_text or business_date.isoformat()} is closed: "
            "nothing more can be posted, paid or voided in it."
        )
        self.business_date = business_date


class DrawerNeededError(ConflictError):
    """Cash was to be taken or paid back on a terminal whose drawer is not open for the business day.

    ``can_open``: the terminal has no drawer at all, so one can be opened at once
    (a counted drawer, or one of another day, must be closed first).
    """

    def __init__(self, message: str = "") -> None:
        super().__init__(
            message
            or "No cash drawer is open on this terminal: cash goes into a drawer, so open one "
            "(with its float) first, or take the payment another way."
        )
        self.can_open = not message


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Sales:
    """Amounts by category over a set of documents, as stored on them."""

    count: int = 0
    labor: Decimal = ZERO
    parts: Decimal = ZERO
    fees: Decimal = ZERO
    sublet: Decimal = ZERO
    cores: Decimal = ZERO
    discount: Decimal = ZERO
    tax: Decimal = ZERO
    cash_rounding: Decimal = ZERO
    total: Decimal = ZERO
    parts_cost: Decimal = ZERO
    labor_cost: Decimal = ZERO
    sublet_cost: Decimal = ZERO
    billed_hours: Decimal = Decimal("0.000")

    @property
    def subtotal(self) -> Decimal:
        """Sales before tax and cash rounding."""
        return self.labor + self.parts + self.fees + self.sublet + self.cores

    def plus(self, other: Sales, sign: int = 1) -> Sales:
        values: dict[str, Any] = {
            name: getattr(self, name) + sign * getattr(other, name) for name in _field_names(Sales)
        }
        return Sales(**values)


@dataclass(frozen=True)
class MethodTotal:
    method: str
    count: int
    amount: Decimal

    @property
    def label(self) -> str:
        return PAYMENT_METHOD_LABELS.get(self.method, self.method.replace("_", " ").capitalize())


@dataclass(frozen=True)
class HourTotal:
    hour: int  # 0-23, shop local time
    count: int
    amount: Decimal


@dataclass(frozen=True)
class TechnicianHours:
    name: str
    billed: Decimal
    clocked: Decimal  # job-clock hours on the day


@dataclass(frozen=True)
class PayerTotal:
    """A second payer's share of the day's documents: how many were split, its part and the customers' part."""

    name: str
    count: int
    payer: Decimal  # its parts (credit notes negative): charged to its account
    customer: Decimal  # the customers' parts of the same documents; payer + customer = their totals


@dataclass(frozen=True)
class DrawerSummary:
    terminal: str
    status: str
    opened_by: str
    opening_float: Decimal
    cash_taken: Decimal
    paid_in: Decimal
    paid_out: Decimal
    expected: Decimal
    counted: Decimal | None
    over_short: Decimal | None
    reason: str
    deposit: Decimal | None
    drawer_id: str = ""  # the drawer session, so the owner can count or close it from the day


@dataclass(frozen=True)
class DayFigures:
    """One business day, as frozen by its close (or as it stands, before)."""

    business_date: date
    invoices: Sales  # invoices posted on the day (voided since or not)
    credit_notes: Sales  # credit notes posted on the day (negative amounts)
    voids: Sales  # documents voided on the day, whenever posted
    car_count: int  # work orders invoiced on the day and not voided
    ro_subtotal: Decimal  # their sales before tax
    ro_total: Decimal  # and with tax
    payments: tuple[MethodTotal, ...] = ()
    hourly: tuple[HourTotal, ...] = ()
    technicians: tuple[TechnicianHours, ...] = ()
    clock_available: bool = True  # False where no time clock is kept
    drawers: tuple[DrawerSummary, ...] = ()
    first_number: int | None = None
    last_number: int | None = None
    second_payers: tuple[
        PayerTotal, ...
    ] = ()  # insurers and warranty companies owing part of the day's sales

    @property
    def net(self) -> Sales:
        """Invoices plus credit notes (negative) less voids: the day's net sales."""
        return self.invoices.plus(self.credit_notes).plus(self.voids, -1)

    @property
    def payments_total(self) -> Decimal:
        """Money taken: every tender except transfers from credit notes."""
        return sum((p.amount for p in self.payments if p.method != "credit_note"), ZERO)

    @property
    def clocked_hours(self) -> Decimal:
        return sum((t.clocked for t in self.technicians), Decimal("0.000"))

    @property
    def cash_over_short(self) -> Decimal:
        return sum((d.over_short or ZERO for d in self.drawers), ZERO)

    @property
    def deposits(self) -> Decimal:
        return sum((d.deposit or ZERO for d in self.drawers), ZERO)


@dataclass(frozen=True)
class Kpis:
    car_count: int
    aro: Decimal | None  # average repair order before tax
    aro_with_tax: Decimal | None
    labor_gross_profit: Decimal
    parts_gross_profit: Decimal
    gross_profit: Decimal
    gross_margin: Decimal | None  # percent
    effective_labor_rate: Decimal | None  # labor sales per billed hour
    billed_hours: Decimal
    clocked_hours: Decimal


# --- KPI arithmetic ---------------------------------------------------------------------


def average_repair_order(amount: Decimal, car_count: int) -> Decimal | None:
    """ARO = invoiced amount / invoiced work orders (None on a day without any)."""
    return cents(amount / car_count) if car_count > 0 else None


def effective_labor_rate(labor_sales: Decimal, billed_hours: Decimal) -> Decimal | None:
    """Labor sales per billed (flagged) hour."""
    return cents(labor_sales / billed_hours) if billed_hours > 0 else None


def gross_profit(sales: Decimal, parts_cost: Decimal, labor_cost: Decimal, sublet_cost: Decimal) -> Decimal:
    """Sales less what they cost: parts, labor and sublet."""
    return sales - (parts_cost + labor_cost + sublet_cost)


def margin_percent(profit: Decimal, sales: Decimal) -> Decimal | None:
    return (profit * 100 / sales).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if sales > 0 else None


def kpis(figures: DayFigures) -> Kpis:
    net = figures.net
    profit = gross_profit(net.subtotal, net.parts_cost, net.labor_cost, net.sublet_cost)
    return Kpis(
        car_count=figures.car_count,
        aro=average_repair_order(figures.ro_subtotal, figures.car_count),
        aro_with_tax=average_repair_order(figures.ro_total, figures.car_count),
        labor_gross_profit=net.labor - net.labor_cost,
        parts_gross_profit=net.parts - net.parts_cost,
        gross_profit=profit,
        gross_margin=margin_percent(profit, net.subtotal),
        effective_labor_rate=effective_labor_rate(net.labor, net.billed_hours),
        billed_hours=net.billed_hours,
        clocked_hours=figures.clocked_hours,
    )


# --- hours of the day -------------------------------------------------------------------

HOURS = Decimal("0.000")


def hourly_totals(buckets: Iterable[tuple[datetime, int, Decimal]], zone: tzinfo) -> tuple[HourTotal, ...]:
    """(moment, documents, total) summed by the shop's local hour of each moment."""
    counts: dict[int, int] = {}
    amounts: dict[int, Decimal] = {}
    for at, count, total in buckets:
        hour = at.astimezone(zone).hour
        counts[hour] = counts.get(hour, 0) + count
        amounts[hour] = amounts.get(hour, ZERO) + total
    return tuple(HourTotal(hour, counts[hour], amounts[hour]) for hour in sorted(counts))


def clocked_hours(
    spans: Iterable[tuple[Any, datetime, datetime | None]], start: datetime, end: datetime, now: datetime
) -> dict[Any, Decimal]:
    """Job-clock hours per technician inside [start, end): a running clock counts up to ``now``."""
    until = min(end, now)
    clocked: dict[Any, Decimal] = {}
    for who, started, ended in spans:
        span = min(ended or until, end) - max(started, start)
        seconds = max(span.total_seconds(), 0)
        clocked[who] = clocked.get(who, HOURS) + (Decimal(int(seconds)) / 3600).quantize(HOURS)
    return clocked


def technician_hours(
    billed: dict[Any, Decimal], clocked: dict[Any, Decimal], names: dict[Any, str]
) -> tuple[TechnicianHours, ...]:
    """Billed beside clocked hours per technician (None: labor billed with no technician), by name."""
    rows = [
        TechnicianHours(
            names.get(key, "Unknown") if key is not None else "No technician",
            billed.get(key, HOURS).quantize(HOURS),
            clocked.get(key, HOURS),
        )
        for key in {*billed, *clocked}
        if billed.get(key, HOURS) != 0 or clocked.get(key, HOURS) != 0
    ]
    return tuple(sorted(rows, key=lambda t: (t.name == "No technician", t.name.casefold())))


# --- the cash drawer --------------------------------------------------------------------


def expected_cash(
    opening_float: Decimal, cash_taken: Decimal, paid_in: Decimal, paid_out: Decimal
) -> Decimal:
    """What the drawer should hold: the float, plus cash payments net of the change given,
    plus cash paid in, less cash paid out."""
    return opening_float + cash_taken + paid_in - paid_out


def over_short(counted: Decimal, expected: Decimal) -> Decimal:
    """Positive: the drawer is over; negative: short."""
    return counted - expected


def over_short_words(amount: Decimal, shop: ShopLocale = AMERICAN) -> str:
    """'over 3.50', 'short 1,20' (with the shop's marks), or 'balanced'."""
    if amount == 0:
        return "balanced"
    return f"{'over' if amount > 0 else 'short'} {shop.amount(abs(amount))}"


# --- CSV --------------------------------------------------------------------------------


def csv_cell(value: object) -> str:
    """A CSV cell a spreadsheet cannot run: text starting = + - @ tab or CR gets a leading quote.

    Numbers (amounts, counts) are written as plain numbers: a negative amount
    is data, not a formula, and stays a number for the accountant.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | Decimal):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


# --- figures as stored JSON -------------------------------------------------------------


def figures_to_json(figures: DayFigures) -> str:
    return json.dumps(_plain(figures), sort_keys=True, separators=(",", ":"))


def figures_from_json(text: str) -> DayFigures:
    data = json.loads(text)
    return DayFigures(
        business_date=date.fromisoformat(data["business_date"]),
        invoices=_sales(data["invoices"]),
        credit_notes=_sales(data["credit_notes"]),
        voids=_sales(data["voids"]),
        car_count=int(data["car_count"]),
        ro_subtotal=Decimal(data["ro_subtotal"]),
        ro_total=Decimal(data["ro_total"]),
        payments=tuple(
            MethodTotal(p["method"], int(p["count"]), Decimal(p["amount"])) for p in data["payments"]
        ),
        hourly=tuple(
            HourTotal(int(h["hour"]), int(h["count"]), Decimal(h["amount"])) for h in data["hourly"]
        ),
        technicians=tuple(
            TechnicianHours(t["name"], Decimal(t["billed"]), Decimal(t["clocked"]))
            for t in data["technicians"]
        ),
        clock_available=bool(data["clock_available"]),
        drawers=tuple(_drawer(d) for d in data["drawers"]),
        first_number=data["first_number"],
        last_number=data["last_number"],
        second_payers=tuple(
            PayerTotal(p["name"], int(p["count"]), Decimal(p["payer"]), Decimal(p["customer"]))
            for p in data.get("second_payers", ())  # a day closed before second payers has none
        ),
    )


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    """A dataclass's field names, looked up once (a day's figures are turned to JSON field by field)."""
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(kind))
    return names


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal | date):
        return str(value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in _field_names(type(value))}
    return value


def _sales(data: dict[str, Any]) -> Sales:
    values: dict[str, Any] = {
        f.name: int(data[f.name]) if f.name == "count" else Decimal(data[f.name]) for f in fields(Sales)
    }
    return Sales(**values)


def _opt(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _drawer(data: dict[str, Any]) -> DrawerSummary:
    return DrawerSummary(
        terminal=data["terminal"],
        status=data["status"],
        opened_by=data["opened_by"],
        opening_float=Decimal(data["opening_float"]),
        cash_taken=Decimal(data["cash_taken"]),
        paid_in=Decimal(data["paid_in"]),
        paid_out=Decimal(data["paid_out"]),
        expected=Decimal(data["expected"]),
        counted=_opt(data["counted"]),
        over_short=_opt(data["over_short"]),
        reason=data["reason"],
        deposit=_opt(data["deposit"]),
        drawer_id=data.get("drawer_id", ""),
    )
