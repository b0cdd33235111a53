"""Pure shop rules: no Qt, no SQLAlchemy, no ReportLab."""
