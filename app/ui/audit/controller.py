"""Behaviour of the Audit log area: filter, page back in time, show before/after, verify, export the head.

Every read runs off the GUI thread: a page of entries, one entry's detail,
and the chain verification, which reads the whole log. A new filter
supersedes an answer still on its way (the "audit_page" channel).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox

from app.domain.errors import BayDeskError
from app.domain.permissions import Actor
from app.services.access.dto import AuditChainHead, AuditDetail, AuditFilter, AuditFilterChoices, AuditPage
from app.services.audit.chain import PAGE_SIZE
from app.services.container import Services
from app.services.customers.dto import AuditChainReport
from app.ui import shortcuts
from app.ui.audit.table import AuditModel, ChangesModel, action_label, table_label
from app.ui.audit.view import AuditView
from app.ui.changes import ChangeBridge
from app.ui.errors import error_message
from app.ui.formatting import local_time_text, shop_today
from app.ui.shared import files
from app.ui.shared.table_model import SortProxy
from app.ui.tasks import TaskRunner
from app.ui.widgets import configure_table, set_level

ACTIONS: tuple[tuple[str, str], ...] = (  # name, text; keys in app/ui/shortcuts.py
    ("refresh_audit", "Re&fresh"),
    ("clear_filter", "C&lear filters"),
    ("verify_chain", "&Verify chain"),
    ("export_head", "&Export chain head…"),
)


class AuditActions:
    def __init__(self, view: AuditView) -> None:
        self.by_name: dict[str, QAction] = {}
        for name, text in ACTIONS:
            action = QAction(text, view)
            action.setObjectName(name)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcuts.assign(action, "audit")
            view.addAction(action)
            view.buttons[name].setDefaultAction(action)
            self.by_name[name] = action

    def __getitem__(self, name: str) -> QAction:
        return self.by_name[name]

    def all(self) -> list[QAction]:
        return list(self.by_name.values())


class AuditController(QObject):
    page_shown = Signal(int)  # rows now in the list
    entry_shown = Signal(int)  # seq
    chain_checked = Signal(object)  # AuditChainReport
    head_exported = Signal(str)  # path

    def __init__(
        self,
        services: Services,
        actor: Actor,
        view: AuditView,
        runner: TaskRunner,
        changes: ChangeBridge,
        zone: ZoneInfo,
    ) -> None:
        super().__init__(view)
        self.services = services
        self.actor = actor
        self.view = view
        self.runner = runner
        self.zone = zone
        self.page_size = PAGE_SIZE
        self.model = AuditModel(zone, self)
        self.model.fetch_more_wanted = self._load_more
        self.proxy = SortProxy(self.model, self)
        configure_table(view.table, self.proxy, "audit_table")
        self.changes_model = ChangesModel(self)
        configure_table(view.changes_table, SortProxy(self.changes_model, self), "audit_changes")
        self.actions = AuditActions(view)
        self.actions["refresh_audit"].triggered.connect(self.load)
        self.actions["clear_filter"].triggered.connect(self.clear_filter)
        self.actions["verify_chain"].triggered.connect(self.verify_chain)
        self.actions["export_head"].triggered.connect(self.export_head)
        self._filter_timer = QTimer(self, singleShot=True, interval=250)
        self._filter_timer.timeout.connect(self.load)
        self._filling = False
        for box in (view.user_box, view.table_box, view.action_box):
            box.currentIndexChanged.connect(self._filter_changed)
        view.record_edit.textChanged.connect(self._filter_changed)
        for widget in (view.from_check, view.to_check):
            widget.toggled.connect(self._filter_changed)
        for edit in (view.from_date, view.to_date):
            edit.dateChanged.connect(self._filter_changed)
        view.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self._verifying = False
        self._filling = True
        today = datetime.now(zone).date()  # the shop's day, not this computer's
        for edit in (view.from_date, view.to_date):
            edit.setDate(QDate(today.year, today.month, today.day))
        self._filling = False

    # --- loading -------------------------------------------------------------------------
    def start(self) -> None:
        self.runner.run(
            lambda: self.services.audit.filter_choices(self.actor), self._fill_choices, self._failed
        )
        self.load()

    def is_settled(self) -> bool:
        return not self._filter_timer.isActive()

    def current_filter(self) -> AuditFilter:
        v = self.view
        return AuditFilter(
            user_id=v.user_box.currentData(),
            table=v.table_box.currentData() or "",
            record_id=v.record_edit.text().strip(),
            action=v.action_box.currentData() or "",
            date_from=_day(v.from_date.date().toPython()) if v.from_check.isChecked() else None,
            date_to=_day(v.to_date.date().toPython()) if v.to_check.isChecked() else None,
        )

    def load(self) -> None:
        self._filter_timer.stop()
        flt = self.current_filter()
        self.model.loading = True
        self.runner.run(
            lambda: self.services.audit.page(self.actor, flt, limit=self.page_size),
            self._show_page,
            self._failed,
            channel="audit_page",
        )

    def _load_more(self, before_seq: int) -> None:
        flt = self.current_filter()
        self.runner.run(
            lambda: self.services.audit.page(self.actor, flt, before_seq=before_seq, limit=self.page_size),
            self._append_page,
            self._failed,
            channel="audit_page",
        )

    def _show_page(self, page: AuditPage) -> None:
        self.model.set_page(page.rows, page.more)
        self._say_count()
        if page.rows:
            self.view.table.selectRow(0)
        else:
            self._show_detail(None)
        self.page_shown.emit(self.model.rowCount())

    def _append_page(self, page: AuditPage) -> None:
        self.model.append_page(page.rows, page.more)
        self._say_count()
        self.page_shown.emit(self.model.rowCount())

    def _say_count(self) -> None:
        count = self.model.rowCount()
        more = " (scroll down for older ones)" if self.model.more else ""
        text = f"{count:,} entries shown{more}." if count else "No entry matches these filters."
        set_level(self.view.status_label, "hint", text)

    def _failed(self, exc: BaseException) -> None:
        self.model.loading = False
        set_level(self.view.status_label, "error", error_message(exc))

    def _fill_choices(self, choices: AuditFilterChoices) -> None:
        self._filling = True
        try:
            _fill(self.view.user_box, "Everyone", [(name, uid) for uid, name in choices.people])
            _fill(self.view.table_box, "Every kind of record", [(table_label(t), t) for t in choices.tables])
            _fill(self.view.action_box, "Every action", [(action_label(a), a) for a in choices.actions])
        finally:
            self._filling = False

    def _filter_changed(self, *_args: object) -> None:
        if not self._filling:
            self._filter_timer.start()

    def clear_filter(self) -> None:
        self._filling = True
        v = self.view
        for box in (v.user_box, v.table_box, v.action_box):
            box.setCurrentIndex(0)
        v.record_edit.clear()
        v.from_check.setChecked(False)
        v.to_check.setChecked(False)
        self._filling = False
        self.load()

    # --- the selected entry --------------------------------------------------------------
    def _show_selected(self) -> None:
        index = self.view.table.currentIndex()
        row = self.proxy.row_at(index.row()) if index.isValid() else None
        if row is None:
            return
        self.show_entry(row.seq)

    def show_entry(self, seq: int) -> None:
        self.runner.run(
            lambda: self.services.audit.entry(self.actor, seq),
            self._show_detail,
            self._failed,
            channel="audit_entry",
        )

    def _show_detail(self, detail: AuditDetail | None) -> None:
        if detail is None:
            self.view.entry_label.setText("")
            self.changes_model.set_rows([])
            return
        r = detail.row
        who = r.user_name or "nobody signed in"
        where = f" at {r.terminal_name}" if r.terminal_name else ""
        self.view.entry_label.setText(
            f"Entry {r.seq:,} · {local_time_text(r.at, self.zone)} · {who}{where}\n"
            f"{table_label(r.table)} {r.record_id}: {action_label(r.action)}\n"
            f"Hash {detail.hash}"
        )
        self.changes_model.set_rows(detail.changes)
        self.entry_shown.emit(r.seq)

    # --- the chain -----------------------------------------------------------------------
    def verify_chain(self) -> None:
        if self._verifying:
            return
        self._verifying = True
        self.actions["verify_chain"].setEnabled(False)
        set_level(self.view.chain_label, "hint", "Verifying the audit chain…")
        self.runner.run(
            lambda: self.services.audit.verify_shop(self.actor), self._verified, self._verify_failed
        )

    def _verified(self, report: AuditChainReport) -> None:
        self._verifying = False
        self.actions["verify_chain"].setEnabled(True)
        if report.ok:
            set_level(self.view.chain_label, "ok", f"Audit chain intact: {report.checked:,} entries checked.")
        else:
            set_level(
                self.view.chain_label,
                "error",
                f"AUDIT CHAIN BROKEN at entry {report.first_bad_seq}: {report.problem}. "
                "Entries before it are intact; compare with a backup and the exported chain head.",
            )
            if report.first_bad_seq:
                self.show_entry(report.first_bad_seq)
        self.chain_checked.emit(report)

    def _verify_failed(self, exc: BaseException) -> None:
        self._verifying = False
        self.actions["verify_chain"].setEnabled(True)
        set_level(self.view.chain_label, "error", error_message(exc))

    def choose_export_path(self, suggested: str) -> str | None:
        """Where to save the chain head (a test replaces this with a path)."""
        path, _filter = files.get_save_file_name(self.view, "Export chain head", suggested, "Text (*.txt)")
        return path or None

    def export_head(self) -> None:
        suggested = str(Path.home() / f"baydesk-audit-head-{shop_today(self.zone).isoformat()}.txt")
        path = self.choose_export_path(suggested)
        if path is None:
            return

        def work() -> AuditChainHead:
            head = self.services.audit.head(self.actor)
            try:
                Path(path).write_text(head.as_text(), encoding="utf-8")
            except OSError as exc:
                raise BayDeskError(
                    f"The chain head could not be saved to {path}: {exc.strerror or exc}."
                ) from exc
            return head

        def done(head: AuditChainHead) -> None:
            set_level(
                self.view.chain_label,
                "ok",
                f"Chain head saved to {path}: {head.seq:,} entries, hash {head.hash[:16]}…. Keep a copy elsewhere.",
            )
            self.head_exported.emit(path)

        self.runner.run(work, done, lambda exc: set_level(self.view.chain_label, "error", error_message(exc)))


def _fill(box: QComboBox, everything: str, items: list[tuple[str, object]]) -> None:
    current = box.currentData()
    box.clear()
    box.addItem(everything, None)
    for text, value in items:
        box.addItem(text, value)
    box.setCurrentIndex(max(0, box.findData(current)))


def _day(value: object) -> date | None:
    return value if isinstance(value, date) else None
