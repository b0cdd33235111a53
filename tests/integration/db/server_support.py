"""A locked-down server for the tests: roles with unique names, dropped at the end.

Roles are cluster-wide on PostgreSQL, so every name carries a random tag; the
database goes first, then the roles.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL

from app.db.engine import Database
from app.db.server_setup import LoginRole, add_shop, set_up_server
from app.services.access.setup import OwnerInput, ShopInput
from app.services.container import Services

PASSWORD = "a role password 1"  # the test server trusts local connections; set anyway


@dataclass
class Server:
    admin: URL
    tag: str
    owner_role: str
    app_role: str
    office_role: str
    shop_roles: list[str] = field(default_factory=list)

    @property
    def owner(self) -> URL:
        return self.url(self.owner_role)

    @property
    def office(self) -> URL:
        return self.url(self.office_role)

    def url(self, role: str) -> URL:
        return self.admin.set(username=role, password=None)

    def add_shop(self, label: str, shop_id: uuid.UUID | None = None) -> tuple[URL, uuid.UUID]:
        """A role for one shop (a new one unless ``shop_id``): its terminals' URL and the shop's id."""
        role = f"bd_{label}_{self.tag}_{len(self.shop_roles)}"
        self.shop_roles.append(role)
        done = add_shop(self.admin, LoginRole(role, PASSWORD), self.app_role, shop_id)
        return self.url(role), done.shop_id


def make_server(pg_admin_url: URL, label: str) -> Server:
    tag = uuid.uuid4().hex[:8]
    server = Server(
        pg_admin_url.set(database=f"baydesk_{label}_{tag}"),
        tag,
        f"bd_owner_{tag}",
        f"bd_app_{tag}",
        f"bd_office_{tag}",
    )
    set_up_server(
        server.admin,
        LoginRole(server.owner_role, PASSWORD),
        LoginRole(server.office_role, PASSWORD),
        server.app_role,
    )
    return server


def drop_server(pg_admin_url: URL, server: Server) -> None:
    cleanup = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    try:
        with cleanup.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{server.admin.database}" WITH (FORCE)'))
            for role in (*server.shop_roles, server.office_role, server.app_role, server.owner_role):
                conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
    finally:
        cleanup.dispose()


def raw(url: URL, sql: str, shop: uuid.UUID | None = None, **params: object) -> list[tuple[object, ...]]:
    """One statement on a plain connection as ``url``'s role, with ``baydesk.shop_id`` set if given."""
    engine = create_engine(url.set(drivername="postgresql+psycopg"))
    try:
        with engine.begin() as conn:
            if shop is not None:
                conn.execute(text("SELECT set_config('baydesk.shop_id', :s, true)"), {"s": str(shop)})
            result = conn.execute(text(sql), params)
            return [tuple(r) for r in result] if result.returns_rows else []
    finally:
        engine.dispose()


def new_shop(db: Database, name: str, owner: str) -> tuple[Services, uuid.UUID]:
    """The first terminal of a shop's role creates the shop and its owner."""
    services = Services.build(db)
    actor = services.setup.create_shop(
        ShopInput(name), OwnerInput(owner, owner.title(), f"{owner} password 12")
    )
    return services, actor.shop_id
