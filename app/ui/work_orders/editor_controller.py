"""Behaviour of the work order editor: show one work order, keep it current, offer what fits.

The editor shows the ``WorkOrderView`` the service last returned, whether
from a load, a save, or a reload after another terminal's change. An answer
older than what is on screen is dropped, so a slow reload never rolls the
screen back over a save that already landed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, QObject, Signal
from PySide6.QtWidgets import QHeaderView

from app.domain.permissions import Action, Actor
from app.domain.totals import LineKind
from app.domain.work_orders import Status
from app.services.container import Services
from app.services.work_orders.dto import JobView, TechnicianView, WorkOrderView
from app.services.work_orders.estimates import EDITABLE
from app.ui.changes import ChangeBridge
from app.ui.errors import error_message
from app.ui.formatting import money, odometer_text, promised_text
from app.ui.parts.work_order import AllocateFromStock
from app.ui.shared.table_model import SortProxy
from app.ui.tasks import TaskRunner
from app.ui.widgets import configure_table, set_level
from app.ui.work_orders.actions import EDITOR_SPEC, AreaActions
from app.ui.work_orders.dialogs import WorkOrderDialogs
from app.ui.work_orders.discounts import OrderDiscountEditing, discounts_text
from app.ui.work_orders.editing import WorkOrderEditing
from app.ui.work_orders.editor_view import WorkOrderEditorView
from app.ui.work_orders.estimate_model import (
    JOB_TITLE_SPAN,
    AuthorizationsModel,
    EstimateModel,
    EstimateRow,
    estimate_rows,
)
from app.ui.work_orders.job_type import JobTypeChoice
from app.ui.work_orders.payer import SecondPayerEditing
from app.ui.work_orders.printing import WorkOrderPrinting
from app.ui.work_orders.text import status_text, tax_text, when_text

WATCHED_TABLES = frozenset(
    {
        "work_orders",
        "jobs",
        "work_order_lines",
        "work_order_discounts",
        "authorizations",
        "customers",
        "vehicles",
    }
)
STATUS_ACTIONS = {
    "mark_approved": Status.APPROVED,
    "start_work": Status.IN_PROGRESS,
    "put_on_hold": Status.ON_HOLD,
    "complete": Status.COMPLETED,
    "cancel_order": Status.CANCELLED,
}
PAYER_EDITABLE = (*EDITABLE, Status.COMPLETED)  # until it is invoiced
LINE_ACTIONS = {
    "add_labor": LineKind.LABOR,
    "add_part": LineKind.PART,
    "add_fee": LineKind.FEE,
    "add_sublet": LineKind.SUBLET,
}


class WorkOrderEditorController(QObject):
    work_order_shown = Signal(object)  # WorkOrderView
    back_requested = Signal()

    def __init__(
        self,
        services: Services,
        actor: Actor,
        view: WorkOrderEditorView,
        runner: TaskRunner,
        changes: ChangeBridge,
        zone: ZoneInfo,
        dialogs: WorkOrderDialogs,
    ) -> None:
        super().__init__(view)
        self.services = services
        self.actor = actor
        self.view = view
        self.runner = runner
        self.zone = zone
        self.work_order: WorkOrderView | None = None
        self._wanted: uuid.UUID | None = None
        self.actions = AreaActions(EDITOR_SPEC, actor, view, "work_orders.editor")
        self.editing = WorkOrderEditing(services, actor, runner, dialogs, view)
        self.printing = WorkOrderPrinting(runner, dialogs, view)
        self.payer = SecondPayerEditing(services, actor, runner, view)  # an insurer or warranty pays part
        self.discounts = OrderDiscountEditing(services, actor, runner, view)  # job and ticket discounts
        self.allocation = AllocateFromStock(  # a part from stock onto the selected job
            services, actor, runner, view, lambda: (self.work_order, self.selected_job())
        )
        self.job_type = JobTypeChoice(  # the selected job's type sets its labor rate
            services, actor, runner, view, lambda: (self.work_order, self.selected_job())
        )
        view.job_form.insertRow(1, "Job type", self.job_type.combo)
        self._build_models()
        self._connect(changes)
        self._update_actions()

    def _build_models(self) -> None:
        self.estimate = EstimateModel(self)
        self.estimate_proxy = SortProxy(self.estimate, self)
        self.authorizations = AuthorizationsModel(self.zone, self)
        self.authorizations_proxy = SortProxy(self.authorizations, self)
        configure_table(self.view.estimate_table, self.estimate_proxy, "estimate")
        self.view.estimate_table.setSortingEnabled(False)  # the estimate's own order: job, then its lines
        header = self.view.estimate_table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        configure_table(self.view.authorizations_table, self.authorizations_proxy, "authorizations")

    def _connect(self, changes: ChangeBridge) -> None:
        actions, editing = self.actions, self.editing
        for name, button in self.view.buttons.items():
            button.setDefaultAction(actions[name])
        self.view.back_button.setDefaultAction(actions["back_to_list"])
        self.view.fill_more_menu(lambda name: actions[name])
        self.view.estimate_table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.view.estimate_table.activated.connect(lambda _i: actions["edit_item"].trigger())
        actions["back_to_list"].triggered.connect(self.back_requested.emit)
        actions["add_job"].triggered.connect(lambda: self._with_view(editing.add_job))
        for name, kind in LINE_ACTIONS.items():
            actions[name].triggered.connect(lambda _c=False, k=kind: self._add_line(k))
        actions["canned_job"].triggered.connect(lambda: self._with_view(editing.canned_job))
        actions["declined_work"].triggered.connect(lambda: self._with_view(editing.declined_work))
        actions["edit_item"].triggered.connect(self._edit_current)
        actions["remove_item"].triggered.connect(self._remove_current)
        actions["authorize"].triggered.connect(lambda: self._with_view(editing.authorize))
        for name, target in STATUS_ACTIONS.items():
            actions[name].triggered.connect(lambda _c=False, t=target: self._change_status(t))
        actions["print_estimate"].triggered.connect(lambda: self._print("estimate"))
        actions["print_work_sheet"].triggered.connect(lambda: self._print("work_sheet"))
        actions["second_payer"].triggered.connect(lambda: self._with_view(self.payer.open))
        self.payer.message.connect(self.show_message)
        actions["job_discount"].triggered.connect(
            lambda: self._with_view(lambda v: self.discounts.open(v, self.selected_job()))
        )
        actions["ticket_discount"].triggered.connect(
            lambda: self._with_view(lambda v: self.discounts.open(v, None))
        )
        self.discounts.saved.connect(self.show)
        editing.work_order_saved.connect(self.show)
        self.printing.message.connect(self.show_message)
        self.allocation.saved.connect(self.show)
        self.allocation.message.connect(self.show_message)
        self.job_type.saved.connect(self.show)
        self.job_type.message.connect(self.show_message)
        changes.records_changed.connect(self._records_changed)

    # --- loading and showing ---------------------------------------------------------------------
    def start(self) -> None:
        """The technicians a job may be assigned to and the sheet's job types (asked once; rarely change)."""
        self.job_type.load()
        self.runner.run(
            lambda: self.services.work_orders.technicians(self.actor),
            self._technicians_loaded,
            lambda exc: self.show_message("error", error_message(exc)),
        )

    def _technicians_loaded(self, technicians: list[TechnicianView]) -> None:
        self.editing.technicians = list(technicians)

    def open(self, work_order_id: uuid.UUID) -> None:
        if self.work_order is None or self.work_order.id != work_order_id:
            self.work_order = None
            self.show_message("hint", "Opening the work order…")
        self._wanted = work_order_id
        self.reload()

    def close(self) -> None:
        """Back to the list: stop following this work order's changes; its actions rest."""
        self._wanted = None
        for action in self.actions.all():
            action.setEnabled(False)

    def reload(self) -> None:
        wanted = self._wanted
        if wanted is None:
            return
        self.runner.run(
            lambda: self.services.work_orders.get(self.actor, wanted),
            self.show,
            lambda exc: self.show_message("error", error_message(exc)),
            channel="work_order_editor",
        )

    def show(self, view: WorkOrderView) -> None:
        current = self.work_order
        if view.id != self._wanted:
            return  # the person has opened another work order meanwhile
        if current is not None and current.id == view.id and view.version < current.version:
            return  # an older answer than what is on screen
        selected = self._selected_row()
        self.work_order = view
        self._show_header(view)
        self._show_totals(view)
        self.estimate.set_rows(estimate_rows(view))
        self._span_job_titles()
        self.authorizations.set_rows(view.authorizations)
        self.view.notes_label.setText(view.notes or "—")
        self._reselect(selected)
        self.show_message("", "")
        self._update_actions()
        self.job_type.refresh()
        self.work_order_shown.emit(view)

    def _span_job_titles(self) -> None:
        table = self.view.estimate_table
        table.clearSpans()
        for row in range(self.estimate_proxy.rowCount()):
            estimate_row = self.estimate_proxy.row_at(row)
            if isinstance(estimate_row, EstimateRow) and estimate_row.is_job:
                table.setSpan(row, 1, 1, JOB_TITLE_SPAN)

    def _show_header(self, view: WorkOrderView) -> None:
        self.view.title_label.setText(f"Work order {view.number}")
        self.view.status_label.setText(status_text(view.status_label, view.hold_reason))
        odometer = f"in {odometer_text(view.odometer_in) or '—'}"
        if view.odometer_out is not None:
            odometer += f" · out {odometer_text(view.odometer_out)}"
        facts = {
            "customer": view.customer_name,
            "phone": view.customer_phone or "—",
            "vehicle": view.vehicle,
            "vin": view.vin or "—",
            "plate": view.plate or "—",
            "odometer": odometer,
            "promised": promised_text(view.promised_at, self.zone) or "—",
            "created": when_text(view.created_at, self.zone),
            "tax": tax_text(view),
        }
        for name, text in facts.items():
            self.view.facts[name].setText(text)

    def _show_totals(self, view: WorkOrderView) -> None:
        totals = view.totals
        values = {
            "labor": totals.labor,
            "parts": totals.parts,
            "fees": totals.fees,
            "sublet": totals.sublet,
            "cores": totals.cores,
            "shop_supplies": totals.shop_supplies,
            "discount": totals.discount,
            "tax": totals.tax,
            "total": totals.total,
        }
        for name, amount in values.items():
            self.view.total_values[name].setText(money(amount))
        for name in ("cores", "shop_supplies", "discount"):
            self.view.set_total_row_visible(name, bool(values[name]))
        self.view.total_captions["shop_supplies"].setText(totals.shop_supplies_label or "Shop supplies")
        authorized = view.authorized_total
        self.view.total_values["authorized"].setText("not yet" if authorized is None else money(authorized))
        self.view.discounts_label.setText(discounts_text(view.discounts))
        self.view.discounts_label.setVisible(bool(view.discounts))
        self._show_reauthorization(view)

    def _show_reauthorization(self, view: WorkOrderView) -> None:
        banner = self.view.reauth_banner
        if view.needs_reauthorization and view.authorized_total is not None:
            difference = view.reauthorization_difference
            more = f"{money(difference)} more" if difference > 0 else f"a change of {money(difference)}"
            set_level(
                banner,
                "warning",
                f"<b>Customer must authorize {more}.</b> The estimate changed since they authorized "
                f"{money(view.authorized_total)}; record it with Authorize (Ctrl+A) before the work goes on.",
            )
        else:
            set_level(banner, "", "")

    def show_message(self, level: str, text: str) -> None:
        set_level(self.view.message_label, level, text)

    # --- selection ---------------------------------------------------------------------------------
    def _selected_row(self) -> EstimateRow | None:
        index = self.view.estimate_table.currentIndex()
        row = self.estimate_proxy.row_at(index.row()) if index.isValid() else None
        return row if isinstance(row, EstimateRow) else None

    def _reselect(self, previous: EstimateRow | None) -> None:
        row = -1
        if previous is not None:
            line_id = previous.line.id if previous.line is not None else None
            row = self.estimate_proxy.proxy_row_where(
                lambda r: r.job.id == previous.job.id and (r.line.id if r.line else None) == line_id
            )
            if row < 0:
                row = self.estimate_proxy.proxy_row_where(lambda r: r.job.id == previous.job.id and r.is_job)
        if row < 0 and self.estimate.rowCount() > 0:
            row = 0
        if row >= 0:
            self.view.estimate_table.selectRow(row)
        else:
            self._show_job(None)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.estimate_proxy.row_at(current.row()) if current.isValid() else None
        self._show_job(row.job if isinstance(row, EstimateRow) else None)
        self._update_actions()
        self.job_type.refresh()

    def _show_job(self, job: JobView | None) -> None:
        facts = self.view.job_facts
        if job is None:
            self.view.job_title.setText("No job yet. Add one with Ctrl+J or a canned job with Ctrl+K.")
            for label in facts.values():
                label.setText("")
            return
        self.view.job_title.setText(f"Job {job.position}: {job.title}")
        facts["technician"].setText(job.technician_name or "— not assigned —")
        for name in ("concern", "cause", "correction"):
            facts[name].setText(getattr(job, name) or "—")

    def selected_job(self) -> JobView | None:
        """The job of the highlighted row; with none highlighted, the last job."""
        row = self._selected_row()
        if row is not None:
            return row.job
        return self.work_order.jobs[-1] if self.work_order and self.work_order.jobs else None

    # --- actions -------------------------------------------------------------------------------------
    def _update_actions(self) -> None:
        view, actions = self.work_order, self.actions
        loaded = view is not None
        editable = view is not None and Status(view.status) in EDITABLE
        has_job = view is not None and bool(view.jobs)
        has_row = self._selected_row() is not None
        for name in ("add_job", "canned_job", "declined_work"):
            actions.enable(name, editable)
        for name in LINE_ACTIONS:
            actions.enable(name, editable and has_job)
        actions.enable("edit_item", has_row and self._may_edit(view))
        actions.enable("remove_item", editable and has_row)
        actions.enable("authorize", editable and has_job)
        for name in ("job_discount", "ticket_discount"):
            actions.enable(name, editable and has_job)
        actions.enable("second_payer", has_job and view is not None and Status(view.status) in PAYER_EDITABLE)
        allowed = set(view.allowed_statuses) if view is not None else set()
        for name, target in STATUS_ACTIONS.items():
            actions.enable(name, target.value in allowed)
        for name in ("print_estimate", "print_work_sheet"):
            actions.enable(name, loaded)
        actions.enable("back_to_list", True)

    def _may_edit(self, view: WorkOrderView | None) -> bool:
        """The desk edits an open estimate; a technician also records findings on a completed one."""
        if view is None:
            return False
        status = Status(view.status)
        if self.actor.can(Action.WRITE_ESTIMATES):
            return status in EDITABLE
        return self.actor.can(Action.RECORD_FINDINGS) and (status in EDITABLE or status == Status.COMPLETED)

    def _with_view(self, act: Callable[[WorkOrderView], None]) -> None:
        if self.work_order is not None:
            act(self.work_order)

    def _add_line(self, kind: LineKind) -> None:
        job = self.selected_job()
        if self.work_order is not None and job is not None:
            self.editing.add_line(self.work_order, job, kind)

    def _edit_current(self) -> None:
        row = self._selected_row()
        if self.work_order is None or row is None:
            return
        if row.line is None:
            self.editing.edit_job(self.work_order, row.job)
        elif self.actor.can(Action.WRITE_ESTIMATES):
            self.editing.edit_line(self.work_order, row.job, row.line)

    def _remove_current(self) -> None:
        row = self._selected_row()
        if self.work_order is not None and row is not None:
            self.editing.remove(self.work_order, row.job, row.line)

    def _change_status(self, target: Status) -> None:
        if self.work_order is not None:
            self.editing.change_status(self.work_order, target)

    def _print(self, kind: str) -> None:
        if self.work_order is not None:
            self.printing.print_document(kind, self.work_order)

    # --- other terminals ----------------------------------------------------------------------------
    def _records_changed(self, changed: frozenset[str]) -> None:
        if changed & WATCHED_TABLES and self._wanted is not None:
            self.reload()
