"""The owner's audit viewer on both databases: filters, paging, before/after, verify, the chain head."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.db.engine import Database
from app.db.types import now_utc
from app.domain.customers import CustomerInput
from app.domain.errors import ValidationError
from app.domain.permissions import Actor, Role
from app.services.access.dto import AuditFilter
from app.services.container import Services
from tests.integration.integration_support import tamper
from tests.integration.users_support import add_person


@pytest.fixture
def desk_work(services: Services, owner: Actor) -> tuple[Actor, str]:
    """A service writer who created a customer and changed her phone number."""
    desk = add_person(services, owner, Role.FRONT_DESK)
    ana = services.customers.create_customer(
        desk, CustomerInput(first_name="Ana", last_name="Ruiz", phone="510 555 0142")
    )
    services.customers.update_customer(
        desk, ana.id, CustomerInput(first_name="Ana", last_name="Ruiz", phone="510 555 0199"), ana.version
    )
    return desk, str(ana.id)


def test_filters_narrow_the_log_to_a_person_a_record_and_an_action(
    services: Services, owner: Actor, desk_work: tuple[Actor, str]
) -> None:
    desk, ana_id = desk_work
    by_desk = services.audit.page(owner, AuditFilter(user_id=desk.user_id)).rows
    assert {r.user_name for r in by_desk} == {"Desk Person"}
    assert [(r.table, r.action) for r in by_desk if r.table == "customers"] == [
        ("customers", "update"),
        ("customers", "create"),
    ]
    record = services.audit.page(owner, AuditFilter(table="customers", record_id=ana_id)).rows
    assert [r.action for r in record] == ["update", "create"]
    assert record[0].fields == ("phone",)
    assert record[0].terminal_name == "desk terminal"
    updates = services.audit.page(owner, AuditFilter(action="update")).rows
    assert [r.record_id for r in updates] == [ana_id]
    assert services.audit.page(owner, AuditFilter(record_id="no such record")).rows == []


def test_a_date_range_is_read_in_the_shops_days(
    services: Services, owner: Actor, desk_work: tuple[Actor, str]
) -> None:
    today = now_utc().date()
    around = AuditFilter(date_from=today - timedelta(days=1), date_to=today + timedelta(days=1))
    everything = services.audit.page(owner, AuditFilter()).rows
    assert services.audit.page(owner, around).rows == everything
    assert services.audit.page(owner, AuditFilter(date_to=date(2020, 1, 1))).rows == []
    with pytest.raises(ValidationError, match="before the start date"):
        services.audit.page(owner, AuditFilter(date_from=today, date_to=today - timedelta(days=2)))


def test_pages_go_back_in_time_without_gaps_or_repeats(
    services: Services, owner: Actor, desk_work: tuple[Actor, str]
) -> None:
    everything = services.audit.page(owner, AuditFilter(), limit=1000).rows
    seen: list[int] = []
    before: int | None = None
    while True:
        page = services.audit.page(owner, AuditFilter(), before_seq=before, limit=3)
        seen += [r.seq for r in page.rows]
        if not page.more:
            break
        before = page.rows[-1].seq
    assert seen == [r.seq for r in everything] == sorted(seen, reverse=True)
    assert seen[-1] == 1


def test_an_entry_shows_each_changed_field_before_and_after(
    services: Services, owner: Actor, desk_work: tuple[Actor, str]
) -> None:
    _desk, ana_id = desk_work
    update = services.audit.page(owner, AuditFilter(record_id=ana_id, action="update")).rows[0]
    detail = services.audit.entry(owner, update.seq)
    assert [(c.field, c.before, c.after) for c in detail.changes] == [
        ("phone", "510 555 0142", "510 555 0199")
    ]
    assert len(detail.hash) == 64 and detail.prev_hash != detail.hash


def test_verify_names_the_first_altered_entry_and_the_head_exposes_truncation(
    services: Services, owner: Actor, desk_work: tuple[Actor, str], db: Database
) -> None:
    head = services.audit.head(owner)
    report = services.audit.verify_shop(owner)
    assert (report.ok, report.checked) == (True, head.seq)
    last = services.audit.page(owner, AuditFilter(), limit=1).rows[0]
    assert (head.seq, head.last_entry_at) == (last.seq, last.at)
    assert head.hash == services.audit.entry(owner, last.seq).hash
    assert f"entries: {head.seq}" in head.as_text() and head.hash in head.as_text()

    tamper(db, "UPDATE audit_log SET diff = '{}' WHERE seq = 3")
    report = services.audit.verify_shop(owner)
    assert (report.ok, report.first_bad_seq) == (False, 3)
    assert report.problem == "entry 3 was altered after it was written"


def test_a_new_write_moves_the_head_on(services: Services, owner: Actor) -> None:
    first = services.audit.head(owner)
    services.customers.create_customer(owner, CustomerInput(first_name="Bo", last_name="Li"))
    second = services.audit.head(owner)
    assert second.seq == first.seq + 1 and second.hash != first.hash


def test_filter_choices_list_people_even_deactivated_ones(
    services: Services, owner: Actor, desk_work: tuple[Actor, str]
) -> None:
    desk, _ = desk_work
    services.users.deactivate(owner, desk.user_id)
    choices = services.audit.filter_choices(owner)
    assert [name for _id, name in choices.people] == ["Desk Person", "Olivia Owner"]
    assert {"customers", "users", "shops"} <= set(choices.tables)
    assert {"create", "update", "sign_in", "deactivate"} <= set(choices.actions)
