"""Reading the council's score workbook (laid out like seed 002) and writing the results as Excel."""
import csv
import io
from pathlib import Path

import openpyxl
import pytest
from django.utils import translation
from openpyxl.comments import Comment

from radsmodell.priority.builtin import EHELSERAAD_2022 as MODEL
from radsmodell.priority.engine import MEAN, SUM, Criterion, Model, combine, evaluate
from radsmodell.priority.sensitivity import simulate
from radsmodell.priority.tables import one_decimal, read_scores_csv
from radsmodell.priority.workbook import CellWarning, WorkbookError, read_workbook, results_xlsx

DEMO = Path(__file__).resolve().parents[1] / "src/radsmodell/priority/demo/ehelseraad-2022.csv"
COUNCIL_TABLE = [
    ("PLL (pasientens legemiddelliste)", "22.8"),
    ("Dokumentdeling i spesialisthelsetjenesten", "20.8"),
    ("Kritisk info i spesialisthelsetjenesten", "19.8"),
    ("Kritisk info hos fastleger og avtalespesialister", "19.1"),
    ("Kritisk info i kommunal helse- og omsorgstjeneste", "18.3"),
    ("Digitale behandlings- og egenbehandlingsplaner (DBEP)", "18.2"),
    ("Dokumentdeling i legevakt/ØHD", "18.2"),
    ("Generisk datadelingstjeneste", "15.8"),
    ("Dokumentdeling fastleger", "15.2"),
    ("Dokumentdeling andre kommunale helse- og omsorgstjenester", "14.8"),
    ("Kritisk info hos andre helseaktører", "13.0"),
]

# The rows of an area sheet in seed 002, from row 2 down in column B: (label, what the row holds).
# A question key takes the measure's score; a group key takes Excel's computed value, as the sheet has it.
SEED_ROWS = [
    ("Måloppnåelse", "M"),  # row 3
    ("I hvor stor grad realiseres informasjonsbehov/tjenester?", "Q1"),
    ("Samsvarer tiltaket med sektorens prioriteringer?", "Q2"),
    ("Kostnader", "K"),  # row 6, with the comment on the scale
    ("I hvor stor grad er tiltaket teknisk komplekst?", "C1"),
    ("I hvor stor grad er tiltaket organisatorisk komplekst?", "C2"),
    ("Juridisk utvikling?", "C3"),  # row 9
    ("Semantisk utvikling?", "C4"),
    ("Nytte", "N"),
    ("Pasient", "P"),
    ("I hvor stor grad bidrar tiltaket til økt pasientsikkerhet og kvalitet?", "P1"),
    ("I hvor stor grad bidrar tiltaket til en enklere hverdag for innbyggere/pasienter?", "P2"),
    ("Helsepersonell", "H"),
    ("I hvor stor grad bidrar tiltaket til enklere arbeidshverdag?", "H1"),
    ("Tryggere på at beslutninger er riktige?", "H2"),
    ("Realisere sentral infrastruktur", "I"),
    ("Score", "score"),
    ("Rangering", None),
]
HEADER_ROW = 2
ROW = {key: row for row, (_, key) in enumerate(SEED_ROWS, start=HEADER_ROW + 1)}

# Measure names by sheet, as the council grouped them. "Dokumenter utenfor kjernejournal" is in
# the seed's Dokumentdeling sheet but not in its summary, so not in the demo CSV.
SHEETS = {
    "DBEP": ["Digitale behandlings- og egenbehandlingsplaner (DBEP)"],
    "Dokumentdeling": ["Dokumentdeling i spesialisthelsetjenesten", "Dokumentdeling i legevakt/ØHD",
                       "Dokumentdeling andre kommunale helse- og omsorgstjenester", "Dokumentdeling fastleger",
                       "Dokumentdeling andre helseaktører/tjenester", "Dokumenter utenfor kjernejournal"],
    "Kritisk info": ["Kritisk info i spesialisthelsetjenesten", "Kritisk info hos fastleger og avtalespesialister",
                     "Kritisk info i kommunal helse- og omsorgstjeneste", "Kritisk info hos andre helseaktører"],
    "Legemidler": ["PLL (pasientens legemiddelliste)"],
    "DHO": ["Generisk datadelingstjeneste"],
}
EXTRA = {"Dokumenter utenfor kjernejournal": dict(Q1=8, Q2=2, C1=2, C2=6, C3=7, C4=6, P1=3, P2=3, H1=3, H2=3, I=0)}
# Remarks the council wrote to the right of the scores, as in seed 002.
TRAILING = {("DBEP", "H1"): "*", ("Kritisk info", "C3"): "Lovkrav om meldeplikt?",
            ("Legemidler", "C4"): "Kritisk infodelen tas av `kritisk info`"}
SCALE_NOTE = "10 lite komplekts - 0 ekstremt komplekst"


def node(key: str, tree: Criterion = MODEL.root) -> Criterion | None:
    if tree.key == key:
        return tree
    return next((found for child in tree.children if (found := node(key, child))), None)


def as_cell(text: str):
    """A CSV cell as the council typed it: a number, blank, or text left as text."""
    try:
        return int(text)
    except ValueError:
        return text or None


def council_cells() -> dict[str, dict]:
    """Measure → question → cell value, from the demo CSV (text kept as text) and EXTRA."""
    with DEMO.open(encoding="utf-8") as f:
        rows = {row.pop("name"): {k: as_cell(v) for k, v in row.items()} for row in csv.DictReader(f)}
    return rows | EXTRA


def area_sheet(book, title: str, cells: dict[str, dict], rows=SEED_ROWS):
    """One area sheet like seed 002: labels in column B, a measure per column from C, group rows with
    Excel's value (ERROR:#DIV/0! when it has none), and remarks in the column after the last measure."""
    sheet = book.create_sheet(title)
    names = list(cells)
    for column, name in enumerate(names, start=3):
        sheet.cell(HEADER_ROW, column, name)
    for row, (label, key) in enumerate(rows, start=HEADER_ROW + 1):
        sheet.cell(row, 2, label)
        for column, name in enumerate(names, start=3):
            sheet.cell(row, column, cell_value(key, cells[name]))
        if (title, key) in TRAILING:
            sheet.cell(row, 3 + len(names), TRAILING[(title, key)])
    sheet.cell(ROW["K"], 2).comment = Comment(SCALE_NOTE, "Siri")
    return sheet


def cell_value(key, answers: dict):
    if key is None:
        return None
    if node(key).is_leaf:
        return answers.get(key)
    numbers = {k: v if isinstance(v, int) else None for k, v in answers.items()}
    value = combine(node(key), numbers)
    return "ERROR:#DIV/0!" if value is None else value


def summary_sheet(book):
    sheet = book.active
    sheet.title = "Samlet"
    sheet.append([None, "Tiltak", "Score", "Prioriteringsnummer"])
    for position, (name, score) in enumerate(COUNCIL_TABLE, start=1):
        sheet.append([None, name, float(score), position])


def save(book) -> io.BytesIO:
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def council_workbook() -> io.BytesIO:
    cells = council_cells()
    book = openpyxl.Workbook()
    summary_sheet(book)
    for title, names in SHEETS.items():
        area_sheet(book, title, {name: cells[name] for name in names})
    return save(book)


def one_measure_workbook(title="DBEP", name="Tiltak", **changes) -> io.BytesIO:
    answers = dict(Q1=8, Q2=7, C1=4, C2=3, C3=7, C4=4, P1=9, P2=8, H1=5, H2=9, I=3) | changes
    book = openpyxl.Workbook()
    area_sheet(book, title, {name: answers})
    book.remove(book["Sheet"])
    return save(book)


@pytest.fixture(scope="module", autouse=True)
def english():
    """The messages as today's English wording pins them (the msgids are Norwegian)."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def council_csv():
    measures, _ = read_scores_csv(DEMO.read_text(encoding="utf-8"), MODEL)
    return measures


@pytest.fixture(scope="module")
def council_read():
    return read_workbook(council_workbook(), MODEL)


def test_council_workbook_reads_back_the_demo_scores(council_read, council_csv):
    measures, _ = council_read
    extra = "Dokumenter utenfor kjernejournal"
    assert measures[extra] == [{k: float(v) for k, v in EXTRA[extra].items()}]
    assert {name: m for name, m in measures.items() if name != extra} == council_csv


def test_council_workbook_gives_the_councils_order(council_read, council_csv):
    measures, _ = council_read
    results = evaluate(MODEL, {name: m for name, m in measures.items() if name in council_csv})
    assert [(r.name, one_decimal(r.score)) for r in results if r.rank] == COUNCIL_TABLE
    assert results[-1].name == "Dokumentdeling andre helseaktører/tjenester" and results[-1].rank is None


def test_text_cell_is_missing_with_a_warning_naming_sheet_and_cell(council_read):
    # Kritisk info hos andre helseaktører is the 4th measure (column F); C3 is row 9. The
    # ERROR:#DIV/0! cells are in computed rows and the remark is right of the measures: no warning.
    _, warnings = council_read
    assert [(w.sheet, w.cell) for w in warnings] == [("Kritisk info", "F9")]
    assert "Sjekke med Siri Pernille?" in warnings[0].message
    assert (warnings[0].measure, warnings[0].question, warnings[0].text) == (
        "Kritisk info hos andre helseaktører", "C3", "Sjekke med Siri Pernille?")
    assert str(warnings[0]).startswith("sheet Kritisk info, cell F9: ")


def test_excel_error_in_a_question_row_is_missing_with_a_warning():
    measures, warnings = read_workbook(one_measure_workbook(P2="ERROR:#DIV/0!"), MODEL)
    assert measures["Tiltak"][0]["P2"] is None
    message = "«ERROR:#DIV/0!» is not a number and is treated as missing"
    assert warnings == [CellWarning("DBEP", f"C{ROW['P2']}", message, measure="Tiltak", question="P2",
                                    text="ERROR:#DIV/0!")]


def test_score_outside_the_scale_names_sheet_and_cell():
    with pytest.raises(WorkbookError, match=r"sheet «DBEP», cell C5: .*Q2 = 12 is outside the scale 0–10"):
        read_workbook(one_measure_workbook(Q2=12), MODEL)


def test_same_measure_in_two_sheets_names_both():
    cells = {"PLL": dict(Q1=8, Q2=10, C1=6, C2=1, C3=9, C4=9, P1=10, P2=10, H1=9, H2=10, I=3)}
    book = openpyxl.Workbook()
    area_sheet(book, "Legemidler", cells)
    area_sheet(book, "Kritisk info", cells)
    with pytest.raises(WorkbookError, match="«PLL» appears in sheet «Legemidler» and in sheet «Kritisk info»$"):
        read_workbook(save(book), MODEL)


def test_group_without_its_questions_names_sheet_and_row():
    rows = [r for r in SEED_ROWS if r[1] != "C4"]  # Kostnader with three questions, then Nytte
    book = openpyxl.Workbook()
    area_sheet(book, "DBEP", {"Tiltak": {}}, rows=rows)
    cut = "sheet «DBEP», row 10: expected question C4 of «Kostnader», found «Nytte»"
    with pytest.raises(WorkbookError, match=cut):
        read_workbook(save(book), MODEL)


def test_group_cut_off_at_the_end_of_the_sheet():
    rows = SEED_ROWS[:SEED_ROWS.index(("Helsepersonell", "H")) + 2]  # Helsepersonell and only H1
    book = openpyxl.Workbook()
    area_sheet(book, "DBEP", {"Tiltak": {}}, rows=rows)
    end = f"sheet «DBEP», row {ROW['H2']}: expected question H2 of «Helsepersonell», found the end of the sheet"
    with pytest.raises(WorkbookError, match=end):
        read_workbook(save(book), MODEL)


def test_spaced_rows_and_comment_text_in_the_label_cell_as_the_seed_export_shows_them():
    """Seed 002 as exported: a blank row between rows, and an old comment written into «Kostnader»."""
    answers = dict(Q1=8, Q2=7, C1=4, C2=3, C3=7, C4=4, P1=9, P2=8, H1=5, H2=9, I=3)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([None, None, "Implementering av DBEP"])
    for label, key in SEED_ROWS:
        if key == "K":
            label = f"Kostnader\n\ntc={{01CF0CA1}}: [Kommentartråd]\n\nKommentar:\n    {SCALE_NOTE}"
        sheet.append([])
        sheet.append([None, label, cell_value(key, answers)])
    measures, warnings = read_workbook(save(book), MODEL)
    assert measures == {"Implementering av DBEP": [{k: float(v) for k, v in answers.items()}]}
    assert warnings == []


def test_not_an_xlsx_file(tmp_path):
    path = tmp_path / "scores.xlsx"
    path.write_text(DEMO.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(WorkbookError, match=r"^scores.xlsx is not an Excel workbook \(.xlsx\)$"):
        read_workbook(path, MODEL)
    with pytest.raises(WorkbookError, match="is not an Excel workbook"):
        read_workbook(io.BytesIO(b"name,Q1\n"), MODEL)


def test_path_is_read_by_content_not_extension(tmp_path):
    path = tmp_path / "upload"
    path.write_bytes(one_measure_workbook().getvalue())
    measures, _ = read_workbook(str(path), MODEL)
    assert measures["Tiltak"][0]["I"] == 3


def test_layout_comes_from_the_model():
    """Another model with the same layout: groups found by their labels, questions by position."""
    model = Model(slug="small", name="Small", root=Criterion(key="score", label="Sum", combine=SUM, children=(
        Criterion(key="A", label="Effekt", combine=MEAN, children=(
            Criterion(key="A1", label="a1"), Criterion(key="A2", label="a2"))),
        Criterion(key="B", label="Gevinst", combine=MEAN, children=(
            Criterion(key="B1", label="Ledig kapasitet"),
            Criterion(key="BB", label="Brukere", combine=MEAN, children=(Criterion(key="B2", label="b2"),)))),
    )))
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [["", "Alfa", "Beta"], ["Gevinst", 9, 9], ["Ledig kapasitet", 1, 2], ["Brukere", 9, 9],
                ["hvor mange?", 3, 4], ["Effekt", 9, 9], ["første", 5, 6], ["andre", 7, 8], ["Sum", 99, 99]]:
        sheet.append([None, *row])
    measures, _ = read_workbook(save(book), model)
    assert measures == {"Alfa": [dict(A1=5, A2=7, B1=1, B2=3)], "Beta": [dict(A1=6, A2=8, B1=2, B2=4)]}


def test_results_xlsx_round_trips_ranks_names_and_one_decimal(council_csv):
    results = evaluate(MODEL, council_csv)
    with translation.override("nb"):  # Norwegian headers on a Norwegian sheet
        book = openpyxl.load_workbook(io.BytesIO(results_xlsx(MODEL, results)))
    assert book.sheetnames == ["Resultat"]
    sheet = book["Resultat"]
    assert [c.value for c in sheet[1]] == ["Rang", "Tiltak", "Måloppnåelse", "Kostnader", "Nytte", "Score",
                                           "Status (kode)", "Merknad"]
    assert all(c.font.bold for c in sheet[1]) and sheet.freeze_panes == "A2"
    rows = list(sheet.iter_rows(min_row=2))
    ranked = [(rank.value, name.value, shown(score)) for rank, name, *_, score, status, remark in rows[:-1]]
    assert ranked == [(position, name, score) for position, (name, score) in enumerate(COUNCIL_TABLE, start=1)]
    rank, name, m, k, n, score, status, remark = rows[-1]
    assert (rank.value, name.value, shown(m), shown(k), n.value) == (
        None, "Dokumentdeling andre helseaktører/tjenester", "4.0", "4.0", None)
    # why there is no score stands in its own text column; the score cell stays empty, never text
    assert (score.value, status.value, remark.value) == (None, "insufficient_data", "for lite data (Nytte)")
    assert rows[0][5].value == pytest.approx(22.75)  # the full value is kept, only shown with one decimal


def shown(cell) -> str:
    """The cell as Excel displays it, for the one-decimal format the sheet uses."""
    assert cell.number_format == "#,##0.0"
    return one_decimal(cell.value)


def test_results_xlsx_with_sensitivity(council_csv):
    results = evaluate(MODEL, council_csv)
    ranked = [r for r in results if r.rank]
    values = [[r.groups[g.key] for g in MODEL.groups] for r in ranked]
    sensitivity = simulate(values, MODEL.group_weights(), [r.name for r in ranked], draws=2000, top_k=3)
    with translation.override("nb"):
        book = openpyxl.load_workbook(io.BytesIO(results_xlsx(MODEL, results, sensitivity)))
    assert book.sheetnames == ["Resultat", "Følsomhet"]
    sheet = book["Følsomhet"]
    assert [c.value for c in sheet[1]] == ["Tiltak", "Sannsynlighet for topp 3", "Rang 5 %", "Rang 95 %"]
    first = sheet[2]
    assert first[0].value == "PLL (pasientens legemiddelliste)"
    assert first[1].number_format == "#,##0%" and 0 < first[1].value <= 1
    assert 1 <= first[2].value <= first[3].value <= len(ranked)
    assert sheet.max_row == len(ranked) + 1


def test_results_xlsx_says_why_a_measure_is_unranked_in_norwegian(council_csv):
    with translation.override("nb"):
        book = openpyxl.load_workbook(io.BytesIO(results_xlsx(MODEL, evaluate(MODEL, council_csv))))
    last = book["Resultat"].max_row
    assert book["Resultat"].cell(row=last, column=6).value is None
    assert book["Resultat"].cell(row=last, column=8).value == "for lite data (Nytte)"
