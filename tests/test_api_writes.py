"""The API's writes for the portfolio (initiatives, status reports), the strategy (observations)
and the register of paying organisations: the roles of the pages, the pages' own checks (422
naming the field), and what they write is what the pages show."""
import io
import re
from csv import DictReader
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from radsmodell.costs.models import PayingOrganisation
from radsmodell.costs.organisations import HEADER
from radsmodell.portfolio import services
from radsmodell.portfolio.models import Initiative, OwnerAccount, StatusReport
from radsmodell.strategy.models import Indicator, Observation

INDICATOR = "pll-andel-befolkning"
REQUIRED = "Feltet er påkrevet."


def text(response) -> str:
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body).replace("\u00a0", " "))


def send(client, method, url, data):
    return getattr(client, method)(url, data, content_type="application/json")


def api_errors(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {error["field"]: error["message"] for error in response.json()["errors"]}


# --- initiatives (secretariat) --------------------------------------------------------------------

NEW_INITIATIVE = {"name": "Digital hjemmeoppfølging i nord", "slug": "dho-nord", "owner": "Helse Nord RHF",
                  "owner_type": "rhf", "segment": "digital_collaboration", "lifecycle": "active", "phase": "trial",
                  "national_solutions": ["sfm"], "main_goal": 2, "other_goals": [4], "criterion_1": True}


@pytest.mark.parametrize("who, status", [(None, 401), ("medlem", 403), ("tiltakseier", 403)])
def test_only_the_secretariat_registers_and_changes_initiatives(client, demo, who, status):
    if who:
        client.force_login(User.objects.get(username=who))
    assert send(client, "post", "/api/initiatives", NEW_INITIATIVE).status_code == status
    assert send(client, "patch", "/api/initiatives/pll", {"name": "Endret"}).status_code == status
    assert not Initiative.objects.filter(slug="dho-nord").exists()
    assert Initiative.objects.get(slug="pll").name != "Endret"


def test_the_secretariat_registers_an_initiative_that_the_page_then_shows(client, secretariat):
    client.force_login(secretariat)
    created = send(client, "post", "/api/initiatives", NEW_INITIATIVE)
    assert created.status_code == 201, created.content
    assert created.json()["slug"] == "dho-nord" and created.json()["national_solutions"] == ["sfm"]
    saved = Initiative.objects.get(slug="dho-nord")
    assert (saved.owner_type, saved.segment, saved.lifecycle, saved.phase) == (
        "rhf", "digital-samhandling", "aktiv", "utproving")
    assert saved.goals == [2, 4] and saved.criterion_1 is True
    page = text(client.get("/portefolje/tiltak/dho-nord/"))
    assert "Digital hjemmeoppfølging i nord" in page and "Helse Nord RHF" in page


def test_a_change_keeps_what_it_leaves_out(client, secretariat):
    client.force_login(secretariat)
    send(client, "post", "/api/initiatives", NEW_INITIATIVE)
    pk = Initiative.objects.get(slug="dho-nord").pk
    changed = send(client, "patch", f"/api/initiatives/{pk}", {"phase": "scale_out", "other_goals": []})
    assert changed.status_code == 200, changed.content
    saved = Initiative.objects.get(pk=pk)
    assert saved.phase == "bredding" and saved.goals == [2]
    assert saved.name == NEW_INITIATIVE["name"] and list(saved.national_solutions.values_list("slug", flat=True)) \
        == ["sfm"]
    assert send(client, "patch", "/api/initiatives/finnes-ikke", {"name": "x"}).status_code == 404
    assert send(client, "patch", "/api/initiatives/pll%00", {"name": "x"}).status_code == 404  # not a 500


@pytest.mark.parametrize("change, field, message", [
    ({"name": ""}, "name", REQUIRED),
    ({"slug": "ny"}, "slug", "«ny» er en fast adresse; velg et annet kortnavn."),
    ({"slug": "pll"}, "slug", "Tiltak med Navn i nettadressen finnes allerede."),
    ({"main_goal": None}, "main_goal", "Velg et hovedmål når andre mål er valgt."),
    ({"main_goal": 9, "other_goals": []}, "main_goal",
     "Velg et gyldig valg. 9 er ikke et av de tilgjengelige valgene."),
    ({"national_solutions": ["finnes-ikke"]}, "national_solutions", "Ukjent kortnavn: finnes-ikke."),
])
def test_an_initiative_is_refused_as_the_page_refuses_it(client, secretariat, change, field, message):
    client.force_login(secretariat)
    data = {**NEW_INITIATIVE, **change}
    errors = api_errors(send(client, "post", "/api/initiatives", data))
    assert errors[field] == message
    assert not Initiative.objects.filter(name=NEW_INITIATIVE["name"]).exists()
    if field != "national_solutions":  # the page offers only the solutions there are
        form = {k: v for k, v in data.items() if v is not None and k not in ("national_solutions", "criterion_1")}
        for key in ("owner_type", "segment", "lifecycle", "phase"):
            form.pop(key)
        page = client.post("/portefolje/tiltak/ny/", form)
        assert page.status_code == 400 and message in text(page)


# --- status reports (reporters for their owner's initiatives, the secretariat) ---------------------

@pytest.fixture
def owner(portfolio):
    user = User.objects.create_user("helse-nord", password="x")
    OwnerAccount.objects.create(user=user, owner="Helse Nord RHF")
    return user


@pytest.fixture
def open_round(portfolio):
    return services.open_round("Desember 2026", None)


def own() -> Initiative:
    return Initiative.objects.filter(owner="Helse Nord RHF").order_by("slug").first()


def other() -> Initiative:
    return Initiative.objects.exclude(owner="Helse Nord RHF").exclude(owner="").order_by("slug").first()


def report_url(round_, initiative) -> str:
    return f"/api/rounds/{round_.slug}/reports/{initiative.slug}"


REPORT = {"overall": "amber", "schedule": "red", "text": "Forsinket levering.", "milestones": "Pilot i mars",
          "risks": [{"description": "Leverandør", "probability": 4, "impact": 3, "mitigation": "Dialog"}]}


def test_a_report_needs_a_login_and_a_reporter_reports_only_for_their_owner(client, owner, member, open_round):
    assert send(client, "put", report_url(open_round, own()), REPORT).status_code == 401
    client.force_login(member)
    refused = send(client, "put", report_url(open_round, own()), REPORT)
    assert refused.status_code == 403 and refused.json()["detail"] == "Du rapporterer bare for egne tiltak."
    client.force_login(owner)
    assert send(client, "put", report_url(open_round, other()), REPORT).status_code == 403
    assert not StatusReport.objects.filter(round=open_round).exists()


def test_a_reporter_saves_a_draft_and_submits_it_as_on_the_page(client, owner, open_round):
    client.force_login(owner)
    draft = send(client, "put", report_url(open_round, own()), REPORT)
    assert draft.status_code == 201, draft.content
    assert draft.json()["state"] == "draft" and draft.json()["overall"] == "amber"
    submitted = send(client, "put", f"/api/rounds/{open_round.pk}/reports/{own().pk}", {**REPORT, "submit": True})
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    report = StatusReport.objects.get(round=open_round, initiative=own())
    assert (report.state, report.overall, report.schedule, report.cost) == ("submitted", "amber", "red", "")
    assert report.reported_by == owner and report.risks.get().probability == 4
    page = text(client.get(f"/portefolje/runder/{open_round.slug}/rapporter/{own().slug}/"))
    assert "Forsinket levering." in page and "Leverandør" in page


def test_the_secretariat_reports_for_any_initiative(client, secretariat, open_round):
    client.force_login(secretariat)
    response = send(client, "put", report_url(open_round, other()), {**REPORT, "submit": True})
    assert response.status_code == 201 and response.json()["initiative"] == other().slug


@pytest.mark.parametrize("report, errors", [
    ({"submit": True}, {"overall": "Må fylles ut før rapporten leveres.",
                        "text": "Må fylles ut før rapporten leveres."}),
    ({**REPORT, "risks": [{"description": "Risiko", "probability": 7, "impact": 2}]},
     {"risks.0.probability": "Verdien må være mindre enn eller lik 5."}),
    ({**REPORT, "risks": [{"description": "Risiko", "impact": 2}], "submit": True},
     {"risks.0.probability": "Risiko 1: sannsynlighet må være et tall fra 1 til 5."}),
])
def test_a_report_is_refused_as_the_page_refuses_it(client, owner, open_round, report, errors):
    client.force_login(owner)
    assert api_errors(send(client, "put", report_url(open_round, own()), report)) == errors
    assert not StatusReport.objects.filter(round=open_round).exists()


def test_more_risks_than_the_form_has_rows_are_refused(client, owner, open_round):
    client.force_login(owner)
    risk = {"description": "Risiko", "probability": 1, "impact": 1}
    assert "risks" in api_errors(send(client, "put", report_url(open_round, own()), {**REPORT, "risks": [risk] * 4}))


def test_a_submitted_report_cannot_be_changed_by_its_reporter(client, owner, open_round):
    client.force_login(owner)
    send(client, "put", report_url(open_round, own()), {**REPORT, "submit": True})
    refused = send(client, "put", report_url(open_round, own()), {**REPORT, "text": "Endret"})
    assert refused.status_code == 422  # the report is with the secretariat
    assert "Rapporten er levert og kan ikke endres." in str(refused.json())
    assert StatusReport.objects.get(round=open_round).text == "Forsinket levering."


# --- observations (secretariat) -------------------------------------------------------------------

def observations(*rows) -> dict:
    return {"observations": list(rows)}


def test_only_the_secretariat_adds_observations(client, member, strategy):
    data = observations({"area": "norge", "period": "2031", "value": 1.5})
    assert send(client, "post", f"/api/indicators/{INDICATOR}/observations", data).status_code == 401
    client.force_login(member)
    assert send(client, "post", f"/api/indicators/{INDICATOR}/observations", data).status_code == 403
    assert not Observation.objects.filter(period="2031").exists()


def test_the_secretariat_adds_observations_that_the_indicator_shows(client, secretariat, strategy):
    client.force_login(secretariat)
    url = f"/api/indicators/{INDICATOR}/observations"
    added = send(client, "post", url, observations(
        {"area": "norge", "period": "2031", "value": "1.5", "note": "Fra API"},
        {"area": "norge", "period": "2032", "numerator": 30, "denominator": 1000}))
    assert added.status_code == 201 and added.json() == {"created": 2, "updated": 0}
    csv = client.get(f"/strategi/indikatorer/{INDICATOR}/data.csv").content.decode()
    rows = {row["period"]: row for row in DictReader(io.StringIO(csv))}
    assert (rows["2031"]["area"], rows["2031"]["value"], rows["2031"]["note"]) == ("norge", "1.5", "Fra API")
    assert rows["2032"]["value"] == "3" and rows["2032"]["denominator"] == "1000"
    replaced = send(client, "post", url, observations({"area": "norge", "period": "2031", "value": 1.7}))
    assert replaced.status_code == 200 and replaced.json() == {"created": 0, "updated": 1}
    assert Observation.objects.get(indicator__slug=INDICATOR, period="2031").value == Decimal("1.7")


@pytest.mark.parametrize("row, field, message", [
    ({"area": "mars", "period": "2031", "value": 1}, "observations.1.area", "ukjent område «mars»"),
    ({"area": "norge", "period": "2031-13", "value": 1}, "observations.1.period", "2031-13"),
    ({"area": "norge", "period": "2033", "numerator": 5, "denominator": 2}, "observations.1.numerator",
     "telleren (5) er større enn nevneren (2)"),
    ({"area": "norge", "period": "2033"}, "observations.1.value", "raden mangler verdi"),
    ({"area": "norge", "period": "2030", "value": 2}, "observations.1.period", "står både på linje 0 og linje 1"),
])
def test_observations_are_checked_as_the_import_checks_them_and_nothing_is_saved(client, secretariat, strategy,
                                                                                 row, field, message):
    client.force_login(secretariat)
    before = Observation.objects.count()
    response = send(client, "post", f"/api/indicators/{INDICATOR}/observations",
                    observations({"area": "norge", "period": "2030", "value": 1}, row))
    assert message in api_errors(response)[field]
    assert Observation.objects.count() == before


def test_an_observation_file_is_imported_as_on_the_import_page(client, secretariat, strategy):
    client.force_login(secretariat)
    good = SimpleUploadedFile("verdier.csv", f"indicator;area;period;value\n{INDICATOR};norge;2031;1,7\n".encode())
    response = client.post("/api/observations/import", {"file": good})
    assert response.status_code == 201 and response.json() == {"created": 1, "updated": 0}
    bad = SimpleUploadedFile("verdier.csv", b"indicator;area;period;value\nfinnes-ikke;norge;2031;1,7\n")
    assert "linje 2, kolonne indicator" in api_errors(client.post("/api/observations/import", {"file": bad}))["file"]
    wrong = SimpleUploadedFile("verdier.pdf", b"%PDF")
    assert api_errors(client.post("/api/observations/import", {"file": wrong}))["file"] == \
        "Filen må være CSV eller XLSX."
    assert Indicator.objects.get(slug=INDICATOR).latest_period == "2031"


# --- the register of paying organisations (secretariat) --------------------------------------------

ORGANISATIONS = [
    {"org_number": "974760673", "name": "Helse Testland RHF", "kind": "regional_health_authority"},
    {"org_number": "974 116 588", "name": "Testklinikken AS", "kind": "private", "segment": "others",
     "turnover_nok": 12_500_000, "keeps_accounts": True, "locations": 3, "ftes": "4.5", "nace": "86.211"},
]


def test_only_the_secretariat_replaces_the_register(client, member, costs):
    data = {"organisations": ORGANISATIONS}
    assert send(client, "put", "/api/organisations/2031", data).status_code == 401
    client.force_login(member)
    assert send(client, "put", "/api/organisations/2031", data).status_code == 403
    assert not PayingOrganisation.objects.filter(year=2031).exists()


def test_the_register_of_a_year_becomes_the_organisations_sent(client, secretariat, costs):
    client.force_login(secretariat)
    created = send(client, "put", "/api/organisations/2031", {"organisations": ORGANISATIONS})
    assert created.status_code == 201 and created.json() == {"year": 2031, "organisations": 2}
    clinic = PayingOrganisation.objects.get(year=2031, org_number="974116588")
    assert (clinic.kind, clinic.segment, clinic.turnover_nok, clinic.locations, str(clinic.ftes)) == (
        "privat", "ovrige", 12_500_000, 3, "4.50")
    assert PayingOrganisation.objects.get(year=2031, org_number="974760673").segment == "rhf"
    page = text(client.get("/kostnader/virksomheter/?year=2031"))
    assert "Helse Testland RHF" in page and "Testklinikken AS" in page
    replaced = send(client, "put", "/api/organisations/2031", {"organisations": ORGANISATIONS[:1]})
    assert replaced.status_code == 200 and replaced.json()["organisations"] == 1
    assert list(PayingOrganisation.objects.filter(year=2031).values_list("name", flat=True)) == ["Helse Testland RHF"]


@pytest.mark.parametrize("change, field, message", [
    ({"org_number": "123456789"}, "organisations.1.org_number", "kontrollsiffer"),
    ({"segment": "municipalities"}, "organisations.1.segment", "typen «privat» hører til segmentet «ovrige»"),
    ({"keeps_accounts": None}, "organisations.1.keeps_accounts", "oppgi om virksomheten er regnskapspliktig"),
    ({"locations": -1}, "organisations.1.locations", "negativt"),
    ({"org_number": "974760673"}, "organisations.1.org_number", "står både på linje 0 og linje 1"),
])
def test_organisations_are_checked_as_the_register_file_is_and_nothing_is_saved(client, secretariat, costs,
                                                                                change, field, message):
    client.force_login(secretariat)
    before = list(PayingOrganisation.objects.values_list("year", "org_number"))
    response = send(client, "put", "/api/organisations/2025",
                    {"organisations": [ORGANISATIONS[0], {**ORGANISATIONS[1], **change}]})
    assert message in api_errors(response)[field]
    assert list(PayingOrganisation.objects.values_list("year", "org_number")) == before


def test_a_register_year_outside_the_forms_range_is_refused(client, secretariat, costs):
    client.force_login(secretariat)
    response = send(client, "put", "/api/organisations/1999", {"organisations": ORGANISATIONS})
    assert api_errors(response) == {"year": "Verdien må være større enn eller lik 2000."}
    assert not PayingOrganisation.objects.filter(year=1999).exists()


def test_a_register_file_is_imported_as_on_the_import_page(client, secretariat, costs):
    client.force_login(secretariat)
    upload = SimpleUploadedFile("reg.csv", (",".join(HEADER) + "\n974760673,Helse Testland RHF,rhf,rhf,,,,,,,\n")
                                .encode())
    response = client.post("/api/organisations/2031/import", {"file": upload})
    assert response.status_code == 201 and response.json() == {"year": 2031, "organisations": 1}
    bad = SimpleUploadedFile("reg.csv", (",".join(HEADER) + "\n123456789,Feil,rhf,rhf,,,,,,,\n").encode())
    assert "linje 2, kolonne org_number" in api_errors(client.post("/api/organisations/2031/import",
                                                                   {"file": bad}))["file"]
    assert PayingOrganisation.objects.filter(year=2031).count() == 1


# --- the contract -----------------------------------------------------------------------------------

def test_the_new_writes_declare_english_enums_in_the_schema(client, demo):
    schema = client.get("/api/openapi.json").json()
    enums = {name: s.get("enum") for name, s in schema["components"]["schemas"].items()}
    assert "sufficient_trial" in enums["InitiativePhase"] and "digital_collaboration" in enums["InitiativeSegment"]
    assert enums["StatusColour"] == ["green", "amber", "red"]
    assert "pharmacy" in enums["OrganisationKind"] and enums["OrganisationSegment"] == [
        "regional_health_authorities", "municipalities", "others"]
    paths = schema["paths"]
    assert {"post", "patch"} <= set(paths["/api/initiatives"]) | set(paths["/api/initiatives/{initiative_id}"])
    assert "put" in paths["/api/rounds/{round_id}/reports/{initiative_id}"]
    assert "put" in paths["/api/organisations/{year}"]
