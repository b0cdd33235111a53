"""Opening a customer's pricing (level, labor rate, the vehicle's level, certificates) and saving it."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.domain.permissions import Actor
from app.domain.price_sheet import PriceSheet
from app.services.container import Services
from app.services.customers.dto import CustomerView, VehicleView
from app.ui.customers.pricing_dialog import CustomerPricingDialog, PricingInput, PricingShown
from app.ui.errors import error_message
from app.ui.formatting import vehicle_title
from app.ui.tasks import TaskRunner


class CustomerPricing(QObject):
    dialog_opened = Signal(object)  # CustomerPricingDialog
    saved = Signal()
    failed = Signal(str)

    def __init__(self, services: Services, actor: Actor, runner: TaskRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self.services, self.actor, self.runner, self.parent_widget = services, actor, runner, parent

    def open(self, customer: CustomerView, vehicle: VehicleView | None) -> None:
        def read() -> PricingShown:
            service = self.services.price_sheet
            sheet = service.sheet(self.actor) or PriceSheet()
            mine = service.profile(self.actor, "customer", customer.id)
            theirs = service.profile(self.actor, "vehicle", vehicle.id) if vehicle else None
            return PricingShown(
                sheet,
                mine.price_level if mine else "",
                mine.labor_rate if mine else "",
                vehicle_title(vehicle) if vehicle else None,
                theirs.price_level if theirs else "",
                tuple(service.certificates(self.actor, customer.id)),
            )

        self.runner.run(
            read,
            lambda shown: self._show(customer, vehicle, shown),
            lambda exc: self.failed.emit(error_message(exc)),
        )

    def _show(self, customer: CustomerView, vehicle: VehicleView | None, shown: PricingShown) -> None:
        dialog = CustomerPricingDialog(customer.display_name, shown, self.parent_widget)
        dialog.pricing_submitted.connect(lambda data: self._save(dialog, customer, vehicle, data))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog_opened.emit(dialog)
        dialog.open()

    def _save(
        self,
        dialog: CustomerPricingDialog,
        customer: CustomerView,
        vehicle: VehicleView | None,
        data: PricingInput,
    ) -> None:
        def write() -> None:
            service = self.services.price_sheet
            service.set_profile(self.actor, "customer", customer.id, data.price_level, data.labor_rate)
            if vehicle is not None and data.vehicle_level is not None:
                service.set_profile(self.actor, "vehicle", vehicle.id, data.vehicle_level)
            if data.certificate is not None:
                number, expires, components = data.certificate
                service.add_certificate(self.actor, customer.id, number, expires, components)

        def done(_none: None) -> None:
            dialog.set_busy(False)
            dialog.accept()
            self.saved.emit()

        self.runner.run(write, done, dialog.show_error)
