"""The import wizard: another system's CSV exports brought in from the Owner area."""
