"""The bay board, bay settings and the technician's terminal."""
