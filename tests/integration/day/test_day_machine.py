"""A Hypothesis state machine across the day's seams: work orders in bays, invoices, cash, drawers, closes.

Orders are approved, put in the bay, started, completed, cancelled and
invoiced; invoices are paid by card or in cash, deposits taken and refunded;
the drawer is opened, paid out of, counted and closed; days are closed. After
every step: every drawer holds float + cash in - change - paid out; every
closed day's frozen figures are the sums of that day's documents; no bay holds
a completed, invoiced or cancelled order; and the business day is the day
after the latest close (or the shop's today).
"""

from __future__ import annotations

import itertools
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from sqlalchemy import select

from app.db.engine import Database
from app.db.models_day import CashDrawerSession
from app.domain.end_of_day import DrawerNeededError
from app.domain.errors import BayDeskError, ValidationError
from app.domain.permissions import Actor, Role
from app.domain.work_orders import Status
from app.services.bays.board import BayInput
from app.services.container import Services
from tests.integration.bay_support import approved_order, finished_in_bay
from tests.integration.day_support import day_sums, drawer_balance
from tests.integration.invoicing_helpers import card, cash

D = Decimal
_runs = itertools.count()


def run_machine(services: Services, owner: Actor, desk: Actor, tech: Actor, db: Database) -> None:
    class DayMachine(RuleBasedStateMachine):
        @initialize()
        def shop(self) -> None:
            self.run = next(_runs)
            self.bay = services.bays.save_bay(owner, BayInput(f"Machine bay {self.run}", capacity=2)).id
            self.orders: dict[uuid.UUID, str] = {}  # work order -> status as the model sees it
            self.invoices: dict[uuid.UUID, D] = {}  # unpaid invoice -> balance due
            self.deposits: dict[uuid.UUID, D] = {}  # work order -> deposit held
            current = services.drawers.current(desk)  # the database outlives one example
            self.drawer = (current.id, current.status) if current is not None else None
            self.today = services.day_close.today(owner)
            self.plates = itertools.count()
            for in_bay in (True, True, False):  # a morning's cars: two in the bay, one waiting
                self._add_order(in_bay)

        def _pick(self, data: st.DataObject, *statuses: str) -> uuid.UUID | None:
            chosen = sorted((o for o, s in self.orders.items() if s in statuses), key=str)
            return data.draw(st.sampled_from(chosen)) if chosen else None

        def _cash_ok(self) -> bool:
            return self.drawer is not None and self.drawer[1] == "open"

        @rule(in_bay=st.booleans())
        def new_order(self, in_bay: bool) -> None:
            self._add_order(in_bay)

        def _add_order(self, in_bay: bool) -> None:
            plate = f"M{self.run:02d}{next(self.plates):03d}"
            view = approved_order(services, desk, plate, "1.0", tech.user_id)
            self.orders[view.id] = Status.APPROVED.value
            if in_bay:
                services.bays.assign(desk, view.id, self.bay, override_reason="a busy day")

        @rule(data=st.data())
        def into_the_bay(self, data: st.DataObject) -> None:
            order = self._pick(data, "approved", "in_progress")
            card_ = services.bays.board(desk).card(order) if order is not None else None
            if order is not None and card_ is not None and card_.column == "waiting":
                services.bays.assign(desk, order, self.bay, override_reason="a busy day")

        def _move(self, order: uuid.UUID, to: str) -> None:
            view = services.work_orders.get(desk, order)
            services.work_orders.change_status(
                desk, order, Status(to), view.version, hold_reason="Waiting for parts"
            )
            self.orders[order] = to

        @rule(data=st.data())
        def advance(self, data: st.DataObject) -> None:
            """Approved work starts, work in progress is completed, work on hold resumes."""
            order = self._pick(data, "approved", "in_progress", "on_hold")
            if order is not None:
                self._move(order, "completed" if self.orders[order] == "in_progress" else "in_progress")

        @rule(data=st.data(), cancel=st.booleans())
        def hold_or_cancel(self, data: st.DataObject, cancel: bool) -> None:
            order = (
                self._pick(data, "approved", "on_hold")
                if cancel
                else self._pick(data, "approved", "in_progress")
            )
            if order is not None:
                self._move(order, "cancelled" if cancel else "on_hold")

        @rule(data=st.data())
        def post(self, data: st.DataObject) -> None:
            order = self._pick(data, "completed")
            if order is not None:
                invoice = services.invoicing.post_from_work_order(desk, order)
                self.orders[order] = "invoiced"
                if invoice.balance_due > 0:
                    self.invoices[invoice.id] = invoice.balance_due

        @rule(data=st.data(), in_cash=st.booleans(), extra=st.integers(0, 30))
        def pay(self, data: st.DataObject, in_cash: bool, extra: int) -> None:
            if not self.invoices:
                return
            invoice = data.draw(st.sampled_from(sorted(self.invoices, key=str)))
            due = self.invoices[invoice]
            tender = cash(str(due), str(due + extra)) if in_cash else card(str(due))
            if in_cash and not self._cash_ok():
                with pytest.raises(DrawerNeededError):
                    services.payments.take(desk, invoice, [tender])
                return
            services.payments.take(desk, invoice, [tender])
            del self.invoices[invoice]

        @rule(data=st.data(), amount=st.integers(1, 40))
        def deposit(self, data: st.DataObject, amount: int) -> None:
            order = self._pick(data, "approved", "on_hold")
            if order is None:
                return
            if not self._cash_ok():
                with pytest.raises(DrawerNeededError):
                    services.payments.deposit(desk, order, cash(str(amount)))
                return
            try:
                services.payments.deposit(desk, order, cash(str(amount)))
            except ValidationError:
                return  # the deposits already cover the work: nothing taken
            self.deposits[order] = self.deposits.get(order, D("0")) + amount

        @rule(data=st.data())
        def refund_deposit(self, data: st.DataObject) -> None:
            held = sorted((o for o in self.deposits if self.orders[o] == "cancelled"), key=str)
            if not held:
                return
            order = data.draw(st.sampled_from(held))
            services.payments.refund_deposit(owner, order, card(str(self.deposits.pop(order))), "Cancelled")

        @rule(amount=st.integers(0, 200))
        def open_drawer(self, amount: int) -> None:
            if self.drawer is not None:
                with pytest.raises(BayDeskError):
                    services.drawers.open(desk, str(amount))
                return
            self.drawer = (services.drawers.open(desk, str(amount)).id, "open")

        @rule(amount=st.integers(1, 60))
        def paid_out(self, amount: int) -> None:
            if not self._cash_ok():
                return
            assert self.drawer is not None
            try:
                services.drawers.move(desk, self.drawer[0], "paid_out", str(amount), "Parts runner")
            except ValidationError as exc:
                assert "more than" in exc.message  # never more than the drawer holds

        @rule(short=st.integers(0, 3))
        def count_and_close(self, short: int) -> None:
            if self.drawer is None:
                return
            drawer_id = self.drawer[0]
            if self.drawer[1] == "open":
                counted = drawer_balance(db, drawer_id) - short
                assert services.drawers.count(desk, drawer_id, str(counted)).over_short == -short
            view = services.drawers.current(desk)
            assert view is not None and view.counted is not None
            services.drawers.close(desk, drawer_id, str(view.counted), "Miscounted" if short else "")
            self.drawer = None

        @rule()
        def close_day(self) -> None:
            if self.drawer is not None:
                with pytest.raises(ValidationError, match="count and close"):
                    services.day_close.close(owner, self.today)
                return
            services.day_close.close(owner, self.today)
            self.today += timedelta(days=1)

        @invariant()
        def the_seams_hold(self) -> None:
            if not hasattr(self, "orders"):
                return
            with db.session(write=False) as session:
                drawers = list(session.scalars(select(CashDrawerSession)))
            for row in drawers:  # float + cash handed over - change + paid in - paid out
                if row.expected is not None:
                    assert row.expected == drawer_balance(db, row.id)
            for close in services.day_close.recent(owner):
                figures = services.day_close.figures(owner, close.business_date).figures
                assert (figures.invoices.count, figures.invoices.total, figures.payments_total) == day_sums(
                    db, close.business_date
                )
            assert finished_in_bay(db) == []
            assert services.day_close.today(owner) == self.today

    run_state_machine_as_test(
        DayMachine,
        settings=settings(
            max_examples=8,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )


def test_money_days_and_bays_hold_whatever_the_order_of_operations(
    services: Services, owner: Actor, desk: Actor, db: Database
) -> None:
    services.setup.add_user(owner, "tech", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    tech = services.setup.sign_in("tech", "tech password 1", "Bay 2", mode="bay")
    run_machine(services, owner, desk, tech, db)
