"""The Parts counter area: its tabs' controllers, and shelf-label printing.

``start()`` fills the area the first time it is shown; ``is_settled()`` says
no call is under way (for ``--screenshot`` and the tests).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt

from app.domain.permissions import Action, Actor
from app.services.container import Services
from app.ui.changes import ChangeBridge
from app.ui.formatting import shop_locale
from app.ui.parts.counter_controller import PartsCounterController
from app.ui.parts.requests_controller import RequestsController
from app.ui.parts.returns_controller import ReturnsController
from app.ui.parts.stock_controller import (
    CountController,
    ReceivingController,
    StockSettingsController,
    add_action,
)
from app.ui.parts.view import PartsView
from app.ui.printing import Document, DocumentPaper, PaperDialogs
from app.ui.tasks import TaskRunner
from app.ui.widgets import set_level


class PartsAreaController(QObject):
    def __init__(
        self,
        services: Services,
        actor: Actor,
        view: PartsView,
        runner: TaskRunner,
        changes: ChangeBridge,
        paper: PaperDialogs | None = None,
        letterhead: tuple[str, ...] = (),
    ) -> None:
        super().__init__(view)
        self.view = view
        self.services = services
        self.actor = actor
        self.runner = runner
        dialogs = paper or PaperDialogs()
        self.paper = DocumentPaper(runner, view, dialogs)
        self.paper.message.connect(lambda level, text: set_level(view.counter.search_message, level, text))
        self.counter = PartsCounterController(services, actor, view.counter, runner, changes)
        self.receiving = ReceivingController(
            services, actor, view.receiving, runner, changes, DocumentPaper(runner, view, dialogs), letterhead
        )
        self.count = CountController(
            services, actor, view.count, runner, DocumentPaper(runner, view, dialogs)
        )
        self.requests = RequestsController(services, actor, view.requests, runner, changes)
        self.returns = ReturnsController(
            services, actor, view.returns, runner, changes, DocumentPaper(runner, view, dialogs), letterhead
        )
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
            self.requests.load()
            self.returns.load()
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
            and self.requests.is_settled()
            and self.returns.is_settled()
            and (self.settings is None or self.settings.is_settled())
            and self.runner.is_idle()
        )

    def _tab_changed(self, index: int) -> None:
        if self.view.tabs.widget(index) is self.view.counter:
            self.counter.focus_search()
        elif self.view.tabs.widget(index) is self.view.settings:
            self.view.settings.policy_combo.setFocus(Qt.FocusReason.TabFocusReason)
        elif self.view.tabs.widget(index) is self.view.requests:
            self.view.requests.code_edit.setFocus(Qt.FocusReason.TabFocusReason)
        elif self.view.tabs.widget(index) is self.view.returns:
            self.view.returns.special_orders.setFocus(Qt.FocusReason.TabFocusReason)
        elif self.view.tabs.widget(index) is self.view.receiving:
            self.view.receiving.receiving.setFocus(Qt.FocusReason.TabFocusReason)
        else:
            self.view.count.bin_edit.setFocus(Qt.FocusReason.TabFocusReason)

    def print_label(self) -> None:
        """The selected part's shelf label on the shop's label sheet, previewed to print or save."""
        part = self.counter.selected_part()
        if part is None:
            set_level(self.view.counter.search_message, "hint", "Select the part whose shelf label to print.")
            return
        shop = shop_locale()

        def render() -> bytes:
            from app.reports.labels import labels_pdf

            return labels_pdf(self.services.parts.shelf_labels(self.actor, [part.id]), shop)

        self.paper.preview(Document(f"Shelf label {part.sku}", f"label-{part.sku}.pdf", render))
