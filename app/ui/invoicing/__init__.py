"""Invoicing: posting, payments, voids, credit notes and accounts."""
