"""Each model module brings the tables its foreign keys point to.

An area's models load when the area is first used, not all at start-up
(app/db/all_models.py is for the schema tools). A flush orders rows by their
foreign keys, so every table a row points to must be known by then: each model
module imports the model modules of the tables its foreign keys name.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from app.db.all_models import Base, metadata

ROOT = Path(__file__).resolve().parents[3]


def _model_imports(module: str) -> set[str]:
    """The model modules ``module`` imports (``from app.db import models_x``, ``import app.db.models_x``)."""
    path = ROOT / Path(*module.split(".")).with_suffix(".py")
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "app.db":
            found |= {f"app.db.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("app.db.models"):
            found.add(node.module or "")
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("app.db.models")}
    return {name for name in found if name.startswith("app.db.models")}


def _loaded_with(module: str) -> set[str]:
    """``module`` and every model module importing it loads, directly or not."""
    loaded, waiting = {module}, [module]
    while waiting:
        for found in _model_imports(waiting.pop()) - loaded:
            loaded.add(found)
            waiting.append(found)
    return loaded


def test_a_model_module_loads_the_tables_its_foreign_keys_point_to() -> None:
    module_of = {mapper.local_table.name: mapper.class_.__module__ for mapper in Base.registry.mappers}
    assert len(set(module_of.values())) > 10
    missing = sorted(
        f"{table.name}.{fk.parent.name} -> {fk.column.table.name} ({module_of[fk.column.table.name]})"
        for table in metadata.tables.values()
        for fk in table.foreign_keys
        if module_of[fk.column.table.name] not in _loaded_with(module_of[table.name])
    )
    assert missing == []


def test_the_scan_sees_both_spellings() -> None:
    assert {"app.db.models", "app.db.models_parts"} <= _model_imports("app.db.models_work_orders")
    assert _loaded_with("app.db.models") == {"app.db.models"}
    assert "app.db.models" in sys.modules
