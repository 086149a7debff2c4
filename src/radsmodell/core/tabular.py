"""Reading the tables people send us: CSV as Norwegian Excel writes it, and XLSX workbooks.

Every importer reads its file here, so they all accept the same things:
- CSV separated by `;` (Norwegian Excel), `,` or tab, found from the header line; UTF-8 with or
  without a byte order mark, or Windows-1252 (Excel's plain "CSV" on Norwegian Windows);
- the first sheet of an XLSX workbook, numbers as numbers and percentage cells marked;
- numbers with a decimal comma or point and spaces as thousands separators ("5 594 340", "12,1").
- a header naming the columns by their codes ("value") or by the Norwegian labels Rådsmodell's own
  «CSV for Excel» writes ("Verdi"), any case; an error then names the column as the file heads it.

An importer checks every row and collects every problem as a `RowError` with the line (the
spreadsheet's row number), the column and a message in the user's language, and saves nothing
from a file with errors. An `ErrorList` counts every problem but keeps only the first hundred,
which is what a page or the console shows, with the total.

A file is bounded before it is read, so that no file can take the server down: at most
settings.UPLOAD_MAX_BYTES (RADSMODELL_UPLOAD_MAX_BYTES, 10 MB), MAX_ROWS rows, MAX_COLUMNS
columns in a row and MAX_CELLS cells. A workbook is a zip archive: before openpyxl opens it, the
sizes its parts unpack to and how hard they are compressed are checked (a zip bomb is a small
file that unpacks to gigabytes), and a large sheet is counted as it streams past.
"""
import codecs
import csv
import dataclasses
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .numbers import number

XLSX_MAGIC = b"PK\x03\x04"
XLSX_SUFFIXES = (".xlsx", ".xlsm")
DELIMITERS = (";", ",", "\t")
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
SPACES = str.maketrans("", "", " \u00a0\u202f")  # thousands separators: space, no-break space, narrow
QUOTED = re.compile(r'"[^"]*"|\\.')  # literal text in an Excel number format
TRUE = {"true", "ja", "yes", "1", "j", "y", "sann"}
FALSE = {"false", "nei", "no", "0", "n", "usann"}

# --- Limits: no file may cost more than these (the byte limit is a setting) ----------------------
MB = 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_CELLS = 2_000_000
# A workbook read cell by cell (not read-only) holds every cell as an object, and its reader walks
# each sheet's whole area: far fewer, in cells a sheet holds and in rows × columns it spans.
MAX_CELLS_LOOKED_UP = 200_000
SHOWN_ERRORS = 100  # an ErrorList keeps this many; the rest are only counted
# A workbook's zip archive: how many parts, how much they may unpack to in all, and how hard a
# part may be compressed (a sheet of real data packs 5–30 times; a zip bomb thousands of times).
MAX_MEMBERS = 1_000
MAX_UNPACKED = 100 * MB
MAX_RATIO = 100
COUNTED_FROM = 1 * MB  # a part unpacking to more than this is checked for its ratio, a sheet counted
MAX_OTHER_PART = 20 * MB  # a part that is no sheet (shared strings, styles) is read whole
SHEETS = {"worksheet", "dialogsheet"}
ROOT = re.compile(r"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")  # the first element's name, prefix aside
# A letter written in UTF-8 (two to four bytes); in Windows-1252 text these pairs would be «Ã¸»,
# which Norwegian text never holds.
UTF8_LETTER = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# Control characters have no place in a CSV; tab, line feed and carriage return are text.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class RowError:
    """One problem in a file. `line` is 0 when the file as a whole cannot be read; `column` is
    "" when the problem concerns the whole row."""
    line: int
    column: str
    message: str

    def __str__(self):
        message = clip(self.message, 500)  # a message quoting a cell stays a line, whatever the cell holds
        if not self.line:
            return _("filen: %(message)s") % {"message": message}
        if self.column:
            return _("linje %(line)s, kolonne %(column)s: %(message)s") % {
                "line": self.line, "column": clip(self.column), "message": message}
        return _("linje %(line)s: %(message)s") % {"line": self.line, "message": message}


class ErrorList(list):
    """The problems of a file: every one is counted in `total`, the first `keep` are kept.

    A file with a million broken cells then costs no more memory, and gives no longer a page,
    than one with a hundred; `shown_note` says how many there were."""

    def __init__(self, errors=(), keep: int = SHOWN_ERRORS):
        super().__init__()
        self.keep, self.total = keep, 0
        self.extend(errors)

    def append(self, error) -> None:
        self.total += 1
        if len(self) < self.keep:
            super().append(error)

    def extend(self, errors) -> None:
        if isinstance(errors, ErrorList):  # kept and counted already
            for error in errors:
                self.append(error)
            self.total += errors.total - len(errors)
            return
        for error in errors:
            self.append(error)

    def __iadd__(self, errors):
        self.extend(errors)
        return self


def error_count(errors) -> int:
    """How many problems `errors` stands for: an ErrorList's total, else its length."""
    return getattr(errors, "total", len(errors))


def shown_note(errors) -> str:
    """«Viser de 100 første av 4 512 feil.» when not every problem is in `errors`, else ""."""
    total = error_count(errors)
    if total <= len(errors):
        return ""
    return _("Viser de %(shown)s første av %(total)s feil.") % {"shown": len(errors), "total": number(total)}


class TableError(ValueError):
    """The file cannot be read as a table at all; `errors` says why."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors if isinstance(errors, ErrorList) else ErrorList(errors)
        note = shown_note(self.errors)
        super().__init__("\n".join([str(error) for error in self.errors] + ([note] if note else [])))


class TooLarge(TableError):
    """The file is past a limit (bytes, rows, columns, cells, what a workbook unpacks to): it is
    refused unread, whatever it holds."""


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

def megabytes(size: int) -> str:
    """A size as a message gives it, rounded up so that a file over a limit never reads as the
    limit: "12,3 MB", "10 MB", "2 kB"."""
    if size < MB:
        return f"{number(-(-size // 1024))}\u00a0kB"
    tenths = -(-size * 10 // MB)
    return f"{number(tenths / 10, 0 if tenths % 10 == 0 else 1)}\u00a0MB"


def max_bytes() -> int:
    return getattr(settings, "UPLOAD_MAX_BYTES", 10 * MB)


def size_problem(size: int) -> str | None:
    """Why a file of `size` bytes is not read (more than the upload limit), or None."""
    if size <= max_bytes():
        return None
    return _("filen er på %(size)s, mer enn grensen på %(limit)s") % {
        "size": megabytes(size), "limit": megabytes(max_bytes())}


def upload_problem(upload) -> str | None:
    """For a form's clean_<file>(): why an uploaded file is refused unread (its size), as a
    sentence, or None. Django knows the size before anything is read."""
    problem = size_problem(upload.size)
    return f"{capfirst(problem)}." if problem else None


def read_file(path: str | Path) -> bytes:
    """A file from disk for an importer: its size is checked before it is read. OSError when it
    cannot be read, TableError when it is too large."""
    path = Path(path)
    problem = size_problem(path.stat().st_size)
    if problem:
        raise TooLarge([RowError(0, "", problem)])
    return path.read_bytes()


def read_table(content: bytes, filename: str = "") -> Table:
    """The rows of a CSV or XLSX file; TableError when it cannot be read as either, or is larger
    than the limits."""
    problem = size_problem(len(content))
    if problem:
        raise TooLarge([RowError(0, "", problem)])
    suffix = Path(filename or "").suffix.lower()
    if suffix == ".xls":
        raise TableError([RowError(0, "", _("det gamle XLS-formatet kan ikke leses: lagre filen som .xlsx "
                                              "eller CSV"))])
    if suffix in XLSX_SUFFIXES or content.startswith(XLSX_MAGIC):
        return _read_xlsx(content)
    return _read_csv(content)


def decode_text(content: bytes) -> str:
    """UTF-8 (a byte order mark is dropped), else Windows-1252 as Excel writes on Norwegian Windows;
    not both in one file (lines pasted from two sources), which would read as «TromsÃ¸»."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content.count(b"\n", 0, error.start) + 1
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            raise TableError([RowError(line, "", _("filen er verken UTF-8- eller Windows-1252-tekst: lagre den "
                                                    "som «CSV UTF-8» i Excel"))]) from None
        utf8 = UTF8_LETTER.search(content)
        if utf8:
            raise TableError([RowError(line, "", _(
                "filen blander tegnsett: linje %(utf8)s er UTF-8, linje %(line)s er ikke det; lagre hele filen "
                "som «CSV UTF-8» i Excel") % {"utf8": content.count(b"\n", 0, utf8.start()) + 1, "line": line})])
        return text


def _too_many_rows() -> TableError:
    return TooLarge([RowError(0, "", _("filen har mer enn %(limit)s rader; del den opp i flere filer")
                                % {"limit": number(MAX_ROWS)})])


def _too_many_cells(limit: int = MAX_CELLS) -> TableError:
    return TooLarge([RowError(0, "", _("filen har mer enn %(limit)s celler; del den opp i flere filer")
                                % {"limit": number(limit)})])


def _too_wide(line: int) -> TableError:
    return TooLarge([RowError(line, "", _("raden har mer enn %(limit)s kolonner") % {"limit": number(MAX_COLUMNS)})])


def _utf16(content: bytes) -> bool:
    """UTF-16 (Excel's «Unicode-tekst»): a byte order mark, or every other byte a NUL."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    start = content[:1000]
    return len(start) >= 8 and start.count(0) * 3 >= len(start)


def _read_csv(content: bytes) -> Table:
    if _utf16(content):
        raise TableError([RowError(0, "", _("filen er lagret som UTF-16 («Unicode-tekst» i Excel): lagre den "
                                              "som «CSV UTF-8»"))])
    text = decode_text(content)
    control = CONTROL.search(text)
    if control:  # a NUL byte, or a binary file that happened to decode
        line = text.count("\n", 0, control.start()) + 1
        raise TableError([RowError(line, "", _("tegnet U+%(code)04X hører ikke hjemme i en CSV-fil: er det en "
                                                "tekstfil? Lagre den som «CSV UTF-8» i Excel")
                                   % {"code": ord(control.group())})])
    first = next((line for line in io.StringIO(text) if line.strip()), "")
    delimiter = max(DELIMITERS, key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, end, cells = [], 0, 0
    try:
        for found in reader:
            if len(rows) == MAX_ROWS:
                raise _too_many_rows()
            if len(found) > MAX_COLUMNS:
                raise _too_wide(end + 1)
            cells += len(found)
            if cells > MAX_CELLS:
                raise _too_many_cells()
            rows.append(Row(end + 1, found))
            end = reader.line_num
    except csv.Error as error:
        if "field limit" in str(error):
            reason = _("en celle er lengre enn %(limit)s tegn") % {"limit": number(csv.field_size_limit())}
        else:
            reason = _("filen kan ikke leses som CSV (%(error)s)") % {"error": error}
        raise TableError([RowError(end + 1, "", reason)]) from None
    return Table(rows, delimiter)


def open_workbook(source: bytes | str | Path, *, read_only: bool = True):
    """An XLSX workbook with the values Excel last computed (formulas are not evaluated), once
    its size and its archive are found within the limits (`check_archive`).

    A path is read into memory so the content decides, not the name: openpyxl refuses a path
    without ".xlsx" even when the file is a workbook (uploads are often renamed). Not read-only
    (cells looked up by row and column) costs more memory per cell: the limits keep it bounded."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    data = read_file(source) if isinstance(source, (str, Path)) else source
    problem = size_problem(len(data))
    if problem:
        raise TooLarge([RowError(0, "", problem)])
    most = MAX_CELLS if read_only else MAX_CELLS_LOOKED_UP
    check_archive(data, most)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=read_only, data_only=True)
    except DAMAGED_WORKBOOK + (InvalidFileException,):
        raise _unreadable_workbook() from None
    if not read_only:
        for sheet in workbook.worksheets:
            if sheet.max_row * sheet.max_column > most:  # one cell far out makes the whole area
                raise TooLarge([RowError(0, "", _("arket «%(sheet)s» spenner over %(area)s, mer enn %(limit)s "
                                                      "celler") % {"sheet": clip(sheet.title),
                                                                   "area": sheet.dimensions, "limit": number(most)})])
    return workbook


# What openpyxl raises for a file that is not a workbook, or a damaged one (broken XML is a
# SyntaxError from lxml); a read-only sheet parses as it is read, so reading raises them too.
DAMAGED_WORKBOOK = (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, SyntaxError, EOFError,
                    zipfile.LargeZipFile, NotImplementedError)


def _unreadable_workbook() -> TableError:
    return TableError([RowError(0, "", _("filen kan ikke leses som en XLSX-arbeidsbok"))])


def check_archive(data: bytes, most: int = MAX_CELLS) -> None:
    """TableError unless the workbook's zip archive is within the limits: not too many parts,
    not unpacking to more than MAX_UNPACKED, no large part compressed more than MAX_RATIO times,
    and no large sheet with more rows, cells in a row, or cells than `most`.

    The sizes are those the archive states; Python's zipfile never unpacks more than a part
    states (it stops and finds the checksum wrong), so the statement is what openpyxl gets."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_MEMBERS:
                raise TooLarge([RowError(0, "", _("arbeidsboken består av %(count)s deler, mer enn %(limit)s; "
                                                      "den leses ikke") % {"count": number(len(parts)),
                                                                           "limit": number(MAX_MEMBERS)})])
            unpacked = sum(part.file_size for part in parts)
            if unpacked > MAX_UNPACKED:
                raise TooLarge([RowError(0, "", _("arbeidsboken pakker ut til %(size)s, mer enn grensen på "
                                                      "%(limit)s; den ser ut som en zip-bombe og leses ikke") % {
                    "size": megabytes(unpacked), "limit": megabytes(MAX_UNPACKED)})])
            for part in parts:
                if part.file_size > COUNTED_FROM and part.file_size > MAX_RATIO * max(part.compress_size, 1):
                    raise TooLarge([RowError(0, "", _(
                        "delen «%(part)s» av arbeidsboken er pakket sammen %(ratio)s ganger (mer enn %(limit)s): "
                        "den ser ut som en zip-bombe og leses ikke") % {
                        "part": clip(part.filename), "ratio": number(part.file_size // max(part.compress_size, 1)),
                        "limit": number(MAX_RATIO)})])
            for part in parts:  # known by what it holds, not its name: the workbook's links may point anywhere
                if part.file_size <= COUNTED_FROM:
                    continue
                root = _root(archive, part)
                if root not in SHEETS and part.file_size > MAX_OTHER_PART:
                    raise TooLarge([RowError(0, "", _("delen «%(part)s» av arbeidsboken pakker ut til %(size)s, mer "
                                                          "enn grensen på %(limit)s; den leses ikke") % {
                        "part": clip(part.filename), "size": megabytes(part.file_size),
                        "limit": megabytes(MAX_OTHER_PART)})])
                if root:  # every XML part: one named otherwise may still be read as a sheet
                    with archive.open(part) as stream:
                        _count_cells(stream, most)
    except TableError:
        raise  # a TableError is a ValueError, which a damaged archive also raises
    except DAMAGED_WORKBOOK:
        raise _unreadable_workbook() from None


def _root(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> str:
    """The name of a part's first element ("worksheet", "sst"), or "" for a part that is no XML."""
    with archive.open(part) as stream:
        start = stream.read(2048)
    encoding = "utf-16" if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8"
    text = re.sub(r"<\?.*?\?>|<!--.*?-->|<!.*?>", "", start.decode(encoding, errors="ignore"), flags=re.S)
    found = ROOT.search(text)
    return found.group(2) if found and text[:found.start()].strip() in ("", "\ufeff") else ""


def _count_cells(stream, most: int) -> None:
    """Stream a sheet's XML past, counting rows and cells, and stop at the first limit passed: a
    reader building a whole row at a time would otherwise build a row of millions of cells."""
    from lxml import etree

    rows = cells = in_row = 0
    events = etree.iterparse(stream, events=("end",), tag=("{*}row", "{*}c"), resolve_entities=False,
                             no_network=True, load_dtd=False)
    for _event, element in events:
        if element.tag == "c" or element.tag.endswith("}c"):
            cells, in_row = cells + 1, in_row + 1
            if in_row > MAX_COLUMNS:
                raise _too_wide(_row_number(element.getparent(), rows + 1))
            if cells > most:
                raise _too_many_cells(most)
            element.clear()
            continue
        rows, in_row = rows + 1, 0
        if rows > MAX_ROWS:
            raise _too_many_rows()
        element.clear()
        while element.getprevious() is not None:  # rows already counted: let them go
            del element.getparent()[0]


def _row_number(row, counted: int) -> int:
    stated = row.get("r") if row is not None else None
    return int(stated) if stated and stated.isdigit() else counted


def _read_xlsx(content: bytes) -> Table:
    workbook = open_workbook(content)
    try:
        sheet = workbook.worksheets[0]
        # A read-only sheet trusts the size the file states, which some exporters get wrong
        # (`A1` for a whole table): measure it instead.
        sheet.reset_dimensions()
        rows, cells = [], 0
        for line, found in enumerate(sheet.iter_rows(), start=1):
            if line > MAX_ROWS:
                raise _too_many_rows()
            cells += len(found)  # a row reaches its last cell, formatted or filled: all are counted
            if cells > MAX_CELLS:
                raise _too_many_cells()
            if len(found) > MAX_COLUMNS:
                if any(cell.value is not None for cell in found[MAX_COLUMNS:]):
                    raise _too_wide(line)
                found = found[:MAX_COLUMNS]  # formatted but empty cells far to the right
            rows.append(Row(line, [_workbook_value(cell) for cell in found]))
    except TableError:
        raise
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

def header_text(cell) -> str:
    """A header cell as it is compared: case and spaces aside ("Omsetning  (kr) " is "omsetning (kr)")."""
    return " ".join(cell_text(cell).split()).lower()


def _aliases(known: tuple[str, ...], labels: dict[str, tuple[str, ...]] | None) -> dict[str, str]:
    """Every header text a column is known by (its code and its Norwegian labels) → its code."""
    aliases = {name: name for name in known}
    for name, texts in (labels or {}).items():
        for text in (texts,) if isinstance(texts, str) else texts:
            aliases.setdefault(header_text(text), name)
    return aliases


def read_header(row: Row, known: tuple[str, ...], required: tuple[str, ...],
                labels: dict[str, tuple[str, ...]] | None = None) -> tuple[list[str], list[RowError]]:
    """The column names of a header row (case and order free), and what is wrong with them:
    an empty, unknown or repeated name, or a required one missing.

    `labels` gives each column's Norwegian headers ("Verdi" for value), as Rådsmodell's own
    «CSV for Excel» writes them and the upload pages show them: a column headed so is read as
    its code, and the names returned are the codes."""
    aliases = _aliases(known, labels)
    written = [header_text(cell) for cell in row.cells]
    while written and not written[-1]:  # spreadsheets often carry empty trailing columns
        written.pop()
    errors, seen, names = [], set(), []
    for position, text in enumerate(written, start=1):
        name = aliases.get(text, text)
        names.append(name)
        if not text:
            errors.append(RowError(row.line, "", _("kolonne %(n)s mangler overskrift") % {"n": position}))
        elif name not in known:
            errors.append(RowError(row.line, clip(text), _("ukjent kolonne «%(name)s»; tillatt er %(known)s")
                                   % {"name": clip(text), "known": _known(known, labels)}))
        elif name in seen:
            errors.append(RowError(row.line, cell_text(row.cells[position - 1]),
                                   _("kolonnen «%(name)s» står to ganger") % {"name": name}))
        seen.add(name)
    missing = [name for name in required if name not in names]
    if missing:
        errors.append(RowError(row.line, "", _("overskriften mangler %(missing)s (påkrevd: %(required)s)")
                               % {"missing": ", ".join(missing), "required": ", ".join(required)}))
    return names, errors


def _known(known: tuple[str, ...], labels: dict[str, tuple[str, ...]] | None) -> str:
    """The columns as a message lists them: "indicator, area, … (eller på norsk: Indikator, Område, …)"."""
    firsts = [texts if isinstance(texts, str) else texts[0] for name in known
              if (texts := (labels or {}).get(name))]
    if not firsts:
        return ", ".join(known)
    return _("%(codes)s (eller på norsk: %(labels)s)") % {"codes": ", ".join(known), "labels": ", ".join(firsts)}


def as_headed(errors, header: Row, names: list[str]):
    """`errors` with each column named as the file heads it: a file headed «Verdi» is told about
    «Verdi», not `value`. `names` are the codes read_header gave for `header`; the count of an
    ErrorList is kept."""
    written = {}
    for name, cell in zip(names, header.cells):
        text = cell_text(cell)
        if text and header_text(text) != name:
            written.setdefault(name, text)
    if not written:
        return errors
    headed = ErrorList(keep=getattr(errors, "keep", SHOWN_ERRORS))
    headed.extend(dataclasses.replace(error, column=written[error.column]) if error.column in written else error
                  for error in errors)
    headed.total = error_count(errors)
    return headed


def extra_cells(row: Row, columns: list[str]) -> RowError | None:
    """A row with values right of the last named column (often a decimal comma in a comma file)."""
    extra = [i for i in range(len(columns), len(row.cells)) if cell_text(row.cells[i])]
    if not extra:
        return None
    return RowError(row.line, "", _("raden har verdier i %(cells)s kolonner, men overskriften har bare %(columns)s")
                    % {"cells": extra[-1] + 1, "columns": len(columns)})


# --- cells --------------------------------------------------------------------------------------

def clip(text, limit: int = 80) -> str:
    """A cell quoted in a message: at most `limit` characters, so that a message stays a line
    whatever the cell holds."""
    text = str(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


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
        raise CellError(_("«%(cell)s» er ikke et tall") % {"cell": clip(cell)})
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
                          "tusenskille") % {"cell": clip(text)})
    compact = compact.replace(",", ".")
    if not NUMBER.match(compact):
        raise CellError(_("«%(cell)s» er ikke et tall") % {"cell": clip(text)})
    try:
        return Decimal(compact)
    except InvalidOperation:
        raise CellError(_("«%(cell)s» er ikke et tall") % {"cell": clip(text)}) from None


def parse_whole(cell) -> int | None:
    """A whole number (spaces as thousands separators allowed); None for an empty cell."""
    number = parse_decimal(cell)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise CellError(_("«%(cell)s» er ikke et heltall") % {"cell": clip(cell_text(cell))})
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
    raise CellError(_("«%(cell)s» er verken true eller false") % {"cell": clip(cell_text(cell))})


def show_number(number: Decimal) -> str:
    """A number in a message as the UI writes it: decimal comma, no trailing zeros."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")
