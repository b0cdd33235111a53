"""Reading and verifying the audit chain."""
