import pytest

from radsmodell.council.numbering import agenda_numbers, collisions, format_case_number, parse_case_number


def test_case_number_is_written_n_slash_two_digit_year():
    assert format_case_number(17, 2024) == "17/24"
    assert format_case_number(3, 2009) == "3/09"


def test_case_number_parses_short_and_long_year():
    assert parse_case_number("17/24") == (17, 2024)
    assert parse_case_number(" 5 / 2022 ") == (5, 2022)


@pytest.mark.parametrize("text", ["", "17", "17-24", "a/24", "0/24", "17/240"])
def test_malformed_case_number_is_refused_with_the_expected_form(text):
    with pytest.raises(ValueError, match="N/ÅÅ|1 eller høyere"):
        parse_case_number(text)


def test_case_numbers_continue_across_meetings_in_a_year():
    # NUIT 2024: meeting 1 had 1/24–14/24, so meeting 2 starts at 15.
    assert agenda_numbers(list(range(1, 15)), 13) == list(range(15, 28))


def test_first_meeting_of_a_year_starts_at_one():
    assert agenda_numbers([], 3) == [1, 2, 3]


def test_collisions_name_the_numbers_held_elsewhere():
    assert collisions([15, 16, 17], {17, 30}) == [17]
