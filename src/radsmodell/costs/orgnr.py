"""Norwegian organisation numbers (organisasjonsnummer): nine digits, the last a modulus-11
check digit over the first eight with the weights 3, 2, 7, 6, 5, 4, 3, 2.

check digit = 11 − (weighted sum mod 11); a result of 11 means 0, and a result of 10 means
no number can be built from those eight digits, so such a number is invalid.

Plain Python, no Django. The messages are Norwegian and marked for translation; a caller
that shows them passes its `gettext` (as the organisations importer does).
"""
from radsmodell.core.marks import gettext_noop

WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)



MISSING = gettext_noop("mangler organisasjonsnummer")
NOT_DIGITS = gettext_noop("«%(value)s» er ikke et organisasjonsnummer: bare sifre er tillatt")
ONE_DIGIT = gettext_noop("«%(value)s» er ikke et organisasjonsnummer: det har %(n)s siffer, ikke 9")
DIGITS = gettext_noop("«%(value)s» er ikke et organisasjonsnummer: det har %(n)s sifre, ikke 9")
NO_CHECK_DIGIT = gettext_noop("«%(value)s» er ikke et organisasjonsnummer: det finnes ikke noe kontrollsiffer for "
                              "%(first_eight)s (modulus 11 gir 10)")
WRONG_CHECK_DIGIT = gettext_noop("«%(value)s» er ikke et organisasjonsnummer: kontrollsifferet er %(digit)s, "
                                 "modulus 11 gir %(expected)s")


def normalise(value) -> str:
    """The number as nine digits: spaces (974 760 673) are dropped, nothing else is changed."""
    return "".join(str(value).split())


def check_digit(first_eight: str) -> int | None:
    """The check digit for eight digits, or None when the rule gives 10 (no valid number)."""
    remainder = sum(int(digit) * weight for digit, weight in zip(first_eight, WEIGHTS)) % 11
    digit = 11 - remainder
    if digit == 11:
        return 0
    return None if digit == 10 else digit


def orgnr_problem(value, translate=gettext_noop) -> str | None:
    """Why `value` is not a valid organisation number, or None when it is; in the language
    `translate` gives (Norwegian by default)."""
    number = normalise(value)
    if not number:
        return translate(MISSING)
    if not (number.isascii() and number.isdigit()):
        return translate(NOT_DIGITS) % {"value": value}
    if len(number) != 9:
        return translate(ONE_DIGIT if len(number) == 1 else DIGITS) % {"value": value, "n": len(number)}
    expected = check_digit(number[:8])
    if expected is None:
        return translate(NO_CHECK_DIGIT) % {"value": value, "first_eight": number[:8]}
    if int(number[8]) != expected:
        return translate(WRONG_CHECK_DIGIT) % {"value": value, "digit": number[8], "expected": expected}
    return None


def is_valid_orgnr(value) -> bool:
    return orgnr_problem(value) is None


def complete(first_eight: str) -> str | None:
    """The nine-digit number that starts with these eight digits, or None when none exists."""
    digit = check_digit(first_eight)
    return None if digit is None else f"{first_eight}{digit}"
