"""Which files this process holds POSIX locks on (Linux ``/proc/locks``): SQLite's locks, seen from outside."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROC_LOCKS = Path("/proc/locks")
needs_proc_locks = pytest.mark.skipif(
    not PROC_LOCKS.exists(), reason="reads this process's locks from /proc/locks (Linux)"
)


def locked_files(folder: Path) -> set[str]:
    """Names of the files in ``folder`` this process holds a POSIX lock on."""
    inodes = {entry.stat().st_ino: entry.name for entry in folder.iterdir()}
    held = set()
    for line in PROC_LOCKS.read_text().splitlines():
        fields = line.split()
        if len(fields) > 5 and fields[4] == str(os.getpid()):
            inode = int(fields[5].split(":")[2])
            if inode in inodes:
                held.add(inodes[inode])
    return held
