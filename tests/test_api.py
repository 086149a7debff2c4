"""The JSON API: what it returns and who may write."""
import pytest

from radsmodell.council import services
from radsmodell.council.models import Body, Case, Meeting


def test_bodies_list_the_three_levels_with_current_names_and_the_dissolved_predecessor_last(client, demo):
    bodies = client.get("/api/bodies").json()["items"]
    assert [b["slug"] for b in bodies] == ["e-helseradet", "nuit", "nufa", "e-helsestyret"]
    nuit = bodies[1]
    assert nuit["original_name"] == "NUIT" and nuit["later_names"][0]["name"] == "Nasjonalt porteføljeråd"
    assert any(m["status"] == "proposed" for m in nuit["mandates"])


def test_meetings_filtered_by_body(client, demo):
    dates = [m["date"] for m in client.get("/api/meetings?body=nuit").json()["items"]]
    assert dates == ["2025-11-20", "2025-09-11", "2024-05-15", "2024-02-15"]
    assert client.get("/api/meetings?body=finnesikke").status_code == 404


def test_meeting_detail_has_the_agenda_in_order_with_times_and_their_offset(client, demo):
    meeting = Meeting.objects.get(body__slug="nuit", date="2024-05-15")
    data = client.get(f"/api/meetings/{meeting.pk}").json()
    cases = [(a["case_number"], a["start"]) for a in data["agenda"] if a["kind"] == "case"]
    assert len(cases) == 13 and cases[0] == ("15/24", "2024-05-15T09:00:00+02:00")
    assert cases[-1] == ("27/24", "2024-05-15T15:55:00+02:00")
    assert [a["title"] for a in data["agenda"] if a["kind"] != "case"] == ["Pause", "Lunsj", "Pause", "Slutt"]


def test_case_17_24_has_number_title_type_and_proposal(client, demo):
    data = client.get("/api/cases/nuit/2024/17").json()
    assert data["number"] == "17/24" and data["type"] == "discussion"  # stored as "drofting"
    assert data["title"].startswith("Prinsipper for fordeling av kostnader")
    assert data["proposed_decision"].startswith("NUIT drøftet foreslåtte prismodeller")
    assert data["input"] == [] and data["action_items"] == []


def test_case_with_approved_minutes_shows_decision_input_and_action_items(client, demo):
    data = client.get("/api/cases/nuit/2024/4").json()
    assert data["decision"] and len(data["input"]) > 0
    assert data["action_items"][0]["closed_by"] == "25/24"


def test_cases_by_body_and_year(client, demo):
    numbers = [c["number"] for c in client.get("/api/cases?body=nuit&year=2024").json()["items"]]
    assert len(numbers) == 27 and "1/24" in numbers and "27/24" in numbers


def test_open_action_items_include_9_24_and_13_24(client, demo):
    cases = [i["case"] for i in client.get("/api/action-items?status=open").json()["items"]]
    assert "NUIT 9/24" in cases and "NUIT 13/24" in cases and "NUIT 4/24" not in cases


def test_anonymous_cannot_see_drafts(client, demo):
    from datetime import date

    draft = services.plan_meeting(Body.objects.get(slug="nuit"), date(2026, 3, 5))
    assert client.get(f"/api/meetings/{draft.pk}").status_code == 404
    assert "2026-03-05" not in [m["date"] for m in client.get("/api/meetings?body=nuit").json()["items"]]
    assert client.get("/api/cases/nuit/2026/1").status_code == 404


def test_anonymous_does_not_see_unapproved_decisions(client, secretariat):
    case = Case.objects.get(body__slug="nuit", year=2024, number=17)
    services.record_outcome(case, decision="NUIT drøftet.")
    assert client.get("/api/cases/nuit/2024/17").json()["decision"] is None
    client.force_login(secretariat)
    assert client.get("/api/cases/nuit/2024/17").json()["decision"] == "NUIT drøftet."


def test_member_sees_drafts(client, member):
    from datetime import date

    draft = services.plan_meeting(Body.objects.get(slug="nuit"), date(2026, 3, 5))
    client.force_login(member)
    assert client.get(f"/api/meetings/{draft.pk}").status_code == 200


@pytest.mark.parametrize("who, status", [(None, 401), ("medlem", 403)])
def test_writes_need_a_secretariat_login(client, demo, who, status):
    from django.contrib.auth.models import User

    if who:
        client.force_login(User.objects.get(username=who))
    response = client.post("/api/meetings", {"body": "nuit", "date": "2026-03-05"}, content_type="application/json")
    assert response.status_code == status
    response = client.post("/api/cases/nuit/2024/17/decision", {"decision": "x"}, content_type="application/json")
    assert response.status_code == status
    assert not Meeting.objects.filter(date="2026-03-05").exists()
    assert Case.objects.get(body__slug="nuit", year=2024, number=17).decision == ""


def test_secretariat_plans_a_meeting_and_records_a_decision(client, secretariat):
    client.force_login(secretariat)
    created = client.post("/api/meetings", {"body": "nuit", "date": "2024-09-12", "start_time": "09:00"},
                          content_type="application/json")
    assert created.status_code == 201 and created.json()["title"] == "NUIT 12. september 2024"
    added = client.post(f"/api/meetings/{created.json()['id']}/cases", {"title": "Ny sak", "type": "discussion"},
                        content_type="application/json")
    assert added.json()["number"] == "30/24" and added.json()["type"] == "discussion"
    assert Case.objects.get(meeting_id=created.json()["id"], number=30).type == "drofting"
    decided = client.post("/api/cases/nuit/2024/17/decision", {"decision": "NUIT ga sin tilslutning."},
                          content_type="application/json")
    assert decided.status_code == 200 and decided.json()["decision_amended"] is True
    item = client.post("/api/cases/nuit/2024/17/action-items", {"text": "Utred kategoriene", "owner": "NHN"},
                       content_type="application/json")
    assert item.status_code == 201 and item.json()["status"] == "open"


def test_bad_input_names_the_field(client, secretariat):
    client.force_login(secretariat)
    response = client.post("/api/meetings", {"body": "nuit", "date": "15.05.2024x"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "date", "message": "Må være en dato som 2024-05-15."}]
    draft = services.plan_meeting(Body.objects.get(slug="nuit"), __import__("datetime").date(2026, 3, 5))
    response = client.post("/api/cases/nuit/2026/1/decision", {"decision": "x"}, content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "decision"
    assert Case.objects.get(meeting=draft, number=1).decision == ""


def test_openapi_documents_the_endpoints(client, demo):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ["/api/bodies", "/api/meetings", "/api/meetings/{meeting_id}", "/api/cases",
                 "/api/cases/{body}/{year}/{number}", "/api/action-items"]:
        assert path in paths


def test_the_api_says_where_a_fact_comes_from_and_what_is_assumed(client, demo):
    meetings = {m["date"]: m for m in client.get("/api/meetings?body=nuit").json()["items"]}
    february = meetings["2024-02-15"]
    assert february["minutes_status"] == "approved" and "16/24" in february["minutes_assumption"]
    assert "seed" not in february["source"].casefold()
    nuit = client.get("/api/bodies").json()["items"][1]
    harald = [m for m in nuit["members"] if m["name"] == "Harald Sundt-Ohlsen"]
    assert len(harald) == 2 and all(m["role"] for m in harald)
    case = client.get("/api/cases/nuit/2024/6").json()
    assert case["source"] == "Referat fra NUIT 15. februar 2024, sak 6/24"
