"""Money, quantities and rates: Decimal in the domain, integers in the database, nothing lost between."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import BayDeskError, ValidationError
from app.domain.money import (
    from_cents,
    from_thousandths,
    parse_money,
    parse_percent,
    rate_from_millionths,
    rate_to_millionths,
    to_cents,
    to_thousandths,
)

BIGINT = 2**63 - 1  # the money column is a BIGINT of cents
amounts = st.decimals(
    min_value=Decimal(-(10**15)), max_value=Decimal(10**15), places=2, allow_nan=False, allow_infinity=False
)


@given(st.integers(-BIGINT, BIGINT))
def test_cents_round_trip(cents: int) -> None:
    amount = from_cents(cents)
    assert amount.as_tuple().exponent == -2
    assert to_cents(amount) == cents


@given(amounts)
def test_an_amount_survives_storage_exactly(amount: Decimal) -> None:
    assert from_cents(to_cents(amount)) == amount


@given(amounts)
def test_what_is_typed_is_what_is_parsed(amount: Decimal) -> None:
    assert parse_money(str(amount)) == amount
    assert parse_money(f"{amount:,}") == amount  # thousands separators
    if amount >= 0:
        assert parse_money(f"${amount:,.2f}") == amount


@given(st.integers(-BIGINT, BIGINT))
def test_thousandths_round_trip(value: int) -> None:
    assert to_thousandths(from_thousandths(value)) == value


@given(st.decimals(min_value=0, max_value=Decimal(10**9), places=3, allow_nan=False, allow_infinity=False))
def test_quantities_survive_storage_exactly(quantity: Decimal) -> None:
    assert from_thousandths(to_thousandths(quantity)) == quantity


@given(st.integers(0, 1_000_000))
def test_rate_millionths_round_trip(value: int) -> None:
    assert rate_to_millionths(rate_from_millionths(value)) == value


@given(st.decimals(min_value=0, max_value=1, places=6, allow_nan=False, allow_infinity=False))
def test_rates_survive_storage_exactly(rate: Decimal) -> None:
    assert rate_from_millionths(rate_to_millionths(rate)) == rate


@given(st.decimals(min_value=0, max_value=100, places=4, allow_nan=False, allow_infinity=False))
def test_percent_typed_becomes_a_rate(percent: Decimal) -> None:
    assert parse_percent(str(percent)) == percent / 100
    assert parse_percent(f"{percent}%") == percent / 100


def test_examples_people_type() -> None:
    assert parse_money("$1,234.50") == Decimal("1234.50")
    assert parse_money(" 12 ") == Decimal("12.00")
    assert parse_money("-5.1") == Decimal("-5.10")
    assert parse_percent("7.25%") == Decimal("0.0725")
    assert from_cents(123456) == Decimal("1234.56")


def test_money_is_never_a_float() -> None:
    assert isinstance(parse_money("19.99"), Decimal)
    assert isinstance(from_cents(1999), Decimal)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("NaN", "is not a number"),
        ("sNaN", "is not a number"),
        ("inf", "is not a number"),
        ("-Infinity", "is not a number"),
        ("1e30", "is not a number"),
        ("12.345", "has more than 2 decimals"),
        ("abc", "'abc' is not a number"),
        ("12,50 €", "is ambiguous"),
        ("12,50", "is ambiguous"),
        ("", "is required"),
        ("0x10", "is not a number"),
    ],
)
def test_bad_amounts_are_refused_with_a_message(typed: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_money(typed, field="price")
    assert message in caught.value.errors["price"]
    assert caught.value.message.startswith("Please correct: Price:")


@pytest.mark.parametrize("typed", ["99999999999999999999999999999", "-99999999999999999999999999999.5"])
def test_an_absurdly_large_amount_is_refused_not_a_crash(typed: str) -> None:
    with pytest.raises(BayDeskError) as caught:
        parse_money(typed)
    assert isinstance(caught.value, ValidationError)
    assert "too large" in caught.value.errors["amount"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("101", "between 0 and 100"),
        ("-1", "between 0 and 100"),
        ("7.12345", "more than 4 decimals"),
        ("seven", "is not a number"),
        ("nan%", "is not a number"),
    ],
)
def test_bad_percentages_are_refused(typed: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_percent(typed, field="tax_rate")
    assert message in caught.value.errors["tax_rate"]


def test_storage_refuses_fractions_of_a_cent_or_of_a_thousandth() -> None:
    with pytest.raises(ValueError, match="fractions of a cent"):
        to_cents(Decimal("1.005"))
    with pytest.raises(ValueError, match="more than three decimals"):
        to_thousandths(Decimal("0.0005"))
