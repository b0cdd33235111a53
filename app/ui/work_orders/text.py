"""How work order values read on screen: money, quantities, promise times, decisions.

Money is shown as the documents print it (``$1,234.50``), so the total a
service writer reads out is the total on the customer's paper.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from app.domain.pricing import AUTH_METHOD_LABELS
from app.domain.totals import LineKind

KIND_LABELS = {
    LineKind.LABOR.value: "Labor",
    LineKind.PART.value: "Part",
    LineKind.FEE.value: "Fee",
    LineKind.SUBLET.value: "Sublet",
}
CONDITION_LABELS = {
    "new": "New",
    "used": "Used",
    "rebuilt": "Rebuilt",
    "oem": "OEM",
    "aftermarket": "Aftermarket",
}
DECISION_LABELS = {"pending": "Awaiting approval", "approved": "Approved", "declined": "Declined"}


def dollars(amount: Decimal) -> str:
    """1234.5 -> '$1,234.50'; -3 -> '-$3.00' (as the estimate prints its TOTAL)."""
    return f"-${-amount:,.2f}" if amount < 0 else f"${amount:,.2f}"


def signed_dollars(amount: Decimal) -> str:
    """A difference: '+$120.00', '-$35.50', '$0.00'."""
    return f"+{dollars(amount)}" if amount > 0 else dollars(amount)


def money_text(amount: Decimal) -> str:
    """An amount in a column of amounts: '1,234.50'."""
    return f"{amount:,.2f}"


def quantity_text(value: Decimal) -> str:
    """1.500 -> '1.5', 2.000 -> '2': as few decimals as the quantity needs."""
    text = f"{value:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def plain_decimal(value: Decimal) -> str:
    """A value as a person would type it back into a field (no separators, no trailing zeros)."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def promised_text(moment: datetime | None, zone: ZoneInfo, now: datetime | None = None) -> str:
    """'Today 17:00', 'Tomorrow 09:30' or 'Thu Mar 05 17:00' on the shop's clock."""
    if moment is None:
        return ""
    local = moment.astimezone(zone)
    today = (now or datetime.now(zone)).astimezone(zone).date()
    days = (local.date() - today).days
    if days == 0:
        return f"Today {local:%H:%M}"
    if days == 1:
        return f"Tomorrow {local:%H:%M}"
    if days == -1:
        return f"Yesterday {local:%H:%M}"
    return local.strftime("%a %b %d %H:%M")


def when_text(moment: datetime, zone: ZoneInfo) -> str:
    """An authorization's moment: 'Mar 05, 2026 14:07' on the shop's clock."""
    return moment.astimezone(zone).strftime("%b %d, %Y %H:%M")


def method_text(method: str) -> str:
    return AUTH_METHOD_LABELS.get(method, method)


def status_text(status_label: str, hold_reason: str) -> str:
    """'On hold — Waiting for parts'."""
    return f"{status_label} — {hold_reason}" if hold_reason else status_label
