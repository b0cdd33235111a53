"""The cash drawer of a terminal: float, paid in and out, blind count, over/short, deposit.

The count is blind: whoever counts types what is in the drawer without being
shown what should be there. The expected amount and the over/short appear
only once the count is recorded, and a count cannot be redone; closing then
asks for a reason when the drawer is over or short, and for the deposit.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy.exc import IntegrityError

from app.db.models import Terminal
from app.db.models_day import CashDrawerMovement, CashDrawerSession
from app.db.types import now_utc
from app.domain.contact import clean_text, contains_card_number
from app.domain.end_of_day import ZERO, DrawerNeededError, expected_cash, over_short, over_short_words
from app.domain.errors import ConflictError, NotFoundError, ValidationError
from app.domain.locale import ShopLocale, format_amount
from app.domain.money import parse_money
from app.domain.permissions import Action, Actor, require
from app.repositories.day import DayRepository, ensure_day_open, open_business_day
from app.services.base import Service
from app.services.customers.reminders import shop_today
from app.services.day.dto import DrawerMovementView, DrawerView
from app.services.settings.locale import shop_locale
from app.services.uow import UnitOfWork

MAX_CASH = Decimal("1000000")
MOVEMENT_KINDS = {"paid_in": "Paid in", "paid_out": "Paid out"}


def checked_amount(value: Decimal | str, field: str, *, allow_zero: bool) -> Decimal:
    amount = parse_money(value, field)
    if amount < 0 or (amount == 0 and not allow_zero):
        raise ValidationError({field: "must be more than zero" if not allow_zero else "must not be negative"})
    if amount > MAX_CASH:
        raise ValidationError({field: f"must be at most {format_amount(MAX_CASH)}"})
    return amount


def checked_reason(text: str, field: str = "reason", limit: int = 200) -> str:
    text = clean_text(text)
    if not text:
        raise ValidationError({field: "is required"})
    if len(text) > limit:
        raise ValidationError({field: f"is {len(text)} characters; at most {limit}"})
    if contains_card_number(text):
        raise ValidationError({field: "looks like a payment card number; BayDesk never stores card numbers"})
    return text


class DrawerService(Service):
    def current(self, actor: Actor) -> DrawerView | None:
        """This terminal's drawer that is not closed yet, if any."""
        require(actor, Action.OPERATE_CASH_DRAWER)
        terminal_id = actor.terminal_id
        if terminal_id is None:
            return None

        def work(uow: UnitOfWork) -> DrawerView | None:
            row = DayRepository(uow.session).unclosed_drawer(actor.shop_id, terminal_id)
            return drawer_view(uow, row) if row is not None else None

        return self._read(work)

    def of_day(self, actor: Actor, business_date: date) -> list[DrawerView]:
        """Every drawer opened on a business day, on every terminal."""
        require(actor, Action.OPERATE_CASH_DRAWER)

        def work(uow: UnitOfWork) -> list[DrawerView]:
            repo = DayRepository(uow.session)
            return [drawer_view(uow, row[0]) for row in repo.drawers_of_day(actor.shop_id, business_date)]

        return self._read(work)

    def open(self, actor: Actor, opening_float: Decimal | str) -> DrawerView:
        """Open this terminal's drawer with its float; a second open drawer is refused."""
        require(actor, Action.OPERATE_CASH_DRAWER)
        amount = checked_amount(opening_float, "opening_float", allow_zero=True)
        if actor.terminal_id is None:
            raise ValidationError({"terminal": "a cash drawer belongs to a terminal; sign in on one"})
        terminal_id = actor.terminal_id

        def work(uow: UnitOfWork) -> DrawerView:
            today = open_business_day(uow.session, actor.shop_id, shop_today(uow, actor))
            repo = DayRepository(uow.session)
            if repo.unclosed_drawer(actor.shop_id, terminal_id) is not None:
                raise _second_drawer()
            row = CashDrawerSession(
                shop_id=actor.shop_id,
                terminal_id=terminal_id,
                business_date=today,
                status="open",
                opening_float=amount,
                opened_by=actor.user_id,
                opened_at=now_utc(),
            )
            repo.add_session(row)
            try:
                uow.session.flush()  # the unique index decides between two opens at once
            except IntegrityError as exc:
                raise _second_drawer() from exc
            uow.record(
                actor,
                actor.shop_id,
                "cash_drawer_sessions",
                row.id,
                "open",
                None,
                {"terminal_id": terminal_id, "business_date": today, "opening_float": amount},
            )
            uow.commit()
            return drawer_view(uow, row)

        return self._write(work)

    def move(
        self, actor: Actor, drawer_id: uuid.UUID, kind: str, amount: Decimal | str, reason: str
    ) -> DrawerView:
        """Cash paid in to or out of the drawer (change for the float, a parts runner...)."""
        require(actor, Action.OPERATE_CASH_DRAWER)
        if kind not in MOVEMENT_KINDS:
            raise ValidationError({"kind": "must be paid in or paid out"})
        value = checked_amount(amount, "amount", allow_zero=False)
        why = checked_reason(reason)

        def work(uow: UnitOfWork) -> DrawerView:
            repo = DayRepository(uow.session)
            row = _locked_drawer(uow, actor, drawer_id)
            ensure_day_open(uow.session, actor.shop_id, row.business_date)
            if row.status != "open":
                raise ValidationError({"drawer": "is counted already; open a new drawer for more cash"})
            if kind == "paid_out":
                check_cash_on_hand(repo, row, value, "amount", shop_locale(uow.shops.get(actor.shop_id)))
            movement = CashDrawerMovement(
                shop_id=actor.shop_id,
                session_id=row.id,
                kind=kind,
                amount=value,
                reason=why,
                at=now_utc(),
                by_user=actor.user_id,
            )
            repo.add_movement(movement)
            uow.session.flush()
            uow.record(
                actor,
                actor.shop_id,
                "cash_drawer_movements",
                movement.id,
                kind,
                None,
                {"drawer_id": row.id, "amount": value, "reason": why},
            )
            uow.commit()
            return drawer_view(uow, row)

        return self._write(work)

    def no_sale(self, actor: Actor, reason: str) -> DrawerView:
        """Open the drawer with nothing sold ("No sale"): who, when and why go in the audit log.

        Only a drawer that is open (not yet counted) on this terminal; the screen
        kicks the drawer once this is recorded.
        """
        require(actor, Action.OPERATE_CASH_DRAWER)
        why = checked_reason(reason)
        terminal_id = actor.terminal_id

        def work(uow: UnitOfWork) -> DrawerView:
            row = (
                DayRepository(uow.session).unclosed_drawer(actor.shop_id, terminal_id, for_share=True)
                if terminal_id is not None
                else None
            )
            if row is None or row.status != "open":
                raise ValidationError({"drawer": "open the cash drawer on this terminal first (its float)"})
            uow.record(actor, actor.shop_id, "cash_drawer_sessions", row.id, "no_sale", None, {"reason": why})
            uow.commit()
            return drawer_view(uow, row)

        return self._write(work)

    def count(self, actor: Actor, drawer_id: uuid.UUID, counted: Decimal | str) -> DrawerView:
        """The blind count: record what is in the drawer; only now is the expected amount shown."""
        require(actor, Action.OPERATE_CASH_DRAWER)
        amount = checked_amount(counted, "counted", allow_zero=True)

        def work(uow: UnitOfWork) -> DrawerView:
            repo = DayRepository(uow.session)
            row = _locked_drawer(uow, actor, drawer_id)
            if row.status != "open":
                raise ValidationError({"drawer": "was counted already; a blind count is not redone"})
            now = now_utc()
            paid_in, paid_out = repo.movement_totals(row.id)
            taken = repo.cash_taken(row.id)
            expected = expected_cash(row.opening_float, taken, paid_in, paid_out)
            row.status = "counted"
            row.counted, row.expected, row.cash_taken = amount, expected, taken
            row.paid_in, row.paid_out = paid_in, paid_out
            row.over_short = over_short(amount, expected)
            row.counted_by, row.counted_at = actor.user_id, now
            uow.record(
                actor,
                actor.shop_id,
                "cash_drawer_sessions",
                row.id,
                "count",
                {"status": "open"},
                {"status": "counted", "counted": amount, "expected": expected, "over_short": row.over_short},
            )
            uow.commit()
            return drawer_view(uow, row)

        return self._write(work)

    def close(
        self, actor: Actor, drawer_id: uuid.UUID, deposit: Decimal | str, over_short_reason: str = ""
    ) -> DrawerView:
        """Close a counted drawer: the deposit taken to the bank, and why it is over or short."""
        require(actor, Action.OPERATE_CASH_DRAWER)
        amount = checked_amount(deposit, "deposit", allow_zero=True)

        def work(uow: UnitOfWork) -> DrawerView:
            row = _locked_drawer(uow, actor, drawer_id)
            if row.status == "open":
                raise ValidationError({"drawer": "count the drawer before closing it"})
            if row.status == "closed":
                raise ValidationError({"drawer": "is closed already"})
            difference = row.over_short or ZERO
            if difference != 0 and not clean_text(over_short_reason):
                words = over_short_words(difference, shop_locale(uow.shops.get(actor.shop_id)))
                raise ValidationError({"over_short_reason": f"is required: the drawer is {words}"})
            reason = (
                checked_reason(over_short_reason, "over_short_reason", 400)
                if over_short_reason.strip()
                else ""
            )
            if row.counted is not None and amount > row.counted:
                a = shop_locale(uow.shops.get(actor.shop_id)).amount
                raise ValidationError(
                    {"deposit": f"{a(amount)} is more than the {a(row.counted)} counted in the drawer"}
                )
            row.status = "closed"
            row.deposit, row.over_short_reason = amount, reason
            row.closed_by, row.closed_at = actor.user_id, now_utc()
            uow.record(
                actor,
                actor.shop_id,
                "cash_drawer_sessions",
                row.id,
                "close",
                {"status": "counted"},
                {"status": "closed", "deposit": amount, "over_short_reason": reason},
            )
            uow.commit()
            return drawer_view(uow, row)

        return self._write(work)


def cash_drawer(uow: UnitOfWork, actor: Actor, business_date: date) -> CashDrawerSession:
    """The drawer cash goes into (or is paid back from) on the actor's terminal, locked FOR SHARE.

    It must be open (not counted) and belong to the business day the money is
    written into; otherwise DrawerNeededError says what to do. The shared lock
    lets many payments go into one drawer at once, while a count (FOR UPDATE)
    waits until they are committed and then counts them all.
    """
    row = (
        DayRepository(uow.session).unclosed_drawer(actor.shop_id, actor.terminal_id, for_share=True)
        if actor.terminal_id is not None
        else None
    )
    if row is None:
        raise DrawerNeededError()
    if row.status != "open":
        raise DrawerNeededError(
            "This terminal's cash drawer is counted: close it and open a new one before taking or paying cash."
        )
    if row.business_date != business_date:
        shop = shop_locale(uow.shops.get(actor.shop_id))
        raise DrawerNeededError(
            f"This terminal's cash drawer was opened for {shop.weekday_day(row.business_date)}; count and "
            f"close it, then open one for {shop.weekday_day(business_date)} before taking or paying cash."
        )
    return row


def check_cash_on_hand(
    repo: DayRepository, row: CashDrawerSession, amount: Decimal, field: str, shop: ShopLocale
) -> None:
    """Cash paid out of a drawer (paid out, a refund) can be no more than it holds now."""
    paid_in, paid_out = repo.movement_totals(row.id)
    on_hand = expected_cash(row.opening_float, repo.cash_taken(row.id), paid_in, paid_out)
    if amount > on_hand:
        raise ValidationError(
            {field: f"{shop.amount(amount)} is more than the {shop.amount(on_hand)} in the drawer"}
        )


def _second_drawer() -> ConflictError:
    return ConflictError(
        "A cash drawer is already open on this terminal; count and close it before opening another."
    )


def _locked_drawer(uow: UnitOfWork, actor: Actor, drawer_id: uuid.UUID) -> CashDrawerSession:
    row = DayRepository(uow.session).drawer(actor.shop_id, drawer_id, for_update=True)
    if row is None:
        raise NotFoundError("That cash drawer no longer exists.")
    return row


def drawer_view(uow: UnitOfWork, row: CashDrawerSession) -> DrawerView:
    """The drawer as the person sees it; before the count, no expected amount (blind count)."""
    repo = DayRepository(uow.session)
    movements = repo.movements(row.id)
    names = repo.user_names({row.opened_by, *(m.by_user for m in movements)})
    terminal = uow.session.get(Terminal, row.terminal_id)
    paid_in = sum((m.amount for m in movements if m.kind == "paid_in"), ZERO)
    paid_out = sum((m.amount for m in movements if m.kind == "paid_out"), ZERO)
    counted = row.status != "open"
    return DrawerView(
        id=row.id,
        terminal=terminal.name if terminal is not None else "",
        business_date=row.business_date,
        status=row.status,
        opening_float=row.opening_float,
        opened_by=names.get(row.opened_by, ""),
        opened_at=row.opened_at,
        paid_in=paid_in,
        paid_out=paid_out,
        movements=tuple(
            DrawerMovementView(m.kind, m.amount, m.reason, m.at, names.get(m.by_user, "")) for m in movements
        ),
        counted=row.counted if counted else None,
        expected=row.expected if counted else None,
        cash_taken=row.cash_taken if counted else None,
        over_short=row.over_short if counted else None,
        over_short_reason=row.over_short_reason,
        deposit=row.deposit,
        closed_at=row.closed_at,
    )
