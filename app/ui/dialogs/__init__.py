"""Dialogs: forms that show errors beside their fields and never lose what was typed."""
