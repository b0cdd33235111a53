"""Opening a new work order: find the customer and vehicle, then the odometer and promise.

The dialog only asks and shows; this controller searches customers, loads
the chosen customer's vehicles and the vehicle's declined work, and saves.
Declined jobs checked in the dialog are copied into the new estimate right
after it is created; if that second step is refused, the work order still
exists and the editor says why.
"""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from app.domain.permissions import Actor
from app.services.container import Services
from app.services.customers.dto import CustomerView, VehicleView
from app.services.work_orders.dto import WorkOrderView
from app.ui.errors import error_message
from app.ui.tasks import TaskRunner
from app.ui.work_orders.dialogs import WorkOrderDialogs
from app.ui.work_orders.new_dialog import NewWorkOrder, NewWorkOrderDialog

SEARCH_DELAY_MS = 150


class WorkOrderCreation(QObject):
    dialog_opened = Signal(object)  # the NewWorkOrderDialog (tests drive it)
    work_order_created = Signal(object)  # WorkOrderView
    work_order_updated = Signal(object)  # WorkOrderView, with the declined work copied in
    copy_failed = Signal(str)  # the work order exists; bringing declined work in was refused

    def __init__(
        self,
        services: Services,
        actor: Actor,
        runner: TaskRunner,
        dialogs: WorkOrderDialogs,
        zone: ZoneInfo,
        parent_widget: QWidget,
    ) -> None:
        super().__init__(parent_widget)
        self.services = services
        self.actor = actor
        self.runner = runner
        self.dialogs = dialogs
        self.zone = zone
        self.parent_widget = parent_widget

    def new_work_order(self, vehicle: VehicleView | None = None) -> NewWorkOrderDialog:
        """The dialog, with ``vehicle`` already chosen (from the customers area) or a search."""
        dialog = self.dialogs.new_work_order(self.parent_widget, self.zone, vehicle)
        timer = QTimer(dialog)
        timer.setSingleShot(True)
        timer.setInterval(SEARCH_DELAY_MS)
        timer.timeout.connect(lambda: self._search(dialog))
        dialog.search_requested.connect(lambda _text: timer.start())
        dialog.customer_chosen.connect(lambda cid, vid: self._customer(dialog, cid, vid))
        dialog.vehicle_chosen.connect(lambda v: self._vehicle_chosen(dialog, v))
        dialog.work_order_submitted.connect(lambda data: self._create(dialog, data))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog_opened.emit(dialog)
        dialog.open()
        if vehicle is not None:
            self._vehicle_chosen(dialog, vehicle)
            self._owner(dialog, vehicle.customer_id)
        return dialog

    def _search(self, dialog: NewWorkOrderDialog) -> None:
        text = dialog.search_edit.text()
        if not text.strip():
            dialog.show_hits([])
            return
        self.runner.run(
            lambda: self.services.customers.search(self.actor, text),
            dialog.show_hits,
            dialog.show_error,
            channel="new_work_order_search",
        )

    def _customer(
        self, dialog: NewWorkOrderDialog, customer_id: uuid.UUID, vehicle_id: uuid.UUID | None
    ) -> None:
        self.runner.run(
            lambda: self.services.customers.get(self.actor, customer_id),
            lambda customer: dialog.show_customer(customer, vehicle_id),
            dialog.show_error,
            channel="new_work_order_customer",
        )

    def _owner(self, dialog: NewWorkOrderDialog, customer_id: uuid.UUID) -> None:
        def loaded(customer: CustomerView) -> None:
            dialog.set_owner(customer.display_name)

        self.runner.run(
            lambda: self.services.customers.get(self.actor, customer_id), loaded, dialog.show_error
        )

    def _vehicle_chosen(self, dialog: NewWorkOrderDialog, vehicle: VehicleView) -> None:
        self.runner.run(
            lambda: self.services.work_orders.declined_work(self.actor, vehicle.id),
            dialog.show_declined,
            dialog.show_error,
            channel="new_work_order_declined",
        )

    def _create(self, dialog: NewWorkOrderDialog, data: NewWorkOrder) -> None:
        def work() -> WorkOrderView:
            return self.services.work_orders.create(
                self.actor,
                data.vehicle_id,
                data.odometer_in,
                data.promised_at,
                data.notes,
                data.odometer_reason,
            )

        def created(view: WorkOrderView) -> None:
            dialog.set_busy(False)
            dialog.accept()
            self.work_order_created.emit(view)
            if data.declined_job_ids:
                self._copy_declined(view, list(data.declined_job_ids))

        self.runner.run(work, created, dialog.show_error)

    def _copy_declined(self, view: WorkOrderView, job_ids: list[uuid.UUID]) -> None:
        self.runner.run(
            lambda: self.services.estimates.copy_declined(self.actor, view.id, job_ids, view.version),
            self.work_order_updated.emit,
            lambda exc: self.copy_failed.emit(f"The declined work was not copied: {error_message(exc)}"),
        )
