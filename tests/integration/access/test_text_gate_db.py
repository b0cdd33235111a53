"""A NUL or a card number typed anywhere is refused with a message on both databases, never a driver error."""

from __future__ import annotations

import pytest

from app.db.engine import Database
from app.domain.customers import CustomerInput
from app.domain.errors import ValidationError
from app.domain.permissions import Actor, Role
from app.services.container import Services
from tests.integration.integration_support import count_rows


def test_a_nul_in_a_customer_is_refused_with_a_message(services: Services, db: Database, desk: Actor) -> None:
    before = count_rows(db, "customers")
    with pytest.raises(ValidationError, match=r"First name: contains a control character \(NUL\)"):
        services.customers.create_customer(desk, CustomerInput(first_name="Pat\x00", last_name="Lee"))
    assert count_rows(db, "customers") == before


def test_a_nul_in_a_new_user_is_refused_with_a_message(
    services: Services, db: Database, owner: Actor
) -> None:
    before = count_rows(db, "users")
    with pytest.raises(ValidationError, match="control character"):
        services.setup.add_user(owner, "ter\x00ry", "Terry Tech", Role.TECHNICIAN, "tech password 1")
    with pytest.raises(ValidationError, match="control character"):
        services.setup.add_user(owner, "terry", "Terry Tech", Role.TECHNICIAN, "tech\x00password 1")
    assert count_rows(db, "users") == before


def test_a_nul_in_the_sign_in_box_is_refused_with_a_message(services: Services, owner: Actor) -> None:
    with pytest.raises(ValidationError, match="control character"):
        services.setup.sign_in("own\x00er", "whatever it is", "Front desk 1")


def test_a_dotted_card_number_in_a_note_is_refused(services: Services, desk: Actor) -> None:
    with pytest.raises(ValidationError, match="payment card number"):
        services.customers.create_customer(desk, CustomerInput(first_name="Pat", notes="4111.1111.1111.1111"))
