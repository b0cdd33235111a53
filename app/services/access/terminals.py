"""Terminals and their modes (the owner decides what each seat shows), and the idle lock setting."""

from __future__ import annotations

import json
import uuid

from app.db.models import Terminal
from app.domain.errors import NotFoundError, ValidationError
from app.domain.permissions import Action, Actor, require
from app.domain.terminals import parse_mode
from app.services.access.dto import TerminalView
from app.services.base import Service
from app.services.uow import UnitOfWork

IDLE_LOCK_KEY = "idle_lock_minutes"
IDLE_LOCK_DEFAULT = 15  # DOMAIN.md
IDLE_LOCK_RANGE = (1, 240)


class TerminalService(Service):
    def list(self, actor: Actor) -> list[TerminalView]:
        require(actor, Action.MANAGE_TERMINALS)
        return self._read(lambda uow: [_view(t) for t in uow.terminals.all_in_shop(actor.shop_id)])

    def set_mode(self, actor: Actor, terminal_id: uuid.UUID, mode: str) -> TerminalView:
        """What the terminal is for; it shows its new areas at the next sign-in there."""
        require(actor, Action.MANAGE_TERMINALS)
        new_mode = parse_mode(mode)

        def work(uow: UnitOfWork) -> TerminalView:
            terminal = uow.terminals.in_shop(actor.shop_id, terminal_id, for_update=True)
            if terminal is None:
                raise NotFoundError("That terminal is not registered in this shop.")
            if terminal.mode != new_mode.value:
                before = {"mode": terminal.mode}
                terminal.mode = new_mode.value
                uow.record(
                    actor, actor.shop_id, "terminals", terminal.id, "set_mode", before, {"mode": new_mode}
                )
            view = _view(terminal)
            uow.commit()
            return view

        return self._write(work)

    def idle_lock_minutes(self, actor: Actor) -> int:
        """Minutes without a key press or click before the window locks (every signed-in person reads it)."""
        return self._read(lambda uow: _idle_minutes(uow, actor))

    def set_idle_lock_minutes(self, actor: Actor, minutes: int) -> int:
        require(actor, Action.MANAGE_SETTINGS)
        low, high = IDLE_LOCK_RANGE
        if not low <= minutes <= high:
            raise ValidationError({"idle_lock_minutes": f"must be between {low} and {high} minutes"})

        def work(uow: UnitOfWork) -> int:
            uow.shops.for_update(actor.shop_id)
            before = _idle_minutes(uow, actor)
            uow.shops.set_setting(actor.shop_id, IDLE_LOCK_KEY, json.dumps(minutes))
            uow.record(
                actor,
                actor.shop_id,
                "settings",
                IDLE_LOCK_KEY,
                "update",
                {"minutes": before},
                {"minutes": minutes},
            )
            uow.commit()
            return minutes

        return self._write(work)


def _idle_minutes(uow: UnitOfWork, actor: Actor) -> int:
    stored = uow.shops.setting(actor.shop_id, IDLE_LOCK_KEY)
    try:
        value = int(json.loads(stored)) if stored is not None else IDLE_LOCK_DEFAULT
    except (ValueError, TypeError):
        return IDLE_LOCK_DEFAULT
    low, high = IDLE_LOCK_RANGE
    return value if low <= value <= high else IDLE_LOCK_DEFAULT


def _view(terminal: Terminal) -> TerminalView:
    return TerminalView(
        terminal.id, terminal.name, parse_mode(terminal.mode), terminal.created_at, terminal.last_seen_at
    )
