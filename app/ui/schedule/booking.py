"""Booking a car in and changing an appointment: the dialog asks, this searches, saves and says how it went.

A refusal for capacity comes back to the open dialog, which then asks for
the reason; the next save carries it. Nothing the person typed is lost.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from app.domain.permissions import Actor
from app.services.container import Services
from app.services.schedule.appointments import Booking
from app.services.schedule.dto import AppointmentView, Resource
from app.ui.schedule.appointment_dialog import AppointmentDialog, AppointmentForm, Proposal
from app.ui.schedule.dialogs import ScheduleDialogs
from app.ui.tasks import TaskRunner

SEARCH_DELAY_MS = 150


class BookingFlow(QObject):
    dialog_opened = Signal(object)  # the AppointmentDialog (tests drive it)
    appointment_saved = Signal(object)  # AppointmentView

    def __init__(
        self,
        services: Services,
        actor: Actor,
        runner: TaskRunner,
        dialogs: ScheduleDialogs,
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

    def open(
        self,
        bays: Sequence[Resource],
        technicians: Sequence[Resource],
        proposal: Proposal,
        existing: AppointmentView | None = None,
    ) -> AppointmentDialog:
        """A new appointment at ``proposal``, or ``existing`` to change."""
        dialog = self.dialogs.appointment(
            self.parent_widget, self.zone, bays, technicians, proposal, existing
        )
        timer = QTimer(dialog)
        timer.setSingleShot(True)
        timer.setInterval(SEARCH_DELAY_MS)
        timer.timeout.connect(lambda: self._search(dialog))
        dialog.search_requested.connect(lambda _text: timer.start())
        dialog.customer_chosen.connect(lambda cid, vid: self._customer(dialog, cid, vid))
        dialog.appointment_submitted.connect(lambda form: self._save(dialog, form))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog_opened.emit(dialog)
        dialog.open()
        return dialog

    def _search(self, dialog: AppointmentDialog) -> None:
        text = dialog.search_edit.text()
        if not text.strip():
            dialog.show_hits([])
            return
        self.runner.run(
            lambda: self.services.customers.search(self.actor, text),
            dialog.show_hits,
            dialog.show_error,
            channel="appointment_search",
        )

    def _customer(
        self, dialog: AppointmentDialog, customer_id: uuid.UUID, vehicle_id: uuid.UUID | None
    ) -> None:
        self.runner.run(
            lambda: self.services.customers.get(self.actor, customer_id),
            lambda customer: dialog.show_customer(customer, vehicle_id),
            dialog.show_error,
            channel="appointment_customer",
        )

    def _save(self, dialog: AppointmentDialog, form: AppointmentForm) -> None:
        existing = dialog.existing

        def work() -> AppointmentView:
            if existing is not None:
                return self.services.appointments.update(
                    self.actor, existing.id, form.change, existing.version, form.override_reason
                )
            booking = Booking(
                form.change, form.vehicle_id, form.customer_id, form.new_customer, form.new_vehicle
            )
            return self.services.appointments.book(self.actor, booking, form.override_reason)

        def saved(view: AppointmentView) -> None:
            dialog.set_busy(False)
            dialog.accept()
            self.appointment_saved.emit(view)

        self.runner.run(work, saved, dialog.show_error)
