"""Work order statuses and which may follow which."""

from __future__ import annotations

from enum import StrEnum

from app.domain.errors import BayDeskError


class Status(StrEnum):
    ESTIMATE = "estimate"
    APPROVED = "approved"
    IN_PROGRESS = "in_progress"
    ON_HOLD = "on_hold"
    COMPLETED = "completed"
    INVOICED = "invoiced"
    CANCELLED = "cancelled"


STATUS_LABELS = {
    Status.ESTIMATE: "Estimate",
    Status.APPROVED: "Approved",
    Status.IN_PROGRESS: "In progress",
    Status.ON_HOLD: "On hold",
    Status.COMPLETED: "Completed",
    Status.INVOICED: "Invoiced",
    Status.CANCELLED: "Cancelled",
}

HOLD_REASONS = ("Waiting for parts", "Waiting for customer", "Waiting for sublet", "Other")

TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.ESTIMATE: frozenset({Status.APPROVED, Status.CANCELLED}),
    Status.APPROVED: frozenset({Status.IN_PROGRESS, Status.ON_HOLD, Status.CANCELLED}),
    Status.IN_PROGRESS: frozenset({Status.ON_HOLD, Status.COMPLETED}),
    Status.ON_HOLD: frozenset({Status.IN_PROGRESS, Status.CANCELLED}),
    Status.COMPLETED: frozenset({Status.IN_PROGRESS, Status.INVOICED}),
    Status.INVOICED: frozenset(),
    Status.CANCELLED: frozenset(),
}


class TransitionError(BayDeskError):
    """A status move the workflow does not allow."""


def check_transition(current: Status, new: Status) -> None:
    if new not in TRANSITIONS[current]:
        allowed = ", ".join(STATUS_LABELS[s] for s in sorted(TRANSITIONS[current])) or "nothing"
        raise TransitionError(
            f"A work order that is {STATUS_LABELS[current].lower()} cannot become "
            f"{STATUS_LABELS[new].lower()}; it can become: {allowed}."
        )
