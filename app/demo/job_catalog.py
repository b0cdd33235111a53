"""The job templates priced under the demo shop's rules, once, so each work order only copies them.

A line is priced exactly as the work order editor prices it, so the
authorized amounts the generator writes are the totals a writer would see.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.demo.job_templates import TEMPLATES, Item, Template
from app.domain.money import from_thousandths, to_thousandths
from app.domain.pricing import ShopPricing, fee_rule_to_json
from app.domain.totals import LineKind, PricedLine, compute_totals

FLEET_DISCOUNT = Decimal("0.10")  # off the labor of some company customers' jobs


@dataclass(frozen=True)
class CatalogLine:
    """A line template priced under the shop's rules: the row's fields and what the totals see."""

    row: dict[str, Any]
    priced: PricedLine


@dataclass(frozen=True)
class PricedJob:
    """A template with its lines priced: labor at the list rate and at the fleet discount, then the rest."""

    template: Template
    labor: CatalogLine
    fleet_labor: CatalogLine
    extras: list[CatalogLine]


class JobCatalog:
    """The templates turned into row fields once, so each order only copies them."""

    def __init__(self, pricing: ShopPricing) -> None:
        self.pricing = pricing
        self.rules = pricing.rules()
        self.fee_rule = fee_rule_to_json(pricing.fee_rule)
        self._totals: dict[tuple[tuple[int, ...], bool], Decimal] = {}
        self.jobs = [
            PricedJob(
                t,
                self._line(t.labor, Decimal("0")),
                self._line(t.labor, FLEET_DISCOUNT),
                [self._line(i) for i in t.extras],
            )
            for t in TEMPLATES
        ]

    def total(self, lines: list[CatalogLine], tax_exempt: bool) -> Decimal:
        """The total of these lines under the shop's rules; orders repeat, so each sum is made once."""
        key = (tuple(sorted(id(line) for line in lines)), tax_exempt)
        if key not in self._totals:
            priced = [line.priced for line in lines]
            self._totals[key] = compute_totals(priced, self.rules, tax_exempt=tax_exempt).total
        return self._totals[key]

    def _line(self, item: Item, discount: Decimal = Decimal("0")) -> CatalogLine:
        quantity = to_thousandths(Decimal(item.quantity))
        price = self.pricing.labor_rate if item.kind == LineKind.LABOR else Decimal(item.price)
        taxable = self.pricing.is_taxable(item.kind)
        row = {
            "kind": item.kind.value,
            "description": item.description,
            "part_number": item.part_number,
            "condition": item.condition,
            "quantity": quantity,
            "unit_price": price,
            "unit_cost": Decimal(item.cost),
            "taxable": taxable,
            "discount_percent": discount,
            "core_charge": Decimal(item.core),
            "vendor": "",
        }
        # the same conversion as app.services.work_orders.views.priced
        priced = PricedLine(
            LineKind(item.kind),
            from_thousandths(quantity),
            price,
            taxable,
            discount * 100,
            Decimal(item.core),
        )
        return CatalogLine(row, priced)
