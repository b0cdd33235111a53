"""Reports from a read-only standby (PostgreSQL streaming replication), with the primary as fallback.

A terminal or the owner's office may name a standby (``report_url`` in the
settings, or ``--report-database``). Report reads go there while it is up and
close enough behind the primary; otherwise they go to the primary and the
status bar says why. Writes and the day close never come here.

How far behind: a standby that has replayed everything it received is
current, however old its last replayed transaction is (a quiet shop writes
no WAL for hours); one with WAL received but not replayed is as far behind
as ``now() - pg_last_xact_replay_timestamp()``. A standby that cannot be
reached is asked again only after ``DOWN_RECHECK_S``, so a dead standby does
not cost every report a connect timeout.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from app.db.engine import Database

log = logging.getLogger(__name__)

DEFAULT_MAX_LAG_S = 30.0
RECHECK_S = 5.0  # how long one lag reading is trusted
DOWN_RECHECK_S = 30.0  # how long a standby that did not answer is left alone

LAG_SQL = text(
    "SELECT pg_is_in_recovery(), "
    "pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() "
    "OR pg_last_wal_receive_lsn() IS NULL AND pg_last_wal_replay_lsn() IS NULL, "
    "EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp())"
)


@dataclass(frozen=True)
class ReplicaState:
    """Where reports are read now, and what the status bar says about it ('' without a standby)."""

    on_replica: bool
    message: str
    lag_s: float | None = None
    reachable: bool = True


NO_REPLICA = ReplicaState(False, "")


def lag_seconds(in_recovery: bool, caught_up: bool, since_last_replay: float | None) -> float | None:
    """How far the standby is behind; None: not known (nothing replayed yet while WAL waits)."""
    if not in_recovery or caught_up:
        return 0.0  # promoted, or replayed all it received: no WAL activity is not lag
    if since_last_replay is None:
        return None
    return max(0.0, since_last_replay)


class ReportRoute:
    """Which database report reads use: the standby when it is fit, the primary otherwise."""

    def __init__(self) -> None:
        self.replica: Database | None = None
        self.max_lag_s = DEFAULT_MAX_LAG_S
        self._state = NO_REPLICA
        self._checked_at = float("-inf")
        self._recheck_after = 0.0
        self._lock = threading.Lock()

    def configure(self, replica: Database, max_lag_s: float = DEFAULT_MAX_LAG_S) -> None:
        self.replica = replica
        self.max_lag_s = max_lag_s
        self._checked_at = float("-inf")

    def pick(self, primary: Database) -> Database:
        """The database for the next report read."""
        state = self.state()
        return self.replica if state.on_replica and self.replica is not None else primary

    def state(self) -> ReplicaState:
        """The standby's fitness, asked again once the last answer is stale."""
        if self.replica is None:
            return NO_REPLICA
        with self._lock:
            if time.monotonic() - self._checked_at >= self._recheck_after:
                self._state = self._check(self.replica)
                self._checked_at = time.monotonic()
                self._recheck_after = RECHECK_S if self._state.reachable else DOWN_RECHECK_S
            return self._state

    def recheck(self) -> None:
        """Ask the standby again on the next report (the settings changed, or a test moved time on)."""
        with self._lock:
            self._checked_at = float("-inf")

    def failed(self, reason: str) -> ReplicaState:
        """A report read on the standby failed: use the primary until the standby is asked again."""
        with self._lock:
            self._state = ReplicaState(
                False, f"Reports from the main server: the report server failed ({reason})", None, False
            )
            self._checked_at = time.monotonic()
            self._recheck_after = DOWN_RECHECK_S
            return self._state

    def _check(self, replica: Database) -> ReplicaState:
        where = replica.describe().removeprefix("PostgreSQL ")
        try:
            with replica.engine.connect() as conn:
                in_recovery, caught_up, since = conn.execute(LAG_SQL).one()
                conn.commit()
        except DBAPIError as exc:
            reason = " ".join(str(exc.orig).split())[:120]
            log.warning("report server %s not used: %s", where, reason)
            return ReplicaState(
                False, f"Reports from the main server: the report server {where} is down", None, False
            )
        lag = lag_seconds(bool(in_recovery), bool(caught_up), float(since) if since is not None else None)
        if lag is None or lag > self.max_lag_s:
            behind = "an unknown time" if lag is None else f"{lag:.0f} s"
            return ReplicaState(
                False, f"Reports from the main server: the report server is {behind} behind", lag
            )
        return ReplicaState(True, f"Reports from {where}", lag)
