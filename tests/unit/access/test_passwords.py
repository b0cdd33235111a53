"""Password and PIN policy: at least 12 characters, at most 1024 (refused before hashing); PINs 4-8 digits."""

from __future__ import annotations

import pytest

from app.domain.errors import ValidationError
from app.domain.permissions import Role
from app.domain.pins import check_pin, check_pin_holder, looks_like_pin, pin_allowed
from app.domain.terminals import TerminalMode, parse_mode
from app.services.access.passwords import check_policy, hash_password, hash_pin, verify_password


def test_a_password_of_eleven_characters_is_refused_and_twelve_is_taken() -> None:
    with pytest.raises(ValidationError) as caught:
        check_policy("x" * 11)
    assert caught.value.errors == {"password": "must be at least 12 characters (11 given)"}
    check_policy("x" * 12)


def test_a_ten_megabyte_password_is_refused_without_hashing_it() -> None:
    huge = "a" * 10_000_000
    with pytest.raises(ValidationError, match="longer than 1024 characters"):
        hash_password(huge)
    assert verify_password(hash_password("a" * 12), huge) is False


def test_hashes_are_argon2id_salted_and_verify_only_the_right_password() -> None:
    first, second = hash_password("correct horse battery"), hash_password("correct horse battery")
    assert first.startswith("$argon2id$") and "m=19456,t=2,p=1" in first
    assert first != second
    assert verify_password(first, "correct horse battery")
    assert not verify_password(first, "correct horse batterz")
    assert not verify_password("not a hash", "correct horse battery")


@pytest.mark.parametrize("pin", ["1234", "00000000", "4711"])
def test_pins_of_four_to_eight_digits_are_taken(pin: str) -> None:
    check_pin(pin)
    assert looks_like_pin(pin)
    assert verify_password(hash_pin(pin), pin)


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "１２３４", "", "12 34"])
def test_anything_else_is_not_a_pin(pin: str) -> None:
    assert not looks_like_pin(pin)
    with pytest.raises(ValidationError, match="must be 4 to 8 digits"):
        check_pin(pin)


def test_no_valid_password_can_be_mistaken_for_a_pin() -> None:
    assert not looks_like_pin("123456789012")


def test_only_technicians_on_bay_terminals_may_use_a_pin() -> None:
    assert pin_allowed(Role.TECHNICIAN, TerminalMode.BAY)
    assert not pin_allowed(Role.TECHNICIAN, TerminalMode.FRONT_DESK)
    assert not pin_allowed(Role.FRONT_DESK, TerminalMode.BAY)
    with pytest.raises(ValidationError, match="only technicians"):
        check_pin_holder(Role.PARTS)


def test_terminal_modes_are_read_as_people_type_them() -> None:
    assert parse_mode("Front desk") == TerminalMode.FRONT_DESK
    assert parse_mode("bay") == TerminalMode.BAY
    with pytest.raises(ValidationError, match="is not a terminal mode"):
        parse_mode("kitchen")
