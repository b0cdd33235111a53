"""Engines for the two databases BayDesk runs on, set up per DESIGN.md.

SQLite: WAL, ``synchronous=FULL``, foreign keys on, a busy timeout, and
pysqlite's own transaction handling switched off so that we emit ``BEGIN``
ourselves: ``BEGIN IMMEDIATE`` for every write transaction, which takes the
write lock up front instead of failing half-way with "database is locked".

PostgreSQL: psycopg 3, ``application_name`` naming the terminal, a connect
timeout so an unreachable server gives a message instead of a hung window.
No pre-ping: a dropped connection is found when it is used, and the unit of
work runs the action again on a fresh one (``run_write``/``run_read``).
On a server set up with per-shop roles (app/db/server_setup.py) the login
role decides which shops a terminal opens; the first connection asks the
server which (``baydesk_role_shops()``) and a shop's role works for its shop.
Every connection also carries the terminal's shop in ``baydesk.shop_id``,
which can only narrow what the role opens (an office terminal's chosen shop);
a shop created from this terminal becomes its shop (see ``ShopScope``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from app.db.replica import DEFAULT_MAX_LAG_S, ReportRoute

WRITE_OPTION = "baydesk_write"
# A read of one statement on SQLite: no BEGIN, the statement is its own snapshot (as on PostgreSQL).
BARE_OPTION = "baydesk_bare"
SQLITE_BUSY_TIMEOUT_MS = 10_000
PG_CONNECT_TIMEOUT_S = 5


SHOP_SETTING = "baydesk.shop_id"


@dataclass(frozen=True)
class RoleShop:
    """A shop the server lets this login role open; no name yet: the shop its first terminal creates."""

    shop_id: uuid.UUID
    name: str | None


class ShopScope:
    """The shop this terminal works for, set on every PostgreSQL connection as ``baydesk.shop_id``.

    None until known: from the settings, from the server when the login role
    opens one shop only (``resolve``), or adopted when this terminal creates
    the shop (``on_adopt`` then lets the settings remember it). ``reserved``
    is the id the server keeps for a shop this role's first terminal creates.
    """

    def __init__(self, shop_id: uuid.UUID | None = None) -> None:
        self.shop_id = shop_id
        self.on_adopt: Callable[[uuid.UUID], None] | None = None
        self.role_shops: tuple[RoleShop, ...] | None = None  # None: not asked yet
        self.reserved: uuid.UUID | None = None
        self.walls = False  # the schema has per-shop roles and channels (migration 0009)

    def adopt(self, shop_id: uuid.UUID) -> None:
        if shop_id == self.reserved:
            self.reserved = None
        if self.shop_id is None:
            self.shop_id = shop_id
            if self.on_adopt is not None:
                self.on_adopt(shop_id)

    def resolve(self, walls: bool, shops: tuple[RoleShop, ...]) -> None:
        """What the server says this login role opens (empty: not a per-shop role)."""
        self.walls = walls
        self.role_shops = shops
        if self.shop_id is None and len(shops) == 1:
            self.shop_id = shops[0].shop_id
        mine = next((s for s in shops if s.shop_id == self.shop_id), None)
        if mine is not None and mine.name is None:
            self.reserved = mine.shop_id

    def forget(self) -> None:
        """The schema changed (a migration, a restore): ask the server again on the next connection."""
        self.role_shops = None

    @property
    def mismatch(self) -> str:
        """Why this terminal's shop is not one its role opens ('' when it is, or nothing is known)."""
        if not self.role_shops or self.shop_id is None:
            return ""
        if any(s.shop_id == self.shop_id for s in self.role_shops):
            return ""
        return f"this terminal's shop ({self.shop_id}) is not one its database role opens"


@dataclass(frozen=True)
class Database:
    """An engine plus what the rest of the program needs to know about it."""

    engine: Engine
    url: URL
    scope: ShopScope = field(default_factory=ShopScope, compare=False)
    # Where report reads go: a standby named in the settings, or this database (app/db/replica.py).
    reports: ReportRoute = field(default_factory=ReportRoute, compare=False)
    # One option-engine per transaction kind, made once: building one per
    # unit of work cost more than a whole indexed search on SQLite.
    _binds: dict[str, Engine] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        read = self.engine.execution_options(**{WRITE_OPTION: False})
        binds = {"write": self.engine.execution_options(**{WRITE_OPTION: True}), "read": read, "one": read}
        if self.is_sqlite:
            binds["one"] = read.execution_options(**{BARE_OPTION: True})
        else:
            # A read is several statements (a work order's head, jobs, lines); at READ COMMITTED each
            # would see the commits made between them. One snapshot, as SQLite's read transaction gives.
            binds["read"] = read.execution_options(isolation_level="REPEATABLE READ")
            # A read of one statement is its own snapshot: no BEGIN and COMMIT round trips around it.
            binds["one"] = read.execution_options(isolation_level="AUTOCOMMIT")
        object.__setattr__(self, "_binds", binds)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        if not self.is_sqlite or not self.url.database or self.url.database == ":memory:":
            return None
        return Path(self.url.database)

    def describe(self) -> str:
        """What the status bar shows: the file, or the server and database."""
        if self.is_sqlite:
            return f"SQLite {self.url.database}"
        hosts = self.url.query.get("host")  # a multi-host URL: the standby a failover moves to
        if hosts and not self.url.host:
            listed = ",".join(hosts) if isinstance(hosts, tuple) else hosts
            return f"PostgreSQL {listed}/{self.url.database}"
        return f"PostgreSQL {self.url.host or 'localhost'}:{self.url.port or 5432}/{self.url.database}"

    def for_reports(self) -> Database:
        """The database a report reads from: the standby while it is fit, else this one."""
        return self.reports.pick(self)

    def session(self, *, write: bool, one_statement: bool = False) -> Session:
        """A session for a write, a read, or a read of a single statement (autocommit on PostgreSQL)."""
        kind = "write" if write else ("one" if one_statement else "read")
        return _SESSIONS(bind=self._binds[kind], info={"scope": self.scope})

    def dispose(self) -> None:
        if self.reports.replica is not None:
            self.reports.replica.dispose()
        self.engine.dispose()


_SESSIONS = sessionmaker(expire_on_commit=False, autoflush=False)


@event.listens_for(_SESSIONS, "before_flush")
def _scope_new_shop(session: Session, _context: Any, _instances: Any) -> None:
    """A shop created here: its rows may be written in this transaction, and it becomes our shop."""
    shops = [obj for obj in session.new if getattr(obj, "__tablename__", None) == "shops"]
    if len(shops) != 1 or session.get_bind().dialect.name != "postgresql":
        return
    shop = shops[0]
    scope = session.info.get("scope")
    if shop.id is None:
        reserved = scope.reserved if isinstance(scope, ShopScope) else None
        shop.id = reserved or uuid.uuid4()
    session.execute(
        text("SELECT set_config(:name, :shop, true)"), {"name": SHOP_SETTING, "shop": str(shop.id)}
    )
    session.info["new_shop"] = shop.id


@event.listens_for(_SESSIONS, "after_commit")
def _adopt_new_shop(session: Session) -> None:
    new_shop = session.info.pop("new_shop", None)
    scope = session.info.get("scope")
    if new_shop is not None and isinstance(scope, ShopScope):
        scope.adopt(new_shop)


def without_password(url: URL) -> URL:
    """``url`` with no password (``URL.set(password=None)`` would keep it)."""
    return url._replace(password=None)


def sqlite_url(path: Path) -> URL:
    return URL.create("sqlite+pysqlite", database=str(path))


def open_database(
    url: str | URL,
    *,
    terminal_name: str = "BayDesk",
    password: str | None = None,
    echo: bool = False,
    shop_id: uuid.UUID | None = None,
) -> Database:
    """Create the engine for ``url`` (nothing is connected yet); ``shop_id``: this terminal's shop."""
    url = make_url(url) if isinstance(url, str) else url
    backend = url.get_backend_name()
    if backend == "sqlite":
        return Database(_sqlite_engine(url, echo), url)
    if backend == "postgresql":
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        if password is not None:
            url = url.set(password=password)
        scope = ShopScope(shop_id)
        return Database(_postgres_engine(url, terminal_name, echo, scope), url, scope)
    raise ValueError(f"BayDesk runs on SQLite or PostgreSQL, not {backend}")


def attach_report_server(
    primary: Database, url: str | URL, *, max_lag_s: float = DEFAULT_MAX_LAG_S, terminal_name: str = "BayDesk"
) -> Database:
    """Let ``primary``'s reports read from the standby at ``url`` (same login role and shop scope).

    A URL without a password borrows the primary's when it names the same role:
    a standby is a copy of the primary, roles and passwords included.
    """
    url = make_url(url) if isinstance(url, str) else url
    if url.get_backend_name() != "postgresql" or primary.is_sqlite:
        raise ValueError("a report server is a PostgreSQL standby of a PostgreSQL primary")
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    if url.password is None and primary.url.password is not None and url.username == primary.url.username:
        url = url.set(password=primary.url.password)
    engine = _postgres_engine(url, f"{terminal_name} reports", False, primary.scope, connect_timeout=2)
    replica = Database(engine, url, primary.scope)
    primary.reports.configure(replica, max_lag_s)
    return replica


def _sqlite_engine(url: URL, echo: bool) -> Engine:
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, echo=echo)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _on_begin)
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        options = conn.get_execution_options()
        if options.get(BARE_OPTION, False):
            return  # pysqlite is in autocommit: the one statement runs alone, COMMIT is a no-op
        immediate = options.get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _postgres_engine(
    url: URL, terminal_name: str, echo: bool, scope: ShopScope, connect_timeout: int = PG_CONNECT_TIMEOUT_S
) -> Engine:
    engine = create_engine(
        url,
        echo=echo,
        # No pre-ping (a round trip before every action): a connection the server dropped is
        # found on use, and the unit of work runs the whole action again once (app/services/uow.py).
        connect_args={
            "application_name": f"BayDesk {terminal_name}"[:63],
            "connect_timeout": connect_timeout,
        },
    )

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        if scope.role_shops is None:  # once per engine: which shops this login role opens
            scope.resolve(*role_shops(dbapi_conn))
        # One statement per connection, and again only when the terminal's shop changes.
        wanted = scope.shop_id
        if wanted is None or record.info.get(SHOP_SETTING) == wanted:
            return
        with dbapi_conn.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, %s, false)", (SHOP_SETTING, str(wanted)))
        dbapi_conn.commit()
        record.info[SHOP_SETTING] = wanted

    return engine


def role_shops(dbapi_conn: Any) -> tuple[bool, tuple[RoleShop, ...]]:
    """Whether the schema has the walls, and the shops the server lets this login role open, from a
    driver connection (none: a schema without per-shop roles, or a role that is not a terminal's:
    the owner, an administrator)."""
    with dbapi_conn.cursor() as cursor:
        cursor.execute("SELECT to_regprocedure('baydesk_role_shops()') IS NOT NULL")
        row = cursor.fetchone()
        walls = bool(row and row[0])
        rows = []
        if walls:
            cursor.execute("SELECT shop_id, shop_name FROM baydesk_role_shops()")
            rows = cursor.fetchall()
    dbapi_conn.commit()
    return walls, tuple(RoleShop(shop_id, name) for shop_id, name in rows)
