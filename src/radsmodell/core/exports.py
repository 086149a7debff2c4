"""Exports stay data: no text we write to a CSV or XLSX file can become a formula in a spreadsheet.

A name such as `=HYPERLINK("http://evil.example","Helse Sør-Øst")` is stored as the user typed it;
only the file changes. As OWASP advises for CSV injection, a text starting with = + - @, a tab or a
carriage return gets a leading apostrophe in CSV (spreadsheets then show it as text), and in XLSX
every text is written as a string cell with its value unchanged (a string cell is never evaluated).
Numbers (int, float, Decimal) are left alone: a negative amount is a number, not a formula, so a
writer passes amounts as numbers, not as preformatted text.

Every CSV and XLSX writer goes through this module; a table of data is described once as a
`DataTable` and written from it in every variant (see below).
"""
import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters an XLSX file cannot hold (openpyxl refuses them); shown as "\ufffd" instead of a crash.
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class NumberText(str):
    """A number already written as text ("-5,00"): a number, not a formula, so left as it is."""


def inert(value):
    """A CSV cell's value: text a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and not isinstance(value, NumberText) and value.startswith(FORMULA_STARTS):
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


# --- tables as files: one description of the columns, four files ----------------------------
#
# A data table is written for people ("CSV for Excel": UTF-8 with BOM, `;`, decimal comma,
# Norwegian headers, numbers rounded as displayed; and XLSX with widths, number formats, a total
# row and print setup) and for programs ("CSV (UTF-8, komma)" and JSON: stable English column
# names, full precision, ISO dates, true/false). The same columns whatever the channel, because
# every channel writes from the same `DataTable`.

TEXT, INTEGER, DECIMAL, MONEY = "text", "integer", "decimal", "money"
PERCENT, BOOLEAN, DATE = "percent", "boolean", "date"
NUMERIC = {INTEGER, DECIMAL, MONEY, PERCENT}


@dataclass(frozen=True)
class Column:
    key: str  # for programs: "org_number", stable across versions
    label: str  # for people: "Organisasjonsnummer"
    kind: str = TEXT
    decimals: int = 0  # shown to people (decimal, percent); money always has 2
    description: str = ""  # what the column holds, in the dataset's documentation
    total: bool = False  # summed in the XLSX total row

    @property
    def shown_decimals(self) -> int:
        return 2 if self.kind == MONEY else self.decimals


@dataclass
class DataTable:
    """Rows of values in the order of `columns`: str, int, Decimal, float, bool, date, datetime or None.
    A percent is a number of percent (12.5 for 12,5 %), money Decimal kroner."""
    title: str  # the sheet's name and the file's title
    columns: list[Column]
    rows: list[list] = field(default_factory=list)

    def records(self) -> list[dict]:
        return [dict(zip((c.key for c in self.columns), row, strict=True)) for row in self.rows]


FILE_TYPES = {
    "excel.csv": "text/csv; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
# How a download's name ends: "fordeling-3-excel.csv", "fordeling-3.csv", …
SUFFIXES = {"excel.csv": "-excel.csv", "csv": ".csv", "xlsx": ".xlsx", "json": ".json"}


def variant_of(suffix: str) -> str:
    """The variant an address or a file name ends with ("-excel.csv" → "excel.csv"); "" for none."""
    return next((variant for variant, known in SUFFIXES.items() if known == suffix), "")


def write(table: DataTable, variant: str) -> bytes:
    """The table as the file `variant` names (a key of FILE_TYPES)."""
    writers = {"excel.csv": excel_csv, "csv": machine_csv, "xlsx": xlsx, "json": json_file}
    return writers[variant](table)


def variant_labels() -> dict[str, str]:
    """The download links' names, the Excel variant first: it is the one for people."""
    from django.utils.translation import gettext

    return {"excel.csv": gettext("CSV for Excel"), "xlsx": gettext("Excel (XLSX)"),
            "csv": gettext("CSV (UTF-8, komma)"), "json": "JSON"}


def downloads(url, columns: list[Column], variants=tuple(FILE_TYPES)) -> dict:
    """The context of core/_downloads.html: a link per variant (`url(variant)` gives its address)
    and the columns, documented for those who read the file with a program."""
    labels = variant_labels()
    return {"links": [{"label": labels[v], "url": url(v), "variant": v} for v in labels if v in variants],
            "columns": columns}


def response(table: DataTable, variant: str, stem: str):
    """The table as a download named `stem` + the variant's suffix ("fordeling-3-excel.csv")."""
    from django.http import Http404, HttpResponse
    from django.utils.http import content_disposition_header

    if variant not in FILE_TYPES:
        raise Http404(f"unknown file type {variant!r}")
    answer = HttpResponse(write(table, variant), content_type=FILE_TYPES[variant])
    answer["Content-Disposition"] = content_disposition_header(variant != "json", stem + SUFFIXES[variant])
    return answer


def excel_csv(table: DataTable) -> bytes:
    """What Norwegian Excel opens by double-click: the BOM says UTF-8, `;` is its list separator
    and the comma its decimal sign; numbers are rounded as the pages show them, without grouping
    (a space inside a number would make Excel read it as text)."""
    out = io.StringIO()
    writer = csv_writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.label for c in table.columns])
    for row in table.rows:
        writer.writerow([_for_people(column, value) for column, value in zip(table.columns, row, strict=True)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def machine_csv(table: DataTable) -> bytes:
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow([c.key for c in table.columns])
    for row in table.rows:
        writer.writerow([_for_programs(value) for value in row])
    return out.getvalue().encode("utf-8")


def json_file(table: DataTable) -> bytes:
    return (json.dumps(json_records(table), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def json_records(table: DataTable) -> list[dict]:
    """The rows as objects with the English keys; numbers as JSON numbers, dates as ISO text."""
    return [{key: _json_value(value) for key, value in record.items()} for record in table.records()]


def _for_people(column: Column, value):
    if value is None or value == "":
        return ""
    if column.kind == BOOLEAN or isinstance(value, bool):
        return "Ja" if value else "Nei"
    if column.kind in NUMERIC and isinstance(value, (int, float, Decimal)):
        rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-column.shown_decimals), rounding=ROUND_HALF_UP)
        return NumberText(f"{rounded:f}".replace(".", ","))
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return value


def _for_programs(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return NumberText(f"{value:f}")
    return value


def _json_value(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and value.as_tuple().exponent >= 0 else float(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


# Excel's codes are locale-neutral: "#,##0.00" shows as 1 633,25 in Norwegian Excel.
NUMBER_FORMATS = {INTEGER: "#,##0", MONEY: "#,##0.00", DATE: "dd.mm.yyyy"}
WIDEST_COLUMN = 60  # characters; longer texts wrap


def xlsx(table: DataTable, *more: DataTable) -> bytes:
    """A sheet to print and to sum: Norwegian headers in a frozen, filtered first row, widths that
    fit the content, numbers as numbers in Norwegian formats, "Ja"/"Nei", a total row for the
    amounts, landscape pages fitted to the width with the header row repeated. Each of `more`
    is one more sheet of the same kind (a ranking and its sensitivity)."""
    from openpyxl import Workbook

    book = Workbook()
    book.properties.title = str(table.title)
    book.properties.creator = "Rådsmodell"
    for index, each in enumerate((table, *more)):
        _fill_sheet(book.active if index == 0 else book.create_sheet(), each)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill_sheet(sheet, table: DataTable) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    # str(): titles and labels may be lazy translations, which openpyxl cannot write.
    sheet.title = _sheet_title(str(table.title))
    append_row(sheet, [str(c.label) for c in table.columns])
    bold = Font(name="Calibri", size=11, bold=True)  # the workbook's own font, in bold
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [len(str(c.label)) for c in table.columns]
    for row in table.rows:
        values = [_xlsx_value(column, value) for column, value in zip(table.columns, row, strict=True)]
        append_row(sheet, values)
        widths = [max(width, _shown_length(column, value))
                  for width, column, value in zip(widths, table.columns, values, strict=True)]
    last = len(table.rows) + 1
    totals = [column.total for column in table.columns]
    if any(totals) and table.rows:
        # The sum as a value, not a formula: LibreOffice does not recalculate a file it did not write.
        sums = [sum((Decimal(str(row[i])) for row in table.rows if row[i] not in (None, "")), Decimal(0))
                if column.total else None for i, column in enumerate(table.columns)]
        first_text = next((i for i, column in enumerate(table.columns) if not column.total), None)
        if first_text is not None:
            sums[first_text] = "Sum"
        append_row(sheet, sums)
        # The sum has more digits than any line: its column must be wide enough for it too.
        widths = [max(width, _shown_length(column, value))
                  for width, column, value in zip(widths, table.columns, sums, strict=True)]
        for cell in sheet[last + 1]:
            cell.font = bold
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        number_format = _number_format(column)
        if number_format:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = number_format
        width = min(widths[index - 1], WIDEST_COLUMN) + 2
        sheet.column_dimensions[letter].width = width
        if widths[index - 1] > WIDEST_COLUMN:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    if table.rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{last}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.oddHeader.center.text = str(table.title)
    sheet.oddFooter.center.text = "Side &P av &N"


def _sheet_title(title: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet's name."""
    return re.sub(r"[\[\]:*?/\\]", "-", title)[:31] or "Data"


def _xlsx_value(column: Column, value):
    if value is None:
        return None
    if column.kind == BOOLEAN or isinstance(value, bool):
        return "Ja" if value else "Nei"
    if column.kind == PERCENT and isinstance(value, (int, float, Decimal)):
        return float(value) / 100  # Excel's percent format multiplies by 100
    if isinstance(value, Decimal):
        return float(value)  # a number cell; the format rounds it as displayed
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # Excel has no time zones; the value is already Oslo time
    return value


def _number_format(column: Column) -> str:
    if column.kind in (DECIMAL, PERCENT):
        digits = "0" + ("." + "0" * column.decimals if column.decimals else "")
        return "#,##" + digits + ("%" if column.kind == PERCENT else "")
    return NUMBER_FORMATS.get(column.kind, "")


def _shown_length(column: Column, value) -> int:
    if value is None:
        return 0
    if column.kind == PERCENT and isinstance(value, (int, float, Decimal)):
        return len(f"{float(value) * 100:,.{column.shown_decimals}f}%") + 1  # the cell holds a fraction
    if column.kind in NUMERIC and isinstance(value, (int, float, Decimal)):
        return len(f"{value:,.{column.shown_decimals}f}") + 1
    if isinstance(value, (date, datetime)):
        return 10 if not isinstance(value, datetime) else 16
    return max((len(line) for line in str(value).splitlines()), default=0)
