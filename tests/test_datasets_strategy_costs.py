"""The strategy's and the cost distribution's registers as open data: what each file holds for the
demo data, numbers rounded as the pages show them for people and in full for programs, only what
the public pages show, and the downloads on each register's page."""
import csv
import io
import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from radsmodell.costs.models import PayingOrganisation
from radsmodell.strategy.models import Area, Indicator, Observation, SubGoal

SLUGS = ("mal", "veikart", "indikatorer", "observasjoner", "prismodeller", "organisasjoner")


def url(slug: str, variant: str) -> str:
    return reverse("opendata:file", kwargs={"slug": slug, "variant": variant})


def records(client, slug: str) -> list[dict]:
    """The JSON file's rows (for programs)."""
    response = client.get(url(slug, "json"))
    assert response.status_code == 200
    return json.loads(response.content)


def machine_rows(client, slug: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(client.get(url(slug, "csv")).content.decode("utf-8"))))


def excel_rows(client, slug: str) -> list[dict]:
    """The CSV for Excel as Norwegian Excel reads it: BOM, semicolons, Norwegian headers."""
    content = client.get(url(slug, "excel.csv")).content
    assert content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def one(rows: list[dict], **wanted) -> dict:
    found = [row for row in rows if all(row[key] == value for key, value in wanted.items())]
    assert len(found) == 1, (wanted, len(found))
    return found[0]


def text(response) -> str:
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body).replace("\u00a0", " "))


# --- mal --------------------------------------------------------------------------------------

def test_the_goals_file_counts_each_goals_indicators_as_the_dashboard_does(client, strategy):
    goals = records(client, "mal")
    goal_2 = one(goals, goal="enklere-arbeidshverdag", level="Strategisk mål")
    assert (goal_2["number"], goal_2["name"]) == (2, "Enklere arbeidshverdag")
    assert (goal_2["indicators"], goal_2["no_ambition"], goal_2["not_measurable"], goal_2["behind"]) == (5, 2, 3, 0)
    pll = one(goals, level="Delmål", code="2.2", year=2025)
    assert pll["name"] == ("Helsepersonell skal ha tilgang til en felles oppdatert legemiddelliste, pasientens "
                           "legemiddelliste (PLL)")
    assert (pll["goal"], pll["parent"], pll["status"]) == ("enklere-arbeidshverdag", "Mål 2: Enklere arbeidshverdag",
                                                           "Vedtatt")
    assert pll["source"] == "Saksframlegg til NUIT 11. september 2025, sak 26/25"
    assert "«vedtatt» er antatt" in pll["assumption"]
    assert pll["indicators"] is None  # a count belongs to goals, a sub-goal has none


def test_a_sub_goal_that_no_page_shows_is_in_no_file(client, strategy):
    # The proposed 2026 sub-goals N1–N5 sit under no goal and no activity names them: no page shows them.
    hidden = SubGoal.objects.get(code="N1", year=2026)
    assert hidden.goal is None and not hidden.activities.exists()
    goals = records(client, "mal")
    assert [row["code"] for row in goals if row["code"].startswith("N")] == []
    assert one(goals, code="2.2", year=2025)  # the placed ones are there
    for slug in SLUGS:
        assert hidden.text not in client.get(url(slug, "csv")).content.decode()


def test_every_source_in_the_files_is_the_public_reference_never_the_transcription_note(client, strategy, costs):
    for slug in SLUGS:
        content = client.get(url(slug, "json")).content.decode()
        assert not re.search(r"\bseed \d{3}", content, re.IGNORECASE), slug


# --- veikart ------------------------------------------------------------------------------------

def test_the_roadmap_file_holds_every_version_with_the_current_one_marked(client, strategy):
    rows = records(client, "veikart")
    on_hold = one(rows, version="2025-q3", activity="foreldres-tilgang-barn")
    assert on_hold["current"] is True and on_hold["published"] == "2025-09-11"
    assert (on_hold["status"], on_hold["goal_number"]) == ("satt på vent", 1)
    assert on_hold["goal"] == "Mål 1: Aktiv medvirkning i egen og næres helse"
    before = one(rows, version="2025-q2", activity="prinsipper-deling-helseinformasjon")
    assert (before["current"], before["published"], before["name"]) == (False, None, "Tillitsmodell")
    assert (before["subgoal_code"], before["subgoal"]) == ("4.1", "Trygg og effektiv informasjonsdeling mellom aktører")
    measured = one(rows, version="2025-q3", activity="pasientens-maledata")
    assert measured["initiatives"] == "Pasientens måledata"
    # As many activities as the roadmap page lists for the version.
    page = text(client.get(reverse("strategy:roadmap"), {"versjon": "2025-q3"}))
    shown = int(re.search(r"(\d+) aktiviteter", page).group(1))
    assert sum(1 for row in rows if row["version"] == "2025-q3") == shown


# --- indikatorer and observasjoner --------------------------------------------------------------

def test_the_indicator_catalogue_gives_the_status_in_words_in_its_own_column(client, strategy):
    pll = one(records(client, "indikatorer"), indicator="pll-andel-befolkning")
    assert (pll["name"], pll["unit"], pll["higher_is_better"]) == ("Pasientens legemiddelliste", "prosent", True)
    assert pll["data_source"] == "NHN / Reseptformidleren" and pll["area"] == "Norge"
    assert (pll["latest_period"], pll["latest_value"]) == ("2025-10", 1.5)
    assert (pll["status"], pll["status_name"]) == ("unclear_ambition", "Kan ikke vurderes (uklar ambisjon)")
    assert pll["target_value"] is None  # the ambition is not the series', so nothing is judged against it
    assert pll["assessment_period"] == "2025-Q3" and "12,1 % av innbyggerne i Bergensområdet" in pll["assessment"]
    people = one(excel_rows(client, "indikatorer"), **{"Indikator (kortnavn)": "pll-andel-befolkning"})
    assert (people["Siste verdi"], people["Høyere er bedre"], people["Status"]) == (
        "1,5", "Ja", "Kan ikke vurderes (uklar ambisjon)")
    assert len(records(client, "indikatorer")) == Indicator.objects.count() == 27


def test_the_observations_file_holds_each_value_of_the_series(client, strategy):
    rows = records(client, "observasjoner")
    bergen = one(rows, indicator="pll-andel-befolkning", area="bergen", period="2025-10")
    assert (bergen["value"], bergen["unit"], bergen["denominator"], bergen["numerator"]) == (
        12.1, "prosent", 475472, None)
    assert (bergen["area_name"], bergen["period_start"]) == ("Bergensområdet", "2025-10-01")
    assert len(rows) == Observation.objects.count()


def test_values_are_rounded_as_the_page_shows_them_for_people_and_full_for_programs(client, strategy):
    pll = Indicator.objects.get(slug="pll-andel-befolkning")
    Observation.objects.create(indicator=pll, area=Area.objects.get(slug="norge"), period="2025-11",
                               period_start=date(2025, 11, 1), value=Decimal("1.6789"), note="Foreløpig tall")
    people = one(excel_rows(client, "observasjoner"), **{"Indikator (kortnavn)": "pll-andel-befolkning",
                                                         "Område (kortnavn)": "norge", "Periode": "2025-11"})
    assert (people["Verdi"], people["Merknad"], people["Periodens første dag"]) == ("1,7", "Foreløpig tall",
                                                                                    "01.11.2025")
    machine = one(machine_rows(client, "observasjoner"), indicator="pll-andel-befolkning", area="norge",
                  period="2025-11")
    assert (machine["value"], machine["note"], machine["period_start"]) == ("1.6789", "Foreløpig tall", "2025-11-01")
    # The page shows the same value with one decimal.
    assert "1,7 %" in text(client.get(pll.get_absolute_url()))


def test_a_value_given_as_numerator_and_denominator_is_their_share_in_the_value_column(client, strategy):
    pll = Indicator.objects.get(slug="pll-andel-befolkning")
    Observation.objects.create(indicator=pll, area=Area.objects.get(slug="norge"), period="2025-12",
                               period_start=date(2025, 12, 1), numerator=1, denominator=3)
    row = one(records(client, "observasjoner"), indicator="pll-andel-befolkning", area="norge", period="2025-12")
    assert (row["value"], row["numerator"], row["denominator"]) == (33.3333, 1, 3)


# --- prismodeller and organisasjoner -------------------------------------------------------------

def test_the_price_models_file_gives_each_steps_shares_in_percent_and_the_turnover_limits(client, costs):
    rows = machine_rows(client, "prismodeller")
    sfm = one(rows, model="sfm-2025", legal_basis_private="true")
    assert (sfm["share_rhf"], sfm["share_municipalities"], sfm["share_others"]) == ("49.5", "49.5", "1")
    assert sfm["key_others"] == "likt per virksomhet" and sfm["first_year"] == "2025" and sfm["last_year"] == ""
    assert sfm["source"] == "Toppnotat til NUIT 15. mai 2024, sak 17/24"
    assert one(rows, model="sfm-2025", legal_basis_private="false")["share_others"] == "0"
    helsenettet = one(rows, model="helsenettet-2025")
    assert helsenettet["share_rhf"].startswith("33.33333333")  # 1/3 in full
    assert helsenettet["turnover_limits"] == "B over 15 000 000 kr, C over 40 000 000 kr"
    assert helsenettet["chain_min_locations"] == "10"
    assert helsenettet["key_others"] == "etter priskategori: A, B, C, kjede, unntak"
    people = one(excel_rows(client, "prismodeller"), **{"Prismodell (kortnavn)": "helsenettet-2025"})
    assert people["Andel regionale helseforetak"] == "33,3"  # as the price model pages show 1/3
    sheet = load_workbook(io.BytesIO(client.get(url("prismodeller", "xlsx")).content)).active
    header = [cell.value for cell in sheet[1]]
    share = sheet.cell(row=2, column=header.index("Andel regionale helseforetak") + 1)
    assert share.value == 0.5 and share.number_format.endswith("%")  # sfm-2025: 50 %, a number


def test_the_organisations_file_holds_what_the_register_page_shows_for_every_year(client, costs):
    rows = records(client, "organisasjoner")
    south_east = one(rows, org_number="991324968", year=2025)
    assert (south_east["name"], south_east["segment"], south_east["segment_name"]) == (
        "Helse Sør-Øst RHF", "rhf", "Regionale helseforetak")
    oslo = one(excel_rows(client, "organisasjoner"), **{"Navn": "Oslo kommune", "År": "2025"})
    assert (oslo["Innbyggere"], oslo["Segment"], oslo["Type"]) == ("717710", "Kommuner", "Kommune")
    page = text(client.get(reverse("costs:organisations"), {"year": 2025, "q": "Oslo kommune"}))
    assert "717 710" in page
    # The models use full-time equivalents and whether an organisation keeps accounts; no page shows them.
    assert not {"ftes", "keeps_accounts"} & set(rows[0])
    assert {row["year"] for row in rows} == set(PayingOrganisation.objects.values_list("year", flat=True))


# --- the register pages -------------------------------------------------------------------------

@pytest.mark.parametrize(("page", "slugs", "words"), [
    ("strategy:dashboard", ["mal"], "Last ned målene og delmålene:"),
    ("strategy:roadmap", ["veikart"], "Last ned veikartet, alle versjoner:"),
    ("strategy:indicators", ["indikatorer", "observasjoner"], "Last ned indikatorkatalogen:"),
    ("costs:price_models", ["prismodeller"], "Last ned prismodellene:"),
    ("costs:organisations", ["organisasjoner"], "Last ned registeret, alle år:"),
])
def test_each_register_page_offers_its_files_and_documents_their_columns(client, strategy, costs, page, slugs,
                                                                          words):
    response = client.get(reverse(page))
    html = response.content.decode()
    assert words in text(response)
    for slug in slugs:
        for variant in ("excel.csv", "xlsx", "csv", "json"):
            assert f'href="{url(slug, variant)}"' in html, (slug, variant)
    assert "CSV for Excel" in html and "Kolonnene i filene" in html
