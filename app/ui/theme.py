"""Colours and type sizes taken from the desktop's palette, so a dark theme stays readable.

The style sheet (``resources/style.qss``) names colours by role (``$surface``,
``$muted``, ``$status_on_hold``...) and never by value; ``style_sheet()``
fills them in from the running palette: the desktop's own in ``system`` mode,
or BayDesk's light or dark palette when the person (or ``--screenshot``)
asks for one. Item models ask ``tone()`` for the same colours at paint time,
so a table's "late" red is the style sheet's error colour in both themes.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from string import Template

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

SCHEMES = ("system", "light", "dark")
Role = QPalette.ColorRole

# Semantic colours, each a pair: on a light background, on a dark one. Picked
# for a contrast of at least 4.5:1 against the surface they sit on.
_SEMANTIC: dict[str, tuple[str, str]] = {
    "error": ("#b3261e", "#ff8a80"),
    "warning": ("#8a5300", "#ffc266"),
    "ok": ("#1e7b34", "#7ddc8f"),
    "info": ("#1d5fa8", "#8ab4f8"),
    # work order statuses, as chips and as bay board cards
    "status_estimate": ("#52606d", "#a9b4c0"),
    "status_approved": ("#1d5fa8", "#8ab4f8"),
    "status_in_progress": ("#1e7b34", "#7ddc8f"),
    "status_on_hold": ("#8a5300", "#ffc266"),
    "status_waiting_parts": ("#6d3fc0", "#c9b3ff"),
    "status_done": ("#0f6b66", "#6fd6cc"),
    "status_cancelled": ("#6b7280", "#9ca3af"),
}


@dataclass(frozen=True)
class Theme:
    """Every colour the style sheet and the models use, as ``#rrggbb`` text."""

    dark: bool
    bg: str
    surface: str
    surface_alt: str
    text: str
    muted: str
    border: str
    border_strong: str
    hover: str
    pressed: str
    header: str
    nav: str
    accent: str
    on_accent: str
    accent_soft: str
    disabled_text: str
    error: str
    error_soft: str
    warning: str
    warning_soft: str
    ok: str
    ok_soft: str
    info: str
    info_soft: str
    status_estimate: str
    status_estimate_soft: str
    status_approved: str
    status_approved_soft: str
    status_in_progress: str
    status_in_progress_soft: str
    status_on_hold: str
    status_on_hold_soft: str
    status_waiting_parts: str
    status_waiting_parts_soft: str
    status_done: str
    status_done_soft: str
    status_cancelled: str
    status_cancelled_soft: str

    def color(self, name: str) -> QColor:
        return QColor(getattr(self, name))


def mix(first: QColor, second: QColor, amount: float) -> QColor:
    """``amount`` of ``first`` over ``second`` (0: all ``second``, 1: all ``first``)."""
    return QColor.fromRgbF(
        first.redF() * amount + second.redF() * (1 - amount),
        first.greenF() * amount + second.greenF() * (1 - amount),
        first.blueF() * amount + second.blueF() * (1 - amount),
    )


def is_dark(palette: QPalette) -> bool:
    return palette.color(Role.Window).lightnessF() < 0.5


def theme_for(palette: QPalette) -> Theme:
    """The colours of the style sheet for this palette."""
    dark = is_dark(palette)
    bg = palette.color(Role.Window)
    surface = palette.color(Role.Base)
    text = palette.color(Role.Text)
    accent = palette.color(Role.Highlight)
    values: dict[str, object] = {
        "dark": dark,
        "bg": bg,
        "surface": surface,
        "surface_alt": palette.color(Role.AlternateBase),
        "text": text,
        "muted": mix(text, surface, 0.66),
        "border": mix(text, surface, 0.16),
        "border_strong": mix(text, surface, 0.32),
        "hover": mix(accent, surface, 0.10),
        "pressed": mix(accent, surface, 0.22),
        "header": mix(text, surface, 0.05),
        "nav": mix(text, bg, 0.045),
        "accent": accent,
        "on_accent": palette.color(Role.HighlightedText),
        "accent_soft": mix(accent, surface, 0.18),
        "disabled_text": mix(text, surface, 0.42),
    }
    for name, (light, on_dark) in _SEMANTIC.items():
        colour = QColor(on_dark if dark else light)
        values[name] = colour
        values[f"{name}_soft"] = mix(colour, surface, 0.16)
    return Theme(**{k: v.name() if isinstance(v, QColor) else v for k, v in values.items()})  # type: ignore[arg-type]


def type_scale(font: QFont) -> dict[str, str]:
    """Font sizes in points: body text and the steps above and below it."""
    base = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
    steps = {"small": 0.9, "body": 1.0, "section": 1.05, "title": 1.25, "heading": 1.55, "figure": 1.6}
    return {f"font_{name}": f"{base * factor:.1f}pt" for name, factor in steps.items()}


def fill_style_sheet(template: str, palette: QPalette, font: QFont) -> str:
    """``template`` with every ``$name`` replaced by this palette's colour or the type scale."""
    theme = theme_for(palette)
    values = {f.name: getattr(theme, f.name) for f in fields(theme) if f.name != "dark"}
    values.update(type_scale(font))
    return Template(template).substitute(values)


_current: dict[int, Theme] = {}


def current_theme() -> Theme:
    """The theme of the application's palette now (computed once per palette)."""
    palette = QGuiApplication.palette()
    key = palette.cacheKey()
    if key not in _current:
        _current.clear()
        _current[key] = theme_for(palette)
    return _current[key]


def tone(name: str) -> QColor:
    """A colour of the running theme (``error``, ``muted``, ``status_on_hold``...), for item models."""
    return current_theme().color(name)


def light_palette() -> QPalette:
    """BayDesk's own light palette: near-white surfaces, dark grey text, a blue accent."""
    return _palette(
        window="#f3f4f6",
        base="#ffffff",
        alternate="#f7f8fa",
        text="#1b1f24",
        button="#ffffff",
        accent="#1d5fa8",
        on_accent="#ffffff",
        tooltip="#1b1f24",
        tooltip_text="#f3f4f6",
    )


def dark_palette() -> QPalette:
    """BayDesk's own dark palette, for a dark desktop or a dim workshop."""
    return _palette(
        window="#1c1d20",
        base="#25272b",
        alternate="#2a2c31",
        text="#e6e7ea",
        button="#2c2e33",
        accent="#4d8fe8",
        on_accent="#0d0f12",
        tooltip="#e6e7ea",
        tooltip_text="#1c1d20",
    )


def _palette(**colours: str) -> QPalette:
    c = {name: QColor(value) for name, value in colours.items()}
    palette = QPalette()
    for role, colour in (
        (Role.Window, c["window"]),
        (Role.WindowText, c["text"]),
        (Role.Base, c["base"]),
        (Role.AlternateBase, c["alternate"]),
        (Role.Text, c["text"]),
        (Role.Button, c["button"]),
        (Role.ButtonText, c["text"]),
        (Role.Highlight, c["accent"]),
        (Role.HighlightedText, c["on_accent"]),
        (Role.ToolTipBase, c["tooltip"]),
        (Role.ToolTipText, c["tooltip_text"]),
        (Role.PlaceholderText, mix(c["text"], c["base"], 0.55)),
        (Role.Link, c["accent"]),
        (Role.BrightText, QColor("#ffffff")),
        (Role.Light, mix(c["button"], QColor("#ffffff"), 0.6)),
        (Role.Midlight, mix(c["button"], c["text"], 0.9)),
        (Role.Mid, mix(c["button"], c["text"], 0.7)),
        (Role.Dark, mix(c["button"], c["text"], 0.5)),
        (Role.Shadow, QColor("#000000")),
    ):
        palette.setColor(role, colour)
    disabled = mix(c["text"], c["base"], 0.45)
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


class ThemeKeeper(QObject):
    """Applies a scheme to the application and re-fills the style sheet when the desktop changes."""

    def __init__(self, app: QApplication, template: str, scheme: str = "system") -> None:
        super().__init__(app)
        self.app = app
        self.template = template
        self.scheme = scheme if scheme in SCHEMES else "system"
        app.setStyle("Fusion")  # draws with the palette on every platform, unlike the native styles
        if self.scheme != "system":
            app.setPalette(dark_palette() if self.scheme == "dark" else light_palette())
        self.apply()
        app.styleHints().colorSchemeChanged.connect(self._desktop_changed)

    def apply(self) -> None:
        self.app.setStyleSheet(fill_style_sheet(self.template, self.app.palette(), self.app.font()))

    def _desktop_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.scheme == "system":  # Qt has taken the desktop's new palette; follow it
            self.apply()
