"""Interleaved timing: the measured path and its floor take turns, so noise from
other work on the machine falls on both alike."""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import explain

Call = Callable[[], Any]


@dataclass
class Samples:
    """Milliseconds per call of the measured path and of its floor."""

    measured: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)
    profile: explain.Profile | None = None  # with --explain: the measured calls that were profiled

    def extend(self, other: Samples) -> None:
        self.measured.extend(other.measured)
        self.floor.extend(other.floor)
        if other.profile is not None:
            if self.profile is None:
                self.profile = explain.Profile()
            self.profile.merge(other.profile)


@dataclass(frozen=True)
class Result:
    """One line of the table and of the JSON file."""

    benchmark: str
    backend: str
    median_ms: float
    floor_median_ms: float
    goal_ratio: float
    goal_ms: float | None = None
    samples: int = 0
    p90_ms: float = 0.0
    floor_p90_ms: float = 0.0
    note: str = ""
    unit: str = "ms"  # what median_ms and goal_ms count (start-up memory: MB)
    shares: dict[str, float] = field(default_factory=dict)  # with --explain: where the time goes

    @property
    def ratio(self) -> float:
        return self.median_ms / self.floor_median_ms if self.floor_median_ms else float("inf")

    @property
    def goal(self) -> str:
        if self.goal_ratio == float("inf") and self.goal_ms is not None:
            return f"< {self.goal_ms:g} {self.unit}"
        text = f"≤ {self.goal_ratio:g}×"
        return f"{text}, < {self.goal_ms:g} {self.unit}" if self.goal_ms is not None else text

    @property
    def met(self) -> bool:
        fast_enough = self.goal_ms is None or self.median_ms < self.goal_ms
        return self.ratio <= self.goal_ratio and fast_enough

    def as_json(self) -> dict[str, Any]:
        return {
            "benchmark": self.benchmark,
            "backend": self.backend,
            "median_ms": round(self.median_ms, 4),
            "floor_median_ms": round(self.floor_median_ms, 4),
            "ratio": round(self.ratio, 3),
            "goal": self.goal,
            "goal_ratio": self.goal_ratio,
            "goal_ms": self.goal_ms,
            "met": self.met,
            "samples": self.samples,
            "p90_ms": round(self.p90_ms, 4),
            "floor_p90_ms": round(self.floor_p90_ms, 4),
            "note": self.note,
            "unit": self.unit,
            **({"shares": {k: round(v, 4) for k, v in self.shares.items()}} if self.shares else {}),
        }


def result(
    benchmark: str,
    backend: str,
    samples: Samples,
    goal_ratio: float,
    goal_ms: float | None = None,
    note: str = "",
    unit: str = "ms",
) -> Result:
    return Result(
        benchmark=benchmark,
        backend=backend,
        median_ms=statistics.median(samples.measured),
        floor_median_ms=statistics.median(samples.floor),
        goal_ratio=goal_ratio,
        goal_ms=goal_ms,
        samples=len(samples.measured),
        p90_ms=_p90(samples.measured),
        floor_p90_ms=_p90(samples.floor),
        note=note,
        unit=unit,
        shares=samples.profile.shares() if samples.profile is not None else {},
    )


def _p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1] if len(values) >= 2 else values[0]


def time_call(call: Call) -> float:
    started = time.perf_counter_ns()
    call()
    return (time.perf_counter_ns() - started) / 1e6


def interleaved(pairs: Sequence[tuple[Call, Call]], rounds: int, rng: random.Random) -> Samples:
    """Time every (measured, floor) pair ``rounds`` times, in a new random order each
    round and with a coin deciding which of the two goes first.

    With ``--explain`` every fourth measured call is profiled (``explain``) instead of timed."""
    out = Samples(profile=explain.Profile() if explain.enabled else None)
    order = list(pairs)
    calls = 0
    for _ in range(rounds):
        rng.shuffle(order)
        for measured, floor in order:
            calls += 1
            if out.profile is not None and calls % explain.PROFILE_EVERY == 0:
                out.profile.run(measured)
                out.floor.append(time_call(floor))
            elif rng.random() < 0.5:
                out.measured.append(time_call(measured))
                out.floor.append(time_call(floor))
            else:
                out.floor.append(time_call(floor))
                out.measured.append(time_call(measured))
    return out
