"""The window host: one main window at a time, rebuilt for whoever signs in at "Switch user".

A new person gets a window built for their role and this terminal's mode
(areas, menus); the previous person's window closes once the new one shows,
letting any save under way finish first.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from app.domain.permissions import Actor
from app.services.container import Services
from app.services.customers.dto import ShopView
from app.ui.main_window import MainWindow
from app.ui.shared.dialog_factory import DialogFactory


class WindowHost(QObject):
    def __init__(
        self,
        services: Services,
        shop: ShopView,
        terminal_name: str,
        dialogs: DialogFactory | None = None,
    ) -> None:
        super().__init__()
        self.services = services
        self.shop = shop
        self.terminal_name = terminal_name
        self.dialogs = dialogs
        self.window: MainWindow | None = None

    def open(self, actor: Actor) -> MainWindow:
        window = MainWindow(self.services, actor, self.shop, self.terminal_name, self.dialogs)
        window.user_switched.connect(self._switch)
        previous, self.window = self.window, window
        window.show()
        # The keyboard goes to the new window: without this, on a terminal with no
        # window manager the window shows but its shortcuts are dead until clicked.
        window.raise_()
        window.activateWindow()
        window.start()
        if previous is not None:
            previous.close()
            previous.deleteLater()
        return window

    def _switch(self, actor: Actor) -> None:
        self.open(actor)
