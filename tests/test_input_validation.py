"""One validation for the pages and the API (core/validation.py): what a page refuses, the API
refuses too, each with a message that names the field, and nothing is saved. Times sent to the
API with an offset are stored as Oslo times."""
import re
from datetime import date, time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from radsmodell.costs.models import PayingOrganisation
from radsmodell.costs.organisations import HEADER
from radsmodell.council import services
from radsmodell.council.models import AgendaItem, Body, Case, Input, Meeting
from radsmodell.portfolio.models import Initiative
from radsmodell.strategy.models import Indicator, Observation

INDICATOR = "pll-andel-befolkning"
ENDS_BEFORE = "Møtet må slutte etter at det starter."


def text(response) -> str:
    """The page's words with tags removed and whitespace collapsed."""
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body).replace("\u00a0", " "))


def api_errors(response) -> dict[str, str]:
    """The fields of a 422 answer with their messages."""
    assert response.status_code == 422, response.content
    return {error["field"]: error["message"] for error in response.json()["errors"]}


def post_json(client, url, data, method="post"):
    return getattr(client, method)(url, data, content_type="application/json")


def nuit() -> Body:
    return Body.objects.get(slug="nuit")


def control_message(field: str, char: str) -> str:
    return f"«{field}» inneholder tegnet U+{ord(char):04X}, som ikke er tillatt i tekst."


def date_message(field: str) -> str:
    return f"«{field}» må være en dato mellom 01.01.1990 og 31.12.2100."


# --- end before start -----------------------------------------------------------------------------

def test_a_meeting_that_ends_before_it_starts_is_refused_on_the_page_and_in_the_api(client, secretariat):
    client.force_login(secretariat)
    page = client.post("/moter/ny/", {"body": nuit().pk, "date": "2026-03-05", "start_time": "10:00",
                                      "end_time": "09:00"})
    assert page.status_code == 400 and f"Slutter: {ENDS_BEFORE}" in text(page)
    api = post_json(client, "/api/meetings", {"body": "nuit", "date": "2026-03-05", "start_time": "10:00",
                                              "end_time": "09:00"})
    assert api_errors(api) == {"end_time": ENDS_BEFORE}
    same = post_json(client, "/api/meetings", {"body": "nuit", "date": "2026-03-05", "start_time": "10:00",
                                               "end_time": "10:00:00+01:00"})  # 10:00 in Oslo in March
    assert api_errors(same) == {"end_time": ENDS_BEFORE}
    assert not Meeting.objects.filter(date="2026-03-05").exists()


# --- dates outside 1990–2100 ----------------------------------------------------------------------

@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1989-12-31", "2101-01-01"])
def test_a_date_outside_1990_to_2100_is_refused_on_the_page_and_in_the_api(client, secretariat, day):
    client.force_login(secretariat)
    before = Meeting.objects.count()
    page = client.post("/moter/ny/", {"body": nuit().pk, "date": day})
    assert page.status_code == 400 and date_message("Dato") in text(page)
    api = post_json(client, "/api/meetings", {"body": "nuit", "date": day})
    assert api_errors(api) == {"date": date_message("date")}
    assert Meeting.objects.count() == before


def test_the_first_and_last_day_of_the_range_are_dates_like_any_other(client, secretariat):
    client.force_login(secretariat)
    assert post_json(client, "/api/meetings", {"body": "nuit", "date": "1990-01-01"}).status_code == 201
    assert client.post("/moter/ny/", {"body": nuit().pk, "date": "2100-12-31"}).status_code == 302
    assert Meeting.objects.filter(date__in=[date(1990, 1, 1), date(2100, 12, 31)]).count() == 2


# --- control characters in text -------------------------------------------------------------------

CONTROL = ["\x00", "\x07", "\x1b", "\x7f", "\x85"]


@pytest.mark.parametrize("char", CONTROL)
def test_a_control_character_in_a_meeting_location_is_refused_on_the_page_and_in_the_api(client, secretariat,
                                                                                         char):
    client.force_login(secretariat)
    page = client.post("/moter/ny/", {"body": nuit().pk, "date": "2026-03-05", "location": f"Storo{char}"})
    assert page.status_code == 400 and control_message("Sted", char) in text(page)
    api = post_json(client, "/api/meetings", {"body": "nuit", "date": "2026-03-05", "location": f"Storo{char}"})
    assert api_errors(api)["location"].startswith(control_message("location", char))
    assert not Meeting.objects.filter(date="2026-03-05").exists()


def test_tab_line_feed_and_carriage_return_are_text(client, secretariat):
    client.force_login(secretariat)
    api = post_json(client, "/api/cases/nuit/2024/17/input", {"text": "Første linje\r\nAndre\tlinje"})
    assert api.status_code == 201
    assert Input.objects.filter(text="Første linje\r\nAndre\tlinje").exists()


@pytest.fixture
def planned(secretariat):
    return services.plan_meeting(nuit(), date(2026, 3, 5))


@pytest.mark.parametrize("char", ["\x00", "\x1b"])
def test_a_control_character_in_a_case_title_a_decision_or_an_input_is_refused_everywhere(client, secretariat,
                                                                                        planned, char):
    client.force_login(secretariat)
    cases = Case.objects.filter(meeting=planned).count()
    page = client.post("/moter/nuit/2026-03-05/sak/", {"case-title": f"Ny{char}sak", "case-type": "drofting"})
    assert page.status_code == 400 and control_message("Tittel", char) in text(page)
    api = post_json(client, f"/api/meetings/{planned.pk}/cases", {"title": f"Ny{char}sak", "type": "discussion"})
    assert "title" in api_errors(api) and control_message("title", char) in api_errors(api)["title"]
    assert Case.objects.filter(meeting=planned).count() == cases

    page = client.post("/saker/nuit/2024/17/behandling/", {"outcome-decision": f"NUIT{char} vedtok."})
    assert page.status_code == 400 and control_message("Vedtak", char) in text(page)
    api = post_json(client, "/api/cases/nuit/2024/17/decision", {"decision": f"NUIT{char} vedtok."})
    assert control_message("decision", char) in api_errors(api)["decision"]
    assert Case.objects.get(body__slug="nuit", year=2024, number=17).decision == ""

    inputs = Input.objects.count()
    page = client.post("/saker/nuit/2024/17/innspill/", {"input-text": f"Innspill{char}"})
    assert page.status_code == 400 and control_message("Innspill", char) in text(page)
    api = post_json(client, "/api/cases/nuit/2024/17/input", {"text": f"Innspill{char}"})
    assert control_message("text", char) in api_errors(api)["text"]
    assert Input.objects.count() == inputs


@pytest.mark.parametrize("char", ["\x00", "\x1b"])
def test_a_control_character_in_an_initiative_name_is_refused_on_the_page_and_in_the_api(client, secretariat,
                                                                                         char):
    client.force_login(secretariat)
    page = client.post("/portefolje/tiltak/ny/", {"name": f"Nytt{char}tiltak", "slug": "nytt-tiltak"})
    assert page.status_code == 400 and control_message("Navn", char) in text(page)
    api = post_json(client, "/api/initiatives", {"name": f"Nytt{char}tiltak", "slug": "nytt-tiltak"})
    assert control_message("name", char) in api_errors(api)["name"]
    assert not Initiative.objects.filter(slug="nytt-tiltak").exists()


@pytest.mark.parametrize("char", ["\x00", "\x1b"])
def test_a_control_character_in_an_observation_note_is_refused_by_the_form_the_import_and_the_api(
        client, secretariat, char):
    client.force_login(secretariat)
    indicator = Indicator.objects.get(slug=INDICATOR)
    before = Observation.objects.count()
    page = client.post(f"/strategi/indikatorer/{INDICATOR}/", {
        "obs-area": indicator.primary_area_id, "obs-period": "2031", "obs-value": "1,5", "obs-note": f"Merk{char}"})
    assert page.status_code == 400 and control_message("Merknad", char) in text(page)
    api = post_json(client, f"/api/indicators/{INDICATOR}/observations", {"observations": [
        {"area": "norge", "period": "2031", "value": 1.5, "note": f"Merk{char}"}]})
    assert control_message("note", char) in api_errors(api)["observations.0.note"]
    upload = SimpleUploadedFile("verdier.csv", f"indicator;area;period;value;note\n"
                                               f"{INDICATOR};norge;2031;1,5;Merk{char}\n".encode())
    page = client.post("/strategi/indikatorer/import/", {"file": upload})  # the file as a whole is refused
    assert page.status_code == 400 and f"linje 2: tegnet U+{ord(char):04X}" in text(page)
    assert Observation.objects.count() == before


@pytest.mark.parametrize("char", ["\x00", "\x1b"])
def test_a_control_character_in_an_organisation_name_is_refused_by_the_import_and_the_api(client, secretariat,
                                                                                          char):
    client.force_login(secretariat)
    upload = SimpleUploadedFile("reg.csv", (",".join(HEADER) + f"\n974760673,Klinikk{char} AS,rhf,rhf,,,,,,,\n")
                                .encode())
    page = client.post("/kostnader/virksomheter/import/", {"year": "2031", "file": upload})
    assert page.status_code == 400 and f"linje 2: tegnet U+{ord(char):04X}" in text(page)
    api = post_json(client, "/api/organisations/2031", {"organisations": [
        {"org_number": "974760673", "name": f"Klinikk{char} AS", "kind": "regional_health_authority"}]}, "put")
    assert control_message("name", char) in api_errors(api)["organisations.0.name"]
    assert not PayingOrganisation.objects.filter(year=2031).exists()


# --- times with an offset -------------------------------------------------------------------------

@pytest.mark.parametrize("day, sent, stored", [
    ("2026-06-11", "10:00:00+01:00", time(11, 0)),  # summer: Oslo is UTC+2
    ("2026-01-15", "10:00:00+01:00", time(10, 0)),  # winter: Oslo is UTC+1
    ("2026-06-11", "08:30:00Z", time(10, 30)),
    ("2026-06-11", "10:00", time(10, 0)),  # no offset: an Oslo time already
])
def test_a_time_with_an_offset_is_stored_as_the_oslo_time_of_the_meetings_date(client, secretariat, day, sent,
                                                                               stored):
    client.force_login(secretariat)
    created = post_json(client, "/api/meetings", {"body": "nuit", "date": day, "start_time": sent})
    assert created.status_code == 201, created.content
    meeting = Meeting.objects.get(pk=created.json()["id"])
    assert meeting.start_time == stored
    assert AgendaItem.objects.get(meeting=meeting, position=1).start_time == stored
    added = post_json(client, f"/api/meetings/{meeting.pk}/cases", {"title": "Ny sak", "type": "discussion",
                                                                     "start_time": sent})
    assert added.status_code == 201, added.content
    assert Case.objects.get(meeting=meeting, title="Ny sak").agenda_item.start_time == stored


def test_an_offset_that_moves_the_time_to_another_day_in_oslo_is_refused(client, secretariat):
    client.force_login(secretariat)
    response = post_json(client, "/api/meetings", {"body": "nuit", "date": "2026-01-15",
                                                   "start_time": "23:30:00-02:00"})
    assert "norsk tid, en annen dag enn 15.01.2026" in api_errors(response)["start_time"]
    assert not Meeting.objects.filter(date="2026-01-15").exists()


def test_end_before_start_is_judged_after_the_offsets_are_applied(client, secretariat):
    client.force_login(secretariat)
    created = post_json(client, "/api/meetings", {"body": "nuit", "date": "2026-03-05", "start_time": "10:00",
                                                  "end_time": "09:30:00+00:00"})
    assert created.status_code == 201
    assert Meeting.objects.get(date="2026-03-05").end_time == time(10, 30)
