"""The organisations file: CSV or XLSX with one organisation per row.

Header (row 1), exactly:

    org_number,name,kind,segment,turnover_nok,keeps_accounts,locations,ftes,nace,population,chain

Every row is checked and every problem is reported with its line (the spreadsheet's row
number) and column, so a caller can reject the whole file and the sender can fix it in one
go. Blank rows are skipped.

- org_number: nine digits with a valid modulus-11 check digit (spaces allowed: 974 760 673)
- kind: rhf, kommune, fylkeskommune, privat, laboratorium, radiologi or apotek; the kind
  decides the segment (rhf → rhf, kommune → kommune, the rest → ovrige)
- turnover_nok: whole kroner, blank when unknown; needed for private actors that keep
  accounts (a county council may leave it blank: it is priced by its locations)
- keeps_accounts: true/false (ja/nei, 1/0); needed for private actors, blank means true otherwise
- locations: whole number ≥ 0, blank means 1
- ftes: full-time equivalents ≥ 0 with at most two decimals, blank means 0
- nace: SN2007 code such as 86.211, blank when unknown
- population: whole number ≥ 0, needed for municipalities
- chain: the chain's name, blank when none

Plain Python (openpyxl for XLSX), no Django.
"""
import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .engine.model import KINDS, PRIVATE_KINDS, SEGMENT_OF_KIND, SEGMENTS
from .engine.table import Organisation
from .orgnr import normalise, orgnr_problem

HEADER = ("org_number", "name", "kind", "segment", "turnover_nok", "keeps_accounts", "locations", "ftes", "nace",
          "population", "chain")
TRUE = {"true", "ja", "yes", "1", "j", "y", "sann"}
FALSE = {"false", "nei", "no", "0", "n", "usann"}
_WHOLE = re.compile(r"^\d+$", re.ASCII)
_NACE = re.compile(r"^\d{2}(\.\d{1,3})?$", re.ASCII)
_FTES = re.compile(r"^\d+(\.\d{1,2})?$", re.ASCII)


@dataclass(frozen=True)
class RowError:
    line: int
    column: str  # "" when the problem concerns the whole row or file
    message: str

    def __str__(self):
        if not self.line:
            return f"filen: {self.message}"
        where = f"linje {self.line}, kolonne {self.column}" if self.column else f"linje {self.line}"
        return f"{where}: {self.message}"


@dataclass
class ParseResult:
    organisations: list[Organisation] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # the file line of each organisation

    @property
    def ok(self) -> bool:
        return not self.errors


class OrganisationsFileError(ValueError):
    """The file was rejected; `errors` holds every problem found."""

    def __init__(self, errors: list[RowError], origin: str = ""):
        self.errors, self.origin = errors, origin
        prefix = f"{origin}: " if origin else ""
        super().__init__("\n".join(f"{prefix}{error}" for error in errors))


def parse_organisations_csv(text: str) -> ParseResult:
    rows = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    return _parse(((line, row) for line, row in enumerate(rows, start=1)))


def parse_organisations_xlsx(data: bytes | Path | str) -> ParseResult:
    """The first sheet of a workbook, header in row 1."""
    from openpyxl import load_workbook

    source = io.BytesIO(data) if isinstance(data, bytes) else data
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds (zip, XML, key errors) for a damaged file
        return ParseResult(errors=[RowError(1, "", f"filen kan ikke leses som en XLSX-arbeidsbok ({error})")])
    try:
        sheet = workbook.worksheets[0]
        rows = [(line, [_cell_text(v) for v in row])
                for line, row in enumerate(sheet.iter_rows(values_only=True), start=1)]
    finally:
        workbook.close()
    return _parse(iter(rows))


def read_organisations(path: str | Path) -> list[Organisation]:
    """Organisations from a .csv or .xlsx file; raises OrganisationsFileError with every problem."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        result = parse_organisations_xlsx(path)
    else:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise OrganisationsFileError([RowError(1, "", "filen er ikke UTF-8-tekst")], path.name) from None
        result = parse_organisations_csv(text)
    if result.errors:
        raise OrganisationsFileError(result.errors, path.name)
    return result.organisations


def _cell_text(value) -> str:
    """A spreadsheet cell as the text a CSV would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return str(Decimal(repr(value)))
    return str(value)


def _parse(rows) -> ParseResult:
    result = ParseResult()
    first = next(rows, None)
    if first is None:
        result.errors.append(RowError(1, "", "filen er tom"))
        return result
    line, header = first
    header = [h.strip() for h in header]
    while header and header[-1] == "":  # spreadsheets often carry empty trailing columns
        header.pop()
    if tuple(header) != HEADER:
        result.errors.append(RowError(line, "", f"overskriften må være {','.join(HEADER)} (fant {','.join(header)})"))
        return result
    seen: dict[str, int] = {}
    for line, row in rows:
        cells = [c.strip() if isinstance(c, str) else "" for c in row]
        while len(cells) > len(HEADER) and cells[-1] == "":
            cells.pop()
        if not any(cells):
            continue
        if len(cells) != len(HEADER):
            noun = "kolonne" if len(cells) == 1 else "kolonner"
            result.errors.append(RowError(line, "", f"raden har {len(cells)} {noun}, men overskriften har "
                                                    f"{len(HEADER)}"))
            continue
        organisation, errors = _row(line, dict(zip(HEADER, cells)))
        if organisation is not None:
            number = organisation.org_number
            if number in seen:
                errors.append(RowError(line, "org_number",
                                       f"{number} står både på linje {seen[number]} og linje {line}"))
            else:
                seen[number] = line
        result.errors.extend(errors)
        if organisation is not None and not errors:
            result.organisations.append(organisation)
            result.lines.append(line)
    if not result.organisations and not result.errors:
        result.errors.append(RowError(line + 1 if line else 2, "",
                                      "filen har overskrift, men ingen rader med virksomheter"))
    return result


def _row(line: int, cell: dict[str, str]) -> tuple[Organisation | None, list[RowError]]:
    errors: list[RowError] = []

    def error(column, message):
        errors.append(RowError(line, column, message))

    number = normalise(cell["org_number"])
    problem = orgnr_problem(cell["org_number"])
    if problem:
        error("org_number", problem)
    name = cell["name"]
    if not name:
        error("name", "mangler navn")
    kind, segment = cell["kind"].lower(), cell["segment"].lower()
    if kind not in KINDS:
        error("kind", f"ukjent type «{cell['kind']}»; kjente typer er {', '.join(KINDS)}")
    if segment not in SEGMENTS:
        error("segment", f"ukjent segment «{cell['segment']}»; kjente segmenter er {', '.join(SEGMENTS)}")
    elif kind in KINDS and SEGMENT_OF_KIND[kind] != segment:
        error("segment", f"typen «{kind}» hører til segmentet «{SEGMENT_OF_KIND[kind]}», ikke «{segment}»")

    turnover = _whole(cell, "turnover_nok", error)
    keeps = _flag(cell, "keeps_accounts", error)
    locations = _whole(cell, "locations", error)
    population = _whole(cell, "population", error)
    ftes = _ftes(cell, error)
    nace = cell["nace"]
    if nace and not _NACE.match(nace):
        error("nace", f"«{nace}» er ikke en NACE-kode (to sifre, punktum og opptil tre sifre, for eksempel 86.211)")

    if kind in PRIVATE_KINDS:
        if keeps is None and cell["keeps_accounts"] == "":
            error("keeps_accounts", "oppgi om virksomheten er regnskapspliktig (true/false)")
        elif keeps and turnover is None and cell["turnover_nok"] == "":
            error("turnover_nok",
                  "en regnskapspliktig virksomhet må oppgi omsetningen (priskategorien avhenger av den)")
    if segment == "kommune" and population is None and cell["population"] == "":
        error("population", "en kommune må oppgi innbyggertallet")
    errors.sort(key=lambda e: HEADER.index(e.column))  # in the order of the columns
    if errors:
        return (Organisation(org_number=number, name=name, kind=kind, segment=segment) if not problem else None), errors
    return Organisation(
        org_number=number, name=name, kind=kind, segment=segment, turnover_nok=turnover,
        keeps_accounts=True if keeps is None else keeps, locations=1 if locations is None else locations,
        ftes=ftes if ftes is not None else Decimal(0), nace=nace, population=population or 0, chain=cell["chain"],
    ), []


def _whole(cell, column, error) -> int | None:
    text = "".join(cell[column].split())
    if not text:
        return None
    if text.startswith("-") and _WHOLE.match(text[1:]):
        error(column, f"«{cell[column]}» er negativt; tallet kan ikke være negativt")
        return None
    if not _WHOLE.match(text):
        error(column, f"«{cell[column]}» er ikke et heltall")
        return None
    if len(text) > 15:  # above 999 999 999 999 999: a typing error, and beyond what the database holds
        error(column, f"«{cell[column]}» er urimelig stort")
        return None
    return int(text)


def _flag(cell, column, error) -> bool | None:
    text = cell[column].lower()
    if not text:
        return None
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    error(column, f"«{cell[column]}» er verken true eller false")
    return None


def _ftes(cell, error) -> Decimal | None:
    text = "".join(cell["ftes"].split()).replace(",", ".")
    if not text:
        return None
    if text.startswith("-") and _FTES.match(text[1:]):
        error("ftes", f"«{cell['ftes']}» er negativt; tallet kan ikke være negativt")
        return None
    if not _FTES.match(text):
        error("ftes", f"«{cell['ftes']}» er ikke et tall med høyst to desimaler")
        return None
    return Decimal(text)
