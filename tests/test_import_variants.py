"""Every importer accepts what Excel writes (issue 14): `;`, `,` or tab, with or without a byte order
mark, UTF-8 or Windows-1252, decimal comma or point, and XLSX with numbers as numbers or as text;
and the file Rådsmodell's own «CSV for Excel» writes, with Norwegian headers.

One valid file per importer is written in every variant and imported through what its upload page
calls; each variant must give the same rows as the original."""
import csv
import io
from datetime import datetime
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from radsmodell.core import exports
from radsmodell.core.exports import BOOLEAN, DECIMAL, INTEGER, Column, DataTable
from radsmodell.costs.organisations import HEADER as ORGANISATION_COLUMNS
from radsmodell.costs.organisations import LABELS as ORGANISATION_LABELS
from radsmodell.costs.services import read_organisation_file
from radsmodell.priority import services as priority_services
from radsmodell.priority.builtin import EHELSERAAD_2022 as MODEL
from radsmodell.priority.models import Score, ScoringModel
from radsmodell.priority.tables import NAME_LABELS
from radsmodell.strategy.importing import LABELS as OBSERVATION_LABELS
from radsmodell.strategy.importing import import_observations
from radsmodell.strategy.models import Observation

SRC = Path(__file__).resolve().parents[1] / "src/radsmodell"
ORGANISATIONS = SRC / "costs/demo/organisations.csv"
SCORES = SRC / "priority/demo/ehelseraad-2022.csv"


class Month(str):
    """A period such as "2025-11": text in a CSV, but a date (1 November 2025) once typed into Excel."""


# --- writing one table in every variant ----------------------------------------------------------

SEPARATORS = {";": "semikolon", ",": "komma", "\t": "tabulator"}
ENCODINGS = ("utf-8", "utf-8-sig", "cp1252")
DECIMALS = {",": "desimalkomma", ".": "desimalpunktum"}
CSV_VARIANTS = [pytest.param(separator, encoding, decimal,
                             id=f"{SEPARATORS[separator]}-{encoding}-{DECIMALS[decimal]}")
                for separator in SEPARATORS for encoding in ENCODINGS for decimal in DECIMALS]
XLSX_VARIANTS = [pytest.param(True, id="xlsx-tall"), pytest.param(False, id="xlsx-tall-som-tekst")]


def as_text(value, decimal: str) -> str:
    """A cell as a CSV holds it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, D):
        return format(value, "f").replace(".", decimal)
    return str(value)


def csv_file(rows: list[list], separator: str, encoding: str, decimal: str) -> bytes:
    """As Excel saves it: a cell holding the separator (a decimal comma in a comma file) is quoted."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerows([[as_text(value, decimal) for value in row] for row in rows])
    return out.getvalue().encode(encoding)


def xlsx_cell(value, numbers: bool):
    if isinstance(value, Month):
        year, month = value.split("-")
        return datetime(int(year), int(month), 1) if numbers else str(value)
    if isinstance(value, bool) or not isinstance(value, (int, D)):
        return value
    if numbers:
        return float(value) if isinstance(value, D) else value
    return as_text(value, ",")  # a number stored as text, as a pasted column often is: "12,5"


def xlsx_file(rows: list[list], numbers: bool) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append([xlsx_cell(value, numbers) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- the organisation register (the upload page's costs.services.read_organisation_file) ------------

WHOLE = {"turnover_nok", "locations", "population"}


def organisation_rows() -> list[list]:
    """The demo register with its values typed: numbers as numbers, the flag as a flag."""
    with ORGANISATIONS.open(encoding="utf-8") as file:
        records = list(csv.DictReader(file))
    rows = [list(ORGANISATION_COLUMNS)]
    for record in records:
        typed = []
        for column in ORGANISATION_COLUMNS:
            text = record[column]
            if column == "org_number":
                typed.append(int(text))
            elif column == "keeps_accounts":
                typed.append(text == "true")
            elif not text:
                typed.append(None)
            elif column in WHOLE:
                typed.append(int(text))
            elif column == "ftes":
                typed.append(D(text))
            else:
                typed.append(text)
        rows.append(typed)
    return rows


@pytest.fixture(scope="module")
def register():
    """The demo register as the original file gives it."""
    organisations, errors = read_organisation_file(ORGANISATIONS.read_bytes(), ORGANISATIONS.name)
    assert errors == [] and len(organisations) == 63
    assert organisations[0].name == "Helse Sør-Øst RHF"
    assert any(o.ftes == D("1.5") for o in organisations) and any(o.turnover_nok for o in organisations)
    return organisations


@pytest.mark.parametrize("separator, encoding, decimal", CSV_VARIANTS)
def test_the_organisation_register_reads_the_same_from_every_csv_variant(register, separator, encoding, decimal):
    content = csv_file(organisation_rows(), separator, encoding, decimal)
    organisations, errors = read_organisation_file(content, "virksomheter.csv")
    assert [str(error) for error in errors] == []
    assert organisations == register


@pytest.mark.parametrize("numbers", XLSX_VARIANTS)
def test_the_organisation_register_reads_the_same_from_a_workbook(register, numbers):
    organisations, errors = read_organisation_file(xlsx_file(organisation_rows(), numbers), "virksomheter.xlsx")
    assert [str(error) for error in errors] == []
    assert organisations == register


ORGANISATION_KINDS = {"turnover_nok": INTEGER, "locations": INTEGER, "population": INTEGER, "ftes": DECIMAL,
                      "keeps_accounts": BOOLEAN}


def organisation_export() -> DataTable:
    """The register as Rådsmodell's own downloads write it: Norwegian headers, Ja/Nei, decimal comma."""
    columns = [Column(key, ORGANISATION_LABELS[key][0], ORGANISATION_KINDS.get(key, exports.TEXT),
                      decimals=2 if key == "ftes" else 0) for key in ORGANISATION_COLUMNS]
    rows = [[str(value) if key == "org_number" else value for key, value in zip(ORGANISATION_COLUMNS, row)]
            for row in organisation_rows()[1:]]
    return DataTable("Betalende virksomheter", columns, rows)


def test_the_organisation_register_as_radsmodell_writes_it_for_excel_reads_back_the_same(register):
    content = exports.excel_csv(organisation_export())
    assert content.startswith("\ufeffOrganisasjonsnummer;Navn;Type;".encode())
    assert ";Ja;1;;86.101" in content.decode("utf-8-sig")  # the flag in words, an empty decimal stays empty
    organisations, errors = read_organisation_file(content, "betalende-virksomheter-excel.csv")
    assert [str(error) for error in errors] == []
    assert organisations == register
    organisations, errors = read_organisation_file(exports.xlsx(organisation_export()), "virksomheter.xlsx")
    assert [str(error) for error in errors] == [] and organisations == register


def test_a_bad_cell_under_a_norwegian_header_is_named_by_that_header_and_its_line():
    table = organisation_export()
    table.rows[2][ORGANISATION_COLUMNS.index("ftes")] = "to og en halv"
    organisations, errors = read_organisation_file(exports.excel_csv(table), "virksomheter.csv")
    assert [str(error) for error in errors] == [
        "linje 4, kolonne Årsverk: «to og en halv» er ikke et tall med høyst to desimaler"]


# --- observations (the import page's strategy.importing.import_observations) ---------------------

PLL = "pll-andel-befolkning"
OBSERVATION_COLUMNS = ["indicator", "area", "period", "value", "numerator", "denominator", "measure", "note"]
OBSERVATIONS = [
    [PLL, "norge", Month("2025-11"), D("10.5"), None, None, "", "tenkt tall for Helse Sør-Øst og Tromsø"],
    [PLL, "bergen", Month("2025-11"), D("12.1"), 57537, 475472, "", ""],
    [PLL, "helse-nord", Month("2025-10"), D("5.3"), None, None, "", "rettet fra 5,2; «Bodø»"],
    [PLL, "norge", Month("2025-09"), None, 1, 3, "", ""],
]


def saved_observations() -> list[tuple]:
    keys = [(row[0], row[1], str(row[2])) for row in OBSERVATIONS]
    found = []
    for indicator, area, period in keys:
        saved = Observation.objects.get(indicator__slug=indicator, area__slug=area, period=period)
        found.append((indicator, area, period, saved.value, saved.numerator, saved.denominator, saved.measure,
                      saved.note))
    return found


EXPECTED_OBSERVATIONS = [(row[0], row[1], str(row[2]), row[3], row[4], row[5], row[6], row[7]) for row in OBSERVATIONS]


def imported(content: bytes, filename: str) -> list[tuple]:
    result = import_observations(content, filename)
    assert [str(error) for error in result.errors] == []
    assert result.summary == "Lagret: 2 nye, 2 oppdaterte observasjoner for 1 indikator"
    return saved_observations()


@pytest.mark.parametrize("separator, encoding, decimal", CSV_VARIANTS)
def test_observations_save_the_same_from_every_csv_variant(strategy, separator, encoding, decimal):
    content = csv_file([OBSERVATION_COLUMNS, *OBSERVATIONS], separator, encoding, decimal)
    assert imported(content, "observasjoner.csv") == EXPECTED_OBSERVATIONS


@pytest.mark.parametrize("numbers", XLSX_VARIANTS)
def test_observations_save_the_same_from_a_workbook(strategy, numbers):
    content = xlsx_file([OBSERVATION_COLUMNS, *OBSERVATIONS], numbers)
    assert imported(content, "observasjoner.xlsx") == EXPECTED_OBSERVATIONS


OBSERVATION_KINDS = {"value": DECIMAL, "numerator": INTEGER, "denominator": INTEGER}


def observation_export() -> DataTable:
    columns = [Column(key, OBSERVATION_LABELS[key][0], OBSERVATION_KINDS.get(key, exports.TEXT),
                      decimals=1 if key == "value" else 0) for key in OBSERVATION_COLUMNS]
    return DataTable("Observasjoner", columns, [[str(value) if isinstance(value, Month) else value for value in row]
                                                for row in OBSERVATIONS])


def test_observations_as_radsmodell_writes_them_for_excel_save_the_same(strategy):
    content = exports.excel_csv(observation_export())
    assert content.decode("utf-8-sig").splitlines()[:2] == [
        "Indikator;Område;Periode;Verdi;Teller;Nevner;Måltall;Merknad",
        f"{PLL};norge;2025-11;10,5;;;;tenkt tall for Helse Sør-Øst og Tromsø"]
    assert imported(content, "observasjoner-excel.csv") == EXPECTED_OBSERVATIONS


def test_observations_from_radsmodells_own_workbook_save_the_same(strategy):
    assert imported(exports.xlsx(observation_export()), "observasjoner.xlsx") == EXPECTED_OBSERVATIONS


def test_english_and_norwegian_headers_mix_and_a_bad_cell_is_named_as_headed(strategy):
    content = csv_file([["indicator", "Område", "PERIODE", "Verdi"], [PLL, "norge", "2025-11", "tolv"]],
                       ";", "cp1252", ",")
    result = import_observations(content, "observasjoner.csv")
    assert [str(error) for error in result.errors] == ["linje 2, kolonne Verdi: «tolv» er ikke et tall"]
    both = csv_file([["indicator", "area", "period", "value", "Verdi"]], ";", "utf-8", ",")
    assert [str(error) for error in import_observations(both, "x.csv").errors] == [
        "linje 1, kolonne Verdi: kolonnen «value» står to ganger"]


# --- prioritisation scores (the session page's upload) --------------------------------------------

def score_rows() -> list[list]:
    """The council's 2022 scores with one half point, as a decimal number."""
    with SCORES.open(encoding="utf-8") as file:
        header, *rows = list(csv.reader(file))
    typed = [[cell if position == 0 or not cell.isdigit() else int(cell) for position, cell in enumerate(row)]
             for row in rows]
    typed[0][1] = D("7.5")  # PLL, Q1
    return [header, *typed]


def expected_scores() -> dict:
    header, *rows = score_rows()
    expected = {}
    for row in rows:
        for key, cell in zip(header[1:], row[1:]):
            if cell == "":
                continue  # a blank cell is no score
            expected[(row[0], key)] = (float(cell), "") if isinstance(cell, (int, D)) else (None, cell)
    return expected


def upload_scores(client, content: bytes, filename: str) -> dict:
    response = client.post("/prioritering/ny/", {
        "session-title": "Fra Excel", "session-scoring_model": ScoringModel.objects.get(slug=MODEL.slug).pk,
        "session-upload": SimpleUploadedFile(filename, content)})
    assert response.status_code == 302, response.content.decode()
    scores = Score.objects.filter(measure__session__title="Fra Excel").select_related("measure")
    return {(score.measure.name, score.question): (score.value, score.raw) for score in scores}


@pytest.fixture
def secretariat_client(client, secretariat):
    priority_services.ensure_builtin_models()
    client.force_login(secretariat)
    return client


@pytest.mark.parametrize("separator, encoding, decimal", CSV_VARIANTS)
def test_scores_save_the_same_from_every_csv_variant(secretariat_client, separator, encoding, decimal):
    content = csv_file(score_rows(), separator, encoding, decimal)
    assert upload_scores(secretariat_client, content, "scorer.csv") == expected_scores()


@pytest.mark.parametrize("numbers", XLSX_VARIANTS)
def test_scores_save_the_same_from_a_workbook_laid_out_as_the_table(secretariat_client, numbers):
    content = xlsx_file(score_rows(), numbers)
    assert upload_scores(secretariat_client, content, "scorer.xlsx") == expected_scores()


def test_scores_as_radsmodell_writes_them_for_excel_save_the_same(secretariat_client):
    header, *rows = score_rows()
    columns = [Column("name", NAME_LABELS[0]), *(Column(key, key, DECIMAL, decimals=1) for key in header[1:])]
    content = exports.excel_csv(DataTable("Scorer", columns, rows))
    assert content.decode("utf-8-sig").startswith("Tiltak;Q1;Q2;")
    assert "PLL (pasientens legemiddelliste);7,5;10,0;" in content.decode("utf-8-sig")
    assert upload_scores(secretariat_client, content, "scorer-excel.csv") == expected_scores()


def test_a_bad_score_under_a_norwegian_header_names_the_file_line_and_column(secretariat_client):
    rows = [["Tiltak", *MODEL.leaf_keys()], ["", *["1"] * len(MODEL.leaf_keys())]]
    response = secretariat_client.post("/prioritering/ny/", {
        "session-title": "Feil", "session-scoring_model": ScoringModel.objects.get(slug=MODEL.slug).pk,
        "session-upload": SimpleUploadedFile("scorer.csv", csv_file(rows, ";", "cp1252", ","))})
    assert response.status_code == 400
    assert "scorer.csv: linje 2, kolonne Tiltak: tiltaket mangler navn" in response.content.decode()


# --- the header, in the one reader -------------------------------------------------------------

def test_a_norwegian_header_is_read_as_its_code_and_an_unknown_one_lists_both_names():
    from radsmodell.core.tabular import Row, RowError, read_header

    known, required = ("indicator", "area", "period", "value"), ("indicator", "area", "period")
    labels = {"area": ("Område",), "value": ("Verdi",)}
    names, errors = read_header(Row(1, [" verdi ", "OMRÅDE", "Periode", "indicator"]), known, required, labels)
    assert (names, errors) == (["value", "area", "periode", "indicator"], [
        RowError(1, "periode", "ukjent kolonne «periode»; tillatt er indicator, area, period, value "
                               "(eller på norsk: Område, Verdi)"),
        RowError(1, "", "overskriften mangler period (påkrevd: indicator, area, period)")])


def test_naming_errors_as_headed_keeps_the_count_of_errors_not_shown():
    from radsmodell.core.tabular import ErrorList, Row, RowError, as_headed, error_count

    errors = ErrorList((RowError(line, "value", "x") for line in range(2, 300)), keep=100)
    headed = as_headed(errors, Row(1, ["Indikator", "Verdi"]), ["indicator", "value"])
    assert (len(headed), error_count(headed), str(headed[0])) == (100, 298, "linje 2, kolonne Verdi: x")
