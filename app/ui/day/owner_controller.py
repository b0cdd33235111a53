"""Behaviour of the Owner area: the drawer, the day's figures, closing the day, the report and exports.

The drawer tab is for whoever may operate a cash drawer (the front desk too);
the end-of-day figures, closing the day and the exports are the owner's. Every
service call runs off the GUI thread; commits from any terminal that touch
invoices, payments, drawers or closes refresh what is shown.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, QObject, QTimer, Signal

from app.domain.end_of_day import ZERO, DrawerSummary, over_short_words
from app.domain.permissions import Action, Actor
from app.services.container import Services
from app.services.day.dto import DrawerView, EndOfDayView
from app.ui.changes import ChangeBridge
from app.ui.day.chain_controller import ChainController
from app.ui.day.drawer_dialogs import COUNT, OPEN, PAID_IN, PAID_OUT, CashStep, OwnerDialogs, close_step
from app.ui.day.owner_actions import OwnerActions, books_export_text, drawer_text, write_file
from app.ui.day.owner_day import DayPresenter
from app.ui.day.owner_dialogs import EXPORTS, SUFFIXES, from_qdate, to_qdate
from app.ui.day.owner_view import OwnerView
from app.ui.day.tables import MovementsModel, money
from app.ui.errors import error_message
from app.ui.formatting import long_day_text, shop_locale
from app.ui.printing import Document, DocumentPaper
from app.ui.shared.counter_printer import CounterPrinter
from app.ui.shared.form import FormDialog
from app.ui.shared.table_model import SortProxy
from app.ui.tasks import TaskRunner
from app.ui.widgets import configure_table, set_level

WATCHED_TABLES = frozenset(
    {"invoices", "payments", "cash_drawer_sessions", "cash_drawer_movements", "day_closes", "time_entries"}
)


class OwnerController(QObject):
    drawer_shown = Signal(object)  # DrawerView or None
    day_shown = Signal(object)  # EndOfDayView
    dialog_opened = Signal(object)  # FormDialog
    file_saved = Signal(object)  # Path

    def __init__(
        self,
        services: Services,
        actor: Actor,
        view: OwnerView,
        runner: TaskRunner,
        changes: ChangeBridge,
        zone: ZoneInfo,
        dialogs: OwnerDialogs | None = None,
    ) -> None:
        super().__init__(view)
        self.services = services
        self.actor = actor
        self.view = view
        self.runner = runner
        self.zone = zone
        self.dialogs = dialogs or OwnerDialogs()
        self.paper = DocumentPaper(runner, view, self.dialogs)
        self.printer = CounterPrinter(runner, self)  # the cash drawer on this terminal's receipt printer
        self.printer.message.connect(self.say)
        self.paper.message.connect(lambda level, text: self.say(level, text) if text else None)
        self.paper.saved.connect(self.file_saved)
        self.owner = actor.can(Action.VIEW_OWNER_REPORTS)
        self.actions = OwnerActions(view, actor)
        self.drawer: DrawerView | None = None
        self.business_day: date | None = None  # where new work goes now (the day after a close)
        self._pending = 0
        self.movements = MovementsModel(zone, self)
        configure_table(view.movements_table, SortProxy(self.movements, self), "drawer_movements")
        self.day = DayPresenter(view, zone, self) if self.owner else None
        self.chain = (
            ChainController(services, actor, view.chain_page, runner, self.paper, view)
            if self.owner
            else None
        )
        if not self.owner:  # the desk sees its drawer only
            view.tabs.removeTab(view.tabs.indexOf(view.chain_page))
            view.tabs.removeTab(view.tabs.indexOf(view.history_page))
            view.tabs.removeTab(view.tabs.indexOf(view.day_page))
        view.tabs.currentChanged.connect(self._tab_shown)
        handlers: dict[str, Callable[[], None]] = {
            "open_drawer": self.open_drawer,
            "paid_in": lambda: self.move("paid_in"),
            "paid_out": lambda: self.move("paid_out"),
            "count_drawer": self.count_drawer,
            "close_drawer": self.close_drawer,
            "no_sale": self.no_sale,
            "previous_day": lambda: self.step_day(-1),
            "next_day": lambda: self.step_day(1),
            "refresh_day": self.load_day,
            "save_report": self.save_report,
            "export": self.export,
            "close_day": self.close_day,
            "import_data": self.import_data,
        }
        for name, action in self.actions.by_name.items():
            action.triggered.connect(handlers[name])
        view.date_edit.dateChanged.connect(lambda _d: self.load_day())
        view.drawers_table.activated.connect(self._day_drawer_activated)
        self._refresh_timer = QTimer(self, singleShot=True, interval=80)
        self._refresh_timer.timeout.connect(self.refresh)
        changes.records_changed.connect(self._records_changed)
        self._show_drawer(None)

    # --- the area protocol ----------------------------------------------------------------
    def start(self) -> None:
        self.load_drawer()
        if self.owner:
            self._call(lambda: self.services.day_close.today(self.actor), self._today_known)

    def is_settled(self) -> bool:
        chain = self.chain.pending if self.chain is not None else 0
        return self._pending == 0 and chain == 0 and not self._refresh_timer.isActive()

    def _tab_shown(self, index: int) -> None:
        """The chain's figures are read the first time its page is shown."""
        chain = self.chain
        if (
            chain is not None
            and self.view.tabs.widget(index) is self.view.chain_page
            and chain.report is None
        ):
            chain.load()

    def refresh(self) -> None:
        self.load_drawer()
        if self.owner:
            self.load_day()

    def selected_day(self) -> date:
        return from_qdate(self.view.date_edit.date())

    # --- the drawer -----------------------------------------------------------------------
    def load_drawer(self) -> None:
        self._call(lambda: self.services.drawers.current(self.actor), self._show_drawer)

    def open_drawer(self) -> None:
        if self.drawer is not None:
            self.say("warning", "This terminal's drawer is open already; count and close it first.")
            return
        self._cash_dialog(OPEN, lambda amount, _r: self.services.drawers.open(self.actor, amount), "100.00")

    def move(self, kind: str) -> None:
        drawer = self._open_drawer_or_say()
        if drawer is not None:
            step = PAID_IN if kind == "paid_in" else PAID_OUT
            self._cash_dialog(
                step, lambda a, r: self.services.drawers.move(self.actor, drawer.id, kind, a, r)
            )

    def count_drawer(self) -> None:
        drawer = self._open_drawer_or_say()
        if drawer is not None:
            self._cash_dialog(COUNT, lambda a, _r: self.services.drawers.count(self.actor, drawer.id, a))

    def close_drawer(self) -> None:
        drawer = self.drawer
        if drawer is None or drawer.status != "counted":
            self.say("warning", "Count the drawer first (Ctrl+Shift+K); the count is blind.")
            return
        difference = drawer.over_short or ZERO
        step = close_step(
            over_short_words(drawer.over_short or ZERO, shop_locale()),
            money(drawer.expected),
            money(drawer.counted),
            difference != 0,
        )
        self._cash_dialog(
            step,
            lambda a, r: self.services.drawers.close(self.actor, drawer.id, a, r),
            money(drawer.counted),
        )

    def no_sale(self) -> None:
        """Open the drawer with nothing sold: the reason is recorded first, then the drawer kicks."""
        if self._open_drawer_or_say() is None:
            return
        dialog = self.dialogs.no_sale(self.view)
        dialog.reason_submitted.connect(
            lambda reason: self._save(
                dialog, lambda: self.services.drawers.no_sale(self.actor, reason), self._no_sale_recorded
            )
        )
        self._open(dialog)

    def _no_sale_recorded(self, _drawer: DrawerView) -> None:
        if self.printer.configured:
            self.printer.kick()
            self.say("ok", "No sale recorded; the drawer opens.")
        else:
            self.say("warning", "No sale recorded. No receipt printer is set up on this terminal "
                                "(Settings), so open the drawer with its key.")  # fmt: skip

    def _day_drawer_activated(self, index: QModelIndex) -> None:
        """Enter on a drawer of the day: count it (blind) or close it, whichever terminal it is on."""
        summary = self.day.drawers_proxy.row_at(index.row()) if self.day is not None else None
        if not isinstance(summary, DrawerSummary) or not summary.drawer_id or summary.status == "closed":
            return
        drawer_id = uuid.UUID(summary.drawer_id)
        if summary.status == "open":
            self._cash_dialog(
                COUNT,
                lambda a, _r: self.services.drawers.count(self.actor, drawer_id, a),
                on_saved=self._other_saved,
            )
            return
        difference = summary.over_short or ZERO
        step = close_step(
            over_short_words(difference, shop_locale()),
            money(summary.expected),
            money(summary.counted),
            bool(difference),
        )
        self._cash_dialog(
            step,
            lambda a, r: self.services.drawers.close(self.actor, drawer_id, a, r),
            money(summary.counted),
            on_saved=self._other_saved,
        )

    def _other_saved(self, drawer: DrawerView) -> None:
        self.say("ok", f"{drawer.terminal}: drawer {drawer.status_label.lower()}.")
        self.refresh()

    def _open_drawer_or_say(self) -> DrawerView | None:
        if self.drawer is None or self.drawer.status != "open":
            self.say("warning", "Open the drawer first (Ctrl+Shift+O).")
            return None
        return self.drawer

    def _cash_dialog(
        self,
        step: CashStep,
        work: Callable[[str, str], DrawerView],
        amount: str = "",
        on_saved: Callable[[DrawerView], None] | None = None,
    ) -> None:
        dialog = self.dialogs.cash(self.view, step, amount)

        def submitted(amount_text: str, reason: str) -> None:
            self._save(dialog, lambda: work(amount_text, reason), on_saved or self._drawer_saved)

        dialog.cash_submitted.connect(submitted)
        self._open(dialog)

    def _drawer_saved(self, drawer: DrawerView) -> None:
        if drawer.status == "counted":
            words = over_short_words(drawer.over_short or ZERO, shop_locale())
            level = "ok" if drawer.over_short == 0 else "warning"
            self.say(level, f"Counted {money(drawer.counted)}; expected {money(drawer.expected)}: the drawer is "
                            f"{words}. Close it with the deposit (Ctrl+Shift+L).")  # fmt: skip
        elif drawer.status == "closed":
            self.say("ok", f"Drawer closed; deposit {money(drawer.deposit)}.")
        self._show_drawer(drawer if drawer.status != "closed" else None)

    def _show_drawer(self, drawer: DrawerView | None) -> None:
        self.drawer = drawer
        status = drawer.status if drawer is not None else "none"
        for name, allowed in (
            ("open_drawer", status == "none"),
            ("paid_in", status == "open"),
            ("paid_out", status == "open"),
            ("count_drawer", status == "open"),
            ("close_drawer", status == "counted"),
            ("no_sale", status == "open"),
        ):
            self.actions[name].setEnabled(allowed)
        self.movements.set_rows(list(drawer.movements) if drawer is not None else [])
        self.view.drawer_status.setText(drawer_text(drawer, self.zone))
        self.drawer_shown.emit(drawer)

    # --- the day --------------------------------------------------------------------------
    def _today_known(self, today: date) -> None:
        self.business_day = today
        self.view.date_edit.blockSignals(True)
        self.view.date_edit.setDate(to_qdate(today))
        self.view.date_edit.setMaximumDate(to_qdate(today))
        self.view.date_edit.blockSignals(False)
        self.load_day()

    def _next_business_day(self, closing: date) -> date:
        """Where new work goes once ``closing`` is closed: the day after it, or the business day already on."""
        current = self.business_day or closing
        return current if closing < current else closing + timedelta(days=1)

    def step_day(self, days: int) -> None:
        self.view.date_edit.setDate(self.view.date_edit.date().addDays(days))

    def load_day(self) -> None:
        if self.day is None:
            return
        day = self.selected_day()
        self._call(lambda: self.services.day_close.figures(self.actor, day), self._show_day)
        self._call(lambda: self.services.day_close.recent(self.actor), self.day.show_closes)

    def _show_day(self, view: EndOfDayView) -> None:
        assert self.day is not None
        if view.business_date != self.selected_day():
            return  # the person has moved on to another day; its answer is on its way
        self.day.show(view)
        if "close_day" in self.actions.by_name:
            self.actions["close_day"].setEnabled(self.actor.can(Action.CLOSE_DAY) and not view.closed)
        self.day_shown.emit(view)

    def close_day(self) -> None:
        """Closing is deliberate: the box's default keeps the day open, and Return never closes it."""
        day = self.selected_day()
        following = self._next_business_day(day)
        text = (
            f"Close {long_day_text(day)}?\n\nIts figures are frozen and nothing more can be posted, paid or "
            f"voided into it; new work goes to the business day of {long_day_text(following)}. "
            "This cannot be undone."
        )
        if not self.dialogs.confirm(self.view, "Close the day", text, "&Close the day", "Keep the day &open"):
            return
        self.say("hint", "Closing the day…")
        self._call(lambda: self.services.day_close.close(self.actor, day), self._day_closed, self._failed)

    def _day_closed(self, view: EndOfDayView) -> None:
        following = self._next_business_day(view.business_date)
        self.business_day = following
        self.view.date_edit.setMaximumDate(to_qdate(following))
        self.say("ok", f"{long_day_text(view.business_date)} is closed. Grand total {money(view.grand_total_after)}. "
                       f"New work goes to the business day of {long_day_text(following)}.")  # fmt: skip
        self._show_day(view)
        self.load_day()

    def save_report(self) -> None:
        """The selected day's end-of-day report, previewed to print or save."""
        day, shop = self.selected_day(), shop_locale()

        def render() -> bytes:
            from app.reports.end_of_day import render_end_of_day  # ReportLab loads at the first print

            return render_end_of_day(self.services.day_close.figures(self.actor, day), shop)

        self.paper.preview(Document(f"End of day {long_day_text(day)}", f"end-of-day-{day}.pdf", render))

    def import_data(self) -> None:
        """The import wizard: customers, vehicles, parts and past work from another system."""
        from app.ui.imports.wizard import open_import_wizard

        self.import_wizard = open_import_wizard(self.services, self.actor, self.view, self.runner)

    def export(self) -> None:
        day = self.selected_day()
        dialog = self.dialogs.export(self.view, day.replace(day=1), day, "invoices")

        def submitted(kind: str, start: date, end: date) -> None:
            suffix = SUFFIXES.get(kind, "csv")
            path = self.dialogs.save_path(dialog, "Export", f"{kind}-{start}-{end}.{suffix}", suffix)
            if path is None:
                dialog.set_busy(False)
                return
            if kind.startswith("books_"):
                self._save(dialog, lambda: self._export_books(kind.removeprefix("books_"), start, end, path),
                           lambda result: self._books_saved(result, path))  # fmt: skip
                return
            exporters = {
                "invoices": self.services.exports.invoices_csv,
                "payments": self.services.exports.payments_csv,
                "day_totals": self.services.exports.day_totals_csv,
                "sales_report": self.services.exports.sales_report_csv,
            }
            exporter = exporters[kind]
            self._save(dialog, lambda: write_file(path, exporter(self.actor, start, end).encode("utf-8")),
                       lambda _none: self._saved(path, show=False, what=EXPORTS[kind]))  # fmt: skip

        dialog.export_submitted.connect(submitted)
        self._open(dialog)

    def _export_books(self, fmt: str, start: date, end: date, path: Path) -> Any:
        result = self.services.books.export(self.actor, start, end, fmt)
        write_file(path, result.content)
        return result

    def _books_saved(self, result: Any, path: Path) -> None:
        self.say(*books_export_text(result, path))
        self.file_saved.emit(path)

    def _saved(self, path: Path, *, show: bool, what: str = "Report") -> None:
        self.say("ok", f"{what} saved to {path}")
        self.file_saved.emit(path)
        if show:
            self.dialogs.show_file(path)

    # --- shared ---------------------------------------------------------------------------
    def say(self, level: str, text: str) -> None:
        set_level(self.view.message, level, text)

    def _failed(self, exc: BaseException) -> None:
        self.say("error", error_message(exc))

    def _call(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        self._pending += 1

        def finish(result: Any) -> None:
            self._pending -= 1
            done(result)

        def fail(exc: BaseException) -> None:
            self._pending -= 1
            (failed or self._failed)(exc)

        # No superseding channel: a superseded call never answers, and this count must come back to 0.
        self.runner.run(work, finish, fail)

    def _open(self, dialog: FormDialog) -> None:
        dialog.finished.connect(dialog.deleteLater)
        self.dialog_opened.emit(dialog)
        dialog.open()

    def _save(self, dialog: FormDialog, work: Callable[[], Any], on_saved: Callable[[Any], None]) -> None:
        def saved(result: Any) -> None:
            dialog.set_busy(False)
            dialog.accept()
            on_saved(result)

        self._call(work, saved, dialog.show_error)

    def _records_changed(self, changed: frozenset[str]) -> None:
        if changed & WATCHED_TABLES:
            self._refresh_timer.start()
