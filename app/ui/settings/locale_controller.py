"""Behaviour of the shop's locale form: show the saved setting, preview it as typed, save it.

Choosing a country proposes its currency and its paper (Letter in the United
States, Canada and Mexico, A4 elsewhere); the owner may still pick others.
Once saved, money and dates on screen follow at once and every document
prints the new way; screens built with the old time zone follow at the next
sign-in.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from PySide6.QtCore import QObject, Signal

from app.domain.locale import ShopLocale, default_currency, default_paper
from app.domain.permissions import Action, Actor
from app.services.container import Services
from app.ui.errors import error_message
from app.ui.formatting import use_shop_locale
from app.ui.settings.locale_view import ShopLocaleView
from app.ui.tasks import TaskRunner
from app.ui.widgets import set_level

SAMPLE_MOMENT = datetime(2026, 3, 4, 21, 7, tzinfo=UTC)


class ShopLocaleController(QObject):
    locale_saved = Signal(object)  # ShopLocale

    def __init__(self, services: Services, actor: Actor, view: ShopLocaleView, runner: TaskRunner) -> None:
        super().__init__(view)
        self.services, self.actor, self.view, self.runner = services, actor, view, runner
        self.saved: ShopLocale | None = None
        view.set_editable(actor.can(Action.MANAGE_SETTINGS))
        view.locale_combo.activated.connect(self._country_chosen)
        for combo in (view.locale_combo, view.currency_combo, view.zone_combo, view.paper_combo):
            combo.currentIndexChanged.connect(self._preview)
        view.save_button.clicked.connect(self.save)

    def load(self) -> None:
        self.runner.run(
            lambda: self.services.settings.locale(self.actor),
            self._show,
            lambda exc: set_level(self.view.status_label, "error", error_message(exc)),
            channel="shop_locale",
        )

    def typed(self) -> ShopLocale:
        v = self.view
        return ShopLocale(
            str(v.locale_combo.currentData()),
            str(v.currency_combo.currentData()),
            v.zone_combo.currentText(),
            str(v.paper_combo.currentData()),
        )

    def _show(self, shop: ShopLocale) -> None:
        self.saved = shop
        v = self.view
        v.choose(v.locale_combo, shop.locale)
        v.choose(v.currency_combo, shop.currency)
        v.choose(v.zone_combo, shop.timezone)
        v.choose(v.paper_combo, shop.paper)
        self._preview()

    def _country_chosen(self) -> None:
        """A country brings its currency and its usual paper."""
        locale = str(self.view.locale_combo.currentData())
        self.view.choose(self.view.currency_combo, default_currency(locale))
        self.view.choose(self.view.paper_combo, default_paper(locale))

    def _preview(self) -> None:
        shop = self.typed()
        try:
            text = (
                f"Money: {shop.money(Decimal('-1234.56'))} · Date: {shop.day(SAMPLE_MOMENT)} · "
                f"Time: {shop.time(SAMPLE_MOMENT)}"
            )
        except (ValueError, KeyError):  # an unknown zone typed halfway
            text = ""
        self.view.example_label.setText(text)

    def save(self) -> None:
        wanted = self.typed()
        self.view.save_button.setEnabled(False)
        set_level(self.view.status_label, "hint", "Saving…")
        self.runner.run(
            lambda: self.services.settings.update_locale(self.actor, wanted), self._saved, self._failed
        )

    def _saved(self, shop: ShopLocale) -> None:
        self.view.save_button.setEnabled(True)
        self._show(shop)
        use_shop_locale(shop)
        set_level(
            self.view.status_label,
            "ok",
            "Saved. Money and dates show the new way; documents print on the new paper. "
            "Sign in again (F12) to see every screen on the new time zone.",
        )
        self.locale_saved.emit(shop)

    def _failed(self, exc: BaseException) -> None:
        self.view.save_button.setEnabled(True)
        set_level(self.view.status_label, "error", error_message(exc))
