"""UPC-A, EAN-13 and EAN-8: the check digit catches a misread, and a UPC-A is its EAN-13."""

from __future__ import annotations

import pytest

from app.domain import barcodes
from app.domain.errors import ValidationError


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("036000291452", "0036000291452"),  # UPC-A: the same number as the EAN-13 with a leading 0
        ("0036000291452", "0036000291452"),  # EAN-13 with a leading 0: already that form
        (" 0 36000 29145 2 ", "0036000291452"),  # spaces as printed under the bars
        ("4006381333931", "4006381333931"),  # EAN-13
        ("96385074", "96385074"),  # EAN-8 stays eight digits
        ("BRK-4471", "BRK-4471"),  # the shop's own label: no check digit to check
        ("1234567", "1234567"),  # seven digits: not a UPC/EAN
    ],
)
def test_codes_are_kept_in_one_form(typed: str, stored: str) -> None:
    assert barcodes.normalized(typed) == stored


@pytest.mark.parametrize(
    ("misread", "kind", "last"),
    [
        ("036000291453", "UPC-A", "2"),
        ("4006381333932", "EAN-13", "1"),
        ("96385075", "EAN-8", "4"),
    ],
)
def test_a_wrong_check_digit_is_refused_and_the_right_one_named(misread: str, kind: str, last: str) -> None:
    assert not barcodes.check_digit_ok(misread)
    with pytest.raises(ValidationError) as refused:
        barcodes.normalized(misread)
    assert f"not a valid {kind}" in refused.value.message
    assert f"last digit should be {last}" in refused.value.message
    assert barcodes.same_code(misread) == misread  # a look-up keeps it as typed (and finds nothing)
