"""Where the cursor goes when a person enters an area: where the work there starts.

An area's controller may say so itself (``focus_entry()``: the parts counter's
scan field); otherwise the first visible search box, else the first text
box, else the first list or table, else whatever takes the keyboard first.
With the cursor inside the area, the area's own keys work at once (they are
bound to the area: app/ui/shortcuts.py), and a barcode scanner types into
the area, not into the list of areas.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QWidget


def focus_entry(controller: QObject | object, view: QWidget) -> None:
    own = getattr(controller, "focus_entry", None)
    if callable(own):
        own()
        return
    target = entry_widget(view)
    if target is not None:
        target.setFocus(Qt.FocusReason.OtherFocusReason)


def entry_widget(view: QWidget) -> QWidget | None:
    """The widget where work in ``view`` starts, by the rule above; None when nothing takes focus."""
    candidates = [w for w in _tab_chain(view) if _takes_focus(w)]
    for wanted in (_is_search, _is_text, _is_list):
        for widget in candidates:
            if wanted(widget):
                return widget
    return candidates[0] if candidates else None


def _tab_chain(view: QWidget) -> list[QWidget]:
    """The view's widgets in the order Tab visits them."""
    chain: list[QWidget] = []
    widget = view.nextInFocusChain()
    while widget is not None and widget is not view and widget not in chain:
        if view.isAncestorOf(widget):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def _takes_focus(widget: QWidget) -> bool:
    return (
        widget.isVisibleTo(widget.window())
        and widget.isEnabled()
        and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
    )


def _is_search(widget: QWidget) -> bool:
    return isinstance(widget, QLineEdit) and "search" in widget.objectName()


def _is_text(widget: QWidget) -> bool:
    return isinstance(widget, QLineEdit) and not widget.isReadOnly()


def _is_list(widget: QWidget) -> bool:
    return isinstance(widget, QAbstractItemView)


class TypingGoesToTheArea(QObject):
    """Keys typed in the list of areas go to the area shown, where its work starts.

    The list itself would jump to the area whose name starts with the letter
    typed: a barcode scanned while the list had the cursor landed a person in
    "Cash & end of day". Arrow keys, Enter and shortcuts still work the list.
    """

    def __init__(self, navigation: QWidget, focus_area: Callable[[], None]) -> None:
        super().__init__(navigation)
        self._navigation = navigation
        self._focus_area = focus_area
        navigation.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self._navigation or event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        text = event.text()
        mods = event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        if len(text) != 1 or not text.isprintable() or mods:
            return False
        self._focus_area()
        target = QApplication.focusWidget()
        if target is None or target is self._navigation:
            return False
        again = QKeyEvent(
            event.type(), event.key(), event.modifiers(), text, event.isAutoRepeat(), event.count()
        )
        QApplication.sendEvent(target, again)  # the key itself, then the rest go there directly
        return True
