"""Stock rules on paper: quantities as typed, the negative-stock policy, the markup matrix."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.domain.errors import ValidationError
from app.domain.stock import (
    InsufficientStockError,
    MarkupBand,
    NegativeStock,
    StockSettings,
    check_markup,
    check_take,
    format_quantity,
    markup_price,
    markup_text,
    parse_amount,
    parse_counted,
    parse_markup,
    parse_quantity,
)

D = Decimal


@pytest.mark.parametrize("text", ["0", "-1", "1.5", "abc", "NaN", "Infinity", "", "  "])
def test_a_part_sold_by_the_unit_takes_whole_positive_quantities(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_quantity(text)
    assert "quantity" in caught.value.errors


def test_quantities_become_thousandths() -> None:
    assert parse_quantity("3") == 3000
    assert parse_quantity(" 1,000 ") == 1_000_000
    assert parse_quantity("4.25", fractional=True) == 4250
    with pytest.raises(ValidationError):
        parse_quantity("0.0005", fractional=True)
    assert parse_counted("0") == 0
    with pytest.raises(ValidationError):
        parse_counted("-2")
    assert format_quantity(1500) == "1.5" and format_quantity(2000) == "2"


@pytest.mark.parametrize("text", ["NaN", "-0.01", "abc", "1.001", "1e9"])
def test_cost_and_price_refuse_nonsense(text: str) -> None:
    with pytest.raises(ValidationError):
        parse_amount(text, "cost")


def test_an_empty_price_means_the_markup_matrix() -> None:
    assert parse_amount("", "price", required=False) is None
    settings = StockSettings()
    assert settings.price_for(D("4.00"), None) == D("10.00")  # up to 5.00: +150 %
    assert settings.price_for(D("4.00"), D("7.99")) == D("7.99")
    assert markup_price(D("200.00"), settings.markup) == D("280.00")


def test_refuse_policy_names_what_is_available() -> None:
    with pytest.raises(InsufficientStockError) as caught:
        check_take("BRK-4471", 2000, 3000, NegativeStock.REFUSE)
    assert caught.value.message.startswith("Only 2 of part BRK-4471 in stock; 3 asked")
    assert check_take("BRK-4471", 3000, 3000, NegativeStock.REFUSE) == ""
    assert "negative" in check_take("BRK-4471", 1000, 3000, NegativeStock.WARN)


def test_settings_survive_their_json_and_bad_matrices_are_refused() -> None:
    settings = StockSettings(
        NegativeStock.WARN, (MarkupBand(D("10"), D("1")), MarkupBand(None, D("0.3"))), D("99")
    )
    assert StockSettings.from_json(settings.to_json()) == settings
    assert StockSettings.from_json(None) == StockSettings()
    with pytest.raises(ValidationError):
        check_markup((MarkupBand(D("10"), D("1")),))  # no band for costs above 10
    with pytest.raises(ValidationError):
        check_markup((MarkupBand(D("10"), D("1")), MarkupBand(D("5"), D("1")), MarkupBand(None, D("1"))))


def test_the_markup_matrix_is_typed_as_limits_and_percents() -> None:
    bands = parse_markup("5: 150, 25: 100, *: 40")
    assert bands == (
        MarkupBand(D("5.00"), D("1.5")),
        MarkupBand(D("25.00"), D("1")),
        MarkupBand(None, D("0.4")),
    )
    assert parse_markup(markup_text(bands)) == bands
    for bad in ("5: 150", "5 150, *: 40", "abc: 10, *: 40", "5: NaN, *: 40"):
        with pytest.raises(ValidationError):
            parse_markup(bad)
