"""The front desk: customers, vehicles, history and reminders."""
