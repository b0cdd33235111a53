"""What counts as a payment card number typed into a text field (PCI DSS 3.3)."""

from __future__ import annotations

import pytest

from app.domain.contact import contains_card_number


@pytest.mark.parametrize(
    "text",
    [
        "4111111111111111",
        "card 4111 1111 1111 1111 exp 12/27",
        "4111-1111-1111-1111",
        "amex 3782 822463 10005",
        "ref 12 4111 1111 1111 1111",  # a digit group before the card
        "ticket 7 - 4111-1111-1111-1111",
        "1234 4111 1111 1111 1111",  # a group of four before it
        "4111 1111 1111 1111 123",  # the CVV typed after it
        "order 99123456784111111111111111",  # buried in a longer digit run
    ],
)
def test_card_numbers_are_found(text: str) -> None:
    assert contains_card_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "call 555 123 4567 after 5",
        "+1 (415) 555-0100",
        "VIN 1M8GDM9AXKP042788, 84211 miles",
        "4111 1111 1111 1112",  # Luhn-invalid
        "parts 1234 5678",
        "",
    ],
)
def test_other_numbers_are_not_cards(text: str) -> None:
    assert not contains_card_number(text)
