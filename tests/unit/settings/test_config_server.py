"""Settings for a shared server: TLS options, the terminal's shop, the daily backup; no password in a file."""

from __future__ import annotations

import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from app import cli, config, credentials
from app.config import Settings, load_settings, resolve_database, save_settings, server_url, settings_path
from app.domain.errors import ValidationError

SERVER = "postgresql+psycopg://baydesk_app@db.shop.lan:5432/baydesk"


@pytest.fixture(autouse=True)
def fresh_settings() -> None:
    settings_path().unlink(missing_ok=True)


def test_tls_settings_are_added_to_the_server_url_and_the_urls_own_win() -> None:
    settings = Settings(database_url=SERVER, sslmode="verify-full", sslrootcert="/etc/baydesk/root.crt")
    url = server_url(settings, None)
    assert url.query == {"sslmode": "verify-full", "sslrootcert": "/etc/baydesk/root.crt"}
    assert server_url(settings, SERVER + "?sslmode=require").query["sslmode"] == "require"
    assert server_url(Settings(), None).get_backend_name() == "sqlite"  # a file has no TLS
    assert server_url(Settings(database_url=SERVER), None).query == {}
    home_cert = server_url(Settings(database_url=SERVER, sslrootcert="~/root.crt"), None).query["sslrootcert"]
    assert home_cert == str(Path.home() / "root.crt")  # libpq does not expand ~ itself


def test_settings_that_cannot_work_are_named(tmp_path: Path) -> None:
    cert = tmp_path / "root.crt"
    cert.write_text("-----BEGIN CERTIFICATE-----\n")
    assert Settings(sslmode="verify-full", sslrootcert=str(cert), shop_id=str(uuid.uuid4())).problems() == {}
    problems = Settings(sslmode="verify-everything", shop_id="shop 1", backup_keep="seven").problems()
    assert set(problems) == {"sslmode", "shop_id", "backup_keep"}
    assert "verify-full" in problems["sslmode"]
    assert set(Settings(sslmode="verify-full").problems()) == {"sslrootcert"}
    assert set(Settings(sslrootcert=str(tmp_path / "missing.crt")).problems()) == {"sslrootcert"}


def test_backup_settings_have_safe_defaults() -> None:
    assert Settings().backups_to_keep == 7
    assert Settings(backup_keep="0").backups_to_keep == 0
    assert Settings(backup_keep="lots").backups_to_keep == 7
    assert Settings().backup_path == config.data_dir() / "backups"
    assert Settings(backup_folder="~/bk").backup_path == Path("~/bk").expanduser()


def test_the_terminals_shop_reaches_the_connection_and_a_shop_made_here_is_remembered() -> None:
    shop = uuid.uuid4()
    db = resolve_database(Settings(database_url=SERVER, shop_id=str(shop)), None, password="pw")
    assert db.scope.shop_id == shop
    db.dispose()
    db = resolve_database(Settings(database_url=SERVER), None, password="pw")
    assert db.scope.shop_id is None
    settings = load_settings()  # what the window loaded at start, before the shop existed
    db.scope.adopt(shop)
    assert load_settings().shop_id == str(shop)
    save_settings(replace(settings, last_username="olive"))  # a later save from that stale copy
    assert (load_settings().shop_id, load_settings().last_username) == (str(shop), "olive")
    db.dispose()
    with pytest.raises(ValidationError, match="shop"):
        resolve_database(Settings(database_url=SERVER, shop_id="the big one"), None, password="pw")


def test_server_connect_keeps_the_url_in_settings_and_the_password_in_the_keyring(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    saved: dict[str, str] = {}
    monkeypatch.setattr(
        credentials.keyring, "set_password", lambda _s, account, pw: saved.__setitem__(account, pw)
    )
    monkeypatch.setattr(credentials.keyring, "get_password", lambda _s, account: saved.get(account))
    monkeypatch.setattr(credentials, "keyring_available", lambda: True)
    cert = tmp_path / "root.crt"
    cert.write_text("-----BEGIN CERTIFICATE-----\n")
    shop = str(uuid.uuid4())
    url = "postgresql://baydesk_app:s3cret-pw@db.shop.lan/baydesk"
    args = [
        "server",
        "connect",
        url,
        "--shop-id",
        shop,
        "--sslmode",
        "verify-full",
        "--sslrootcert",
        str(cert),
    ]
    assert cli.main(args) == 0
    settings = load_settings()
    assert settings.database_url == "postgresql://baydesk_app@db.shop.lan/baydesk"
    assert (settings.shop_id, settings.sslmode, settings.sslrootcert) == (shop, "verify-full", str(cert))
    assert "s3cret-pw" not in settings_path().read_text()
    assert saved == {"postgresql://baydesk_app@db.shop.lan/baydesk": "s3cret-pw"}
    assert "s3cret-pw" not in capsys.readouterr().out
    # another server: the shop of the old one does not follow
    assert cli.main(["server", "connect", "postgresql://baydesk_app:pw2@other.lan/baydesk"]) == 0
    assert (load_settings().database_url, load_settings().shop_id) == (
        "postgresql://baydesk_app@other.lan/baydesk",
        "",
    )


def test_without_a_keyring_connect_says_the_password_was_not_kept(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The tests' keyring is the null one: it takes a password and keeps nothing, and connect says so."""
    assert cli.main(["server", "connect", "postgresql://baydesk_app:s3cret-pw@db.shop.lan/baydesk"]) == 0
    out = capsys.readouterr().out
    assert "no keyring on this computer, so the password was not kept" in out
    assert "the password is in the keyring" not in out


def test_server_connect_refuses_bad_settings_and_saves_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    save_settings(Settings(terminal_name="Desk 1"))
    assert cli.main(["server", "connect", SERVER, "--sslmode", "verify-full", "--password-stdin"]) == 2
    assert "sslrootcert" in capsys.readouterr().err.lower()
    assert cli.main(["server", "connect", "sqlite:////tmp/x.sqlite3"]) == 2
    assert "PostgreSQL URL" in capsys.readouterr().err
    assert load_settings() == Settings(terminal_name="Desk 1")
