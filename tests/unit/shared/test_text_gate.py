"""One gate for text: every text input of every service is walked with the same corpus.

The inputs are discovered, not listed: each public method of each ``Service``
subclass, each ``str`` parameter, and each ``str`` field of the dataclasses
(and tuples of them) it takes. A new method or field is walked as soon as it
exists; one that slips past the gate fails here. The gate runs before the
method's body, so no database is needed.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import types
import typing
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from stdnum import ean

import app.services
from app.domain.errors import ValidationError
from app.domain.text_gate import contains_card_number, text_problem
from app.services.base import Service
from app.services.text_gate import COLUMN_LIMITS, check_inputs, column_limits

CARDS = (
    "4111.1111.1111.1111",
    "4111/1111/1111/1111",
    "4111\u00a01111\u00a01111\u00a01111",
    "4111  1111  1111  1111",
    "card 5555-5555-5555-4444 exp",
    "3782 822463 10005",
)
CONTROLS = ("Pat\x00Lee", "bell\x07", "esc\x1b[2J", "c1\x85")
CORPUS = CONTROLS + CARDS


def _services() -> list[type[Service]]:
    for module in pkgutil.walk_packages(app.services.__path__, "app.services."):
        importlib.import_module(module.name)
    found: list[type[Service]] = []
    todo = list(Service.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return sorted(set(found), key=lambda c: c.__qualname__)


def _text_paths(hint: Any, depth: int = 0) -> Iterator[tuple[str | None, Callable[[str], Any]]]:
    """(field name, build) for each place a string goes in a value of type ``hint``."""
    if depth > 3:
        return
    origin = typing.get_origin(hint)
    if hint is str:
        yield None, lambda text: text
    elif origin in (types.UnionType, typing.Union):
        for arg in typing.get_args(hint):
            if arg is not type(None):
                yield from _text_paths(arg, depth)
    elif origin in (tuple, list) and typing.get_args(hint):
        for name, build in _text_paths(typing.get_args(hint)[0], depth + 1):
            yield name, lambda text, build=build: (build(text),)
    elif dataclasses.is_dataclass(hint) and isinstance(hint, type):
        hints = typing.get_type_hints(hint)
        for field in dataclasses.fields(hint):
            for name, build in _text_paths(hints[field.name], depth + 1):
                yield (name or field.name), _filling(hint, field.name, build)


def _filling(cls: type, field: str, build: Callable[[str], Any]) -> Callable[[str], Any]:
    def make(text: str) -> Any:
        obj = object.__new__(cls)  # no __post_init__: the gate must see the text as it was typed
        for f in dataclasses.fields(cls):
            if f.default is not dataclasses.MISSING:
                default = f.default
            elif f.default_factory is not dataclasses.MISSING:
                default = f.default_factory()
            else:
                default = None
            object.__setattr__(obj, f.name, build(text) if f.name == field else default)
        return obj

    return make


def _inputs() -> list[tuple[type[Service], str, str, str, Callable[[str], Any]]]:
    inputs = []
    for cls in _services():
        for name, member in vars(cls).items():
            if name.startswith("_") or not inspect.isfunction(member):
                continue
            assert getattr(member, "__text_gated__", False), f"{cls.__name__}.{name} is not gated"
            raw = inspect.unwrap(member)
            hints = typing.get_type_hints(raw)
            for param in list(inspect.signature(raw).parameters)[1:]:
                for field, build in _text_paths(hints.get(param)):
                    inputs.append((cls, name, param, field or param, build))
    return inputs


INPUTS = _inputs()


def test_the_walk_finds_the_inputs_that_were_once_missed() -> None:
    fields = {field for *_, field, _ in INPUTS}
    assert {
        "part_number",
        "vendor",
        "authorized_by",
        "relation",
        "hold_reason",
        "username",
        "password",
    } <= fields
    assert len(INPUTS) > 150


@pytest.mark.parametrize("text", CORPUS, ids=repr)
def test_every_service_text_input_refuses_the_corpus(text: str) -> None:
    let_through = []
    for cls, name, param, field, build in INPUTS:
        if text in CARDS and any(w in field.lower() for w in ("password", "pin", "secret")):
            continue  # a password is never read back or shown: only control characters matter there
        method = getattr(object.__new__(cls), name)
        try:
            method(**{param: build(text)})  # only the text: the gate runs before anything else is needed
        except ValidationError as exc:
            if field not in exc.errors:
                let_through.append(f"{cls.__name__}.{name}({param}).{field}: refused as {exc.errors}")
        except Exception as exc:  # the method body ran: the gate let the text by
            let_through.append(f"{cls.__name__}.{name}({param}).{field}: let through ({type(exc).__name__})")
        else:
            let_through.append(f"{cls.__name__}.{name}({param}).{field}: let through")
    assert let_through == []


def test_the_gate_knows_the_length_of_every_text_column_of_the_schema() -> None:
    from app.db.all_models import metadata

    schema = column_limits(metadata)
    table = "".join(f'    "{name}": {length},\n' for name, length in sorted(schema.items()))
    assert schema == COLUMN_LIMITS, (
        f"app/services/column_limits.py is out of date with the models; its table is now:\n{table}"
    )


@pytest.mark.parametrize("field", ["part_number", "vendor", "hold_reason", "first_name", "description"])
def test_text_longer_than_its_column_is_refused_not_cut(field: str) -> None:
    limit = COLUMN_LIMITS[field]
    check_inputs({field: "x" * limit})
    with pytest.raises(ValidationError, match=f"at most {limit} fit"):
        check_inputs({field: "x" * (limit + 1)})


def test_product_codes_are_not_card_numbers() -> None:
    for n in range(5000):
        body = f"{(n * 7919) % 10**12:012d}"
        code = body + ean.calc_check_digit(body)
        assert text_problem(f"EAN {code}") is None, code
        assert text_problem(f"UPC {code[1:]}") is None, code[1:]


def test_notes_keep_their_line_breaks_and_phone_numbers() -> None:
    assert text_problem("Rattle at 40 mph\ncall 503 555 0142\tafter 5") is None
    assert contains_card_number("order 99123456784111111111111111")
