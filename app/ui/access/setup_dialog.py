"""First start on an empty database: the shop and its owner's account."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import available_timezones

from PySide6.QtCore import QLocale, Qt, QTimeZone
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.domain.errors import BayDeskError, ValidationError
from app.domain.locale import DEFAULT_LOCALE, check_locale, parse_number
from app.domain.permissions import Actor
from app.services.access.passwords import MIN_LENGTH
from app.services.access.setup import OwnerInput, ShopInput
from app.ui.shared.form import FormDialog
from app.ui.widgets import named

_INTRO = (
    "Welcome to BayDesk. This database is empty: tell it about your shop and "
    "create the owner's account. You can add the other people's accounts later."
)


def system_locale() -> str:
    """This computer's country and language ('de_DE'), or en_US where it names none BayDesk knows."""
    try:
        return check_locale(QLocale.system().name())
    except ValidationError:
        return DEFAULT_LOCALE


def local_timezone() -> str:
    zone = bytes(QTimeZone.systemTimeZoneId().data()).decode()
    return zone if zone in available_timezones() else "America/Los_Angeles"


class SetupDialog(FormDialog):
    """Calls ``create(shop, owner)`` itself and keeps the owner it returns in ``actor``."""

    geometry_key = "setup_dialog"

    def __init__(
        self, create: Callable[[ShopInput, OwnerInput], Actor], parent: QWidget | None = None
    ) -> None:
        super().__init__("Set up BayDesk", parent)
        self._create = create
        self.actor: Actor | None = None
        self.save_button.setText("Create shop")
        self.edits: dict[str, QLineEdit] = {}
        self.timezone = named(QComboBox(editable=True), "timezone")
        self.timezone.addItems(sorted(available_timezones()))
        self.timezone.setCurrentText(local_timezone())
        self.timezone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        intro = QLabel(_INTRO, wordWrap=True)
        body = QVBoxLayout()
        body.addWidget(intro)
        body.addWidget(self._shop_box())
        body.addWidget(self._owner_box())
        self.assemble(body)
        chain = [self.edits["shop_name"], self.edits["address"], self.edits["phone"], self.timezone]
        chain += [
            self.edits[n] for n in ("tax_rate", "username", "display_name", "password", "password_again")
        ]
        self.set_tab_order(chain)
        self.enter_moves_from = tuple(chain[:-1])  # a first start is filled in top to bottom
        self.setMinimumWidth(520)
        self.edits["shop_name"].setFocus()

    def _line(self, name: str, placeholder: str = "", secret: bool = False) -> QLineEdit:
        edit = named(QLineEdit(placeholderText=placeholder), name)
        if secret:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edits[name] = edit
        return edit

    def _shop_box(self) -> QGroupBox:
        box = QGroupBox("Shop")
        form = QFormLayout(box)
        form.addRow("Shop name", self.field("shop_name", self._line("shop_name")))
        form.addRow(
            "Address", self.field("address", self._line("address", "Street, city, state, postal code"))
        )
        form.addRow("Phone", self.field("phone", self._line("phone")))
        form.addRow("Time zone", self.field("timezone", self.timezone))
        form.addRow("Sales tax rate %", self.field("tax_rate", self._line("tax_rate", "e.g. 7.25")))
        return box

    def _owner_box(self) -> QGroupBox:
        box = QGroupBox("Owner's account")
        form = QFormLayout(box)
        form.addRow("User name", self.field("username", self._line("username", "no spaces, e.g. olivia")))
        form.addRow("Full name", self.field("display_name", self._line("display_name")))
        hint = f"at least {MIN_LENGTH} characters"
        form.addRow("Password", self.field("password", self._line("password", hint, secret=True)))
        form.addRow("Password again", self.field("password_again", self._line("password_again", secret=True)))
        return box

    def check_before_submit(self) -> bool:
        password = self.edits["password"].text()
        errors = {}
        if len(password) < MIN_LENGTH:
            errors["password"] = f"must be at least {MIN_LENGTH} characters ({len(password)} typed)"
        elif self.edits["password_again"].text() != password:
            errors["password_again"] = "the two passwords differ"
        self.show_field_errors(errors)
        return not errors

    def focus_field(self, name: str) -> None:
        widget = self.timezone if name == "timezone" else self.edits.get(name)
        if widget is not None:
            widget.setFocus()

    def emit_submitted(self) -> None:
        text = {name: edit.text() for name, edit in self.edits.items()}
        locale = system_locale()  # the new shop writes money as this computer does; Settings changes it
        rate = text["tax_rate"].strip().rstrip("%").strip() or "0"
        shop = ShopInput(
            text["shop_name"],
            text["address"],
            text["phone"],
            self.timezone.currentText().strip(),
            format(parse_number(rate, locale, field="tax_rate", decimals=4), "f"),
            locale,
        )
        owner = OwnerInput(text["username"], text["display_name"], text["password"])
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.actor = self._create(shop, owner)
        except BayDeskError as exc:
            self.show_error(exc)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.set_busy(False)
        self.accept()
