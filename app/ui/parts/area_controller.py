"""The Parts counter area: its three tabs' controllers, and shelf-label printing.

``start()`` fills the area the first time it is shown; ``is_settled()`` says
no call is under way (for ``--screenshot`` and the tests).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QWidget

from app.domain.errors import BayDeskError
from app.domain.permissions import Action, Actor
from app.services.container import Services
from app.ui.changes import ChangeBridge
from app.ui.errors import error_message
from app.ui.parts.counter_controller import PartsCounterController
from app.ui.parts.stock_controller import (
    CountController,
    PdfPath,
    ReceivingController,
    StockSettingsController,
    add_action,
)
from app.ui.parts.view import PartsView
from app.ui.tasks import TaskRunner
from app.ui.widgets import set_level


def save_pdf_path(parent: QWidget, title: str, suggested: str) -> Path | None:
    """Where to save a PDF (the system's file dialog); None when the person cancels."""
    from app.ui.work_orders.dialogs import WorkOrderDialogs

    return WorkOrderDialogs().pdf_path(parent, title, suggested)


def show_pdf(path: Path) -> None:
    from app.ui.work_orders.dialogs import WorkOrderDialogs

    WorkOrderDialogs().show_pdf(path)


class PartsAreaController(QObject):
    def __init__(
        self,
        services: Services,
        actor: Actor,
        view: PartsView,
        runner: TaskRunner,
        changes: ChangeBridge,
        zone_name: str,
        pdf_path: PdfPath | None = save_pdf_path,
    ) -> None:
        super().__init__(view)
        self.view = view
        self.services = services
        self.actor = actor
        self.runner = runner
        self.pdf_path = pdf_path
        self.counter = PartsCounterController(services, actor, view.counter, runner, changes)
        self.receiving = ReceivingController(services, actor, view.receiving, runner, changes)
        self.count = CountController(services, actor, view.count, runner, zone_name, pdf_path)
        self.settings: StockSettingsController | None = None
        if actor.can(Action.MANAGE_SETTINGS):
            view.tabs.addTab(view.settings, "S&tock settings")
            self.settings = StockSettingsController(services, actor, view.settings, runner)
        view.counter.label_button.clicked.connect(self.print_label)
        add_action(
            view.counter, "parts.counter", "print_shelf_label", "Print the shelf label", self.print_label
        )
        view.tabs.currentChanged.connect(self._tab_changed)
        self._started = False

    def start(self) -> None:
        if not self._started:
            self._started = True
            self.receiving.load()
            if self.settings is not None:
                self.settings.load()
        self.counter.focus_search()

    def focus_entry(self) -> None:
        """Entering the area: the cursor where the shown tab's work starts (the counter: the scan box)."""
        self._tab_changed(self.view.tabs.currentIndex())

    def is_settled(self) -> bool:
        return (
            self.counter.is_settled()
            and self.receiving.is_settled()
            and self.count.is_settled()
            and (self.settings is None or self.settings.is_settled())
            and self.runner.is_idle()
        )

    def _tab_changed(self, index: int) -> None:
        if self.view.tabs.widget(index) is self.view.counter:
            self.counter.focus_search()
        elif self.view.tabs.widget(index) is self.view.settings:
            self.view.settings.policy_combo.setFocus(Qt.FocusReason.TabFocusReason)
        elif self.view.tabs.widget(index) is self.view.receiving:
            self.view.receiving.receiving.setFocus(Qt.FocusReason.TabFocusReason)
        else:
            self.view.count.bin_edit.setFocus(Qt.FocusReason.TabFocusReason)

    def print_label(self) -> None:
        part = self.counter.selected_part()
        message = self.view.counter.search_message
        if part is None or self.pdf_path is None:
            set_level(message, "hint", "Select the part whose shelf label to print.")
            return
        path = self.pdf_path(self.view, "Save the shelf label as PDF", f"label-{part.sku}.pdf")
        if path is None:
            return

        def write() -> Path:
            from app.reports.labels import labels_pdf

            labels = self.services.parts.shelf_labels(self.actor, [part.id])
            try:
                path.write_bytes(labels_pdf(labels))
            except OSError as exc:
                raise BayDeskError(f"BayDesk could not write {path}: {exc.strerror or exc}.") from exc
            return path

        def saved(path: Path) -> None:
            set_level(message, "ok", f"Label saved to {path}")
            show_pdf(path)

        self.runner.run(write, saved, lambda exc: set_level(message, "error", error_message(exc)))
