"""The service boundary's gate: every piece of text a service is handed passes ``check_inputs``.

``Service`` wraps each public method of its subclasses (see app/services/base.py),
so a new method, argument or input field is gated without anyone listing it:
each ``str`` argument, and each ``str`` inside a dataclass, tuple or list it is
handed, goes through app/domain/text_gate.py. A field whose name is a column
name is held to that column's length (the longest column of that name, from
app/services/column_limits.py), except the few the domain parses and checks
itself (VIN, plate, phone).
Secrets (passwords, PINs) and a file held against the database (never stored)
are checked for control characters only.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import String

from app.domain.errors import ValidationError
from app.domain.text_gate import text_problem
from app.services.column_limits import COLUMN_LIMITS

if TYPE_CHECKING:
    from sqlalchemy import MetaData

F = TypeVar("F", bound=Callable[..., Any])
_SECRET_WORDS = ("password", "pin", "secret")
# Typed with spaces and dashes the domain takes out before it checks the length itself.
_PARSED = frozenset({"vin", "plate", "phone", "mobile", "card_last4"})
# A whole file held against the database and never stored (an exported audit head): its
# hashes, ids and sequence numbers run into digit groups a card check could take for a card.
_HELD_FILES = frozenset({"against"})


def column_limits(metadata: MetaData) -> dict[str, int]:
    """Column name → the length of the longest text column of that name in ``metadata``."""
    limits: dict[str, int] = {}
    for table in metadata.tables.values():
        for column in table.columns:
            length = getattr(column.type, "length", None)
            if isinstance(column.type, String) and length:
                limits[column.name] = max(limits.get(column.name, 0), int(length))
    return limits


def column_limit(table: str, column: str) -> int:
    """The length of ``table.column`` (a String column)."""
    from app.db.base import Base

    if table not in Base.metadata.tables:  # a table of an area whose models have not loaded yet
        import app.db.all_models  # noqa: F401

    return int(Base.metadata.tables[table].c[column].type.length)  # type: ignore[attr-defined]


def refuse_too_long(field: str, text: str, table: str, column: str) -> str:
    """``text`` if it fits its column; refused with a message (never cut) if not."""
    limit = column_limit(table, column)
    if len(text) > limit:
        raise ValidationError({field: f"is {len(text)} characters long; at most {limit} fit"})
    return text


# Frozen (hence unchanging) dataclass values already walked and found clean, such as the signed-in
# Actor handed to every call: walked once, not on every call. Bounded; emptied when full.
_CLEAN: dict[Any, None] = {}
_CLEAN_MAX = 512


def check_inputs(arguments: dict[str, Any]) -> None:
    """Refuse (ValidationError naming every bad field) control characters, over-long text, card numbers."""
    errors: dict[str, str] = {}
    for name, value in arguments.items():
        _walk(name, value, errors, depth=0)
    if errors:
        raise ValidationError(errors)


def _walk(name: str, value: Any, errors: dict[str, str], depth: int) -> None:
    if depth > 4 or value is None:
        return
    if isinstance(value, str):
        unstored = name in _HELD_FILES or any(word in name.lower() for word in _SECRET_WORDS)
        limit = None if unstored or name in _PARSED else COLUMN_LIMITS.get(name)
        problem = text_problem(value, limit, card_check=not unstored)
        if problem is not None and name not in errors:
            errors[name] = problem
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        _walk_dataclass(value, errors, depth)
    elif isinstance(value, tuple | list | frozenset | set):
        for item in value:
            _walk(name, item, errors, depth + 1)
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(str(key), item, errors, depth + 1)


def _walk_dataclass(value: Any, errors: dict[str, str], depth: int) -> None:
    frozen = type(value).__dataclass_params__.frozen  # type: ignore[attr-defined]
    try:
        if frozen and value in _CLEAN:
            return
    except TypeError:  # unhashable (a list inside): walked every time
        frozen = False
    before = len(errors)
    for field in dataclasses.fields(value):
        _walk(field.name, getattr(value, field.name), errors, depth + 1)
    if frozen and len(errors) == before and depth == 0:
        if len(_CLEAN) >= _CLEAN_MAX:
            _CLEAN.clear()
        _CLEAN[value] = None


def gated(method: F) -> F:
    """``method`` with its arguments passed through the gate first."""
    signature = inspect.signature(method)
    names = list(signature.parameters)
    plain = all(p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) for p in signature.parameters.values())

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if plain and len(args) <= len(names) and not kwargs.keys() & names[: len(args)]:
            # the arguments by name without binding the signature (a cost on every call)
            arguments = dict(zip(names, args, strict=False))
            arguments.update(kwargs)
        else:
            arguments = signature.bind_partial(*args, **kwargs).arguments
        check_inputs({k: v for k, v in arguments.items() if k != "self"})
        return method(*args, **kwargs)

    wrapper.__text_gated__ = True  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def gate_public_methods(cls: type) -> None:
    """Wrap every public method ``cls`` defines itself (its bases wrap their own)."""
    for name, member in list(vars(cls).items()):
        if name.startswith("_") or not inspect.isfunction(member) or getattr(member, "__text_gated__", False):
            continue
        setattr(cls, name, gated(member))
