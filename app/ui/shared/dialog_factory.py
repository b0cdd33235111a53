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

    def confirm(self, parent: QWidget, title: str, text: str, action: str, keep: str = "Keep") -> bool:
        """Ask before something that cannot be undone from this screen; keeping things is the default.

        The keep button is the default and has the focus; the action's button
        never takes Return or Enter, even with the focus on it (a click, its
        mnemonic or Space presses it), so a person typing on cannot do it by
        accident.
        """
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        yes = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        yes.setAutoDefault(False)
        no = box.addButton(keep, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        box.exec()
        return box.clickedButton() is yes

    def inform(self, parent: QWidget, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)
