"""The demo shop's one password, apart from the generator so that signing in to a demo loads none of it."""

DEMO_PASSWORD = "bay-desk-demo-2026"
