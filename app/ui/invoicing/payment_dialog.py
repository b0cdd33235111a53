"""Take a payment, split over cash, card, check and account; also deposits and refunds.

Card payments are run on the card terminal; here the person types only what
it printed: the brand, the last four digits and the reference. The dialog
shows what is left to pay and the change as amounts are typed.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.domain.end_of_day import DrawerNeededError
from app.domain.errors import ConflictError, ValidationError
from app.domain.payments import CARD_BRANDS, METHOD_LABELS, Method, Tender
from app.ui.formatting import money, money_hint, parse_money
from app.ui.shared.form import FormDialog
from app.ui.widgets import named, set_level

ZERO = Decimal("0.00")


class PaymentDialog(FormDialog):
    """``payment_submitted`` carries the list of tenders: card, check and account first, cash last.

    Cash refused because no drawer is open on this terminal offers "Open a
    drawer" (``drawer_requested``); once it is open the payment goes on as typed.
    """

    payment_submitted = Signal(list)
    drawer_requested = Signal()
    geometry_key = "payment_dialog"

    def __init__(
        self,
        title: str,
        due: Decimal,
        methods: tuple[Method, ...],
        parent: QWidget | None = None,
        *,
        action: str = "Take payment",
    ) -> None:
        super().__init__(title, parent)
        self.due = due
        self.methods = methods
        self.action = action
        self.amounts: dict[Method, QLineEdit] = {}
        self._make_details()
        self.remaining_label = named(QLabel(), "remaining")
        grid, chain = self._build_grid(due, methods, action)
        body = QWidget()
        column = QVBoxLayout(body)
        column.addLayout(grid)
        column.addWidget(self.remaining_label)
        self.assemble(body)
        self.set_tab_order(chain)
        self.save_button.setText(action)
        self.setMinimumWidth(640)
        self.restore_geometry()
        first = self.amounts.get(Method.CASH) or next(iter(self.amounts.values()))
        first.setFocus()
        self._update_remaining()

    def _make_details(self) -> None:
        """What a method needs besides its amount: cash handed over, the card's slip, the check number."""
        self.tendered = named(QLineEdit(placeholderText="cash handed over"), "cash_tendered")
        self.card_brand = named(QComboBox(), "card_brand")
        self.card_brand.addItems(CARD_BRANDS)
        self.card_last4 = named(QLineEdit(placeholderText="last 4"), "card_last4")
        self.card_last4.setMaxLength(4)
        self.reference = named(
            QLineEdit(placeholderText="reference the terminal printed"), "processor_reference"
        )
        self.check_number = named(QLineEdit(placeholderText="check no."), "check_number")
        self.note = named(QLineEdit(placeholderText="note (optional)"), "payment_note")

    def _build_grid(
        self, due: Decimal, methods: tuple[Method, ...], action: str
    ) -> tuple[QGridLayout, list[QWidget]]:
        """One row per method: its amount, then its details; returns the grid and its tab order."""
        grid = QGridLayout()
        grid.addWidget(QLabel("Due"), 0, 0)
        grid.addWidget(named(QLabel(f"<b>{money(due)}</b>"), "due_amount"), 0, 1)
        grid.addWidget(named(QLabel("Amount"), "subtle"), 1, 1)
        grid.addWidget(
            named(QLabel("Cash handed over · card brand, last 4, reference · check no."), "subtle"),
            1,
            2,
            1,
            3,
        )
        chain: list[QWidget] = []
        row = 2
        for method in methods:
            chain += self._add_method_row(grid, row, method, action)
            row += 1
        grid.addWidget(self.note, row, 0, 1, 5)
        chain.append(self.note)
        return grid, chain

    def _add_method_row(self, grid: QGridLayout, row: int, method: Method, action: str) -> list[QWidget]:
        amount = named(QLineEdit(placeholderText=money_hint()), f"{method.value}_amount")
        amount.textChanged.connect(self._update_remaining)
        self.amounts[method] = amount
        label = QLabel(f"&{METHOD_LABELS[method]}")
        label.setBuddy(amount)
        grid.addWidget(label, row, 0)
        grid.addWidget(amount, row, 1)
        chain: list[QWidget] = [amount]
        if method == Method.CASH and action == "Take payment":
            grid.addWidget(self.tendered, row, 2)
            self.tendered.textChanged.connect(self._update_remaining)
            chain.append(self.tendered)
        if method == Method.CARD:
            grid.addWidget(self.card_brand, row, 2)
            grid.addWidget(self.card_last4, row, 3)
            grid.addWidget(self.reference, row, 4)
            chain += [self.card_brand, self.card_last4, self.reference]
        if method == Method.CHECK:
            grid.addWidget(self.check_number, row, 2)
            chain.append(self.check_number)
        return chain

    def set_busy(self, busy: bool) -> None:
        super().set_busy(busy)
        if not busy:
            self.save_button.setText(self.action)

    def focus_field(self, name: str) -> None:
        widgets = {
            "card_last4": self.card_last4,
            "processor_reference": self.reference,
            "check_number": self.check_number,
        }
        if name in widgets:
            widgets[name].setFocus()

    def tenders(self) -> list[Tender]:
        """What was typed, as tenders; a bad number raises ValidationError naming its field."""
        out: list[Tender] = []
        for method, edit in self.amounts.items():
            text = edit.text().strip()
            if not text:
                continue
            amount = parse_money(text, f"{method.value}_amount")
            tendered = None
            if method == Method.CASH and self.tendered.text().strip():
                tendered = parse_money(self.tendered.text(), "cash_tendered")
            out.append(
                Tender(
                    method,
                    amount,
                    tendered,
                    card_brand=self.card_brand.currentText() if method == Method.CARD else "",
                    card_last4=self.card_last4.text() if method == Method.CARD else "",
                    processor_reference=self.reference.text() if method == Method.CARD else "",
                    check_number=self.check_number.text() if method == Method.CHECK else "",
                    note=self.note.text(),
                )
            )
        if not out:
            raise ValidationError({"amount": "type an amount"})
        # cash last: it takes what the others leave, and only cash gives change
        return sorted(out, key=lambda t: t.method == Method.CASH)

    def _update_remaining(self) -> None:
        try:
            typed = sum((t.amount for t in self.tenders()), ZERO)
            handed = ZERO
            for t in self.tenders():
                if t.method == Method.CASH and t.tendered is not None:
                    handed = t.tendered - t.amount
        except ValidationError:
            typed, handed = ZERO, ZERO
        left = self.due - typed
        if left > 0:
            set_level(self.remaining_label, "hint", f"Still to pay: {money(left)}")
        elif left == 0:
            text = "Paid in full." + (f" Change: {money(handed)}" if handed > 0 else "")
            set_level(self.remaining_label, "ok", text)
        else:
            cash = self.amounts.get(Method.CASH)
            if cash is not None and cash.text().strip():
                set_level(self.remaining_label, "hint", f"Change: {money(-left + max(handed, ZERO))}")
            else:
                set_level(self.remaining_label, "warning", f"{money(-left)} more than is due")

    def conflict_actions(self, exc: ConflictError) -> list[tuple[str, Callable[[], None]]]:
        if isinstance(exc, DrawerNeededError) and exc.can_open:
            return [("Open a drawer", self.drawer_requested.emit)]
        return []

    def emit_submitted(self) -> None:
        try:
            tenders = self.tenders()
        except ValidationError as exc:
            self.show_error(exc)
            return
        self.payment_submitted.emit(tenders)
