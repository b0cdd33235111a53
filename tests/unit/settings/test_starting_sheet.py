"""The price sheet an owner starts from prices every ticket as the single-rate rules did.

Saving the sheet the dialog opens with, unchanged, must not change one price:
the shop's shop-supplies fee, its taxed kinds and its rounding come across.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.price_sheet import FeeBase, FeeMethod, sheet_from_rules
from app.domain.pricing import ShopPricing
from app.domain.ticket_pricing import Discount, DiscountKind, TicketLine, price_ticket
from app.domain.totals import FeeRule, LineKind, PricedLine, RoundingMode, compute_totals

DAY = date(2026, 12, 3)
# 5 % of labor, at least 3.00, at most 35.00, not taxed: the demo shop's rule
DEMO_SUPPLIES = FeeRule(True, percent_of_labor=D("5"), minimum=D("3"), cap=D("35"))


def test_the_shops_supplies_rule_and_tax_come_across() -> None:
    pricing = ShopPricing(labor_rate=D("165"), tax_rate=D("0.1025"), fee_rule=DEMO_SUPPLIES)
    sheet = sheet_from_rules(pricing)
    (supplies,) = sheet.fees
    assert (supplies.name, supplies.method, supplies.base) == (
        "Shop supplies",
        FeeMethod.PERCENT,
        FeeBase.LABOR,
    )
    assert (supplies.amount, supplies.minimum, supplies.maximum, supplies.taxable) == (
        D("5"),
        D("3"),
        D("35"),
        False,
    )
    (tax,) = sheet.taxes
    assert (tax.rate, tax.categories) == (D("10.25"), ("part",))
    # 2.0 h × 165.00 = 330.00 labor; supplies 5 % = 16.50; part 100.00 taxed 10.25 % = 10.25
    ticket = price_ticket(
        (
            TicketLine(LineKind.LABOR, "Labor", D("2"), D("165"), taxable=False),
            TicketLine(LineKind.PART, "Pads", D("1"), D("100")),
        ),
        sheet,
        day=DAY,
    )
    assert ticket.total == D("330.00") + D("16.50") + D("100.00") + D("10.25")


def test_no_supplies_rule_no_fee() -> None:
    assert sheet_from_rules(ShopPricing(tax_rate=D("0.08"))).fees == ()


money = st.decimals(min_value=D("0.01"), max_value=D("900"), places=2)
percent = st.decimals(min_value=D("0"), max_value=D("30"), places=2)
kinds = st.sampled_from((LineKind.LABOR, LineKind.PART, LineKind.SUBLET))


@st.composite
def supplies_rules(draw: st.DrawFn) -> FeeRule:
    """Every rule one fee rule says exactly: percent of labor, of parts, of both alike, or flat."""
    shape = draw(st.sampled_from(("labor", "parts", "both", "flat", "off")))
    pct = draw(st.decimals(min_value=D("0.5"), max_value=D("15"), places=1))
    cap = draw(st.none() | st.decimals(min_value=D("5"), max_value=D("60"), places=2))
    floor = draw(st.none() | st.decimals(min_value=D("0"), max_value=D("5"), places=2))
    return FeeRule(
        enabled=shape != "off",
        percent_of_labor=pct if shape in ("labor", "both") else D(0),
        percent_of_parts=pct if shape in ("parts", "both") else D(0),
        flat=pct if shape == "flat" else D(0),
        cap=cap,
        minimum=floor,
        taxable=draw(st.booleans()),
    )


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(st.tuples(kinds, st.integers(1, 4), money, percent), min_size=1, max_size=6),
    rule=supplies_rules(),
    tax=st.decimals(min_value=D("0"), max_value=D("0.15"), places=4),
    taxed=st.sets(st.sampled_from(("labor", "part", "sublet")), min_size=1),
    per_line=st.booleans(),
)
def test_the_starting_sheet_prices_as_the_single_rate_rules(
    lines: list[tuple[LineKind, int, D, D]], rule: FeeRule, tax: D, taxed: set[str], per_line: bool
) -> None:
    # One difference, kept on purpose: a sheet charges a labor-based fee only on a ticket with labor
    # (its minimum included), where the single rule charged its minimum on a parts-only ticket too.
    if rule.enabled and not rule.flat:
        base = {
            k
            for k, on in ((LineKind.LABOR, rule.percent_of_labor), (LineKind.PART, rule.percent_of_parts))
            if on
        }
        lines = [*lines, (min(base), 1, D("10.00"), D("0"))]
    rounding = RoundingMode.PER_LINE if per_line else RoundingMode.PER_INVOICE
    pricing = ShopPricing(tax_rate=tax, taxable=tuple(sorted(taxed)), rounding=rounding, fee_rule=rule)
    single = compute_totals(
        [PricedLine(k, D(q), p, k.value in taxed, d) for k, q, p, d in lines], pricing.rules()
    )
    ticket = price_ticket(
        tuple(
            TicketLine(
                k,
                "line",
                D(q),
                p,
                taxable=k.value in taxed,
                discount=Discount(DiscountKind.PERCENT, d, "rate") if d else None,
            )
            for k, q, p, d in lines
        ),
        sheet_from_rules(pricing),
        day=DAY,
    )
    assert ticket.total == single.total
    assert sum((t.amount for t in ticket.taxes), D(0)) == single.tax
