"""Parts catalog, vendors, inventory, stock movements, purchase orders, counter tickets (issue 4)."""

from __future__ import annotations
