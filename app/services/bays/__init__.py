"""The bay board, technician clocks, findings and technician reports."""
