"""PostgreSQL's own programs (pg_basebackup, pg_ctl, initdb), found and run the way the server needs.

Debian puts ``pg_ctl`` and ``initdb`` outside PATH (``/usr/lib/postgresql/N/bin``),
and PostgreSQL refuses to run its server as root: run as root, a command that
starts a server runs as the ``postgres`` user (``runuser``), on folders it owns.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
from pathlib import Path

from app.domain.errors import BayDeskError

SERVER_USER = "postgres"


class PgToolError(BayDeskError):
    """A PostgreSQL program is missing or failed."""


def pg_bin(tool: str) -> str:
    """The path of a PostgreSQL program: PATH, else the newest ``/usr/lib/postgresql/*/bin``."""
    found = shutil.which(tool)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{tool}"), key=lambda p: int(Path(p).parts[-3] or 0)
    )
    if not candidates:
        raise PgToolError(f"{tool} is not installed here (it comes with the PostgreSQL server package)")
    return candidates[-1]


def as_server_user() -> list[str]:
    """The prefix that runs a server program as ``postgres`` when we are root (nothing otherwise)."""
    if os.geteuid() != 0:
        return []
    return [shutil.which("runuser") or "/usr/sbin/runuser", "-u", SERVER_USER, "--"]


def give_to_server_user(path: Path) -> None:
    """Make ``path`` (and all in it) the server user's, when we are root; the server wants 0700."""
    if os.geteuid() != 0:
        return
    entry = pwd.getpwnam(SERVER_USER)
    for root, dirs, files in os.walk(path):
        os.chown(root, entry.pw_uid, entry.pw_gid)
        for name in dirs + files:
            os.chown(os.path.join(root, name), entry.pw_uid, entry.pw_gid, follow_symlinks=False)


def run_tool(tool: str, *args: str, server_user: bool = False, timeout: float = 600) -> str:
    """Run a PostgreSQL program; its output, or PgToolError with what it said."""
    command = [*(as_server_user() if server_user else []), pg_bin(tool), *args]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    if proc.returncode != 0:
        said = " ".join((proc.stderr or proc.stdout).split())[-600:]
        raise PgToolError(f"{tool} failed: {said}")
    return proc.stdout
