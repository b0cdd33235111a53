"""The owner's audit viewer."""
