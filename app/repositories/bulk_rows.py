"""Values of rows written in bulk (demo data, imports), through their columns' bind processors, quickly.

Money, rates and quantities repeat across millions of rows (the same prices,
the same tax rate), so each column remembers what its processor made of a
Decimal it has seen: what it stores depends on the number alone.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sqlalchemy.engine import Dialect


def bind_processors(table: Any, keys: list[str], dialect: Dialect) -> list[Callable[[Any], Any] | None]:
    """Each key's column processor (None: the value goes to the driver as it is)."""
    out: list[Callable[[Any], Any] | None] = []
    for key in keys:
        process = table.c[key].type.dialect_impl(dialect).bind_processor(dialect)
        out.append(None if process is None else _remembering(process))
    return out


def _remembering(process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    known: dict[Decimal, Any] = {}

    def convert(value: Any) -> Any:
        if type(value) is not Decimal:
            return process(value)
        stored = known.get(value)
        if stored is None:
            stored = known[value] = process(value)
        return stored

    return convert
