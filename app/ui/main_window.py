"""The main window: assembles the working areas, the menus and the status bar. Nothing else.

Customers & vehicles is built with the window, Work orders the first time it
is needed (shown, or asked for by a link); the other areas come from
app/ui/areas.py, each shown only to the roles and terminal modes that use it,
and are built when first shown too. Each area is a view plus its controller,
handed the services and the signed-in actor; there is no global window object
to reach into.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.permissions import ROLE_LABELS, Actor
from app.services.container import Services
from app.services.customers.dto import ShopView, VehicleView
from app.ui.access.idle_lock import SessionLock
from app.ui.areas import AREAS, AreaContext, AreaController, AreaSpec
from app.ui.changes import ChangeBridge
from app.ui.customers.controller import CustomersController
from app.ui.customers.vehicle_work_orders import VehicleWorkOrders
from app.ui.customers.view import CustomersView
from app.ui.entry_focus import TypingGoesToTheArea, focus_entry
from app.ui.first_screen import FirstScreen
from app.ui.formatting import locale_of, use_shop_locale
from app.ui.geometry import PreserveGeometry, first_size
from app.ui.help import data_location_text
from app.ui.lazy_areas import OfficeAreas
from app.ui.menus import FAMILIES, MenuBar, area_actions, menu_text
from app.ui.resources import app_icon, area_icon
from app.ui.shared.dialog_factory import DialogFactory
from app.ui.shortcut_sheet import ShortcutSheet
from app.ui.shortcut_sheet import rows as sheet_rows
from app.ui.shortcuts import AREAS as AREA_HEADINGS
from app.ui.tasks import TaskRunner
from app.ui.widgets import named

if TYPE_CHECKING:
    from app.ui.work_orders.list_controller import WorkOrdersController
    from app.ui.work_orders.list_view import WorkOrdersView


def area_names() -> list[str]:
    """Every area's name, as ``--view`` takes it (whether the signed-in role sees it or not)."""
    return ["customers", "work_orders", *(spec.name for spec in AREAS)]


NAV_ICON = 20  # pixels
WORK_ORDER_MENU_BREAKS = ("refresh", "declined_work", "remove_item", "cancel_order", "print_work_sheet")


class MainWindow(QMainWindow, PreserveGeometry):
    geometry_key = "main_window"

    def __init__(
        self,
        services: Services,
        actor: Actor,
        shop: ShopView,
        terminal_name: str,
        dialogs: DialogFactory | None = None,
    ) -> None:
        super().__init__()
        use_shop_locale(locale_of(shop))  # before any area formats a value
        self.services = services
        self.setWindowTitle(f"BayDesk — {shop.name}")
        self.setWindowIcon(app_icon())
        self.runner = TaskRunner(self)
        self.changes = ChangeBridge(services.changes, self)
        self.navigation = named(QListWidget(), "navigation")
        self.navigation.setAccessibleName("Areas")
        self.navigation.setIconSize(QSize(NAV_ICON, NAV_ICON))
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        self._area_names: list[str] = []
        self._area_labels: dict[str, str] = {}
        self._layout_restored = False  # only a layout the person arranged is worth saving
        self._icon_colours: tuple[int, int] | None = None  # the navigation icons' (text, accent) colours
        self.customers_view = CustomersView()
        self.customers = CustomersController(
            services, actor, self.customers_view, self.runner, self.changes, ZoneInfo(shop.timezone), dialogs
        )
        self._add_area("customers", self.customers_view, "Customers & vehicles")
        self.first_screen = FirstScreen(self, self.customers.results_shown)
        self._add_work_orders(services, actor, ZoneInfo(shop.timezone), dialogs)
        self._add_office_areas(services, actor, shop, dialogs)
        self.navigation.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.navigation.currentRowChanged.connect(self._area_shown)
        # A click (or Enter) in the list puts the cursor in the area; arrow keys only browse it.
        self.navigation.itemClicked.connect(lambda _item: self.focus_area())
        self.navigation.itemActivated.connect(lambda _item: self.focus_area())
        self.typing_to_area = TypingGoesToTheArea(self.navigation, self.focus_area)
        self.navigation.setCurrentRow(0)
        self._fit_navigation()
        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.navigation)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        # idle lock and switch user (before the menus, which offer both)
        self.session_lock = SessionLock(
            self, services, actor, shop.name, terminal_name, self.runner, actor.username
        )
        self.user_switched = self.session_lock.user_switched
        self._build_menus()
        self._build_status_bar(shop, actor, terminal_name)
        first_size(self)

    def _fit_navigation(self) -> None:
        """As wide as the longest area name needs, so the areas keep the rest of a small screen."""
        self.navigation.ensurePolished()
        metrics = self.navigation.fontMetrics()
        longest = max(metrics.horizontalAdvance(label) for label in self._area_labels.values())
        self.navigation.setFixedWidth(min(260, max(170, longest + NAV_ICON + 56)))
        self._paint_navigation_icons()

    def _paint_navigation_icons(self) -> None:
        """Each area's icon in the palette's text colour, the chosen one in the accent colour."""
        palette = QApplication.palette()  # the list's own follows the style sheet's selection colours
        text, accent = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Highlight)
        if self._icon_colours == (text.rgba(), accent.rgba()):
            return  # a palette change that kept these colours (the window's first show makes one)
        self._icon_colours = (text.rgba(), accent.rgba())
        for row, name in enumerate(self._area_names):
            item = self.navigation.item(row)
            item.setIcon(area_icon(name, text, accent, NAV_ICON))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, self._area_labels[name])

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:  # the desktop went dark or light
            self._paint_navigation_icons()
        super().changeEvent(event)

    def _add_area(self, name: str, view: QWidget, label: str) -> None:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, name)
        self._area_labels[name] = label
        shortcut = f" (Ctrl+{len(self._area_names) + 1})" if len(self._area_names) < 9 else ""
        item.setToolTip(f"{label}{shortcut}")
        self.navigation.addItem(item)
        self.stack.addWidget(view)
        self._area_names.append(name)

    def _add_work_orders(
        self, services: Services, actor: Actor, zone: ZoneInfo, dialogs: DialogFactory | None
    ) -> None:
        """The service writer's main screen (its page stays empty until first needed: ``work_orders``),
        and its links from the customers area."""
        self._work_orders_made_with = (services, actor, zone, dialogs)
        self._work_orders: WorkOrdersController | None = None
        self._work_orders_page = QWidget()
        QVBoxLayout(self._work_orders_page).setContentsMargins(0, 0, 0, 0)
        self._add_area("work_orders", self._work_orders_page, "Work orders")
        self.vehicle_work_orders = VehicleWorkOrders(
            services, actor, self.customers_view.history, self.runner, self.changes, zone
        )
        self.customers.history_shown.connect(self.vehicle_work_orders.show_for)
        self.vehicle_work_orders.open_requested.connect(self._open_work_order)
        self.customers.work_order_requested.connect(self._new_work_order)
        for action in self.customers.actions.all():  # Ctrl+N, Ctrl+F... act in the area the keyboard is in
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.customers_view.addAction(action)

    @property
    def work_orders(self) -> WorkOrdersController:
        """The Work orders area's controller; the area is built the first time this is read."""
        if self._work_orders is None:
            self._build_work_orders()
        assert self._work_orders is not None
        return self._work_orders

    @property
    def work_orders_view(self) -> WorkOrdersView:
        return self.work_orders.view

    def _build_work_orders(self) -> None:
        """The Work orders area in its page of the stack, linked, with its menu and its splitters."""
        from app.ui.work_orders.dialogs import WorkOrderDialogs
        from app.ui.work_orders.list_controller import WorkOrdersController
        from app.ui.work_orders.list_view import WorkOrdersView

        services, actor, zone, dialogs = self._work_orders_made_with
        view = WorkOrdersView()
        self._work_orders = WorkOrdersController(
            services, actor, view, self.runner, self.changes, zone, WorkOrderDialogs(dialogs)
        )
        layout = self._work_orders_page.layout()
        assert layout is not None
        layout.addWidget(view)
        self._work_orders.work_order_opened.connect(lambda _id: self.show_area("work_orders"))
        if self._layout_restored:  # the window's layout was restored before this area existed
            self.restore_splitters(self._work_order_splitters())
        if hasattr(self, "menu_bar"):
            self._add_work_orders_menu()
            self.menu_bar.show_area(self._area_names[self.navigation.currentRow()])

    def _start_work_orders(self) -> None:
        """The Work orders area built and filling (once), as when the person first opens it."""
        self._keeping_focus(self.work_orders.start)

    def _new_work_order(self, vehicle: VehicleView | None) -> None:
        self._start_work_orders()
        self.work_orders.new_work_order(vehicle)

    def _keeping_focus(self, fill: Callable[[], None]) -> None:
        """Filling an area leaves the cursor be (browsing the list); entering the area moves it."""
        focused = QApplication.focusWidget()
        fill()
        if focused is not None and QApplication.focusWidget() is not focused:
            focused.setFocus()

    def _area_shown(self, row: int) -> None:
        if self._area_names[row] == "work_orders":
            self._start_work_orders()  # once: also for a --screenshot of this area
        if hasattr(self, "menu_bar"):
            self.menu_bar.show_area(self._area_names[row])

    def area_list(self) -> list[tuple[str, str]]:
        """(name, label) of every area this window has, in the order of the list on the left."""
        return [(name, self._area_labels[name]) for name in self._area_names]

    def focus_area(self, name: str | None = None) -> None:
        """The cursor where work starts in the area shown (its search box, scan field, list)."""
        name = name or self._area_names[self.navigation.currentRow()]
        if name == "customers":
            self.customers_view.focus_search()
        elif name == "work_orders":
            self.work_orders.focus_entry()
        else:
            focus_entry(self.office_areas[name], self.area_views[name])

    def _add_office_areas(
        self, services: Services, actor: Actor, shop: ShopView, dialogs: DialogFactory | None
    ) -> None:
        """The areas of app/ui/areas.py this person's role may use, each built and filled when first
        shown (until then its page in the stack is empty)."""
        context = AreaContext(
            services, actor, shop, ZoneInfo(shop.timezone), self.runner, self.changes, dialogs
        )
        specs = [
            spec for spec in AREAS if spec.shown_to(actor)
        ]  # the role's permissions, the terminal's mode
        self.office_areas = OfficeAreas(specs, context, self._area_built)
        self.area_views = self.office_areas.views
        self._office_started: set[str] = set()
        self._placeholders: dict[str, QWidget] = {}
        for spec in specs:
            page = QWidget()  # the area's place in the stack; its view goes in when built
            QVBoxLayout(page).setContentsMargins(0, 0, 0, 0)
            self._placeholders[spec.name] = page
            self._add_area(spec.name, page, spec.label)
        # Before the stack turns to it (connected first), so the area is there when it is shown;
        # shown before start() (a --screenshot of the area): filled then.
        self.navigation.currentRowChanged.connect(lambda row: self._start_office_area(self._area_names[row]))

    def _area_built(self, spec: AreaSpec, view: QWidget, controller: AreaController) -> None:
        """An office area just made: in its page of the stack, linked, with its menu."""
        self._link_area(controller)
        page = self._placeholders[spec.name]
        layout = page.layout()
        assert layout is not None
        layout.addWidget(view)
        if hasattr(self, "menu_bar"):
            self._add_area_menu(spec, view, controller)
            self.menu_bar.show_area(self._area_names[self.navigation.currentRow()])

    def _add_area_menu(self, spec: AreaSpec, view: QWidget, controller: AreaController) -> None:
        if spec.menu:
            self.menu_bar.add_area(spec.name, spec.menu, controller.actions.all())  # type: ignore[attr-defined]
        else:
            title = "&" + menu_text(self._area_labels[spec.name])
            self.menu_bar.add_area(spec.name, title, area_actions(spec.name, view))

    def _link_area(self, controller: AreaController) -> None:
        """An area that points elsewhere (a vehicle, a work order, another area) is answered here."""
        for signal_name, slot in (
            ("vehicle_open_requested", self._open_vehicle),
            ("work_order_open_requested", self._open_work_order),
            ("appointment_open_requested", self._open_appointment),
            ("area_requested", self.show_area),
        ):
            signal = getattr(controller, signal_name, None)
            if signal is not None:
                signal.connect(slot)

    def _open_work_order(self, work_order_id: uuid.UUID) -> None:
        self.show_area("work_orders")
        self.work_orders.open_work_order(work_order_id)

    def _open_appointment(self, appointment_id: uuid.UUID) -> None:
        schedule = self.office_areas.get("schedule")
        self.show_area("schedule")
        if schedule is not None:
            schedule.open_appointment(appointment_id)  # type: ignore[attr-defined]

    def _start_office_area(self, name: str) -> None:
        if name in self.office_areas and name not in self._office_started:
            self._office_started.add(name)
            self._keeping_focus(self.office_areas[name].start)

    def _open_vehicle(self, vehicle_id: uuid.UUID) -> None:
        self.show_area("customers")
        self.customers.open_vehicle(vehicle_id)

    def _build_menus(self) -> None:
        self.menu_bar = MenuBar(self)
        self.menu_bar.add_area(
            "customers", "&Customers", self.customers.actions.all(), ("find", "delete_customer")
        )
        if self._work_orders is not None:
            self._add_work_orders_menu()
        self.menu_bar.finish()  # the menu of an area built later comes when it is built
        self.menu_bar.show_area(self._area_names[self.navigation.currentRow()])

    def _add_work_orders_menu(self) -> None:
        self.menu_bar.add_area(
            "work_orders",
            "&Work orders",
            [*self.work_orders.actions.all(), *self.work_orders.editor.actions.all()],
            WORK_ORDER_MENU_BREAKS,
        )

    def _build_status_bar(self, shop: ShopView, actor: Actor, terminal_name: str) -> None:
        bar = self.statusBar()
        self.status_labels = {
            "shop": QLabel(shop.name),
            "user": QLabel(f"{actor.name} ({ROLE_LABELS[actor.role]})"),
            "terminal": QLabel(f"Terminal: {terminal_name}"),
            "database": QLabel(self.services.database_label()),
        }
        self.status_labels["database"].setToolTip("The database this terminal works on")
        for name, label in self.status_labels.items():
            label.setObjectName(f"status_{name}")
            bar.addPermanentWidget(label, 1 if name == "database" else 0)
        from app.ui.bays.live_status import LiveStatus  # other terminals' changes

        self.live_status = LiveStatus(bar, self.changes, self.services, actor.shop_id)
        from app.ui.settings.backup_status import add_backup_status  # the daily backup

        self.backup_status = add_backup_status(bar, self.services, self.runner, start=False)
        self.first_screen.later(self.backup_status.start)
        from app.ui.alerts.status import add_alert_status  # the count, notifications, the evaluation

        self.alert_status = add_alert_status(bar, self.services, actor, self.runner, self.changes, load=False)
        self.first_screen.later(self.alert_status.load)
        self.alert_status.area_requested.connect(self.show_area)
        from app.ui.report_status import add_report_status  # reports from a standby, or not

        self.report_status = add_report_status(bar, self.services, self.runner)

    # --- what app.py and the menus call ------------------------------------------------------
    def start(self) -> None:
        """Fill the customer list and put the cursor in the search box; the rest starts once the list
        has answered (app/ui/first_screen.py)."""
        self.restore_geometry()
        self._layout_restored = True
        self.customers.start()
        self.first_screen.expect_answer()
        for work in (
            self.session_lock.start,
            self.live_status.start,
            self.alert_status.start,
        ):
            self.first_screen.later(work)
        if self._work_orders is not None:  # built before this (else: filled when first shown)
            self.first_screen.later(self._start_work_orders)
        for name in self.office_areas.built():  # shown before this (the others: when first shown)
            self._start_office_area(name)
        self.customers_view.focus_search()

    def show_area(self, name: str) -> bool:
        """Show the area and put the cursor in it (Ctrl+1..9, the Go menu, a link from another area)."""
        if name not in self._area_names:
            return False
        self.navigation.setCurrentRow(self._area_names.index(name))
        self.focus_area(name)
        return True

    def show_shortcut_sheet(self) -> ShortcutSheet:
        """F1: the keys of every area this window has."""
        shown = ["window", "dialog"]
        for name in self._area_names:
            family = FAMILIES.get(name, name)
            shown += [a for a in AREA_HEADINGS if a == family or a.startswith(family + ".")]
        if "settings" in self._area_names:
            shown.append("canned_job_dialog")
        sheet = ShortcutSheet(sheet_rows(shown, [label for _n, label in self.area_list()]), self)
        sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        sheet.show()
        return sheet

    def show_data_location(self) -> None:
        QMessageBox.information(self, "Where the data lives", data_location_text(self.services))

    def is_settled(self) -> bool:
        """No service call running and no search waiting to start (for ``--screenshot``)."""
        offices_settled = all(area.is_settled() for area in self.office_areas.built().values())
        work_orders_settled = self._work_orders is None or self._work_orders.is_settled()
        areas_settled = self.customers.is_settled() and work_orders_settled and offices_settled
        return self.runner.is_idle() and areas_settled and self.first_screen.is_done()

    def show_about(self) -> None:
        from app import __version__  # read from the package metadata when first shown

        QMessageBox.about(
            self,
            "About BayDesk",
            f"<h3>BayDesk {__version__}</h3>"
            "<p>Point of sale and shop floor for independent auto repair shops.</p>"
            f"<p>Database: {self.services.database_label()}</p>",
        )

    def remembered_splitters(self) -> dict[str, QSplitter]:
        """The splitters of the areas built so far (an area not built keeps what was saved for it)."""
        customers = {
            "customers-main": self.customers_view.main_splitter,
            "customers-lower": self.customers_view.lower_splitter,
        }
        return {**customers, **self._work_order_splitters()} if self._work_orders is not None else customers

    def _work_order_splitters(self) -> dict[str, QSplitter]:
        editor = self.work_orders_view.editor
        return {"work-order-main": editor.main_splitter, "work-order-lower": editor.lower_splitter}

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._layout_restored:  # not a --screenshot run, whose size is fixed
            self.save_geometry()
        self.shut_down()
        event.accept()

    def shut_down(self) -> None:
        """Stop all this window started, so that nothing of it runs once it is gone (switch user).

        The live feed and its connection end, the change bridge lets go of the
        services' hub (which outlives the window), every timer of every area
        stops, and a save under way finishes before the process may end.
        """
        self.first_screen.cancel()
        self.session_lock.stop()
        self.live_status.stop()
        self.alert_status.stop()
        self.report_status.stop()
        self.changes.close()
        for timer in self.findChildren(QTimer):
            timer.stop()
        self.runner.wait()  # let a save that is under way finish before the process ends
