"""Cash drawers, the day's figures, the day close and exports for the accountant."""
