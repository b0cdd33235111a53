"""The owner's settings: labor and tax rates, what is taxable, shop supplies, canned jobs.

A change here reaches new estimates only; estimates already given keep their
snapshot until someone re-prices them, and issued documents never change.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict
from decimal import Decimal

from app.db.models_work_orders import CannedJob
from app.domain.contact import clean_text
from app.domain.errors import ConflictError, NotFoundError, ValidationError
from app.domain.locale import ShopLocale
from app.domain.permissions import Action, Actor, require
from app.domain.pricing import ShopPricing, check_pricing
from app.services.base import Service
from app.services.settings.locale import checked_locale, shop_locale
from app.services.uow import UnitOfWork
from app.services.work_orders.dto import CannedJobView
from app.services.work_orders.lines import LineInput, check_canned_lines, line_input_to_dict
from app.services.work_orders.views import PRICING_KEY, shop_pricing


class SettingsService(Service):
    def pricing(self, actor: Actor) -> ShopPricing:
        require(actor, Action.VIEW_WORK_ORDERS)
        return self._read(lambda uow: shop_pricing(uow, actor.shop_id))

    def update_pricing(self, actor: Actor, pricing: ShopPricing) -> ShopPricing:
        require(actor, Action.MANAGE_SETTINGS)
        check_pricing(pricing)
        if not Decimal(0) <= pricing.tax_rate <= 1:
            raise ValidationError({"tax_rate": "must be between 0 and 100 percent"})

        def work(uow: UnitOfWork) -> ShopPricing:
            shop = uow.shops.for_update(actor.shop_id)
            if shop is None:
                raise NotFoundError("This shop does not exist.")
            before = shop_pricing(uow, actor.shop_id)
            shop.tax_rate = pricing.tax_rate
            uow.shops.set_setting(actor.shop_id, PRICING_KEY, pricing.to_json())
            uow.record(
                actor,
                actor.shop_id,
                "settings",
                PRICING_KEY,
                "update",
                {"pricing": before.to_json(), "tax_rate": before.tax_rate},
                {"pricing": pricing.to_json(), "tax_rate": pricing.tax_rate},
            )
            uow.commit()
            return pricing

        return self._write(work)

    def locale(self, actor: Actor) -> ShopLocale:
        """The shop's country and language, currency, time zone and paper."""
        return self._read(lambda uow: shop_locale(uow.shops.get(actor.shop_id)))

    def update_locale(self, actor: Actor, wanted: ShopLocale) -> ShopLocale:
        """Documents issued before keep their currency; everything prints the new way from now on."""
        require(actor, Action.MANAGE_SETTINGS)
        clean = checked_locale(wanted)

        def work(uow: UnitOfWork) -> ShopLocale:
            shop = uow.shops.for_update(actor.shop_id)
            if shop is None:
                raise NotFoundError("This shop does not exist.")
            before = shop_locale(shop)
            shop.locale, shop.currency = clean.locale, clean.currency
            shop.timezone, shop.paper_size = clean.timezone, clean.paper
            uow.record(actor, actor.shop_id, "shops", shop.id, "locale", asdict(before), asdict(clean))
            uow.commit()
            return clean

        return self._write(work)

    def canned_jobs(self, actor: Actor) -> list[CannedJobView]:
        require(actor, Action.VIEW_WORK_ORDERS)
        return self._read(lambda uow: [_canned_view(c) for c in uow.canned_jobs.all(actor.shop_id)])

    def save_canned_job(
        self,
        actor: Actor,
        name: str,
        concern: str,
        lines: list[LineInput],
        reminder_months: int | None = None,
        reminder_miles: int | None = None,
        canned_id: uuid.UUID | None = None,
        job_type: str = "",
    ) -> CannedJobView:
        """Create or replace a saved job; its lines are checked like estimate lines."""
        require(actor, Action.MANAGE_CANNED_JOBS)
        name = clean_text(name)
        if not name or len(name) > 200:
            raise ValidationError({"name": "is required, at most 200 characters"})
        if not lines:
            raise ValidationError({"lines": "a canned job needs at least one line"})
        check_canned_lines(lines)

        def work(uow: UnitOfWork) -> CannedJobView:
            existing = uow.canned_jobs.by_name(actor.shop_id, name)
            if existing is not None and existing.id != canned_id and existing.active:
                raise ConflictError(f"A canned job named '{name}' exists already.", existing.id)
            row = uow.canned_jobs.get(actor.shop_id, canned_id) if canned_id else None
            if row is None:
                row = existing or CannedJob(shop_id=actor.shop_id, name=name, lines="[]")
                if existing is None:
                    uow.canned_jobs.add(row)
            row.name, row.concern, row.active = name, clean_text(concern), True
            row.lines = json.dumps([line_input_to_dict(line) for line in lines])
            row.reminder_months, row.reminder_miles = reminder_months, reminder_miles
            row.job_type = clean_text(job_type)[:40]
            uow.session.flush()
            uow.record(
                actor,
                actor.shop_id,
                "canned_jobs",
                row.id,
                "save",
                None,
                {"name": name, "lines": len(lines), "job_type": row.job_type},
            )
            uow.commit()
            return _canned_view(row)

        return self._write(work)

    def remove_canned_job(self, actor: Actor, canned_id: uuid.UUID) -> None:
        require(actor, Action.MANAGE_CANNED_JOBS)

        def work(uow: UnitOfWork) -> None:
            row = uow.canned_jobs.get(actor.shop_id, canned_id)
            if row is None:
                raise NotFoundError("That canned job was removed already.")
            row.active = False
            uow.record(actor, actor.shop_id, "canned_jobs", row.id, "remove", None, {"name": row.name})
            uow.commit()

        self._write(work)


def _canned_view(row: CannedJob) -> CannedJobView:
    return CannedJobView(
        row.id,
        row.name,
        row.concern,
        tuple(json.loads(row.lines)),
        row.reminder_months,
        row.reminder_miles,
        row.job_type,
    )
