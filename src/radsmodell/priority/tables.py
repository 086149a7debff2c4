"""Score tables in and out: the CSV of `radsmodell prioritize` (one row per measure, one
column per question) and the results as JSON-ready rows, CSV or a printed table.

Plain Python, no Django.
"""
import csv
import io
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .engine import Model, Result, ScoreError, check_scores, parse_cell


class TableError(ValueError):
    """A malformed file: the message names the line and, where it can, the column."""


@dataclass
class Warning:
    line: int
    column: str
    message: str
    measure: str = ""
    text: str = ""  # what the cell held

    def __str__(self):
        return f"line {self.line}, column {self.column}: {self.message}"


def read_scores_csv(text: str, model: Model) -> tuple[dict[str, list[dict]], list[Warning]]:
    """Measures with one rater each, from CSV text with the header name,<leaf keys...>."""
    expected = ["name", *model.leaf_keys()]
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise TableError("line 1: the file is empty")
    header = [h.strip() for h in header]
    if header != expected:
        raise TableError(f"line 1: the header must be {','.join(expected)} (found {','.join(header)})")
    measures: dict[str, list[dict]] = {}
    warnings: list[Warning] = []
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(expected):
            raise TableError(f"line {line}: {len(row)} columns, expected {len(expected)}")
        name = row[0].strip()
        if not name:
            raise TableError(f"line {line}, column name: the measure has no name")
        if name in measures:
            raise TableError(f"line {line}, column name: «{name}» appears twice")
        values = {}
        for key, cell in zip(expected[1:], row[1:]):
            value, warning = parse_cell(cell)
            if warning:
                warnings.append(Warning(line, key, warning, measure=name, text=cell.strip()))
            values[key] = value
        try:
            check_scores(model, name, values)
        except ScoreError as error:
            column = str(error).split(": ", 1)[1].split(" ", 1)[0]
            raise TableError(f"line {line}, column {column}: {error}")
        measures[name] = [values]
    return measures, warnings


def one_decimal(value: float | None) -> str:
    """As the council's sheet shows it: one decimal, halves rounded up (18.25 → 18.3)."""
    if value is None:
        return ""
    return str(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def result_rows(model: Model, results: list[Result]) -> list[dict]:
    """JSON-ready rows, best first: name, each group, score (unrounded), rank and status."""
    return [
        {"name": r.name, **r.groups, "score": r.score, "rank": r.rank, "status": r.status,
         "missing_groups": r.missing_groups}
        for r in results
    ]


def results_csv(model: Model, results: list[Result]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
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
        tail = one_decimal(r.score) if r.score is not None else \
            "insufficient data (" + ", ".join(_label(model, g) for g in r.missing_groups) + ")"
        lines.append(f"{rank:>4}  {r.name:<{width}}  {cells}  {tail}")
    return "\n".join(lines) + "\n"


def _label(model: Model, key: str) -> str:
    return next(g.label for g in model.groups if g.key == key)
