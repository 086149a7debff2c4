"""The one reader for the files people send: CSV as Norwegian Excel writes it, and XLSX."""
import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation

from radsmodell.core.tabular import (
    CellError,
    Percent,
    RowError,
    TableError,
    extra_cells,
    parse_decimal,
    parse_flag,
    parse_whole,
    read_header,
    read_table,
)

HEADER = "indicator;area;period;value"


def _cells(table) -> list[list]:
    return [row.cells for row in table.non_blank()]


@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_the_separator_is_found_from_the_header(separator):
    table = read_table(separator.join(["a", "b", "c"]).encode() + b"\n1" + separator.encode() + b"2\n")
    assert table.delimiter == separator
    assert _cells(table) == [["a", "b", "c"], ["1", "2"]]


def test_utf8_with_a_byte_order_mark_and_windows_1252_read_the_same():
    text = "navn;by\nTromsø kommune;Tromsø\nÅlesund;Ærø\n"
    with_bom = read_table("\ufeff".encode() + text.encode("utf-8"))
    windows = read_table(text.encode("cp1252"))
    assert _cells(with_bom) == _cells(windows) == [["navn", "by"], ["Tromsø kommune", "Tromsø"], ["Ålesund", "Ærø"]]


def test_a_quoted_cell_over_two_lines_keeps_the_line_its_row_starts_on():
    table = read_table(b'a;b\n"to\nlinjer";1\nx;2\n')
    assert [(row.line, row.cells) for row in table.rows] == [(1, ["a", "b"]), (2, ["to\nlinjer", "1"]), (4, ["x", "2"])]


def test_bytes_that_are_no_text_are_refused_with_the_line():
    with pytest.raises(TableError) as error:
        read_table(b"a;b\n1;2\n\x81\x8d\x8f;\xff\xfe\x9d\n")  # undefined in Windows-1252 too
    assert error.value.errors[0].line == 3


def test_the_old_xls_format_and_a_damaged_workbook_are_refused_in_words():
    with pytest.raises(TableError, match="XLS-formatet"):
        read_table(b"\xd0\xcf\x11\xe0", "gammel.xls")
    with pytest.raises(TableError) as error:
        read_table(b"PK\x03\x04 ikke en arbeidsbok", "fil.xlsx")
    assert str(error.value) == "filen: filen kan ikke leses som en XLSX-arbeidsbok"


def test_a_workbook_gives_numbers_as_numbers_and_marks_percent_cells():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["indicator", "value", "count"])
    sheet.append(["pll", 0.121, 5594340])
    sheet["B2"].number_format = "0.0%"
    content = io.BytesIO()
    book.save(content)
    rows = read_table(content.getvalue(), "verdier.xlsx").non_blank()
    assert rows[1].line == 2 and rows[1].cells == ["pll", Percent(0.121), 5594340]
    assert parse_decimal(rows[1].cells[1], percent=True) == Decimal("12.1")


@pytest.mark.parametrize("cell, expected", [
    ("12,1", Decimal("12.1")), ("5 594 340", Decimal("5594340")), ("5\u00a0594\u00a0340", Decimal("5594340")),
    ("-0,5", Decimal("-0.5")), ("", None), (None, None), (7, Decimal(7)), (0.25, Decimal("0.25")),
])
def test_numbers_with_decimal_comma_and_spaces(cell, expected):
    assert parse_decimal(cell) == expected


@pytest.mark.parametrize("cell, message", [
    ("1.234,5", "har både komma og punktum"), ("12 kr", "er ikke et tall"), ("12,1 %", "er ikke et tall"),
])
def test_what_is_not_a_number_says_why(cell, message):
    with pytest.raises(CellError, match=message):
        parse_decimal(cell)


def test_percent_sign_only_where_a_percentage_is_expected():
    assert parse_decimal("12,1 %", percent=True) == Decimal("12.1")


def test_whole_numbers_and_flags():
    assert parse_whole("1 000") == 1000 and parse_whole("") is None
    with pytest.raises(CellError, match="er ikke et heltall"):
        parse_whole("1,5")
    assert [parse_flag(v) for v in ("ja", "Nei", "TRUE", "0", "", True)] == [True, False, True, False, None, True]
    with pytest.raises(CellError, match="verken true eller false"):
        parse_flag("kanskje")


def test_a_header_is_read_in_any_order_and_case_and_every_problem_is_named():
    table = read_table(b"Period;AREA;indicator;colour;;period\n")
    names, errors = read_header(table.rows[0], ("indicator", "area", "period", "value"),
                                ("indicator", "area", "period", "value"))
    assert names[:3] == ["period", "area", "indicator"]
    assert [str(e) for e in errors] == [
        "linje 1, kolonne colour: ukjent kolonne «colour»; tillatt er indicator, area, period, value",
        "linje 1: kolonne 5 mangler overskrift",
        "linje 1, kolonne period: kolonnen «period» står to ganger",
        "linje 1: overskriften mangler value (påkrevd: indicator, area, period, value)",
    ]


def test_values_right_of_the_header_are_a_row_error():
    table = read_table(f"{HEADER}\npll,norge,2025-11,1,7\n".replace(";", ",").encode())
    error = extra_cells(table.rows[1], ["indicator", "area", "period", "value"])
    assert error == RowError(2, "", "raden har verdier i 5 kolonner, men overskriften har bare 4")


def test_row_errors_are_worded_in_the_users_language():
    error = RowError(3, "value", "x")
    assert str(error) == "linje 3, kolonne value: x"
    with translation.override("en"):
        assert str(error) == "line 3, column value: x"


def test_a_workbook_that_states_a_wrong_size_is_read_whole():
    """Some exporters write <dimension ref="A1"/> for a whole table; the rows are read anyway."""
    import re
    import zipfile

    book = openpyxl.Workbook()
    for row in (["indicator", "area"], ["pll", "norge"], ["pll", "bergen"]):
        book.active.append(row)
    original = io.BytesIO()
    book.save(original)
    rewritten = io.BytesIO()
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(rewritten, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', data)
            target.writestr(item, data)
    assert _cells(read_table(rewritten.getvalue(), "verdier.xlsx")) == [
        ["indicator", "area"], ["pll", "norge"], ["pll", "bergen"]]
