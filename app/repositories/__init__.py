"""Queries and persistence per aggregate, always on a Session handed in."""
