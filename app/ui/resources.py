"""The icons and style sheet shipped in ``resources/`` beside the package."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

# Each area's icon in the navigation (resources/icons/lucide, ISC licence).
AREA_ICONS = {
    "customers": "users",
    "work_orders": "clipboard-list",
    "bay_board": "square-kanban",
    "parts": "package",
    "invoicing": "receipt",
    "reminders": "bell",
    "owner": "banknote",
    "audit": "shield-check",
    "users": "user-cog",
    "settings": "settings",
    "schedule": "calendar-days",
    "alerts": "triangle-alert",
    "readings": "gauge",
}


def resources_dir() -> Path:
    """``resources/`` in the source tree, or inside a frozen bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def app_icon() -> QIcon:
    path = resources_dir() / "icons" / "baydesk.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


def area_icon(area: str, colour: QColor, selected: QColor, size: int = 20) -> QIcon:
    """The area's line icon drawn in ``colour`` (and ``selected`` for the chosen area).

    The SVGs draw with ``currentColor``, which Qt's SVG renderer does not know,
    so the colour is written into the SVG text before it is rendered.
    """
    path = resources_dir() / "icons" / "lucide" / f"{AREA_ICONS.get(area, '')}.svg"
    if area not in AREA_ICONS or not path.exists():
        return app_icon()
    svg = path.read_text(encoding="utf-8")
    icon = QIcon()
    for mode, tint in ((QIcon.Mode.Normal, colour), (QIcon.Mode.Selected, selected)):
        for scale in (1, 2):  # crisp at 100 % and on a 150-200 % screen
            icon.addPixmap(_render(svg.replace("currentColor", tint.name()), size * scale), mode)
    return icon


def _render(svg: str, pixels: int) -> QPixmap:
    pixmap = QPixmap(QSize(pixels, pixels))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(QByteArray(svg.encode("utf-8"))).render(painter, QRectF(0, 0, pixels, pixels))
    painter.end()
    return pixmap


def style_sheet() -> str:
    """The application style sheet's template (colours filled in by app/ui/theme.py); empty
    (Qt's own look) if the file is missing."""
    path = resources_dir() / "style.qss"
    return path.read_text(encoding="utf-8") if path.exists() else ""
