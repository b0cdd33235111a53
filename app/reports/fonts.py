"""The DejaVu fonts every document is set in, registered once and embedded.

ReportLab's built-in Helvetica only covers Latin-1: a customer called
'Nguyễn' or a part from a Greek catalog would print as black boxes. DejaVu
Sans covers Latin, Greek, Cyrillic, Vietnamese and more; the TTF files ship in
``resources/fonts`` (Bitstream Vera licence, see LICENSE there) and ReportLab
embeds the glyphs a document uses, so the PDF prints the same anywhere.
Arabic letters print unshaped (isolated forms); shaping is out of scope.
"""

from __future__ import annotations

import sys
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"

_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", ITALIC: "DejaVuSans-Oblique.ttf"}


def fonts_dir() -> Path:
    """``resources/fonts`` in the source tree, or inside a frozen (PyInstaller) bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) / "resources" if bundle else Path(__file__).resolve().parents[2] / "resources"
    return root / "fonts"


def register_fonts() -> str:
    """Register the DejaVu family with ReportLab (idempotent); returns the regular font's name.

    The family mapping lets ``<b>`` and ``<i>`` in paragraph markup pick the
    bold and oblique faces.
    """
    registered = set(pdfmetrics.getRegisteredFontNames())
    if all(name in registered for name in _FILES):
        return REGULAR
    folder = fonts_dir()
    missing = [file for file in _FILES.values() if not (folder / file).is_file()]
    if missing:
        raise FileNotFoundError(
            f"BayDesk cannot print: the font files {', '.join(missing)} are missing from {folder}. "
            "Reinstall BayDesk to restore them."
        )
    for name, file in _FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, ITALIC)
    addMapping(REGULAR, 1, 1, BOLD)  # no bold-oblique shipped: bold is the closer look
    return REGULAR
