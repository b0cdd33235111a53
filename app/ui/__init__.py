"""The desktop client (PySide6). Talks to app.services only; never to the database."""
