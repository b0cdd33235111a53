"""``baydesk server setup | add-shop | connect``: preparing a shared server and pointing terminals at it.

The parser is in app/cli.py; these are the commands' bodies. Passwords are
read from the terminal (typed twice) or, with ``--password-stdin``, one a line.
"""

from __future__ import annotations

import argparse
import getpass
import sys
import uuid
from dataclasses import replace

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError

from app.db.engine import RoleShop
from app.domain.errors import BayDeskError, ValidationError


def server_setup(args: argparse.Namespace) -> int:
    from app.credentials import keyring_account, save_password
    from app.db.server_setup import LoginRole, set_up_server

    if args.password_stdin:
        owner_password = sys.stdin.readline().rstrip("\n")
        office_password = sys.stdin.readline().rstrip("\n")
    else:
        owner_password = _new_password(f"Password for the owner role {args.owner_role}: ")
        office_password = _new_password(f"Password for the owner's office role {args.office_role}: ")
    if not owner_password or not office_password:
        print("baydesk: both roles need a password", file=sys.stderr)
        return 2
    admin = make_url(args.url)
    done = set_up_server(
        admin,
        LoginRole(args.owner_role, owner_password),
        LoginRole(args.office_role, office_password),
        args.app_role,
    )
    owner_url = _role_url(admin, args.owner_role, done.database)
    kept = save_password(keyring_account(owner_url), owner_password)
    print(
        f"Database {done.database} is ready: {len(done.shop_tables)} tables under row-level security; "
        f"terminals may not change or delete {', '.join(done.append_only)}.\n"
        f"Each shop:  baydesk server add-shop --url {_plain(admin)} --role baydesk_<shop>\n"
        f"Office:     baydesk server connect {_role_url(admin, args.office_role, done.database)} "
        "--sslmode verify-full --sslrootcert root.crt\n"
        f"Upgrades:   baydesk --database {owner_url} migrate\n"
        f"Backups:    baydesk --database {owner_url} backup FOLDER\n"
        + (
            "The owner role's password is in this computer's keyring (for migrate and backup here)."
            if kept
            else "The owner role's password was NOT kept: this computer has no keyring. "
            "Write it down and keep it off the shop floor; migrate and backup will ask for it."
        )
    )
    if done.words_index_missing:
        print(done.words_index_missing)
    for shop_id, name in done.shops_without_role:
        print(
            f"{name} has no role of its own yet; its terminals open nothing until you run: "
            f"baydesk server add-shop --url {_plain(admin)} --role baydesk_<shop> --shop-id {shop_id}"
        )
    return 0


def server_add_shop(args: argparse.Namespace) -> int:
    from app.db.server_setup import LoginRole, add_shop

    shop_id = _shop_id(args.shop_id) if args.shop_id else None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = _new_password(f"Password for {args.role} (its terminals sign in to the server with it): ")
    if not password:
        print("baydesk: the role needs a password", file=sys.stderr)
        return 2
    admin = make_url(args.url)
    done = add_shop(admin, LoginRole(args.role, password), args.app_role, shop_id)
    what = f"shop {done.shop_name}" if done.shop_name else "a new shop (its first terminal creates it)"
    print(
        f"{done.role} opens {what}, id {done.shop_id}, and no other shop.\n"
        f"Its terminals:  baydesk server connect {_role_url(admin, done.role, admin.database or 'baydesk')} "
        "--sslmode verify-full --sslrootcert root.crt"
    )
    return 0


def server_connect(args: argparse.Namespace) -> int:
    from app.config import load_settings, save_settings, server_url
    from app.credentials import keyring_account, save_password

    url = make_url(args.url)
    if url.get_backend_name() != "postgresql":
        raise ValidationError({"url": "is a PostgreSQL URL: postgresql://baydesk_shop@host/baydesk"})
    plain = keyring_account(url)
    settings = replace(
        load_settings(),
        database_url=plain,
        shop_id=args.shop_id,
        sslmode=args.sslmode,
        sslrootcert=args.sslrootcert,
    )
    if problems := settings.problems():
        raise ValidationError(problems)
    password = url.password or (
        sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("Database password: ")
    )
    shop = _pick_shop(server_url(settings, None), str(password or ""), args.shop_id)
    settings = replace(settings, shop_id=shop)
    save_settings(settings, new_server=True)
    kept = bool(password) and save_password(keyring_account(plain), str(password))
    if kept:
        where = "the password is in the keyring, not in a file"
    else:
        where = (
            "no keyring on this computer, so the password was not kept: BayDesk asks for it at every start"
        )
    print(f"This terminal now uses {plain} (settings saved; {where}).")
    return 0


def _pick_shop(url: URL, password: str, given: str) -> str:
    """The shop this terminal works for: the role's only shop, or the one picked from its list."""
    try:
        shops = _role_shops(url, password)
    except (DBAPIError, BayDeskError) as exc:
        reason = " ".join(str(getattr(exc, "orig", exc)).split())[:200]
        print(f"Could not ask the server which shops this role opens ({reason}); it is asked again at start.")
        return given
    if not shops:
        return given  # not a shop's role (the owner role, or a server without per-shop roles)
    ids = [str(s.shop_id) for s in shops]
    if given:
        if given not in ids:
            raise ValidationError(
                {"shop_id": "is not a shop this role opens; leave it out to pick from the list"}
            )
        return given
    if len(shops) == 1:
        return ids[0]
    print("This role opens several shops:")
    for number, shop in enumerate(shops, start=1):
        print(f"  {number}  {shop.name or '(not created yet)'}  {shop.shop_id}")
    answer = input("Which shop does this terminal work for? Number: ").strip()
    if not answer.isdigit() or not 1 <= int(answer) <= len(shops):
        raise ValidationError({"shop": f"is a number from 1 to {len(shops)}"})
    return ids[int(answer) - 1]


def _role_shops(url: URL, password: str) -> tuple[RoleShop, ...]:
    from app.db.engine import open_database

    db = open_database(url, password=password or None)
    try:
        with db.engine.connect():
            pass  # the first connection asks the server (app/db/engine.py)
        return db.scope.role_shops or ()
    finally:
        db.dispose()


def _new_password(prompt: str) -> str:
    password = getpass.getpass(prompt)
    if getpass.getpass("Again: ") != password:
        print("baydesk: the passwords differ", file=sys.stderr)
        return ""
    return password


def _shop_id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise ValidationError({"shop_id": "is not a shop id (`baydesk server shops` lists them)"}) from None


def _role_url(admin: URL, role: str, database: str) -> str:
    host = admin.host or "localhost"
    port = f":{admin.port}" if admin.port else ""
    return f"postgresql://{role}@{host}{port}/{database}"


def _plain(url: URL) -> str:
    return url._replace(password=None).set(drivername="postgresql").render_as_string(hide_password=True)
