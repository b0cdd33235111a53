"""The owner's user management: add, deactivate (never delete), reset passwords, roles, PINs.

People are never deleted: the audit log keeps pointing at them. The shop
always keeps one active owner: the active owners' rows are locked (in id
order) before a demotion or deactivation is counted, so two owners demoting
each other at the same moment cannot both succeed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

from app.db.models import User
from app.db.types import now_utc
from app.domain.contact import clean_text, contains_card_number
from app.domain.errors import ConflictError, NotFoundError, ValidationError
from app.domain.money import parse_money
from app.domain.permissions import ROLE_LABELS, Action, Actor, Role, require
from app.domain.pins import check_pin_holder
from app.services.access.dto import NewUser, UserView
from app.services.access.passwords import check_policy, hash_password, hash_pin
from app.services.base import Service
from app.services.uow import UnitOfWork

USERNAME_MAX = 64
MAX_LABOR_COST_RATE = Decimal("1000.00")
DISPLAY_NAME_MAX = 100


class UserService(Service):
    clock: Callable[[], datetime] = staticmethod(now_utc)

    def list(self, actor: Actor) -> list[UserView]:
        """Everyone of the shop, deactivated people too, with their lock and last sign-in."""
        require(actor, Action.MANAGE_USERS)

        def work(uow: UnitOfWork) -> list[UserView]:
            users = uow.users.all_in_shop(actor.shop_id)
            last = _last_sign_ins(uow, actor.shop_id)
            now = self.clock()
            return [_view(u, now, last.get(str(u.id))) for u in users]

        return self._read(work)

    def add(self, actor: Actor, data: NewUser) -> UserView:
        require(actor, Action.MANAGE_USERS)
        username, display_name = _check_new_user(data)
        password_hash = hash_password(data.password)  # slow on purpose: outside the transaction

        def work(uow: UnitOfWork) -> UserView:
            if uow.users.by_username(username):
                raise ConflictError(f"The user name '{username}' is taken.")
            user = User(
                shop_id=actor.shop_id,
                username=username,
                display_name=display_name,
                role=data.role.value,
                password_hash=password_hash,
                active=True,
                failed_attempts=0,
                created_at=now_utc(),
            )
            uow.users.add(user)
            uow.session.flush()
            after = {"username": username, "display_name": display_name, "role": data.role}
            uow.record(actor, actor.shop_id, "users", user.id, "create", None, after)
            view = _view(user, self.clock(), None)
            uow.commit()
            return view

        return self._write(work)

    def deactivate(self, actor: Actor, user_id: uuid.UUID) -> UserView:
        """The person can no longer sign in; their name stays on everything they did."""
        require(actor, Action.MANAGE_USERS)

        def change(uow: UnitOfWork, user: User) -> None:
            if not user.active:
                return
            if user.role == Role.OWNER.value:
                _keep_an_owner(uow, actor, user, "deactivate")
            user.active = False
            user.pin_hash = None
            uow.record(
                actor, actor.shop_id, "users", user.id, "deactivate", {"active": True}, {"active": False}
            )

        return self._change(actor, user_id, change)

    def reactivate(self, actor: Actor, user_id: uuid.UUID) -> UserView:
        require(actor, Action.MANAGE_USERS)

        def change(uow: UnitOfWork, user: User) -> None:
            if user.active:
                return
            user.active = True
            user.failed_attempts, user.locked_until = 0, None
            uow.record(
                actor, actor.shop_id, "users", user.id, "reactivate", {"active": False}, {"active": True}
            )

        return self._change(actor, user_id, change)

    def reset_password(self, actor: Actor, user_id: uuid.UUID, password: str) -> UserView:
        """A new password chosen by the owner; it also lifts a lockout."""
        require(actor, Action.MANAGE_USERS)
        password_hash = hash_password(password)

        def change(uow: UnitOfWork, user: User) -> None:
            user.password_hash = password_hash
            before = {"failed_attempts": user.failed_attempts, "locked_until": user.locked_until}
            user.failed_attempts, user.locked_until = 0, None
            after = {"failed_attempts": 0, "locked_until": None, "password": "changed"}
            uow.record(actor, actor.shop_id, "users", user.id, "reset_password", before, after)

        return self._change(actor, user_id, change)

    def unlock(self, actor: Actor, user_id: uuid.UUID) -> UserView:
        require(actor, Action.MANAGE_USERS)

        def change(uow: UnitOfWork, user: User) -> None:
            before = {"failed_attempts": user.failed_attempts, "locked_until": user.locked_until}
            user.failed_attempts, user.locked_until = 0, None
            uow.record(
                actor,
                actor.shop_id,
                "users",
                user.id,
                "unlock",
                before,
                {"failed_attempts": 0, "locked_until": None},
            )

        return self._change(actor, user_id, change)

    def change_role(self, actor: Actor, user_id: uuid.UUID, role: Role) -> UserView:
        """A new role; a PIN goes with a move away from technician (PINs are for technicians only)."""
        require(actor, Action.MANAGE_USERS)
        role = Role(role)

        def change(uow: UnitOfWork, user: User) -> None:
            if user.role == role.value:
                return
            if user.role == Role.OWNER.value:
                _keep_an_owner(uow, actor, user, "demote")
            before = {"role": user.role, "pin": "set" if user.pin_hash else None}
            user.role = role.value
            if role != Role.TECHNICIAN:
                user.pin_hash = None
            after = {"role": role.value, "pin": "set" if user.pin_hash else None}
            uow.record(actor, actor.shop_id, "users", user.id, "change_role", before, after)

        return self._change(actor, user_id, change)

    def set_pin(self, actor: Actor, user_id: uuid.UUID, pin: str) -> UserView:
        """A technician's 4-8 digit PIN, for bay terminals only."""
        require(actor, Action.MANAGE_USERS)
        pin_hash = hash_pin(pin)

        def change(uow: UnitOfWork, user: User) -> None:
            check_pin_holder(Role(user.role))
            before = {"pin": "set" if user.pin_hash else None}
            user.pin_hash = pin_hash
            uow.record(actor, actor.shop_id, "users", user.id, "set_pin", before, {"pin": "changed"})

        return self._change(actor, user_id, change)

    def clear_pin(self, actor: Actor, user_id: uuid.UUID) -> UserView:
        require(actor, Action.MANAGE_USERS)

        def change(uow: UnitOfWork, user: User) -> None:
            if user.pin_hash is None:
                return
            user.pin_hash = None
            uow.record(actor, actor.shop_id, "users", user.id, "clear_pin", {"pin": "set"}, {"pin": None})

        return self._change(actor, user_id, change)

    def set_labor_cost_rate(self, actor: Actor, user_id: uuid.UUID, rate: Decimal | str | None) -> UserView:
        """What an hour of this person's work costs the shop (pay and burden); blank clears it.

        Posting snapshots it on each labor line (billed hours x the technician's
        rate), so gross profit on labor is true; a later change never rewrites
        an invoice already posted.
        """
        require(actor, Action.MANAGE_USERS)
        value = _checked_rate(rate)

        def change(uow: UnitOfWork, user: User) -> None:
            before = user.labor_cost_rate
            if before == value:
                return
            user.labor_cost_rate = value
            uow.record(
                actor,
                actor.shop_id,
                "users",
                user.id,
                "set_labor_cost_rate",
                {"labor_cost_rate": before},
                {"labor_cost_rate": value},
            )

        return self._change(actor, user_id, change)

    def _change(
        self, actor: Actor, user_id: uuid.UUID, change: Callable[[UnitOfWork, User], None]
    ) -> UserView:
        def work(uow: UnitOfWork) -> UserView:
            user = uow.users.in_shop(actor.shop_id, user_id, for_update=True)
            if user is None:
                raise NotFoundError("That person is not a user of this shop.")
            change(uow, user)
            uow.session.flush()
            view = _view(user, self.clock(), _last_sign_ins(uow, actor.shop_id, user.id).get(str(user.id)))
            uow.commit()
            return view

        return self._write(work)


def _keep_an_owner(uow: UnitOfWork, actor: Actor, user: User, what: str) -> None:
    """Refuse to leave the shop with no active owner (nobody could manage users again)."""
    owners = uow.users.lock_active_owners(actor.shop_id)
    if all(o.id == user.id for o in owners):
        verb = "deactivate" if what == "deactivate" else "change the role of"
        raise ValidationError(
            {
                "owner": f"cannot {verb} {user.display_name}, the shop's last active owner; make someone else owner first"
            }
        )


def _checked_rate(rate: Decimal | str | None) -> Decimal | None:
    if rate is None or (isinstance(rate, str) and not rate.strip()):
        return None
    value = parse_money(rate, "labor_cost_rate")
    if value < 0:
        raise ValidationError({"labor_cost_rate": "must not be negative"})
    if value > MAX_LABOR_COST_RATE:
        raise ValidationError({"labor_cost_rate": f"must be at most {MAX_LABOR_COST_RATE:,.2f} an hour"})
    return value


def _check_new_user(data: NewUser) -> tuple[str, str]:
    errors: dict[str, str] = {}
    username = clean_text(data.username)
    if not username or len(username) > USERNAME_MAX or any(ch.isspace() for ch in username):
        errors["username"] = f"is required, at most {USERNAME_MAX} characters, without spaces"
    display_name = clean_text(data.display_name) or username
    if len(display_name) > DISPLAY_NAME_MAX:
        errors["display_name"] = f"is longer than {DISPLAY_NAME_MAX} characters"
    elif contains_card_number(display_name) or contains_card_number(username):
        errors["display_name"] = "looks like a card number; card numbers are never stored"
    try:
        Role(data.role)
    except ValueError:
        errors["role"] = "must be one of " + ", ".join(ROLE_LABELS.values())
    try:
        check_policy(data.password)
    except ValidationError as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationError(errors)
    return username, display_name


def _last_sign_ins(
    uow: UnitOfWork, shop_id: uuid.UUID, user_id: uuid.UUID | None = None
) -> dict[str, datetime]:
    """When each person last signed in, read from the audit log (record id = the user's id)."""
    return uow.audit.last_actions(shop_id, "users", "sign_in", str(user_id) if user_id else None)


def _view(user: User, now: datetime, last_sign_in: datetime | None) -> UserView:
    locked = user.locked_until if user.locked_until is not None and now < user.locked_until else None
    return UserView(
        user.id,
        user.username,
        user.display_name,
        Role(user.role),
        bool(user.active),
        user.pin_hash is not None,
        user.failed_attempts,
        locked,
        user.created_at,
        last_sign_in,
        user.labor_cost_rate,
    )
