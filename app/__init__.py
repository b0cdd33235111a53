"""BayDesk: point of sale and shop floor for independent auto repair shops."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("baydesk")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
