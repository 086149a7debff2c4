"""The prioritisation as a public record: the workbook's own figures beside the model's, the
missing-answer rule on the page, provenance and assumptions, and no transcription notes."""
import re
from html.parser import HTMLParser

import openpyxl
import pytest
from pagewalk import findings, walk
from test_priority_workbook import ROW, area_sheet, save

from radsmodell.priority import services
from radsmodell.priority.models import PrintedFigure, ScoringModel, ScoringSession

DBEP = "Digitale behandlings- og egenbehandlingsplaner (DBEP)"


class _Table(HTMLParser):
    """The cells' text of each body row of the table with the given id."""

    def __init__(self, table_id: str):
        super().__init__()
        self.table_id, self.inside, self.depth = table_id, False, 0
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._body = False

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("id") == self.table_id:
            self.inside = True
        if not self.inside:
            return
        if tag == "tbody":
            self._body = True
        elif tag == "tr" and self._body:
            self.rows.append([])
        elif tag == "td" and self._body:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "td" and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self.inside = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table(html: str, table_id: str) -> list[list[str]]:
    parser = _Table(table_id)
    parser.feed(html)
    return parser.rows


def visible(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def council_session(demo):
    return ScoringSession.objects.get(title="Tiltak for 2023 – prioritering")


def test_sheets_computing_otherwise_are_flagged_with_both_figures_and_why(client, council_session):
    html = client.get(council_session.get_absolute_url()).content.decode()
    rows = {(sheet, measure, what): (printed, model, why, source)
            for sheet, measure, what, printed, model, why, source in table(html, "printed-differing")}
    older = ("Arket summerer svarene i Pasient og Helsepersonell og legger «Realisere sentral infrastruktur» til "
             "totalen; modellen tar gjennomsnittet av Pasient, Helsepersonell og Realisere sentral infrastruktur i "
             "Nytte.")
    workbook = "Prioriteringsarbeidsbok til Nasjonalt e-helseråd 21. september 2022"
    assert rows[("Felles hjelpenummer", "Felles hjelpenummer", "Score")] == (
        "25,75", "16,1", older, f"{workbook}, ark «Felles hjelpenummer»")
    assert rows[("Dokumentdeling", "Dokumenter utenfor kjernejournal", "Score")] == (
        "16,3", "12,3", older, f"{workbook}, ark «Dokumentdeling»")
    assert rows[("DBEP", DBEP, "Rangering")] == (
        "3", "6", "Arkets egen rangering stemmer ikke med rådets samlede rangering i arket «Samlet», som gir plass 6, "
                  "slik modellen gjør.", f"{workbook}, ark «DBEP»")
    # The other stale per-sheet ranks, each against «Samlet» and the model.
    assert {(sheet, measure): (printed, model) for (sheet, measure, what), (printed, model, *_) in rows.items()
            if what == "Rangering" and sheet != "DBEP"} == {
        ("Dokumentdeling", "Dokumentdeling i legevakt/ØHD"): ("6,0", "7"),
        ("Dokumentdeling", "Dokumentdeling andre kommunale helse- og omsorgstjenester"): ("8,0", "10"),
        ("Dokumentdeling", "Dokumentdeling fastleger"): ("7,0", "9"),
        ("Kritisk info", "Kritisk info hos andre helseaktører"): ("9,0", "11"),
    }
    assert len(rows) == 7
    # Every other printed figure agrees, «Samlet» included; the #DIV/0! of a benefit without answers too.
    agreeing = table(html, "printed-agreeing")
    assert len(agreeing) == PrintedFigure.objects.filter(session=council_session).count() - 7 == 39
    assert ["Samlet", DBEP, "Rangering", "6", f"{workbook}, ark «Samlet»"] in agreeing
    assert ["Dokumentdeling", "Dokumentdeling andre helseaktører/tjenester", "Score", "#DIV/0!",
            f"{workbook}, ark «Dokumentdeling»"] in agreeing


def test_the_workbooks_figures_do_not_replace_the_models(client, council_session):
    html = client.get(council_session.get_absolute_url()).content.decode()
    results = {row[1]: row for row in table(html, "results")}
    # Scored by the model, not ranked: the council's «Samlet» leaves them out; the sheet's 25.75 is not taken over.
    assert results["Felles hjelpenummer"][0] == "–" and results["Felles hjelpenummer"][-1].startswith("16,1 ")
    assert "Utenfor rangeringen: Står i arbeidsboken, men ikke i rådets samlede rangering (arket «Samlet»)." in \
        results["Felles hjelpenummer"][-1]
    assert results["Dokumenter utenfor kjernejournal"][-1].startswith("12,3 ")
    assert [row[0] for row in table(html, "results")][:11] == [str(n) for n in range(1, 12)]
    assert "25,75" not in str(table(html, "results"))
    data = client.get(f"/api/priority/sessions/{council_session.pk}/results").json()
    felles = next(r for r in data["results"] if r["name"] == "Felles hjelpenummer")
    assert (felles["rank"], felles["status"], round(felles["score"], 4)) == (None, "outside_ranking", 16.0833)
    assert [r["name"] for r in data["results"] if r["rank"]] == [row[0] for row in table(html, "sensitivity")]


def test_the_missing_answer_rule_is_said_on_the_model_page_and_the_session_page(client, council_session):
    model_page = visible(client.get("/prioritering/modeller/ehelseraad-2022/").content.decode())
    assert ("Som regnearket (Måloppnåelse, Kostnader, Nytte, Pasient, Helsepersonell): Tomme svar og tekst utelates, "
            "slik Excels GJENNOMSNITT gjør, men en undergruppe der alle svar mangler, har ingen verdi (#DIV/0! i "
            "arket), og det bærer oppover") in model_page
    assert "Krever alle (Score): Gruppen har verdi bare når alle svar og undergrupper har verdi." in model_page
    criteria = table(client.get("/prioritering/modeller/ehelseraad-2022/").content.decode(), "criteria")
    assert [row[:2] for row in criteria if row[0]] == [["gjennomsnitt", "som regnearket"]] * 5  # M, K, N, P, H
    session_page = visible(client.get(council_session.get_absolute_url()).content.decode())
    assert "Gjelder Måloppnåelse, Kostnader, Nytte, Pasient, Helsepersonell." in session_page
    assert "for lite data (Nytte)" in session_page  # «Dokumentdeling andre helseaktører/tjenester»: no benefit answer


def test_tie_break_and_case_link_are_marked_as_assumed_with_the_reason(client, council_session):
    reason = "Kildene sier ikke hvordan lik score avgjøres."
    for url in ("/prioritering/modeller/ehelseraad-2022/", council_session.get_absolute_url()):
        page = visible(client.get(url).content.decode())
        assert re.search(r"Ved lik score går tiltaket med høyest Nytte, så Måloppnåelse først, deretter navnet i "
                         r"alfabetisk rekkefølge\. antatt " + re.escape(reason), page), url
    page = visible(client.get(council_session.get_absolute_url()).content.decode())
    assert re.search(r"35/22 Tiltak for 2023 .* antatt Arbeidsboken står først i møtedokumentene til Nasjonalt "
                     r"e-helseråd 21\. september 2022, uten å være knyttet til en sak\.", page)
    assert "Kilde Prioriteringsarbeidsbok til Nasjonalt e-helseråd 21. september 2022 " in page


def test_the_public_sees_references_and_the_secretariat_the_transcription_notes(client, council_session,
                                                                                 secretariat):
    public = client.get(council_session.get_absolute_url()).content.decode()
    assert "seed 002" not in public and "Transkripsjonsnotat" not in public
    client.force_login(secretariat)
    inside = client.get(council_session.get_absolute_url()).content.decode()
    assert "Transkripsjonsnotat" in inside
    assert "seed 002, arbeidsbok, ark «Felles hjelpenummer» (raden Score; Rangering er tom)" in inside


def test_priority_pages_show_no_transcription_notes_or_english(client, council_session):
    wrong, pages = [], 0
    for url, text in walk(client, ["/prioritering/"], within="/prioritering/"):
        pages += 1
        wrong += findings(url, text)
    assert pages >= 4 and not wrong, wrong


def test_a_session_copes_with_a_measure_missing_a_sub_group(client, secretariat):
    services.ensure_builtin_models()
    model = ScoringModel.objects.get(slug="ehelseraad-2022")
    full = dict(Q1=8, Q2=10, C1=6, C2=1, C3=9, C4=9, P1=10, P2=10, H1=9, H2=10, I=3)
    scores = {"Alfa": [full], "Beta": [{**full, "Q1": 5}], "Uten helsepersonell": [{**full, "H1": None, "H2": None}]}
    session = services.create_session("Runde", model, list(scores), rater_name="Rådet", scores=scores)
    services.set_status(session, ScoringSession.Status.CLOSED)
    html = client.get(session.get_absolute_url()).content.decode()
    results = table(html, "results")
    assert [(row[0], row[1]) for row in results] == [("1", "Alfa"), ("2", "Beta"), ("–", "Uten helsepersonell")]
    assert results[2][2:] == ["9,0", "6,3", "–", "for lite data (Helsepersonell)"]
    assert [row[0] for row in table(html, "sensitivity")] == ["Alfa", "Beta"]  # only ranked measures are drawn


def test_a_workbook_import_flags_a_sheet_whose_score_is_not_the_models(client, secretariat):
    answers = dict(Q1=3, Q2=5, C1=2, C2=8, C3=10, C4=9, P1=3, P2=2, H1=2, H2=2, I=10)
    book = openpyxl.Workbook()
    sheet = area_sheet(book, "Felles hjelpenummer", {"Felles hjelpenummer": answers})
    sheet.cell(ROW["score"], 3, 25.75)  # what the sheet printed, by its own formula
    sheet.cell(ROW["score"] + 1, 3, 3)  # and a rank of its own
    book.remove(book["Sheet"])
    upload = save(book)
    upload.name = "arbeidsbok.xlsx"
    client.force_login(secretariat)
    response = client.post("/prioritering/ny/", {
        "session-title": "Import", "session-scoring_model": ScoringModel.objects.get(slug="ehelseraad-2022").pk,
        "session-upload": upload}, follow=True)
    page = visible(response.content.decode())
    rows = table(response.content.decode(), "printed-differing")
    assert rows == [["Felles hjelpenummer", "Felles hjelpenummer", "Score", "25,75", "16,1",
                     "Arket summerer svarene i Pasient og Helsepersonell og legger «Realisere sentral infrastruktur» "
                     "til totalen; modellen tar gjennomsnittet av Pasient, Helsepersonell og Realisere sentral "
                     "infrastruktur i Nytte.", "arbeidsboken arbeidsbok.xlsx, ark «Felles hjelpenummer», celle C19"],
                    ["Felles hjelpenummer", "Felles hjelpenummer", "Rangering", "3", "1",
                     "Arkets rangering er ikke modellens rangering av tiltakene i runden.",
                     "arbeidsboken arbeidsbok.xlsx, ark «Felles hjelpenummer», celle C20"]]
    assert "2 tall i arbeidsboken er ikke modellens" in page
    session = ScoringSession.objects.get(title="Import")
    assert list(PrintedFigure.objects.filter(session=session).values_list("what", "printed")) == [
        ("score", "25.75"), ("rank", "3")]
    results = table(response.content.decode(), "results")
    assert results[0][-1] == "16,1"  # the session ranks by the model's figure


def test_a_note_typed_where_the_sheet_prints_a_figure_is_not_taken_for_a_figure(client, secretariat):
    answers = dict(Q1=3, Q2=5, C1=2, C2=8, C3=10, C4=9, P1=3, P2=2, H1=2, H2=2, I=10)
    book = openpyxl.Workbook()
    sheet = area_sheet(book, "Felles hjelpenummer", {"Felles hjelpenummer": answers})
    sheet.cell(ROW["score"], 3, 25.75)
    sheet.cell(ROW["score"] + 1, 3, "ikke rangert ennå, venter på svar fra fagmiljøene")
    book.remove(book["Sheet"])
    upload = save(book)
    upload.name = "arbeidsbok.xlsx"
    client.force_login(secretariat)
    response = client.post("/prioritering/ny/", {
        "session-title": "Med merknad", "session-scoring_model": ScoringModel.objects.get(slug="ehelseraad-2022").pk,
        "session-upload": upload}, follow=True)
    assert response.status_code == 200
    session = ScoringSession.objects.get(title="Med merknad")
    assert list(PrintedFigure.objects.filter(session=session).values_list("what", "printed")) == [("score", "25.75")]
    assert client.get(f"/prioritering/{session.pk}/").status_code == 200


def test_a_model_of_ones_own_chooses_the_rule_per_group_and_defaults_to_the_workbooks(client, secretariat):
    definition = """
tie_break: [B]
root:
  key: s
  label: Sum
  combine: sum
  children:
    - {key: A, label: Alfa, missing: skip, children: [{key: a1, label: Første}, {key: a2, label: Andre}]}
    - {key: B, label: Beta, children: [{key: b1, label: Tredje}]}
"""
    client.force_login(secretariat)
    response = client.post("/prioritering/modeller/ny/", {"model-slug": "egen", "model-name": "Egen",
                                                          "model-definition": definition}, follow=True)
    html = response.content.decode()
    # The cells beside each criterion (Alfa, its two questions, Beta, its question): combine, missing rule.
    assert [row[:2] for row in table(html, "criteria")] == [["gjennomsnitt", "hopper over"], ["", ""], ["", ""],
                                                            ["gjennomsnitt", "som regnearket"], ["", ""]]
    page = visible(html)
    assert "Hopper over (Alfa): Manglende svar og undergrupper uten verdi utelates" in page
    assert "Som regnearket (Beta): Tomme svar og tekst utelates" in page
    stored = ScoringModel.objects.get(slug="egen").definition["root"]
    assert [g["missing"] for g in stored["children"]] == ["skip", "propagate"] and stored["missing"] == "require"
    refused = client.post("/prioritering/modeller/ny/", {"model-slug": "feil", "model-name": "Feil",
                                                         "model-definition": definition.replace("skip", "ignore")})
    assert refused.status_code == 400 and "unknown rule for missing values" in refused.content.decode()
