"""The shop's locale as documents and screens use it: read from the shop row, checked before saving.

A document prints with the currency it was written in (its snapshot) and the
shop's present way of writing numbers, dates and times on its own clock.
"""

from __future__ import annotations

from zoneinfo import available_timezones

from app.db.models import Shop
from app.domain.errors import ValidationError
from app.domain.locale import ShopLocale, check_currency, check_locale, check_paper


def shop_locale(shop: Shop | None, currency: str | None = None) -> ShopLocale:
    """How this shop writes and prints; ``currency`` is a document's snapshot where it has one."""
    if shop is None:
        return ShopLocale()
    return ShopLocale(shop.locale, currency or shop.currency, shop.timezone, shop.paper_size)


def checked_locale(wanted: ShopLocale) -> ShopLocale:
    """The setting in its canonical spelling, or every problem at once."""
    errors: dict[str, str] = {}
    checked: dict[str, str] = {}
    for field, check, value in (
        ("locale", check_locale, wanted.locale),
        ("currency", check_currency, wanted.currency),
        ("paper", check_paper, wanted.paper),
    ):
        try:
            checked[field] = check(value)
        except ValidationError as exc:
            errors.update(exc.errors)
    if wanted.timezone not in available_timezones():
        errors["timezone"] = f"'{wanted.timezone}' is not a time zone (e.g. America/Chicago)"
    if errors:
        raise ValidationError(errors)
    return ShopLocale(checked["locale"], checked["currency"], wanted.timezone, checked["paper"])
