"""Book a car in, or change an appointment: who (found, or typed in now), when, how long, where, why.

From the keyboard: type a name, phone or plate, Enter takes the best match,
Enter again takes its car (a customer with one car gets it at once), and
the cursor lands on the drop-off time. A new customer or car is typed into
"New car" without leaving the dialog. When the day is full, the service's
reason comes back beside "Reason to book over capacity"; typing one and
saving again books it anyway, as the bay board's override does.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTime, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QTableView,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.customers import CustomerInput, VehicleInput
from app.domain.schedule import SOURCE_LABELS, Source
from app.services.customers.dto import CustomerHit, CustomerView, VehicleView
from app.services.schedule.appointments import AppointmentChange
from app.services.schedule.dto import AppointmentView, Resource
from app.ui.customers.tables import CustomerHitsModel, VehiclesModel
from app.ui.formatting import qdatetime, qt_date_format, qt_datetime_format, qt_time_format, vehicle_title
from app.ui.shared.form import FormDialog
from app.ui.shared.table_model import SortProxy
from app.ui.widgets import SearchLineEdit, configure_table, focus_first_row, named, section_label

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


@dataclass(frozen=True)
class AppointmentForm:
    """What the dialog hands its controller: the car (chosen or new) and the booking."""

    change: AppointmentChange
    vehicle_id: uuid.UUID | None
    customer_id: uuid.UUID | None
    new_customer: CustomerInput | None
    new_vehicle: VehicleInput | None
    override_reason: str


@dataclass(frozen=True)
class Proposal:
    """Where a new appointment starts out: the shown day's first free time, or the place clicked."""

    start: datetime
    hours: Decimal = Decimal(1)
    bay_id: uuid.UUID | None = None
    technician_id: uuid.UUID | None = None


class AppointmentDialog(FormDialog):
    search_requested = Signal(str)
    customer_chosen = Signal(object, object)  # customer id, vehicle id (a plate match) or None
    appointment_submitted = Signal(object)  # AppointmentForm
    geometry_key = "appointment_dialog"

    def __init__(
        self,
        zone: ZoneInfo,
        bays: Sequence[Resource],
        technicians: Sequence[Resource],
        proposal: Proposal,
        existing: AppointmentView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Change appointment" if existing else "New appointment", parent)
        self.zone = zone
        self.existing = existing
        self.vehicle_id: uuid.UUID | None = existing.vehicle_id if existing else None
        self.customer_id: uuid.UUID | None = existing.customer_id if existing else None
        self.hits = CustomerHitsModel(self)
        self.vehicles = VehiclesModel(self)
        self._build_who()
        self._build_when(bays, technicians)
        self.assemble(self._body())
        self._connect()
        self.setMinimumWidth(900)
        self.restore_geometry()
        self._fill(existing, proposal)

    # --- building -------------------------------------------------------------------------------
    def _build_who(self) -> None:
        self.search_edit = named(SearchLineEdit(placeholderText="Customer name, phone or plate"), "search")
        self.hits_table = QTableView()
        self.vehicles_table = QTableView()
        configure_table(self.hits_table, SortProxy(self.hits, self), "hits")
        configure_table(self.vehicles_table, SortProxy(self.vehicles, self), "vehicles")
        self.hits_table.setMinimumHeight(96)
        self.vehicles_table.setMaximumHeight(90)
        self.chosen_label = named(QLabel("No car chosen yet."), "chosen_vehicle")
        self.chosen_label.setWordWrap(True)
        self.new_car = named(QGroupBox("&New car (typed in now)"), "new_car")
        self.new_car.setCheckable(True)
        self.new_car.setChecked(False)
        self.first_name = named(QLineEdit(), "first_name")
        self.last_name = named(QLineEdit(), "last_name")
        self.phone = named(QLineEdit(), "phone")
        self.year = named(QLineEdit(placeholderText="2019"), "year")
        self.make = named(QLineEdit(placeholderText="Honda"), "make")
        self.model = named(QLineEdit(placeholderText="Civic"), "model")
        self.plate = named(QLineEdit(), "plate")
        form = QFormLayout(self.new_car)
        self._car_form = form
        self._owner_rows = [
            ("First name", self.field("first_name", self.first_name)),
            ("Last name", self.field("last_name", self.last_name)),
            ("Phone", self.field("phone", self.phone)),
        ]
        for label, widget in self._owner_rows:
            form.addRow(label, widget)
        car = QHBoxLayout()
        for widget, name in ((self.year, "year"), (self.make, "make"), (self.model, "model")):
            car.addWidget(self.field(name, widget))
        form.addRow("Year, make, model", car)
        form.addRow("Plate", self.field("plate", self.plate))

    def _build_when(self, bays: Sequence[Resource], technicians: Sequence[Resource]) -> None:
        self.day_edit = named(QDateEdit(), "day")
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat(qt_date_format(weekday=True))
        self.time_edit = named(QTimeEdit(), "drop_off_time")
        self.time_edit.setDisplayFormat(qt_time_format())
        self.hours_spin = named(QDoubleSpinBox(), "expected_hours")
        self.hours_spin.setRange(0.25, 24)
        self.hours_spin.setSingleStep(0.25)
        self.hours_spin.setDecimals(2)
        self.hours_spin.setSuffix(" h")
        self.promised_check = named(QCheckBox("&Promised"), "promised_check")
        self.promised_edit = named(QDateTimeEdit(), "promised")
        self.promised_edit.setDisplayFormat(qt_datetime_format(weekday=True))
        self.bay_combo = named(QComboBox(), "bay")
        self.bay_combo.addItem("Any bay", "")
        for bay in bays:
            self.bay_combo.addItem(bay.name + (f" ({bay.note})" if bay.note else ""), str(bay.id))
        self.technician_combo = named(QComboBox(), "technician")
        self.technician_combo.addItem("Any technician", "")
        for tech in technicians:
            self.technician_combo.addItem(tech.name, str(tech.id))
        self.waits = named(QRadioButton("&Waits at the shop"), "waits")
        self.drops_off = named(QRadioButton("Drops the car &off"), "drops_off")
        self.source_combo = named(QComboBox(), "source")
        for source, label in SOURCE_LABELS.items():
            self.source_combo.addItem(label, source.value)
        self.concern_edit = named(QPlainTextEdit(), "concern")
        self.concern_edit.setTabChangesFocus(True)
        self.concern_edit.setPlaceholderText("What the customer says: noise, light on, service due…")
        self.concern_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 14)
        self.reason_edit = named(
            QLineEdit(placeholderText="e.g. fleet contract, owner's approval"), "override_reason"
        )

    def _body(self) -> QWidget:
        who = QVBoxLayout()
        self._search_box = QWidget()
        search = QVBoxLayout(self._search_box)
        search.setContentsMargins(0, 0, 0, 0)
        search.addWidget(section_label("Who"))
        search.addWidget(self.field("vehicle", self.search_edit))
        search.addWidget(self.hits_table, 1)
        search.addWidget(self.vehicles_table)
        who.addWidget(self._search_box, 1)
        who.addWidget(self.chosen_label)
        who.addWidget(self.new_car)
        when = QFormLayout()
        when.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        day_time = QHBoxLayout()
        day_time.addWidget(self.day_edit, 2)
        day_time.addWidget(self.time_edit, 1)
        when.addRow("&Drop-off", self.field("drop_off_at", self._row(day_time)))
        when.addRow("&Expected", self.field("expected_hours", self.hours_spin))
        when.addRow(self.promised_check, self.field("promised_at", self.promised_edit))
        when.addRow("&Bay", self.field("bay_id", self.bay_combo))
        when.addRow("&Technician", self.field("technician_id", self.technician_combo))
        waiting = QHBoxLayout()
        waiting.addWidget(self.waits)
        waiting.addWidget(self.drops_off)
        when.addRow("", self._row(waiting))
        when.addRow("&Source", self.field("source", self.source_combo))
        when.addRow("&Concern", self.field("concern", self.concern_edit))
        self._reason_label = QLabel("&Reason to book over capacity")
        self._reason_label.setBuddy(self.reason_edit)
        self._reason_row = self.field("capacity", self.reason_edit)
        when.addRow(self._reason_label, self._reason_row)
        self._when_form = when
        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(who, 5)
        row.addSpacing(12)
        right = QVBoxLayout()
        right.addWidget(section_label("When and where"))
        right.addLayout(when)
        right.addStretch(1)
        row.addLayout(right, 4)
        return body

    @staticmethod
    def _row(layout: QHBoxLayout) -> QWidget:
        holder = QWidget()
        layout.setContentsMargins(0, 0, 0, 0)
        holder.setLayout(layout)
        return holder

    def _connect(self) -> None:
        self.set_tab_order(
            [
                self.search_edit,
                self.hits_table,
                self.vehicles_table,
                self.new_car,
                self.first_name,
                self.last_name,
                self.phone,
                self.year,
                self.make,
                self.model,
                self.plate,
                self.day_edit,
                self.time_edit,
                self.hours_spin,
                self.promised_check,
                self.promised_edit,
                self.bay_combo,
                self.technician_combo,
                self.waits,
                self.drops_off,
                self.source_combo,
                self.concern_edit,
                self.reason_edit,
            ]
        )
        self.search_edit.textChanged.connect(self.search_requested.emit)
        self.search_edit.down_pressed.connect(lambda: focus_first_row(self.hits_table))
        for watched in (self.search_edit, self.hits_table, self.vehicles_table):
            watched.installEventFilter(self)
        self.hits_table.doubleClicked.connect(lambda _i: self._take_hit())
        self.vehicles_table.doubleClicked.connect(lambda _i: self._take_vehicle())
        self.promised_check.toggled.connect(self.promised_edit.setEnabled)
        self.new_car.toggled.connect(self._new_car_toggled)
        self.time_edit.timeChanged.connect(lambda _t: self._follow_promise())
        self.hours_spin.valueChanged.connect(lambda _v: self._follow_promise())
        self.waits.toggled.connect(lambda _on: self._follow_promise())

    def _fill(self, existing: AppointmentView | None, proposal: Proposal) -> None:
        start = (existing.drop_off_at if existing else proposal.start).astimezone(self.zone)
        self.day_edit.setDate(QDate(start.year, start.month, start.day))
        self.time_edit.setTime(QTime(start.hour, start.minute))
        self.hours_spin.setValue(float(existing.expected_hours if existing else proposal.hours))
        self._select(self.bay_combo, existing.bay_id if existing else proposal.bay_id)
        self._select(self.technician_combo, existing.technician_id if existing else proposal.technician_id)
        (self.waits if existing and existing.waiting else self.drops_off).setChecked(True)
        self._select(self.source_combo, existing.source if existing else Source.PHONE.value)
        self._promise_touched = existing is not None and existing.promised_at is not None
        self.promised_check.setChecked(existing is None or existing.promised_at is not None)
        self._follow_promise()
        if existing is not None:
            if existing.promised_at is not None:
                self.promised_edit.setDateTime(qdatetime(existing.promised_at.astimezone(self.zone)))
            self.concern_edit.setPlainText(existing.concern)
            self.chosen_label.setText(f"{existing.vehicle} {existing.plate} — {existing.customer}")
            self._search_box.hide()
            self.new_car.hide()
            self.focus_time()
        else:
            self.search_edit.setFocus()
        self.promised_edit.dateTimeChanged.connect(self._promise_edited)
        self._show_reason(False)

    @staticmethod
    def _select(combo: QComboBox, data: object) -> None:
        """Items carry text (ids as text): a UUID inside a QVariant does not compare equal."""
        combo.setCurrentIndex(max(0, combo.findData("" if data is None else str(data))))

    # --- choosing the car -----------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the search box or a table chooses, instead of moving to the next field."""
        if (
            not (isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress)
            or event.key() not in _ENTER
        ):
            return super().eventFilter(watched, event)
        if watched is self.vehicles_table:
            self._take_vehicle()
        else:
            self._take_hit()
        return True

    def show_hits(self, hits: Sequence[CustomerHit]) -> None:
        self.hits.set_rows(hits)
        if hits:
            self.hits_table.selectRow(0)

    def _take_hit(self) -> None:
        index = self.hits_table.currentIndex()
        proxy = self.hits_table.model()
        hit = proxy.row_at(index.row()) if index.isValid() and isinstance(proxy, SortProxy) else None
        if hit is None and self.hits.rowCount():
            hit = self.hits.row_at(0)
        if isinstance(hit, CustomerHit):
            self.customer_chosen.emit(hit.customer_id, hit.vehicle_id)

    def show_customer(self, customer: CustomerView, vehicle_id: uuid.UUID | None) -> None:
        """The chosen customer's cars; a plate match, or an only car, is taken at once."""
        self.customer_id = customer.id
        self._owner = customer.display_name
        self.vehicles.set_rows(customer.vehicles)
        self.new_car.setTitle(f"&New car for {customer.display_name}")
        self._show_owner_fields(False)
        match = next((v for v in customer.vehicles if v.id == vehicle_id), None)
        if match is None and len(customer.vehicles) == 1:
            match = customer.vehicles[0]
        if match is not None:
            self.choose_vehicle(match)
        elif customer.vehicles:
            focus_first_row(self.vehicles_table)
        else:
            self.new_car.setChecked(True)
            self.year.setFocus()

    def _take_vehicle(self) -> None:
        index = self.vehicles_table.currentIndex()
        proxy = self.vehicles_table.model()
        vehicle = proxy.row_at(index.row()) if index.isValid() and isinstance(proxy, SortProxy) else None
        if isinstance(vehicle, VehicleView):
            self.choose_vehicle(vehicle)

    def choose_vehicle(self, vehicle: VehicleView) -> None:
        self.vehicle_id = vehicle.id
        self.new_car.setChecked(False)
        title = vehicle_title(vehicle)
        owner = getattr(self, "_owner", "")
        self.chosen_label.setText(f"{title} — {owner}" if owner else title)
        self.setWindowTitle(f"New appointment — {title}")
        self.focus_time()

    def focus_time(self) -> None:
        """The cursor on the drop-off hour: typing "10:30" sets it."""
        self.time_edit.setFocus()
        self.time_edit.setCurrentSection(QDateTimeEdit.Section.HourSection)
        self.time_edit.setSelectedSection(QDateTimeEdit.Section.HourSection)

    def _new_car_toggled(self, on: bool) -> None:
        if on:
            self.vehicle_id = None
            self.chosen_label.setText(
                "A new car" + (f" for {self._owner}" if self.customer_id else " and customer")
            )
            self._show_owner_fields(self.customer_id is None)

    def _show_owner_fields(self, shown: bool) -> None:
        for _label, widget in self._owner_rows:
            self._car_form.setRowVisible(widget, shown)

    # --- the promise and the reason ---------------------------------------------------------------
    def _start(self) -> datetime:
        day, at = self.day_edit.date().toPython(), self.time_edit.time().toPython()
        assert isinstance(day, date) and isinstance(at, time)
        return datetime.combine(day, at, self.zone)

    def _follow_promise(self) -> None:
        """Until the person sets it, a waiting customer is promised the end of the work, others 5 PM."""
        if getattr(self, "_promise_touched", False):
            return
        start = self._start()
        end = start + timedelta(hours=self.hours_spin.value())
        five = start.replace(hour=17, minute=0)
        promise = end if self.waits.isChecked() or end > five else five
        self.promised_edit.blockSignals(True)
        self.promised_edit.setDateTime(qdatetime(promise))
        self.promised_edit.blockSignals(False)

    def _promise_edited(self) -> None:
        self._promise_touched = True

    def _show_reason(self, shown: bool) -> None:
        self._when_form.setRowVisible(self._reason_row, shown)

    def show_field_errors(self, errors: dict[str, str]) -> dict[str, str]:
        if "capacity" in errors:
            self._show_reason(True)
        return super().show_field_errors(errors)

    def focus_field(self, name: str) -> None:
        widgets: dict[str, QWidget] = {
            "vehicle": self.search_edit,
            "customer": self.search_edit,
            "drop_off_at": self.time_edit,
            "expected_hours": self.hours_spin,
            "promised_at": self.promised_edit,
            "bay_id": self.bay_combo,
            "technician_id": self.technician_combo,
            "concern": self.concern_edit,
            "capacity": self.reason_edit,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "phone": self.phone,
            "year": self.year,
            "make": self.make,
            "model": self.model,
            "plate": self.plate,
        }
        if name in widgets and widgets[name].isVisible():
            widgets[name].setFocus()

    # --- saving ---------------------------------------------------------------------------------
    def values(self) -> AppointmentForm:
        promised = None
        if self.promised_check.isChecked():
            wall_clock = self.promised_edit.dateTime().toPython()
            assert isinstance(wall_clock, datetime)
            promised = wall_clock.replace(tzinfo=self.zone)
        change = AppointmentChange(
            drop_off_at=self._start(),
            expected_hours=Decimal(str(self.hours_spin.value())),
            concern=self.concern_edit.toPlainText(),
            promised_at=promised,
            bay_id=_id(self.bay_combo.currentData()),
            technician_id=_id(self.technician_combo.currentData()),
            waiting=self.waits.isChecked(),
            source=Source(self.source_combo.currentData()),
        )
        new = self.new_car.isChecked() and self.existing is None
        return AppointmentForm(
            change=change,
            vehicle_id=None if new else self.vehicle_id,
            customer_id=self.customer_id if new else None,
            new_customer=CustomerInput(
                first_name=self.first_name.text(), last_name=self.last_name.text(), phone=self.phone.text()
            )
            if new and self.customer_id is None
            else None,
            new_vehicle=VehicleInput(
                year=self.year.text(), make=self.make.text(), model=self.model.text(), plate=self.plate.text()
            )
            if new
            else None,
            override_reason=self.reason_edit.text(),
        )

    def check_before_submit(self) -> bool:
        if self.existing is None and self.vehicle_id is None and not self.new_car.isChecked():
            self.show_field_errors(
                {"vehicle": "choose the car (type a name or plate above), or type in a new one"}
            )
            return False
        return True

    def emit_submitted(self) -> None:
        self.appointment_submitted.emit(self.values())


def _id(data: str) -> uuid.UUID | None:
    return uuid.UUID(data) if data else None
