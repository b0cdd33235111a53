"""Where controllers get their dialogs from.

Controllers never construct a dialog or a message box themselves: they ask
this factory, so a test (or a future touch-screen seat) can hand back its own,
and no modal ``exec()`` ever blocks a test run.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from app.services.customers.dto import CustomerView, VehicleView
from app.ui.customers.customer_dialog import CustomerDialog
from app.ui.customers.odometer_dialog import OdometerDialog
from app.ui.customers.vehicle_dialog import VehicleDialog


class DialogFactory:
    def customer(self, parent: QWidget, existing: CustomerView | None) -> CustomerDialog:
        return CustomerDialog(existing, parent)

    def vehicle(self, parent: QWidget, existing: VehicleView | None, owner_name: str) -> VehicleDialog:
        return VehicleDialog(existing, owner_name, parent)

    def odometer(self, parent: QWidget, vehicle: VehicleView) -> OdometerDialog:
        return OdometerDialog(vehicle, parent)

    def confirm(self, parent: QWidget, title: str, text: str, action: str) -> bool:
        """Ask before something that cannot be undone from this screen; No is the default."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        yes = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Keep", QMessageBox.ButtonRole.RejectRole).setDefault(True)
        box.exec()
        return box.clickedButton() is yes

    def inform(self, parent: QWidget, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)
