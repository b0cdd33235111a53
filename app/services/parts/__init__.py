"""The parts catalog, the stock ledger, the counter, allocation to jobs, purchasing and counts."""
