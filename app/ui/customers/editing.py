"""Adding, editing and retiring customers and vehicles through their dialogs.

Each save runs off the GUI thread; the dialog stays open, busy, until the
service answers. On success it closes and a ``*_saved`` signal tells the
area what to show; on failure the dialog shows why, beside the fields,
with everything the person typed still in place.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.domain.customers import CustomerInput, VehicleInput
from app.domain.permissions import Actor
from app.services.container import Services
from app.services.customers.dto import CustomerView, SavedVehicle, VehicleView
from app.ui.errors import error_message
from app.ui.formatting import vehicle_title
from app.ui.shared.dialog_factory import DialogFactory
from app.ui.shared.form import FormDialog
from app.ui.tasks import TaskRunner


class CustomerEditing(QObject):
    dialog_opened = Signal(object)  # the FormDialog, for whoever wants to drive it (tests)
    customer_saved = Signal(object)  # CustomerView
    customer_deleted = Signal(object)  # customer id
    vehicle_saved = Signal(object)  # VehicleView
    vehicle_deleted = Signal(object)  # vehicle id
    vehicle_open_requested = Signal(object)  # vehicle id (a duplicate VIN's vehicle)

    def __init__(
        self,
        services: Services,
        actor: Actor,
        runner: TaskRunner,
        dialogs: DialogFactory,
        parent_widget: QWidget,
    ) -> None:
        super().__init__(parent_widget)
        self._customers = services.customers
        self._actor = actor
        self._runner = runner
        self._dialogs = dialogs
        self._parent = parent_widget

    # --- customers -------------------------------------------------------------------
    def new_customer(self) -> None:
        dialog = self._dialogs.customer(self._parent, None)
        dialog.customer_submitted.connect(
            lambda data: self._save(
                dialog, lambda: self._customers.create_customer(self._actor, data), self.customer_saved.emit
            )
        )
        self._open(dialog)

    def edit_customer(self, customer: CustomerView) -> None:
        dialog = self._dialogs.customer(self._parent, customer)

        def save(data: CustomerInput) -> None:
            version = dialog.version  # read now: Reload may have moved it on
            self._save(
                dialog,
                lambda: self._customers.update_customer(self._actor, customer.id, data, version),
                self.customer_saved.emit,
            )

        dialog.customer_submitted.connect(save)
        dialog.reload_requested.connect(
            lambda: self._reload(dialog, lambda: self._customers.get(self._actor, customer.id), dialog.load)
        )
        self._open(dialog)

    def delete_customer(self, customer: CustomerView) -> None:
        count = len(customer.vehicles)
        text = (
            f"Delete {customer.display_name}"
            + (f" and their {count} vehicle(s)" if count else "")
            + "?\n\nThey leave every list; their records stay in the audit trail."
        )
        if not self._dialogs.confirm(self._parent, "Delete customer", text, "Delete customer"):
            return
        self._runner.run(
            lambda: self._customers.delete_customer(self._actor, customer.id, customer.version),
            lambda _none: self.customer_deleted.emit(customer.id),
            self._inform,
        )

    # --- vehicles ----------------------------------------------------------------------
    def add_vehicle(self, customer: CustomerView) -> None:
        dialog = self._dialogs.vehicle(self._parent, None, customer.display_name)
        dialog.vehicle_submitted.connect(
            lambda data: self._save(
                dialog,
                lambda: self._customers.add_vehicle(self._actor, customer.id, data),
                self._vehicle_done,
            )
        )
        dialog.vehicle_open_requested.connect(lambda vid: self._open_existing(dialog, vid))
        self._open(dialog)

    def edit_vehicle(self, vehicle: VehicleView, owner_name: str) -> None:
        dialog = self._dialogs.vehicle(self._parent, vehicle, owner_name)

        def save(data: VehicleInput) -> None:
            version = dialog.version
            self._save(
                dialog,
                lambda: self._customers.update_vehicle(self._actor, vehicle.id, data, version),
                self._vehicle_done,
            )

        dialog.vehicle_submitted.connect(save)
        dialog.vehicle_open_requested.connect(lambda vid: self._open_existing(dialog, vid))
        dialog.reload_requested.connect(
            lambda: self._reload(
                dialog,
                lambda: self._customers.vehicle_history(self._actor, vehicle.id).vehicle,
                dialog.load,
            )
        )
        self._open(dialog)

    def record_odometer(self, vehicle: VehicleView) -> None:
        dialog = self._dialogs.odometer(self._parent, vehicle)
        dialog.odometer_submitted.connect(
            lambda reading, reason: self._save(
                dialog,
                lambda: self._customers.record_odometer(self._actor, vehicle.id, reading, reason),
                self.vehicle_saved.emit,
            )
        )
        self._open(dialog)

    def delete_vehicle(self, vehicle: VehicleView) -> None:
        text = (
            f"Delete {vehicle_title(vehicle)}?\n\nIt leaves every list; its records stay in the audit trail."
        )
        if not self._dialogs.confirm(self._parent, "Delete vehicle", text, "Delete vehicle"):
            return
        self._runner.run(
            lambda: self._customers.delete_vehicle(self._actor, vehicle.id, vehicle.version),
            lambda _none: self.vehicle_deleted.emit(vehicle.id),
            self._inform,
        )

    # --- shared ------------------------------------------------------------------------
    def _open(self, dialog: FormDialog) -> None:
        """Window-modal but not blocking: the event loop (and any test) keeps running."""
        dialog.finished.connect(dialog.deleteLater)
        self.dialog_opened.emit(dialog)
        dialog.open()

    def _save(self, dialog: FormDialog, work: Callable[[], Any], on_saved: Callable[[Any], None]) -> None:
        def saved(result: Any) -> None:
            dialog.set_busy(False)
            dialog.accept()
            on_saved(result)

        self._runner.run(work, saved, dialog.show_error)

    def _reload(self, dialog: FormDialog, fetch: Callable[[], Any], load: Callable[[Any], None]) -> None:
        """After a stale edit: the person chose to see the saved values instead of theirs."""

        def loaded(record: Any) -> None:
            dialog.set_busy(False)
            load(record)
            dialog.show_banner("hint", "Showing the values saved now. Make your change again, then Save.")

        dialog.set_busy(True)  # also keeps the dialog open until the answer lands
        self._runner.run(fetch, loaded, dialog.show_error)

    def _vehicle_done(self, saved: SavedVehicle) -> None:
        self.vehicle_saved.emit(saved.vehicle)

    def _open_existing(self, dialog: FormDialog, vehicle_id: uuid.UUID) -> None:
        dialog.reject()
        self.vehicle_open_requested.emit(vehicle_id)

    def _inform(self, exc: BaseException) -> None:
        self._dialogs.inform(self._parent, "BayDesk", error_message(exc))
