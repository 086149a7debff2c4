"""Organisation numbers: nine digits, modulus 11 with the weights 3, 2, 7, 6, 5, 4, 3, 2."""
from hypothesis import given
from hypothesis import strategies as st

from radsmodell.costs.orgnr import check_digit, complete, is_valid_orgnr, orgnr_problem


def test_the_four_rhf_and_bronnoysundregistrene_have_valid_numbers():
    for number in ("991324968", "983658725", "983658776", "883658752", "974760673"):
        assert orgnr_problem(number) is None


def test_a_remainder_of_zero_gives_check_digit_0_not_11():
    # 1·3 + 4·2 = 11, remainder 0: 11 − 0 = 11 → 0.
    assert check_digit("10000004") == 0
    assert is_valid_orgnr("100000040")


def test_a_remainder_of_one_gives_10_and_no_valid_number_exists():
    assert check_digit("10000013") is None
    assert complete("10000013") is None
    for last in "0123456789":
        assert "modulus 11 gir 10" in orgnr_problem(f"10000013{last}")


def test_a_wrong_check_digit_names_the_digit_expected():
    assert orgnr_problem("974760674") == ("«974760674» er ikke et organisasjonsnummer: kontrollsifferet er 4, "
                                          "modulus 11 gir 3")


def test_length_letters_and_blank_are_reported_as_such():
    assert "8 sifre, ikke 9" in orgnr_problem("97476067")
    assert "10 sifre, ikke 9" in orgnr_problem("9747606731")
    assert "bare sifre er tillatt" in orgnr_problem("97476067a")
    assert "bare sifre er tillatt" in orgnr_problem("９７４７６０６７３")  # full-width digits are not ASCII digits
    assert orgnr_problem("") == "mangler organisasjonsnummer"


def test_spaces_between_groups_are_allowed():
    assert is_valid_orgnr("974 760 673")


@given(st.from_regex(r"\A[0-9]{8}\Z"))
def test_completing_eight_digits_gives_a_valid_number_or_none_when_the_rule_gives_10(prefix):
    number = complete(prefix)
    assert (number is None) == (check_digit(prefix) is None)
    if number:
        assert is_valid_orgnr(number)


@given(st.from_regex(r"\A[0-9]{8}\Z"), st.integers(0, 8), st.integers(1, 9))
def test_changing_one_digit_of_a_valid_number_makes_it_invalid(prefix, position, shift):
    number = complete(prefix)
    if number is None:
        return
    digits = list(number)
    digits[position] = str((int(digits[position]) + shift) % 10)
    assert not is_valid_orgnr("".join(digits))
