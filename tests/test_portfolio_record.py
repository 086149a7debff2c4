"""The portfolio as a record the public can trust: every source cited as the council's document,
inferred values marked "antatt" with their reason, rounds newest first, a reporter's own words
(risks and line breaks) shown as entered, and closing a round confirmed first."""
import shutil
from datetime import date

import pytest
import yaml
from django.contrib.auth.models import User

from radsmodell.portfolio import services
from radsmodell.portfolio.demo.load import DEMO_DIR, DemoDataError, load_demo
from radsmodell.portfolio.models import Initiative, Round, StatusReport


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _order(html: str, *texts: str) -> list[int]:
    return [html.index(text) for text in texts]


# --- sources and assumptions --------------------------------------------------------------------

def test_the_initiative_page_cites_the_documents_and_hides_the_transcription_notes(client, portfolio):
    html = page(client, "/portefolje/tiltak/pll/")
    assert "Prioriteringsarbeidsbok til Nasjonalt e-helseråd 21. september 2022, ark «Samlet»" in html
    # «Omtalt i rådsmodellens dokumenter»: each mention names its document, case and all.
    assert "(<span class=\"source\">Referat fra NUIT 15. februar 2024, sak 3/24</span>)" in html
    assert "Toppnotat til NUIT 15. mai 2024, sak 25/24" in html
    # The status of April 2024 names the round's source.
    assert "Toppnotat til NUIT 15. mai 2024, sak 19/24" in html
    assert "seed" not in html.lower() and "Transkripsjonsnotat" not in html


def test_the_secretariat_sees_the_transcription_note_beside_the_reference(client, secretariat):
    client.force_login(secretariat)
    html = page(client, "/portefolje/tiltak/pll/")
    assert "Transkripsjonsnotat" in html and "seed 000, referat NUIT 15.02.2024, sak 3/24" in html


def test_an_inferred_phase_and_owner_are_marked_antatt_with_their_reason(client, portfolio):
    eik = page(client, "/portefolje/tiltak/eik/")
    assert Initiative.objects.get(slug="eik").phase == "bredding"
    assert ">antatt</summary>" in eik and "«under nasjonal innføring»; fasen bredding er utledet av det." in eik
    dho = page(client, "/portefolje/tiltak/dho-nordlandssykehuset/")
    assert ">antatt</summary>" in dho and "eiertypen RHF er utledet av" in dho
    # A value read from a source carries no mark.
    assert ">antatt</summary>" not in page(client, "/portefolje/tiltak/pll/")


def test_the_round_page_cites_its_source_and_marks_the_inferred_closed_status(client, portfolio):
    html = page(client, "/portefolje/runder/2024-04/")
    assert "Toppnotat til NUIT 15. mai 2024, sak 19/24" in html and "seed" not in html.lower()
    status = html[html.index("<dt>Status</dt>"):html.index("<dt>Kilde</dt>")]
    assert "Avsluttet" in status and ">antatt</summary>" in status
    assert "ikke at runden ble avsluttet" in status
    november = page(client, "/portefolje/runder/2025-11/")
    assert "Saksframlegg til NUIT 20. november 2025, sak 41/25" in november


def test_a_status_colour_inferred_by_the_secretariat_is_marked_antatt(client, portfolio):
    report = StatusReport.objects.get(initiative__slug="dbep", round__slug="2024-04")
    assert report.assumption == ""  # the seed says red
    assert ">antatt</summary>" not in _status_section(page(client, "/portefolje/tiltak/dbep/"))
    report.assumption = "Rapporten oppgir ingen farge; rød er utledet av at løsningen må tas ned."
    report.save()
    html = _status_section(page(client, "/portefolje/tiltak/dbep/"))
    assert ">antatt</summary>" in html and "rød er utledet av at løsningen må tas ned" in html


def _status_section(html: str) -> str:
    """The initiative page's status history (other sections mark assumptions of their own)."""
    return html[html.index('id="status"'):html.index('id="avhengigheter"')]


def test_epj_vendors_and_national_solutions_cite_their_documents(client, portfolio):
    vendors = page(client, "/portefolje/epj-leverandorer/")
    assert "Saksdokumenter til Nasjonalt e-helseråd 21. september 2022, sak 35/22" in vendors
    dependencies = page(client, "/portefolje/avhengigheter/")
    assert "Toppnotat til NUIT 15. mai 2024, sak 17/24" in dependencies  # SFM, Helsenettet
    for html in (vendors, dependencies):
        assert "seed" not in html.lower()


def test_the_portfolio_report_cites_the_document_and_marks_the_assumption(client, portfolio):
    html = page(client, "/portefolje/runder/2024-04/rapport.html")
    assert "Toppnotat til NUIT 15. mai 2024, sak 19/24" in html
    assert "Avsluttet (antatt: Kildene viser porteføljerapporten for runden" in html
    assert "Digitale behandlings- og egenbehandlingsplaner" in html and "seed" not in html.lower()


def test_the_api_gives_the_reference_and_the_assumptions(client, portfolio):
    eik = Initiative.objects.get(slug="eik")
    detail = client.get(f"/api/initiatives/{eik.pk}").json()
    assert detail["source"] == "Toppnotat til NUIT 15. mai 2024, sak 20/24"
    assert detail["phase_assumption"].startswith("Kildene sier at løsningen er «under nasjonal innføring»")
    assert detail["owner_assumption"] == ""
    rounds = {r["slug"]: r for r in client.get("/api/rounds").json()["items"]}
    assert rounds["2024-04"]["assumption"].startswith("Kildene viser porteføljerapporten")


def test_an_assumption_about_a_value_the_file_leaves_out_stops_the_load(db, tmp_path):
    broken = tmp_path / "demo"
    shutil.copytree(DEMO_DIR, broken, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    path = broken / "initiatives.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    index = next(n for n, e in enumerate(data["initiatives"]) if e["slug"] == "pll")
    del data["initiatives"][index]["phase"]
    data["initiatives"][index]["phase_assumption"] = "Utledet."
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(DemoDataError, match=rf"^initiatives\.yaml: initiatives\[{index}\]\.phase_assumption: "):
        load_demo(broken)
    assert not Initiative.objects.exists()


# --- rounds newest first ------------------------------------------------------------------------

def test_rounds_are_listed_newest_first(client, portfolio):
    html = page(client, "/portefolje/runder/")
    listing = html[html.index('id="rounds"'):]
    november, september, april = _order(listing, "november 2025", "september 2025", "april 2024")
    assert november < september < april
    assert [r["slug"] for r in client.get("/api/rounds").json()["items"]] == ["2025-11", "2025-09", "2024-04"]

    services.open_round("Desember 2026", None)  # opened today, no deadline: the newest
    services.open_round("Mars 2027", date(2027, 3, 1))
    listing = page(client, "/portefolje/runder/")
    listing = listing[listing.index('id="rounds"'):]
    march, december, november = _order(listing, "Mars 2027", "Desember 2026", "november 2025")
    assert march < december < november


def test_the_initiative_page_lists_its_statuses_newest_first(client, portfolio):
    pll = Initiative.objects.get(slug="pll")
    for slug in ("2025-09", "2025-11"):
        StatusReport.objects.create(round=Round.objects.get(slug=slug), initiative=pll, overall="amber",
                                    state=StatusReport.State.ACCEPTED, text=f"Status {slug}.")
    html = page(client, "/portefolje/tiltak/pll/")
    statuses = html[html.index('id="status"'):]
    november, september, april = _order(statuses, "Nasjonal e-helseportefølje november 2025",
                                         "Nasjonal e-helseportefølje september 2025",
                                         "Nasjonal e-helseportefølje april 2024")
    assert november < september < april
    overview = page(client, "/portefolje/")
    row = overview[overview.index(">Pasientens legemiddelliste</a>"):]
    assert row.index("november 2025") < row.index("</tr>")  # the latest status is the newest round's


# --- the reporter's own words ---------------------------------------------------------------------

@pytest.fixture
def reporter(portfolio, client):
    client.force_login(User.objects.get(username="tiltakseier"))
    return client


REPORT = {
    "overall": "amber", "risk": "amber",
    "text": "Timebestilling er forsinket.\nLeverandøren melder ny dato i mars.\n\nResten går etter planen.",
    "milestones": "Pilot i Bodø\nBredding i Helse Nord",
    "risk-1-description": "Leverandørkapasitet\n(to team deler én leverandør)", "risk-1-probability": "4",
    "risk-1-impact": "3", "risk-1-mitigation": "Tett oppfølging\nEskalering til styringsgruppen",
    "risk-2-description": "Finansiering av drift", "risk-2-probability": "2", "risk-2-impact": "5",
    "action": "submit",
}


def test_a_reporter_sees_the_risks_and_line_breaks_of_the_report_they_delivered(reporter):
    round_ = services.open_round("Desember 2026", None)
    url = f"/portefolje/runder/{round_.slug}/rapporter/dis-fase-3/"
    assert reporter.post(url, REPORT).status_code == 302
    html = page(reporter, url)  # delivered: no longer a form, the report as read
    assert "<textarea" not in html
    assert ("<p>Timebestilling er forsinket.<br>Leverandøren melder ny dato i mars.</p>\n\n"
            "<p>Resten går etter planen.</p>") in html
    assert "Pilot i Bodø<br>Bredding i Helse Nord" in html
    risks = html[html.index('id="report-risks"'):]
    assert "Leverandørkapasitet<br>(to team deler én leverandør)" in risks
    assert "Tett oppfølging<br>Eskalering til styringsgruppen" in risks
    assert "Finansiering av drift" in risks and "<td>4</td><td>3</td>" in risks and "<td>2</td><td>5</td>" in risks


def test_a_reporter_editing_a_draft_gets_the_risks_back_in_the_form(reporter):
    round_ = services.open_round("Desember 2026", None)
    url = f"/portefolje/runder/{round_.slug}/rapporter/dis-fase-3/"
    assert reporter.post(url, {**REPORT, "action": "draft"}).status_code == 302
    html = page(reporter, url)
    assert "Leverandørkapasitet\n(to team deler én leverandør)</textarea>" in html
    assert "Timebestilling er forsinket.\nLeverandøren melder ny dato i mars." in html


def test_accepted_text_keeps_its_line_breaks_on_the_public_pages(reporter, client, secretariat):
    round_ = services.open_round("Desember 2026", None)
    reporter.post(f"/portefolje/runder/{round_.slug}/rapporter/dis-fase-3/", REPORT)
    report = StatusReport.objects.get(round=round_, initiative__slug="dis-fase-3")
    services.accept_report(report)
    reporter.logout()
    for url in ("/portefolje/tiltak/dis-fase-3/", round_.get_absolute_url()):
        html = page(client, url)
        assert "<p>Timebestilling er forsinket.<br>Leverandøren melder ny dato i mars.</p>" in html, url
    initiative = page(client, "/portefolje/tiltak/dis-fase-3/")
    assert "Leverandørkapasitet<br>(to team deler én leverandør)" in initiative


# --- closing a round ------------------------------------------------------------------------------

def test_closing_a_round_asks_first_and_closes_once_confirmed(client, secretariat):
    round_ = services.open_round("Desember 2026", None)
    client.force_login(secretariat)
    html = page(client, round_.get_absolute_url())
    form = html[html.index(f'action="/portefolje/runder/{round_.slug}/avslutt/"'):]
    assert form.index('data-confirm="Avslutte og låse runden? Rapportene kan ikke endres etterpå."') < form.index(">")

    asked = client.post(f"/portefolje/runder/{round_.slug}/avslutt/")
    assert asked.status_code == 200
    question = asked.content.decode()
    assert "Avslutte og låse runden? Rapportene kan ikke endres etterpå." in question
    assert 'name="confirmed" value="1"' in question and "Avslutt og lås runden" in question
    round_.refresh_from_db()
    assert round_.status == Round.Status.OPEN  # nothing happened yet

    done = client.post(f"/portefolje/runder/{round_.slug}/avslutt/", {"confirmed": "1"})
    assert done.status_code == 302
    round_.refresh_from_db()
    assert round_.status == Round.Status.CLOSED
