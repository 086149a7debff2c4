"""Norwegian organisation numbers (organisasjonsnummer): nine digits, the last a modulus-11
check digit over the first eight with the weights 3, 2, 7, 6, 5, 4, 3, 2.

check digit = 11 − (weighted sum mod 11); a result of 11 means 0, and a result of 10 means
no number can be built from those eight digits, so such a number is invalid.

Plain Python, no Django.
"""
WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


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


def orgnr_problem(value) -> str | None:
    """Why `value` is not a valid organisation number, or None when it is."""
    number = normalise(value)
    if not number:
        return "mangler organisasjonsnummer"
    if not (number.isascii() and number.isdigit()):
        return f"«{value}» er ikke et organisasjonsnummer: bare sifre er tillatt"
    if len(number) != 9:
        digits = "siffer" if len(number) == 1 else "sifre"
        return f"«{value}» er ikke et organisasjonsnummer: det har {len(number)} {digits}, ikke 9"
    expected = check_digit(number[:8])
    if expected is None:
        return (f"«{value}» er ikke et organisasjonsnummer: det finnes ikke noe kontrollsiffer for {number[:8]} "
                f"(modulus 11 gir 10)")
    if int(number[8]) != expected:
        return (f"«{value}» er ikke et organisasjonsnummer: kontrollsifferet er {number[8]}, "
                f"modulus 11 gir {expected}")
    return None


def is_valid_orgnr(value) -> bool:
    return orgnr_problem(value) is None


def complete(first_eight: str) -> str | None:
    """The nine-digit number that starts with these eight digits, or None when none exists."""
    digit = check_digit(first_eight)
    return None if digit is None else f"{first_eight}{digit}"
