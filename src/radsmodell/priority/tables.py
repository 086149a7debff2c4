"""Score tables in and out: the CSV of `radsmodell prioritize` and of a session's upload (one
row per measure, one column per question) and the results as JSON-ready rows, CSV or a printed table.

The CSV is read through `core.tabular`, so it is separated by `;`, `,` or tab, in UTF-8 (with or
without a byte order mark) or Windows-1252, with a decimal comma or point ("7,5"), or is the
first sheet of a workbook. The measure's column may be headed `name` or in Norwegian («Tiltak»,
as Rådsmodell's own downloads write it). Every problem in the file is collected, each with its
line and column, before the file is refused.
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from radsmodell.core.exports import DECIMAL, INTEGER, Column, DataTable, machine_csv
from radsmodell.core.tabular import (
    ErrorList,
    Row,
    RowError,
    TableError,
    as_headed,
    cell_text,
    clip,
    header_text,
    read_table,
)

from .engine import Criterion, Model, Result, parse_cell

NAME = "name"
NAME_LABELS = ("Tiltak", "Navn")  # the Norwegian headers of the measure's column, the first as downloads write it


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
    if header_columns(header) != expected:
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
        raise TableError(as_headed(errors, header, expected))
    return measures, notes


def header_columns(header: Row) -> list[str]:
    """The columns a score table's header names: `name` (also headed «Tiltak» or «Navn», any case)
    and the question keys as the model writes them."""
    names = {header_text(label) for label in NAME_LABELS} | {NAME}
    found = _without_trailing_blanks([cell_text(cell) for cell in header.cells])
    return [NAME if position == 0 and header_text(text) in names else text for position, text in enumerate(found)]


def is_score_table(header: Row, model: Model) -> bool:
    """Whether a row is the header of a score table (name and the model's questions), not a
    workbook laid out like the council's."""
    return header_columns(header) == [NAME, *model.leaf_keys()]


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


def results_data(model: Model, results: list[Result]) -> DataTable:
    """The ranking as a table for every download (core.exports): numbers in their columns, shown
    with the page's one decimal; why a measure has no score or rank in its own text column."""
    columns = [
        Column("rank", _("Rang"), INTEGER, description=_(
            "Plassen i rangeringen; tom for et tiltak som ikke rangeres.")),
        Column("name", _("Tiltak"), description=_("Tiltakets navn.")),
        *(Column(g.key, g.label, DECIMAL, decimals=1, description=_(
            "Verdien modellen gir gruppen «%(group)s»; tom når den mangler.") % {"group": g.label})
          for g in model.groups),
        Column("score", _("Score"), DECIMAL, decimals=1, description=_(
            "Den vektede summen av gruppeverdiene; tom når tiltaket har for lite data.")),
        Column("status", _("Status (kode)"), description=_(
            "ranked (rangert), insufficient_data (for lite data) eller outside_ranking (scoret, ikke rangert).")),
        Column("remark", _("Merknad"), description=_(
            "Hvorfor tiltaket ikke har score eller ikke er rangert, med gruppene eller spørsmålene som mangler.")),
    ]
    return DataTable(_("Resultat"), columns, [
        [r.rank, r.name, *(r.groups[g.key] for g in model.groups), r.score, r.status, result_remark(model, r)]
        for r in results])


def result_remark(model: Model, result: Result) -> str:
    if result.score is None:
        return insufficient_data(model, result)
    if result.outside:
        return _("Utenfor rangeringen: %(why)s") % {"why": result.outside}
    return ""


def results_csv(model: Model, results: list[Result]) -> str:
    """The ranking for programs (`radsmodell prioritize --format csv`): the machine CSV of results_data."""
    return machine_csv(results_data(model, results)).decode("utf-8")


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
