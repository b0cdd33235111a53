"""Where BayDesk keeps its files and which database it opens.

User settings live in a TOML file in the user's config directory
(platformdirs); the database password never does: it lives in the OS
keyring (app/credentials.py).
"""

from __future__ import annotations

import os
import socket
import tomllib
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

import tomli_w
from platformdirs import PlatformDirs

from app.db.engine import Database, open_database, sqlite_url

APP_NAME = "BayDesk"
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

    @property
    def effective_terminal_name(self) -> str:
        return self.terminal_name or socket.gethostname() or "Terminal"


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


def save_settings(settings: Settings) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(tomli_w.dumps(asdict(settings)), encoding="utf-8")
    tmp.replace(path)


def database_url(settings: Settings, override: str | None) -> str:
    """``--database``, then ``BAYDESK_DATABASE_URL``, then settings, then the SQLite file."""
    url = override or os.environ.get(ENV_DATABASE_URL) or settings.database_url
    return url or str(sqlite_url(default_sqlite_path()))


def resolve_database(settings: Settings, override: str | None, password: str | None = None) -> Database:
    return open_database(
        database_url(settings, override),
        terminal_name=settings.effective_terminal_name,
        password=password,
    )
