"""The shop's locale: money typed and read the way the shop's country writes it, nothing guessed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import ValidationError
from app.domain.locale import (
    COMMON_LOCALES,
    ShopLocale,
    check_currency,
    check_locale,
    default_currency,
    default_paper,
    format_amount,
    format_money,
    format_quantity,
    parse_money,
    parse_number,
)

NNBSP = "\u202f"  # the narrow no-break space French groups thousands with


@pytest.mark.parametrize(
    ("locale", "typed", "amount"),
    [
        ("en_US", "12.50", "12.50"),
        ("en_US", "1,500.00", "1500.00"),
        ("en_US", "1,500", "1500.00"),
        ("en_US", "$1,234.56", "1234.56"),
        ("en_US", "-$3.00", "-3.00"),
        ("en_US", " 12 ", "12.00"),
        ("de_DE", "12,50", "12.50"),
        ("de_DE", "1.500,00", "1500.00"),
        ("de_DE", "1.500", "1500.00"),
        ("de_DE", "12,50 €", "12.50"),
        ("fr_FR", "12,50", "12.50"),
        ("fr_FR", f"1{NNBSP}500,00", "1500.00"),
        ("fr_FR", "1 500,00", "1500.00"),  # a typed space stands for the narrow one
        ("fr_FR", "1\u00a0500,00", "1500.00"),
        ("en_IN", "1,50,000.00", "150000.00"),
        ("en_IN", "150,000.00", "150000.00"),  # plain thousands are not ambiguous either
        ("en_IN", "₹1,50,000", "150000.00"),
        ("de_CH", "1'500.00", "1500.00"),
        ("de_CH", "1’500.00", "1500.00"),
    ],
)
def test_money_is_read_with_the_shops_marks(locale: str, typed: str, amount: str) -> None:
    assert parse_money(typed, locale) == Decimal(amount)


@pytest.mark.parametrize(
    ("locale", "typed", "message"),
    [
        ("en_US", "12,50", "ambiguous"),  # not 1,250.00
        ("en_US", "1,50", "ambiguous"),  # not 150.00
        ("en_US", "1,5000.00", "ambiguous"),
        ("en_US", "1 500", "not a number"),
        ("en_US", "12.345", "more than 2 decimals"),
        ("de_DE", "12.50", "ambiguous"),  # a dot groups thousands here: not 1,250
        ("de_DE", "1.50", "ambiguous"),
        ("de_DE", "1,500.00", "ambiguous"),
        ("fr_FR", "12.50", "not a number"),
        ("fr_FR", "1.500,00", "not a number"),
        ("en_IN", "12,50", "ambiguous"),
        ("en_IN", "1,5,000.00", "ambiguous"),
        ("en_US", "", "is required"),
        ("en_US", "twelve", "not a number"),
        ("en_US", "1e3", "not a number"),
        ("en_US", "NaN", "not a number"),
    ],
)
def test_ambiguous_or_foreign_money_is_refused_with_a_message(locale: str, typed: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_money(typed, locale, field="amount")
    assert message in caught.value.errors["amount"]


def test_the_refusal_shows_how_the_shop_writes_an_amount() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_money("12.50", "de_DE", field="unit_price")
    assert "1.234,56" in caught.value.errors["unit_price"]


@pytest.mark.parametrize(
    ("locale", "typed", "value"),
    [("en_US", "1.5", "1.5"), ("de_DE", "1,5", "1.5"), ("fr_FR", "0,25", "0.25"), ("en_IN", "1,000", "1000")],
)
def test_quantities_are_read_with_the_same_marks(locale: str, typed: str, value: str) -> None:
    assert parse_number(typed, locale) == Decimal(value)


def test_a_quantity_with_too_many_decimals_is_refused() -> None:
    with pytest.raises(ValidationError, match="more than 3 decimals"):
        parse_number("1,2345", "de_DE")


@pytest.mark.parametrize(
    ("locale", "currency", "shown"),
    [
        ("en_US", "USD", "$1,234.50"),
        ("en_CA", "CAD", "$1,234.50"),
        ("en_GB", "GBP", "£1,234.50"),
        ("de_DE", "EUR", "1.234,50\u00a0€"),
        ("fr_FR", "EUR", f"1{NNBSP}234,50\u00a0€"),
        ("en_IN", "INR", "₹1,234.50"),
    ],
)
def test_money_is_shown_the_way_the_country_writes_it(locale: str, currency: str, shown: str) -> None:
    assert format_money(Decimal("1234.5"), locale, currency) == shown


def test_indian_grouping_and_negative_amounts() -> None:
    assert format_money(Decimal("150000"), "en_IN", "INR") == "₹1,50,000.00"
    assert format_money(Decimal("-3"), "en_US", "USD") == "-$3.00"
    assert format_amount(Decimal("1234567.5"), "de_DE") == "1.234.567,50"


amounts = st.decimals(
    min_value=Decimal(-(10**12)), max_value=Decimal(10**12), places=2, allow_nan=False, allow_infinity=False
)


@given(amount=amounts, locale=st.sampled_from(COMMON_LOCALES))
def test_what_a_screen_shows_reads_back_as_the_same_amount(amount: Decimal, locale: str) -> None:
    """Format then parse gives the same Decimal in every locale, with or without the symbol."""
    shop = ShopLocale(locale, default_currency(locale))
    assert shop.parse_money(shop.amount(amount)) == amount
    assert shop.parse_money(shop.money(amount)) == amount


@given(
    value=st.decimals(min_value=0, max_value=Decimal(10**9), places=3, allow_nan=False, allow_infinity=False),
    locale=st.sampled_from(COMMON_LOCALES),
)
def test_quantities_read_back_the_same(value: Decimal, locale: str) -> None:
    assert parse_number(format_quantity(value, locale), locale) == value


def test_dates_and_times_on_the_shops_clock_in_its_own_style() -> None:
    moment = datetime(2026, 3, 4, 21, 18, tzinfo=UTC)  # 22:18 in Berlin, 13:18 in Los Angeles
    berlin = ShopLocale("de_DE", "EUR", "Europe/Berlin")
    assert berlin.day(moment) == "04.03.2026"
    assert berlin.time(moment) == "22:18"
    coast = ShopLocale("en_US", "USD", "America/Los_Angeles")
    assert coast.time(moment) == "1:18 PM"
    assert coast.day(date(2026, 3, 4)) == "Mar 4, 2026"
    assert coast.weekday_time(moment) == "Wed 1:18 PM"
    late = datetime(2026, 3, 5, 7, 30, tzinfo=UTC)  # still March 4 on the coast
    assert coast.day(late) == "Mar 4, 2026"


def test_the_country_sets_the_currency_and_the_paper() -> None:
    assert (default_currency("en_US"), default_paper("en_US")) == ("USD", "letter")
    assert (default_currency("en_CA"), default_paper("en_CA")) == ("CAD", "letter")
    assert (default_currency("es_MX"), default_paper("es_MX")) == ("MXN", "letter")
    assert (default_currency("de_DE"), default_paper("de_DE")) == ("EUR", "a4")
    assert (default_currency("en_GB"), default_paper("en_GB")) == ("GBP", "a4")
    assert (default_currency("en_IN"), default_paper("en_IN")) == ("INR", "a4")


def test_settings_refuse_what_the_shop_could_not_use() -> None:
    assert check_locale("de-DE") == "de_DE"
    with pytest.raises(ValidationError, match="country"):
        check_locale("de")
    with pytest.raises(ValidationError):
        check_locale("xx_YY")
    assert check_currency("eur") == "EUR"
    with pytest.raises(ValidationError, match="hundredths"):
        check_currency("JPY")
    with pytest.raises(ValidationError):
        check_currency("DOLLARS")
