"""Naming what changed in a document since the audit chain recorded it.

The chain keeps each invoice, credit note, payment and day close as it was
written (canonical JSON); ``audit verify`` reads it again and, where the two
differ, says which document and which of its fields, in words an owner can
check against the paper copy.
"""

from __future__ import annotations

from typing import Any

_SKIP = frozenset({"id", "shop_id", "invoice_id"})
MAX_CHANGES = 6


def document_label(table: str, doc: dict[str, Any]) -> str:
    """ "invoice 20417", "credit note 20418", "payment of 40.00 (cash) on 2026-11-30", "day close of 2026-11-30"."""
    if table == "invoices":
        header = doc.get("invoice", {})
        kind = "credit note" if header.get("kind") == "credit_note" else "invoice"
        return f"{kind} {header.get('number')}"
    if table == "payments":
        return f"payment of {doc.get('amount')} ({doc.get('method')}) on {doc.get('business_date')}"
    if table == "day_closes":
        return f"day close of {doc.get('business_date')}"
    return f"{table} {doc.get('id')}"


def describe_change(table: str, recorded: dict[str, Any], current: dict[str, Any] | None, seq: int) -> str:
    """One sentence: the document, the entry that recorded it, and the fields that differ now."""
    label = document_label(table, recorded)
    if current is None:
        return f"{label} (recorded by entry {seq}) is missing"
    if table == "invoices":
        changes = _field_changes(recorded.get("invoice", {}), current.get("invoice", {}), "")
        changes += _line_changes(recorded.get("lines", []), current.get("lines", []))
    else:
        changes = _field_changes(recorded, current, "")
    shown = changes[:MAX_CHANGES]
    if len(changes) > MAX_CHANGES:
        shown.append(f"and {len(changes) - MAX_CHANGES} more")
    return f"{label} was changed after entry {seq} recorded it: " + "; ".join(shown or ["its content"])


def _field_changes(before: dict[str, Any], after: dict[str, Any], prefix: str) -> list[str]:
    keys = sorted((set(before) | set(after)) - _SKIP)
    return [
        f"{prefix}{key} {_shown(before.get(key))} → {_shown(after.get(key))}"
        for key in keys
        if before.get(key) != after.get(key)
    ]


def _line_changes(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[str]:
    now = {line.get("id"): line for line in after}
    changes = []
    for line in before:
        name = f"line {line.get('position')}"
        if line.get("part_number"):
            name += f" ({line['part_number']})"
        match = now.pop(line.get("id"), None)
        if match is None:
            changes.append(f"{name} removed")
        else:
            changes += _field_changes(line, match, f"{name} ")
    changes += [f"line {line.get('position')} added" for line in now.values()]
    return changes


def _shown(value: Any) -> str:
    return "(none)" if value is None else str(value)
