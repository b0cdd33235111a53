"""An estimate priced by a price sheet of several taxes: its header and its paper name the sheet's
taxes, never the shop's single rate, even before anything on it is taxed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.domain.permissions import Actor
from app.domain.price_sheet import LaborRate, PriceSheet, TaxComponent
from app.domain.totals import LineKind
from app.reports.estimate import estimate_pdf
from app.services.container import Services
from app.services.customers.dto import CustomerView
from app.services.work_orders.estimates import JobInput, LineInput
from app.ui.formatting import percent_text
from tests.reports.report_support import pdf_text, totals_block
from tests.ui.work_order_helpers import build_area, first_vehicle

D = Decimal
SHEET = PriceSheet(
    labor_rates=(LaborRate("general", "General", D("120")),),
    taxes=(
        TaxComponent("state", "State tax", D("6.25"), ("part",)),
        TaxComponent("county", "County tax", D("1"), ("part",)),
    ),
)


def test_a_sheet_priced_estimate_with_nothing_taxed_names_the_sheets_taxes(
    qtbot: QtBot, ana: CustomerView, services: Services, owner: Actor, desk: Actor, tmp_path: Path
) -> None:
    services.price_sheet.save_sheet(owner, SHEET)
    order = services.work_orders.create(desk, first_vehicle(ana).id, 42_100)
    order = services.estimates.add_job(desk, order.id, JobInput("Diagnose noise"), order.version)
    order = services.estimates.add_line(
        desk, order.id, order.jobs[0].id, LineInput(LineKind.LABOR, "Road test", "1"), order.version
    )
    assert order.price_sheet is not None and order.tax_components == ()  # the sheet taxes parts only
    single = percent_text(order.tax_rate)
    area = build_area(qtbot, services, desk, tmp_path)
    area.open(order)

    shown = area.view.editor.facts["tax"].text()
    assert shown == f"State tax ({percent_text(D('0.0625'))}), County tax ({percent_text(D('0.01'))})"
    assert single not in shown

    paper = totals_block(pdf_text(estimate_pdf(area.editor.work_order)))
    assert f"Tax ({single})" not in paper
    assert any(line.split()[:1] == ["Tax"] and line.split()[-1] == "0.00" for line in paper.splitlines())
