"""Dialog and table building blocks that every area uses."""
