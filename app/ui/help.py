"""Help > Where the data lives: the database, the folders and files BayDesk keeps, in plain words."""

from __future__ import annotations

from html import escape

from app.config import config_dir, data_dir, load_settings, settings_path
from app.services.container import Services


def data_location_text(services: Services) -> str:
    """What the Help menu tells: where the shop's records are, and everything else BayDesk writes."""
    backups = load_settings().backup_path
    rows = [
        ("The shop's records", services.database_label()),
        ("Daily backups", str(backups)),
        ("Settings", str(settings_path())),
        ("Window sizes", str(config_dir() / "window-state.ini")),
        ("Log of unexpected errors", str(data_dir() / "baydesk.log")),
    ]
    body = "".join(f"<tr><td><b>{escape(what)}</b></td><td>{escape(where)}</td></tr>" for what, where in rows)
    return (
        f"<table cellspacing='6'>{body}</table>"
        "<p>The shop's records are all in the database; the rest can be lost without losing any. "
        "Copy a backup elsewhere now and then (another disk, another building).</p>"
    )
