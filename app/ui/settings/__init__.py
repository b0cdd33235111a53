"""The owner's settings: pricing, canned jobs, backups."""
