"""The organisations file: CSV or XLSX with one organisation per row, read through core.tabular
like every importer (`;`, `,` or tab, UTF-8 with or without BOM or Windows-1252, decimal commas).

Header (row 1): the eleven columns, in any order and case, by their codes or by the Norwegian
headers Rådsmodell's own downloads write (LABELS: Organisasjonsnummer, Navn, …, Kjede):

    org_number,name,kind,segment,turnover_nok,keeps_accounts,locations,ftes,nace,population,chain

Every row is checked and every problem is reported as a `RowError` with its line (the
spreadsheet's row number) and column, so a caller can reject the whole file and the sender can
fix it in one go. Blank rows are skipped.

- org_number: nine digits with a valid modulus-11 check digit (spaces allowed: 974 760 673)
- kind: rhf, kommune, fylkeskommune, privat, laboratorium, radiologi or apotek; the kind
  decides the segment (rhf → rhf, kommune → kommune, the rest → ovrige)
- turnover_nok: whole kroner (",00" allowed, as a money column writes them), blank when unknown;
  needed for private actors that keep accounts (a county council may leave it blank: it is
  priced by its locations)
- keeps_accounts: true/false (ja/nei, 1/0); needed for private actors, blank means true otherwise
- locations: whole number ≥ 0, blank means 1
- ftes: full-time equivalents ≥ 0 with at most two decimals (decimal comma or point), blank means 0
- nace: SN2007 code such as 86.211, blank when unknown
- population: whole number ≥ 0, needed for municipalities
- chain: the chain's name, blank when none

An importer, not an engine: it uses Django's translations for its messages.
"""
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from radsmodell.core.tabular import (
    CellError,
    ErrorList,
    Row,
    RowError,
    TableError,
    as_headed,
    cell_text,
    clip,
    parse_flag,
    read_file,
    read_header,
    read_table,
    shown_note,
)

from .engine.model import KINDS, PRIVATE_KINDS, SEGMENT_OF_KIND, SEGMENTS
from .engine.table import Organisation
from .orgnr import normalise, orgnr_problem

HEADER = ("org_number", "name", "kind", "segment", "turnover_nok", "keeps_accounts", "locations", "ftes", "nace",
          "population", "chain")
# The Norwegian headers of the columns, the first as the register's downloads write it.
LABELS = {
    "org_number": ("Organisasjonsnummer", "Org.nr.", "Orgnr"),
    "name": ("Navn",),
    "kind": ("Type",),
    "segment": ("Segment",),
    "turnover_nok": ("Omsetning (kr)", "Omsetning"),
    "keeps_accounts": ("Regnskapspliktig",),
    "locations": ("Lokasjoner", "Lokasjoner/behandlingssteder"),
    "ftes": ("Årsverk",),
    "nace": ("Næringskode (NACE)", "NACE", "Næringskode"),
    "population": ("Innbyggere", "Innbyggertall"),
    "chain": ("Kjede",),
}
_WHOLE = re.compile(r"^\d+$", re.ASCII)
_NACE = re.compile(r"^\d{2}(\.\d{1,3})?$", re.ASCII)
_FTES = re.compile(r"^\d+(\.\d{1,2})?$", re.ASCII)
_NO_ORE = re.compile(r"[.,]0{1,2}$")  # "3200000,00": kroner as a money column writes them


@dataclass
class ParseResult:
    organisations: list[Organisation] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=ErrorList)  # the first hundred, and how many in all
    lines: list[int] = field(default_factory=list)  # the file line of each organisation

    @property
    def ok(self) -> bool:
        return not self.errors


class OrganisationsFileError(ValueError):
    """The file was rejected; `errors` holds every problem found."""

    def __init__(self, errors: list[RowError], origin: str = ""):
        self.errors, self.origin = errors, origin
        prefix = f"{origin}: " if origin else ""
        note = shown_note(errors)
        super().__init__("\n".join([f"{prefix}{error}" for error in errors] + ([note] if note else [])))


def parse_organisations(content: bytes, filename: str = "") -> ParseResult:
    """The organisations of a CSV or XLSX file (the name's suffix or the content tells which),
    with every problem found."""
    try:
        table = read_table(content, filename)
    except TableError as error:
        return ParseResult(errors=error.errors)
    return _parse(table.non_blank())  # a blank line above the header is no header


def read_organisations(path: str | Path) -> list[Organisation]:
    """Organisations from a .csv or .xlsx file; raises OrganisationsFileError with every problem."""
    path = Path(path)
    try:
        content = read_file(path)  # its size is checked before it is read
    except TableError as error:
        raise OrganisationsFileError(error.errors, path.name) from None
    result = parse_organisations(content, path.name)
    if result.errors:
        raise OrganisationsFileError(result.errors, path.name)
    return result.organisations


def _parse(rows: list[Row]) -> ParseResult:
    result = ParseResult()
    if not rows:
        result.errors.append(RowError(1, "", _("filen er tom")))
        return result
    first, rest = rows[0], rows[1:]
    columns, problems = read_header(first, HEADER, required=HEADER, labels=LABELS)
    if problems:
        found = [cell_text(cell) for cell in first.cells]
        while found and not found[-1]:
            found.pop()
        result.errors.append(RowError(first.line, "", _("overskriften må være %(header)s (fant %(found)s)")
                                      % {"header": ",".join(HEADER), "found": clip(",".join(found), 200)}))
        return result
    seen: dict[str, int] = {}
    for row in rest:
        cells = [cell_text(cell) for cell in row.cells]
        while len(cells) > len(columns) and cells[-1] == "":
            cells.pop()
        if not any(cells):
            continue
        if len(cells) != len(columns):
            result.errors.append(RowError(row.line, "", ngettext(
                "raden har %(cells)s kolonne, men overskriften har %(columns)s",
                "raden har %(cells)s kolonner, men overskriften har %(columns)s", len(cells))
                % {"cells": len(cells), "columns": len(columns)}))
            continue
        organisation, errors = _row(row.line, dict(zip(columns, cells)))
        if organisation is not None:
            number = organisation.org_number
            if number in seen:
                twice = _("%(number)s står både på linje %(first)s og linje %(line)s")
                errors.append(RowError(row.line, "org_number",
                                       twice % {"number": number, "first": seen[number], "line": row.line}))
            else:
                seen[number] = row.line
        result.errors.extend(errors)
        if organisation is not None and not errors:
            result.organisations.append(organisation)
            result.lines.append(row.line)
    if not result.organisations and not result.errors:
        result.errors.append(RowError(rows[-1].line + 1, "",
                                      _("filen har overskrift, men ingen rader med virksomheter")))
    result.errors = as_headed(result.errors, first, columns)  # «Årsverk» for a file headed so
    return result


def _row(line: int, cell: dict[str, str]) -> tuple[Organisation | None, list[RowError]]:
    errors: list[RowError] = []

    def error(column, message):
        errors.append(RowError(line, column, message))

    number = normalise(cell["org_number"])
    problem = orgnr_problem(clip(cell["org_number"]), _)
    if problem:
        error("org_number", problem)
    name = cell["name"]
    if not name:
        error("name", _("mangler navn"))
    kind, segment = cell["kind"].lower(), cell["segment"].lower()
    if kind not in KINDS:
        error("kind", _("ukjent type «%(kind)s»; kjente typer er %(known)s") % {"kind": clip(cell["kind"]),
                                                                                "known": ", ".join(KINDS)})
    if segment not in SEGMENTS:
        error("segment", _("ukjent segment «%(segment)s»; kjente segmenter er %(known)s")
              % {"segment": clip(cell["segment"]), "known": ", ".join(SEGMENTS)})
    elif kind in KINDS and SEGMENT_OF_KIND[kind] != segment:
        error("segment", _("typen «%(kind)s» hører til segmentet «%(right)s», ikke «%(segment)s»")
              % {"kind": kind, "right": SEGMENT_OF_KIND[kind], "segment": segment})

    turnover = _whole(cell, "turnover_nok", error)
    keeps = _flag(cell, "keeps_accounts", error)
    locations = _whole(cell, "locations", error)
    population = _whole(cell, "population", error)
    ftes = _ftes(cell, error)
    nace = cell["nace"]
    if nace and not _NACE.match(nace):
        error("nace", _("«%(nace)s» er ikke en NACE-kode (to sifre, punktum og opptil tre sifre, for eksempel "
                        "86.211)") % {"nace": clip(nace)})

    if kind in PRIVATE_KINDS:
        if keeps is None and cell["keeps_accounts"] == "":
            error("keeps_accounts", _("oppgi om virksomheten er regnskapspliktig (true/false)"))
        elif keeps and turnover is None and cell["turnover_nok"] == "":
            error("turnover_nok",
                  _("en regnskapspliktig virksomhet må oppgi omsetningen (priskategorien avhenger av den)"))
    if segment == "kommune" and population is None and cell["population"] == "":
        error("population", _("en kommune må oppgi innbyggertallet"))
    errors.sort(key=lambda e: HEADER.index(e.column))  # in the order of the columns
    if errors:
        return (Organisation(org_number=number, name=name, kind=kind, segment=segment) if not problem else None), errors
    return Organisation(
        org_number=number, name=name, kind=kind, segment=segment, turnover_nok=turnover,
        keeps_accounts=True if keeps is None else keeps, locations=1 if locations is None else locations,
        ftes=ftes if ftes is not None else Decimal(0), nace=nace, population=population or 0, chain=cell["chain"],
    ), []


def _whole(cell, column, error) -> int | None:
    text = _NO_ORE.sub("", "".join(cell[column].split()))
    if not text:
        return None
    if text.startswith("-") and _WHOLE.match(text[1:]):
        error(column, _("«%(cell)s» er negativt; tallet kan ikke være negativt") % {"cell": clip(cell[column])})
        return None
    if not _WHOLE.match(text):
        error(column, _("«%(cell)s» er ikke et heltall") % {"cell": clip(cell[column])})
        return None
    if len(text) > 15:  # above 999 999 999 999 999: a typing error, and beyond what the database holds
        error(column, _("«%(cell)s» er urimelig stort") % {"cell": clip(cell[column])})
        return None
    return int(text)


def _flag(cell, column, error) -> bool | None:
    try:
        return parse_flag(cell[column])
    except CellError as problem:
        error(column, str(problem))
        return None


def _ftes(cell, error) -> Decimal | None:
    text = "".join(cell["ftes"].split()).replace(",", ".")
    if not text:
        return None
    if text.startswith("-") and _FTES.match(text[1:]):
        error("ftes", _("«%(cell)s» er negativt; tallet kan ikke være negativt") % {"cell": clip(cell["ftes"])})
        return None
    if not _FTES.match(text):
        error("ftes", _("«%(cell)s» er ikke et tall med høyst to desimaler") % {"cell": clip(cell["ftes"])})
        return None
    return Decimal(text)
