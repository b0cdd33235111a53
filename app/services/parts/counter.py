"""Counter sales: a walk-in customer buys parts without a work order.

The ticket is drafted on the counter's screen and posted in one transaction:
the stock of every line is locked (by part id), checked and moved, and the
ticket with its snapshotted lines is written, or nothing is. A posted ticket
never changes; the invoicing side reads it with ``posted_ticket`` and refers
to it from its own tables. Voiding brings the stock back by movements.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from app.db.models_parts import CounterTicket, CounterTicketLine, Part
from app.db.types import now_utc
from app.domain.contact import clean_text, contains_card_number
from app.domain.customers import display_name
from app.domain.errors import NotFoundError, ValidationError
from app.domain.money import from_thousandths
from app.domain.permissions import Action, Actor, require
from app.domain.price_sheet import PriceLevel, part_price
from app.domain.stock import MovementKind, StockSettings, format_quantity, parse_amount, parse_quantity
from app.repositories.parts import PartsRepository
from app.services.base import Service
from app.services.parts.dto import CounterTicketView, TicketLineView
from app.services.parts.ledger import Change, Document, apply_stock, parts_repo, stock_settings
from app.services.settings.price_sheet import pricing_terms
from app.services.uow import UnitOfWork

TICKET_COUNTER = "counter_ticket"
FIRST_TICKET = 5001
MAX_LINES = 200


@dataclass(frozen=True)
class SaleLine:
    part_id: uuid.UUID
    quantity: str = "1"
    unit_price: str = ""  # empty: the part's price today


@dataclass(frozen=True)
class SaleInput:
    lines: tuple[SaleLine, ...]
    customer_name: str = ""
    customer_id: uuid.UUID | None = None  # a known customer: their price level prices the parts


class CounterService(Service):
    def post_sale(self, actor: Actor, sale: SaleInput) -> CounterTicketView:
        """Sell the ticket's parts: exactly the stock on hand goes out, or a clear refusal."""
        require(actor, Action.SELL_PARTS)
        name = _checked_sale(sale)

        def work(uow: UnitOfWork) -> CounterTicketView:
            repo = parts_repo(uow)
            settings = stock_settings(uow, actor.shop_id)
            buyer, level = customer_level(uow, actor, sale.customer_id)
            priced = _priced_lines(actor, repo, settings, sale, level)
            ticket = CounterTicket(
                shop_id=actor.shop_id,
                customer_name=name or buyer,
                status="posted",
                created_by=actor.user_id,
                posted_at=now_utc(),
                id=uuid.uuid4(),
            )
            # lock order: the ticket counter, the inventory rows by part id, the audit head;
            # a refused sale rolls the number back with everything else (no gap)
            uow.counters.ensure(actor.shop_id, TICKET_COUNTER, FIRST_TICKET - 1)
            ticket.number = uow.counters.next(actor.shop_id, TICKET_COUNTER)
            changes = [Change(part.id, -qty, MovementKind.SALE) for part, qty, _ in priced]
            applied = apply_stock(uow, actor, changes, _document(ticket), settings)
            repo.add(ticket)
            _add_ticket_lines(repo, actor, ticket, priced)
            uow.session.flush()
            uow.record(
                actor,
                actor.shop_id,
                "counter_tickets",
                ticket.id,
                "post",
                None,
                {
                    "number": ticket.number,
                    "lines": len(priced),
                    "warnings": list(applied.warnings),
                    "customer_id": sale.customer_id,
                    "price_level": level.code if level else "",
                },
            )
            uow.commit()
            return _view(uow, ticket, applied.warnings)

        return self._write(work)

    def void(self, actor: Actor, ticket_id: uuid.UUID, reason: str) -> CounterTicketView:
        """Cancel a posted sale: every line comes back to stock as a customer return."""
        require(actor, Action.SELL_PARTS)
        note = clean_text(reason)
        if not note:
            raise ValidationError({"reason": "say why the sale is voided"})
        if contains_card_number(note) or len(note) > 200:
            raise ValidationError({"reason": "at most 200 characters, and never a card number"})

        def work(uow: UnitOfWork) -> CounterTicketView:
            repo = parts_repo(uow)
            ticket = repo.ticket(actor.shop_id, ticket_id, for_update=True)
            if ticket is None:
                raise NotFoundError("That counter ticket does not exist.")
            if ticket.status != "posted":
                raise ValidationError({"status": f"ticket {ticket.number} is {ticket.status} already"})
            invoiced = repo.invoice_number_of_ticket(ticket.id)
            if invoiced is not None:
                raise ValidationError(
                    {
                        "status": f"ticket {ticket.number} was invoiced (invoice {invoiced}); void the invoice instead"
                    }
                )
            returned = _returned(repo, ticket.id)
            changes = []
            for line in repo.ticket_lines(ticket.id):
                left = line.quantity - returned.get(line.id, 0)
                if left > 0:
                    changes.append(_return_change(line, left, f"void: {note}"))
            apply_stock(uow, actor, changes, _document(ticket))
            ticket.status, ticket.voided_at, ticket.void_reason = "void", now_utc(), note
            ticket.version += 1
            uow.record(
                actor,
                actor.shop_id,
                "counter_tickets",
                ticket.id,
                "void",
                {"status": "posted"},
                {"status": "void", "reason": note},
            )
            uow.commit()
            return _view(uow, ticket, ())

        return self._write(work)

    def customer_return(
        self, actor: Actor, ticket_id: uuid.UUID, line_id: uuid.UUID, quantity: str, reason: str = ""
    ) -> CounterTicketView:
        """Part of a sale comes back: never more than was sold and not yet returned."""
        require(actor, Action.SELL_PARTS)
        note = clean_text(reason)[:200]

        def work(uow: UnitOfWork) -> CounterTicketView:
            repo = parts_repo(uow)
            ticket = repo.ticket(actor.shop_id, ticket_id, for_update=True)
            if ticket is None or ticket.status != "posted":
                raise NotFoundError("Only a posted counter ticket takes returns.")
            line = next((ln for ln in repo.ticket_lines(ticket.id) if ln.id == line_id), None)
            if line is None:
                raise NotFoundError("That line is not on this ticket.")
            part = repo.part(actor.shop_id, line.part_id)
            qty = parse_quantity(quantity, fractional=bool(part and part.fractional))
            left = line.quantity - _returned(repo, ticket.id).get(line.id, 0)
            if qty > left:
                raise ValidationError(
                    {
                        "quantity": f"only {format_quantity(left)} of {line.sku} on this ticket can still come back"
                    }
                )
            apply_stock(uow, actor, [_return_change(line, qty, note or "customer return")], _document(ticket))
            uow.record(
                actor,
                actor.shop_id,
                "counter_tickets",
                ticket.id,
                "return",
                None,
                {"line": line.sku, "quantity": qty},
            )
            uow.commit()
            return _view(uow, ticket, ())

        return self._write(work)

    def price_level(self, actor: Actor, customer_id: uuid.UUID) -> PriceLevel | None:
        """The price level the counter prices this customer's parts at (None: the catalog's prices)."""
        require(actor, Action.SELL_PARTS)
        return self._read(lambda uow: customer_level(uow, actor, customer_id)[1])

    def posted_ticket(self, actor: Actor, ticket_id: uuid.UUID) -> CounterTicketView:
        """A posted ticket with its lines, for the invoicing side to turn into an invoice."""
        require(actor, Action.VIEW_PARTS)

        def work(uow: UnitOfWork) -> CounterTicketView:
            ticket = parts_repo(uow).ticket(actor.shop_id, ticket_id)
            if ticket is None or ticket.status != "posted":
                raise NotFoundError("That counter ticket is not posted (or was voided).")
            return _view(uow, ticket, ())

        return self._read(work)

    def ticket(self, actor: Actor, ticket_id: uuid.UUID) -> CounterTicketView:
        require(actor, Action.VIEW_PARTS)

        def work(uow: UnitOfWork) -> CounterTicketView:
            ticket = parts_repo(uow).ticket(actor.shop_id, ticket_id)
            if ticket is None:
                raise NotFoundError("That counter ticket does not exist.")
            return _view(uow, ticket, ())

        return self._read(work)

    def recent(self, actor: Actor, limit: int = 50) -> list[CounterTicketView]:
        require(actor, Action.VIEW_PARTS)
        return self._read(
            lambda uow: [_view(uow, t, ()) for t in parts_repo(uow).recent_tickets(actor.shop_id, limit)]
        )


def _checked_sale(sale: SaleInput) -> str:
    """The ticket's customer name as stored, once the ticket is known to hold lines to sell."""
    name = clean_text(sale.customer_name)
    if len(name) > 200:
        raise ValidationError({"customer_name": "is longer than 200 characters"})
    if contains_card_number(name):
        raise ValidationError({"customer_name": "looks like a payment card number"})
    if not sale.lines:
        raise ValidationError({"lines": "scan or add at least one part"})
    if len(sale.lines) > MAX_LINES:
        raise ValidationError({"lines": f"at most {MAX_LINES} lines on one ticket"})
    return name


def customer_level(
    uow: UnitOfWork, actor: Actor, customer_id: uuid.UUID | None
) -> tuple[str, PriceLevel | None]:
    """(the customer's name, their price level) for a counter sale; ("", None) for a walk-in."""
    if customer_id is None:
        return "", None
    customer = uow.customers.get(actor.shop_id, customer_id)
    if customer is None:
        raise NotFoundError("That customer does not exist.")
    name = display_name(customer.first_name, customer.last_name, customer.company_name, customer.kind)
    return name, pricing_terms(uow, actor.shop_id, customer_id, None).level


def _priced_lines(
    actor: Actor,
    repo: PartsRepository,
    settings: StockSettings,
    sale: SaleInput,
    level: PriceLevel | None = None,
) -> list[tuple[Part, int, Decimal]]:
    """(part, quantity, unit price) of each line: a typed price, else the catalog's price or the
    customer's level on cost; a price under cost needs the owner's permission."""
    parts = repo.parts(actor.shop_id, {line.part_id for line in sale.lines})
    if len(parts) != len({line.part_id for line in sale.lines}):
        raise NotFoundError("A part on this ticket is no longer in the catalog.")
    priced = []
    for number, line in enumerate(sale.lines, start=1):
        part = parts[line.part_id]
        if not part.active:
            raise ValidationError({f"line {number}": f"part {part.sku} is no longer sold"})
        qty = parse_quantity(line.quantity, fractional=part.fractional, field=f"line {number} quantity")
        own = parse_amount(line.unit_price, f"line {number} price", required=False)
        if own is not None and own < part.cost:
            require(actor, Action.OVERRIDE_PRICE_BELOW_COST)  # selling under cost: the owner's call
        listed = part_price(settings.price_for(part.cost, part.price), part.cost, level)
        priced.append((part, qty, own if own is not None else listed))
    return priced


def _add_ticket_lines(
    repo: PartsRepository, actor: Actor, ticket: CounterTicket, priced: list[tuple[Part, int, Decimal]]
) -> None:
    """The ticket's lines, each a snapshot of the part as sold: a posted ticket never changes."""
    for position, (part, qty, price) in enumerate(priced, start=1):
        repo.add(
            CounterTicketLine(
                shop_id=actor.shop_id,
                ticket_id=ticket.id,
                position=position,
                part_id=part.id,
                sku=part.sku,
                description=part.name[:300],
                quantity=qty,
                unit_price=price,
                unit_cost=part.cost,
                taxable=part.taxable,
                core_charge=part.core_charge,
            )
        )


def _document(ticket: CounterTicket) -> Document:
    return Document("counter_ticket", ticket.id, str(ticket.number))


def _return_change(line: CounterTicketLine, quantity: int, reason: str) -> Change:
    return Change(line.part_id, quantity, MovementKind.CUSTOMER_RETURN, line.unit_cost, reason=reason)


def _returned(repo: PartsRepository, ticket_id: uuid.UUID) -> dict[uuid.UUID, int]:
    """Units already back from each line of a ticket (matched to lines by part, first line first)."""
    back: dict[uuid.UUID, int] = {}
    for movement in repo.movements_of(ticket_id):
        if movement.kind == MovementKind.CUSTOMER_RETURN.value:
            back[movement.part_id] = back.get(movement.part_id, 0) + movement.quantity
    per_line: dict[uuid.UUID, int] = {}
    for line in repo.ticket_lines(ticket_id):
        take = min(line.quantity, back.get(line.part_id, 0))
        per_line[line.id] = take
        back[line.part_id] = back.get(line.part_id, 0) - take
    return per_line


def _view(uow: UnitOfWork, ticket: CounterTicket, warnings: tuple[str, ...]) -> CounterTicketView:
    lines = tuple(
        TicketLineView(
            ln.id,
            ln.part_id,
            ln.sku,
            ln.description,
            from_thousandths(ln.quantity),
            ln.unit_price,
            ln.unit_cost,
            ln.taxable,
            ln.core_charge,
        )
        for ln in parts_repo(uow).ticket_lines(ticket.id)
    )
    return CounterTicketView(
        ticket.id,
        ticket.number,
        ticket.status,
        ticket.customer_name,
        ticket.created_at,
        ticket.created_by,
        ticket.posted_at,
        ticket.voided_at,
        lines,
        warnings,
    )
