"""Observations in from a file: CSV (as Norwegian Excel writes it) or an XLSX workbook.

One row per observation, header in the first line (case and order free):

    indicator;area;period;value;numerator;denominator;measure;note
    pll-andel-befolkning;norge;2025-11;1,7;;;;

`indicator`, `area` and `period` are required, and `value` and/or `numerator`+`denominator`.
Every row is checked and every error is reported with its line (for XLSX the sheet's row
number) and column; a file with any error saves nothing. The rows of a clean file go through
services.save_observations, the one write path, which also refreshes the indicators' status.
"""
import csv
import datetime
import difflib
import io
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.db import transaction

from . import engine, services
from .models import Area, Indicator, Observation

__all__ = ["COLUMNS", "ImportResult", "RowError", "import_observations", "parse_observations"]

REQUIRED = ("indicator", "area", "period")
OPTIONAL = ("value", "numerator", "denominator", "measure", "note")
COLUMNS = REQUIRED + OPTIONAL
TOLERANCE = Decimal("0.05")  # how far a stated value may be from numerator/denominator·100
LARGEST = Decimal(10) ** 10  # Observation.value has 14 digits, 4 of them decimals
FOUR_PLACES = Decimal("0.0001")
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
SPACES = str.maketrans("", "", " \u00a0\u202f")  # thousands separators: space, no-break space, narrow
XLSX_MAGIC = b"PK\x03\x04"
QUOTED = re.compile(r'"[^"]*"|\\.')  # literal text in an Excel number format


@dataclass(frozen=True)
class RowError:
    """One problem in the file. `line` is 0 when the file as a whole cannot be read."""
    line: int
    column: str
    reason: str

    def __str__(self):
        if not self.line:
            return f"filen: {self.reason}"
        where = f"linje {self.line}, kolonne {self.column}" if self.column else f"linje {self.line}"
        return f"{where}: {self.reason}"


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    indicators: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def summary(self) -> str:
        if self.errors:
            return f"Ingenting er lagret: {len(self.errors)} feil i filen."
        noun = "indikator" if self.indicators == 1 else "indikatorer"
        return f"Lagret: {self.created} nye, {self.updated} oppdaterte observasjoner for {self.indicators} {noun}"


def import_observations(content: bytes, filename: str) -> ImportResult:
    """Check the file and, only when it has no errors, save every row in one transaction."""
    with transaction.atomic():
        rows, errors = parse_observations(content, filename)
        if errors:
            return ImportResult(errors=errors)
        counts = services.save_observations(rows)
    return ImportResult(created=counts["created"], updated=counts["updated"], indicators=counts["indicators"])


def parse_observations(content: bytes, filename: str) -> tuple[list[dict], list[RowError]]:
    """The rows ready for services.save_observations, and every error found (rows are only
    complete when there are no errors)."""
    suffix = Path(filename or "").suffix.lower()
    if suffix == ".xls":
        return [], [RowError(0, "", "det gamle XLS-formatet kan ikke leses: lagre filen som .xlsx eller CSV")]
    hint = ""
    if suffix in (".xlsx", ".xlsm") or content.startswith(XLSX_MAGIC):
        lines, errors = _read_xlsx(content)
    else:
        lines, errors, delimiter = _read_csv(content)
        if delimiter == ",":
            hint = " (et desimalkomma i en kommaseparert fil må stå i anførselstegn; eller bruk semikolon)"
    if errors:
        return [], errors
    return _Checker(hint).check(lines)


# ---------------------------------------------------------------- reading the file

@dataclass(frozen=True)
class _Percent:
    """An XLSX number formatted as a percentage: the cell holds 0.121 and shows 12,1 %."""
    fraction: float | int


def _read_csv(content: bytes) -> tuple[list[tuple[int, list]], list[RowError], str]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[:error.start].count(b"\n") + 1
        return [], [RowError(line, "", "filen er ikke UTF-8-tekst: lagre den som «CSV UTF-8» i Excel")], ""
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines, end = [], 0
    try:
        for cells in reader:
            lines.append((end + 1, cells))  # a quoted cell may span lines: report where the row starts
            end = reader.line_num
    except csv.Error as error:
        return [], [RowError(end + 1, "", f"filen kan ikke leses som CSV ({error})")], delimiter
    return lines, [], delimiter


def _read_xlsx(content: bytes) -> tuple[list[tuple[int, list]], list[RowError]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        return [], [RowError(0, "", "filen kan ikke leses som en XLSX-arbeidsbok")]
    sheet = workbook.worksheets[0]
    lines = []
    for row in sheet.iter_rows():
        cells = []
        for cell in row:
            value = cell.value
            if isinstance(value, (int, float)) and not isinstance(value, bool) and _scales_by_100(cell.number_format):
                value = _Percent(value)
            cells.append(value)
        lines.append((row[0].row if row else len(lines) + 1, cells))
    return lines, []


def _scales_by_100(number_format: str | None) -> bool:
    """Whether Excel shows the cell ×100 with a % sign: a bare % in the format, not a quoted
    "%" or a backslash-escaped % (those only print the sign)."""
    bare = QUOTED.sub("", number_format or "")
    return "%" in bare


# ---------------------------------------------------------------- checking the rows

class _CellError(ValueError):
    pass


class _Checker:
    def __init__(self, extra_cells_hint: str = ""):
        self.extra_cells_hint = extra_cells_hint
        self.indicators = {i.slug.lower(): i for i in Indicator.objects.all()}
        self.areas = {a.slug.lower(): a for a in Area.objects.all()}
        self.errors: list[RowError] = []

    def fail(self, line: int, column: str, reason: str) -> None:
        self.errors.append(RowError(line, column, reason))

    def check(self, lines: list[tuple[int, list]]) -> tuple[list[dict], list[RowError]]:
        lines = [(number, cells) for number, cells in lines if any(_text(c) for c in cells)]
        if not lines:
            return [], [RowError(1, "", "filen er tom")]
        (header_line, header), body = lines[0], lines[1:]
        columns = self.header(header_line, header)
        if columns is None:
            return [], self.errors
        if not body:
            return [], [RowError(header_line, "", "filen har overskrift, men ingen rader med observasjoner")]
        rows, seen = [], {}
        for number, cells in body:
            row = self.row(number, cells, columns)
            if row is None:
                continue
            key = (row["indicator"].pk, row["area"].pk, row["measure"], row["period"])
            if key in seen:
                measure = f", måltall «{row['measure']}»" if row["measure"] else ""
                self.fail(number, "period", f"{row['indicator'].slug} / {row['area'].slug}{measure} / {row['period']} "
                                            f"står både på linje {seen[key]} og linje {number}")
            else:
                seen[key] = number
            rows.append(row)
        return (rows if not self.errors else []), self.errors

    def header(self, line: int, cells: list) -> list[str] | None:
        names = [_text(c).lower() for c in cells]
        while names and not names[-1]:
            names.pop()
        found = len(self.errors)
        for position, name in enumerate(names, start=1):
            if not name:
                self.fail(line, "", f"kolonne {position} mangler overskrift")
            elif name not in COLUMNS:
                self.fail(line, name, f"ukjent kolonne «{name}»; tillatt er {', '.join(COLUMNS)}")
            elif names.index(name) != position - 1:
                self.fail(line, name, f"kolonnen «{name}» står to ganger")
        missing = [name for name in REQUIRED if name not in names]
        if missing:
            self.fail(line, "", f"overskriften mangler {', '.join(missing)} "
                                f"(påkrevd: {', '.join(REQUIRED)}, og value og/eller numerator,denominator)")
        if "value" not in names and not {"numerator", "denominator"} <= set(names):
            self.fail(line, "", "overskriften må ha value og/eller både numerator og denominator")
        elif ("numerator" in names) != ("denominator" in names):
            self.fail(line, "", "numerator og denominator må stå sammen")
        return names if len(self.errors) == found else None

    def row(self, line: int, cells: list, columns: list[str]) -> dict | None:
        extra = [i for i in range(len(columns), len(cells)) if _text(cells[i])]
        if extra:
            self.fail(line, "", f"raden har verdier i {extra[-1] + 1} kolonner, men overskriften har bare "
                                f"{len(columns)}{self.extra_cells_hint}")
            return None
        raw = dict(zip(columns, cells))
        found = len(self.errors)
        indicator = self.lookup(line, "indicator", raw.get("indicator"), self.indicators, "indikator")
        area = self.lookup(line, "area", raw.get("area"), self.areas, "område")
        period = self.period(line, raw.get("period"), indicator)
        value = self.number(line, "value", raw.get("value"))
        numerator = self.number(line, "numerator", raw.get("numerator"), whole=True)
        denominator = self.number(line, "denominator", raw.get("denominator"), whole=True)
        measure = self.text(line, "measure", raw.get("measure"), Observation._meta.get_field("measure").max_length)
        note = self.text(line, "note", raw.get("note"), Observation._meta.get_field("note").max_length)
        self.amounts(line, columns, indicator, value, numerator, denominator)
        if len(self.errors) > found:
            return None
        return {"indicator": indicator, "area": area, "measure": measure, "period": period, "value": value,
                "numerator": None if numerator is None else int(numerator),
                "denominator": None if denominator is None else int(denominator), "note": note}

    def lookup(self, line: int, column: str, cell, known: dict, what: str):
        slug = _text(cell)
        if not slug:
            self.fail(line, column, f"mangler {what}")
            return None
        if slug.lower() in known:
            return known[slug.lower()]
        if column == "area":
            self.fail(line, column, f"ukjent område «{slug}»; kjente områder er {', '.join(known)}")
        else:
            close = difflib.get_close_matches(slug.lower(), known, n=1)
            self.fail(line, column, f"ukjent indikator «{slug}»" + (f"; mente du {close[0]}?" if close else ""))
        return None

    def period(self, line: int, cell, indicator: Indicator | None) -> str | None:
        if isinstance(cell, datetime.datetime | datetime.date):
            if cell.day != 1:
                self.fail(line, "period", f"«{cell:%Y-%m-%d}» er en dato, ikke en periode: skriv år (2024), "
                                          "kvartal (2024-Q3) eller måned (2024-07) som tekst")
                return None
            cell = f"{cell.year}-{cell.month:02d}"  # Excel turns "2024-07" into 1 July 2024
        text = _text(cell).upper()
        if not text:
            self.fail(line, "period", "mangler periode")
            return None
        try:
            period = engine.parse_period(text)
        except engine.PeriodError as error:
            self.fail(line, "period", str(error))
            return None
        if period.kind == "quarter" and indicator is not None and indicator.quarterly_as_mean_of_months:
            year, quarter = period.start.year, period.start.month
            months = ", ".join(f"{year}-{m:02d}" for m in range(quarter, quarter + 3))
            self.fail(line, "period", f"{indicator.slug} regner kvartalet som snittet av månedene: "
                                      f"oppgi månedene ({months}), ikke {period.text}")
            return None
        return period.text

    def number(self, line: int, column: str, cell, whole: bool = False) -> Decimal | None:
        try:
            number = _decimal(cell, percent=column == "value")
        except _CellError as error:
            self.fail(line, column, str(error))
            return None
        if number is None:
            return None
        if number < 0:
            self.fail(line, column, f"{_show(number)} er negativt; tallene kan ikke være negative")
            return None
        if whole and number != number.to_integral_value():
            self.fail(line, column, f"{_show(number)} er ikke et heltall")
            return None
        if number >= LARGEST:
            self.fail(line, column, f"{_show(number)} er for stort")
            return None
        if not whole and number.as_tuple().exponent < -4:
            number = number.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)  # what the database keeps
        return number

    def text(self, line: int, column: str, cell, longest: int) -> str:
        text = _text(cell)
        if len(text) > longest:
            self.fail(line, column, f"teksten er {len(text)} tegn; høyst {longest} er tillatt")
        return text

    def amounts(self, line: int, columns: list[str], indicator, value, numerator, denominator) -> None:
        """The rules between value, numerator and denominator, once each cell is a valid number or empty."""
        if any(e.line == line and e.column in ("value", "numerator", "denominator") for e in self.errors):
            return
        if denominator is not None and denominator == 0:
            self.fail(line, "denominator", "nevneren er 0; den må være større enn 0")
            return
        if numerator is not None and denominator is None:
            self.fail(line, "denominator", "telleren er oppgitt, men nevneren mangler")
            return
        if value is None and numerator is None:
            if denominator is not None:
                self.fail(line, "numerator", "nevneren er oppgitt, men telleren mangler")
            else:
                self.fail(line, "value" if "value" in columns else "numerator",
                          "raden mangler verdi (value) eller teller og nevner (numerator, denominator)")
            return
        if numerator is not None and numerator > denominator:
            self.fail(line, "numerator",
                      f"telleren ({_show(numerator)}) er større enn nevneren ({_show(denominator)})")
            return
        if value is not None and indicator is not None and indicator.is_percent and value > 100:
            self.fail(line, "value", f"{_show(value)} er over 100, men {indicator.slug} måles i prosent (0–100)")
            return
        if value is not None and numerator is not None:
            computed = Decimal(numerator) * 100 / Decimal(denominator)
            if abs(value - computed) > TOLERANCE:
                fraction = f"{_show(numerator)}/{_show(denominator)} = {_show(computed.quantize(FOUR_PLACES))} %"
                self.fail(line, "value", f"verdien {_show(value)} stemmer ikke med teller/nevner ({fraction})")


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, _Percent):
        cell = cell.fraction
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _decimal(cell, percent: bool = False) -> Decimal | None:
    """A number from a cell: a number from XLSX, or text with decimal comma or point and spaces
    as thousands separators ("5 594 340", "12,1"); a trailing % sign is allowed for values."""
    if cell is None:
        return None
    if isinstance(cell, _Percent):
        fraction = Decimal(repr(cell.fraction)) if isinstance(cell.fraction, float) else Decimal(cell.fraction)
        return fraction * 100 if percent else fraction
    if isinstance(cell, bool):
        raise _CellError(f"«{cell}» er ikke et tall")
    if isinstance(cell, int):
        return Decimal(cell)
    if isinstance(cell, float):
        return Decimal(repr(cell))
    if isinstance(cell, Decimal):
        return cell
    if not isinstance(cell, str):
        raise _CellError(f"«{cell}» er ikke et tall")
    text = cell.strip()
    if not text:
        return None
    compact = text.translate(SPACES)
    if percent and compact.endswith("%"):
        compact = compact[:-1]
    if "," in compact and "." in compact:
        raise _CellError(f"«{text}» har både komma og punktum; bruk ett av dem som desimaltegn og ingen tusenskille")
    compact = compact.replace(",", ".")
    if not NUMBER.match(compact):
        raise _CellError(f"«{text}» er ikke et tall")
    return Decimal(compact)


def _show(number: Decimal) -> str:
    """A number as the UI writes it: decimal comma, no trailing zeros."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")
