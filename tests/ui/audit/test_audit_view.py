"""The Audit log area: filter, scroll back page by page, read before/after, verify, export the head."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.db.engine import Database
from app.domain.customers import CustomerInput
from app.domain.permissions import Actor, Role
from app.services.container import Services
from app.ui.audit.controller import AuditController
from app.ui.audit.view import AuditView
from app.ui.changes import ChangeBridge
from app.ui.tasks import TaskRunner
from tests.integration.integration_support import tamper
from tests.ui.helpers import SHOP_ZONE, cells
from tests.ui.users_helpers import person


class AuditArea:
    def __init__(
        self, qtbot: QtBot, services: Services, owner: Actor, page_size: int = 200, height: int = 800
    ) -> None:
        self.qtbot = qtbot
        self.view = AuditView()
        qtbot.addWidget(self.view)
        self.runner = TaskRunner(self.view)
        self.controller = AuditController(
            services, owner, self.view, self.runner, ChangeBridge(services.changes), SHOP_ZONE
        )
        self.controller.page_size = page_size
        self.view.resize(1200, height)
        self.view.show()
        self.controller.start()
        self.settle()

    def settle(self) -> None:
        self.qtbot.waitUntil(lambda: self.controller.is_settled() and self.runner.is_idle(), timeout=10_000)

    def rows(self) -> list[list[str]]:
        return cells(self.controller.proxy)


@pytest.fixture
def history(services: Services, owner: Actor) -> Actor:
    """A service writer's morning: eight customers added, one phone number changed."""
    desk = person(services, owner, Role.FRONT_DESK, "sam")
    for n in range(8):
        made = services.customers.create_customer(desk, CustomerInput(first_name="Pat", last_name=f"Lee {n}"))
    services.customers.update_customer(
        desk, made.id, CustomerInput(first_name="Pat", last_name="Lee 7", phone="510 555 0142"), made.version
    )
    return desk


@pytest.fixture
def audit(qtbot: QtBot, services: Services, owner: Actor, history: Actor) -> Iterator[AuditArea]:
    area = AuditArea(qtbot, services, owner, page_size=5)
    yield area
    area.runner.wait()


def test_the_list_loads_older_pages_as_it_scrolls(
    qtbot: QtBot, services: Services, owner: Actor, history: Actor
) -> None:
    audit = AuditArea(qtbot, services, owner, page_size=2, height=420)
    total = services.audit.head(owner).seq
    first = len(audit.rows())  # pages of 2, as many as fill the visible rows
    assert first % 2 == 0 and 2 <= first < total
    assert "scroll down for older ones" in audit.view.status_label.text()
    while audit.controller.model.canFetchMore():
        audit.view.table.scrollToBottom()  # what the person does; the view asks for the next page
        audit.controller.model.fetchMore()
        audit.settle()
    numbers = [int(r[0].replace(",", "")) for r in audit.rows()]
    assert numbers == list(range(total, 0, -1))
    assert audit.view.status_label.text() == f"{total} entries shown."


def test_a_filter_and_the_selected_entrys_before_and_after(qtbot: QtBot, audit: AuditArea) -> None:
    box = audit.view.action_box
    qtbot.waitUntil(lambda: box.findData("update") >= 0)
    box.setCurrentIndex(box.findData("update"))
    qtbot.waitUntil(lambda: len(audit.rows()) == 1, timeout=5_000)
    row = audit.rows()[0]
    assert row[2:7] == ["Sam Front_Desk", "sam terminal", "Customers", "update", "phone"]
    qtbot.waitUntil(lambda: audit.controller.changes_model.rowCount() == 1)
    assert cells(audit.view.changes_table.model()) == [["phone", "(empty)", "510 555 0142"]]  # type: ignore[arg-type]
    assert "Sam Front_Desk at sam terminal" in audit.view.entry_label.text()

    who = audit.view.user_box
    who.setCurrentIndex(who.findText("Olivia Owner"))
    qtbot.waitUntil(lambda: audit.rows() == [], timeout=5_000)
    assert audit.view.status_label.text() == "No entry matches these filters."
    audit.view.setFocus()
    qtbot.keyClick(
        audit.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: len(audit.rows()) >= 5, timeout=5_000)


def test_verify_names_a_tampered_entry_and_shows_it(qtbot: QtBot, audit: AuditArea, db: Database) -> None:
    with qtbot.waitSignal(audit.controller.chain_checked, timeout=10_000) as ok:
        audit.controller.actions["verify_chain"].trigger()
    assert ok.args[0].ok
    assert audit.view.chain_label.text().startswith("Audit chain intact:")

    tamper(db, "UPDATE audit_log SET diff = :d WHERE seq = 4", d='{"after":{"last_name":"x"}}')
    with qtbot.waitSignal(audit.controller.chain_checked, timeout=10_000):
        audit.controller.actions["verify_chain"].trigger()
    assert audit.view.chain_label.text().startswith(
        "AUDIT CHAIN BROKEN at entry 4: entry 4 was altered after it was written."
    )
    qtbot.waitUntil(lambda: audit.view.entry_label.text().startswith("Entry 4 "), timeout=5_000)


def test_the_chain_head_is_exported_to_a_file(
    qtbot: QtBot, audit: AuditArea, services: Services, owner: Actor, tmp_path: Path
) -> None:
    target = tmp_path / "head.txt"
    audit.controller.choose_export_path = lambda suggested: str(target)  # type: ignore[method-assign]
    with qtbot.waitSignal(audit.controller.head_exported, timeout=10_000):
        audit.controller.actions["export_head"].trigger()
    head = services.audit.head(owner)
    written = target.read_text(encoding="utf-8")
    assert f"entries: {head.seq}\n" in written and f"head hash (SHA-256): {head.hash}\n" in written
    assert audit.view.chain_label.text().startswith(f"Chain head saved to {target}")

    audit.controller.choose_export_path = lambda suggested: str(tmp_path / "missing" / "head.txt")  # type: ignore[method-assign]
    audit.controller.actions["export_head"].trigger()
    qtbot.waitUntil(lambda: "could not be saved" in audit.view.chain_label.text(), timeout=5_000)


def test_a_date_range_in_the_shops_days(qtbot: QtBot, audit: AuditArea) -> None:
    newest = audit.rows()[0]
    view = audit.view
    view.from_check.setChecked(True)  # from today (the shop's today is the default date)
    audit.settle()
    assert audit.rows()[0] == newest and "entries shown" in view.status_label.text()
    view.to_check.setChecked(True)
    view.to_date.setDate(view.from_date.date().addDays(-1))
    qtbot.waitUntil(lambda: view.status_label.text().startswith("Please correct"), timeout=5_000)
    assert view.status_label.text() == "Please correct: Date to: is before the start date"
    view.from_check.setChecked(False)  # up to yesterday: nothing yet
    qtbot.waitUntil(lambda: view.status_label.text() == "No entry matches these filters.", timeout=5_000)


def test_the_audit_and_users_models_pass_the_model_tester(
    qtmodeltester, qtbot: QtBot, audit: AuditArea, services: Services, owner: Actor
) -> None:
    from app.ui.access.tables import TerminalsModel, UsersModel

    qtbot.waitUntil(lambda: audit.controller.changes_model.rowCount() > 0)
    audit.settle()
    while audit.controller.model.canFetchMore():  # every page in: nothing changes under the tester
        audit.controller.model.fetchMore()
        audit.settle()
    users, terminals = UsersModel(SHOP_ZONE), TerminalsModel(SHOP_ZONE)
    users.set_rows(services.users.list(owner))
    terminals.set_rows(services.terminals.list(owner))
    for model in (
        users,
        terminals,
        audit.controller.changes_model,
        audit.controller.proxy,
        audit.controller.model,
    ):
        qtmodeltester.check(model, force_py=True)
