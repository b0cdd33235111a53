"""The services one running BayDesk (window or command) is handed.

Each service is made, and its module imported, the first time it is asked
for: a window that opens on the customers area never loads the code of the
areas nobody opened yet, which keeps start-up short.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from app.db.engine import Database
from app.services.base import ChangeHub

if TYPE_CHECKING:
    from app.services.access.setup import SetupService
    from app.services.access.terminals import TerminalService
    from app.services.access.users import UserService
    from app.services.alerts.service import AlertService
    from app.services.audit.chain import AuditService
    from app.services.bays.board import BayService
    from app.services.bays.clocks import ClockService
    from app.services.bays.corrections import ClockCorrectionService
    from app.services.bays.inspections import InspectionService
    from app.services.bays.technician_reports import TechnicianReportService
    from app.services.customers.records import CustomerService
    from app.services.customers.reminders import ReminderService
    from app.services.day.books import BooksService
    from app.services.day.chain_reports import ChainReportService
    from app.services.day.close import DayCloseService
    from app.services.day.drawer import DrawerService
    from app.services.day.exports import ExportService
    from app.services.imports.service import ImportService
    from app.services.invoicing.accounts import AccountService
    from app.services.invoicing.payers import PayerService
    from app.services.invoicing.payments import PaymentService
    from app.services.invoicing.service import InvoicingService
    from app.services.parts.allocation import AllocationService
    from app.services.parts.catalog import PartsService
    from app.services.parts.counter import CounterService
    from app.services.parts.purchasing import PurchasingService
    from app.services.parts.requests import PartsRequestService
    from app.services.parts.returns import VendorReturnService
    from app.services.parts.special_orders import SpecialOrderService
    from app.services.parts.stock import InventoryService
    from app.services.readings.service import ReadingService
    from app.services.schedule.appointments import AppointmentService
    from app.services.schedule.calendar import ScheduleService
    from app.services.schedule.hours import WorkingHoursService
    from app.services.settings.price_sheet import PriceSheetService
    from app.services.settings.shop import SettingsService
    from app.services.work_orders.discounts import OrderDiscountService
    from app.services.work_orders.estimates import EstimateService
    from app.services.work_orders.orders import WorkOrderService

S = TypeVar("S")


@dataclass(frozen=True)
class ReportSource:
    """Where reports are read now: the report server (a standby) or the main server, and why."""

    on_replica: bool
    message: str


class _Made(Generic[S]):
    """A service made on first use (then kept in the instance: later reads skip this)."""

    def __init__(self, module: str, cls: str) -> None:
        self.module, self.cls = module, cls
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, services: None, owner: type) -> _Made[S]: ...
    @overload
    def __get__(self, services: Services, owner: type) -> S: ...
    def __get__(self, services: Services | None, owner: type) -> Any:
        if services is None:
            return self
        with services._making:  # two threads asking at once get the same service
            made = services.__dict__.get(self.name)
            if made is None:
                made = getattr(import_module(self.module), self.cls)(services.db, services.changes)
                services.__dict__[self.name] = made
        return made


class Services:
    """One of each service, on one database and one change broadcast."""

    setup: _Made[SetupService] = _Made("app.services.access.setup", "SetupService")
    customers: _Made[CustomerService] = _Made("app.services.customers.records", "CustomerService")
    audit: _Made[AuditService] = _Made("app.services.audit.chain", "AuditService")
    work_orders: _Made[WorkOrderService] = _Made("app.services.work_orders.orders", "WorkOrderService")
    estimates: _Made[EstimateService] = _Made("app.services.work_orders.estimates", "EstimateService")
    order_discounts: _Made[OrderDiscountService] = _Made(
        "app.services.work_orders.discounts", "OrderDiscountService"
    )
    settings: _Made[SettingsService] = _Made("app.services.settings.shop", "SettingsService")
    reminders: _Made[ReminderService] = _Made("app.services.customers.reminders", "ReminderService")
    bays: _Made[BayService] = _Made("app.services.bays.board", "BayService")
    clocks: _Made[ClockService] = _Made("app.services.bays.clocks", "ClockService")
    clock_corrections: _Made[ClockCorrectionService] = _Made(
        "app.services.bays.corrections", "ClockCorrectionService"
    )
    inspections: _Made[InspectionService] = _Made("app.services.bays.inspections", "InspectionService")
    technician_reports: _Made[TechnicianReportService] = _Made(
        "app.services.bays.technician_reports", "TechnicianReportService"
    )
    drawers: _Made[DrawerService] = _Made("app.services.day.drawer", "DrawerService")
    day_close: _Made[DayCloseService] = _Made("app.services.day.close", "DayCloseService")
    exports: _Made[ExportService] = _Made("app.services.day.exports", "ExportService")
    books: _Made[BooksService] = _Made("app.services.day.books", "BooksService")
    chain_reports: _Made[ChainReportService] = _Made("app.services.day.chain_reports", "ChainReportService")
    parts: _Made[PartsService] = _Made("app.services.parts.catalog", "PartsService")
    inventory: _Made[InventoryService] = _Made("app.services.parts.stock", "InventoryService")
    counter: _Made[CounterService] = _Made("app.services.parts.counter", "CounterService")
    allocation: _Made[AllocationService] = _Made("app.services.parts.allocation", "AllocationService")
    parts_requests: _Made[PartsRequestService] = _Made("app.services.parts.requests", "PartsRequestService")
    purchasing: _Made[PurchasingService] = _Made("app.services.parts.purchasing", "PurchasingService")
    vendor_returns: _Made[VendorReturnService] = _Made("app.services.parts.returns", "VendorReturnService")
    special_orders: _Made[SpecialOrderService] = _Made(
        "app.services.parts.special_orders", "SpecialOrderService"
    )
    invoicing: _Made[InvoicingService] = _Made("app.services.invoicing.service", "InvoicingService")
    payments: _Made[PaymentService] = _Made("app.services.invoicing.payments", "PaymentService")
    accounts: _Made[AccountService] = _Made("app.services.invoicing.accounts", "AccountService")
    payers: _Made[PayerService] = _Made("app.services.invoicing.payers", "PayerService")
    alerts: _Made[AlertService] = _Made("app.services.alerts.service", "AlertService")
    readings: _Made[ReadingService] = _Made("app.services.readings.service", "ReadingService")
    schedule: _Made[ScheduleService] = _Made("app.services.schedule.calendar", "ScheduleService")
    appointments: _Made[AppointmentService] = _Made(
        "app.services.schedule.appointments", "AppointmentService"
    )
    working_hours: _Made[WorkingHoursService] = _Made("app.services.schedule.hours", "WorkingHoursService")
    imports: _Made[ImportService] = _Made("app.services.imports.service", "ImportService")
    price_sheet: _Made[PriceSheetService] = _Made("app.services.settings.price_sheet", "PriceSheetService")

    def __init__(self, db: Database, changes: ChangeHub) -> None:
        self.db = db
        self.changes = changes
        self._making = threading.RLock()

    @classmethod
    def build(cls, db: Database) -> Services:
        return cls(db, ChangeHub())

    def database_label(self) -> str:
        return self.db.describe()

    def has_report_server(self) -> bool:
        return self.db.reports.replica is not None

    def report_source(self) -> ReportSource:
        """Asks the report server how far behind it is (when the last answer is stale): off the GUI thread."""
        state = self.db.reports.state()
        return ReportSource(state.on_replica, state.message)

    @property
    def users(self) -> UserService:
        """People (owner only): the same instance the set-up service adds users with."""
        return self.setup.users

    @property
    def terminals(self) -> TerminalService:
        """Terminals, their modes and the idle lock."""
        return self.setup.terminals
