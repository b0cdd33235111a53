"""Smaller seams of the estimate: re-price and canned jobs keep what each line chose."""

from __future__ import annotations

from decimal import Decimal

from app.domain.permissions import Actor
from app.domain.pricing import ShopPricing
from app.domain.totals import LineKind
from app.services.container import Services
from app.services.work_orders.estimates import LineInput
from tests.integration.stock_helpers import add_part
from tests.integration.work_order_helpers import add_car, add_job, labor, part

D = Decimal


def test_reprice_applies_the_new_rates_and_keeps_each_lines_tax_choice(
    services: Services, owner: Actor, desk: Actor
) -> None:
    car = add_car(services, desk)
    view = services.work_orders.create(desk, car.vehicle_id)
    view = add_job(
        services,
        desk,
        view,
        "Brakes",
        LineInput(LineKind.LABOR, "Replace pads", "1.0", taxable=True),  # taxed though the shop's rule is not
        part("Pads (resale certificate)", "1", "50.00", taxable=False),  # not taxed though parts are
        part("Rotor", "1", "60.00"),  # the shop's rule: taxed
    )
    before = [line.taxable for line in view.jobs[0].lines]
    assert before == [True, False, True]
    services.settings.update_pricing(owner, ShopPricing(labor_rate=D("160.00"), tax_rate=D("0.09")))

    view = services.estimates.reprice(desk, view.id, view.version)

    assert [line.taxable for line in view.jobs[0].lines] == before
    assert (view.labor_rate, view.tax_rate, view.jobs[0].lines[0].unit_price) == (
        D("160.00"),
        D("0.09"),
        D("160.00"),
    )


def test_a_canned_job_keeps_each_lines_discount_vendor_tax_choice_and_catalog_part(
    services: Services, owner: Actor, desk: Actor
) -> None:
    rotor = add_part(services, owner, "ROT-220", "2", name="Brake rotor", cost="30.00")
    lines = [
        labor("Replace rotors", "1.2"),
        LineInput(
            LineKind.PART,
            "Brake rotor",
            "2",
            "55.00",
            condition="new",
            discount_percent="10",
            vendor="WorldPac",
            taxable=False,
            part_id=rotor,
        ),
        part("Hardware kit", "1", "12.00", vendor="Parts Plus", discount_percent="5"),
    ]
    canned = services.settings.save_canned_job(owner, "Rotors, front", "Pulsation when braking", lines)
    car = add_car(services, desk)
    view = services.work_orders.create(desk, car.vehicle_id)

    view = services.estimates.add_canned_job(desk, view.id, canned.id, view.version)

    got = [(ln.discount_percent, ln.vendor, ln.taxable, ln.part_id) for ln in view.jobs[0].lines]
    assert got == [
        (D("0"), "", False, None),
        (D("10"), "WorldPac", False, rotor),
        (D("5"), "Parts Plus", True, None),
    ]
    assert view.jobs[0].lines[1].stock_text == "Not allocated"
