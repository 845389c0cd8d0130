"""UK formats: postcodes, phone numbers, National Insurance numbers, ages.

Each ``normalise_*`` returns the canonical form or raises ValueError with a message a fee
earner can act on.
"""

import datetime as dt
import re

import phonenumbers

# The Royal Mail format: outward code (area + district) and inward code (sector + unit).
_POSTCODE = re.compile(
    r"^(GIR0AA|"
    r"(?:[A-PR-UWYZ][0-9][0-9A-HJKPSTUW]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)"
    r"[0-9][ABD-HJLNP-UW-Z]{2})$"
)
# Two prefix letters (not D, F, I, Q, U or V; second not O), six digits, suffix A-D.
_NINO = re.compile(r"^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$")


def normalise_postcode(raw: str) -> str:
    compact = re.sub(r"\s+", "", raw or "").upper()
    if not _POSTCODE.match(compact):
        raise ValueError("Enter a valid UK postcode, for example SW1A 1AA.")
    return f"{compact[:-3]} {compact[-3:]}"


def normalise_phone(raw: str) -> str:
    """A UK (or international, with +) number in E.164 form."""
    try:
        number = phonenumbers.parse(raw or "", "GB")
    except phonenumbers.NumberParseException:
        raise ValueError("Enter a phone number, for example 07911 123456 or 0113 496 0000.") from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError("This is not a valid phone number: check the number of digits and the area code.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, "GB")
    except phonenumbers.NumberParseException:
        return e164
    uk_number = number.country_code == 44
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL if uk_number else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


def normalise_nino(raw: str) -> str:
    compact = re.sub(r"\s+", "", raw or "").upper()
    if not _NINO.match(compact):
        raise ValueError("Enter a National Insurance number like AB 12 34 56 C.")
    return compact


def age_on(date_of_birth: dt.date, on: dt.date) -> int:
    before_birthday = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - before_birthday
