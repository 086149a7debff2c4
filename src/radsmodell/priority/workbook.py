"""Score workbooks in and results out as Excel, laid out like the council's 2022 sheet (seed 002).

The council keeps one sheet per area ("DBEP", "Dokumentdeling", "Kritisk info", …) and a
summary sheet ("Samlet"). An area sheet has a header row naming the measures in the columns
right of the label column, then one block of rows per group: a group row ("Måloppnåelse",
holding Excel's computed value), then its questions in the model's order. Questions are
recognised by position under their group, not by their text, because the wording differs from
sheet to sheet ("Juridisk utvikling?", "… pasientsikkerhet og kvalitet?").

Plain Python and openpyxl, no Django. The results as CSV are `tables.results_csv`.
"""
import io
import os
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from .engine import Criterion, Model, Result, ScoreError, check_scores, parse_cell
from .sensitivity import Sensitivity
from .tables import _label  # the group labels of "insufficient data (…)", worded as in the table


class WorkbookError(ValueError):
    """A workbook that cannot be read: the message names the sheet and, where it can, the cell or row."""


@dataclass
class CellWarning:
    sheet: str
    cell: str  # e.g. "D14"
    message: str
    measure: str = ""
    question: str = ""  # the leaf key, e.g. "C3"
    text: str = ""  # what the cell held

    def __str__(self):
        return f"sheet {self.sheet}, cell {self.cell}: {self.message}"


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
        raise WorkbookError(f"model {model.slug}: group labels must differ to find them in a workbook")
    return Layout(by_label, frozenset(normalise(label) for label in computed))


# --- Reading ---------------------------------------------------------------------------------


def read_workbook(file: str | os.PathLike | BinaryIO, model: Model
                  ) -> tuple[dict[str, list[dict[str, float | None]]], list[CellWarning]]:
    """Measures with one rater each (like `tables.read_scores_csv`), from every area sheet."""
    book = _open(file)
    plan = layout(model)
    measures: dict[str, list[dict[str, float | None]]] = {}
    home: dict[str, str] = {}  # measure → the sheet it came from, to name both on a duplicate
    warnings: list[CellWarning] = []
    for sheet in book.worksheets:
        for name, values in _read_area(sheet, model, plan, warnings).items():
            if name in home:
                raise WorkbookError(
                    f"the measure «{name}» appears in sheet «{home[name]}» and in sheet «{sheet.title}»")
            home[name] = sheet.title
            measures[name] = [values]
    return measures, warnings


def _open(file) -> openpyxl.Workbook:
    # A path is read into memory so the content decides, not the extension: openpyxl refuses
    # a path without ".xlsx" even when the file is a workbook (uploads are often renamed).
    if isinstance(file, (str, os.PathLike)):
        name, data = Path(file).name, io.BytesIO(Path(file).read_bytes())
    else:
        name, data = Path(getattr(file, "name", "") or "the file").name, file
    try:
        # data_only: the group rows hold formulas; their cached values are enough (and ignored).
        return openpyxl.load_workbook(data, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, InvalidFileException):
        raise WorkbookError(f"{name} is not an Excel workbook (.xlsx)") from None


def _read_area(sheet: Worksheet, model: Model, plan: Layout, warnings: list[CellWarning]) -> dict[str, dict]:
    """The measures of one sheet; none for a summary sheet, which has no group rows."""
    start = _first_group_cell(sheet, plan)
    if start is None:
        return {}
    label_column, first_row = start
    columns = _measure_columns(sheet, label_column, first_row)
    values = {name: dict.fromkeys(model.leaf_keys()) for name in columns.values()}
    leaves = {leaf.key: leaf for leaf in model.leaves()}
    for key, row in _question_rows(sheet, plan, [label_column, *columns], first_row).items():
        for column, name in columns.items():
            cell = sheet.cell(row, column)
            value, warning = parse_cell(cell.value)
            if warning:
                warnings.append(CellWarning(sheet.title, cell.coordinate, warning, name, key, _text(cell.value)))
            _check_scale(model, leaves[key], name, value, sheet.title, cell.coordinate)
            values[name][key] = value
    return values


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


def _measure_columns(sheet: Worksheet, label_column: int, first_row: int) -> dict[int, str]:
    """Column → measure name, from the nearest non-empty row above the first group row."""
    for row in range(first_row - 1, 0, -1):
        cells = [c for c in sheet[row][label_column:] if _text(c.value)]
        if cells:
            break
    else:
        raise WorkbookError(f"sheet «{sheet.title}»: no row with the measures' names above row {first_row}")
    columns: dict[int, str] = {}
    # Names run from the column right of the labels; a gap would leave a column of scores unnamed.
    for column in range(label_column + 1, cells[-1].column + 1):
        cell = sheet.cell(row, column)
        name = _text(cell.value)
        if not name:
            raise WorkbookError(f"sheet «{sheet.title}», cell {cell.coordinate}: the measure has no name")
        if name in columns.values():
            raise WorkbookError(
                f"sheet «{sheet.title}», cell {cell.coordinate}: the measure «{name}» appears twice")
        columns[column] = name
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
                raise WorkbookError(f"sheet «{sheet.title}», row {row}: a second «{block.label}» row "
                                    f"(the first is row {found[label]})")
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
        raise WorkbookError(f"sheet «{sheet.title}»: no row for {', '.join(f'«{m}»' for m in missing)}")
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
        row, found = sheet.max_row + 1, "the end of the sheet"
    raise WorkbookError(
        f"sheet «{sheet.title}», row {row}: expected question {key} of «{block.label}», found {found}")


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _check_scale(model: Model, leaf: Criterion, name: str, value, sheet: str, coordinate: str) -> None:
    try:
        check_scores(model, name, {leaf.key: value})
    except ScoreError as error:
        raise WorkbookError(f"sheet «{sheet}», cell {coordinate}: {error}") from None


# --- Writing ---------------------------------------------------------------------------------

ONE_DECIMAL = "0.0"  # Excel shows what the council's sheet shows; the cell keeps the full value
PERCENT = "0%"
BOLD = Font(bold=True)


def results_xlsx(model: Model, results: list[Result], sensitivity: Sensitivity | None = None) -> bytes:
    """The ranking as a workbook: sheet "Resultat", and "Følsomhet" when a sensitivity run is given."""
    book = openpyxl.Workbook()
    _results_sheet(book.active, model, results)
    if sensitivity is not None:
        _sensitivity_sheet(book.create_sheet("Følsomhet"), sensitivity)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _results_sheet(sheet: Worksheet, model: Model, results: list[Result]) -> None:
    sheet.title = "Resultat"
    _header(sheet, ["Rank", "Tiltak", *(g.label for g in model.groups), "Score"])
    for r in results:
        score = r.score if r.score is not None else \
            "insufficient data (" + ", ".join(_label(model, g) for g in r.missing_groups) + ")"
        sheet.append([r.rank, r.name, *(r.groups[g.key] for g in model.groups), score])
        for cell in sheet[sheet.max_row][2:]:
            if isinstance(cell.value, float):
                cell.number_format = ONE_DECIMAL
    _fit_column(sheet, "B")


def _sensitivity_sheet(sheet: Worksheet, s: Sensitivity) -> None:
    _header(sheet, ["Tiltak", f"P(topp {s.top_k})", "Rank 5 %", "Rank 95 %"])
    for name, p, low, high in zip(s.names, s.p_top_k, s.rank_low, s.rank_high):
        sheet.append([name, float(p), int(low), int(high)])  # numpy scalars are not cell values
        sheet.cell(sheet.max_row, 2).number_format = PERCENT
    _fit_column(sheet, "A")


def _header(sheet: Worksheet, titles: list[str]) -> None:
    sheet.append(titles)
    for cell in sheet[1]:
        cell.font = BOLD
    sheet.freeze_panes = "A2"  # the header stays in view when scrolling


def _fit_column(sheet: Worksheet, letter: str) -> None:
    sheet.column_dimensions[letter].width = max(len(_text(c.value)) for c in sheet[letter]) + 2
