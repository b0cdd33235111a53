"""Invoices priced by the owner's price sheet, on SQLite and PostgreSQL: each rule's snapshot holds."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import text

from app.cli import main
from app.db.engine import Database
from app.domain.errors import PermissionDeniedError, ValidationError
from app.domain.permissions import Actor, Role
from app.domain.price_sheet import (
    CapScope,
    FeeBase,
    FeeMethod,
    FeeRule,
    LaborRate,
    PriceLevel,
    PriceSheet,
    TaxComponent,
)
from app.reports.invoice import invoice_pdf
from app.services.container import Services
from tests.conftest import OWNER_PASSWORD
from tests.integration.invoicing_helpers import completed_order
from tests.integration.work_order_helpers import Car, add_car, audit_ok, labor, part
from tests.reports.report_support import pdf_text, row_value

D = Decimal
SHEET = PriceSheet(
    labor_rates=(LaborRate("general", "General", D("120")), LaborRate("fleet", "Fleet", D("100"))),
    price_levels=(PriceLevel("retail", "Retail"), PriceLevel("fleet", "Fleet", D("30"), "fleet")),
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
    discount_limits=(("front_desk", D("10")),),
)


@pytest.fixture
def tech(services: Services, owner: Actor) -> Actor:
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    return services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")


@pytest.fixture
def car(services: Services, desk: Actor) -> Car:
    return add_car(services, desk)


@pytest.fixture
def sheet(services: Services, owner: Actor) -> PriceSheet:
    return services.price_sheet.save_sheet(owner, SHEET)


def test_posting_prints_each_tax_component_and_keeps_them(
    services: Services, owner: Actor, desk: Actor, tech: Actor, car: Car, sheet: PriceSheet
) -> None:
    view = completed_order(
        services, desk, car.vehicle_id, tech.user_id, labor("Brakes", "2"), part("Pads", "1", "80.00")
    )
    invoice = services.invoicing.post_from_work_order(desk, view.id)
    # labor 2 h at the general rate 120.00 = 240.00; pads 80.00; supplies 8 % of 240.00 = 19.20; hazmat 3.50
    # state 6.25 % of (80.00 + 19.20 + 3.50) = 6.41875 → 6.42; county 1 % of 320.00 = 3.20;
    # city 0.5 % of 80.00 = 0.40, capped at 0.30; total 240 + 80 + 19.20 + 3.50 + 6.42 + 3.20 + 0.30 = 352.62
    assert invoice.tax_components == (
        ("State tax (6.25 %)", D("6.42")),
        ("County tax (1 %)", D("3.20")),
        ("City tax (0.5 %)", D("0.30")),
    )
    t = invoice.totals
    assert view.totals.total == view.approved_totals.total == t.total  # the estimate said so too
    assert view.tax_components == invoice.tax_components
    assert (t.labor, t.parts, t.fees, t.tax, t.total) == (
        D("240.00"),
        D("80.00"),
        D("22.70"),
        D("9.92"),
        D("352.62"),
    )
    assert sum(line.printed for line in invoice.lines) + t.tax == t.total
    assert [ln.description for ln in invoice.lines][-2:] == ["Shop supplies", "Shop fees"]
    # the owner doubles every rate and fee afterwards: the posted invoice prints what it printed
    doubled = PriceSheet(
        labor_rates=tuple(LaborRate(r.code, r.name, r.rate * 2) for r in SHEET.labor_rates),
        taxes=tuple(TaxComponent(x.code, x.name, x.rate * 2, x.categories) for x in SHEET.taxes),
    )
    services.price_sheet.save_sheet(owner, doubled)
    again = services.invoicing.get(desk, invoice.id)
    assert (again.totals, again.tax_components) == (t, invoice.tax_components)
    # and a new one is priced by the new sheet: 2 h × 240.00 = 480.00; county 2 % = 9.60
    other = completed_order(services, desk, car.vehicle_id, tech.user_id, labor("Brakes", "2"))
    second = services.invoicing.post_from_work_order(desk, other.id)
    assert (second.totals.labor, second.totals.total) == (D("480.00"), D("489.60"))
    audit_ok(services)


def test_the_customers_level_sets_the_labor_rate(
    services: Services, owner: Actor, desk: Actor, tech: Actor, car: Car, sheet: PriceSheet
) -> None:
    services.price_sheet.set_profile(desk, "customer", car.customer_id, "fleet")
    view = completed_order(services, desk, car.vehicle_id, tech.user_id, labor("Brakes", "2"))
    # fleet level: the fleet rate 100.00 × 2 h = 200.00; supplies 16.00; state 6.25 % of 16.00 = 1.00;
    # county 1 % of 200.00 = 2.00; 200 + 16 + 1 + 2 = 219.00
    invoice = services.invoicing.post_from_work_order(desk, view.id)
    assert invoice.lines[0].unit_price == D("100.00")
    assert invoice.totals.total == D("219.00")
    assert services.price_sheet.profile(desk, "customer", car.customer_id).price_level == "fleet"


def test_a_valid_certificate_exempts_and_an_expired_one_does_not(
    services: Services, owner: Actor, desk: Actor, tech: Actor, car: Car, sheet: PriceSheet
) -> None:
    today = date.today()
    services.price_sheet.add_certificate(desk, car.customer_id, "RESALE-88", today - timedelta(days=400))
    view = completed_order(services, desk, car.vehicle_id, tech.user_id, part("Pads", "1", "80.00"))
    taxed = services.invoicing.post_from_work_order(desk, view.id)
    # expired: state 6.25 % of 83.50 = 5.22 (5.21875); county 0.80; city 0.30; 83.50 + 6.32 = 89.82
    assert (taxed.totals.tax, taxed.tax_exempt_number) == (D("6.32"), "")
    services.price_sheet.add_certificate(desk, car.customer_id, "RESALE-99", today + timedelta(days=365))
    view = completed_order(services, desk, car.vehicle_id, tech.user_id, part("Pads", "1", "80.00"))
    exempt = services.invoicing.post_from_work_order(desk, view.id)
    assert (exempt.totals.tax, exempt.totals.total, exempt.tax_exempt_number) == (
        D("0.00"),
        D("83.50"),
        "RESALE-99",
    )
    assert [amount for _, amount in exempt.tax_components] == [D("0.00")] * 3
    assert len(services.price_sheet.certificates(desk, car.customer_id)) == 2


def test_discounts_beyond_the_role_limit_need_the_owner_and_are_reported(
    services: Services,
    owner: Actor,
    desk: Actor,
    tech: Actor,
    car: Car,
    sheet: PriceSheet,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(PermissionDeniedError):
        completed_order(
            services, desk, car.vehicle_id, tech.user_id, part("Pads", "1", "80.00", discount_percent="15")
        )
    view = completed_order(
        services, owner, car.vehicle_id, tech.user_id, part("Pads", "1", "80.00", discount_percent="15")
    )
    invoice = services.invoicing.post_from_work_order(owner, view.id)
    # 80.00 less 15 % = 68.00 (12.00 off)
    assert invoice.totals.discount == D("12.00")
    rows = services.price_sheet.discount_report(owner, invoice.business_date, invoice.business_date)
    assert [(r.invoice_number, r.label, r.amount) for r in rows] == [
        (invoice.number, "Line discounts", D("12.00"))
    ]
    with pytest.raises(PermissionDeniedError):
        services.price_sheet.discount_report(desk, invoice.business_date, invoice.business_date)
    # the owner reads it from the command line too
    url = services.price_sheet.db.url.render_as_string(hide_password=False)
    monkeypatch.setenv("BAYDESK_PASSWORD", OWNER_PASSWORD)
    day = invoice.business_date.isoformat()
    assert main(["--database", url, "discounts", "--from", day, "--to", day, "--as", "owner"]) == 0
    said = capsys.readouterr().out
    assert (
        f"invoice {invoice.number}" in said
        and "Line discounts" in said
        and "1 discount(s), 12.00 in all" in said
    )


def test_the_pricing_snapshot_is_append_only_on_sqlite(
    services: Services, db: Database, desk: Actor, tech: Actor, car: Car, sheet: PriceSheet
) -> None:
    view = completed_order(services, desk, car.vehicle_id, tech.user_id, part("Pads", "1", "80.00"))
    services.invoicing.post_from_work_order(desk, view.id)
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the server refuses it by grants (tests/integration/db/test_server_walls.py)")
    with pytest.raises(Exception, match="append-only"), db.engine.begin() as conn:
        conn.execute(text("UPDATE invoice_pricing SET snapshot = '{}'"))


def test_only_the_owner_changes_the_sheet(services: Services, desk: Actor) -> None:
    with pytest.raises(PermissionDeniedError):
        services.price_sheet.save_sheet(desk, SHEET)


def test_a_credit_note_nets_a_sheet_priced_invoice_to_zero_component_by_component(
    services: Services, owner: Actor, desk: Actor, tech: Actor, car: Car, sheet: PriceSheet
) -> None:
    view = completed_order(
        services, desk, car.vehicle_id, tech.user_id, labor("Brakes", "2"), part("Pads", "1", "80.00")
    )
    invoice = services.invoicing.post_from_work_order(desk, view.id)
    credit = services.invoicing.credit_note(owner, invoice.id, "comeback, redone free")
    assert credit.totals.total == -invoice.totals.total == D("-352.62")
    assert credit.tax_components == tuple((label, -amount) for label, amount in invoice.tax_components)
    assert sum(line.printed for line in credit.lines) + credit.totals.tax == credit.totals.total
    audit_ok(services)


def test_partial_credit_notes_of_a_sheet_priced_invoice_are_priced_by_its_snapshot(
    services: Services, owner: Actor, desk: Actor, tech: Actor, car: Car, sheet: PriceSheet
) -> None:
    view = completed_order(
        services, desk, car.vehicle_id, tech.user_id, labor("Brakes", "2"), part("Pads", "4", "20.00")
    )
    invoice = services.invoicing.post_from_work_order(desk, view.id)
    # labor 240.00; pads 4 × 20.00 = 80.00; supplies 19.20; hazmat 3.50; state 6.42; county 3.20;
    # city 0.30 (capped): 352.62, as with one 80.00 pad
    assert invoice.totals.total == D("352.62")
    services.price_sheet.save_sheet(
        owner, PriceSheet(taxes=(TaxComponent("vat", "VAT", D("20"), ("part",)),))
    )
    pads, brakes = invoice.lines[1].id, invoice.lines[0].id
    # the sheet's fees follow the lines: the credit note dialog offers no quantity for them
    assert invoice.sheet_fee_lines == (invoice.lines[2].id, invoice.lines[3].id)
    with pytest.raises(ValidationError, match="fees follow the lines"):
        services.invoicing.credit_note(owner, invoice.id, "fees", {invoice.lines[2].id: D("1")})
    one_pad = services.invoicing.credit_note(owner, invoice.id, "one pad returned", {pads: D("1")})
    # by the invoice's sheet, not the new one: pad 20.00 + hazmat 3.50; state 6.25 % of 23.50 = 1.47;
    # county 0.20; city 0.10: 25.27
    assert one_pad.totals.total == D("-25.27")
    assert one_pad.tax_components == (
        ("State tax (6.25 %)", D("-1.47")),
        ("County tax (1 %)", D("-0.20")),
        ("City tax (0.5 %)", D("-0.10")),
    )
    an_hour = services.invoicing.credit_note(owner, invoice.id, "an hour too many", {brakes: D("1")})
    # 120.00 + supplies 9.60 + state 0.60 + county 1.20 = 131.40 (no parts: no city tax)
    assert an_hour.totals.total == D("-131.40")
    rest = services.invoicing.credit_note(owner, invoice.id, "the rest")
    # left: 352.62 − 25.27 − 131.40 = 195.95; state 6.42 − 1.47 − 0.60 = 4.35; county 1.80; city 0.20
    assert rest.totals.total == D("-195.95")
    assert rest.tax_components == (
        ("State tax (6.25 %)", D("-4.35")),
        ("County tax (1 %)", D("-1.80")),
        ("City tax (0.5 %)", D("-0.20")),
    )
    for note in (one_pad, an_hour, rest):
        assert sum(line.printed for line in note.lines) + note.totals.tax == note.totals.total
    assert services.invoicing.get(desk, invoice.id).balance_due == D("0.00")
    with pytest.raises(ValidationError, match="credited in full"):
        services.invoicing.credit_note(owner, invoice.id, "again")
    audit_ok(services)


def test_an_invoice_the_sheet_left_untaxed_does_not_quote_the_single_rate(
    services: Services, owner: Actor, desk: Actor, tech: Actor, car: Car
) -> None:
    services.price_sheet.save_sheet(owner, PriceSheet(labor_rates=SHEET.labor_rates))  # no taxes on it
    view = completed_order(services, desk, car.vehicle_id, tech.user_id, labor("Brakes", "2"))
    invoice = services.invoicing.post_from_work_order(desk, view.id)
    assert invoice.priced_by_sheet and invoice.tax_components == ()
    assert (invoice.totals.tax, invoice.totals.total) == (D("0.00"), D("240.00"))
    rows = [
        line.strip() for line in pdf_text(invoice_pdf(services.invoicing.get(desk, invoice.id))).splitlines()
    ]
    tax_rows = [row for row in rows if row.startswith("Tax")]
    assert len(tax_rows) == 1 and "%" not in tax_rows[0] and row_value(tax_rows[0], "Tax") == D("0.00"), (
        tax_rows
    )
