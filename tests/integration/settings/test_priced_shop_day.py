"""A shop day priced by the price sheet, across areas, on SQLite and PostgreSQL.

The estimate takes a diagnostic job at its job type's rate, a part from stock
and a ticket discount; it is invoiced, voided with the parts put back,
invoiced again, one unit credited, the rest paid in cash, the drawer counted
and the day closed. After every step what spans areas holds: on hand equals
the ledger and what the work order holds; a document's printed lines and tax
components add up to its total; the credit never exceeds what it credits; the
drawer holds the cash taken; the day's close is the sum of its documents.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from app.db.engine import Database
from app.domain.permissions import Actor, Role
from app.domain.price_sheet import FeeBase, FeeMethod, FeeRule, LaborRate, PriceSheet, TaxComponent
from app.domain.totals import LineKind
from app.domain.work_orders import Status
from app.services.container import Services
from app.services.invoicing.dto import InvoiceView
from app.services.work_orders.discounts import DiscountInput
from app.services.work_orders.dto import WorkOrderView
from app.services.work_orders.estimates import JobInput
from tests.integration.day_support import day_sums
from tests.integration.invoicing_helpers import cash
from tests.integration.stock_helpers import add_part, assert_stock_seams, on_hand
from tests.integration.work_order_helpers import add_car, add_job, audit_ok, authorize, job_id, labor

D = Decimal
SHEET = PriceSheet(
    labor_rates=(LaborRate("general", "General", D("120")), LaborRate("diag", "Diagnostic", D("150"))),
    job_type_rates=(("diagnostic", "diag"),),
    taxes=(
        TaxComponent("state", "State tax", D("6.25"), ("part", "fee")),
        TaxComponent("county", "County tax", D("1"), ("part", "labor")),
    ),
    fees=(FeeRule("supplies", "Shop supplies", FeeMethod.PERCENT, FeeBase.LABOR, D("8"), taxable=True),),
    discount_limits=(("front_desk", D("10")),),
)


@pytest.fixture
def tech(services: Services, owner: Actor) -> Actor:
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    return services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")


def printed_sum(invoice: InvoiceView) -> Decimal:
    """What the document prints: every line with its core, then each tax component."""
    lines = sum((ln.amount + ln.core_amount for ln in invoice.lines), D(0))
    return lines + sum((amount for _, amount in invoice.tax_components), D(0))


def approved_order(services: Services, desk: Actor, tech: Actor, pads: uuid.UUID) -> WorkOrderView:
    """Brakes (1 h labor, then 2 pads from stock) and a diagnosis (1 h at the diagnostic rate), 5 % off
    the ticket, authorized again once the pads are on it."""
    car = add_car(services, desk)
    view = services.work_orders.create(desk, car.vehicle_id)
    view = add_job(services, desk, view, "Brakes", labor("Replace front pads", "1.0"))
    view = add_job(services, desk, view, "Diagnose", labor("Check engine light", "1.0"))
    view = services.estimates.set_job_type(
        desk, view.id, job_id(view, "Diagnose"), "diagnostic", view.version
    )
    for title in ("Brakes", "Diagnose"):
        view = services.estimates.update_job(
            desk, view.id, job_id(view, title), JobInput(title, technician_id=tech.user_id), view.version
        )
    view = services.order_discounts.set_discount(
        desk, view.id, None, DiscountInput("percent", "5", "repeat customer"), view.version
    )
    view = authorize(services, desk, view, {"Brakes": "approve", "Diagnose": "approve"})
    view = services.allocation.allocate(desk, view.id, job_id(view, "Brakes"), pads, "2", view.version).view
    return authorize(services, desk, view, {"Brakes": "approve", "Diagnose": "approve"})


def test_a_priced_day_voided_reinvoiced_credited_paid_and_closed(
    services: Services, owner: Actor, desk: Actor, tech: Actor, db: Database
) -> None:
    services.price_sheet.save_sheet(owner, SHEET)
    pads = add_part(services, owner, "BRK-4471", "5", name="Brake pad set", cost="30.00", price="70.00")
    drawer = services.drawers.open(desk, "100.00")
    view = approved_order(services, desk, tech, pads)
    rates = {
        ln.description: ln.unit_price for job in view.jobs for ln in job.lines if ln.kind == LineKind.LABOR
    }
    assert rates == {"Replace front pads": D("120.00"), "Check engine light": D("150.00")}
    # labor 270.00 + pads 140.00 = 410.00, less 5 % = 389.50 (labor 256.50, pads 133.00);
    # supplies 8 % of 256.50 = 20.52; state 6.25 % of (133.00 + 20.52) = 9.595 → 9.60;
    # county 1 % of (256.50 + 133.00) = 3.895 → 3.90; total 389.50 + 20.52 + 9.60 + 3.90 = 423.52
    assert view.totals.total == D("423.52")
    assert on_hand(db, pads) == 3000
    assert_stock_seams(db)

    assert view.authorized_total == D("423.52")
    view = services.work_orders.change_status(desk, view.id, Status.IN_PROGRESS, view.version)
    view = services.work_orders.change_status(desk, view.id, Status.COMPLETED, view.version)
    first = services.invoicing.post_from_work_order(desk, view.id)
    assert first.totals.total == D("423.52") == printed_sum(first)
    assert_stock_seams(db)

    services.invoicing.void(owner, first.id, "Wrong customer on the invoice", restock=True)
    assert on_hand(db, pads) == 5000  # back on the shelf with the void
    assert_stock_seams(db)

    invoice = services.invoicing.post_from_work_order(desk, view.id)
    assert invoice.totals.total == D("423.52") == printed_sum(invoice)
    assert on_hand(db, pads) == 3000  # billed again, taken again: once per live invoice
    assert_stock_seams(db)

    pad_line = next(ln for ln in invoice.lines if ln.part_number == "BRK-4471")
    credit = services.invoicing.credit_note(owner, invoice.id, "One pad set returned", {pad_line.id: D("1")})
    assert credit.totals.total == printed_sum(credit)
    # one pad of the two, as the invoice charged it: 70.00 less its 5 % share = 66.50 (not 70.00);
    # state 6.25 % of 66.50 = 4.156 → 4.16; county 1 % of 66.50 = 0.665 → 0.67; 66.50 + 4.16 + 0.67 = 71.33
    assert [(ln.description, ln.amount) for ln in credit.lines] == [("Brake pad set", D("-66.50"))]
    assert credit.totals.total == D("-71.33")
    for (label, charged), (_, credited) in zip(invoice.tax_components, credit.tax_components, strict=True):
        assert D(0) <= -credited <= charged, label

    due = services.invoicing.get(desk, invoice.id).balance_due
    assert due == invoice.totals.total + credit.totals.total
    services.payments.take(desk, invoice.id, [cash(str(due), "500.00")])
    assert services.invoicing.get(desk, invoice.id).balance_due == D("0.00")

    expected_cash = D("100.00") + due
    assert services.drawers.count(desk, drawer.id, str(expected_cash)).over_short == D("0.00")
    services.drawers.close(desk, drawer.id, str(due))
    day = services.day_close.today(owner)
    closed = services.day_close.close(owner, day)
    # the day's net sales are its documents: two invoices, less the voided one, less the credit
    assert closed.figures.net.total == invoice.totals.total + credit.totals.total
    count, posted, paid = day_sums(db, day)
    assert (count, posted) == (2, first.totals.total + invoice.totals.total)
    assert closed.figures.payments_total == paid == due
    assert_stock_seams(db)
    audit_ok(services)
