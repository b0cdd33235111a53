"""The schedule area: the calendar by bay and by technician, booking, and who works when."""
