"""Service bays, assignments, bay status history, technician time and inspection items (issue 5)."""

from __future__ import annotations
