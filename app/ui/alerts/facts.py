"""What this terminal knows of the backups, for the backup rule (read off the GUI thread)."""

from __future__ import annotations

from collections.abc import Callable

from app.config import data_dir, load_settings, resolve_database
from app.services.alerts.registry import MachineFacts
from app.services.container import Services
from app.services.settings.backup import BackupService, daily_backup_applies


def machine_facts(services: Services) -> Callable[[], MachineFacts]:
    """A function giving this machine's facts now: it knows the backups it takes or has a record of.

    A terminal of a shared server takes no backups and has no record: it says
    nothing about them, and the machine that runs ``baydesk backup`` (or the
    server's cron running ``baydesk alerts check``) judges the rule.
    """
    settings = load_settings()
    configured = resolve_database(settings, None)
    try:
        daily = daily_backup_applies(services.db, configured) and settings.backups_to_keep > 0
    finally:
        configured.dispose()
    backups = BackupService(services.db, data_dir())

    def facts() -> MachineFacts:
        status = backups.status()
        return MachineFacts(daily or status.last_at is not None, status.last_at)

    return facts
