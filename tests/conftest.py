"""Fixtures shared by every test.

Database tests take the ``db`` fixture, which runs each test twice: on a
fresh SQLite file and on PostgreSQL. The PostgreSQL server is found at
``BAYDESK_TEST_PG_URL`` (default: postgres on 127.0.0.1:5432); each test run
creates its own database there and drops it at the end. Where no server
answers, the PostgreSQL half skips and says why, unless
``BAYDESK_REQUIRE_POSTGRES=1`` (set by CI), where it fails instead.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

# Before anything imports Qt or reads settings: headless Qt, and a private home
# so tests never touch the user's settings, data or keyring.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["BAYDESK_HOME"] = tempfile.mkdtemp(prefix="baydesk-test-home-")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from app.db import migrate
from app.db.all_models import Base
from app.db.engine import Database, open_database, sqlite_url
from app.domain.permissions import Actor, Role
from app.services.access.setup import OwnerInput, ShopInput
from app.services.container import Services

PG_URL = os.environ.get("BAYDESK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REQUIRE_PG = os.environ.get("BAYDESK_REQUIRE_POSTGRES") == "1"
OWNER_PASSWORD = "owner password 1"  # a test fixture, not a secret


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--stress-long",
        action="store_true",
        help="run the stress tests at full size (the default run uses a short version)",
    )


@pytest.fixture(scope="session")
def stress_long(request: pytest.FixtureRequest) -> bool:
    """True when the full-size stress runs were asked for (``--stress-long``)."""
    return bool(request.config.getoption("--stress-long"))


def _pg_reason() -> str | None:
    try:
        engine = create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:
        return f"no PostgreSQL server at {make_url(PG_URL).render_as_string()}: {type(exc).__name__}"
    return None


@pytest.fixture(scope="session")
def pg_admin_url() -> URL:
    reason = _pg_reason()
    if reason:
        if REQUIRE_PG:
            pytest.fail(reason + " (BAYDESK_REQUIRE_POSTGRES=1)")
        pytest.skip(reason + " (set BAYDESK_TEST_PG_URL to run these tests)")
    return make_url(PG_URL)


class PgDatabases:
    """Creates throw-away databases on the test server and drops them at the end."""

    def __init__(self, admin_url: URL) -> None:
        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self.admin_url = admin_url
        self.created: list[str] = []

    def create(self) -> URL:
        name = f"baydesk_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        self.created.append(name)
        return self.admin_url.set(database=name)

    def drop_all(self) -> None:
        with self.admin.connect() as conn:
            for name in self.created:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()


@pytest.fixture(scope="session")
def pg_databases(pg_admin_url: URL) -> Iterator[PgDatabases]:
    databases = PgDatabases(pg_admin_url)
    yield databases
    databases.drop_all()


@pytest.fixture(scope="session")
def pg_migrated(pg_databases: PgDatabases) -> URL:
    """One migrated database for the run; each test empties it first."""
    url = pg_databases.create()
    db = open_database(url)
    migrate.upgrade(db)
    db.dispose()
    return url


def _truncate_all(db: Database) -> None:
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} CASCADE"))


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated, empty database: a new SQLite file, or the run's PostgreSQL database."""
    if request.param == "sqlite":
        database = open_database(sqlite_url(tmp_path / "shop.sqlite3"))
        migrate.upgrade(database, backup=False)
    else:
        url = request.getfixturevalue("pg_migrated")
        database = open_database(url)
        _truncate_all(database)
    yield database
    database.dispose()


@pytest.fixture
def services(db: Database) -> Services:
    return Services.build(db)


@pytest.fixture
def owner(services: Services) -> Actor:
    """A shop with its owner signed in on a terminal."""
    services.setup.create_shop(
        ShopInput("Test Garage", "1 Test St", "(510) 555-0100", "America/Los_Angeles", "10.25"),
        OwnerInput("owner", "Olivia Owner", OWNER_PASSWORD),
    )
    return services.setup.sign_in("owner", OWNER_PASSWORD, "Front desk 1")


@pytest.fixture
def desk(services: Services, owner: Actor) -> Actor:
    """A service writer of the owner's shop, signed in."""
    services.setup.add_user(owner, "desk", "Sam Writer", Role.FRONT_DESK, "desk password 1")
    return services.setup.sign_in("desk", "desk password 1", "Front desk 2")
