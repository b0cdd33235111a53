"""The Alerts area, the status bar's alert count and desktop notifications."""
