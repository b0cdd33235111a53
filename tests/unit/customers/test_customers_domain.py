"""The rules for customer and vehicle fields, and how the one search box reads what is typed."""

from __future__ import annotations

import unicodedata

import pytest

from app.domain.customers import (
    CustomerInput,
    CustomerKind,
    VehicleInput,
    check_odometer,
    validate_customer,
    validate_vehicle,
)
from app.domain.errors import ValidationError
from app.domain.search import parse_search

THIS_YEAR = 2026
CARD = "4111 1111 1111 1111"  # a Luhn-valid test card number

NAMES = [
    ("Zoë", "Ørsted"),
    ("محمد", "عبد الله"),  # Arabic, right to left
    ("דוד", "כהן"),  # Hebrew, right to left
    ("太郎", "山田"),
    ("\u200fנועה", "בן-דוד\u200f"),  # with right-to-left marks around
    ("Siobhán", "Ó Briain"),
]
SQL_LOOKING = [
    "Robert'); DROP TABLE customers;--",
    "O'Brien",
    "1' OR '1'='1",
    "x; DELETE FROM audit_log WHERE 1=1",
    '"quoted" \\ back\\slash %_',
]


def errors_of(data: CustomerInput) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        validate_customer(data)
    return caught.value.errors


def vehicle_errors(data: VehicleInput) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        validate_vehicle(data, THIS_YEAR)
    return caught.value.errors


# --- customers ------------------------------------------------------------------------


def test_a_person_needs_a_first_or_last_name() -> None:
    assert "name is required" in errors_of(CustomerInput(phone="503 555 0142"))["last_name"]
    assert validate_customer(CustomerInput(first_name="Cher")).first_name == "Cher"


def test_whitespace_is_not_a_name() -> None:
    assert "last_name" in errors_of(CustomerInput(first_name="   ", last_name="\t"))


def test_a_company_needs_its_company_name() -> None:
    errors = errors_of(CustomerInput(kind=CustomerKind.COMPANY, first_name="Fleet", last_name="Manager"))
    assert "required for a company" in errors["company_name"]


@pytest.mark.parametrize(
    ("field", "limit"),
    [("first_name", 100), ("last_name", 100), ("company_name", 200), ("email", 254), ("notes", 4000)],
)
def test_over_long_fields_are_refused_with_the_limit(field: str, limit: int) -> None:
    value = ("a" * (limit - len("@example.com")) + "@example.com") if field == "email" else "a" * limit
    base = CustomerInput(first_name="Pat", last_name="Lee")
    kept = validate_customer(CustomerInput(**{**base.__dict__, field: value}))
    assert getattr(kept, field) == value
    errors = errors_of(CustomerInput(**{**base.__dict__, field: value + "b"}))
    assert errors[field] == f"is {limit + 1} characters; at most {limit}"


@pytest.mark.parametrize("email", ["pat@example", "pat.example.com", "pat@@example.com", "pat @example.com"])
def test_malformed_email_is_refused_and_quoted_back(email: str) -> None:
    errors = errors_of(CustomerInput(last_name="Lee", email=email))
    assert "is not an e-mail address" in errors["email"]


@pytest.mark.parametrize("phone", ["555-CALL-NOW", "503 555 O142", "call me"])
def test_phone_with_letters_is_refused(phone: str) -> None:
    errors = errors_of(CustomerInput(last_name="Lee", phone=phone))
    assert "may contain only digits" in errors["phone"]


def test_phone_needs_enough_digits() -> None:
    assert errors_of(CustomerInput(last_name="Lee", alt_phone="555-01"))["alt_phone"].startswith(
        "has 5 digits"
    )


@pytest.mark.parametrize(
    "phone", ["(503) 555-0142", "+1 503.555.0142", "503-555-0142 ext. 12", "+44 20 7946 0958"]
)
def test_phones_in_any_usual_formatting_are_accepted(phone: str) -> None:
    assert validate_customer(CustomerInput(last_name="Lee", phone=phone)).phone == phone


@pytest.mark.parametrize("field", ["notes", "company_name", "address_line1", "tax_exempt_number"])
@pytest.mark.parametrize("card", [CARD, "4111-1111-1111-1111", "5500005555555559", "378282246310005"])
def test_card_numbers_are_refused_in_any_text_field(field: str, card: str) -> None:
    data = CustomerInput(last_name="Lee", **{field: f"paid with {card} exp 12/27"})
    assert "payment card number" in errors_of(data)[field]


@pytest.mark.parametrize(
    "notes",
    ["PO 4111 1111 1111 for the fleet", "call 503-555-0142 or 503-555-0199 after 5", "VIN 1G4AH59H45G118341"],
)
def test_shorter_numbers_and_phone_lists_are_just_text(notes: str) -> None:
    assert validate_customer(CustomerInput(last_name="Lee", notes=notes)).notes == notes


def test_every_bad_field_is_named_at_once() -> None:
    errors = errors_of(CustomerInput(phone="abc", email="nope", notes=CARD))
    assert set(errors) == {"last_name", "phone", "email", "notes"}


@pytest.mark.parametrize(("first", "last"), NAMES)
def test_unicode_and_right_to_left_names_are_kept_exactly(first: str, last: str) -> None:
    kept = validate_customer(CustomerInput(first_name=first, last_name=last))
    assert (kept.first_name, kept.last_name) == (first, last)


def test_decomposed_accents_are_stored_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Zoë")
    assert decomposed != "Zoë"
    assert validate_customer(CustomerInput(first_name=decomposed, last_name="Ørsted")).first_name == "Zoë"


def test_surrounding_spaces_are_trimmed() -> None:
    kept = validate_customer(
        CustomerInput(first_name="  Pat ", last_name=" Lee\n", email=" pat@example.com ")
    )
    assert (kept.first_name, kept.last_name, kept.email) == ("Pat", "Lee", "pat@example.com")


@pytest.mark.parametrize("text", SQL_LOOKING)
def test_sql_looking_text_is_kept_verbatim(text: str) -> None:
    kept = validate_customer(CustomerInput(first_name=text, last_name=text, notes=text, city=text))
    assert (kept.first_name, kept.last_name, kept.notes, kept.city) == (text, text, text, text)


# --- vehicles ---------------------------------------------------------------------------


def test_a_vehicle_needs_a_vin_or_a_plate() -> None:
    assert "VIN or a plate" in vehicle_errors(VehicleInput(make="Ford"))["plate"]
    assert validate_vehicle(VehicleInput(plate="7ABC123"), THIS_YEAR).vin is None


def test_a_bad_vin_is_reported_on_the_vin_field() -> None:
    assert "never contain O" in vehicle_errors(VehicleInput(vin="1M8GDM9AXKP04O788"))["vin"]
    assert "calls for 4" in vehicle_errors(VehicleInput(vin="1G4AH59H55G118341"))["vin"]


def test_a_foreign_vin_with_a_wrong_check_digit_saves_with_a_warning() -> None:
    clean = validate_vehicle(VehicleInput(vin="WBA3A5C50CF256551"), THIS_YEAR)
    assert clean.vin == "WBA3A5C50CF256551"
    assert len(clean.warnings) == 1
    assert clean.warnings[0].startswith("VIN check digit")


def test_an_old_short_vin_saves_with_the_non_standard_flag() -> None:
    assert "vin" in vehicle_errors(VehicleInput(vin="124379N123456"))
    clean = validate_vehicle(VehicleInput(vin="124379n123456", vin_non_standard=True), THIS_YEAR)
    assert clean.vin == "124379N123456"
    assert clean.vin_non_standard


@pytest.mark.parametrize(
    ("year", "message"),
    [("19x5", "is not a year"), ("1885", "between 1886 and 2028"), ("2029", "between 1886 and 2028")],
)
def test_impossible_model_years_are_refused(year: str, message: str) -> None:
    assert message in vehicle_errors(VehicleInput(plate="7ABC123", year=year))["year"]


def test_next_years_model_is_a_real_year() -> None:
    assert validate_vehicle(VehicleInput(plate="7ABC123", year="2027"), THIS_YEAR).year == 2027


def test_odometer_is_a_whole_number_with_optional_thousands_commas() -> None:
    assert validate_vehicle(VehicleInput(plate="X1", odometer="123,456"), THIS_YEAR).odometer == 123456
    assert "whole number" in vehicle_errors(VehicleInput(plate="X1", odometer="12.5"))["odometer"]
    assert "at most 9,999,999" in vehicle_errors(VehicleInput(plate="X1", odometer="10000000"))["odometer"]


def test_plate_is_upper_cased_and_searchable_without_spaces() -> None:
    clean = validate_vehicle(VehicleInput(plate=" 7abc 123 "), THIS_YEAR)
    assert clean.plate == "7ABC 123"
    assert clean.plate_key == "7ABC123"


def test_over_long_vehicle_fields_and_card_numbers_are_refused() -> None:
    errors = vehicle_errors(VehicleInput(plate="7ABC1234567890XY", make="M" * 51, notes=CARD))
    assert errors["plate"] == "is 16 characters; at most 15"
    assert errors["make"] == "is 51 characters; at most 50"
    assert "payment card number" in errors["notes"]


# --- odometer ------------------------------------------------------------------------------


@pytest.mark.parametrize(("previous", "new"), [(None, 0), (None, 50_000), (1_000, 1_000), (1_000, 2_000)])
def test_readings_that_do_not_go_down_need_no_reason(previous: int | None, new: int) -> None:
    check_odometer(previous, new, "")


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_lower_reading_without_a_reason_is_refused(reason: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_odometer(120_500, 3_200, reason)
    message = caught.value.errors["odometer"]
    assert "3,200 is lower than the last reading 120,500" in message
    assert "reason" in message


def test_a_lower_reading_with_a_reason_is_allowed() -> None:
    check_odometer(120_500, 3_200, "instrument cluster replaced")


# --- the search box -------------------------------------------------------------------------


def test_a_word_searches_names_email_and_plates() -> None:
    terms = parse_search("Smith")
    assert terms.name_tokens == ("smith",)
    assert terms.email_prefix == "smith"
    assert terms.plate_prefix == "SMITH"
    assert terms.phone_digits == ""


def test_first_and_last_name_become_two_tokens() -> None:
    terms = parse_search("John  SMI")
    assert terms.name_tokens == ("john", "smi")
    assert terms.email_prefix == ""


def test_unicode_names_are_case_folded_for_search() -> None:
    assert parse_search("ZOË ØR").name_tokens == ("zoë", "ør")
    assert parse_search("محمد").name_tokens == ("محمد",)


@pytest.mark.parametrize(
    "typed", ["(503) 555-0142", "503.555.0142", "503 555 0142", "503-555-0142", "5035550142"]
)
def test_phone_digits_are_read_from_any_formatting(typed: str) -> None:
    terms = parse_search(typed)
    assert terms.phone_digits == "5035550142"
    assert terms.name_tokens == ()


def test_a_few_digits_are_a_phone_fragment_but_two_are_not() -> None:
    assert parse_search("0142").phone_digits == "0142"
    assert parse_search("42").phone_digits == ""


@pytest.mark.parametrize("typed", ["7ABC123", "7abc 123", "7-ABC-123"])
def test_plates_are_searched_without_spaces_or_dashes(typed: str) -> None:
    assert parse_search(typed).plate_prefix == "7ABC123"


def test_a_full_vin_or_its_tail_is_searched_from_the_end() -> None:
    assert parse_search("1g4ah59h45g118341").vin_tail_reversed == "1G4AH59H45G118341"[::-1]
    assert parse_search("118341").vin_tail_reversed == "143811"
    assert parse_search("5g118341").vin_tail_reversed == "143811G5"


def test_a_vin_tail_needs_six_characters_and_no_i_o_q() -> None:
    assert parse_search("18341").vin_tail_reversed == ""
    assert parse_search("O18341").vin_tail_reversed == ""


def test_an_at_sign_makes_an_email_search() -> None:
    terms = parse_search("Pat@Ex")
    assert terms.email_prefix == "pat@ex"


def test_empty_search_is_empty() -> None:
    assert parse_search("   ").empty
    assert not parse_search("a1").empty


def test_sql_looking_search_text_is_only_text() -> None:
    terms = parse_search("'; DROP TABLE customers;--")
    assert terms.name_tokens == ("';", "drop", "table", "customers;--")
