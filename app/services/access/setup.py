"""First start: the shop and its owner; then signing in and registering terminals."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo, available_timezones

from app.db.engine import Database
from app.db.models import Shop, User
from app.domain.contact import clean_text, phone_problem
from app.domain.errors import ConflictError, NotFoundError, ValidationError
from app.domain.locale import DEFAULT_LOCALE, ShopLocale, check_locale, default_currency, default_paper
from app.domain.money import parse_percent
from app.domain.permissions import Action, Actor, Role, require
from app.domain.terminals import TerminalMode
from app.services.access.dto import NewUser
from app.services.access.passwords import check_policy, hash_password
from app.services.access.sign_in import SignInService
from app.services.access.terminals import TerminalService
from app.services.access.users import UserService
from app.services.base import ChangeHub, Service
from app.services.customers.dto import ShopView
from app.services.uow import UnitOfWork


@dataclass(frozen=True)
class ShopInput:
    name: str
    address: str = ""
    phone: str = ""
    timezone: str = "America/Los_Angeles"
    tax_rate_percent: str = "0"
    locale: str = "en_US"  # the currency and the paper follow the country


@dataclass(frozen=True)
class OwnerInput:
    username: str
    display_name: str
    password: str


def shop_view(shop: Shop) -> ShopView:
    return ShopView(
        shop.id,
        shop.name,
        shop.address,
        shop.phone,
        shop.timezone,
        shop.currency,
        shop.tax_rate,
        shop.locale,
        shop.paper_size,
    )


class SetupService(Service):
    def __init__(self, db: Database, changes: ChangeHub | None = None) -> None:
        super().__init__(db, changes)
        self.signing = SignInService(db, self.changes)
        self.users = UserService(db, self.changes)
        self.terminals = TerminalService(db, self.changes)

    def check_connection(self) -> None:
        """Connect once, so an unreachable or locked database becomes a
        ``DatabaseUnavailableError`` a person can read before migrations run."""
        self._read(lambda uow: uow.session.connection())

    def is_initialized(self) -> bool:
        return self._read(lambda uow: uow.shops.count() > 0)

    def shops(self) -> list[ShopView]:
        return self._read(lambda uow: [shop_view(s) for s in uow.shops.all()])

    def shop(self, shop_id: uuid.UUID) -> ShopView:
        def work(uow: UnitOfWork) -> ShopView:
            shop = uow.shops.get(shop_id)
            if shop is None:
                raise NotFoundError("That shop does not exist.")
            return shop_view(shop)

        return self._read(work)

    def create_shop(self, shop: ShopInput, owner: OwnerInput) -> Actor:
        """Create a shop with its owner account and return the owner signed in."""
        name, rate, username, shop_locale = _checked_setup(shop, owner)
        password_hash = hash_password(owner.password)  # slow on purpose: outside the transaction

        def work(uow: UnitOfWork) -> Actor:
            if uow.users.by_username(username):
                raise ConflictError(f"The user name '{username}' is taken.")
            row = Shop(
                name=name,
                address=clean_text(shop.address),
                phone=clean_text(shop.phone),
                timezone=shop.timezone,
                locale=shop_locale.locale,
                currency=shop_locale.currency,
                paper_size=shop_locale.paper,
                tax_rate=rate,
            )
            uow.shops.add(row)
            uow.session.flush()
            uow.audit.create_head(row.id)
            user = User(
                shop_id=row.id,
                username=username,
                display_name=clean_text(owner.display_name),
                role=Role.OWNER.value,
                password_hash=password_hash,
            )
            uow.users.add(user)
            uow.session.flush()
            actor = Actor(user.id, row.id, Role.OWNER, user.display_name)
            uow.record(actor, row.id, "shops", row.id, "create", None, {"name": name, "tax_rate": rate})
            uow.record(
                actor, row.id, "users", user.id, "create", None, {"username": username, "role": "owner"}
            )
            uow.commit()
            return actor

        return self._write(work)

    def add_user(
        self, actor: Actor, username: str, display_name: str, role: Role, password: str
    ) -> uuid.UUID:
        """Add a user to the actor's shop (the owner only); see ``UserService.add``."""
        require(actor, Action.MANAGE_USERS)
        return self.users.add(actor, NewUser(username, display_name, role, password)).id

    def sign_in(
        self, username: str, password: str, terminal_name: str, mode: str = TerminalMode.FRONT_DESK
    ) -> Actor:
        """Check the password (or a technician's PIN at a bay terminal); the Actor names the terminal."""
        return self.signing.sign_in(username, password, terminal_name, mode)

    def register_terminal(
        self, shop_id: uuid.UUID, name: str, mode: str = TerminalMode.FRONT_DESK
    ) -> uuid.UUID:
        """Register this installation (before anyone signs in on it: the first start)."""
        return self.signing.register_terminal(shop_id, name, mode)[0]


def _checked_setup(shop: ShopInput, owner: OwnerInput) -> tuple[str, Decimal, str, ShopLocale]:
    """(shop name, tax rate, owner's user name, locale) as stored; every problem of the form reported at once."""
    errors: dict[str, str] = {}
    name = clean_text(shop.name)
    if not name:
        errors["shop_name"] = "is required"
    elif len(name) > 200:
        errors["shop_name"] = "is longer than 200 characters"
    if problem := phone_problem(clean_text(shop.phone)):
        errors["phone"] = problem
    if shop.timezone not in available_timezones():
        errors["timezone"] = f"'{shop.timezone}' is not a time zone (e.g. America/Chicago)"
    try:
        rate = parse_percent(shop.tax_rate_percent, "tax_rate")
    except ValidationError as exc:
        errors.update(exc.errors)
        rate = None
    shop_locale = _new_shop_locale(shop, errors)
    username = clean_text(owner.username)
    if not username or len(username) > 64 or any(ch.isspace() for ch in username):
        errors["username"] = "is required, at most 64 characters, without spaces"
    if not clean_text(owner.display_name):
        errors["display_name"] = "is required"
    try:
        check_policy(owner.password)
    except ValidationError as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationError(errors)
    assert rate is not None
    return name, rate, username, shop_locale


def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _new_shop_locale(shop: ShopInput, errors: dict[str, str]) -> ShopLocale:
    """The new shop's locale, with the currency and paper of its country; a problem goes into ``errors``."""
    try:
        locale = check_locale(shop.locale)
    except ValidationError as exc:
        errors.update(exc.errors)
        locale = DEFAULT_LOCALE
    return ShopLocale(locale, default_currency(locale), shop.timezone, default_paper(locale))
