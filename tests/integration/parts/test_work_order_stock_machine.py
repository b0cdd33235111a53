"""A Hypothesis state machine over the seams between work orders, the parts counter and invoicing.

Catalog part lines added, changed and removed; allocated and returned at the
counter; jobs approved and declined; orders cancelled, completed, invoiced,
voided with and without their parts returned, and invoiced again; counter
sales and deliveries in between. Any step may be refused (not enough stock,
a status that does not allow it); a refusal writes nothing. After every step:
on hand equals the ledger, what each work order's lines hold equals what its
movements took, and every part billed on a live invoice left the shelf once.
"""

from __future__ import annotations

import itertools
import uuid

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from app.db.engine import Database
from app.domain.errors import BayDeskError
from app.domain.permissions import Actor, Role
from app.domain.totals import LineKind
from app.domain.work_orders import Status
from app.services.container import Services
from app.services.parts.counter import SaleInput, SaleLine
from app.services.work_orders.dto import LineView, WorkOrderView
from app.services.work_orders.estimates import JobInput, LineInput
from app.services.work_orders.orders import AuthorizationInput
from tests.integration.stock_helpers import add_part, assert_stock_seams
from tests.integration.work_order_helpers import add_car

_runs = itertools.count()
orders = st.integers(0, 2)
parts = st.integers(0, 1)
units = st.integers(1, 4)


def run_machine(services: Services, owner: Actor, db: Database) -> None:
    class WorkOrderStock(RuleBasedStateMachine):
        @initialize()
        def shop(self) -> None:
            run = next(_runs)
            self.parts = [add_part(services, owner, f"W{run}-{n}", "6", cost="10.00") for n in range(2)]
            services.setup.add_user(owner, f"t{run}", "Terry Tech", Role.TECHNICIAN, "tech password 1")
            self.tech = services.setup.sign_in(f"t{run}", "tech password 1", "Bay 2", mode="bay")
            self.car = add_car(services, owner, plate=f"M{run:05d}")
            self.orders: list[uuid.UUID] = []
            self.invoices: dict[uuid.UUID, uuid.UUID] = {}  # work order -> its live invoice

        def view(self, n: int) -> WorkOrderView | None:
            return services.work_orders.get(owner, self.orders[n % len(self.orders)]) if self.orders else None

        def attempt(self, action) -> object:  # type: ignore[no-untyped-def]
            """Run a step; a refusal (a BayDeskError) is fine, it must only have written nothing."""
            try:
                return action()
            except BayDeskError:
                return None

        @rule(p=parts, qty=units)
        def new_order(self, p: int, qty: int) -> None:
            """An order whose job, with a catalog part on it, the customer authorized."""
            view = services.work_orders.create(owner, self.car.vehicle_id)
            view = services.estimates.add_job(
                owner, view.id, JobInput("Job", technician_id=self.tech.user_id), view.version
            )
            line = LineInput(LineKind.PART, "", str(qty), condition="new", part_id=self.parts[p])
            view = services.estimates.add_line(owner, view.id, view.jobs[0].id, line, view.version)
            auth = AuthorizationInput({view.jobs[0].id: "approve"}, "Owner", "in_person")
            self.orders.append(services.work_orders.authorize(owner, view.id, auth, view.version).id)

        @precondition(lambda self: bool(self.orders))
        @rule(n=orders, p=parts, qty=units)
        def add_catalog_line(self, n: int, p: int, qty: int) -> None:
            view = self.view(n)
            assert view is not None
            line = LineInput(LineKind.PART, "", str(qty), condition="new", part_id=self.parts[p])
            self.attempt(
                lambda: services.estimates.add_line(owner, view.id, view.jobs[0].id, line, view.version)
            )

        @precondition(lambda self: bool(self.orders))
        @rule(n=orders, qty=units)
        def change_quantity(self, n: int, qty: int) -> None:
            view = self.view(n)
            line = _part_line(view)
            if view is None or line is None:
                return
            typed = LineInput(
                LineKind.PART,
                line.description,
                str(qty),
                f"{line.unit_price}",
                condition="new",
                part_id=line.part_id,
            )
            self.attempt(lambda: services.estimates.update_line(owner, view.id, line.id, typed, view.version))

        @precondition(lambda self: bool(self.orders))
        @rule(n=orders)
        def remove_line(self, n: int) -> None:
            view = self.view(n)
            line = _part_line(view)
            if view is not None and line is not None:
                self.attempt(lambda: services.estimates.remove_line(owner, view.id, line.id, view.version))

        @precondition(lambda self: bool(self.orders))
        @rule(n=orders, p=parts, qty=units)
        def allocate_at_the_counter(self, n: int, p: int, qty: int) -> None:
            view = self.view(n)
            assert view is not None
            self.attempt(
                lambda: services.allocation.allocate(
                    owner, view.id, view.jobs[0].id, self.parts[p], str(qty), view.version
                )
            )

        @precondition(lambda self: bool(self.orders))
        @rule(n=orders)
        def return_one(self, n: int) -> None:
            view = self.view(n)
            line = _part_line(view, allocated=True)
            if view is not None and line is not None:
                self.attempt(
                    lambda: services.allocation.return_to_stock(owner, view.id, line.id, "1", view.version)
                )

        @precondition(lambda self: bool(self.orders))
        @rule(n=orders, approve=st.booleans())
        def authorize(self, n: int, approve: bool) -> None:
            view = self.view(n)
            assert view is not None
            auth = AuthorizationInput(
                {view.jobs[0].id: "approve" if approve else "decline"}, "Owner", "in_person"
            )
            self.attempt(lambda: services.work_orders.authorize(owner, view.id, auth, view.version))

        @precondition(lambda self: bool(self.orders))
        @rule(n=orders)
        def cancel(self, n: int) -> None:
            view = self.view(n)
            assert view is not None
            self.attempt(
                lambda: services.work_orders.change_status(owner, view.id, Status.CANCELLED, view.version)
            )

        @precondition(lambda self: bool(self.orders))
        @rule(n=orders)
        def complete_and_invoice(self, n: int) -> None:
            view = self.view(n)
            assert view is not None
            for status in (Status.IN_PROGRESS, Status.COMPLETED):
                if view.status != Status.COMPLETED:
                    view = (
                        self.attempt(
                            lambda v=view, s=status: services.work_orders.change_status(
                                owner, v.id, s, v.version
                            )
                        )
                        or view
                    )
            invoice = self.attempt(lambda: services.invoicing.post_from_work_order(owner, view.id))
            if invoice is not None:
                self.invoices[view.id] = invoice.id  # type: ignore[attr-defined]

        @precondition(lambda self: bool(self.invoices))
        @rule(data=st.data(), restock=st.booleans())
        def void(self, data: st.DataObject, restock: bool) -> None:
            order = data.draw(st.sampled_from(sorted(self.invoices, key=str)))
            invoice = self.invoices.pop(order)
            done = self.attempt(lambda: services.invoicing.void(owner, invoice, "corrected", restock=restock))
            if done is None:
                self.invoices[order] = invoice

        @rule(p=parts, qty=units)
        def counter_sale(self, p: int, qty: int) -> None:
            self.attempt(
                lambda: services.counter.post_sale(owner, SaleInput((SaleLine(self.parts[p], str(qty)),)))
            )

        @rule(p=parts, qty=units)
        def receive(self, p: int, qty: int) -> None:
            services.inventory.receive(owner, self.parts[p], str(qty))

        @invariant()
        def stock_adds_up(self) -> None:
            if hasattr(self, "parts"):
                assert_stock_seams(db)

    run_state_machine_as_test(
        WorkOrderStock,
        settings=settings(
            max_examples=12,
            stateful_step_count=30,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )


def _part_line(view: WorkOrderView | None, allocated: bool = False) -> LineView | None:
    if view is None:
        return None
    lines = [
        ln
        for job in view.jobs
        for ln in job.lines
        if ln.part_id is not None and (ln.allocated or not allocated)
    ]
    return lines[0] if lines else None


def test_stock_follows_every_work_order_whatever_the_order_of_operations(
    services: Services, owner: Actor, db: Database
) -> None:
    run_machine(services, owner, db)
