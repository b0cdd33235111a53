"""How work order values read on screen: kinds, conditions, decisions, authorization moments.

Money, quantities and promise times come from ``app.ui.formatting``, so the
total a service writer reads out is the total on the customer's paper.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from app.domain.pricing import AUTH_METHOD_LABELS
from app.domain.totals import LineKind
from app.services.work_orders.dto import WorkOrderView
from app.ui.formatting import local_time_text, percent_text

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


def when_text(moment: datetime, zone: ZoneInfo) -> str:
    """An authorization's moment: 'Mar 5, 2026, 2:07 PM' on the shop's clock."""
    return local_time_text(moment, zone)


def method_text(method: str) -> str:
    return AUTH_METHOD_LABELS.get(method, method)


def status_text(status_label: str, hold_reason: str) -> str:
    """'On hold — Waiting for parts'."""
    return f"{status_label} — {hold_reason}" if hold_reason else status_label


def tax_text(view: WorkOrderView) -> str:
    """The header's tax: the exemption, the price sheet's components, or the shop's single rate.

    An order priced by a sheet is taxed by its components, so its header never
    quotes the single rate; with nothing taxed yet it names the sheet's taxes.
    """
    if view.tax_exempt_number:
        return f"exempt ({view.tax_exempt_number})"
    if view.tax_components:
        return ", ".join(label for label, _amount in view.tax_components)
    if view.price_sheet is not None:
        taxes = [f"{t.name} ({percent_text(t.rate / 100)})" for t in view.price_sheet.taxes]
        return ", ".join(taxes) or "none on the price sheet"
    return percent_text(view.tax_rate)
