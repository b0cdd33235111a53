"""One exception root for everything a person may be told about."""

from __future__ import annotations


class BayDeskError(Exception):
    """Root of every error BayDesk shows to a person.

    The message is written for the person at the counter, not for a developer.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(BayDeskError):
    """Bad input. ``errors`` maps a field name to what is wrong with it."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        lines = [f"{_label(field)}: {text}" for field, text in self.errors.items()]
        super().__init__("Please correct: " + "; ".join(lines) if lines else "Invalid input")


class NotFoundError(BayDeskError):
    """The record asked for does not exist (or was deleted)."""


class ConflictError(BayDeskError):
    """The record exists already (a VIN on another vehicle, a user name taken)."""

    def __init__(self, message: str, existing_id: object | None = None) -> None:
        super().__init__(message)
        self.existing_id = existing_id


class StaleEditError(BayDeskError):
    """Someone else saved the record after this user opened it."""

    def __init__(self, what: str, changed_by: str, changed_at: str) -> None:
        super().__init__(
            f"{what} was changed by {changed_by} at {changed_at} after you opened it. "
            "Your changes were not saved; reload to see theirs."
        )
        self.changed_by = changed_by
        self.changed_at = changed_at


class PermissionDeniedError(BayDeskError):
    """The acting user's role may not do this."""


class SignedOutError(PermissionDeniedError):
    """The person signed in was deactivated or given another role since: their session is over."""


class AuthenticationError(BayDeskError):
    """Sign-in refused."""


class DatabaseUnavailableError(BayDeskError):
    """The database cannot be reached, or stayed locked too long."""


class AuditChainBrokenError(BayDeskError):
    """The shop's audit chain head is missing or does not stand on its last entry: no write may go on."""


def _label(field: str) -> str:
    return field.replace("_", " ").capitalize()
