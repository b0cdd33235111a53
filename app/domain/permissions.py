"""Who may do what. Every service checks the actor against this table itself."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from app.domain.errors import PermissionDeniedError
from app.domain.terminals import TerminalMode


class Role(StrEnum):
    OWNER = "owner"
    FRONT_DESK = "front_desk"
    TECHNICIAN = "technician"
    PARTS = "parts"


ROLE_LABELS = {
    Role.OWNER: "Owner",
    Role.FRONT_DESK: "Service writer",
    Role.TECHNICIAN: "Technician",
    Role.PARTS: "Parts",
}


class Action(StrEnum):
    VIEW_CUSTOMERS = "view_customers"
    EDIT_CUSTOMERS = "edit_customers"
    DELETE_CUSTOMERS = "delete_customers"
    EDIT_VEHICLES = "edit_vehicles"
    RECORD_ODOMETER = "record_odometer"
    VIEW_AUDIT = "view_audit"
    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    VIEW_WORK_ORDERS = "view_work_orders"
    WRITE_ESTIMATES = "write_estimates"
    RECORD_AUTHORIZATION = "record_authorization"
    CHANGE_WORK_ORDER_STATUS = "change_work_order_status"
    RECORD_FINDINGS = "record_findings"
    MANAGE_CANNED_JOBS = "manage_canned_jobs"
    # parts counter and inventory
    VIEW_PARTS = "view_parts"
    EDIT_PARTS = "edit_parts"
    SELL_PARTS = "sell_parts"
    ALLOCATE_PARTS = "allocate_parts"
    RECEIVE_STOCK = "receive_stock"
    COUNT_STOCK = "count_stock"
    ADJUST_STOCK_ABOVE_THRESHOLD = "adjust_stock_above_threshold"
    # bay board and technician time
    VIEW_BAY_BOARD = "view_bay_board"
    ASSIGN_BAYS = "assign_bays"
    MANAGE_BAYS = "manage_bays"
    CLOCK_TIME = "clock_time"
    EDIT_ANY_JOB = "edit_any_job"
    VIEW_TECHNICIAN_REPORTS = "view_technician_reports"
    CORRECT_CLOCKS = "correct_clocks"
    # invoicing, payments, end of day
    VIEW_INVOICES = "view_invoices"
    POST_INVOICES = "post_invoices"
    TAKE_PAYMENTS = "take_payments"
    VOID_INVOICES = "void_invoices"
    ISSUE_CREDIT_NOTES = "issue_credit_notes"
    REFUND_PAYMENTS = "refund_payments"
    MANAGE_ACCOUNTS = "manage_accounts"
    OPERATE_CASH_DRAWER = "operate_cash_drawer"
    CLOSE_DAY = "close_day"
    VIEW_OWNER_REPORTS = "view_owner_reports"
    EXPORT_DATA = "export_data"
    IMPORT_DATA = "import_data"  # customers, vehicles, parts and history from another system
    OVERRIDE_PRICE_BELOW_COST = "override_price_below_cost"
    APPROVE_LARGE_DISCOUNTS = "approve_large_discounts"  # beyond the role's limit on the price sheet
    # accounts, terminals, backups
    MANAGE_TERMINALS = "manage_terminals"
    MANAGE_BACKUPS = "manage_backups"
    # alerts (each rule also names the roles that see its alerts) and vehicle readings
    VIEW_ALERTS = "view_alerts"
    HANDLE_ALERTS = "handle_alerts"
    MANAGE_ALERT_RULES = "manage_alert_rules"
    VIEW_READINGS = "view_readings"
    IMPORT_READINGS = "import_readings"
    RECOMMEND_FROM_READINGS = "recommend_from_readings"
    # appointments and the shop's capacity
    VIEW_SCHEDULE = "view_schedule"
    BOOK_APPOINTMENTS = "book_appointments"
    MANAGE_WORKING_HOURS = "manage_working_hours"


_ALL = frozenset(Action)
PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.OWNER: _ALL,
    Role.FRONT_DESK: frozenset(
        {
            Action.VIEW_CUSTOMERS,
            Action.EDIT_CUSTOMERS,
            Action.DELETE_CUSTOMERS,
            Action.EDIT_VEHICLES,
            Action.RECORD_ODOMETER,
            Action.VIEW_WORK_ORDERS,
            Action.WRITE_ESTIMATES,
            Action.RECORD_AUTHORIZATION,
            Action.CHANGE_WORK_ORDER_STATUS,
            Action.RECORD_FINDINGS,
            Action.MANAGE_CANNED_JOBS,
            Action.VIEW_PARTS,
            Action.SELL_PARTS,
            Action.ALLOCATE_PARTS,
            Action.VIEW_BAY_BOARD,
            Action.ASSIGN_BAYS,
            Action.EDIT_ANY_JOB,
            Action.VIEW_INVOICES,
            Action.POST_INVOICES,
            Action.TAKE_PAYMENTS,
            Action.MANAGE_ACCOUNTS,
            Action.OPERATE_CASH_DRAWER,
            Action.VIEW_ALERTS,
            Action.HANDLE_ALERTS,
            Action.VIEW_READINGS,
            Action.IMPORT_READINGS,
            Action.RECOMMEND_FROM_READINGS,
            Action.VIEW_SCHEDULE,
            Action.BOOK_APPOINTMENTS,
        }
    ),
    Role.TECHNICIAN: frozenset(
        {
            Action.VIEW_CUSTOMERS,
            Action.RECORD_ODOMETER,
            Action.VIEW_WORK_ORDERS,
            Action.RECORD_FINDINGS,
            Action.VIEW_PARTS,
            Action.VIEW_BAY_BOARD,
            Action.CLOCK_TIME,
            Action.VIEW_ALERTS,
            Action.HANDLE_ALERTS,
            Action.VIEW_READINGS,
            Action.IMPORT_READINGS,
            Action.RECOMMEND_FROM_READINGS,
            Action.VIEW_SCHEDULE,
        }
    ),
    Role.PARTS: frozenset(
        {
            Action.VIEW_CUSTOMERS,
            Action.VIEW_WORK_ORDERS,
            Action.VIEW_PARTS,
            Action.EDIT_PARTS,
            Action.SELL_PARTS,
            Action.ALLOCATE_PARTS,
            Action.RECEIVE_STOCK,
            Action.COUNT_STOCK,
            Action.VIEW_BAY_BOARD,
            Action.TAKE_PAYMENTS,
            Action.OPERATE_CASH_DRAWER,
            Action.VIEW_ALERTS,
            Action.HANDLE_ALERTS,
        }
    ),
}


@dataclass(frozen=True)
class Actor:
    """The signed-in person and the terminal they act from.

    ``terminal_mode`` is the mode registered for that terminal in the database
    (it decides which areas the window shows); ``by_pin`` says the person
    signed in with a PIN, which only ever gives technician rights.
    """

    user_id: UUID
    shop_id: UUID
    role: Role
    name: str
    terminal_id: UUID | None = None
    terminal_mode: TerminalMode | None = None
    by_pin: bool = False
    username: str = ""  # what they typed to sign in (the lock screen offers it again)

    def can(self, action: Action) -> bool:
        return action in PERMISSIONS[self.role]


def require(actor: Actor, action: Action) -> None:
    if not actor.can(action):
        raise PermissionDeniedError(
            f"{actor.name} ({ROLE_LABELS[actor.role]}) may not {action.value.replace('_', ' ')}; "
            "ask the owner."
        )
