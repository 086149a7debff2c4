"""The council's and the portfolio's registers as open data (/data/moter, saker, aksjonspunkter, tiltak):
the rows the demo data gives, read from the files as a program and a person would read them, and
nothing the public may not see: no unpublished meeting or case, no decision, case-type change or
action item before the minutes are approved, no status from a report the secretariat has not accepted."""
import csv
import io
import json
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from radsmodell.council import services
from radsmodell.council.models import ActionItem, Body, Case
from radsmodell.portfolio import services as portfolio_services
from radsmodell.portfolio.models import Initiative, StatusReport

VARIANTS = ("excel.csv", "csv", "xlsx", "json")


def _file(client, slug: str, variant: str):
    answer = client.get(reverse("opendata:file", kwargs={"slug": slug, "variant": variant}))
    assert answer.status_code == 200, (slug, variant)
    return answer.content


def _records(client, slug: str) -> list[dict]:
    """The rows as a program reads the machine CSV: English keys, ISO dates, true/false."""
    return list(csv.DictReader(io.StringIO(_file(client, slug, "csv").decode("utf-8"))))


def _excel_rows(client, slug: str) -> list[dict]:
    """The rows as Norwegian Excel reads "CSV for Excel": BOM, `;`, Norwegian headers."""
    content = _file(client, slug, "excel.csv")
    assert content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def _texts(client, slug: str) -> dict[str, str]:
    """Every variant's content as text (the XLSX as its cells' values), to search for what must not be there."""
    texts = {}
    for variant in VARIANTS:
        content = _file(client, slug, variant)
        if variant == "xlsx":
            sheet = load_workbook(io.BytesIO(content)).active
            texts[variant] = "\n".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row
                                       if cell is not None)
        else:
            texts[variant] = content.decode("utf-8-sig")
    return texts


def _row(records: list[dict], **match) -> dict:
    found = [r for r in records if all(r[key] == value for key, value in match.items())]
    assert len(found) == 1, (match, len(found))
    return found[0]


# --- The demo data -------------------------------------------------------------------------------

def test_meetings_file_lists_the_five_published_meetings_with_times_place_and_minutes(client, demo):
    records = _records(client, "moter")
    assert [(r["body_code"], r["date"]) for r in records] == [
        ("e-helseradet", "2022-09-21"), ("nuit", "2024-02-15"), ("nuit", "2024-05-15"), ("nuit", "2025-09-11"),
        ("nuit", "2025-11-20")]
    february = _row(records, date="2024-02-15")
    assert february["number"] == "1/2024" and february["title"] == "NUIT 1/2024"
    assert (february["start_time"], february["end_time"]) == ("09:00", "16:00")
    assert february["location"] == "Helsedirektoratet, Verkstedveien 1, Oslo"
    assert february["notice_published"] == "true" and february["minutes_approved"] == "true"
    assert february["minutes_approved_in_case"] == "16/24" and february["minutes_status"] == "Godkjent"
    assert february["minutes_assumption"]  # the approval is inferred, and the file says so
    assert february["case_count"] == "14"
    assert february["page_path"] == "/moter/nuit/2024-02-15/"
    assert february["minutes_pdf_path"].endswith(".pdf")
    may = _row(records, date="2024-05-15")
    assert may["minutes_approved"] == "false" and may["minutes_pdf_path"] == ""
    assert _row(records, date="2025-09-11")["number"] == ""  # the source gives no number

    excel = _row(_excel_rows(client, "moter"), **{"Møte": "NUIT 1/2024"})
    assert excel["Dato"] == "15.02.2024" and excel["Referat godkjent"] == "Ja" and excel["Organ"] == "NUIT"


def test_cases_file_gives_the_proposal_from_the_notice_and_the_decision_only_from_approved_minutes(client, demo):
    records = _records(client, "saker")
    assert len(records) == Case.objects.count() == 64  # every demo meeting's notice is published
    pricing = _row(records, body_code="nuit", case_number="17/24")
    assert pricing["title"] == ("Prinsipper for fordeling av kostnader for drift- og forvaltning av de nasjonale "
                                "e-helseløsninger")
    assert (pricing["year"], pricing["number"], pricing["type"]) == ("2024", "17", "Drøfting")
    assert pricing["meeting_date"] == "2024-05-15" and pricing["meeting_title"] == "NUIT 2/2024"
    assert pricing["proposed_decision"].startswith("NUIT drøftet foreslåtte prismodeller")
    assert pricing["decision"] == ""
    assert pricing["status"] == "Behandlet (referatet er ikke godkjent)"
    assert pricing["page_path"] == "/saker/nuit/2024/17/"

    growth = _row(records, body_code="nuit", case_number="6/24")  # minutes of 15 February 2024 approved
    assert growth["decision"].startswith("1. NUIT er orientert om endringene i drift")
    assert growth["status"] == "Referatet er godkjent"
    # 8/24 was put up for discussion and taken as information in the meeting (approved minutes).
    assert _row(records, body_code="nuit", case_number="8/24")["type"] == "Orientering"

    reference = _row(records, body_code="e-helsestyret", case_number="25/22")
    assert reference["meeting_date"] == "" and reference["status"] == "Kjent fra henvisning"
    assert reference["decision"].startswith("Nasjonalt e-helsestyre støtter") and reference["decision_assumption"]

    as_json = {(r["body_code"], r["case_number"]): r for r in json.loads(_file(client, "saker", "json"))}
    assert as_json[("nuit", "17/24")]["year"] == 2024 and as_json[("nuit", "17/24")]["meeting_date"] == "2024-05-15"


def test_action_items_file_lists_the_items_of_approved_minutes_with_their_follow_up(client, demo):
    records = _records(client, "aksjonspunkter")
    assert sorted(r["case_number"] for r in records) == ["11/24", "13/24", "4/24", "6/24", "9/24"]
    bergen = _row(records, case_number="4/24")
    assert bergen["text"] == ("Bergen kommune skal komme til NUIT med sak om erfaringsrapporten knyttet til arbeidet "
                              "med pasientens legemiddelliste.")
    assert bergen["owner"] == "Bergen kommune" and bergen["created"] == "2024-02-15"
    assert (bergen["status"], bergen["closed"], bergen["closed_by_case"]) == ("Lukket", "2024-05-15", "25/24")
    assert bergen["closed_assumption"].startswith("Kildene sier ikke at sak 25/24")
    assert bergen["case_page_path"] == "/saker/nuit/2024/4/"
    assert _row(records, case_number="6/24")["status"] == "Åpent"
    assert _row(_excel_rows(client, "aksjonspunkter"), **{"Fra sak": "4/24"})["Lukket"] == "15.05.2024"


def test_initiatives_file_gives_the_latest_accepted_status_as_a_word(client, portfolio):
    records = _records(client, "tiltak")
    assert len(records) == Initiative.objects.count()
    dbep = _row(records, code="dbep")
    assert dbep["name"] == "Digitale behandlings- og egenbehandlingsplaner"
    assert dbep["status"] == "Rød"
    assert dbep["status_round"] == "Nasjonal e-helseportefølje april 2024 (rapportering per 4. april 2024)"
    pll = _row(records, code="pll")
    assert (pll["short_name"], pll["phase"], pll["strategic_goals"]) == ("PLL", "Bredding", "2")
    assert pll["national_solutions"] == "PLL; SFM; e-resept" and pll["national_solution_codes"] == "pll; sfm; e-resept"
    assert pll["status"] == ""  # its accepted report gives no overall colour
    assert pll["page_path"] == "/portefolje/tiltak/pll/"
    nord = _row(records, code="dis-fase-3")
    assert (nord["owner"], nord["owner_type"]) == ("Helse Nord RHF", "RHF")

    sheet = load_workbook(io.BytesIO(_file(client, "tiltak", "xlsx"))).active
    header = [cell.value for cell in sheet[1]]
    assert header[:2] == ["Kode", "Tiltak"] and "Status" in header
    status = header.index("Status") + 1
    assert "Rød" in [row[status - 1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sheet.cell(row=1, column=status).value == "Status"


def test_every_file_of_a_register_has_the_same_rows(client, portfolio):
    for slug in ("moter", "saker", "aksjonspunkter", "tiltak"):
        machine = _records(client, slug)
        assert len(_excel_rows(client, slug)) == len(machine) == len(json.loads(_file(client, slug, "json")))
        sheet = load_workbook(io.BytesIO(_file(client, slug, "xlsx"))).active
        assert sheet.max_row == len(machine) + 1, slug


# --- What the public may not see -----------------------------------------------------------------

@pytest.fixture
def unpublished(demo):
    """A planned meeting with a case whose notice is not published, a draft decision, case-type change and
    action item in the unapproved minutes of 15 May 2024, and a February action item followed up in the
    unpublished case."""
    nuit = Body.objects.get(slug="nuit")
    meeting = services.plan_meeting(nuit, date(2027, 3, 4), location="Skjult møterom 4711", number="9/2027")
    hidden = services.add_case(meeting, "Skjult sak om hemmelige prismodeller", "drofting",
                               proposed_decision="Skjult forslag til vedtak om prismodellene.")
    pricing = Case.objects.get(body=nuit, year=2024, number=17)
    services.record_outcome(pricing, decision="Utkast: NUIT sluttet seg til prismodell B.",
                            type_in_meeting="beslutning", type_change_reason="Utkastets grunn")
    services.add_action_item(pricing, "Utkastets aksjonspunkt om prismodellene", "Norsk helsenett SF")
    growth_item = ActionItem.objects.get(case__body=nuit, case__year=2024, case__number=6)
    services.close_action_item(growth_item, hidden)
    return {"meeting": meeting, "hidden": hidden, "pricing": pricing}


SECRETS = ("Skjult møterom 4711", "9/2027", "Skjult sak om hemmelige prismodeller", "Skjult forslag til vedtak",
           "2027-03-04", "04.03.2027", "Utkast: NUIT sluttet seg", "Utkastets grunn", "Beslutning",
           "Utkastets aksjonspunkt")


def test_no_file_holds_an_unpublished_meeting_or_what_unapproved_minutes_say(client, secretariat, unpublished):
    hidden = unpublished["hidden"]
    for slug in ("moter", "saker", "aksjonspunkter"):
        for variant, text in _texts(client, slug).items():
            for secret in SECRETS:
                assert secret not in text, (slug, variant, secret)
    assert all(r["year"] != "2027" for r in _records(client, "saker"))  # nor the new meeting's opening cases
    items = _records(client, "aksjonspunkter")
    growth = _row(items, case_number="6/24")  # followed up in a case the public cannot see yet: still open
    assert (growth["status"], growth["closed"], growth["closed_by_case"]) == ("Åpent", "", "")
    pricing = _row(_records(client, "saker"), body_code="nuit", case_number="17/24")
    assert (pricing["type"], pricing["decision"]) == ("Drøfting", "")

    # The secretariat sees all of it on the pages.
    client.force_login(secretariat)
    assert "Skjult møterom 4711" in client.get("/moter/").content.decode()
    assert "Skjult sak om hemmelige prismodeller" in client.get(hidden.get_absolute_url()).content.decode()
    assert "Utkast: NUIT sluttet seg til prismodell B." in client.get("/saker/nuit/2024/17/").content.decode()


def test_the_files_are_the_public_s_also_when_the_secretariat_downloads_them(client, secretariat, unpublished):
    client.force_login(secretariat)
    for slug in ("moter", "saker"):
        text = _file(client, slug, "csv").decode()
        assert "Skjult" not in text and "Utkast: NUIT" not in text, slug


def test_initiatives_file_takes_no_status_from_a_report_not_accepted(client, portfolio):
    round_ = portfolio_services.open_round("Skjult statusrunde for test", date(2027, 1, 15))
    pll, dbep = Initiative.objects.get(slug="pll"), Initiative.objects.get(slug="dbep")
    StatusReport.objects.create(round=round_, initiative=pll, overall="red", state=StatusReport.State.SUBMITTED,
                                assumption="Skjult antakelse")
    StatusReport.objects.create(round=round_, initiative=dbep, overall="green", state=StatusReport.State.DRAFT)
    for variant, text in _texts(client, "tiltak").items():
        assert "Skjult" not in text, variant
    records = _records(client, "tiltak")
    assert _row(records, code="pll")["status"] == ""
    assert _row(records, code="dbep")["status"] == "Rød"


# --- The register pages offer the files ----------------------------------------------------------

@pytest.mark.parametrize(("page", "slugs"), [
    ("/moter/", ["moter", "saker"]), ("/sok/", ["saker"]), ("/aksjonspunkter/", ["aksjonspunkter"]),
    ("/portefolje/", ["tiltak"]),
])
def test_register_page_offers_its_files_for_people_and_programs(client, portfolio, page, slugs):
    html = client.get(page).content.decode()
    assert "CSV for Excel" in html and "CSV (UTF-8, komma)" in html and "Excel (XLSX)" in html
    for slug in slugs:
        for suffix in ("-excel.csv", ".csv", ".xlsx", ".json"):
            assert f'href="/data/{slug}{suffix}"' in html, (page, slug, suffix)
    assert "<code>page_path</code>" in html or "<code>case_page_path</code>" in html  # the columns, documented


def test_the_action_items_page_and_api_do_not_show_a_closure_by_a_hidden_case(client, secretariat, unpublished):
    """The page and the API say what the file says: closed by 9/27, a case in an unpublished meeting, is
    still open to the public, and the hidden case number is nowhere; the secretariat sees it closed."""
    hidden_number = unpublished["hidden"].case_number
    page = client.get("/aksjonspunkter/?status=closed").content.decode()
    assert hidden_number not in page
    assert hidden_number not in client.get("/aksjonspunkter/?status=all").content.decode()
    answer = client.get("/api/action-items?status=all").json()
    growth = next(i for i in answer["items"] if i["case_key"].endswith("2024/6"))
    assert (growth["status"], growth["closed_by"], growth["closed"]) == ("open", None, None)
    assert growth["id"] in [i["id"] for i in client.get("/api/action-items?status=open").json()["items"]]

    client.force_login(secretariat)
    assert hidden_number in client.get("/aksjonspunkter/?status=closed").content.decode()
    answer = client.get("/api/action-items?status=all").json()
    growth = next(i for i in answer["items"] if i["case_key"].endswith("2024/6"))
    assert (growth["status"], growth["closed_by"]) == ("closed", hidden_number)
