"""Reading an accounting export back the way an accountant's import does."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from decimal import Decimal

D = Decimal


def iif_transactions(text: str) -> list[list[dict[str, str]]]:
    """Each TRNS ... ENDTRNS block as its rows (TRNS first), keyed by the !TRNS header."""
    lines = text.split("\r\n")
    assert lines[-1] == "" and all("\n" not in line for line in lines)
    header = lines[0].split("\t")
    assert header[:2] == ["!TRNS", "TRNSID"] and lines[1].startswith("!SPL\t") and lines[2] == "!ENDTRNS"
    blocks: list[list[dict[str, str]]] = []
    current: list[dict[str, str]] | None = None
    for line in lines[3:-1]:
        cells = line.split("\t")
        if cells[0] == "TRNS":
            assert current is None, "a TRNS inside a transaction"
            current = [dict(zip(header[1:], cells[1:], strict=True))]
        elif cells[0] == "SPL":
            assert current is not None
            current.append(dict(zip(header[1:], cells[1:], strict=True)))
        else:
            assert cells == ["ENDTRNS"] and current is not None
            blocks.append(current)
            current = None
    assert current is None
    return blocks


def journal_rows(text: str) -> dict[str, list[dict[str, str]]]:
    """The journal CSV's lines grouped by JournalNo."""
    grouped: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in csv.DictReader(io.StringIO(text)):
        grouped[row["JournalNo"]].append(row)
    return dict(grouped)


def money(cell: str) -> Decimal:
    return D(cell) if cell else D("0.00")


def iif_balance(block: list[dict[str, str]]) -> Decimal:
    return sum((D(row["AMOUNT"]) for row in block), D("0.00"))


def by_account_iif(blocks: list[list[dict[str, str]]]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = defaultdict(lambda: D("0.00"))
    for block in blocks:
        for row in block:
            out[row["ACCNT"]] += D(row["AMOUNT"])
    return dict(out)
