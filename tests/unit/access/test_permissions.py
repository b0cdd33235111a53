"""The permission table, role by role and action by action, written out as the shop would read it.

The grid below is the specification: each row says which roles may do the
action (O owner, D front desk / service writer, T technician, P parts).
A new action must be placed here before it can be used, so nobody gets a
right by accident.
"""

from __future__ import annotations

import uuid

import pytest

from app.domain.errors import PermissionDeniedError
from app.domain.permissions import PERMISSIONS, Action, Actor, Role, require

A = Action
GRID: dict[Action, str] = {
    A.VIEW_CUSTOMERS: "ODTP",
    A.EDIT_CUSTOMERS: "OD",
    A.DELETE_CUSTOMERS: "OD",
    A.EDIT_VEHICLES: "OD",
    A.RECORD_ODOMETER: "ODT",
    A.VIEW_AUDIT: "O",
    A.MANAGE_USERS: "O",
    A.MANAGE_SETTINGS: "O",
    A.VIEW_WORK_ORDERS: "ODTP",
    A.WRITE_ESTIMATES: "OD",
    A.RECORD_AUTHORIZATION: "OD",
    A.CHANGE_WORK_ORDER_STATUS: "OD",
    A.RECORD_FINDINGS: "ODT",
    A.MANAGE_CANNED_JOBS: "OD",
    A.VIEW_PARTS: "ODTP",
    A.EDIT_PARTS: "OP",
    A.SELL_PARTS: "ODP",
    A.ALLOCATE_PARTS: "ODP",
    A.RECEIVE_STOCK: "OP",
    A.COUNT_STOCK: "OP",
    A.ADJUST_STOCK_ABOVE_THRESHOLD: "O",
    A.VIEW_BAY_BOARD: "ODTP",
    A.ASSIGN_BAYS: "OD",
    A.MANAGE_BAYS: "O",
    A.CLOCK_TIME: "OT",
    A.EDIT_ANY_JOB: "OD",
    A.VIEW_TECHNICIAN_REPORTS: "O",
    A.CORRECT_CLOCKS: "O",
    A.VIEW_INVOICES: "OD",
    A.POST_INVOICES: "OD",
    A.TAKE_PAYMENTS: "ODP",
    A.VOID_INVOICES: "O",
    A.ISSUE_CREDIT_NOTES: "O",
    A.REFUND_PAYMENTS: "O",
    A.MANAGE_ACCOUNTS: "OD",
    A.OPERATE_CASH_DRAWER: "ODP",
    A.CLOSE_DAY: "O",
    A.VIEW_OWNER_REPORTS: "O",
    A.EXPORT_DATA: "O",
    A.OVERRIDE_PRICE_BELOW_COST: "O",
    A.MANAGE_TERMINALS: "O",
    A.MANAGE_BACKUPS: "O",
    A.VIEW_ALERTS: "ODTP",  # each rule then names the roles that see its alerts
    A.HANDLE_ALERTS: "ODTP",
    A.MANAGE_ALERT_RULES: "O",
    A.VIEW_READINGS: "ODT",
    A.IMPORT_READINGS: "ODT",  # the technician plugs in the scan tool
    A.RECOMMEND_FROM_READINGS: "ODT",
    A.VIEW_SCHEDULE: "ODT",
    A.BOOK_APPOINTMENTS: "OD",
    A.MANAGE_WORKING_HOURS: "O",
    A.IMPORT_DATA: "O",  # a whole old system's records come in at once
    A.APPROVE_LARGE_DISCOUNTS: "O",
}
LETTER = {Role.OWNER: "O", Role.FRONT_DESK: "D", Role.TECHNICIAN: "T", Role.PARTS: "P"}
OWNER_ONLY_BY_THE_ISSUE = {
    A.VOID_INVOICES,
    A.ISSUE_CREDIT_NOTES,
    A.CLOSE_DAY,
    A.MANAGE_USERS,
    A.MANAGE_SETTINGS,
    A.OVERRIDE_PRICE_BELOW_COST,
    A.ADJUST_STOCK_ABOVE_THRESHOLD,
    A.VIEW_AUDIT,
    A.MANAGE_TERMINALS,
    A.MANAGE_ALERT_RULES,
}


def actor(role: Role) -> Actor:
    return Actor(uuid.uuid4(), uuid.uuid4(), role, f"Test {role.value}")


def test_every_action_has_a_row_in_the_grid() -> None:
    missing = sorted(a.value for a in Action if a not in GRID)
    assert missing == [], f"decide who may do these, in GRID: {missing}"


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", [a for a in Action if a in GRID])
def test_each_role_may_do_exactly_what_the_grid_says(role: Role, action: Action) -> None:
    allowed = LETTER[role] in GRID[action]
    assert (action in PERMISSIONS[role]) is allowed
    assert actor(role).can(action) is allowed
    if allowed:
        require(actor(role), action)
    else:
        with pytest.raises(PermissionDeniedError, match="ask the owner"):
            require(actor(role), action)


@pytest.mark.parametrize("action", sorted(OWNER_ONLY_BY_THE_ISSUE))
def test_what_the_issue_reserves_to_the_owner_no_other_role_may_do(action: Action) -> None:
    assert [r for r in Role if action in PERMISSIONS[r]] == [Role.OWNER]


def test_the_refusal_names_the_person_their_role_and_the_action() -> None:
    tech = Actor(uuid.uuid4(), uuid.uuid4(), Role.TECHNICIAN, "Tom Wrench")
    with pytest.raises(PermissionDeniedError) as caught:
        require(tech, Action.VOID_INVOICES)
    assert caught.value.message == "Tom Wrench (Technician) may not void invoices; ask the owner."
