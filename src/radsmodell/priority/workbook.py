"""Score workbooks in and results out as Excel, laid out like the council's 2022 sheet (seed 002).

The council keeps one sheet per area ("DBEP", "Dokumentdeling", "Kritisk info", …) and a
summary sheet ("Samlet"). An area sheet has a header row naming the measures in the columns
right of the label column, then one block of rows per group: a group row ("Måloppnåelse",
holding Excel's computed value), then its questions in the model's order. Questions are
recognised by position under their group, not by their text, because the wording differs from
sheet to sheet ("Juridisk utvikling?", "… pasientsikkerhet og kvalitet?").

An importer: the workbook is opened by `core.tabular.open_workbook`, and every problem found is
collected (a sheet whose layout cannot be followed gives one, and the other sheets are still
read) before the file is refused. The results as CSV are `tables.results_csv`. A workbook whose
first sheet is laid out as the score table instead (name, Q1, …, I in the first row, one measure
per row: the CSV saved as XLSX) is read as that table.

The figures a sheet prints for a measure (its "Score" row, its "Rangering" row, and the score and
rank columns of a summary sheet such as «Samlet») are read too (`read_workbook_figures`), so the
session keeps them beside the model's own: a sheet computing otherwise is shown, not overwritten.
"""
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.worksheet.worksheet import Worksheet

from radsmodell.core.exports import INTEGER, PERCENT, Column, DataTable, xlsx
from radsmodell.core.tabular import ErrorList, Row, RowError, TableError, TooLarge, clip, open_workbook

from .engine import Criterion, Model, Result, parse_cell
from .figures import Printed
from .sensitivity import Sensitivity
from .tables import is_score_table, not_a_number, outside_the_scale, read_scores_csv, results_data


@dataclass(frozen=True)
class SheetError(RowError):
    """A problem in one sheet of a workbook: `line` is the row (0 for the whole sheet) and
    `column` the column's letter ("" for the whole row). Without a sheet, it concerns the file."""
    sheet: str = ""

    def __str__(self):
        where = {"sheet": clip(self.sheet), "message": clip(self.message, 500)}  # a line, whatever a cell holds
        if not self.sheet:
            return where["message"]
        if self.line and self.column:
            return _("ark «%(sheet)s», celle %(cell)s: %(message)s") % {**where, "cell": f"{self.column}{self.line}"}
        if self.line:
            return _("ark «%(sheet)s», rad %(row)s: %(message)s") % {**where, "row": self.line}
        return _("ark «%(sheet)s»: %(message)s") % where


class WorkbookError(TableError):
    """A workbook that cannot be read: `errors` name the sheet and, where they can, the cell or row."""


class _SheetLayoutError(Exception):
    """The layout of one sheet cannot be followed; the sheet's other problems cannot be known."""

    def __init__(self, error: SheetError):
        self.error = error


@dataclass
class CellWarning:
    sheet: str
    cell: str  # e.g. "D14"
    message: str
    measure: str = ""
    question: str = ""  # the leaf key, e.g. "C3"
    text: str = ""  # what the cell held

    def __str__(self):
        return _("ark %(sheet)s, celle %(cell)s: %(message)s") % {
            "sheet": self.sheet, "cell": self.cell, "message": self.message}


@dataclass(frozen=True)
class SheetFigure:
    """A figure the workbook prints for a measure: its score or its rank, as the sheet shows it."""
    sheet: str
    cell: str
    measure: str
    what: str  # "score" or "rank"
    printed: str  # "25.75", "3", "#DIV/0!"


# Labels of the rows and columns that hold a printed rank (normalised).
RANK_LABELS = frozenset({"rangering", "prioriteringsnummer", "rang"})
MEASURE_LABELS = frozenset({"tiltak"})


# --- The layout, derived from the model ------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A labelled row and the questions it announces.

    A group of questions ("Kostnader") is followed by its question rows; a question standing
    on its own among groups ("Realisere sentral infrastruktur") is the row itself (`inline`).
    """
    label: str
    keys: tuple[str, ...]
    inline: bool = False


@dataclass(frozen=True)
class Layout:
    blocks: dict[str, Block]  # by normalised label
    computed: frozenset[str]  # normalised labels of rows Excel computes from other groups ("Nytte", "Score")

    def is_structural(self, label: str) -> bool:
        return label in self.blocks or label in self.computed


def normalise(value) -> str:
    """A label cell as comparable text: the first line (an old Excel comment may follow it in
    the cell), without a trailing "?" or ":", case and Unicode form ignored."""
    if not isinstance(value, str) or not value.strip():
        return ""
    first = value.strip().splitlines()[0]
    return unicodedata.normalize("NFC", " ".join(first.split())).rstrip("?:").strip().casefold()


def layout(model: Model) -> Layout:
    """Which labelled rows announce which questions, from the model's tree.

    A node whose children are all questions is a block (its label row, then the questions);
    a node mixing groups and questions ("Nytte") is only computed, and its loose questions
    ("Realisere sentral infrastruktur") stand on their own labelled row.
    """
    blocks: list[Block] = []
    computed = [model.root.label]

    def walk(node: Criterion) -> None:
        if node.is_leaf:
            blocks.append(Block(node.label, (node.key,), inline=True))
        elif all(child.is_leaf for child in node.children):
            blocks.append(Block(node.label, tuple(child.key for child in node.children)))
        else:
            computed.append(node.label)
            for child in node.children:
                walk(child)

    for group in model.groups:
        walk(group)
    by_label = {normalise(block.label): block for block in blocks}
    if len(by_label) != len(blocks) or by_label.keys() & {normalise(label) for label in computed}:
        raise WorkbookError([SheetError(0, "", _("modellen %(model)s: gruppene må ha ulike navn for å bli funnet i "
                                                 "en arbeidsbok") % {"model": model.slug})])
    return Layout(by_label, frozenset(normalise(label) for label in computed))


# --- Reading ---------------------------------------------------------------------------------


def read_workbook(file: str | os.PathLike | BinaryIO, model: Model
                  ) -> tuple[dict[str, list[dict[str, float | None]]], list[CellWarning]]:
    """Measures with one rater each (like `tables.read_scores_csv`), from every area sheet.

    WorkbookError with every problem found when the workbook has any."""
    measures, warnings, _figures = read_workbook_figures(file, model)
    return measures, warnings


def read_workbook_figures(file: str | os.PathLike | BinaryIO, model: Model
                          ) -> tuple[dict[str, list[dict[str, float | None]]], list[CellWarning], list[SheetFigure]]:
    """As `read_workbook`, and the scores and ranks the sheets print for the measures."""
    plan = layout(model)
    name, data = _content(file)
    book = _open(data, name)
    if _holds_a_score_table(book, model):
        return _score_table(data, name, book.worksheets[0].title, model)
    measures: dict[str, list[dict[str, float | None]]] = {}
    home: dict[str, str] = {}  # measure → the sheet it came from, to name both on a duplicate
    warnings: list[CellWarning] = []
    errors = ErrorList()  # every problem counted, the first hundred kept
    figures: list[SheetFigure] = []
    for sheet in book.worksheets:
        try:
            area = _read_area(sheet, model, plan, warnings, errors, figures)
        except _SheetLayoutError as problem:
            errors.append(problem.error)
            continue
        for name, values in area.items():
            if name in home:
                errors.append(SheetError(0, "", _("tiltaket «%(name)s» står i arket «%(first)s» og i arket "
                                                  "«%(second)s»") % {"name": name, "first": home[name],
                                                                      "second": sheet.title}))
                continue
            home[name] = sheet.title
            measures[name] = [values]
    if errors:
        raise WorkbookError(errors)
    return measures, warnings, figures


def _content(file) -> tuple[str, bytes]:
    """The file's name ("" when it has none) and its bytes."""
    if isinstance(file, (str, os.PathLike)):
        return Path(file).name, Path(file).read_bytes()
    return Path(getattr(file, "name", "") or "").name, file.read()


def _holds_a_score_table(book: openpyxl.Workbook, model: Model) -> bool:
    """Whether the first sheet's first filled row is the score table's header (name, Q1, …, I)."""
    if not book.worksheets:
        return False
    for line, values in enumerate(book.worksheets[0].iter_rows(max_row=20, values_only=True), start=1):
        if any(value not in (None, "") for value in values):
            return is_score_table(Row(line, list(values)), model)
    return False


def _score_table(data: bytes, name: str, sheet: str, model: Model):
    """A score table saved as a workbook, read as the CSV is: its text cells become warnings
    naming the sheet's cell, as a council workbook's do."""
    from openpyxl.utils import get_column_letter

    try:
        measures, notes = read_scores_csv(data, model, name or "scorer.xlsx")
    except TableError as error:
        raise WorkbookError(error.errors) from None
    position = {key: index for index, key in enumerate(model.leaf_keys(), start=2)}
    warnings = [CellWarning(sheet, f"{get_column_letter(position[note.column])}{note.line}", note.message,
                            note.measure, note.column, note.text) for note in notes]
    return measures, warnings, []


def _open(data: bytes, name: str) -> openpyxl.Workbook:
    try:
        # Not read-only: the layout is followed by looking cells up by row and column.
        return open_workbook(data, read_only=False)
    except TooLarge:
        raise  # past a limit: said as such, not as "not a workbook"
    except TableError:
        message = (_("%(name)s er ikke en Excel-arbeidsbok (.xlsx)") % {"name": name} if name
                   else _("filen er ikke en Excel-arbeidsbok (.xlsx)"))
        raise WorkbookError([SheetError(0, "", message)]) from None


def _read_area(sheet: Worksheet, model: Model, plan: Layout, warnings: list[CellWarning],
               errors: list[SheetError], figures: list[SheetFigure]) -> dict[str, dict]:
    """The measures of one sheet; none for a summary sheet, which has no group rows (its printed
    scores and ranks go to `figures`)."""
    start = _first_group_cell(sheet, plan)
    if start is None:
        figures.extend(_summary_figures(sheet, model))
        return {}
    label_column, first_row = start
    columns = _measure_columns(sheet, label_column, first_row, errors)
    values = {name: dict.fromkeys(model.leaf_keys()) for name in columns.values()}
    leaves = {leaf.key: leaf for leaf in model.leaves()}
    for key, row in _question_rows(sheet, plan, [label_column, *columns], first_row).items():
        for column, name in columns.items():
            cell = sheet.cell(row, column)
            value, warning = parse_cell(cell.value)
            text = _text(cell.value)
            if warning:
                warnings.append(CellWarning(sheet.title, cell.coordinate, not_a_number(text), name, key, text))
            problem = outside_the_scale(leaves[key], name, value)
            if problem:
                errors.append(SheetError(cell.row, cell.column_letter, problem, sheet=sheet.title))
            values[name][key] = value
    figures.extend(_printed_rows(sheet, model, label_column, first_row, columns))
    return values


def _printed(value) -> str:
    """A computed cell as text: a number as Excel keeps it (at most ten significant digits, so
    18.166666666666668 reads 18.16666667), an error as Excel names it, blank or other text as ""."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, (int, float)):
        return f"{value:.10g}"
    text = str(value).strip().removeprefix("ERROR:")
    try:
        Printed.parse(text)
    except ValueError:
        return ""  # a note typed where a figure belongs ("ikke rangert") is no figure to compare
    return text if len(text) <= 40 else ""


def _printed_rows(sheet: Worksheet, model: Model, label_column: int, first_row: int,
                  columns: dict[int, str]) -> list[SheetFigure]:
    """The score row (the model's root label, "Score") and the rank row ("Rangering") of an area sheet."""
    wanted = {normalise(model.root.label): "score", **dict.fromkeys(RANK_LABELS, "rank")}
    found = []
    for row in range(first_row, sheet.max_row + 1):
        what = wanted.get(normalise(sheet.cell(row, label_column).value))
        if what is None:
            continue
        for column, name in columns.items():
            cell = sheet.cell(row, column)
            printed = _printed(cell.value)
            if printed:
                found.append(SheetFigure(sheet.title, cell.coordinate, name, what, printed))
    return found


def _summary_figures(sheet: Worksheet, model: Model) -> list[SheetFigure]:
    """A summary sheet: a header row naming "Tiltak", "Score" and a rank column, then a row per measure."""
    score_label = normalise(model.root.label)
    for header in sheet.iter_rows():
        labels = {normalise(cell.value): cell.column for cell in header if normalise(cell.value)}
        name_column = next((labels[label] for label in MEASURE_LABELS if label in labels), None)
        if name_column is None or score_label not in labels:
            continue
        targets = {"score": labels[score_label]}
        rank_column = next((labels[label] for label in RANK_LABELS if label in labels), None)
        if rank_column is not None:
            targets["rank"] = rank_column
        found = []
        for row in range(header[0].row + 1, sheet.max_row + 1):
            name = _text(sheet.cell(row, name_column).value)
            if not name:
                continue
            for what, column in targets.items():
                cell = sheet.cell(row, column)
                printed = _printed(cell.value)
                if printed:
                    found.append(SheetFigure(sheet.title, cell.coordinate, name, what, printed))
        return found
    return []


def _first_group_cell(sheet: Worksheet, plan: Layout) -> tuple[int, int] | None:
    """(label column, row) of the first group row, or None for a sheet without one."""
    for row in sheet.iter_rows():
        for cell in row:
            if normalise(cell.value) in plan.blocks:
                column = cell.column
                # A computed row (a group of groups) may come before the first block.
                first = next(r for r in range(1, cell.row + 1)
                             if plan.is_structural(normalise(sheet.cell(r, column).value)))
                return column, first
    return None


def _measure_columns(sheet: Worksheet, label_column: int, first_row: int, errors: list[SheetError]) -> dict[int, str]:
    """Column → measure name, from the nearest non-empty row above the first group row."""
    for row in range(first_row - 1, 0, -1):
        cells = [c for c in sheet[row][label_column:] if _text(c.value)]
        if cells:
            break
    else:
        raise _SheetLayoutError(SheetError(0, "", _("ingen rad med tiltakenes navn over rad %(row)s")
                                           % {"row": first_row}, sheet=sheet.title))
    columns: dict[int, str] = {}
    named = set()  # the names so far, for a check in linear time
    # Names run from the column right of the labels; a gap would leave a column of scores unnamed.
    for column in range(label_column + 1, cells[-1].column + 1):
        cell = sheet.cell(row, column)
        name = _text(cell.value)
        if not name:
            errors.append(SheetError(row, cell.column_letter, _("tiltaket mangler navn"), sheet=sheet.title))
        elif name in named:
            errors.append(SheetError(row, cell.column_letter, _("tiltaket «%(name)s» står to ganger") % {"name": name},
                                     sheet=sheet.title))
        else:
            columns[column] = name
            named.add(name)
    return columns


def _question_rows(sheet: Worksheet, plan: Layout, columns: list[int], first_row: int) -> dict[str, int]:
    """Question key → row: each group row is followed by its questions in the model's order.

    `columns` are the label column, then the measures' columns: a row blank in all of them is spacing.
    """
    label_column = columns[0]
    rows: dict[str, int] = {}
    found: dict[str, int] = {}  # group label → its row, so a group is read once
    row = first_row
    while row <= sheet.max_row:
        label = normalise(sheet.cell(row, label_column).value)
        block = plan.blocks.get(label)
        # Anything else is computed ("Nytte", "Score", "Rangering") or a note: not a score.
        if block is not None:
            if label in found:
                raise _SheetLayoutError(SheetError(row, "", _("en rad «%(label)s» til (den første er rad %(first)s)")
                                                   % {"label": block.label, "first": found[label]}, sheet=sheet.title))
            found[label] = row
            if block.inline:
                rows[block.keys[0]] = row
            else:
                for key in block.keys:
                    row = _next_question_row(sheet, plan, row, columns, block, key)
                    rows[key] = row
        row += 1
    missing = [block.label for label, block in plan.blocks.items() if label not in found]
    if missing:
        raise _SheetLayoutError(SheetError(0, "", _("ingen rad for %(labels)s") % {
            "labels": ", ".join(f"«{m}»" for m in missing)}, sheet=sheet.title))
    return rows


def _next_question_row(sheet: Worksheet, plan: Layout, after: int, columns: list[int],
                       block: Block, key: str) -> int:
    """The row of question `key`: the next row that is not blank, unless it is another group's."""
    label_column = columns[0]
    for row in range(after + 1, sheet.max_row + 1):
        if all(_text(sheet.cell(row, c).value) == "" for c in columns):
            continue  # spacing, not a question without text or scores
        label = sheet.cell(row, label_column).value
        if not plan.is_structural(normalise(label)):
            return row
        found = f"«{_text(label).splitlines()[0]}»"
        break
    else:
        row, found = sheet.max_row + 1, _("slutten av arket")
    raise _SheetLayoutError(SheetError(row, "", _("ventet spørsmål %(key)s under «%(group)s», fant %(found)s") % {
        "key": key, "group": block.label, "found": found}, sheet=sheet.title))


def _text(value) -> str:
    return "" if value is None else str(value).strip()


# --- Writing ---------------------------------------------------------------------------------

def results_xlsx(model: Model, results: list[Result], sensitivity: Sensitivity | None = None) -> bytes:
    """The ranking as a workbook (tables.results_data): sheet "Resultat", and "Følsomhet" when a
    sensitivity run is given; numbers shown with the page's decimals, the cells keep full values."""
    more = [sensitivity_data(sensitivity)] if sensitivity is not None else []
    return xlsx(results_data(model, results), *more)


def sensitivity_data(s: Sensitivity) -> DataTable:
    """How often each measure is among the best k, and the rank interval covering 90 % of the draws."""
    columns = [
        Column("name", _("Tiltak"), description=_("Tiltakets navn.")),
        Column("p_top_k", _("Sannsynlighet for topp %(k)s") % {"k": s.top_k}, PERCENT, description=_(
            "Andelen av trekningene der tiltaket havner blant de beste, i prosent.")),
        Column("rank_low", _("Rang 5 %"), INTEGER, description=_(
            "Den beste rangen i intervallet som dekker 90 % av trekningene (5-persentilen).")),
        Column("rank_high", _("Rang 95 %"), INTEGER, description=_(
            "Den dårligste rangen i intervallet som dekker 90 % av trekningene (95-persentilen).")),
    ]
    # numpy scalars are no cell values; a percent column holds a number of percent
    return DataTable(_("Følsomhet"), columns, [[name, float(p) * 100, int(low), int(high)]
                                              for name, p, low, high in zip(s.names, s.p_top_k, s.rank_low,
                                                                            s.rank_high, strict=True)])
