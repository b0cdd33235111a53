"""Imports every model module, so ``Base.metadata`` holds the whole schema.

Alembic's environment, ``alembic check`` and the tests read the schema from
here; a new model module is added to this list and nowhere else.
"""

from __future__ import annotations

from app.db import (  # noqa: F401  (each import registers its tables)
    models,
    models_alerts,
    models_bays,
    models_day,
    models_imports,
    models_invoicing,
    models_parts,
    models_payers,
    models_pricing,
    models_readings,
    models_schedule,
    models_work_orders,
)
from app.db.base import Base

metadata = Base.metadata

# Rows of these tables are never updated or deleted by BayDesk; on a shared
# PostgreSQL server the application role is refused UPDATE and DELETE on them.
APPEND_ONLY_TABLES: tuple[str, ...] = (
    "audit_log",
    "authorizations",
    "odometer_readings",
    "stock_movements",
    "core_movements",
    "bay_status_logs",
    "invoice_lines",
    "payments",
    "cash_drawer_movements",
    "day_closes",
    "vehicle_readings",
    "books_exports",
    "invoice_payer_parts",
    "vendor_returns",
    "vendor_return_lines",
    "vendor_account_entries",
    "import_keys",
    "invoice_pricing",
)

# What a posted invoice or credit note may still change: its void and its reprint count. On a
# shared server the terminals may UPDATE no other column of ``invoices``
# (app/db/server_grants.py); on SQLite a trigger refuses it (migration 0009).
POSTED_INVOICE_MUTABLE: tuple[str, ...] = (
    "status",
    "void_reason",
    "voided_by",
    "voided_at",
    "void_business_date",
    "void_restocked",
    "print_count",
    "receipt_count",
)
