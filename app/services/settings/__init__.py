"""The owner's shop settings and backups."""
