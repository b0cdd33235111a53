"""A shop with two bays, two technicians and a car to book, for the schedule tests."""

from __future__ import annotations

import uuid

import pytest

from app.domain.permissions import Actor, Role
from app.services.bays.board import BayInput
from app.services.bays.dto import BayView
from app.services.container import Services
from tests.integration.bay_support import add_bays
from tests.integration.work_order_helpers import Car, add_car


@pytest.fixture
def bays(services: Services, owner: Actor) -> list[BayView]:
    """Bay 1 takes one car, Bay 2 two; both open 8:00-17:00 Monday to Saturday (the default)."""
    one = add_bays(services, owner, 1)[0]
    two = services.bays.save_bay(owner, BayInput("Bay 2", capacity=2, position=2))
    return [one, two]


@pytest.fixture
def techs(services: Services, owner: Actor) -> dict[str, uuid.UUID]:
    return {
        name: services.setup.add_user(owner, login, name, Role.TECHNICIAN, "tech password 12")
        for login, name in (("maria", "Maria Alvarez"), ("ken", "Ken Nakamura"))
    }


@pytest.fixture
def car(services: Services, desk: Actor) -> Car:
    return add_car(services, desk, last_name="Lopez", plate="7ABC123")
