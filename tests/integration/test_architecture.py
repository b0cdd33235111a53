"""The layer rules of DESIGN.md, enforced mechanically: a violation fails the test run."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def test_import_linter_contracts_are_all_kept() -> None:
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
    assert "Layers point one way (DESIGN.md) KEPT" in result.stdout
    assert "No Qt below the UI KEPT" in result.stdout


def qt_imports(source: str, name: str) -> list[str]:
    """Every import of PySide6 in a module's source, by line, however it is written."""
    found = []
    for node in ast.walk(ast.parse(source, filename=name)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            modules = [node.module or ""]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            modules = [str(node.args[0].value)]
        else:
            continue
        found += [f"{name}:{node.lineno} {module}" for module in modules if module.startswith("PySide6")]
    return sorted(found)


def test_no_module_below_the_ui_imports_qt() -> None:
    modules = [
        path for path in APP.rglob("*.py") if APP / "ui" not in path.parents and path != APP / "__main__.py"
    ]
    assert len(modules) > 20
    offending = [
        hit
        for path in modules
        for hit in qt_imports(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert offending == []


def test_the_qt_import_scan_sees_every_spelling() -> None:
    source = (
        "import os\n"
        "import PySide6\n"
        "from PySide6.QtWidgets import QWidget\n"
        "def later():\n"
        "    import PySide6.QtGui as gui\n"
        "    return importlib.import_module('PySide6.QtCore')\n"
    )
    assert qt_imports(source, "probe.py") == [
        "probe.py:2 PySide6",
        "probe.py:3 PySide6.QtWidgets",
        "probe.py:5 PySide6.QtGui",
        "probe.py:6 PySide6.QtCore",
    ]


def test_services_and_the_command_line_load_without_qt() -> None:
    """Importing everything below the UI (and the CLI's entry) must not pull Qt in indirectly."""
    code = (
        "import sys\n"
        "import app.cli, app.bootstrap, app.config, app.credentials\n"
        "import app.services.container, app.db.migrate, app.reports\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'PySide6'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
