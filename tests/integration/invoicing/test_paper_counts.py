"""What the paper says: the first receipt is the original, the currency is the invoice's own."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from app.domain.errors import PermissionDeniedError, ValidationError
from app.domain.locale import ShopLocale
from app.domain.permissions import Actor, Role
from app.reports.invoice import invoice_pdf
from app.reports.receipt import receipt_pdf
from app.services.container import Services
from app.services.invoicing.dto import InvoiceView
from tests.integration.invoicing_helpers import cash, completed_order
from tests.integration.work_order_helpers import add_car

D = Decimal


@pytest.fixture
def invoice(services: Services, owner: Actor, desk: Actor) -> InvoiceView:
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    tech = services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")
    order = completed_order(services, desk, add_car(services, desk).vehicle_id, tech.user_id)
    return services.invoicing.post_from_work_order(desk, order.id)


def _text(pdf: bytes, folder: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    source = folder / "doc.pdf"
    source.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(source), "-"], check=True, capture_output=True
    ).stdout.decode()


def test_the_receipt_after_the_payment_is_the_original_and_a_reprint_a_copy(
    services: Services, desk: Actor, invoice: InvoiceView, tmp_path: Path
) -> None:
    services.invoicing.record_print(desk, invoice.id)  # the invoice was printed at the counter first
    services.drawers.open(desk, "100.00")
    services.payments.take(desk, invoice.id, [cash(str(invoice.totals.total))])
    first = services.invoicing.record_print(desk, invoice.id, "receipt")
    assert first.receipt_count == 0 and first.print_count == 1
    assert "COPY" not in _text(receipt_pdf(first, copy=first.receipt_count > 0), tmp_path)
    again = services.invoicing.record_print(desk, invoice.id, "receipt")
    assert again.receipt_count == 1
    assert "COPY" in _text(receipt_pdf(again, copy=again.receipt_count > 0), tmp_path)
    assert (
        services.invoicing.get(desk, invoice.id).print_count == 1
    )  # receipts leave the invoice's count alone


def test_an_unknown_kind_of_paper_is_refused(services: Services, desk: Actor, invoice: InvoiceView) -> None:
    with pytest.raises(ValidationError, match="invoice or a receipt"):
        services.invoicing.record_print(desk, invoice.id, "label")


def test_the_shops_locale_is_saved_checked_and_printed(
    services: Services, owner: Actor, desk: Actor, invoice: InvoiceView, tmp_path: Path
) -> None:
    assert services.settings.locale(desk) == ShopLocale("en_US", "USD", "America/Los_Angeles", "letter")
    with pytest.raises(PermissionDeniedError):
        services.settings.update_locale(desk, ShopLocale("de_DE", "EUR", "Europe/Berlin", "a4"))
    with pytest.raises(ValidationError) as refused:
        services.settings.update_locale(owner, ShopLocale("xx", "JPY", "Mars/Olympus", "legal"))
    assert set(refused.value.errors) == {"locale", "currency", "timezone", "paper"}
    saved = services.settings.update_locale(owner, ShopLocale("de-DE", "eur", "Europe/Berlin", "a4"))
    assert saved == ShopLocale("de_DE", "EUR", "Europe/Berlin", "a4")
    old = services.invoicing.get(desk, invoice.id)
    assert old.shop_locale == ShopLocale("de_DE", "USD", "Europe/Berlin", "a4")  # issued in dollars
    text = _text(invoice_pdf(old), tmp_path)
    assert "$" in text and "€" not in text  # the shop's way of writing, the invoice's currency
    assert services.setup.shop(owner.shop_id).locale == "de_DE"


def test_a_new_work_order_takes_the_shops_currency(services: Services, owner: Actor, desk: Actor) -> None:
    services.settings.update_locale(owner, ShopLocale("en_CA", "CAD", "America/Toronto", "letter"))
    car = add_car(services, desk)
    order = services.work_orders.create(desk, car.vehicle_id)
    assert order.shop_locale.currency == "CAD"
    assert order.shop_locale.money(D("1234.5")) == "$1,234.50"
