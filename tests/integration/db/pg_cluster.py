"""Throw-away PostgreSQL clusters for the replication tests: a primary, its streaming standby, a copy.

Each lives in a folder of its own under a temporary directory owned by the
server's user (PostgreSQL refuses to run as root: as root the programs run
through ``runuser -u postgres``), on a free port, listening on 127.0.0.1
and in its own socket folder. ``ClusterSet`` stops every server it started
and removes the folder, also when the test failed. No pytest here: spawned
worker processes import this module.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import psycopg
from sqlalchemy.engine import URL

from app.db.pg_tools import PgToolError, give_to_server_user, run_tool

FAST_SETTINGS = {
    "fsync": "off",  # a test cluster: nothing to keep after a crash of the machine
    "full_page_writes": "off",
    "shared_buffers": "32MB",
    "max_connections": "50",
    "wal_keep_size": "256MB",
    "listen_addresses": "'127.0.0.1'",
    "log_min_messages": "warning",
}


def server_tools_missing() -> str:
    """Why no cluster can be made here ('' when initdb, pg_ctl and pg_basebackup are installed)."""
    from app.db.pg_tools import pg_bin

    try:
        for tool in ("initdb", "pg_ctl", "pg_basebackup"):
            pg_bin(tool)
    except PgToolError as exc:
        return exc.message
    return ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Cluster:
    def __init__(self, root: Path, name: str) -> None:
        self.data = root / name
        self.port = free_port()
        self.running = False

    @property
    def log(self) -> Path:
        return self.data.parent / f"{self.data.name}.log"

    def url(self, database: str = "postgres") -> URL:
        return URL.create("postgresql+psycopg", "postgres", None, "127.0.0.1", self.port, database)

    def configure(self, **settings: str) -> None:
        with (self.data / "postgresql.auto.conf").open("a", encoding="utf-8") as fh:
            fh.write("".join(f"{name} = {value}\n" for name, value in settings.items()))

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data}"
        run_tool(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
            server_user=True,
        )
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        if self.running:
            run_tool("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop", server_user=True)
            self.running = False

    def promote(self) -> None:
        run_tool("pg_ctl", "-D", str(self.data), "-w", "-t", "60", "promote", server_user=True)

    def sql(self, statement: str) -> object:
        """One statement as the superuser, autocommit; its first value (None without rows)."""
        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            cursor = conn.execute(statement)
            row = cursor.fetchone() if cursor.description else None
            return row[0] if row else None

    def wait_caught_up(self, primary: Cluster, timeout: float = 30) -> None:
        """Until this standby has replayed everything the primary has written so far."""
        target = primary.sql("SELECT pg_current_wal_lsn()")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.sql(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"):
                return
            time.sleep(0.05)
        raise AssertionError(f"standby did not reach {target} in {timeout} s")


class ClusterSet:
    """The clusters of one test, in one folder the server's user owns."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="baydesk-clusters-"))
        os.chmod(self.root, 0o755)
        give_to_server_user(self.root)
        self.clusters: list[Cluster] = []

    def primary(self, **settings: str) -> Cluster:
        cluster = Cluster(self.root, f"primary{len(self.clusters)}")
        run_tool(
            "initdb",
            "-D",
            str(cluster.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
            server_user=True,
        )
        cluster.configure(**{**FAST_SETTINGS, **settings})
        self.clusters.append(cluster)
        cluster.start()
        return cluster

    def standby_of(self, primary: Cluster, **settings: str) -> Cluster:
        """A streaming standby made with ``pg_basebackup -R``, started."""
        cluster = Cluster(self.root, f"standby{len(self.clusters)}")
        run_tool(
            "pg_basebackup",
            "-h",
            "127.0.0.1",
            "-p",
            str(primary.port),
            "-U",
            "postgres",
            "-D",
            str(cluster.data),
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
            server_user=True,
        )
        cluster.configure(**settings)
        self.clusters.append(cluster)
        cluster.start()
        return cluster

    def path(self, name: str) -> Path:
        """A folder for the server's user (an archive, a base backup, a recovered copy)."""
        folder = self.root / name
        folder.mkdir(mode=0o700)
        give_to_server_user(folder)
        return folder

    def remove(self) -> None:
        for cluster in self.clusters:
            with suppress(PgToolError):
                cluster.stop("immediate")
        for pid_file in self.root.glob("*/postmaster.pid"):  # a recovered copy started by the CLI
            with suppress(PgToolError):
                run_tool("pg_ctl", "-D", str(pid_file.parent), "-m", "immediate", "stop", server_user=True)
        shutil.rmtree(self.root, ignore_errors=True)


@contextmanager
def cluster_set() -> Iterator[ClusterSet]:
    clusters = ClusterSet()
    try:
        yield clusters
    finally:
        clusters.remove()
