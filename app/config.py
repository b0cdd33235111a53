"""Where BayDesk keeps its files and which database it opens.

User settings live in a TOML file in the user's config directory
(platformdirs); the database password never does: it lives in the OS
keyring (app/credentials.py).
"""

from __future__ import annotations

import os
import socket
import tomllib
import uuid
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING

import tomli_w
from platformdirs import PlatformDirs

from app.devices.receipt_printer import PrinterSettings
from app.devices.receipt_printer import check_settings as check_printer
from app.domain.errors import ValidationError

if TYPE_CHECKING:  # the database stack loads when a database is opened, not with the settings
    from sqlalchemy.engine import URL

    from app.db.engine import Database

APP_NAME = "BayDesk"
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
ENV_DATABASE_URL = "BAYDESK_DATABASE_URL"
ENV_HOME = "BAYDESK_HOME"  # one folder for config and data (tests, portable installs)


def dirs() -> PlatformDirs:
    return PlatformDirs(APP_NAME, appauthor=False)


def config_dir() -> Path:
    home = os.environ.get(ENV_HOME)
    return Path(home) / "config" if home else Path(dirs().user_config_dir)


def data_dir() -> Path:
    home = os.environ.get(ENV_HOME)
    return Path(home) / "data" if home else Path(dirs().user_data_dir)


def default_sqlite_path() -> Path:
    return data_dir() / "baydesk.sqlite3"


@dataclass(frozen=True)
class Settings:
    """Every user setting, declared once with its type and default."""

    database_url: str = ""  # empty: the SQLite file in the data directory
    terminal_name: str = ""  # empty: this computer's name
    terminal_mode: str = "front_desk"
    last_username: str = ""
    # A shared PostgreSQL server (README "A shared PostgreSQL server"):
    shop_id: str = ""  # the shop this terminal belongs to (row-level security)
    sslmode: str = ""  # disable, prefer, require, verify-ca, verify-full (empty: libpq's default)
    sslrootcert: str = ""  # the CA certificate that signed the server's (verify-ca / verify-full)
    # A read-only standby for reports (README "Growing past one server"); empty: reports use the server
    report_url: str = ""
    report_max_lag: str = "30"  # seconds the standby may be behind before reports use the server again
    # The daily backup (README "Backups"):
    backup_keep: str = "7"  # how many daily backups to keep; 0 turns the daily backup off
    backup_folder: str = ""  # empty: "backups" in the data folder
    # Vehicle readings (docs/readings.md): a folder this terminal imports new files from
    readings_folder: str = ""
    # The receipt printer and cash drawer on this terminal (README "Receipt printer and cash drawer")
    printer_connection: str = "none"  # none, network, usb, serial, file
    printer_address: str = ""  # 192.168.1.50[:9100], 04b8:0202, /dev/ttyUSB0[@9600], or a path
    printer_paper: str = "80"  # 80 or 58 mm
    printer_logo: str = "yes"  # print the shop's logo (Invoicing settings) on the receipt: yes or no
    printer_drawer_pin: str = "2"  # 2, 5, or empty: no drawer

    @property
    def effective_terminal_name(self) -> str:
        return self.terminal_name or socket.gethostname() or "Terminal"

    @property
    def backups_to_keep(self) -> int:
        try:
            return max(0, int(self.backup_keep))
        except ValueError:
            return 7

    @property
    def backup_path(self) -> Path:
        return Path(self.backup_folder).expanduser() if self.backup_folder else data_dir() / "backups"

    @property
    def report_lag_limit(self) -> float | None:
        try:
            limit = float(self.report_max_lag or "30")
        except ValueError:
            return None
        return limit if limit >= 0 else None

    def problems(self) -> dict[str, str]:
        """Settings that cannot work, by name (checked when saved from the command line)."""
        errors: dict[str, str] = {}
        if self.sslmode and self.sslmode not in SSL_MODES:
            errors["sslmode"] = f"is one of {', '.join(SSL_MODES)}"
        if self.sslrootcert and not Path(self.sslrootcert).expanduser().is_file():
            errors["sslrootcert"] = f"{self.sslrootcert} is not a file"
        if self.sslmode in ("verify-ca", "verify-full") and not self.sslrootcert:
            errors["sslrootcert"] = f"is needed with sslmode={self.sslmode} (the CA certificate file)"
        if self.shop_id:
            try:
                uuid.UUID(self.shop_id)
            except ValueError:
                errors["shop_id"] = "is not a shop id"
        if self.report_url and not self.report_url.startswith("postgresql"):
            errors["report_url"] = "is a PostgreSQL URL: postgresql://baydesk_shop@standby/baydesk"
        if self.report_lag_limit is None:
            errors["report_max_lag"] = "is a number of seconds"
        if self.backup_keep and not self.backup_keep.isdigit():
            errors["backup_keep"] = "is a whole number (0 turns the daily backup off)"
        return errors


def settings_path() -> Path:
    return config_dir() / "settings.toml"


def load_settings() -> Settings:
    path = settings_path()
    if not path.exists():
        return Settings()
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    known = {f.name: f.type for f in fields(Settings)}
    return replace(Settings(), **{k: str(v) for k, v in raw.items() if k in known})


def save_settings(settings: Settings, *, new_server: bool = False) -> None:
    """Write the settings file.

    The terminal's shop is sticky: it is learnt while the app runs (the shop
    made here, ``remember_shop``), after the caller loaded its ``Settings``, so
    a save that does not know it keeps the one on disk. Only connecting to a
    server (``new_server``) replaces or clears it.
    """
    if not settings.shop_id and not new_server:
        settings = replace(settings, shop_id=load_settings().shop_id)
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(tomli_w.dumps(asdict(settings)), encoding="utf-8")
    tmp.replace(path)


def database_url(settings: Settings, override: str | None) -> str:
    """``--database``, then ``BAYDESK_DATABASE_URL``, then settings, then the SQLite file."""
    url = override or os.environ.get(ENV_DATABASE_URL) or settings.database_url
    if url:
        return url
    from app.db.engine import sqlite_url

    return str(sqlite_url(default_sqlite_path()))


def server_url(settings: Settings, override: str | None) -> URL:
    """The database URL with the settings' TLS options added (a URL's own options win)."""
    from sqlalchemy.engine import make_url

    url = make_url(database_url(settings, override))
    if url.get_backend_name() != "postgresql":
        return url
    cert = str(Path(settings.sslrootcert).expanduser()) if settings.sslrootcert else ""
    extra = {"sslmode": settings.sslmode, "sslrootcert": cert}
    query = {k: v for k, v in extra.items() if v and k not in url.query}
    return url.update_query_dict(query) if query else url


def resolve_database(
    settings: Settings, override: str | None, password: str | None = None, report_override: str | None = None
) -> Database:
    """The configured database; a server password comes from the keyring unless given.

    With a report server (``--report-database``, else ``report_url``), report reads go to it while
    it is fit (app/db/replica.py); it is connected to only when a report is read.
    """
    from sqlalchemy.engine import make_url

    from app.credentials import keyring_account, load_password
    from app.db.engine import attach_report_server, open_database

    url = server_url(settings, override)
    if url.get_backend_name() == "postgresql" and password is None and url.password is None:
        password = load_password(keyring_account(database_url(settings, override)))
    db = open_database(
        url,
        terminal_name=settings.effective_terminal_name,
        password=password,
        shop_id=_shop_id(settings),
    )
    if not db.is_sqlite and not settings.shop_id:
        db.scope.on_adopt = remember_shop
    report = report_override or settings.report_url
    if report and not db.is_sqlite:
        report_url = make_url(report)
        if report_url.password is None and report_url.username != url.username:
            report_url = report_url.set(password=load_password(keyring_account(report)))
        attach_report_server(
            db,
            report_url,
            max_lag_s=settings.report_lag_limit or 30.0,
            terminal_name=settings.effective_terminal_name,
        )
    return db


def _shop_id(settings: Settings) -> uuid.UUID | None:
    if not settings.shop_id:
        return None
    try:
        return uuid.UUID(settings.shop_id)
    except ValueError:
        raise ValidationError({"shop_id": f"in {settings_path()} is not a shop id"}) from None


def remember_shop(shop_id: uuid.UUID) -> None:
    """The shop this terminal created on a shared server is its shop from now on."""
    save_settings(replace(load_settings(), shop_id=str(shop_id)))


def printer_settings(settings: Settings | None = None) -> PrinterSettings:
    """This terminal's receipt printer, from its settings file."""
    s = settings or load_settings()
    return PrinterSettings(
        s.printer_connection, s.printer_address, s.printer_paper, s.printer_logo != "no", s.printer_drawer_pin
    )


def save_printer_settings(printer: PrinterSettings) -> PrinterSettings:
    """Check the printer's settings and keep them in this terminal's settings file."""
    clean = check_printer(printer)
    save_settings(
        replace(
            load_settings(),
            printer_connection=clean.connection,
            printer_address=clean.address,
            printer_paper=clean.paper,
            printer_logo="yes" if clean.logo else "no",
            printer_drawer_pin=clean.drawer_pin,
        )
    )
    return clean
