"""The parts counter: look-up, counter sales, receiving, counts and stock settings."""
