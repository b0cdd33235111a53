"""VIN rules of 49 CFR 565 as DOMAIN.md states them, checked against the published examples."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.vin import check_digit, check_vin, decode_vin

VIN_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
# Written out from DOMAIN.md, independently of app/domain/vin.py.
_LETTER_VALUES = "A1 B2 C3 D4 E5 F6 G7 H8 J1 K2 L3 M4 N5 P7 R9 S2 T3 U4 V5 W6 X7 Y8 Z9"
VALUE = {pair[0]: int(pair[1]) for pair in _LETTER_VALUES.split()} | {str(d): d for d in range(10)}
WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
NORTH_AMERICA = "12345"


def oracle_check_digit(vin: str) -> str:
    remainder = sum(VALUE[ch] * w for ch, w in zip(vin, WEIGHTS, strict=True)) % 11
    return "X" if remainder == 10 else str(remainder)


def with_check_digit(sixteen: str) -> str:
    """A VIN made of ``sixteen`` characters with the right check digit in position 9."""
    draft = sixteen[:8] + "0" + sixteen[8:]
    return draft[:8] + check_digit(draft) + draft[9:]


sixteen_chars = st.text(alphabet=VIN_ALPHABET, min_size=16, max_size=16)


# --- the published examples -------------------------------------------------------


@pytest.mark.parametrize(("vin", "digit"), [("1M8GDM9AXKP042788", "X"), ("1G4AH59H45G118341", "4")])
def test_published_examples_carry_their_check_digit(vin: str, digit: str) -> None:
    assert check_digit(vin) == digit
    verdict = check_vin(vin)
    assert verdict.ok
    assert verdict.warning is None
    assert verdict.vin == vin


def test_a_vin_typed_in_lower_case_with_spaces_and_dashes_is_accepted_as_meant() -> None:
    verdict = check_vin(" 1m8gdm9a-xkp 042788 ")
    assert verdict.ok
    assert verdict.vin == "1M8GDM9AXKP042788"


# --- characters and length --------------------------------------------------------


@pytest.mark.parametrize("letter", ["I", "O", "Q"])
def test_i_o_and_q_are_refused_with_a_hint(letter: str) -> None:
    vin = "1M8GDM9AXKP042788"
    typo = vin[:12] + letter + vin[13:]
    verdict = check_vin(typo)
    assert not verdict.ok
    assert f"never contain {letter}" in verdict.error
    assert "1 or 0" in verdict.error


def test_i_o_q_are_refused_even_for_a_non_standard_vin() -> None:
    verdict = check_vin("12O456", non_standard=True)
    assert not verdict.ok
    assert "O" in verdict.error


def test_every_offending_letter_is_named_once() -> None:
    verdict = check_vin("1OOQGDM9AXKP04278")
    assert "O, Q" in verdict.error


def test_punctuation_is_refused() -> None:
    verdict = check_vin("1M8GDM9AXKP04278*")
    assert not verdict.ok
    assert "only letters and digits" in verdict.error


def test_an_empty_vin_is_an_error() -> None:
    assert check_vin("   ").error == "VIN is empty"


def test_a_short_vin_needs_the_non_standard_flag() -> None:
    verdict = check_vin("1M8GDM9AXKP04278")
    assert not verdict.ok
    assert "16 of 17" in verdict.error
    assert "non-standard" in verdict.error


@pytest.mark.parametrize("old_vin", ["124379N123456", "F10GCH12345", "30837W123456"])
def test_pre_1981_vins_are_accepted_with_the_non_standard_flag(old_vin: str) -> None:
    assert not check_vin(old_vin).ok
    verdict = check_vin(old_vin, non_standard=True)
    assert verdict.ok
    assert verdict.warning is None
    assert verdict.vin == old_vin


def test_even_a_non_standard_vin_is_at_most_17_characters() -> None:
    verdict = check_vin("1M8GDM9AXKP0427881", non_standard=True)
    assert not verdict.ok
    assert "18 characters" in verdict.error


# --- the check digit ---------------------------------------------------------------


def test_wrong_check_digit_is_an_error_in_north_america() -> None:
    verdict = check_vin("1G4AH59H55G118341")  # 5 typed where the VIN calls for 4
    assert not verdict.ok
    assert "is 5" in verdict.error
    assert "calls for 4" in verdict.error


def test_wrong_check_digit_is_only_a_warning_elsewhere() -> None:
    good = with_check_digit("WVWZZZ1J" + "ZXW00001")
    wrong = good[:8] + ("1" if good[8] != "1" else "2") + good[9:]
    verdict = check_vin(wrong)
    assert verdict.ok  # saving is allowed
    assert verdict.warning is not None
    assert "not compulsory outside North America" in verdict.warning


@given(sixteen_chars)
def test_check_digit_follows_the_rule_written_in_domain_md(sixteen: str) -> None:
    vin = sixteen[:8] + "0" + sixteen[8:]
    assert check_digit(vin) == oracle_check_digit(vin)


@given(sixteen_chars)
def test_a_vin_with_its_check_digit_is_accepted_cleanly(sixteen: str) -> None:
    vin = with_check_digit(sixteen)
    verdict = check_vin(vin)
    assert verdict.ok
    assert verdict.warning is None


@given(sixteen_chars, st.sampled_from(VIN_ALPHABET))
def test_any_other_check_digit_is_caught(sixteen: str, replacement: str) -> None:
    vin = with_check_digit(sixteen)
    if replacement == vin[8]:
        return
    verdict = check_vin(vin[:8] + replacement + vin[9:])
    if vin[0] in NORTH_AMERICA:
        assert verdict.error is not None
    else:
        assert verdict.ok
        assert verdict.warning is not None


@given(sixteen_chars, st.integers(0, 16).filter(lambda i: i != 8), st.sampled_from(VIN_ALPHABET))
def test_a_single_typo_is_caught_unless_it_keeps_the_digit(sixteen: str, position: int, typed: str) -> None:
    """Weights are 1..10 (never a multiple of 11) everywhere but position 9, so a
    typo changes the sum mod 11 exactly when the typed character transliterates
    to a different value; A, J and 1 (for example) are the same to the rule."""
    vin = with_check_digit(sixteen)
    if typed == vin[position]:
        return
    typo = vin[:position] + typed + vin[position + 1 :]
    verdict = check_vin(typo)
    if VALUE[typed] == VALUE[vin[position]]:
        assert verdict.ok
        assert verdict.warning is None
    else:
        assert verdict.error is not None or verdict.warning is not None
        if typo[0] in NORTH_AMERICA:
            assert verdict.error is not None


# --- offline decoding ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("vin", "year", "make", "country"),
    [
        ("1G4AH59H45G118341", 2005, "Buick", "United States"),
        ("1HGCM82633A004352", 2003, "Honda", "United States"),
        ("JHMCM56557C404453", 2007, "Honda", "Japan"),
        ("WBA3A5C50CF256551", 2012, "BMW", "Germany"),
    ],
)
def test_decode_gives_year_make_and_country_for_known_makers(
    vin: str, year: int, make: str, country: str
) -> None:
    decoded = decode_vin(vin, today=date(2026, 6, 1))
    assert (decoded.year, decoded.make, decoded.country) == (year, make, country)


def test_north_american_year_uses_position_7_to_pick_the_30_year_cycle() -> None:
    # Year code K is 1989 or 2019: a digit in position 7 means before 2010.
    assert decode_vin("1M8GDM9AXKP042788", today=date(2026, 6, 1)).year == 1989
    letter_in_7 = with_check_digit("1HGCV1F3" + "KA000001")
    assert letter_in_7[6].isalpha()
    assert decode_vin(letter_in_7, today=date(2026, 6, 1)).year == 2019


def test_year_elsewhere_is_the_latest_that_is_not_in_the_future() -> None:
    # Year code C is 1982 or 2012.
    assert decode_vin("WBA3A5C50CF256551", today=date(2026, 6, 1)).year == 2012
    assert decode_vin("WBA3A5C50CF256551", today=date(2005, 6, 1)).year == 1982


@pytest.mark.parametrize("vin", ["124379N123456", "", "1M8GDM9AXKP04278*"])
def test_decode_tells_nothing_rather_than_guessing(vin: str) -> None:
    decoded = decode_vin(vin)
    assert (decoded.year, decoded.make, decoded.country) == (None, None, None)
