"""SQLAlchemy models, engine and session set-up, column types."""
