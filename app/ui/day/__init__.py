"""Cash and end of day: drawers, the day's figures, the day close, charts."""
