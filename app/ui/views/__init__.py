"""Layout-only widgets: no service calls, no behaviour beyond the keyboard."""
