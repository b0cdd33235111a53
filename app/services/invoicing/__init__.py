"""Posting invoices, voids, credit notes, payments and accounts."""
