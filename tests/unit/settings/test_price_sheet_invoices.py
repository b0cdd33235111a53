"""Hand-worked invoices priced by the shop's price sheet: each case's arithmetic is written beside it.

Rounding: half up to the cent at every step; tax once per component on the
document unless the sheet says per line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal as D

import pytest

from app.domain.price_sheet import (
    CapScope,
    ExemptCertificate,
    FeeBase,
    FeeMethod,
    FeeRule,
    PriceSheet,
    TaxComponent,
)
from app.domain.ticket_pricing import (
    Discount,
    DiscountKind,
    DocumentDiscount,
    TicketLine,
    price_ticket,
)
from app.domain.totals import LineKind

DAY = date(2026, 12, 3)
STATE = TaxComponent("state", "State tax", D("6.25"), ("part",))
STATE_FEES = TaxComponent("state", "State tax", D("6.25"), ("part", "fee"))
COUNTY = TaxComponent("county", "County tax", D("1"), ("part", "labor"))
VAT = TaxComponent("vat", "VAT", D("20"), ("labor", "part", "fee", "sublet"))
RIMS = ((D("16"), D("1.50")), (D("20"), D("2.50")), (D("99"), D("3.50")))


def labor(hours: str, rate: str, **kw: object) -> TicketLine:
    return TicketLine(LineKind.LABOR, "Labor", D(hours), D(rate), **kw)  # type: ignore[arg-type]


def part(qty: str, price: str, name: str = "Part", **kw: object) -> TicketLine:
    return TicketLine(LineKind.PART, name, D(qty), D(price), **kw)  # type: ignore[arg-type]


def tire(qty: str, price: str, rim: str) -> TicketLine:
    return part(qty, price, "Tire", category="tire", rim_diameter=D(rim))


def pct(value: str, reason: str = "loyal customer") -> Discount:
    return Discount(DiscountKind.PERCENT, D(value), reason)


def off(value: str, reason: str = "goodwill") -> Discount:
    return Discount(DiscountKind.AMOUNT, D(value), reason)


def fee(code: str, method: FeeMethod, base: FeeBase, amount: str, **kw: object) -> FeeRule:
    return FeeRule(code, code.replace("_", " ").title(), method, base, D(amount), **kw)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Case:
    name: str
    sheet: PriceSheet
    lines: tuple[TicketLine, ...]
    total: str
    taxes: dict[str, str] = field(default_factory=dict)
    fees: dict[str, str] = field(default_factory=dict)
    discounts: tuple[DocumentDiscount, ...] = ()
    certificate: ExemptCertificate | None = None
    warnings: int = 0
    below_cost: bool = False


def sheet(
    *taxes: TaxComponent, fees: tuple[FeeRule, ...] = (), per_line: bool = False, **kw: object
) -> PriceSheet:
    return PriceSheet(taxes=taxes, fees=fees, per_line_rounding=per_line, **kw)  # type: ignore[arg-type]


CASES = [
    # 100.00 part; state 6.25 % of 100.00 = 6.25; 100.00 + 6.25 = 106.25
    Case("one part, one tax", sheet(STATE), (part("1", "100.00"),), "106.25", {"state": "6.25"}),
    # labor 2 × 150 = 300.00 (untaxed); parts 2 × 45.50 = 91.00; 91.00 × 6.25 % = 5.6875 → 5.69
    # 300.00 + 91.00 + 5.69 = 396.69
    Case(
        "labor untaxed, parts taxed",
        sheet(STATE),
        (labor("2", "150"), part("2", "45.50")),
        "396.69",
        {"state": "5.69"},
    ),
    # state on parts 91.00 × 6.25 % = 5.69; county on labor + parts 391.00 × 1 % = 3.91
    # 391.00 + 5.69 + 3.91 = 400.60
    Case(
        "state and county tax different categories",
        sheet(STATE, COUNTY),
        (labor("2", "150"), part("2", "45.50")),
        "400.60",
        {"state": "5.69", "county": "3.91"},
    ),
    # labor 1.5 × 80 = 120.00, part 35.99, sublet 50.00: VAT 20 % of 205.99 = 41.198 → 41.20
    # 205.99 + 41.20 = 247.19
    Case(
        "VAT on every category",
        sheet(VAT),
        (labor("1.5", "80"), part("1", "35.99"), TicketLine(LineKind.SUBLET, "Alignment", D("1"), D("50"))),
        "247.19",
        {"vat": "41.20"},
    ),
    # per line: 0.99 × 6.25 % = 0.061875 → 0.06, three times = 0.18; 2.97 + 0.18 = 3.15
    Case(
        "tax rounded per line",
        sheet(STATE, per_line=True),
        (part("1", "0.99"), part("1", "0.99"), part("1", "0.99")),
        "3.15",
        {"state": "0.18"},
    ),
    # per document: 2.97 × 6.25 % = 0.185625 → 0.19; 2.97 + 0.19 = 3.16
    Case(
        "tax rounded once per component",
        sheet(STATE),
        (part("1", "0.99"), part("1", "0.99"), part("1", "0.99")),
        "3.16",
        {"state": "0.19"},
    ),
    # 1000.00 × 6.25 % = 62.50, capped per invoice at 25.00; 1000.00 + 25.00 = 1025.00
    Case(
        "per-invoice tax cap",
        sheet(TaxComponent("state", "State", D("6.25"), ("part",), CapScope.PER_INVOICE, D("25"))),
        (part("1", "1000"),),
        "1025.00",
        {"state": "25.00"},
    ),
    # city 2 %, at most 10.00 a line: 800.00 → 16.00 → 10.00; 100.00 → 2.00; 12.00
    # 900.00 + 12.00 = 912.00
    Case(
        "per-line tax cap",
        sheet(TaxComponent("city", "City", D("2"), ("part",), CapScope.PER_LINE, D("10"))),
        (part("1", "800"), part("1", "100")),
        "912.00",
        {"city": "12.00"},
    ),
    # single article 2000.00: state 7 % = 140.00; county 2.25 % of at most 1600.00 = 36.00
    # 2000.00 + 140.00 + 36.00 = 2176.00
    Case(
        "single-article cap",
        sheet(
            TaxComponent("state", "State", D("7"), ("part",)),
            TaxComponent("county", "County", D("2.25"), ("part",), item_cap=D("1600")),
        ),
        (part("1", "2000"),),
        "2176.00",
        {"state": "140.00", "county": "36.00"},
    ),
    # 2 × 900.00 = 1800.00; cap 500.00 per article → base 2 × 500.00 = 1000.00 × 2.25 % = 22.50
    # 1800.00 + 22.50 = 1822.50
    Case(
        "single-article cap counts each unit",
        sheet(TaxComponent("county", "County", D("2.25"), ("part",), item_cap=D("500"))),
        (part("2", "900"),),
        "1822.50",
        {"county": "22.50"},
    ),
    # labor 10 × 200 = 2000.00, one item capped at 1600.00 × 1 % = 16.00; 2016.00
    Case(
        "single-article cap on a labor line",
        sheet(TaxComponent("local", "Local", D("1"), ("labor",), item_cap=D("1600"))),
        (labor("10", "200"),),
        "2016.00",
        {"local": "16.00"},
    ),
    # supplies 10 % of labor 3 × 120 = 360.00 → 36.00, at most 35.00; 360.00 + 35.00 = 395.00
    Case(
        "percent fee with a maximum",
        sheet(fees=(fee("shop_supplies", FeeMethod.PERCENT, FeeBase.LABOR, "10", maximum=D("35")),)),
        (labor("3", "120"),),
        "395.00",
        fees={"shop_supplies": "35.00"},
    ),
    # hazmat 2 % of parts 100.00 = 2.00, at least 5.00; 100.00 + 5.00 = 105.00
    Case(
        "percent fee with a minimum",
        sheet(fees=(fee("hazmat", FeeMethod.PERCENT, FeeBase.PARTS, "2", minimum=D("5")),)),
        (part("1", "100"),),
        "105.00",
        fees={"hazmat": "5.00"},
    ),
    # 5 % of labor 200.00 + parts 150.00 = 17.50, taxable; state on parts + fees:
    # (150.00 + 17.50) × 6.25 % = 10.46875 → 10.47; 350.00 + 17.50 + 10.47 = 377.97
    Case(
        "taxable fee on labor and parts",
        sheet(STATE_FEES, fees=(fee("supplies", FeeMethod.PERCENT, FeeBase.BOTH, "5", taxable=True),)),
        (labor("2", "100"), part("1", "150")),
        "377.97",
        {"state": "10.47"},
        {"supplies": "17.50"},
    ),
    # EPA flat 4.95 when there is labor: 100.00 + 4.95 = 104.95
    Case(
        "flat fee on labor",
        sheet(fees=(fee("epa", FeeMethod.FLAT, FeeBase.LABOR, "4.95"),)),
        (labor("1", "100"),),
        "104.95",
        fees={"epa": "4.95"},
    ),
    # EPA on labor, but parts only: no fee; 50.00
    Case(
        "flat fee without its base is not charged",
        sheet(fees=(fee("epa", FeeMethod.FLAT, FeeBase.LABOR, "4.95"),)),
        (part("1", "50"),),
        "50.00",
    ),
    # 4 tires × 120.00 = 480.00; tire fee 4 × 2.00 = 8.00; state 480.00 × 6.25 % = 30.00
    # 480.00 + 8.00 + 30.00 = 518.00
    Case(
        "tire fee flat per tire",
        sheet(STATE, fees=(fee("tire_fee", FeeMethod.FLAT, FeeBase.PER_TIRE, "2"),)),
        (tire("4", "120", "17"),),
        "518.00",
        {"state": "30.00"},
        {"tire_fee": "8.00"},
    ),
    # rims 15 (2 × 1.50 = 3.00), 18 (2 × 2.50 = 5.00), 22 (1 × 3.50): fee 11.50
    # tires 200.00 + 300.00 + 250.00 = 750.00; 750.00 + 11.50 = 761.50
    Case(
        "tire fee by rim diameter",
        sheet(fees=(fee("tire_fee", FeeMethod.FLAT, FeeBase.PER_TIRE, "0", rim_brackets=RIMS),)),
        (tire("2", "100", "15"), tire("2", "150", "18"), tire("1", "250", "22")),
        "761.50",
        fees={"tire_fee": "11.50"},
    ),
    # 2 batteries × 130.00 = 260.00; battery fee 2 × 5.00 = 10.00 taxable
    # state (260.00 + 10.00) × 6.25 % = 16.875 → 16.88; 260.00 + 10.00 + 16.88 = 286.88
    Case(
        "battery fee per unit, taxable",
        sheet(
            STATE_FEES,
            fees=(
                fee("battery", FeeMethod.FLAT, FeeBase.PER_UNIT, "5", unit_category="battery", taxable=True),
            ),
        ),
        (part("2", "130", "Battery", category="battery"),),
        "286.88",
        {"state": "16.88"},
        {"battery": "10.00"},
    ),
    # part 140.00 with a core deposit 18.00, cores untaxed: 140.00 × 6.25 % = 8.75
    # 140.00 + 18.00 + 8.75 = 166.75
    Case(
        "core deposit untaxed",
        sheet(STATE),
        (part("1", "140", core_charge=D("18")),),
        "166.75",
        {"state": "8.75"},
    ),
    # cores taxed: (140.00 + 18.00) × 6.25 % = 9.875 → 9.88; 158.00 + 9.88 = 167.88
    Case(
        "core deposit taxed",
        sheet(TaxComponent("state", "State", D("6.25"), ("part", "core"))),
        (part("1", "140", core_charge=D("18")),),
        "167.88",
        {"state": "9.88"},
    ),
    # supplies 5 % of labor 200.00 = 10.00 and hazmat 3.00 summed into "Shop fees" 13.00,
    # EPA 2.50 on its own line; 200.00 + 13.00 + 2.50 = 215.50
    Case(
        "fees summed unless itemised",
        sheet(
            fees=(
                fee("supplies", FeeMethod.PERCENT, FeeBase.LABOR, "5", itemise=False),
                fee("hazmat", FeeMethod.FLAT, FeeBase.LABOR, "3", itemise=False),
                fee("epa", FeeMethod.FLAT, FeeBase.LABOR, "2.50"),
            )
        ),
        (labor("2", "100"),),
        "215.50",
        fees={"supplies": "10.00", "hazmat": "3.00", "epa": "2.50"},
    ),
    # 200.00 less 10 % = 180.00; 180.00 × 6.25 % = 11.25; 191.25
    Case(
        "line percent discount",
        sheet(STATE),
        (part("1", "200", discount=pct("10")),),
        "191.25",
        {"state": "11.25"},
    ),
    # labor 200.00 less 25.00 = 175.00; county 1 % = 1.75; 176.75
    Case(
        "line amount discount",
        sheet(COUNTY),
        (labor("2", "100", discount=off("25")),),
        "176.75",
        {"county": "1.75"},
    ),
    # job 1: labor 100.00 + part 50.00, 10 % off = 15.00 (labor 10.00, part 5.00); job 2: labor 80.00
    # state on parts (50.00 − 5.00) × 6.25 % = 2.8125 → 2.81; 230.00 − 15.00 + 2.81 = 217.81
    Case(
        "job percent discount shared over the job's lines",
        sheet(STATE),
        (labor("1", "100", job=0), part("1", "50", job=0), labor("1", "80", job=1)),
        "217.81",
        {"state": "2.81"},
        discounts=(DocumentDiscount(pct("10", "coupon"), job=0),),
    ),
    # ticket 10.00 off parts 30.00 and 70.00: shares 3.00 and 7.00; (27.00 + 63.00) × 6.25 % = 5.625 → 5.63
    # 100.00 − 10.00 + 5.63 = 95.63
    Case(
        "ticket amount discount",
        sheet(STATE),
        (part("1", "30"), part("1", "70")),
        "95.63",
        {"state": "5.63"},
        discounts=(DocumentDiscount(off("10")),),
    ),
    # 10.00 over three 10.00 parts: 3.333.. each → 3.33 × 3 = 9.99, the cent left to the first: 3.34
    # per line 5 %: 6.66 → 0.333 → 0.33, 6.67 → 0.3335 → 0.33, 0.33; 0.99; 30.00 − 10.00 + 0.99 = 20.99
    Case(
        "ticket discount shared to the cent",
        sheet(TaxComponent("gst", "GST", D("5"), ("part",)), per_line=True),
        (part("1", "10"), part("1", "10"), part("1", "10")),
        "20.99",
        {"gst": "0.99"},
        discounts=(DocumentDiscount(off("10")),),
    ),
    # job 1 part 100.00 20 % off = 20.00; then ticket 10 % of (80.00 + 100.00) = 18.00 (8.00 and 10.00)
    # state (72.00 + 90.00) × 6.25 % = 10.125 → 10.13; 200.00 − 20.00 − 18.00 + 10.13 = 172.13
    Case(
        "job and ticket discounts together",
        sheet(STATE),
        (part("1", "100", job=0), part("1", "100", job=1)),
        "172.13",
        {"state": "10.13"},
        discounts=(DocumentDiscount(pct("10")), DocumentDiscount(pct("20"), job=0)),
    ),
    # labor 300.00 less ticket 50.00 = 250.00; supplies 10 % of 250.00 = 25.00; 300 − 50 + 25 = 275.00
    Case(
        "fee on the discounted base",
        sheet(fees=(fee("supplies", FeeMethod.PERCENT, FeeBase.LABOR, "10"),)),
        (labor("2", "150"),),
        "275.00",
        fees={"supplies": "25.00"},
        discounts=(DocumentDiscount(off("50")),),
    ),
    # valid certificate: no state, no county (printed as exempt, 0.00); 100.00
    Case(
        "exempt customer",
        sheet(STATE, COUNTY),
        (part("1", "100"),),
        "100.00",
        {"state": "0.00", "county": "0.00"},
        certificate=ExemptCertificate("R-1001", date(2027, 1, 31)),
    ),
    # certificate expired the day before: taxed 6.25 + 1.00; 107.25, with a warning
    Case(
        "expired certificate is taxed",
        sheet(STATE, COUNTY),
        (part("1", "100"),),
        "107.25",
        {"state": "6.25", "county": "1.00"},
        certificate=ExemptCertificate("R-1001", date(2026, 12, 2)),
        warnings=1,
    ),
    # exempt from the state component only: county 1 % of 100.00 = 1.00; 101.00
    Case(
        "certificate for one component",
        sheet(STATE, COUNTY),
        (part("1", "100"),),
        "101.00",
        {"state": "0.00", "county": "1.00"},
        certificate=ExemptCertificate("AG-7", None, ("state",)),
    ),
    # margin (90.00 − 80.00) / 90.00 = 11.11 % below the 20 % minimum: a warning, not the owner
    Case(
        "minimum margin warning",
        sheet(minimum_margin=D("20")),
        (part("1", "90", unit_cost=D("80")),),
        "90.00",
        warnings=1,
    ),
    # 120.00 less 30 % = 84.00 under its cost 100.00: below cost, the owner approves
    Case(
        "below cost needs the owner",
        sheet(),
        (part("1", "120", unit_cost=D("100"), discount=pct("30", "damaged box")),),
        "84.00",
        warnings=1,
        below_cost=True,
    ),
    # part 100.00 not taxable + part 100.00 taxable: 6.25; 206.25
    Case(
        "a non-taxable line",
        sheet(STATE),
        (part("1", "100", taxable=False), part("1", "100")),
        "206.25",
        {"state": "6.25"},
    ),
    # sublet 200.00, state taxes parts only: no tax; 200.00
    Case(
        "sublet outside the component's categories",
        sheet(STATE),
        (TicketLine(LineKind.SUBLET, "Glass", D("1"), D("200")),),
        "200.00",
        {"state": "0.00"},
    ),
    # per line: parts 0.99 × 3 → 0.06 each = 0.18; taxable flat fee 1.00 → 0.0625 → 0.06; tax 0.24
    # 2.97 + 1.00 + 0.24 = 4.21
    Case(
        "per-line rounding with a taxable fee",
        sheet(
            STATE_FEES,
            fees=(fee("disposal", FeeMethod.FLAT, FeeBase.PARTS, "1", taxable=True),),
            per_line=True,
        ),
        (part("1", "0.99"), part("1", "0.99"), part("1", "0.99")),
        "4.21",
        {"state": "0.24"},
        {"disposal": "1.00"},
    ),
]

# The full ticket (the one printed in the PDF check): labor 2.5 × 140 = 350.00; 4 tires × 180.00 = 720.00
# (rim 17); valve body 1200.00; ticket 5 % of 2270.00 = 113.50 (labor 17.50, tires 36.00, valve 60.00)
# → labor 332.50, tires 684.00, valve 1140.00.
# Fees: supplies 8 % of 332.50 = 26.60 (max 30, taxable); tire fee 4 × 2.75 = 11.00 (untaxed);
# hazmat 3.50 on parts, taxable, summed into "Shop fees".
# State 6.25 % of parts + fees: (684.00 + 1140.00 + 26.60 + 3.50) = 1854.10 → 115.88125 → 115.88
# County 1.5 % of labor, parts, fees, single article ≤ 1000.00: 332.50 + 684.00 + 1000.00 + 26.60 + 3.50
#   = 2046.60 → 30.699 → 30.70
# City 0.75 % of parts (1824.00 → 13.68) capped at 5.00 per invoice → 5.00
# 2270.00 − 113.50 + 26.60 + 11.00 + 3.50 + 115.88 + 30.70 + 5.00 = 2349.18
FULL_SHEET = sheet(
    STATE_FEES,
    TaxComponent("county", "County tax", D("1.5"), ("part", "labor", "fee"), item_cap=D("1000")),
    TaxComponent("city", "City tax", D("0.75"), ("part",), CapScope.PER_INVOICE, D("5")),
    fees=(
        fee("shop_supplies", FeeMethod.PERCENT, FeeBase.LABOR, "8", maximum=D("30"), taxable=True),
        fee(
            "tire_fee",
            FeeMethod.FLAT,
            FeeBase.PER_TIRE,
            "0",
            rim_brackets=((D("16"), D("1.75")), (D("20"), D("2.75")), (D("99"), D("3.75"))),
        ),
        fee("hazmat", FeeMethod.FLAT, FeeBase.PARTS, "3.50", taxable=True, itemise=False),
    ),
)
FULL_LINES = (
    labor("2.5", "140"),
    TicketLine(LineKind.PART, "Tire 225/45R17", D("4"), D("180"), category="tire", rim_diameter=D("17")),
    part("1", "1200", "Valve body"),
)
CASES.append(
    Case(
        "everything at once",
        FULL_SHEET,
        FULL_LINES,
        "2349.18",
        {"state": "115.88", "county": "30.70", "city": "5.00"},
        {"shop_supplies": "26.60", "tire_fee": "11.00", "hazmat": "3.50"},
        discounts=(DocumentDiscount(pct("5", "repeat customer")),),
    )
)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hand_worked_invoice(case: Case) -> None:
    ticket = price_ticket(
        case.lines, case.sheet, day=DAY, discounts=case.discounts, certificate=case.certificate
    )
    assert ticket.total == D(case.total)
    assert ticket.printed_sum() == ticket.total  # the total is what is printed, to the cent
    assert {t.code: str(t.amount) for t in ticket.taxes} == case.taxes
    assert {f.code: str(f.amount) for f in ticket.fees} == case.fees
    assert len(ticket.warnings) == case.warnings
    assert ticket.below_cost == case.below_cost


def test_there_are_at_least_thirty_hand_worked_invoices() -> None:
    assert len(CASES) >= 30


def test_non_itemised_fees_print_as_one_line() -> None:
    case = next(c for c in CASES if c.name == "fees summed unless itemised")
    ticket = price_ticket(case.lines, case.sheet, day=DAY)
    fees = [(p.label, str(p.amount)) for p in ticket.printed if p.category == "fee"]
    assert fees == [("Epa", "2.50"), ("Shop fees", "13.00")]


def test_full_ticket_prints_every_component_and_the_discount() -> None:
    ticket = price_ticket(
        FULL_LINES, FULL_SHEET, day=DAY, discounts=(DocumentDiscount(pct("5", "repeat customer")),)
    )
    labels = [p.label for p in ticket.printed]
    assert [(d.label, d.reason, str(d.amount)) for d in ticket.discounts] == [
        ("Ticket discount (5 %)", "repeat customer", "113.50")
    ]
    # each line prints its share off: 350.00 − 17.50, 720.00 − 36.00, 1200.00 − 60.00
    assert [str(p.amount) for p in ticket.printed[:3]] == ["332.50", "684.00", "1140.00"]
    assert labels[-3:] == ["State tax (6.25 %)", "County tax (1.5 %)", "City tax (0.75 %)"]
