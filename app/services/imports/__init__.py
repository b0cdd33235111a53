"""Bringing a shop over from another system: customers, vehicles, parts with stock, past work."""
