"""Posting invoices, voids and credit notes, on SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import text

from app.db.engine import Database
from app.domain.errors import PermissionDeniedError, ValidationError
from app.domain.permissions import Actor, Role
from app.domain.pricing import ShopPricing
from app.domain.totals import FeeRule
from app.domain.work_orders import Status
from app.services.container import Services
from app.services.invoicing.dto import InvoicingSettings
from tests.integration.invoicing_helpers import cash, completed_order, counts, invoice_numbers
from tests.integration.work_order_helpers import Car, add_car, add_job, audit_ok, fee, labor, part, sublet

D = Decimal


@pytest.fixture
def tech(services: Services, owner: Actor) -> Actor:
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    return services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")


@pytest.fixture
def car(services: Services, desk: Actor) -> Car:
    return add_car(services, desk)


@pytest.fixture
def priced(services: Services, owner: Actor) -> None:
    """10.25 % on parts only, supplies 5 % of labor capped at 20, per-invoice rounding."""
    rule = FeeRule(enabled=True, percent_of_labor=D("5"), cap=D("20"), taxable=False)
    services.settings.update_pricing(
        owner, ShopPricing(labor_rate=D("120.00"), tax_rate=D("0.1025"), fee_rule=rule)
    )


def test_posting_snapshots_the_work_and_computes_the_hand_totals(
    services: Services, owner: Actor, desk: Actor, tech: Actor, car: Car, priced: None
) -> None:
    view = completed_order(
        services,
        desk,
        car.vehicle_id,
        tech.user_id,
        labor("Replace front pads and rotors", "2.5"),
        part("Brake pads (ceramic)", "1", "89.95", part_number="D1210", core_charge="0"),
        part("Rotor", "2", "74.50", condition="aftermarket", core_charge="15.00", discount_percent="10"),
        fee("Hazmat disposal", "4.00"),
        sublet("Machine flywheel", "60.00"),
        odometer=(42_010, 42_030),
    )
    invoice = services.invoicing.post_from_work_order(desk, view.id)
    # labor 2.5 h x 120 = 300.00; parts 89.95 + (149.00 - 14.90) = 224.05; cores 30.00
    # supplies 5 % of 300 = 15.00 (under the cap); fee 4.00 + 15.00 = 19.00; sublet 60.00
    # tax 10.25 % of parts 224.05 = 22.965... -> 22.97 (per invoice)
    t = invoice.totals
    assert (t.labor, t.parts, t.fees, t.shop_supplies, t.sublet, t.cores) == (
        D("300.00"),
        D("224.05"),
        D("19.00"),
        D("15.00"),
        D("60.00"),
        D("30.00"),
    )
    assert (t.discount, t.tax, t.total) == (D("14.90"), D("22.97"), D("656.02"))
    assert sum(line.printed for line in invoice.lines) + t.tax == t.total
    assert invoice.number == 1 and invoice.kind == "invoice" and invoice.status == "posted"
    assert invoice.balance_due == t.total
    assert [line.description for line in invoice.lines][-1] == "Shop supplies"
    assert invoice.jobs[0].technician_name == "Terry Tech"
    assert invoice.vin == "" and invoice.plate == "7ABC123" and invoice.odometer_out == 42_030
    assert len(invoice.authorizations) == 1
    assert services.work_orders.get(desk, view.id).status == "invoiced"
    # the posted invoice does not follow later edits of prices or customers
    services.settings.update_pricing(owner, ShopPricing(tax_rate=D("0.2")))
    assert services.invoicing.get(desk, invoice.id).totals == t
    audit_ok(services)


def test_only_a_completed_work_order_is_invoiced_and_only_once(
    services: Services, db: Database, desk: Actor, tech: Actor, car: Car
) -> None:
    open_order = services.work_orders.create(desk, car.vehicle_id)
    open_order = add_job(services, desk, open_order, "Oil change", labor("Oil change", "0.5", "100"))
    before = counts(db)
    with pytest.raises(ValidationError, match="only a completed work order can be invoiced"):
        services.invoicing.post_from_work_order(desk, open_order.id)
    assert counts(db) == before
    done = completed_order(services, desk, car.vehicle_id, tech.user_id)
    services.invoicing.post_from_work_order(desk, done.id)
    with pytest.raises(ValidationError, match="is invoiced"):
        services.invoicing.post_from_work_order(desk, done.id)
    assert invoice_numbers(db) == [1]
    with pytest.raises(PermissionDeniedError):
        services.invoicing.post_from_work_order(tech, done.id)


def test_cash_rounding_is_its_own_printed_line(
    services: Services, owner: Actor, desk: Actor, tech: Actor, car: Car
) -> None:
    services.invoicing.save_settings(owner, InvoicingSettings(cash_rounding_step=D("0.05")))
    view = completed_order(
        services, desk, car.vehicle_id, tech.user_id, part("Bulb", "1", "10.02"), title="Bulb"
    )
    invoice = services.invoicing.post_from_work_order(desk, view.id)
    # 10.02 + 10.25 % (1.03) = 11.05 exactly -> no rounding; check the arithmetic first
    raw = D("10.02") + D("1.03")
    assert invoice.totals.total == raw == D("11.05")
    view = completed_order(
        services, desk, car.vehicle_id, tech.user_id, part("Fuse", "1", "10.00"), title="Fuse"
    )
    second = services.invoicing.post_from_work_order(desk, view.id)
    # 10.00 + 1.03 (1.025 rounds half up) = 11.03 -> 11.05: +0.02 rounding line
    assert second.totals.cash_rounding == D("0.02")
    assert second.totals.total == D("11.05")
    assert second.lines[-1].category == "cash_rounding" and second.lines[-1].amount == D("0.02")
    assert sum(line.printed for line in second.lines) + second.totals.tax == second.totals.total


def test_void_keeps_the_number_and_needs_a_reason(
    services: Services, db: Database, owner: Actor, desk: Actor, tech: Actor, car: Car
) -> None:
    services.drawers.open(desk, "100.00")
    order = completed_order(services, desk, car.vehicle_id, tech.user_id)
    first = services.invoicing.post_from_work_order(desk, order.id)
    assert services.work_orders.get(desk, order.id).status == Status.INVOICED
    with pytest.raises(PermissionDeniedError):
        services.invoicing.void(desk, first.id, "wrong customer")
    before = counts(db)
    with pytest.raises(ValidationError, match="say why"):
        services.invoicing.void(owner, first.id, "  ")
    with pytest.raises(ValidationError, match="card number"):
        services.invoicing.void(owner, first.id, "customer card 4111 1111 1111 1111")
    assert counts(db) == before
    voided = services.invoicing.void(owner, first.id, "Posted to the wrong customer")
    assert (voided.status, voided.number, voided.void_reason) == ("void", 1, "Posted to the wrong customer")
    assert voided.voided_by == "Olivia Owner" and voided.voided_at is not None
    assert voided.balance_due == 0
    # the work order is completed again: corrected, it is invoiced under the next number
    assert services.work_orders.get(desk, order.id).status == Status.COMPLETED
    second = services.invoicing.post_from_work_order(desk, order.id)
    assert second.number == 2 and second.work_order_number == first.work_order_number
    with pytest.raises(ValidationError, match="void"):
        services.payments.take(desk, first.id, [cash("10.00")])
    paid = services.payments.take(desk, second.id, [cash("50.00")])
    with pytest.raises(ValidationError, match="credit note and refund"):
        services.invoicing.void(owner, paid.invoice.id, "changed mind")
    audit_ok(services)


def test_full_credit_note_nets_the_invoice_to_zero_and_is_refunded(
    services: Services, db: Database, owner: Actor, desk: Actor, tech: Actor, car: Car, priced: None
) -> None:
    services.drawers.open(desk, "100.00")
    services.drawers.open(owner, "1000.00")  # the refund is paid out of the owner's drawer
    invoice = services.invoicing.post_from_work_order(
        desk, completed_order(services, desk, car.vehicle_id, tech.user_id).id
    )
    services.payments.take(desk, invoice.id, [cash(str(invoice.totals.total))])
    with pytest.raises(PermissionDeniedError):
        services.invoicing.credit_note(desk, invoice.id, "comeback")
    credit = services.invoicing.credit_note(owner, invoice.id, "Customer returned the car; work redone free")
    assert credit.kind == "credit_note" and credit.number == 1
    assert credit.credited_invoice_number == invoice.number
    assert credit.totals.total == -invoice.totals.total
    assert sum(line.printed for line in credit.lines) + credit.totals.tax == credit.totals.total
    assert credit.balance_due == -invoice.totals.total  # owed back to the customer
    with pytest.raises(ValidationError, match="credited in full"):
        services.invoicing.credit_note(owner, invoice.id, "again")
    with pytest.raises(ValidationError, match="owed"):
        services.payments.refund(owner, credit.id, cash(str(invoice.totals.total + D("0.01"))))
    refunded = services.payments.refund(owner, credit.id, cash(str(invoice.totals.total)))
    assert refunded.invoice.balance_due == 0
    assert refunded.invoice.payments[-1].amount == -invoice.totals.total
    again = services.invoicing.get(desk, invoice.id)
    assert again.balance_due == 0 and again.credit_notes == ((1, -invoice.totals.total),)
    audit_ok(services)


def test_partial_credits_never_exceed_the_invoice_and_the_rest_nets_to_zero(
    services: Services, owner: Actor, desk: Actor, tech: Actor, car: Car, priced: None
) -> None:
    view = completed_order(
        services,
        desk,
        car.vehicle_id,
        tech.user_id,
        labor("Diagnose", "1.0"),
        part("Sensor", "3", "33.33"),
    )
    invoice = services.invoicing.post_from_work_order(desk, view.id)
    sensor = next(line for line in invoice.lines if line.description == "Sensor")
    with pytest.raises(ValidationError, match="cannot exceed"):
        services.invoicing.credit_note(owner, invoice.id, "returned", {sensor.id: D("4")})
    one = services.invoicing.credit_note(owner, invoice.id, "one sensor returned", {sensor.id: D("1")})
    # 33.33 + 10.25 % tax (3.42) = 36.75
    assert (one.totals.parts, one.totals.tax, one.totals.total) == (D("-33.33"), D("-3.42"), D("-36.75"))
    # an unpaid invoice: the credit lowers what it owes
    assert services.invoicing.get(desk, invoice.id).balance_due == invoice.totals.total - D("36.75")
    assert one.balance_due == 0
    with pytest.raises(ValidationError, match="only 2"):
        services.invoicing.credit_note(owner, invoice.id, "returned", {sensor.id: D("3")})
    rest = services.invoicing.credit_note(owner, invoice.id, "goodwill: the rest")
    assert one.totals.total + rest.totals.total == -invoice.totals.total
    for field in ("labor", "parts", "fees", "shop_supplies", "tax", "cores"):
        assert getattr(one.totals, field) + getattr(rest.totals, field) == -getattr(invoice.totals, field)
    assert services.invoicing.get(desk, invoice.id).balance_due == 0
    assert [n for n, _ in services.invoicing.get(desk, invoice.id).credit_notes] == [1, 2]


def test_a_logo_is_a_small_png_or_jpeg_and_the_audit_keeps_only_its_digest(
    services: Services, db: Database, owner: Actor, desk: Actor, tech: Actor, car: Car
) -> None:
    import base64
    from pathlib import Path

    png = (Path(__file__).resolve().parents[3] / "resources" / "icons" / "baydesk.png").read_bytes()
    with pytest.raises(ValidationError, match="PNG or JPEG"):
        services.invoicing.save_settings(
            owner, InvoicingSettings(logo=base64.b64encode(b"GIF89a...").decode())
        )
    with pytest.raises(ValidationError, match="at most 256 KB"):
        services.invoicing.save_settings(
            owner, InvoicingSettings(logo=base64.b64encode(png[:8] + bytes(300_000)).decode())
        )
    services.invoicing.save_settings(owner, InvoicingSettings(logo=base64.b64encode(png).decode()))
    invoice = services.invoicing.post_from_work_order(
        desk, completed_order(services, desk, car.vehicle_id, tech.user_id).id
    )
    assert invoice.logo == png
    with db.engine.connect() as conn:
        diffs = [d for (d,) in conn.execute(text("SELECT diff FROM audit_log WHERE table_name = 'settings'"))]
    assert diffs and all("sha256" in d and base64.b64encode(png).decode()[:40] not in d for d in diffs[-1:])
