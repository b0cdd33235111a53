"""ESC/POS receipts and the drawer kick, on 58 or 80 mm thermal printers, through python-escpos.

The bytes are built once on python-escpos' ``Dummy`` printer and then sent in
one write over the connection the terminal is set up with: a network printer
(raw TCP, port 9100), USB (vendor:product), a serial port, or a file or
device node (``/dev/usb/lp0``, or a plain file to look at the bytes).
"""

from __future__ import annotations

import contextlib
import io
import textwrap
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.errors import BayDeskError, ValidationError

if TYPE_CHECKING:  # python-escpos takes most of a second to import: only when something prints
    from escpos.escpos import Escpos

CONNECTIONS = {
    "none": "No receipt printer (receipts as PDF)",
    "network": "Network (IP address[:port])",
    "usb": "USB (vendor:product, hex)",
    "serial": "Serial port (device[@baud])",
    "file": "File or device node",
}
PAPERS = {"80": "80 mm (48 characters)", "58": "58 mm (32 characters)"}
COLUMNS = {"80": 48, "58": 32}
DOTS = {"80": 512, "58": 384}  # printable width for the logo
DRAWER_PINS = {"2": "Drawer on pin 2 (most printers)", "5": "Drawer on pin 5", "": "No cash drawer"}
TIMEOUT_S = 5.0


class PrinterError(BayDeskError):
    """The printer could not be reached or refused the bytes; the message says what to check."""


@dataclass(frozen=True)
class PrinterSettings:
    """One terminal's receipt printer (kept in the terminal's own settings file)."""

    connection: str = "none"
    address: str = ""
    paper: str = "80"
    logo: bool = True  # print the shop's logo (Invoicing settings) above its name
    drawer_pin: str = "2"

    @property
    def configured(self) -> bool:
        return self.connection != "none"

    @property
    def columns(self) -> int:
        return COLUMNS.get(self.paper, 48)


def check_settings(settings: PrinterSettings) -> PrinterSettings:
    """Refuse what cannot work, with the field to fix; returns them cleaned."""
    clean = replace(settings, address=settings.address.strip())
    errors: dict[str, str] = {}
    if clean.connection not in CONNECTIONS:
        errors["connection"] = f"is one of {', '.join(CONNECTIONS)}"
    if clean.paper not in PAPERS:
        errors["paper"] = "is 58 or 80 mm"
    if clean.drawer_pin not in DRAWER_PINS:
        errors["drawer_pin"] = "is pin 2, pin 5 or none"
    if clean.configured and not clean.address:
        errors["address"] = "says where the printer is"
    elif clean.connection in CONNECTIONS and clean.configured:
        try:
            _parse(clean)
        except ValueError as exc:
            errors["address"] = str(exc)
    if errors:
        raise ValidationError(errors)
    return clean


@dataclass(frozen=True)
class ReceiptLine:
    """One line of a receipt. style: title, center, strong_center, row, strong_row, small, rule, blank."""

    style: str
    text: str = ""
    amount: str = ""


@dataclass(frozen=True)
class Receipt:
    lines: tuple[ReceiptLine, ...]
    barcode: str = ""  # the document number, printed as CODE39 under the figures
    logo: bytes = b""  # PNG or JPEG


def receipt_bytes(receipt: Receipt, settings: PrinterSettings, *, kick: bool = False) -> bytes:
    """The whole receipt as ESC/POS: logo, lines, barcode, cut, and the drawer kick if asked."""
    from escpos.printer import Dummy

    p = Dummy(profile="default")
    p.hw("INIT")
    if settings.logo and receipt.logo:
        _logo(p, receipt.logo, settings.paper)
    for line in receipt.lines:
        _line(p, line, settings.columns)
    if receipt.barcode:
        p.set(align="center")
        with contextlib.redirect_stdout(io.StringIO()):  # python-escpos prints which renderer it used
            p.barcode(receipt.barcode, "CODE39", height=64, width=2, pos="BELOW", function_type="B")
    p.set_with_default()
    p.cut()
    if kick and settings.drawer_pin:
        p.cashdraw(int(settings.drawer_pin))
    return bytes(p.output)


def kick_bytes(settings: PrinterSettings) -> bytes:
    """Only the drawer kick (a pulse on the drawer's pin)."""
    from escpos.printer import Dummy

    p = Dummy(profile="default")
    p.cashdraw(int(settings.drawer_pin or "2"))
    return bytes(p.output)


def sample_receipt(settings: PrinterSettings, shop_name: str) -> Receipt:
    """What the set-up screen's test print prints: the paper's width, a barcode, the cut."""
    width = settings.columns
    return Receipt(
        (
            ReceiptLine("title", shop_name or "BayDesk"),
            ReceiptLine("center", "Test print"),
            ReceiptLine("rule"),
            ReceiptLine("row", f"Paper {settings.paper} mm, {width} characters", ""),
            ReceiptLine("row", "1234567890" * (width // 10) + "1234567890"[: width % 10]),
            ReceiptLine("strong_row", "TOTAL", "0.00"),
            ReceiptLine("blank"),
        ),
        barcode="12345",
    )


def send(settings: PrinterSettings, data: bytes) -> None:
    """Write the bytes to the printer in one go; a printer that cannot be reached is a PrinterError."""
    if not settings.configured:
        raise PrinterError("No receipt printer is set up on this terminal (Settings, Receipt printer).")
    printer = _printer(settings)
    try:
        printer.open()
        printer._raw(data)
    except PrinterError:
        raise
    except Exception as exc:  # sockets, USB and serial each raise their own kinds
        raise PrinterError(
            f"The receipt printer at {settings.address} did not take the receipt: {exc}. "
            "Check that it is on, has paper, and that the address in Settings is right."
        ) from exc
    finally:
        _close(printer)


def _close(printer: Escpos) -> None:
    try:
        printer.close()
    except Exception:  # noqa: BLE001 - closing a printer that never opened: nothing to do
        return


def _parse(settings: PrinterSettings) -> tuple[str, int]:
    """(host or device, port/baud/product) from the address, by connection; ValueError says why not."""
    address = settings.address
    if settings.connection == "network":
        host, _sep, port = address.rpartition(":") if ":" in address else (address, "", "9100")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError("is an IP address or name, with :port if not 9100")
        return host, int(port)
    if settings.connection == "usb":
        vendor, _sep, product = address.partition(":")
        try:
            return str(int(vendor, 16)), int(product, 16)
        except ValueError:
            raise ValueError("is the USB vendor and product id in hex, such as 04b8:0202") from None
    if settings.connection == "serial":
        device, _sep, baud = address.partition("@")
        if baud and not baud.isdigit():
            raise ValueError("is the serial device, with @baud if not 9600 (such as /dev/ttyUSB0@19200)")
        return device, int(baud or 9600)
    return address, 0


def _printer(settings: PrinterSettings) -> Escpos:
    from escpos.printer import File, Network, Serial, Usb

    try:
        where, number = _parse(settings)
    except ValueError as exc:
        raise PrinterError(f"The receipt printer's address {settings.address!r} {exc}.") from exc
    if settings.connection == "network":
        return Network(where, port=number, timeout=TIMEOUT_S)
    if settings.connection == "usb":
        if not Usb.is_usable():
            raise PrinterError("USB printers need the pyusb package: pip install 'python-escpos[usb]'.")
        return Usb(int(where), number)
    if settings.connection == "serial":
        if not Serial.is_usable():
            raise PrinterError(
                "Serial printers need the pyserial package: pip install 'python-escpos[serial]'."
            )
        return Serial(where, baudrate=number, timeout=TIMEOUT_S)
    return File(str(Path(where).expanduser()))


def _line(p: Escpos, line: ReceiptLine, width: int) -> None:
    style = line.style
    if style == "title":
        p.set(align="center", bold=True, double_height=True, double_width=width >= 40)
        p.textln(_ascii(line.text))
    elif style in ("center", "strong_center", "small"):
        p.set(align="center", bold=style == "strong_center", font="b" if style == "small" else "a")
        for part in textwrap.wrap(_ascii(line.text), width) or [""]:
            p.textln(part)
    elif style == "rule":
        p.set(align="left")
        p.textln("-" * width)
    elif style == "blank":
        p.set(align="left")
        p.ln()
    else:
        p.set(align="left", bold=style == "strong_row")
        for text in _row(_ascii(line.text), _ascii(line.amount), width):
            p.textln(text)
    p.set_with_default()


def _row(text: str, amount: str, width: int) -> list[str]:
    """Text on the left, wrapped; the amount right-aligned on the last line (or its own)."""
    parts = textwrap.wrap(text, width) or [""]
    if not amount:
        return parts
    last = parts[-1]
    if len(last) + 1 + len(amount) <= width:
        parts[-1] = last + " " * (width - len(last) - len(amount)) + amount
    else:
        parts.append(amount.rjust(width))
    return parts


def _ascii(text: str) -> str:
    """Receipt printers' code pages vary; a few common marks become their plain look-alikes."""
    table = {"×": "x", "·": "-", "—": "-", "–": "-", "\u00a0": " ", "\u202f": " ", "’": "'"}
    return "".join(table.get(ch, ch) for ch in " ".join(text.split()))


def _logo(p: Escpos, data: bytes, paper: str) -> None:
    from PIL import Image  # Pillow comes with python-escpos

    try:
        with Image.open(io.BytesIO(data)) as img:
            image = img.convert("L")
    except OSError as exc:
        raise PrinterError(f"The shop's logo could not be read for the receipt printer: {exc}.") from exc
    limit = DOTS.get(paper, 512)
    if image.width > limit:
        image = image.resize((limit, max(1, image.height * limit // image.width)))
    p.set(align="center")
    with contextlib.redirect_stdout(io.StringIO()):  # python-escpos prints a note on its printer profile
        p.image(image, center=False)
    p.set_with_default()
