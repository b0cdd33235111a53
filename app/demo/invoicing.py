"""Today's business in the demo shop: the completed work orders invoiced and paid.

Done through the real services, as two front desks would: every completed
work order is posted from one of two terminals; one fleet customer charges
to its account; the others pay by cash (with change), card, or split, and a
couple are left awaiting payment, so the Invoicing area has something in
each list. The invoice numbers run 1, 2, 3... without a gap. Each front
desk's cash drawer is open with its float, as it would be mid-day.
"""

from __future__ import annotations

import uuid
from decimal import ROUND_UP, Decimal

from app.domain.payments import Method, Tender
from app.domain.permissions import Actor, Role
from app.services.access.setup import SetupService
from app.services.base import Service
from app.services.day.drawer import DrawerService
from app.services.invoicing.accounts import AccountService
from app.services.invoicing.payments import PaymentService
from app.services.invoicing.service import InvoicingService
from app.services.work_orders.orders import WorkOrderService

TERMINALS = ("Front desk 1", "Front desk 2")
OPENING_FLOAT = Decimal("200.00")
CARD_BRANDS = ("Visa", "Mastercard", "American Express", "Discover")


class DemoInvoicingService(Service):
    def create(self, owner: Actor, desk_id: uuid.UUID) -> int:
        """Invoice and settle the demo's completed work orders; returns how many were invoiced."""
        setup = SetupService(self.db, self.changes)
        terminals = [setup.register_terminal(owner.shop_id, name) for name in TERMINALS]
        desks = [
            Actor(desk_id, owner.shop_id, Role.FRONT_DESK, "Sam Writer", terminals[0]),
            Actor(owner.user_id, owner.shop_id, owner.role, owner.name, terminals[1]),
        ]
        drawers = DrawerService(self.db, self.changes)
        for desk in desks:  # cash goes into a drawer: each front desk opened theirs this morning
            drawers.open(desk, OPENING_FLOAT)
        invoicing = InvoicingService(self.db, self.changes)
        payments = PaymentService(self.db, self.changes)
        accounts = AccountService(self.db, self.changes)
        work_orders = WorkOrderService(self.db, self.changes)
        ready = invoicing.ready_to_invoice(owner)
        fleet: uuid.UUID | None = None
        for index, order in enumerate(ready):
            actor = desks[index % 2]
            customer_id = work_orders.get(actor, order.id).customer_id
            if fleet is None and "(" in order.customer_name:  # a company: "Coastal Catering (Ken ...)"
                fleet = customer_id
                accounts.save(owner, customer_id, terms_days=30, note="Fleet account, monthly statement")
            invoice = invoicing.post_from_work_order(actor, order.id, on_account=customer_id == fleet)
            due = invoice.balance_due
            if due <= 0 or index % 5 == 4:
                continue  # charged to the account, or left awaiting payment
            reference = f"AUTH {700_000 + invoice.number * 37:06d}"
            card = Tender(
                Method.CARD,
                due,
                card_brand=CARD_BRANDS[index % len(CARD_BRANDS)],
                card_last4=f"{(4242 + 1111 * index) % 10_000:04d}",
                processor_reference=reference,
            )
            if index % 5 == 0:
                handed = (due / 20).to_integral_value(rounding=ROUND_UP) * 20
                tenders = [Tender(Method.CASH, due, handed)]
            elif index % 5 == 3 and due > 50:
                part = (due / 2).quantize(Decimal("0.01"))
                cash_part = due - part
                tenders = [
                    Tender(
                        Method.CARD,
                        part,
                        card_brand=card.card_brand,
                        card_last4=card.card_last4,
                        processor_reference=reference,
                    ),
                    Tender(
                        Method.CASH, cash_part, (cash_part / 10).to_integral_value(rounding=ROUND_UP) * 10
                    ),
                ]
            else:
                tenders = [card]
            payments.take(actor, invoice.id, tenders)
        return len(ready)
