"""The services one running BayDesk (window or command) is handed."""

from __future__ import annotations

from dataclasses import dataclass

from app.db.engine import Database
from app.services.access.setup import SetupService
from app.services.access.terminals import TerminalService
from app.services.access.users import UserService
from app.services.alerts.service import AlertService
from app.services.audit.chain import AuditService
from app.services.base import ChangeHub
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
from app.services.invoicing.accounts import AccountService
from app.services.invoicing.payments import PaymentService
from app.services.invoicing.service import InvoicingService
from app.services.parts.allocation import AllocationService
from app.services.parts.catalog import PartsService
from app.services.parts.counter import CounterService
from app.services.parts.purchasing import PurchasingService
from app.services.parts.requests import PartsRequestService
from app.services.parts.stock import InventoryService
from app.services.readings.service import ReadingService
from app.services.schedule.appointments import AppointmentService
from app.services.schedule.calendar import ScheduleService
from app.services.schedule.hours import WorkingHoursService
from app.services.settings.shop import SettingsService
from app.services.work_orders.estimates import EstimateService
from app.services.work_orders.orders import WorkOrderService


@dataclass(frozen=True)
class Services:
    db: Database
    changes: ChangeHub
    setup: SetupService
    customers: CustomerService
    audit: AuditService
    work_orders: WorkOrderService
    estimates: EstimateService
    settings: SettingsService
    reminders: ReminderService
    bays: BayService
    clocks: ClockService
    clock_corrections: ClockCorrectionService
    inspections: InspectionService
    technician_reports: TechnicianReportService
    drawers: DrawerService
    day_close: DayCloseService
    exports: ExportService
    books: BooksService
    chain_reports: ChainReportService
    parts: PartsService
    inventory: InventoryService
    counter: CounterService
    allocation: AllocationService
    parts_requests: PartsRequestService
    purchasing: PurchasingService
    invoicing: InvoicingService
    payments: PaymentService
    accounts: AccountService
    alerts: AlertService
    readings: ReadingService
    schedule: ScheduleService
    appointments: AppointmentService
    working_hours: WorkingHoursService

    @classmethod
    def build(cls, db: Database) -> Services:
        changes = ChangeHub()
        return cls(
            db=db,
            changes=changes,
            setup=SetupService(db, changes),
            customers=CustomerService(db, changes),
            audit=AuditService(db, changes),
            work_orders=WorkOrderService(db, changes),
            estimates=EstimateService(db, changes),
            settings=SettingsService(db, changes),
            reminders=ReminderService(db, changes),
            bays=BayService(db, changes),
            clocks=ClockService(db, changes),
            clock_corrections=ClockCorrectionService(db, changes),
            inspections=InspectionService(db, changes),
            technician_reports=TechnicianReportService(db, changes),
            drawers=DrawerService(db, changes),
            day_close=DayCloseService(db, changes),
            exports=ExportService(db, changes),
            books=BooksService(db, changes),
            chain_reports=ChainReportService(db, changes),
            parts=PartsService(db, changes),
            inventory=InventoryService(db, changes),
            counter=CounterService(db, changes),
            allocation=AllocationService(db, changes),
            parts_requests=PartsRequestService(db, changes),
            purchasing=PurchasingService(db, changes),
            invoicing=InvoicingService(db, changes),
            payments=PaymentService(db, changes),
            accounts=AccountService(db, changes),
            alerts=AlertService(db, changes),
            readings=ReadingService(db, changes),
            schedule=ScheduleService(db, changes),
            appointments=AppointmentService(db, changes),
            working_hours=WorkingHoursService(db, changes),
        )

    def database_label(self) -> str:
        return self.db.describe()

    @property
    def users(self) -> UserService:
        """People (owner only): the same instance the set-up service adds users with."""
        return self.setup.users

    @property
    def terminals(self) -> TerminalService:
        """Terminals, their modes and the idle lock."""
        return self.setup.terminals
