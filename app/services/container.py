"""The services one running BayDesk (window or command) is handed."""

from __future__ import annotations

from dataclasses import dataclass

from app.db.engine import Database
from app.services.audit import AuditService
from app.services.base import ChangeHub
from app.services.customers import CustomerService
from app.services.estimates import EstimateService
from app.services.reminders import ReminderService
from app.services.setup import SetupService
from app.services.shop_settings import SettingsService
from app.services.work_orders import WorkOrderService


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
        )

    def database_label(self) -> str:
        return self.db.describe()
