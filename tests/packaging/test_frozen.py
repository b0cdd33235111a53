"""The Linux bundle, as a shop gets it: built, unpacked, installed, started.

``packaging/build-linux.sh`` builds the bundle once per test session with the
interpreter running the tests (one to two minutes), then its ``install.sh`` puts it
into a private home. Every test starts the installed program the way the menu
entry does, headless (``QT_QPA_PLATFORM=offscreen``) and with its own
``BAYDESK_HOME``, so nothing here reads the developer's settings, data or
keyring. Skipped where PyInstaller is not installed (the ``test`` extra has it).
"""

from __future__ import annotations

import configparser
import importlib.util
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import tarfile
import tomllib
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from alembic.script import ScriptDirectory

ROOT = Path(__file__).resolve().parents[2]
BUILD_TIMEOUT_S = 1200
RUN_TIMEOUT_S = 180

pytestmark = [
    pytest.mark.packaging,
    pytest.mark.skipif(
        importlib.util.find_spec("PyInstaller") is None,
        reason="PyInstaller is not installed (pip install -e '.[test]')",
    ),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux bundle is built on Linux"),
]


@dataclass(frozen=True)
class Installed:
    home: Path  # the private $HOME install.sh installed into
    program: Path  # the `baydesk` command in ~/.local/bin
    unpacked: Path  # the tarball's folder


def _version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        return str(tomllib.load(fh)["project"]["version"])


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.splitlines()[-lines:])


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    work = tmp_path_factory.mktemp("frozen")
    build = subprocess.run(
        [
            "bash",
            str(ROOT / "packaging" / "build-linux.sh"),
            "--python",
            sys.executable,
            "--dist",
            str(work / "dist"),
            "--work",
            str(work / "build"),
        ],
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
        check=False,
    )
    assert build.returncode == 0, f"build-linux.sh failed:\n{_tail(build.stdout)}\n{_tail(build.stderr)}"
    tarballs = list((work / "dist").glob("baydesk-*-linux-*.tar.gz"))
    assert [t.name for t in tarballs] == [f"baydesk-{_version()}-linux-{os.uname().machine}.tar.gz"]
    with tarfile.open(tarballs[0]) as tar:
        tar.extractall(work / "unpacked", filter="tar")
    (unpacked,) = (work / "unpacked").iterdir()

    home = work / "home"
    home.mkdir()
    setup = subprocess.run(
        [str(unpacked / "install.sh")], env=_env(home), capture_output=True, text=True, check=False
    )
    assert setup.returncode == 0, setup.stderr
    return Installed(home=home, program=home / ".local" / "bin" / "baydesk", unpacked=unpacked)


def _env(home: Path, app_home: Path | None = None) -> dict[str, str]:
    """A clean environment: no settings, database or Python paths leak in from the test run."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BAYDESK_", "PYTHON", "XDG_"))}
    env.update(
        HOME=str(home),
        QT_QPA_PLATFORM="offscreen",
        PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
    )
    if app_home is not None:
        env["BAYDESK_HOME"] = str(app_home)
    return env


def _run(installed: Installed, tmp_path: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(installed.program), *map(str, args)],
        env=_env(installed.home, tmp_path / "baydesk-home"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG header (signature, then the IHDR chunk)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _scripts(installed: Installed) -> ScriptDirectory:
    """The migrations inside the bundle: the schema the frozen program upgrades to."""
    return ScriptDirectory(str(installed.unpacked / "baydesk" / "_internal" / "migrations"))


def _revision(path: Path) -> str | None:
    with closing(sqlite3.connect(path)) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "alembic_version" not in tables:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def _count(path: Path, table: str) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _backups(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.stem}.pre-upgrade-*{path.suffix}"))


def _files(folder: Path, suffixes: set[str] | None = None) -> set[str]:
    return {
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and (suffixes is None or path.suffix in suffixes)
    }


def test_bundle_carries_every_resource_and_migration(installed: Installed) -> None:
    bundled = installed.unpacked / "baydesk" / "_internal"
    assert _files(bundled / "resources") == _files(ROOT / "resources")
    assert _files(bundled / "migrations") == _files(ROOT / "migrations", {".py", ".mako"})


def test_frozen_program_reports_the_pyproject_version(installed: Installed, tmp_path: Path) -> None:
    result = _run(installed, tmp_path, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"BayDesk {_version()}"


def test_frozen_program_renders_its_main_window_on_a_fresh_demo_database(
    installed: Installed, tmp_path: Path
) -> None:
    demo, shot = tmp_path / "demo.sqlite3", tmp_path / "shot.png"
    result = _run(installed, tmp_path, "--demo", demo, "--screenshot", shot)

    assert result.returncode == 0, _tail(result.stderr)
    assert shot.stat().st_size > 10_000, "the screenshot is too small to show a window"
    width, height = _png_size(shot.read_bytes())
    assert width > 400 and height > 300, f"a {width}×{height} screenshot is no main window"
    assert _revision(demo) == _scripts(installed).get_current_head(), (
        "the fresh database was not migrated to head"
    )


def test_frozen_program_migrates_an_empty_database_file(installed: Installed, tmp_path: Path) -> None:
    database = tmp_path / "shop.sqlite3"
    database.touch()  # a zero-byte file is an empty SQLite database

    result = _run(installed, tmp_path, "--database", f"sqlite:///{database}", "migrate")

    assert result.returncode == 0, _tail(result.stderr)
    assert _revision(database) == _scripts(installed).get_current_head()
    assert _backups(database) == [], "there was nothing to back up"


def test_frozen_program_upgrades_a_database_of_the_previous_schema(
    installed: Installed, tmp_path: Path
) -> None:
    from app.db import migrate
    from app.db.engine import open_database, sqlite_url

    scripts = _scripts(installed)
    head = scripts.get_current_head()
    assert head is not None
    down = scripts.get_revision(head).down_revision
    previous = down[0] if isinstance(down, tuple) else down
    database = tmp_path / "shop.sqlite3"
    url = f"sqlite:///{database}"
    # A shop's file as the previous release left it: the demo shop, made by the
    # frozen program at head, then taken back one revision (to an empty schema
    # while there is only one revision).
    demo = _run(installed, tmp_path, "--database", url, "demo")
    assert demo.returncode == 0, _tail(demo.stderr)
    customers = _count(database, "customers")
    assert customers > 0
    db = open_database(sqlite_url(database))
    migrate.downgrade(db, previous or "base")
    db.dispose()
    assert _revision(database) == previous

    result = _run(installed, tmp_path, "--database", url, "migrate")

    assert result.returncode == 0, _tail(result.stderr)
    assert _revision(database) == head
    backups = _backups(database)
    if previous is None:
        assert backups == [], "an empty schema has nothing to back up"
        return
    assert len(backups) == 1, "the file was not copied aside before the upgrade"
    assert _revision(backups[0]) == previous
    assert str(backups[0]) in result.stdout, "the user is not told where the old file is"
    assert _count(database, "customers") == customers, "customers were lost in the upgrade"
    verify = _run(installed, tmp_path, "--database", url, "audit", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "audit chain intact" in verify.stdout


def test_frozen_program_migrates_a_postgresql_database(
    installed: Installed, tmp_path: Path, pg_databases: Any
) -> None:
    from sqlalchemy import create_engine, text

    url = pg_databases.create()

    result = _run(installed, tmp_path, "--database", url.render_as_string(hide_password=False), "migrate")

    assert result.returncode == 0, _tail(result.stderr)
    engine = create_engine(url)
    with engine.connect() as conn:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    engine.dispose()
    assert revision == _scripts(installed).get_current_head()


def test_install_script_adds_a_menu_entry_that_starts_the_program(installed: Installed) -> None:
    share = installed.home / ".local" / "share"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    entry.read(share / "applications" / "baydesk.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]

    program = Path(section["Exec"].strip('"'))
    assert program.is_file() and os.access(program, os.X_OK)
    assert installed.program.resolve() == program.resolve()
    assert (share / "icons" / "hicolor" / "256x256" / "apps" / f"{section['Icon']}.png").is_file()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{section['Icon']}.svg").is_file()
    validator = shutil.which("desktop-file-validate")
    if validator:
        checked = subprocess.run(
            [validator, str(share / "applications" / "baydesk.desktop")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr


def test_install_script_uninstalls_and_keeps_shop_data(installed: Installed, tmp_path: Path) -> None:
    prefix = tmp_path / "prefix"
    shop_data = tmp_path / "home" / ".local" / "share" / "BayDesk" / "baydesk.sqlite3"
    shop_data.parent.mkdir(parents=True)
    shop_data.write_bytes(b"the shop's records")
    env = _env(tmp_path / "home")
    script = str(installed.unpacked / "install.sh")

    subprocess.run([script, "--prefix", str(prefix)], env=env, check=True, capture_output=True)
    assert (prefix / "bin" / "baydesk").exists()
    subprocess.run([script, "--uninstall", "--prefix", str(prefix)], env=env, check=True, capture_output=True)

    assert not (prefix / "lib" / "baydesk").exists()
    assert not (prefix / "bin" / "baydesk").exists()
    assert not (prefix / "share" / "applications" / "baydesk.desktop").exists()
    assert shop_data.read_bytes() == b"the shop's records"
