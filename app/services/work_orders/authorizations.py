"""The customer's authorization of an estimate: the decision checked, applied and recorded.

Work the customer did not authorize cannot be charged (Automotive Repair Act,
Bus. & Prof. Code 9884.9), so each decision is kept as an append-only record:
who authorized, how, the amount and the difference from the previous one.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from decimal import Decimal

from app.db.models_work_orders import Authorization, Job, WorkOrder
from app.domain.contact import clean_text, contains_card_number, phone_problem
from app.domain.errors import NotFoundError, ValidationError
from app.domain.permissions import Actor
from app.domain.pricing import AUTH_METHODS

# the widths of the authorizations columns
AUTHORIZATION_LIMITS = {"authorized_by": 100, "relation": 50, "phone_called": 40, "note": 400}


@dataclass(frozen=True)
class AuthorizationInput:
    decisions: dict[uuid.UUID, str]  # job id -> "approve" / "decline"
    authorized_by: str
    method: str
    relation: str = ""
    phone_called: str = ""
    note: str = ""


def check_authorization(auth: AuthorizationInput) -> str:
    """The authorizing person's name as stored, once every field of the decision is valid."""
    errors: dict[str, str] = {}
    who = clean_text(auth.authorized_by)
    if not who:
        errors["authorized_by"] = "name the person who authorized"
    if auth.method not in AUTH_METHODS:
        errors["method"] = "choose how the customer authorized (in person, phone, text, e-mail, signature)"
    if auth.method == "phone":
        if not auth.phone_called.strip():
            errors["phone_called"] = "record the number called for an oral authorization"
        elif problem := phone_problem(auth.phone_called.strip()):
            errors["phone_called"] = problem
    if not auth.decisions:
        errors["decisions"] = "approve or decline at least one job"
    elif any(d not in ("approve", "decline") for d in auth.decisions.values()):
        errors["decisions"] = "each job is approved or declined"
    if contains_card_number(auth.note):
        errors["note"] = "looks like a payment card number; BayDesk never stores card numbers"
    texts = {
        "authorized_by": who,
        "relation": auth.relation,
        "phone_called": auth.phone_called,
        "note": auth.note,
    }
    for name, limit in AUTHORIZATION_LIMITS.items():
        length = len(clean_text(texts[name]))
        if length > limit:
            errors.setdefault(name, f"is {length} characters; at most {limit}")
    if errors:
        raise ValidationError(errors)
    return who


def decide_jobs(jobs: list[Job], decisions: dict[uuid.UUID, str]) -> dict[uuid.UUID, str]:
    """Mark each decided job approved or declined; returns the decided jobs' titles by id."""
    by_id = {job.id: job for job in jobs}
    unknown = [j for j in decisions if j not in by_id]
    if unknown:
        raise NotFoundError("A job in this authorization was removed on another terminal; reload.")
    for job_id, decision in decisions.items():
        by_id[job_id].decision = "approved" if decision == "approve" else "declined"
        by_id[job_id].changed_since_authorized = False
    return {job_id: by_id[job_id].title for job_id in decisions}


def authorization_record(
    actor: Actor,
    row: WorkOrder,
    auth: AuthorizationInput,
    who: str,
    titles: dict[uuid.UUID, str],
    amount: Decimal,
    previous: Decimal,
) -> Authorization:
    """The append-only record of what the customer approved and declined, and for how much."""
    return Authorization(
        shop_id=actor.shop_id,
        work_order_id=row.id,
        authorized_by=who,
        relation=clean_text(auth.relation),
        method=auth.method,
        phone_called=clean_text(auth.phone_called),
        taken_by=actor.user_id,
        amount=amount,
        previous_amount=previous,
        approved_jobs=json.dumps([titles[j] for j, d in auth.decisions.items() if d == "approve"]),
        declined_jobs=json.dumps([titles[j] for j, d in auth.decisions.items() if d != "approve"]),
        note=clean_text(auth.note),
    )
