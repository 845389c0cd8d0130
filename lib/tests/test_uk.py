import datetime as dt

import pytest

from lib import uk


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("ls1 4dy", "LS1 4DY"), ("M11AE", "M1 1AE"), (" sw1a  1aa ", "SW1A 1AA"), ("EC1A1BB", "EC1A 1BB")],
)
def test_it_normalises_valid_postcodes(raw, expected):
    assert uk.normalise_postcode(raw) == expected


@pytest.mark.parametrize("raw", ["", "12345", "LS1", "QQ1 1AA", "LS1 4DYX", "LS1-4DY"])
def test_it_refuses_invalid_postcodes(raw):
    with pytest.raises(ValueError, match="valid UK postcode"):
        uk.normalise_postcode(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0113 496 0123", "+441134960123"),
        ("07911 123456", "+447911123456"),
        ("+44 20 7946 0000", "+442079460000"),
    ],
)
def test_it_normalises_phone_numbers_to_e164(raw, expected):
    assert uk.normalise_phone(raw) == expected


@pytest.mark.parametrize("raw", ["", "12345", "0113 496", "not a number", "07911 1234567890"])
def test_it_refuses_bad_phone_numbers(raw):
    with pytest.raises(ValueError):
        uk.normalise_phone(raw)


def test_uk_numbers_display_in_national_form():
    assert uk.format_phone("+447911123456") == "07911 123456"


@pytest.mark.parametrize("raw", ["AB123456C", "ab 12 34 56 c"])
def test_it_accepts_national_insurance_numbers(raw):
    assert uk.normalise_nino(raw) == "AB123456C"


@pytest.mark.parametrize("raw", ["QQ123456C", "BG123456A", "AB123456E", "AB12345C", "DA123456A"])
def test_it_refuses_invalid_national_insurance_numbers(raw):
    with pytest.raises(ValueError):
        uk.normalise_nino(raw)


def test_age_counts_birthdays():
    born = dt.date(2008, 6, 15)
    assert uk.age_on(born, dt.date(2026, 6, 14)) == 17
    assert uk.age_on(born, dt.date(2026, 6, 15)) == 18
