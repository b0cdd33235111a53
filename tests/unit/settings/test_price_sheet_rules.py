"""Labor rates, price levels and discount limits from the price sheet."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from app.domain.errors import ValidationError
from app.domain.price_sheet import (
    LaborRate,
    PriceSheet,
    level_for,
    part_price,
    resolve_labor_rate,
    starter_sheet,
)
from app.domain.ticket_pricing import price_ticket
from tests.unit.settings.test_price_sheet_invoices import DAY, labor, off, part, pct


def test_labor_rate_resolution_and_price_levels() -> None:
    # fleet customer: fleet rate 120.00 (the level's rate); diagnostic job type: 180.00 wins
    base = starter_sheet(D("150"), D("0"))
    sheet_ = PriceSheet(
        labor_rates=(
            *base.labor_rates[:1],
            LaborRate("fleet", "Fleet", D("120")),
            LaborRate("diag", "Diagnostic", D("180")),
        ),
        job_type_rates=(("diagnostic", "diag"),),
        price_levels=base.price_levels,
    )
    fleet = level_for(sheet_, customer_level="fleet")
    assert resolve_labor_rate(sheet_, level=fleet).rate == D("120")
    assert resolve_labor_rate(sheet_, job_type="diagnostic", level=fleet).rate == D("180")
    assert resolve_labor_rate(sheet_, explicit="general", job_type="diagnostic").rate == D("150")
    assert resolve_labor_rate(sheet_).code == "general"
    # a vehicle's level wins over its owner's: employee 10 % on cost 40.00 = 44.00; fleet 30 % = 52.00
    assert part_price(D("60"), D("40"), level_for(sheet_, "fleet", "employee")) == D("44.00")
    assert part_price(D("60"), D("40"), fleet) == D("52.00")
    assert part_price(D("60"), D("40"), level_for(sheet_, "retail")) == D("60")
    # a labor line snapshots the rate it used: 1.5 h × 120.00 = 180.00, 52.00 part; 232.00
    rate = resolve_labor_rate(sheet_, level=fleet)
    ticket = price_ticket(
        (
            labor("1.5", str(rate.rate), labor_rate=rate.code),
            part("1", str(part_price(D("60"), D("40"), fleet))),
        ),
        sheet_,
        day=DAY,
    )
    assert ticket.total == D("232.00")


def test_discount_limits_per_role() -> None:
    # 15 % off: a service writer (limit 10 %) needs the owner; the owner does not
    limits = PriceSheet(discount_limits=(("front_desk", D("10")),))
    ticket = price_ticket((part("1", "100", discount=pct("15")),), limits, day=DAY)
    assert ticket.largest_discount_percent == D("15.00")
    assert ticket.needs_owner(limits, "front_desk")
    assert not ticket.needs_owner(limits, "owner")
    small = price_ticket((part("1", "100", discount=pct("10")),), limits, day=DAY)
    assert not small.needs_owner(limits, "front_desk")


def test_a_discount_needs_a_reason() -> None:
    with pytest.raises(ValidationError):
        price_ticket((part("1", "100", discount=pct("10", " ")),), PriceSheet(), day=DAY)
    with pytest.raises(ValidationError):
        price_ticket((part("1", "100", discount=off("101")),), PriceSheet(), day=DAY)
