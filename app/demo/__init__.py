"""The demo shop generator: believable customers, cars, history and today's business, written through the services."""
