"""Qt for Python's import hook, made to read each module's file once instead of caching its lines.

After PySide6 is imported, every module imported later is looked at once by
its ``__feature__`` support, which asks whether the module's source mentions
"PySide6" (such modules may switch Qt features on). It finds out with
``inspect.getsource``, which splits the file into lines and keeps them in
``linecache`` for the life of the process: for BayDesk's few hundred modules
that is tens of megabytes held and a noticeable share of start-up. The same
question is answered here from the file's bytes, and nothing is kept; a module
without a source file gets the original answer.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

FEATURE_MODULE = "shibokensupport.feature"
WORD = b"PySide6"


def _reads_source_once(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def mentions_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as source:
                return WORD in source.read()
        except OSError:
            return original(module)

    mentions_pyside.reads_source_once = True  # type: ignore[attr-defined]
    return mentions_pyside


def install() -> bool:
    """Answer the hook's question from the file (once per process); False where the hook is not there."""
    feature = sys.modules.get(FEATURE_MODULE)
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original):
        return False
    if not getattr(original, "reads_source_once", False):
        feature._mod_uses_pyside = _reads_source_once(original)  # type: ignore[attr-defined]
    return True
