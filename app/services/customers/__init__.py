"""Customers, vehicles, odometer readings and service reminders at the front desk."""
