"""Alert rules and alerts: evaluated on every terminal and by the command line."""
