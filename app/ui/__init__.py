"""The desktop client (PySide6). Talks to app.services only; never to the database."""

import PySide6.QtCore  # noqa: F401  (sets up Qt for Python's import hook, which the next line lightens)

from app.ui import qt_imports

qt_imports.install()
