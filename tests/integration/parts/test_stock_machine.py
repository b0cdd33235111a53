"""A Hypothesis state machine driving stock operations against a model of the shelf.

Receive, sell, allocate, return, count and void in any order: on hand equals
the model, equals the sum of the movements, and never drops below zero while
the shop refuses negative stock (a refusal changes nothing).
"""

from __future__ import annotations

import itertools
import uuid
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from app.db.engine import Database
from app.domain.customers import CustomerInput, VehicleInput
from app.domain.permissions import Actor
from app.domain.stock import InsufficientStockError
from app.services.container import Services
from app.services.parts.catalog import PartInput
from app.services.parts.counter import SaleInput, SaleLine
from app.services.parts.stock import CountEntry
from app.services.work_orders.estimates import JobInput
from app.services.work_orders.orders import AuthorizationInput
from tests.integration.stock_helpers import ledger

PARTS = 3
_runs = itertools.count()


def run_machine(services: Services, actor: Actor, db: Database) -> None:
    class StockMachine(RuleBasedStateMachine):
        @initialize()
        def catalog(self) -> None:
            run = next(_runs)
            self.parts = [
                services.parts.create_part(
                    actor, PartInput(sku=f"M{run}-{n}", name=f"Machine part {n}", cost="4.00")
                ).id
                for n in range(PARTS)
            ]
            self.model = dict.fromkeys(self.parts, 0)
            self.tickets: list[tuple[uuid.UUID, dict[uuid.UUID, int]]] = []
            customer = services.customers.create_customer(
                actor, CustomerInput(first_name="M", last_name=f"Run {run}")
            )
            car = services.customers.add_vehicle(actor, customer.id, VehicleInput(plate=f"M{run:05d}"))
            view = services.work_orders.create(actor, car.vehicle.id)
            view = services.estimates.add_job(actor, view.id, JobInput("Job"), view.version)
            self.job = view.jobs[0].id
            view = services.work_orders.authorize(
                actor, view.id, AuthorizationInput({self.job: "approve"}, "Owner", "in_person"), view.version
            )
            self.order, self.version = view.id, view.version
            self.lines: dict[uuid.UUID, tuple[uuid.UUID, int]] = {}  # part -> (line, units on the job)

        @rule(n=st.integers(0, PARTS - 1), qty=st.integers(1, 5))
        def receive(self, n: int, qty: int) -> None:
            services.inventory.receive(actor, self.parts[n], str(qty))
            self.model[self.parts[n]] += qty

        @rule(picks=st.lists(st.tuples(st.integers(0, PARTS - 1), st.integers(1, 4)), min_size=1, max_size=3))
        def sell(self, picks: list[tuple[int, int]]) -> None:
            wanted: dict[uuid.UUID, int] = {}
            for n, qty in picks:
                wanted[self.parts[n]] = wanted.get(self.parts[n], 0) + qty
            sale = SaleInput(tuple(SaleLine(self.parts[n], str(q)) for n, q in picks))
            if any(q > self.model[p] for p, q in wanted.items()):
                with pytest.raises(InsufficientStockError):
                    services.counter.post_sale(actor, sale)
                return
            ticket = services.counter.post_sale(actor, sale)
            for part, qty in wanted.items():
                self.model[part] -= qty
            self.tickets.append((ticket.id, wanted))

        @rule(n=st.integers(0, PARTS - 1), qty=st.integers(1, 3))
        def allocate(self, n: int, qty: int) -> None:
            part = self.parts[n]
            if qty > self.model[part]:
                with pytest.raises(InsufficientStockError):
                    services.allocation.allocate(actor, self.order, self.job, part, str(qty), self.version)
                return
            done = services.allocation.allocate(actor, self.order, self.job, part, str(qty), self.version)
            self.version = done.view.version
            assert done.line_id is not None
            self.lines[part] = (done.line_id, self.lines.get(part, (done.line_id, 0))[1] + qty)
            self.model[part] -= qty

        @rule(n=st.integers(0, PARTS - 1), qty=st.integers(1, 3))
        def return_from_job(self, n: int, qty: int) -> None:
            part = self.parts[n]
            if part not in self.lines:
                return
            line, on_job = self.lines[part]
            qty = min(qty, on_job)
            done = services.allocation.return_to_stock(actor, self.order, line, str(qty), self.version)
            self.version = done.view.version
            if qty == on_job:
                del self.lines[part]
            else:
                self.lines[part] = (line, on_job - qty)
            self.model[part] += qty

        @rule(n=st.integers(0, PARTS - 1), counted=st.integers(0, 8))
        def count(self, n: int, counted: int) -> None:
            services.inventory.post_count(actor, [CountEntry(self.parts[n], str(counted))], "cycle count")
            self.model[self.parts[n]] = counted

        @rule(data=st.data())
        def void(self, data: st.DataObject) -> None:
            if not self.tickets:
                return
            ticket, wanted = self.tickets.pop(data.draw(st.integers(0, len(self.tickets) - 1)))
            services.counter.void(actor, ticket, "rung up by mistake")
            for part, qty in wanted.items():
                self.model[part] += qty

        @invariant()
        def shelf_matches_model_and_ledger(self) -> None:
            if not hasattr(self, "parts"):
                return
            rows = {uuid.UUID(p): (value, total) for p, value, total in ledger(db)}
            for part in self.parts:
                value, total = rows[part]
                assert value == total == self.model[part] * 1000
                assert value >= 0
            views = {v.id: v.on_hand for v in (services.parts.get(actor, p) for p in self.parts)}
            assert views == {p: Decimal(self.model[p]).quantize(Decimal("0.001")) for p in self.parts}

    run_state_machine_as_test(
        StockMachine,
        settings=settings(
            max_examples=12,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )


def test_stock_follows_the_model_whatever_the_order_of_operations(
    services: Services, owner: Actor, db: Database
) -> None:
    run_machine(services, owner, db)
