"""ESC/POS bytes as a printer reads them: the text on 58 and 80 mm, the logo, the barcode, the cut, the kick."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from app.devices.receipt_printer import (
    PrinterError,
    PrinterSettings,
    Receipt,
    ReceiptLine,
    check_settings,
    kick_bytes,
    receipt_bytes,
    sample_receipt,
    send,
)
from app.domain.errors import ValidationError
from tests.printer_support import StandInPrinter, decode

RECEIPT = Receipt(
    (
        ReceiptLine("title", "Bay Street Auto"),
        ReceiptLine("row", "Front brake pads, ceramic, with hardware kit and shims", "89.95"),
        ReceiptLine("strong_row", "TOTAL", "$219.17"),
    ),
    barcode="20417",
)


@pytest.mark.parametrize(("paper", "width"), [("80", 48), ("58", 32)])
def test_rows_fit_the_paper_with_the_amount_on_the_right(paper: str, width: int) -> None:
    printed = decode(receipt_bytes(RECEIPT, PrinterSettings("file", "x", paper=paper)))
    rows = [line for line in printed.lines if line.strip()]
    assert rows[0] == "Bay Street Auto"
    assert all(len(line) <= width for line in rows)
    assert rows[-1] == "TOTAL" + " " * (width - 12) + "$219.17"
    assert any(line.endswith(" 89.95") and len(line) == width for line in rows)
    assert printed.actions[-2:] == ["barcode 20417", "cut"]  # no kick unless asked


def test_the_kick_follows_the_cut_on_the_drawers_pin() -> None:
    printed = decode(receipt_bytes(RECEIPT, PrinterSettings("file", "x", drawer_pin="5"), kick=True))
    assert printed.actions[-2:] == ["cut", "kick pin 5"]
    assert decode(kick_bytes(PrinterSettings("file", "x"))).commands == ["kick pin 2"]
    assert (
        decode(receipt_bytes(RECEIPT, PrinterSettings("file", "x", drawer_pin=""), kick=True)).commands[-1]
        == "cut"
    )


def test_the_shops_logo_is_scaled_to_the_paper() -> None:
    png = io.BytesIO()
    Image.new("L", (900, 120), 0).save(png, "PNG")
    with_logo = replace(RECEIPT, logo=png.getvalue())
    assert (
        decode(receipt_bytes(with_logo, PrinterSettings("file", "x", paper="58"))).commands[0]
        == "image 384x51"
    )
    assert "image" not in " ".join(
        decode(receipt_bytes(with_logo, PrinterSettings("file", "x", logo=False))).commands
    )


def test_a_test_print_reaches_a_network_printer(tmp_path: Path) -> None:
    printer = StandInPrinter()
    try:
        settings = check_settings(PrinterSettings("network", f" {printer.address} "))
        send(settings, receipt_bytes(sample_receipt(settings, "Bay Street Auto"), settings))
        [job] = printer.wait_for(1)
    finally:
        printer.close()
    printed = decode(job)
    assert printed.lines[:2] == ["Bay Street Auto", "Test print"]
    assert "Paper 80 mm, 48 characters" in printed.text and printed.actions[-1] == "cut"


def test_a_file_connection_writes_the_bytes(tmp_path: Path) -> None:
    target = tmp_path / "lp0"
    settings = PrinterSettings("file", str(target))
    send(settings, kick_bytes(settings))
    assert decode(target.read_bytes()).commands == ["kick pin 2"]


def test_bad_settings_and_an_unreachable_printer_say_what_to_fix() -> None:
    with pytest.raises(ValidationError, match="IP address"):
        check_settings(PrinterSettings("network", "10.0.0.5:printer"))
    with pytest.raises(ValidationError, match="04b8:0202"):
        check_settings(PrinterSettings("usb", "epson"))
    with pytest.raises(ValidationError, match="says where"):
        check_settings(PrinterSettings("serial", ""))
    assert check_settings(PrinterSettings()).configured is False
    closed = StandInPrinter()
    closed.close()  # nothing listens there any more
    with pytest.raises(PrinterError, match="did not take the receipt"):
        send(PrinterSettings("network", closed.address), kick_bytes(PrinterSettings()))
    with pytest.raises(PrinterError, match="No receipt printer is set up"):
        send(PrinterSettings(), b"")
