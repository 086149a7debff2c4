"""Reading the tables people send us: CSV as Norwegian Excel writes it, and XLSX workbooks.

Every importer reads its file here, so they all accept the same things:
- CSV separated by `;` (Norwegian Excel), `,` or tab, found from the header line; UTF-8 with or
  without a byte order mark, or Windows-1252 (Excel's plain "CSV" on Norwegian Windows);
- the first sheet of an XLSX workbook, numbers as numbers and percentage cells marked;
- numbers with a decimal comma or point and spaces as thousands separators ("5 594 340", "12,1").

An importer checks every row and collects every problem as a `RowError` with the line (the
spreadsheet's row number), the column and a message in the user's language, and saves nothing
from a file with errors.
"""
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import gettext as _

XLSX_MAGIC = b"PK\x03\x04"
XLSX_SUFFIXES = (".xlsx", ".xlsm")
DELIMITERS = (";", ",", "\t")
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
SPACES = str.maketrans("", "", " \u00a0\u202f")  # thousands separators: space, no-break space, narrow
QUOTED = re.compile(r'"[^"]*"|\\.')  # literal text in an Excel number format
TRUE = {"true", "ja", "yes", "1", "j", "y", "sann"}
FALSE = {"false", "nei", "no", "0", "n", "usann"}


@dataclass(frozen=True)
class RowError:
    """One problem in a file. `line` is 0 when the file as a whole cannot be read; `column` is
    "" when the problem concerns the whole row."""
    line: int
    column: str
    message: str

    def __str__(self):
        if not self.line:
            return _("filen: %(message)s") % {"message": self.message}
        if self.column:
            return _("linje %(line)s, kolonne %(column)s: %(message)s") % {
                "line": self.line, "column": self.column, "message": self.message}
        return _("linje %(line)s: %(message)s") % {"line": self.line, "message": self.message}


class TableError(ValueError):
    """The file cannot be read as a table at all; `errors` says why."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


class CellError(ValueError):
    """A cell that does not hold what its column needs; the message says what it holds."""


@dataclass(frozen=True)
class Percent:
    """An XLSX number formatted as a percentage: the cell holds 0.121 and shows 12,1 %."""
    fraction: float | int


@dataclass(frozen=True)
class Row:
    line: int  # where the row starts in the file (a quoted CSV cell may span lines)
    cells: list

    @property
    def is_blank(self) -> bool:
        return not any(cell_text(cell) for cell in self.cells)


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)
    delimiter: str = ""  # the CSV separator found, "" for a workbook

    def non_blank(self) -> list[Row]:
        return [row for row in self.rows if not row.is_blank]


# --- reading a file -----------------------------------------------------------------------------

def read_table(content: bytes, filename: str = "") -> Table:
    """The rows of a CSV or XLSX file; TableError when it cannot be read as either."""
    suffix = Path(filename or "").suffix.lower()
    if suffix == ".xls":
        raise TableError([RowError(0, "", _("det gamle XLS-formatet kan ikke leses: lagre filen som .xlsx "
                                              "eller CSV"))])
    if suffix in XLSX_SUFFIXES or content.startswith(XLSX_MAGIC):
        return _read_xlsx(content)
    return _read_csv(content)


def decode_text(content: bytes) -> str:
    """UTF-8 (a byte order mark is dropped), else Windows-1252 as Excel writes on Norwegian Windows."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        try:
            return content.decode("cp1252")
        except UnicodeDecodeError:
            line = content[:error.start].count(b"\n") + 1
            raise TableError([RowError(line, "", _("filen er verken UTF-8- eller Windows-1252-tekst: lagre den "
                                                    "som «CSV UTF-8» i Excel"))]) from None


def _read_csv(content: bytes) -> Table:
    text = decode_text(content)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(DELIMITERS, key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, end = [], 0
    try:
        for cells in reader:
            rows.append(Row(end + 1, cells))
            end = reader.line_num
    except csv.Error as error:
        raise TableError([RowError(end + 1, "", _("filen kan ikke leses som CSV (%(error)s)") % {"error": error})])
    return Table(rows, delimiter)


def open_workbook(source: bytes | str | Path, *, read_only: bool = True):
    """An XLSX workbook with the values Excel last computed (formulas are not evaluated).

    A path is read into memory so the content decides, not the name: openpyxl refuses a path
    without ".xlsx" even when the file is a workbook (uploads are often renamed)."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    data = Path(source).read_bytes() if isinstance(source, (str, Path)) else source
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=read_only, data_only=True)
    except DAMAGED_WORKBOOK + (InvalidFileException,):
        raise _unreadable_workbook() from None


# What openpyxl raises for a file that is not a workbook, or a damaged one (broken XML is a
# SyntaxError from lxml); a read-only sheet parses as it is read, so reading raises them too.
DAMAGED_WORKBOOK = (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, SyntaxError)


def _unreadable_workbook() -> TableError:
    return TableError([RowError(0, "", _("filen kan ikke leses som en XLSX-arbeidsbok"))])


def _read_xlsx(content: bytes) -> Table:
    workbook = open_workbook(content)
    try:
        sheet = workbook.worksheets[0]
        # A read-only sheet trusts the size the file states, which some exporters get wrong
        # (`A1` for a whole table): measure it instead.
        sheet.reset_dimensions()
        rows = []
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            rows.append(Row(number, [_workbook_value(cell) for cell in cells]))
    except DAMAGED_WORKBOOK:
        raise _unreadable_workbook() from None
    finally:
        workbook.close()
    # A measured sheet gives each row only up to its last filled cell; pad them to one width,
    # as a sheet that states its size does.
    width = max((len(row.cells) for row in rows), default=0)
    return Table([Row(row.line, row.cells + [None] * (width - len(row.cells))) for row in rows])


def _workbook_value(cell):
    value = cell.value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and _scales_by_100(
            getattr(cell, "number_format", None)):
        return Percent(value)
    return value


def _scales_by_100(number_format: str | None) -> bool:
    """Whether Excel shows the cell ×100 with a % sign: a bare % in the format, not a quoted
    "%" or a backslash-escaped % (those only print the sign)."""
    return "%" in QUOTED.sub("", number_format or "")


# --- the header ---------------------------------------------------------------------------------

def read_header(row: Row, known: tuple[str, ...], required: tuple[str, ...]) -> tuple[list[str], list[RowError]]:
    """The column names of a header row (case and order free), and what is wrong with them:
    an empty, unknown or repeated name, or a required one missing."""
    names = [cell_text(cell).lower() for cell in row.cells]
    while names and not names[-1]:  # spreadsheets often carry empty trailing columns
        names.pop()
    errors = []
    for position, name in enumerate(names, start=1):
        if not name:
            errors.append(RowError(row.line, "", _("kolonne %(n)s mangler overskrift") % {"n": position}))
        elif name not in known:
            errors.append(RowError(row.line, name, _("ukjent kolonne «%(name)s»; tillatt er %(known)s")
                                   % {"name": name, "known": ", ".join(known)}))
        elif names.index(name) != position - 1:
            errors.append(RowError(row.line, name, _("kolonnen «%(name)s» står to ganger") % {"name": name}))
    missing = [name for name in required if name not in names]
    if missing:
        errors.append(RowError(row.line, "", _("overskriften mangler %(missing)s (påkrevd: %(required)s)")
                               % {"missing": ", ".join(missing), "required": ", ".join(required)}))
    return names, errors


def extra_cells(row: Row, columns: list[str]) -> RowError | None:
    """A row with values right of the last named column (often a decimal comma in a comma file)."""
    extra = [i for i in range(len(columns), len(row.cells)) if cell_text(row.cells[i])]
    if not extra:
        return None
    return RowError(row.line, "", _("raden har verdier i %(cells)s kolonner, men overskriften har bare %(columns)s")
                    % {"cells": extra[-1] + 1, "columns": len(columns)})


# --- cells --------------------------------------------------------------------------------------

def cell_text(cell) -> str:
    """A cell as the text a CSV would hold: 12.0 from a workbook is "12"."""
    if cell is None:
        return ""
    if isinstance(cell, Percent):
        cell = cell.fraction
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else str(Decimal(repr(cell)))
    return str(cell).strip()


def parse_decimal(cell, *, percent: bool = False) -> Decimal | None:
    """A number from a cell: a workbook number, or text with a decimal comma or point and spaces
    as thousands separators. With `percent`, a trailing % is allowed and a percentage-formatted
    workbook cell (0.121) counts as 12.1. None for an empty cell; CellError when not a number."""
    if cell is None:
        return None
    if isinstance(cell, Percent):
        fraction = Decimal(repr(cell.fraction)) if isinstance(cell.fraction, float) else Decimal(cell.fraction)
        return fraction * 100 if percent else fraction
    if isinstance(cell, bool):
        raise CellError(_("«%(cell)s» er ikke et tall") % {"cell": cell})
    if isinstance(cell, int):
        return Decimal(cell)
    if isinstance(cell, float):
        return Decimal(repr(cell))
    if isinstance(cell, Decimal):
        return cell
    text = str(cell).strip()
    if not text:
        return None
    compact = text.translate(SPACES)
    if percent and compact.endswith("%"):
        compact = compact[:-1]
    if "," in compact and "." in compact:
        raise CellError(_("«%(cell)s» har både komma og punktum; bruk ett av dem som desimaltegn og ingen "
                          "tusenskille") % {"cell": text})
    compact = compact.replace(",", ".")
    if not NUMBER.match(compact):
        raise CellError(_("«%(cell)s» er ikke et tall") % {"cell": text})
    try:
        return Decimal(compact)
    except InvalidOperation:
        raise CellError(_("«%(cell)s» er ikke et tall") % {"cell": text}) from None


def parse_whole(cell) -> int | None:
    """A whole number (spaces as thousands separators allowed); None for an empty cell."""
    number = parse_decimal(cell)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise CellError(_("«%(cell)s» er ikke et heltall") % {"cell": cell_text(cell)})
    return int(number)


def parse_flag(cell) -> bool | None:
    """true/false, ja/nei, 1/0; None for an empty cell."""
    if isinstance(cell, bool):
        return cell
    text = cell_text(cell).lower()
    if not text:
        return None
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise CellError(_("«%(cell)s» er verken true eller false") % {"cell": cell_text(cell)})


def show_number(number: Decimal) -> str:
    """A number in a message as the UI writes it: decimal comma, no trailing zeros."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")
