"""Qt for Python's import hook answers as before without keeping every module's lines."""

from __future__ import annotations

import linecache
import sys

import app.domain.money
import app.ui.widgets
from app.ui import qt_imports


def test_the_hook_tells_qt_modules_from_the_others_without_filling_the_line_cache() -> None:
    assert qt_imports.install()
    feature = sys.modules[qt_imports.FEATURE_MODULE]
    linecache.clearcache()
    assert feature._mod_uses_pyside(app.ui.widgets) is True
    assert feature._mod_uses_pyside(app.domain.money) is False
    assert app.ui.widgets.__file__ not in linecache.cache
    assert app.domain.money.__file__ not in linecache.cache


def test_installing_twice_wraps_once() -> None:
    qt_imports.install()
    first = sys.modules[qt_imports.FEATURE_MODULE]._mod_uses_pyside
    qt_imports.install()
    assert sys.modules[qt_imports.FEATURE_MODULE]._mod_uses_pyside is first
