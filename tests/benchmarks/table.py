"""The runner's printed table, and an earlier run's figures beside this one's (``--before``), or a
run's on a smaller data set (``--smaller``: how much each figure grows with the shop or the chain).

An earlier run is read from the JSON file it wrote (``--json``); its figures
are matched to this run's by benchmark and backend, and its load average is
printed with this run's, so two runs on a busy machine can be told apart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .explain import format_shares
from .timing import Result

LoadAverage = tuple[float, float, float]
NOT_MEASURED = "—"


@dataclass(frozen=True)
class Before:
    """An earlier run: when, its load average, and its figures by (benchmark, backend)."""

    path: Path
    when: str
    load: dict[str, LoadAverage]
    figures: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)

    def figure(self, result: Result) -> dict[str, Any] | None:
        return self.figures.get((result.benchmark, result.backend))


def read_before(path: Path) -> Before:
    """The figures a run wrote to ``path``; a file that is not such a run is a ``ValueError``."""
    report = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(report, dict) or not isinstance(report.get("results"), list):
        raise ValueError(f"{path} is not a benchmark run's JSON (no 'results')")
    machine = report.get("machine") or {}
    load = machine.get("load_average") or {}
    return Before(
        path=path,
        when=str(report.get("when", "?")),
        load={k: _load_average(v) for k, v in load.items() if isinstance(v, list) and len(v) == 3},
        figures={(r["benchmark"], r["backend"]): r for r in report["results"]},
    )


def results_of(run: Before) -> list[Result]:
    """The figures of a run read back from its JSON (``read_before``), in the order it measured them."""
    names = [f.name for f in fields(Result)]
    return [Result(**{k: v for k, v in figure.items() if k in names}) for figure in run.figures.values()]


def _load_average(values: list[float]) -> LoadAverage:
    return (float(values[0]), float(values[1]), float(values[2]))


def format_table(results: list[Result], before: Before | None = None, small: Before | None = None) -> str:
    """The table; with ``before``, an earlier run's median and ratio beside each figure; with
    ``small``, a run on a smaller data set: its median, this run's over it (growth), and the floor's."""
    header: tuple[str, ...] = ("benchmark", "backend", "median ms", "floor median ms", "ratio")
    if before is not None:
        header += ("before median", "before ratio")
    if small is not None:
        header += ("smaller median", "growth", "floor growth")
    header += ("goal", "met")
    rows = [_row(r, before) + _scale(r, small) + (r.goal, "yes" if r.met else "no") for r in results]
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    numeric = set(range(2, len(header) - 2))

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(
            c.rjust(w) if i in numeric else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


def _row(r: Result, before: Before | None) -> tuple[str, ...]:
    unit = "" if r.unit == "ms" else f" {r.unit}"
    cells: tuple[str, ...] = (
        r.benchmark,
        r.backend,
        f"{r.median_ms:.3f}{unit}",
        f"{r.floor_median_ms:.3f}{unit}",
        f"{r.ratio:.2f}×",
    )
    if before is not None:
        earlier = before.figure(r)
        if earlier is None:
            cells += (NOT_MEASURED, NOT_MEASURED)
        else:
            earlier_unit = earlier.get("unit", "ms")
            shown_unit = "" if earlier_unit == "ms" else f" {earlier_unit}"
            cells += (f"{earlier['median_ms']:.3f}{shown_unit}", f"{earlier['ratio']:.2f}×")
    return cells


def _scale(r: Result, small: Before | None) -> tuple[str, ...]:
    """How much this figure grew from the smaller data set, and how much its floor did (the same work
    in hand-written SQL: where both grew alike, the demo's answers grew, not the service's cost)."""
    if small is None:
        return ()
    other = small.figure(r)
    if other is None or not other["median_ms"] or not other["floor_median_ms"]:
        return (NOT_MEASURED,) * 3
    return (
        f"{other['median_ms']:.3f}",
        f"{r.median_ms / other['median_ms']:.2f}×",
        f"{r.floor_median_ms / other['floor_median_ms']:.2f}×",
    )


def format_notes(results: list[Result]) -> str:
    """What each floor does and what else a figure needs said, one line per benchmark."""
    lines = ["notes:"]
    for r in results:
        if r.note:
            lines.append(f"  {r.benchmark} [{r.backend}]: {r.note}")
    return "\n".join(lines)


def format_explained(results: list[Result]) -> str:
    """Where each profiled figure's time goes (``--explain``), the ones that miss their goal first."""
    profiled = sorted((r for r in results if r.shares), key=lambda r: r.met)
    if not profiled:
        return ""
    lines = ["where the time goes (share of the profiled calls' time, by layer):"]
    for r in profiled:
        missed = "" if r.met else ", goal missed"
        lines.append(f"  {r.benchmark} [{r.backend}{missed}]: {format_shares(r.shares)}")
    return "\n".join(lines)


def loads(values: LoadAverage) -> str:
    return " ".join(f"{v:.1f}" for v in values)


def load_line(load: dict[str, LoadAverage], before: Before | None = None) -> str:
    """This run's load average at its start and end, and the earlier run's when one is beside it."""
    text = (
        f"load average (1, 5, 15 min) at the start {loads(load['before'])}, at the end {loads(load['after'])}"
    )
    if before is None:
        return text
    earlier = (
        f"at the start {loads(before.load['before'])}, at the end {loads(before.load['after'])}"
        if "before" in before.load and "after" in before.load
        else "not recorded"
    )
    return f"{text}\nthe 'before' run ({before.path}, {before.when}): load average {earlier}"
