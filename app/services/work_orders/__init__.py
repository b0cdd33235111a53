"""Work orders and their estimates: jobs, lines, authorization, statuses."""
