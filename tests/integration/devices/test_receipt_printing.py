"""A paid invoice printed on the stand-in printer, and the audited "No sale", on SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from app.db.engine import Database
from app.db.models import AuditEntry
from app.devices.receipt_printer import PrinterSettings, receipt_bytes, send
from app.domain.errors import PermissionDeniedError, ValidationError
from app.domain.permissions import Actor, Role
from app.domain.pricing import ShopPricing
from app.reports.invoice_totals import totals_rows
from app.reports.receipt_text import receipt_text
from app.services.container import Services
from tests.integration.invoicing_helpers import card, cash, completed_order
from tests.integration.work_order_helpers import add_car, audit_ok
from tests.printer_support import StandInPrinter, decode

D = Decimal


def test_the_receipt_prints_the_pdf_receipts_figures_with_a_barcode_and_a_cut(
    services: Services, owner: Actor, desk: Actor
) -> None:
    services.settings.update_pricing(owner, ShopPricing(tax_rate=D("0.1025")))
    services.drawers.open(desk, "100.00")
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    tech = services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")
    car = add_car(services, desk)
    posted = services.invoicing.post_from_work_order(
        desk, completed_order(services, desk, car.vehicle_id, tech.user_id).id
    )
    paid = services.payments.take(desk, posted.id, [cash("150.00", tendered="160.00"), card("69.17")]).invoice
    printer = StandInPrinter()
    try:
        settings = PrinterSettings("network", printer.address, paper="58")
        send(settings, receipt_bytes(receipt_text(paid), settings, kick=True))
        [job] = printer.wait_for(1)
    finally:
        printer.close()
    printed = decode(job)
    assert printed.lines[0] == "Test Garage"
    assert f"RECEIPT - {paid.title}" in printed.text
    for label, value in totals_rows(paid):
        assert any(line.startswith(label) and line.endswith(value) for line in printed.lines), label
    assert any(line.startswith("TOTAL") and line.endswith("$219.17") for line in printed.lines)
    assert any(line.startswith("Change") and line.endswith("10.00") for line in printed.lines)
    assert any(line.startswith("BALANCE DUE") and line.endswith("$0.00") for line in printed.lines)
    assert all(len(line) <= 32 for line in printed.lines)
    assert printed.actions == [f"barcode {paid.number}", "cut", "kick pin 2"]


def test_no_sale_needs_a_reason_and_an_open_drawer_and_is_audited(
    services: Services, db: Database, owner: Actor, desk: Actor
) -> None:
    with pytest.raises(ValidationError, match="open the cash drawer on this terminal first"):
        services.drawers.no_sale(desk, "change for the coffee machine")
    drawer = services.drawers.open(desk, "100.00")
    with pytest.raises(ValidationError, match="Reason: is required"):
        services.drawers.no_sale(desk, "   ")
    with pytest.raises(ValidationError, match="card number"):
        services.drawers.no_sale(desk, "customer card 4111 1111 1111 1111")
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    tech = services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")
    with pytest.raises(PermissionDeniedError):
        services.drawers.no_sale(tech, "opening it")
    services.drawers.no_sale(desk, "Change for the coffee machine")
    with db.session(write=False) as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.action == "no_sale")).all()
        assert [(r.table_name, r.record_id, r.user_id) for r in rows] == [
            ("cash_drawer_sessions", str(drawer.id), desk.user_id)
        ]
        assert "Change for the coffee machine" in rows[0].diff
    audit_ok(services)
