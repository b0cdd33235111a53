"""The schedule: appointments, the shop's capacity per day, and who works when."""
