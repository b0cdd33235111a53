"""The work order status machine: every move the front desk may make, and every one it may not."""

from __future__ import annotations

import itertools

import pytest

from app.domain.work_orders import STATUS_LABELS, TRANSITIONS, Status, TransitionError, check_transition

S = Status
# The work order workflow, written out by hand: estimate -> approved -> in progress -> on hold
# -> completed -> invoiced, plus cancelled (never once work has started), and re-opening a
# completed order to fix something before it is invoiced.
EXPECTED = {
    S.ESTIMATE: {S.APPROVED, S.CANCELLED},
    S.APPROVED: {S.IN_PROGRESS, S.ON_HOLD, S.CANCELLED},
    S.IN_PROGRESS: {S.ON_HOLD, S.COMPLETED},
    S.ON_HOLD: {S.IN_PROGRESS, S.CANCELLED},
    S.COMPLETED: {S.IN_PROGRESS, S.INVOICED},
    S.INVOICED: set(),
    S.CANCELLED: set(),
}
PAIRS = list(itertools.product(Status, Status))


def test_the_machine_is_the_documented_workflow() -> None:
    assert {status: set(allowed) for status, allowed in TRANSITIONS.items()} == EXPECTED


@pytest.mark.parametrize(("current", "new"), [p for p in PAIRS if p[1] in EXPECTED[p[0]]])
def test_allowed_move(current: Status, new: Status) -> None:
    check_transition(current, new)


@pytest.mark.parametrize(("current", "new"), [p for p in PAIRS if p[1] not in EXPECTED[p[0]]])
def test_forbidden_move_names_both_statuses(current: Status, new: Status) -> None:
    with pytest.raises(TransitionError) as caught:
        check_transition(current, new)
    message = caught.value.message
    assert f"is {STATUS_LABELS[current].lower()} cannot become {STATUS_LABELS[new].lower()}" in message
    allowed = sorted(STATUS_LABELS[s] for s in EXPECTED[current])
    assert all(label in message for label in allowed)


@pytest.mark.parametrize("final", [S.INVOICED, S.CANCELLED])
def test_final_statuses_say_nothing_can_follow(final: Status) -> None:
    with pytest.raises(TransitionError, match="it can become: nothing"):
        check_transition(final, S.IN_PROGRESS)


def test_estimate_cannot_jump_to_completed() -> None:
    with pytest.raises(TransitionError) as caught:
        check_transition(S.ESTIMATE, S.COMPLETED)
    assert caught.value.message == (
        "A work order that is estimate cannot become completed; it can become: Approved, Cancelled."
    )
