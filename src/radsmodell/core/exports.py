"""Exports stay data: no text we write to a CSV or XLSX file can become a formula in a spreadsheet.

A name such as `=HYPERLINK("http://evil.example","Helse Sør-Øst")` is stored as the user typed it;
only the file changes. As OWASP advises for CSV injection, a text starting with = + - @, a tab or a
carriage return gets a leading apostrophe in CSV (spreadsheets then show it as text), and in XLSX
every text is written as a string cell with its value unchanged (a string cell is never evaluated).
Numbers (int, float, Decimal) are left alone: a negative amount is a number, not a formula, so a
writer passes amounts as numbers, not as preformatted text.

Every CSV and XLSX writer goes through this module.
"""
import csv
import re
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters an XLSX file cannot hold (openpyxl refuses them); shown as "\ufffd" instead of a crash.
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def inert(value):
    """A CSV cell's value: text a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(values: Iterable) -> list:
    return [inert(value) for value in values]


def csv_writer(out, **options):
    """A csv.writer whose writerow and writerows make every text cell inert."""
    return _InertWriter(out, options)


class _InertWriter:
    def __init__(self, out, options: dict):
        self._writer = csv.writer(out, **options)
        # csv quotes a field only for the characters of its line terminator, so with "\n" a carriage
        # return inside a name would end the row there and start the next one with what follows it.
        self._quoting = csv.writer(out, **{**options, "quoting": csv.QUOTE_NONNUMERIC})

    def writerow(self, values: Iterable):
        values = csv_row(values)
        breaks = any(isinstance(v, str) and ("\r" in v or "\n" in v) for v in values)
        return (self._quoting if breaks else self._writer).writerow(values)

    def writerows(self, rows: Iterable[Iterable]):
        for values in rows:
            self.writerow(values)


def xlsx_cell(sheet, value):
    """An openpyxl cell for `value`; text is a string cell (openpyxl would make "=…" a formula)."""
    from openpyxl.cell.cell import Cell

    if isinstance(value, str):
        cell = Cell(sheet, value=XLSX_ILLEGAL.sub("\ufffd", value))
        cell.data_type = "s"
        return cell
    return Cell(sheet, value=value)


def append_row(sheet, values: Iterable) -> None:
    """sheet.append(values) with every text written as text."""
    sheet.append([xlsx_cell(sheet, value) for value in values])
