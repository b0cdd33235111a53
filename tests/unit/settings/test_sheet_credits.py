"""Credit notes of a sheet-priced invoice: partial ones re-priced from its snapshot, capped, netting to zero."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.credit_notes import PostedLine, sum_lines
from app.domain.errors import ValidationError
from app.domain.invoices import DraftTotals, SourceLine
from app.domain.price_sheet import CapScope, FeeBase, FeeMethod, FeeRule, PriceSheet, TaxComponent
from app.domain.sheet_credits import SheetCredit, credit_by_sheet
from app.domain.sheet_invoices import build_invoice_by_sheet
from app.domain.ticket_pricing import StoredPricing, read_snapshot, snapshot
from app.domain.totals import LineKind

DAY = date(2026, 12, 3)
SHEET = PriceSheet(
    taxes=(
        TaxComponent("state", "State tax", D("6.25"), ("part", "fee")),
        TaxComponent("county", "County tax", D("1"), ("part", "labor")),
        TaxComponent("city", "City tax", D("0.5"), ("part",), CapScope.PER_INVOICE, D("0.30")),
    ),
    fees=(
        FeeRule(
            "supplies",
            "Shop supplies",
            FeeMethod.PERCENT,
            FeeBase.LABOR,
            D("8"),
            maximum=D("30"),
            taxable=True,
        ),
        FeeRule("hazmat", "Hazmat", FeeMethod.FLAT, FeeBase.PARTS, D("3.50"), taxable=True, itemise=False),
    ),
)


@dataclass
class Book:
    """An invoice and the credit notes issued against it so far, as the service keeps them."""

    lines: list[PostedLine]
    stored: StoredPricing
    totals: DraftTotals
    cash_step: D = D("0")
    credits: list[SheetCredit] = field(default_factory=list)

    def credit(self, quantities: dict[int, D] | None) -> SheetCredit:
        ids = None if quantities is None else {self.lines[i].id: q for i, q in quantities.items()}
        credited = DraftTotals()
        for c in self.credits:
            credited = credited.plus(c.draft.totals)
        earlier = [read_snapshot(c.snapshot) for c in self.credits]
        note = credit_by_sheet(
            self.lines, ids, self.stored, earlier, self.totals, credited, day=DAY, cash_step=self.cash_step
        )
        self.credits.append(note)
        taken = [ln for ln in note.draft.lines if ln.credited_line_id is not None]
        self.lines = [_after(p, [ln for ln in taken if ln.credited_line_id == p.id]) for p in self.lines]
        return note


def _after(posted: PostedLine, taken: list) -> PostedLine:
    if not taken:
        return posted
    both = sum_lines([posted.credited, *taken] if posted.credited is not None else taken)
    assert both is not None
    return replace(posted, credited=both, credited_quantity=-both.quantity)


def invoice(sources: list[SourceLine], sheet: PriceSheet = SHEET, cash_step: D = D("0")) -> Book:
    draft, ticket = build_invoice_by_sheet(sources, sheet, day=DAY, cash_step=cash_step)
    posted = [PostedLine(uuid.uuid4(), line) for line in draft.lines]
    return Book(posted, read_snapshot(snapshot(ticket, sheet)), draft.totals, cash_step)


def source(kind: LineKind, quantity: str, price: str, discount: str = "0") -> SourceLine:
    return SourceLine(
        kind, f"{kind.value} {price}", D(quantity), D(price), True, discount_percent=D(discount)
    )


def components(note: SheetCredit) -> dict[str, D]:
    stored = read_snapshot(note.snapshot)
    return {t.code: t.amount for t in stored.taxes} | {f.code: f.amount for f in stored.fees}


def test_crediting_one_pad_then_an_hour_then_the_rest_nets_to_zero() -> None:
    book = invoice([source(LineKind.LABOR, "2", "120.00"), source(LineKind.PART, "4", "20.00")])
    # invoice: labor 240.00; pads 80.00; supplies 8 % of 240.00 = 19.20; hazmat 3.50 (summed "Shop fees");
    # state 6.25 % of (80 + 19.20 + 3.50) = 6.41875 → 6.42; county 1 % of 320.00 = 3.20;
    # city 0.5 % of 80.00 = 0.40, capped at 0.30; total 352.62
    assert book.totals.total == D("352.62")
    one_pad = book.credit({1: D("1")})
    # 1 pad 20.00; no labor: no supplies; hazmat 3.50 (flat, the credited lines have parts);
    # state 6.25 % of 23.50 = 1.46875 → 1.47; county 1 % of 20.00 = 0.20; city 0.5 % of 20.00 = 0.10
    # total 20.00 + 3.50 + 1.47 + 0.20 + 0.10 = 25.27
    assert one_pad.draft.totals.total == D("-25.27")
    assert components(one_pad) == {
        "state": D("-1.47"),
        "county": D("-0.20"),
        "city": D("-0.10"),
        "hazmat": D("-3.50"),
    }
    assert [(ln.description, ln.quantity, ln.amount) for ln in one_pad.draft.lines] == [
        ("part 20.00", D("-1"), D("-20.00")),
        ("Shop fees", D("-1"), D("-3.50")),
    ]
    an_hour = book.credit({0: D("1")})
    # 1 h 120.00; supplies 8 % = 9.60; state 6.25 % of 9.60 = 0.60; county 1 % of 120.00 = 1.20;
    # total 120.00 + 9.60 + 0.60 + 1.20 = 131.40
    assert an_hour.draft.totals.total == D("-131.40")
    assert components(an_hour) == {
        "state": D("-0.60"),
        "county": D("-1.20"),
        "city": D("0"),
        "supplies": D("-9.60"),
    }
    rest = book.credit(None)
    # what is left: labor 120.00, 3 pads 60.00, supplies 19.20 − 9.60 = 9.60, hazmat 0.00,
    # state 6.42 − 1.47 − 0.60 = 4.35, county 3.20 − 0.20 − 1.20 = 1.80, city 0.30 − 0.10 = 0.20
    # total 195.95 = 352.62 − 25.27 − 131.40
    assert rest.draft.totals.total == D("-195.95")
    assert components(rest) == {
        "state": D("-4.35"),
        "county": D("-1.80"),
        "city": D("-0.20"),
        "supplies": D("-9.60"),
        "hazmat": D("0.00"),
    }
    assert read_snapshot(rest.snapshot).total == D("-195.95")
    assert sum((c.draft.totals.total for c in book.credits), D(0)) == -book.totals.total


def test_a_per_invoice_cap_is_never_credited_twice() -> None:
    book = invoice([source(LineKind.PART, "2", "50.00")])
    # city 0.5 % of 100.00 = 0.50, capped at 0.30
    first = book.credit({0: D("1")})
    # one part 50.00: city 0.5 % of 50.00 = 0.25 (under the cap); left 0.05
    assert components(first)["city"] == D("-0.25")
    last = book.credit({0: D("1")})  # all that is left of the line: the rest of everything
    # the re-priced 0.25 would exceed the 0.05 left: the last credit takes what is left
    assert components(last)["city"] == D("-0.05")
    assert components(last)["hazmat"] == D("0.00")  # the first credit took all of it


def test_a_line_credited_in_halves_never_exceeds_its_amount() -> None:
    book = invoice([source(LineKind.LABOR, "1.5", "97.33")])
    # 1.5 h × 97.33 = 145.995 → 146.00
    first = book.credit({0: D("0.5")})
    # 0.5 h × 97.33 = 48.665 → 48.67, twice 97.34; the third half takes the 48.66 left
    second = book.credit({0: D("0.5")})
    assert (first.draft.lines[0].amount, second.draft.lines[0].amount) == (D("-48.67"), D("-48.67"))
    third = book.credit({0: D("0.5")})
    assert third.draft.lines[0].amount == D("-48.66")
    assert sum((c.draft.totals.total for c in book.credits), D(0)) == -book.totals.total


def test_the_sheets_fee_lines_follow_their_lines_and_a_credit_cannot_exceed_the_invoice() -> None:
    book = invoice([source(LineKind.LABOR, "2", "120.00"), source(LineKind.PART, "4", "20.00")])
    with pytest.raises(ValidationError, match="fees follow the lines"):
        book.credit({2: D("1")})
    with pytest.raises(ValidationError, match="only 4 left"):
        book.credit({1: D("5")})
    book.credit(None)
    with pytest.raises(ValidationError, match="credited in full"):
        book.credit(None)


money = st.integers(min_value=1, max_value=50_000).map(lambda c: D(c) / 100)
quantity = st.integers(min_value=1, max_value=8).map(D)
kinds = st.sampled_from([LineKind.LABOR, LineKind.PART, LineKind.SUBLET])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(kinds, quantity, money, st.sampled_from(["0", "10", "15"])), min_size=1, max_size=4),
    st.lists(st.tuples(st.integers(0, 3), st.integers(1, 5)), max_size=6),
    st.booleans(),
    st.sampled_from([D("0"), D("0.05")]),
)
def test_partial_credits_never_exceed_the_invoice_and_the_rest_nets_it_to_zero(
    items: list[tuple[LineKind, D, D, str]], picks: list[tuple[int, int]], per_line: bool, step: D
) -> None:
    epa = FeeRule(
        "epa", "EPA fee", FeeMethod.PERCENT, FeeBase.BOTH, D("2"), minimum=D("1.50"), maximum=D("10")
    )
    sheet = replace(SHEET, per_line_rounding=per_line, fees=(*SHEET.fees, epa))
    book = invoice([source(k, str(q), str(p), d) for k, q, p, d in items], sheet, step)
    invoiced = components_of(book.stored) | {"total": book.totals.total}
    for index, thirds in picks:
        posted = book.lines[index % len(items)]
        qty = min(posted.remaining_quantity, (D(thirds) / 3).quantize(D("0.001")))
        if qty <= 0:
            continue
        book.credit({index % len(items): qty})
        taken = _taken(book)
        for code, amount in invoiced.items():
            assert D(0) <= -taken.get(code, D(0)) <= amount, code
        for p in book.lines[: len(items)]:  # cash rounding, either way, is no line's
            assert p.credited is None or -p.credited.amount <= p.line.amount
    if any(p.remaining_quantity for p in book.lines[: len(items)]):  # else a pick took the last of it
        book.credit(None)
    assert all(amount == 0 for amount in (_taken(book).get(c, D(0)) + invoiced[c] for c in invoiced))
    assert all((p.credited.amount if p.credited else D(0)) == -p.line.amount for p in book.lines)
    assert all(p.credited is None or p.credited.amount == -p.line.amount for p in book.lines[: len(items)])


def components_of(stored: StoredPricing) -> dict[str, D]:
    return {t.code: t.amount for t in stored.taxes} | {f.code: f.amount for f in stored.fees}


def _taken(book: Book) -> dict[str, D]:
    taken: dict[str, D] = {"total": D(0)}
    for c in book.credits:
        taken["total"] += c.draft.totals.total
        for code, amount in components(c).items():
            taken[code] = taken.get(code, D(0)) + amount
    return taken
