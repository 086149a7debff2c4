"""Observations in from a file: CSV (as Norwegian Excel writes it) or an XLSX workbook, read by
core.tabular like every importer.

One row per observation, header in the first line (case and order free):

    indicator;area;period;value;numerator;denominator;measure;note
    pll-andel-befolkning;norge;2025-11;1,7;;;;

`indicator`, `area` and `period` are required, and `value` and/or `numerator`+`denominator`.
A column may be headed by its Norwegian name instead (LABELS: Indikator, Område, Periode, Verdi,
…), as Rådsmodell's own «CSV for Excel» writes it; an error then names the column so.
Every row is checked and every error is reported with its line (for XLSX the sheet's row
number) and column; a file with any error saves nothing. The rows of a clean file go through
services.save_observations, the one write path, which also refreshes the indicators' status.
"""
import datetime
import difflib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from radsmodell.core import tabular
from radsmodell.core.tabular import ErrorList, RowError, clip, error_count, show_number

from . import engine, services
from .models import Area, Indicator, Observation
from .texts import period_error

__all__ = ["COLUMNS", "LABELS", "ImportResult", "import_observations", "parse_observations"]

REQUIRED = ("indicator", "area", "period")
OPTIONAL = ("value", "numerator", "denominator", "measure", "note")
COLUMNS = REQUIRED + OPTIONAL
# The Norwegian headers of the columns, the first as the observation downloads write it.
LABELS = {"indicator": ("Indikator",), "area": ("Område",), "period": ("Periode",), "value": ("Verdi",),
          "numerator": ("Teller",), "denominator": ("Nevner",), "measure": ("Måltall",), "note": ("Merknad",)}
TOLERANCE = Decimal("0.05")  # how far a stated value may be from numerator/denominator·100
LARGEST = Decimal(10) ** 10  # Observation.value has 14 digits, 4 of them decimals
FOUR_PLACES = Decimal("0.0001")


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    indicators: int = 0
    errors: list[RowError] = field(default_factory=ErrorList)  # the first hundred, and how many in all

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def summary(self) -> str:
        if self.errors:
            count = error_count(self.errors)
            return ngettext("Ingenting er lagret: %(n)s feil i filen.", "Ingenting er lagret: %(n)s feil i filen.",
                            count) % {"n": count}
        return ngettext("Lagret: %(created)s nye, %(updated)s oppdaterte observasjoner for %(n)s indikator",
                        "Lagret: %(created)s nye, %(updated)s oppdaterte observasjoner for %(n)s indikatorer",
                        self.indicators) % {"created": self.created, "updated": self.updated, "n": self.indicators}


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
    try:
        table = tabular.read_table(content, filename)
    except tabular.TableError as error:
        return [], error.errors
    return _Checker(comma_file=table.delimiter == ",").check(table.non_blank())


class _Checker:
    """Checks the rows of one file against the indicators and areas, collecting every error."""

    def __init__(self, comma_file: bool = False):
        self.comma_file = comma_file
        self.indicators = {i.slug.lower(): i for i in Indicator.objects.all()}
        self.areas = {a.slug.lower(): a for a in Area.objects.all()}
        self.errors = ErrorList()  # every error counted, the first hundred kept
        self.failed: set[str] = set()  # the columns of the row being checked that have an error

    def fail(self, line: int, column: str, message: str) -> None:
        self.errors.append(RowError(line, column, message))
        self.failed.add(column)

    def check(self, rows: list[tabular.Row]) -> tuple[list[dict], list[RowError]]:
        if not rows:
            return [], [RowError(1, "", _("filen er tom"))]
        header, body = rows[0], rows[1:]
        columns = self.header(header)
        if columns is None:
            return [], self.errors
        if not body:
            return [], [RowError(header.line, "", _("filen har overskrift, men ingen rader med observasjoner"))]
        found, seen = [], {}
        for row in body:
            checked = self.row(row, columns)
            if checked is None:
                continue
            key = (checked["indicator"].pk, checked["area"].pk, checked["measure"], checked["period"])
            if key in seen:
                self.fail(row.line, "period", self.twice(checked, seen[key], row.line))
            else:
                seen[key] = row.line
            found.append(checked)
        return (found if not self.errors else []), tabular.as_headed(self.errors, header, columns)

    def header(self, row: tabular.Row) -> list[str] | None:
        names, errors = tabular.read_header(row, COLUMNS, REQUIRED, labels=LABELS)
        if "value" not in names and not {"numerator", "denominator"} <= set(names):
            errors.append(RowError(row.line, "", _("overskriften må ha value og/eller både numerator og denominator")))
        elif ("numerator" in names) != ("denominator" in names):
            errors.append(RowError(row.line, "", _("numerator og denominator må stå sammen")))
        self.errors += errors
        return None if errors else names

    def row(self, row: tabular.Row, columns: list[str]) -> dict | None:
        extra = tabular.extra_cells(row, columns)
        if extra:
            hint = _("(et desimalkomma i en kommaseparert fil må stå i anførselstegn; eller bruk semikolon)")
            self.errors.append(RowError(extra.line, extra.column, f"{extra.message} {hint}" if self.comma_file
                                        else extra.message))
            return None
        line, raw = row.line, dict(zip(columns, row.cells))
        found, self.failed = self.errors.total, set()
        indicator = self.indicator(line, raw.get("indicator"))
        area = self.area(line, raw.get("area"))
        period = self.period(line, raw.get("period"), indicator)
        value = self.number(line, "value", raw.get("value"))
        numerator = self.number(line, "numerator", raw.get("numerator"), whole=True)
        denominator = self.number(line, "denominator", raw.get("denominator"), whole=True)
        measure = self.text(line, "measure", raw.get("measure"))
        note = self.text(line, "note", raw.get("note"))
        self.amounts(line, columns, indicator, value, numerator, denominator)
        if self.errors.total > found:
            return None
        return {"indicator": indicator, "area": area, "measure": measure, "period": period, "value": value,
                "numerator": None if numerator is None else int(numerator),
                "denominator": None if denominator is None else int(denominator), "note": note}

    def indicator(self, line: int, cell) -> Indicator | None:
        slug = tabular.cell_text(cell)
        if not slug:
            self.fail(line, "indicator", _("mangler indikator"))
        elif slug.lower() in self.indicators:
            return self.indicators[slug.lower()]
        else:
            # A suggestion only where the message is shown: past the first hundred errors are only counted.
            shown = len(self.errors) < self.errors.keep
            close = difflib.get_close_matches(slug.lower(), self.indicators, n=1) if shown else []
            message = (_("ukjent indikator «%(slug)s»; mente du %(close)s?") % {"slug": clip(slug), "close": close[0]}
                       if close else _("ukjent indikator «%(slug)s»") % {"slug": clip(slug)})
            self.fail(line, "indicator", message)
        return None

    def area(self, line: int, cell) -> Area | None:
        slug = tabular.cell_text(cell)
        if not slug:
            self.fail(line, "area", _("mangler område"))
        elif slug.lower() in self.areas:
            return self.areas[slug.lower()]
        else:
            self.fail(line, "area", _("ukjent område «%(slug)s»; kjente områder er %(known)s")
                      % {"slug": clip(slug), "known": ", ".join(self.areas)})
        return None

    def period(self, line: int, cell, indicator: Indicator | None) -> str | None:
        if isinstance(cell, datetime.datetime | datetime.date):
            if cell.day != 1:
                self.fail(line, "period", _("«%(date)s» er en dato, ikke en periode: skriv år (2024), kvartal "
                                            "(2024-Q3) eller måned (2024-07) som tekst") % {"date": f"{cell:%Y-%m-%d}"})
                return None
            cell = f"{cell.year}-{cell.month:02d}"  # Excel turns "2024-07" into 1 July 2024
        text = tabular.cell_text(cell).upper()
        if not text:
            self.fail(line, "period", _("mangler periode"))
            return None
        try:
            period = engine.parse_period(text)
        except engine.PeriodError as error:
            self.fail(line, "period", period_error(error))
            return None
        if period.kind == "quarter" and indicator is not None and indicator.quarterly_as_mean_of_months:
            year, first = period.start.year, period.start.month
            self.fail(line, "period", _("%(indicator)s regner kvartalet som snittet av månedene: oppgi månedene "
                                        "(%(months)s), ikke %(quarter)s") % {
                "indicator": indicator.slug, "quarter": period.text,
                "months": ", ".join(f"{year}-{month:02d}" for month in range(first, first + 3))})
            return None
        return period.text

    def number(self, line: int, column: str, cell, whole: bool = False) -> Decimal | None:
        try:
            number = tabular.parse_decimal(cell, percent=column == "value")
        except tabular.CellError as error:
            self.fail(line, column, str(error))
            return None
        if number is None:
            return None
        shown = {"number": show_number(number)}
        if number < 0:
            self.fail(line, column, _("%(number)s er negativt; tallene kan ikke være negative") % shown)
        elif whole and number != number.to_integral_value():
            self.fail(line, column, _("%(number)s er ikke et heltall") % shown)
        elif number >= LARGEST:
            self.fail(line, column, _("%(number)s er for stort") % shown)
        elif not whole and number.as_tuple().exponent < -4:
            return number.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)  # what the database keeps
        else:
            return number
        return None

    def text(self, line: int, column: str, cell) -> str:
        text, longest = tabular.cell_text(cell), Observation._meta.get_field(column).max_length
        if len(text) > longest:
            self.fail(line, column, _("teksten er %(length)s tegn; høyst %(longest)s er tillatt")
                      % {"length": len(text), "longest": longest})
        return text

    def amounts(self, line: int, columns: list[str], indicator, value, numerator, denominator) -> None:
        """The rules between value, numerator and denominator, once each cell is a valid number or empty."""
        if self.failed & {"value", "numerator", "denominator"}:  # this row's: linear, however many errors
            return
        if denominator is not None and denominator == 0:
            self.fail(line, "denominator", _("nevneren er 0; den må være større enn 0"))
        elif numerator is not None and denominator is None:
            self.fail(line, "denominator", _("telleren er oppgitt, men nevneren mangler"))
        elif value is None and numerator is None:
            if denominator is not None:
                self.fail(line, "numerator", _("nevneren er oppgitt, men telleren mangler"))
            else:
                self.fail(line, "value" if "value" in columns else "numerator",
                          _("raden mangler verdi (value) eller teller og nevner (numerator, denominator)"))
        elif numerator is not None and numerator > denominator:
            self.fail(line, "numerator", _("telleren (%(numerator)s) er større enn nevneren (%(denominator)s)")
                      % {"numerator": show_number(numerator), "denominator": show_number(denominator)})
        elif value is not None and indicator is not None and indicator.is_percent and value > 100:
            self.fail(line, "value", _("%(value)s er over 100, men %(indicator)s måles i prosent (0–100)")
                      % {"value": show_number(value), "indicator": indicator.slug})
        elif value is not None and numerator is not None:
            computed = Decimal(numerator) * 100 / Decimal(denominator)
            if abs(value - computed) > TOLERANCE:
                self.fail(line, "value", _("verdien %(value)s stemmer ikke med teller/nevner (%(fraction)s)") % {
                    "value": show_number(value),
                    "fraction": f"{show_number(numerator)}/{show_number(denominator)} = "
                                f"{show_number(computed.quantize(FOUR_PLACES))} %"})

    @staticmethod
    def twice(row: dict, first_line: int, line: int) -> str:
        series = f"{row['indicator'].slug} / {row['area'].slug}"
        if row["measure"]:
            series += ", " + _("måltall «%(measure)s»") % {"measure": row["measure"]}
        return _("%(series)s / %(period)s står både på linje %(first)s og linje %(line)s") % {
            "series": series, "period": row["period"], "first": first_line, "line": line}
