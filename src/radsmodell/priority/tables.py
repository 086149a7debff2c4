"""Score tables in and out: the CSV of `radsmodell prioritize` and of a session's upload (one
row per measure, one column per question) and the results as JSON-ready rows, CSV or a printed table.

The CSV is read through `core.tabular`, so it is separated by `;`, `,` or tab, in UTF-8 (with or
without a byte order mark) or Windows-1252, with a decimal comma or point ("7,5"). Every
problem in the file is collected, each with its line and column, before the file is refused.
"""
import io
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from radsmodell.core.exports import csv_writer
from radsmodell.core.tabular import ErrorList, RowError, TableError, cell_text, clip, read_table

from .engine import Criterion, Model, Result, parse_cell

NAME = "name"


@dataclass(frozen=True)
class TextCell(RowError):
    """A score cell holding text: read as missing (as Excel's AVERAGE skips it) and reported."""
    measure: str = ""
    text: str = ""  # what the cell held


# --- The messages both readers (this one and workbook.py) give --------------------------------

def not_a_number(text: str) -> str:
    return _("«%(text)s» er ikke et tall og regnes som manglende") % {"text": clip(text)}


def outside_the_scale(leaf: Criterion, measure: str, value: float | None) -> str | None:
    """Why `value` cannot be the answer to `leaf`, or None when it can."""
    low, high = leaf.scale
    if value is None or low <= value <= high:
        return None
    return _("%(measure)s: %(question)s = %(value)s er utenfor skalaen %(low)s–%(high)s") % {
        "measure": clip(measure), "question": leaf.key, "value": f"{value:g}", "low": f"{low:g}", "high": f"{high:g}"}


# --- Reading -----------------------------------------------------------------------------------

def read_scores_csv(content: bytes | str, model: Model, filename: str = "") -> tuple[dict[str, list[dict]],
                                                                                     list[TextCell]]:
    """Measures with one rater each, from a table with the header name,<the model's question keys>.

    TableError with every problem found when the file has any; text in a score cell is no
    error but a TextCell, and the cell counts as missing.
    """
    if isinstance(content, str):
        content = content.encode("utf-8")
    table = read_table(content, filename)
    rows = table.non_blank()
    if not rows:
        raise TableError([RowError(1, "", _("filen er tom"))])
    header, *rows = rows
    expected = [NAME, *model.leaf_keys()]
    found = _without_trailing_blanks([cell_text(cell) for cell in header.cells])
    if found != expected:
        separator = table.delimiter or ","
        raise TableError([RowError(header.line, "", _("overskriften må være %(expected)s (fant %(found)s)") % {
            "expected": separator.join(expected), "found": clip(separator.join(found), 200)})])
    leaves = {leaf.key: leaf for leaf in model.leaves()}
    measures: dict[str, list[dict]] = {}
    notes: list[TextCell] = []
    errors = ErrorList()  # every problem counted, the first hundred kept
    for row in rows:
        cells = row.cells[:len(expected)] + _without_trailing_blanks(row.cells[len(expected):])
        if len(cells) != len(expected):
            errors.append(RowError(row.line, "", _("%(found)s kolonner, ventet %(expected)s") % {
                "found": len(cells), "expected": len(expected)}))
            continue
        name = cell_text(cells[0])
        if not name:
            errors.append(RowError(row.line, NAME, _("tiltaket mangler navn")))
        elif name in measures:
            errors.append(RowError(row.line, NAME, _("tiltaket «%(name)s» står to ganger") % {"name": clip(name)}))
        values = {}
        for key, cell in zip(expected[1:], cells[1:]):
            value, warning = parse_cell(cell)
            if warning:
                text = cell_text(cell)
                notes.append(TextCell(row.line, key, not_a_number(text), measure=name, text=text))
            problem = outside_the_scale(leaves[key], name, value)
            if problem:
                errors.append(RowError(row.line, key, problem))
            values[key] = value
        measures.setdefault(name, [values])
    if errors:
        raise TableError(errors)
    return measures, notes


def _without_trailing_blanks(cells: list) -> list:
    """Spreadsheets often save empty cells right of the table (";;;"): they are no columns."""
    cells = list(cells)
    while cells and not cell_text(cells[-1]):
        cells.pop()
    return cells


# --- Writing -----------------------------------------------------------------------------------

def one_decimal(value: float | None) -> str:
    """As the council's sheet shows it: one decimal, halves rounded up (18.25 → 18.3)."""
    if value is None:
        return ""
    return str(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def result_rows(model: Model, results: list[Result]) -> list[dict]:
    """JSON-ready rows, best first: name, each group, score (unrounded), rank and status."""
    return [
        {"name": r.name, **r.groups, "score": r.score, "rank": r.rank, "status": r.status,
         "missing_groups": r.missing_groups, "missing": r.missing, "outside_ranking": r.outside}
        for r in results
    ]


def results_csv(model: Model, results: list[Result]) -> str:
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    groups = [g.key for g in model.groups]
    writer.writerow(["rank", "name", *groups, "score", "status"])
    for r in results:
        writer.writerow([r.rank or "", r.name, *(r.groups[g] if r.groups[g] is not None else "" for g in groups),
                         r.score if r.score is not None else "", r.status])
    return out.getvalue()


def results_table(model: Model, results: list[Result]) -> str:
    """A plain-text table with one decimal, like the council's summary sheet."""
    groups = [g.key for g in model.groups]
    width = max([len(r.name) for r in results] + [4])
    lines = [f"{'Rank':>4}  {'Tiltak':<{width}}  " + "  ".join(f"{g:>5}" for g in groups) + "  Score"]
    for r in results:
        rank = str(r.rank) if r.rank else "–"
        cells = "  ".join(f"{one_decimal(r.groups[g]) or '–':>5}" for g in groups)
        tail = one_decimal(r.score) if r.score is not None else insufficient_data(model, r)
        lines.append(f"{rank:>4}  {r.name:<{width}}  {cells}  {tail}")
    return "\n".join(lines) + "\n"


def missing_labels(model: Model, result: Result) -> list[str]:
    """Where a measure without a score lost its value: groups by label, questions by key."""
    labels = {node.key: node.key if node.is_leaf else node.label for node in model.root.nodes()}
    return [labels.get(key, key) for key in result.missing]


def insufficient_data(model: Model, result: Result) -> str:
    """In place of the score of an unranked measure, naming where its value was lost."""
    return _("for lite data (%(where)s)") % {"where": ", ".join(missing_labels(model, result))}
