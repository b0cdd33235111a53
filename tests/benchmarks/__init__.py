"""BayDesk benchmarks: each figure is a ratio against a floor measured in the same run.

Run from the repository root with ``python -m tests.benchmarks`` (``--help`` for
options). Nothing here is collected by pytest: no file is named ``test_*.py``.
"""
