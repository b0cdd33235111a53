"""Invoices, invoice lines, payments, credit notes, cash drawers and day closes (issue 6)."""

from __future__ import annotations
