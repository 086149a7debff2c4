"""Exports are inert: a name that a spreadsheet would read as a formula comes out of every CSV and
XLSX export as text (CSV: a leading apostrophe; XLSX: a string cell), while numbers, negative ones
too, stay numbers. Each export is produced the way its user gets it: the download URL or the command."""
import csv
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from radsmodell.core.exports import append_row, csv_writer, inert, xlsx_cell

EVIL = '=HYPERLINK("http://evil.example","Helse Sør-Øst")'
# Printable ones go through files the importers read; tab and carriage return only where stored directly
# (an importer may strip or refuse control characters, which is its own rule).
PRINTABLE = [EVIL, "+1", "-1+2", "@SUM(A1)"]
PAYLOADS = PRINTABLE + ["\t=1", "\r=1"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?\d+(\.\d+)?")
ROOT = Path(__file__).resolve().parents[1]


def csv_cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def assert_csv_inert(text: str, payloads: list[str]) -> list[list[str]]:
    """Every payload is there with its apostrophe, and no cell but a number starts like a formula."""
    rows = csv_cells(text)
    cells = [cell for row in rows for cell in row]
    for payload in payloads:
        assert "'" + payload in cells, (payload, rows)
    dangerous = [c for c in cells if c.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(c)]
    assert dangerous == []
    return rows


def assert_xlsx_inert(content: bytes, payloads: list[str]) -> dict:
    """Every payload is a string cell with its text unchanged, the file holds no formula at all, and
    numbers are number cells."""
    book = load_workbook(io.BytesIO(content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    for payload in payloads:
        found = [c for c in cells if c.value == payload]
        assert found and all(c.data_type == "s" for c in found), payload
    assert all(c.data_type == "n" for c in cells if isinstance(c.value, (int, float)))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/")]
    assert not any(b"<f>" in xml or b"<f " in xml for xml in sheets)
    return {sheet.title: [[c.value for c in row] for row in sheet.iter_rows()] for sheet in book.worksheets}


# --- core/exports.py itself ------------------------------------------------------------------

@pytest.mark.parametrize("text", PAYLOADS)
def test_text_that_starts_like_a_formula_gets_a_leading_apostrophe(text):
    assert inert(text) == "'" + text


@pytest.mark.parametrize("value", ["Helse Sør-Øst RHF", "", "1+1", "a=b", "'=1", " =1"])
def test_other_text_is_left_as_it_is(value):
    assert inert(value) == value


@pytest.mark.parametrize("value", [-1, -1.5, Decimal("-1234.50"), 0, None, True])
def test_numbers_even_negative_ones_are_not_text(value):
    assert inert(value) is value


def test_the_csv_writer_makes_every_row_inert_and_keeps_numbers():
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(["name", "amount"])
    writer.writerows([[p, Decimal("-12.50")] for p in PAYLOADS])
    rows = assert_csv_inert(out.getvalue(), PAYLOADS)
    assert [row[1] for row in rows[1:]] == ["-12.50"] * len(PAYLOADS)


def test_the_xlsx_rows_hold_text_as_string_cells_and_numbers_as_numbers():
    book = Workbook()
    sheet = book.active
    for payload in PAYLOADS:
        append_row(sheet, [payload, -12.5, Decimal("-3.25"), 7])
    out = io.BytesIO()
    book.save(out)
    rows = assert_xlsx_inert(out.getvalue(), PAYLOADS)[sheet.title]
    assert [row[1:] for row in rows] == [[-12.5, -3.25, 7]] * len(PAYLOADS)


def test_a_control_character_an_xlsx_file_cannot_hold_is_replaced_not_a_crash():
    cell = xlsx_cell(Workbook().active, "Helse\x00Nord\x1f")
    assert cell.value == "Helse\ufffdNord\ufffd" and cell.data_type == "s"


# --- every export --------------------------------------------------------------------------

@pytest.fixture
def secretary(costs, django_user_model):
    user = django_user_model.objects.create_user("sek-eksport", password="x")
    user.groups.add(Group.objects.get_or_create(name="sekretariat")[0])
    return user


def test_invoice_lines_as_csv_and_xlsx_hold_organisation_names_as_text(client, secretary):
    from radsmodell.costs.models import Allocation, PayingOrganisation

    register = list(PayingOrganisation.objects.filter(year=2025).order_by("org_number")[:len(PAYLOADS)])
    for organisation, payload in zip(register, PAYLOADS):
        organisation.name = payload
        organisation.save()
    client.force_login(secretary)
    response = client.post("/kostnader/fordelinger/ny/", {"model": "sfm-2025", "year": "2025", "cost": "1 000 000"})
    assert response.status_code == 302
    allocation = Allocation.objects.get(model_slug="sfm-2025", year=2025)
    client.logout()  # the lines are public

    rows = assert_csv_inert(client.get(f"/kostnader/fordelinger/{allocation.pk}/linjer.csv").content.decode(),
                            PAYLOADS)
    assert sum(Decimal(row[7]) for row in rows[1:]) == Decimal("1000000.00")

    sheet = assert_xlsx_inert(client.get(f"/kostnader/fordelinger/{allocation.pk}/linjer.xlsx").content,
                              PAYLOADS)["Fakturalinjer"]
    *lines, total = sheet[1:]
    assert all(isinstance(row[7], float | int) for row in lines)
    assert sum(Decimal(str(row[7])) for row in lines) == Decimal("1000000.00") == Decimal(str(total[7]))


def test_the_allocate_command_writes_organisation_names_as_text(tmp_path):
    from radsmodell.costs.cli import run_allocate

    rows = csv_cells((ROOT / "src/radsmodell/costs/demo/organisations.csv").read_text(encoding="utf-8"))
    for row, payload in zip(rows[1:], PRINTABLE):
        row[1] = payload
    path = tmp_path / "organisations.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)
    stdout, stderr, code = run_allocate("sfm-2025", 2025, "120000000", path, "csv", False)
    assert code == 0, stderr
    lines = assert_csv_inert(stdout, PRINTABLE)
    assert sum(Decimal(line[7]) for line in lines[1:]) == Decimal("120000000.00")


@pytest.fixture
def hostile_session(secretary):
    """An open scoring session whose measures are named like formulas, with scores, so they are ranked."""
    from radsmodell.priority import services
    from radsmodell.priority.models import Measure, ScoringModel
    from radsmodell.priority.tables import read_scores_csv

    services.ensure_builtin_models()
    model = ScoringModel.objects.get(slug="ehelseraad-2022")
    lines = ["name,Q1,Q2,C1,C2,C3,C4,P1,P2,H1,H2,I"] + [
        f"Tiltak {n},{n},5,5,5,5,5,5,5,5,5,1" for n in range(len(PAYLOADS))]
    scores, _warnings = read_scores_csv("\n".join(lines).encode(), model.engine, "scores.csv")
    session = services.create_session("Eksportprøve", model, list(scores), scores=scores, rater_name="Fagutvalget")
    for n, payload in enumerate(PAYLOADS):  # stored as typed: tab and carriage return included
        Measure.objects.filter(session=session, name=f"Tiltak {n}").update(name=payload)
    return session


def test_prioritisation_results_as_csv_and_xlsx_hold_measure_names_as_text(client, secretary, hostile_session):
    client.force_login(secretary)
    rows = assert_csv_inert(client.get(f"/prioritering/{hostile_session.pk}/resultat.csv").content.decode(), PAYLOADS)
    assert {row[1] for row in rows[1:]} == {"'" + p for p in PAYLOADS}

    sheets = assert_xlsx_inert(client.get(f"/prioritering/{hostile_session.pk}/resultat.xlsx").content, PAYLOADS)
    assert {row[1] for row in sheets["Resultat"][1:]} == set(PAYLOADS)
    score = sheets["Resultat"][0].index("Score")
    assert all(isinstance(row[score], float) for row in sheets["Resultat"][1:])  # the scores stay numbers
    assert {row[0] for row in sheets["Følsomhet"][1:]} == set(PAYLOADS)


def test_the_prioritize_command_writes_measure_names_as_text(tmp_path):
    path = tmp_path / "scores.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["name", "Q1", "Q2", "C1", "C2", "C3", "C4", "P1", "P2", "H1", "H2", "I"])
        writer.writerows([[payload, n, 5, 5, 5, 5, 5, 5, 5, 5, 5, 1] for n, payload in enumerate(PRINTABLE)])
    out = io.StringIO()
    call_command("prioritize", model="ehelseraad-2022", input=str(path), fmt="csv", stdout=out)
    rows = assert_csv_inert(out.getvalue(), PRINTABLE)
    assert {row[1] for row in rows[1:]} == {"'" + p for p in PRINTABLE}


def test_an_indicators_series_as_csv_holds_measures_and_notes_as_text_and_negative_values_as_numbers(client, strategy):
    from radsmodell.strategy import services
    from radsmodell.strategy.models import Area, Indicator

    indicator, area = Indicator.objects.first(), Area.objects.first()
    services.save_observations([{"indicator": indicator, "area": area, "measure": payload, "period": "2031",
                                 "value": Decimal("-1.5"), "note": payload} for payload in PAYLOADS])
    rows = assert_csv_inert(client.get(f"/strategi/indikatorer/{indicator.slug}/data.csv").content.decode(), PAYLOADS)
    measure, value, note = (rows[0].index(key) for key in ("measure", "value", "note"))
    hostile = [row for row in rows if row[measure] in {"'" + p for p in PAYLOADS}]
    assert len(hostile) == len(PAYLOADS)
    assert all(row[value] == "-1.5" and row[note] == row[measure] for row in hostile)
