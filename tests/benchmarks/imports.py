"""``python -m tests.benchmarks.imports --rows 100000``: how fast another system's export comes in.

Writes a customers file and a vehicles file of ``--rows`` rows each (every
hundredth row bad on purpose), imports them into a fresh shop on a SQLite file
and on a PostgreSQL database of the run's own (dropped at the end), and prints
rows per second for each, and this process's CPU seconds (on a machine shared
with other work, CPU time says what the wall clock cannot).
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from app.db import migrate
from app.db.engine import Database, open_database, sqlite_url
from app.domain.imports import ImportKind
from app.domain.vin import check_digit
from app.services.access.setup import OwnerInput, ShopInput
from app.services.container import Services

from .backends import DEFAULT_PG_URL

PASSWORD = "bench password 1"  # a throwaway shop's, not a secret
_VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


def _vin(n: int) -> str:
    tail = f"{n:06d}"
    body = "1FT" + "".join(_VIN_CHARS[(n // 33**i) % 33] for i in range(5)) + "0" + "KFA" + "0" + tail[-6:]
    body = body[:17]
    return body[:8] + check_digit(body) + body[9:]


def write_files(folder: Path, rows: int) -> tuple[Path, Path]:
    customers, vehicles = folder / "customers.csv", folder / "vehicles.csv"
    with customers.open("w", encoding="utf-8") as out:
        out.write("Customer ID,First Name,Last Name,Phone,Email,City\n")
        for n in range(rows):
            email = "not-an-email" if n % 100 == 99 else f"c{n}@example.com"
            out.write(f"C{n},Pat,Driver{n},555{n:07d},{email},Springfield\n")
    with vehicles.open("w", encoding="utf-8") as out:
        out.write("source_id,customer_id,vin,year,make,model,plate,odometer\n")
        for n in range(rows):
            vin = _vin(n) if n % 100 != 98 else _vin(n)[:8] + "Q" + _vin(n)[9:]
            out.write(f"V{n},C{n},{vin},2019,Ford,F-150,P{n},{1000 + n}\n")
    return customers, vehicles


def measure(db: Database, files: tuple[Path, Path], label: str) -> None:
    services = Services.build(db)
    services.setup.create_shop(
        ShopInput("Bench Garage", "1 Bench St", "(510) 555-0100", "America/Los_Angeles", "10.25"),
        OwnerInput("owner", "Bench Owner", PASSWORD),
    )
    owner = services.setup.sign_in("owner", PASSWORD, "Bench")
    for kind, path in zip((ImportKind.CUSTOMERS, ImportKind.VEHICLES), files, strict=True):
        cpu = time.process_time()
        report = services.imports.run(owner, kind, path)
        cpu = time.process_time() - cpu
        print(
            f"{label:10} {kind.value:9} {report.rows:>8,} rows {report.seconds:7.1f} s "
            f"{report.rows_per_second:8,.0f} rows/s; this process's CPU {cpu:6.1f} s "
            f"({report.rows / cpu:,.0f} rows per CPU second)  "
            f"({report.created:,} new, {len(report.refused):,} refused)",
            flush=True,
        )


@contextmanager
def pg_database(admin: URL) -> Iterator[Database]:
    name = f"baydesk_import_bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    db = open_database(admin.set(database=name))
    try:
        migrate.upgrade(db)
        yield db
    finally:
        db.dispose()
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        files = write_files(Path(folder), args.rows)
        if args.only != "postgresql":
            db = open_database(sqlite_url(Path(folder) / "bench.sqlite3"))
            migrate.upgrade(db, backup=False)
            measure(db, files, "SQLite")
            db.dispose()
        if args.only != "sqlite":
            with pg_database(make_url(args.pg_url)) as db:
                measure(db, files, "PostgreSQL")


if __name__ == "__main__":
    main()
