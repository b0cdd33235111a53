"""Read models for invoices, credit notes, payments, accounts and statements."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from app.domain.locale import AMERICAN, ShopLocale
from app.services.work_orders.dto import AuthorizationView

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class InvoiceLineView:
    id: uuid.UUID
    job_position: int | None
    category: str
    description: str
    part_number: str
    condition: str
    quantity: Decimal
    unit_price: Decimal
    discount_percent: Decimal  # 10 for 10 %
    discount_amount: Decimal
    core_charge: Decimal
    core_amount: Decimal
    amount: Decimal  # printed, after discount
    taxable: bool
    tax: Decimal
    vendor: str
    technician_name: str
    unit_cost: Decimal = ZERO
    rate_label: str = ""  # a labor line priced at its job type's rate on the price sheet: the type

    @property
    def printed(self) -> Decimal:
        return self.amount + self.core_amount


@dataclass(frozen=True)
class InvoiceJobView:
    position: int
    title: str
    concern: str
    cause: str
    correction: str
    technician_name: str


@dataclass(frozen=True)
class PaymentView:
    id: uuid.UUID
    received_at: datetime
    business_date: date
    method: str
    method_label: str
    kind: str
    amount: Decimal
    tendered: Decimal | None
    change_given: Decimal | None
    card_brand: str
    card_last4: str
    processor_reference: str
    check_number: str
    note: str
    taken_by: str
    settles_account: bool
    group_id: uuid.UUID

    @property
    def detail(self) -> str:
        return self.described(AMERICAN)

    def described(self, shop: ShopLocale) -> str:
        """How it was paid, in words and the shop's figures: 'Tendered 20.00, change 3.50'."""
        if self.method == "card":
            return f"{self.card_brand} ending {self.card_last4}, ref {self.processor_reference}"
        if self.method == "check":
            return f"Check no. {self.check_number}"
        if self.method == "cash" and self.tendered is not None and self.change_given:
            return f"Tendered {shop.amount(self.tendered)}, change {shop.amount(self.change_given)}"
        if self.method == "account":  # a second payer's charge names whose part it is
            return (
                f"Charged to account: {self.note}"
                if self.kind == "payment" and self.note
                else "Charged to account"
            )
        if self.method == "credit_note":
            return "Applied from credit note"
        return ""


@dataclass(frozen=True)
class InvoiceTotalsView:
    labor: Decimal
    parts: Decimal
    fees: Decimal
    shop_supplies: Decimal
    sublet: Decimal
    cores: Decimal
    discount: Decimal
    taxable_base: Decimal
    tax: Decimal
    cash_rounding: Decimal
    total: Decimal

    @property
    def subtotal(self) -> Decimal:
        return self.labor + self.parts + self.fees + self.sublet + self.cores


@dataclass(frozen=True)
class InvoiceView:
    id: uuid.UUID
    kind: str  # invoice / credit_note
    number: int
    status: str  # posted / void
    business_date: date
    posted_at: datetime
    posted_by: str
    work_order_id: uuid.UUID | None
    work_order_number: int | None
    counter_ticket_id: uuid.UUID | None
    credited_invoice_id: uuid.UUID | None
    credited_invoice_number: int | None
    customer_id: uuid.UUID | None
    customer_name: str
    customer_address: str
    customer_phone: str
    vehicle_description: str
    vin: str
    plate: str
    odometer_in: int | None
    odometer_out: int | None
    tax_exempt_number: str
    tax_rate: Decimal
    rounding: str
    totals: InvoiceTotalsView
    jobs: tuple[InvoiceJobView, ...]
    lines: tuple[InvoiceLineView, ...]
    payments: tuple[PaymentView, ...]
    paid: Decimal  # payments and deposits applied (account charges included)
    balance_due: Decimal
    on_account: bool
    due_date: date | None
    account_open: Decimal  # charged to account and not yet settled
    void_reason: str
    voided_by: str
    voided_at: datetime | None
    credit_notes: tuple[tuple[int, Decimal], ...]  # (number, total) of credit notes on this invoice
    authorizations: tuple[AuthorizationView, ...]
    print_count: int
    shop_name: str
    shop_address: str
    shop_phone: str
    timezone: str
    footer: str = ""
    shop_locale: ShopLocale = AMERICAN  # its currency is the invoice's own
    receipt_count: int = 0  # receipts printed or saved; the second one is a COPY
    note: str = ""
    is_account_customer: bool = False
    logo: bytes = b""  # the shop's logo (PNG or JPEG) as the settings hold it now
    payer: PayerPartView | None = None  # the second payer's part, when an insurer or warranty pays some
    # priced by the shop's price sheet: each tax component as printed (label, amount), and the
    # job and ticket discounts with their reasons; empty for a document priced by one tax rate
    tax_components: tuple[tuple[str, Decimal], ...] = ()
    pricing_notes: tuple[str, ...] = ()
    sheet_fee_lines: tuple[uuid.UUID, ...] = ()  # the fee lines the sheet worked out (never credited alone)
    priced_by_sheet: bool = False  # taxed by the sheet's components (none when nothing was taxed)

    @property
    def title(self) -> str:
        return f"{'Credit note' if self.kind == 'credit_note' else 'Invoice'} {self.number}"


@dataclass(frozen=True)
class InvoiceRow:
    """One invoice in the Invoicing area's lists."""

    id: uuid.UUID
    kind: str
    number: int
    status: str
    business_date: date
    customer_name: str
    vehicle_description: str
    work_order_number: int | None
    total: Decimal
    paid: Decimal
    balance_due: Decimal
    on_account: bool
    due_date: date | None


@dataclass(frozen=True)
class ReadyWorkOrder:
    """A completed work order, or a posted counter sale, waiting for its invoice."""

    id: uuid.UUID
    number: int
    customer_name: str
    vehicle: str
    completed_at: datetime | None
    deposits: Decimal
    source: str = "work_order"  # or "counter_ticket"

    @property
    def label(self) -> str:
        return (
            f"Counter sale {self.number}" if self.source == "counter_ticket" else f"Work order {self.number}"
        )


@dataclass(frozen=True)
class PaymentResult:
    invoice: InvoiceView
    change_due: Decimal
    payment_ids: tuple[uuid.UUID, ...]


@dataclass(frozen=True)
class AccountView:
    customer_id: uuid.UUID
    customer_name: str
    terms_days: int
    credit_limit: Decimal | None
    tax_exempt_certificate: str
    active: bool
    open_balance: Decimal
    aging: dict[str, Decimal] = field(default_factory=dict)
    version: int = 1


@dataclass(frozen=True)
class AgingRow:
    customer_id: uuid.UUID
    customer_name: str
    terms_days: int
    buckets: dict[str, Decimal]
    total: Decimal


@dataclass(frozen=True)
class StatementLine:
    when: date
    kind: str  # invoice / credit_note / payment
    reference: str
    description: str
    charge: Decimal
    credit: Decimal
    balance: Decimal
    due_date: date | None = None


@dataclass(frozen=True)
class StatementView:
    customer_name: str
    customer_address: str
    terms_days: int
    start: date
    end: date
    opening_balance: Decimal
    lines: tuple[StatementLine, ...]
    closing_balance: Decimal
    aging: dict[str, Decimal]
    shop_name: str
    shop_address: str
    shop_phone: str
    printed_on: date


@dataclass(frozen=True)
class InvoicingSettings:
    cash_rounding_step: Decimal = ZERO
    footer: str = (
        "Parts and labor are warranted for 12 months or 12,000 miles, whichever comes first, "
        "unless stated otherwise on the line. Used and rebuilt parts are warranted as marked."
    )
    logo: str = ""  # the shop's logo for the invoice header: PNG or JPEG, base64


@dataclass(frozen=True)
class PayerPartView:
    """The second payer's part of an invoice or credit note, beside the customer's.

    ``payer_amount + customer_amount`` is the document's total. Each part has
    its own balance: the customer's is the document's balance due, the payer's
    is what is charged to the payer's account on it and not yet settled.
    """

    payer_id: uuid.UUID
    payer_name: str
    kind: str  # insurance / warranty
    claim_number: str
    adjuster: str
    deductible_agreed: Decimal
    approval: Decimal | None
    covered: Decimal  # covered lines with their tax
    covered_tax: Decimal
    deductible: Decimal  # as it applied
    over_approval: Decimal
    payer_amount: Decimal
    customer_amount: Decimal
    payer_balance: Decimal
    customer_balance: Decimal
    covered_positions: tuple[int, ...] = ()  # the printed lines the payer covers


@dataclass(frozen=True)
class WorkOrderPayerView:
    """The second payer set on a work order, as the editor shows it."""

    work_order_id: uuid.UUID
    payer_id: uuid.UUID
    payer_name: str
    kind: str
    claim_number: str
    adjuster: str
    deductible: Decimal
    approval: Decimal | None
    covered_job_ids: tuple[uuid.UUID, ...]
    covered_line_ids: tuple[uuid.UUID, ...]
    version: int
