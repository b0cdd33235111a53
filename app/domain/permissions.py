"""Who may do what. Every service checks the actor against this table itself."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from app.domain.errors import PermissionDeniedError


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
        }
    ),
    Role.TECHNICIAN: frozenset(
        {Action.VIEW_CUSTOMERS, Action.RECORD_ODOMETER, Action.VIEW_WORK_ORDERS, Action.RECORD_FINDINGS}
    ),
    Role.PARTS: frozenset({Action.VIEW_CUSTOMERS, Action.VIEW_WORK_ORDERS}),
}


@dataclass(frozen=True)
class Actor:
    """The signed-in person and the terminal they act from."""

    user_id: UUID
    shop_id: UUID
    role: Role
    name: str
    terminal_id: UUID | None = None

    def can(self, action: Action) -> bool:
        return action in PERMISSIONS[self.role]


def require(actor: Actor, action: Action) -> None:
    if not actor.can(action):
        raise PermissionDeniedError(
            f"{actor.name} ({ROLE_LABELS[actor.role]}) may not {action.value.replace('_', ' ')}; "
            "ask the owner."
        )
