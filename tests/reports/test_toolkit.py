"""The PDF toolkit as installed: with its C accelerators, as the package asks for them."""

from __future__ import annotations

from reportlab.lib import rl_accel


def test_reportlab_runs_with_its_c_accelerators() -> None:
    """Without them every number written into a PDF goes through Python (twice the time per
    invoice); ``reportlab[accel]`` in pyproject.toml brings them, and the frozen build must too."""
    assert type(rl_accel.fp_str).__name__ == "builtin_function_or_method"
    assert rl_accel.fp_str(1.5, 2) == "1.5 2"
