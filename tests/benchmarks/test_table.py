"""The runner's table with an earlier run's figures beside this run's (``--before``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.benchmarks.run import build_parser, main
from tests.benchmarks.table import format_table, load_line, read_before, results_of
from tests.benchmarks.timing import Result

SHOWN = Result("start-up: main window shown", "sqlite", 230.0, 100.0, 3.0)
MEMORY = Result("start-up: peak memory", "sqlite", 120.0, 60.0, float("inf"), goal_ms=130.0, unit="MB")


def _earlier(tmp_path: Path) -> Path:
    earlier = Result("start-up: main window shown", "sqlite", 1150.0, 100.0, 3.0)
    report = {
        "when": "2026-12-03T16:00:00+00:00",
        "machine": {"load_average": {"before": [1.5, 1.0, 0.5], "after": [2.25, 1.0, 0.5]}},
        "results": [earlier.as_json()],
    }
    path = tmp_path / "before.json"
    path.write_text(json.dumps(report))
    return path


def test_the_earlier_runs_median_and_ratio_stand_beside_this_runs(tmp_path: Path) -> None:
    table = format_table([SHOWN, MEMORY], read_before(_earlier(tmp_path))).splitlines()
    assert "before median" in table[0] and "before ratio" in table[0]
    shown = table[2]
    assert "230.000" in shown and "2.30×" in shown
    assert "1150.000" in shown and "11.50×" in shown
    assert shown.index("11.50×") < shown.index("≤ 3×")
    assert table[3].count("—") == 2  # the earlier run did not measure memory


def test_a_smaller_runs_figures_show_how_much_each_figure_and_its_floor_grew(tmp_path: Path) -> None:
    smaller = Result("start-up: main window shown", "sqlite", 115.0, 80.0, 3.0)
    path = tmp_path / "small.json"
    path.write_text(json.dumps({"when": "2026-12-04T01:00:00+00:00", "results": [smaller.as_json()]}))
    table = format_table([SHOWN, MEMORY], None, read_before(path)).splitlines()
    assert "smaller median" in table[0] and "floor growth" in table[0] and "before" not in table[0]
    shown = table[2]
    assert "115.000" in shown and "2.00×" in shown and "1.25×" in shown  # 230/115 and floor 100/80
    assert shown.index("1.25×") < shown.index("≤ 3×")
    assert table[3].count("—") == 3  # the smaller run did not measure memory


def test_without_an_earlier_run_the_table_has_no_before_columns() -> None:
    assert "before" not in format_table([SHOWN])


def test_both_runs_load_averages_are_printed(tmp_path: Path) -> None:
    text = load_line({"before": (3.0, 2.0, 1.0), "after": (4.0, 2.0, 1.0)}, read_before(_earlier(tmp_path)))
    assert "at the start 3.0 2.0 1.0, at the end 4.0 2.0 1.0" in text
    assert "at the start 1.5 1.0 0.5, at the end 2.2 1.0 0.5" in text


def test_a_runs_table_is_printed_again_from_its_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "run.json"
    path.write_text(
        json.dumps({"when": "2026-12-04T01:00:00+00:00", "results": [SHOWN.as_json(), MEMORY.as_json()]})
    )
    assert results_of(read_before(path)) == [SHOWN, MEMORY]
    assert main(["--table", str(path), "--before", str(_earlier(tmp_path))]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert "before median" in printed[0] and "11.50×" in printed[2] and "2.30×" in printed[2]


def test_a_file_that_is_not_a_run_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text("[1, 2]")
    with pytest.raises(ValueError, match="not a benchmark run"):
        read_before(path)


def test_the_runner_takes_an_earlier_runs_file() -> None:
    args = build_parser().parse_args(["--only", "startup", "--before", "old.json"])
    assert args.before == Path("old.json")
    assert build_parser().parse_args(["--smaller", "small.json"]).smaller == Path("small.json")
