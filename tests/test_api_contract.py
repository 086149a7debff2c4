"""The API's contract with the systems that use it: personal keys, lists a page at a time, one error
shape in the request's language, English enums, every error documented, short stable operation
ids, times with their offset, and Swagger UI from our own static files."""
import hashlib
import io
import json
import logging
import re
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from radsmodell.api import api
from radsmodell.core import pagecache
from radsmodell.core.models import ApiToken
from radsmodell.core.tokens import create_token, revoke_token
from radsmodell.council import services
from radsmodell.council.models import Body, Case, Meeting

JSON = "application/json"
TOKENS = "/brukere/api-nokler/"


def _key(username: str, scope: str = ApiToken.Scope.READ_WRITE) -> str:
    user = User.objects.get(username=username)
    return create_token(user, f"Nøkkel for {username}", scope, by=User.objects.get(username="sekretariat"))[1]


def _bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def schema(db):
    return api.get_openapi_schema(path_prefix="/api/")


@pytest.fixture
def log_lines():
    handler = next(h for h in logging.getLogger().handlers if h.name == "stderr")
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    handler.setStream(previous)


# --- personal keys ------------------------------------------------------------------------------

def test_the_secretariat_creates_a_key_that_is_shown_once_and_stored_only_as_its_hash(client, secretariat):
    client.force_login(secretariat)
    created = client.post(TOKENS, {"user": User.objects.get(username="medlem").pk, "name": "Sakssystemet",
                                   "scope": "read"})
    assert created.status_code == 200 and created["Cache-Control"] == "no-store"
    key = re.search(r"<code>(rm_[\w-]+)</code>", created.content.decode())[1]
    token = ApiToken.objects.get(name="Sakssystemet")
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest() and key.startswith(token.prefix)
    assert key not in json.dumps(list(ApiToken.objects.values()), default=str)
    assert key not in json.dumps(list(ApiToken.history.values()), default=str)
    listed = client.get(TOKENS).content.decode()
    assert key not in listed and f"{token.prefix}…" in listed and "Sakssystemet" in listed


def test_only_the_secretariat_manages_keys(client, member):
    client.force_login(member)
    assert client.get(TOKENS).status_code == 403
    assert client.post(TOKENS, {"user": member.pk, "name": "Min", "scope": "read-write"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_a_read_write_key_writes_as_its_user_without_a_csrf_token(demo):
    key = _key("sekretariat")
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/api/meetings", {"body": "nuit", "date": "2026-03-05"}, content_type=JSON, **_bearer(key))
    assert response.status_code == 201, response.content
    meeting = Meeting.objects.get(pk=response.json()["id"])
    assert meeting.history.get().history_user.username == "sekretariat"  # the change log names the key's user
    without_key = Client(enforce_csrf_checks=True)
    without_key.force_login(User.objects.get(username="sekretariat"))
    refused = without_key.post("/api/meetings", {"body": "nuit", "date": "2026-03-06"}, content_type=JSON)
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]  # a session still needs the token


def test_a_read_key_is_refused_on_every_write_with_the_reason(client, demo):
    key = _key("sekretariat", ApiToken.Scope.READ)
    assert client.get("/api/cases", **_bearer(key)).status_code == 200
    response = client.post("/api/meetings", {"body": "nuit", "date": "2026-03-05"}, content_type=JSON, **_bearer(key))
    assert response.status_code == 403
    assert response.json() == {"detail": "API-nøkkelen «Nøkkel for sekretariat» gir bare lesetilgang.", "errors": []}
    assert not Meeting.objects.filter(date="2026-03-05").exists()


def test_a_key_acts_with_its_users_roles(client, demo):
    draft = services.plan_meeting(Body.objects.get(slug="nuit"), date(2026, 3, 5))
    assert client.get(f"/api/meetings/{draft.pk}").status_code == 404
    assert client.get(f"/api/meetings/{draft.pk}", **_bearer(_key("medlem"))).status_code == 200
    response = client.post("/api/meetings", {"body": "nuit", "date": "2026-03-06"}, content_type=JSON,
                           **_bearer(_key("medlem")))
    assert response.status_code == 403 and response.json()["detail"] == "Bare sekretariatet kan endre dette."


@pytest.mark.parametrize("what", ["revoked", "unknown", "deactivated"])
def test_a_refused_key_is_401_with_the_reason_even_on_a_public_read(client, demo, what):
    key = _key("medlem")
    token = ApiToken.objects.get()
    if what == "revoked":
        revoke_token(token, by=User.objects.get(username="sekretariat"))
    elif what == "deactivated":
        User.objects.filter(username="medlem").update(is_active=False)
    else:
        key = key[:-4] + "abcd"
    response = client.get("/api/bodies", **_bearer(key))
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["detail"] == {
        "revoked": "API-nøkkelen «Nøkkel for medlem» er trukket tilbake.", "unknown": "Ukjent API-nøkkel.",
        "deactivated": "Brukeren til API-nøkkelen er deaktivert."}[what]


def test_revoking_a_key_asks_first_and_then_refuses_it(client, secretariat):
    key = _key("medlem")
    token = ApiToken.objects.get()
    client.force_login(secretariat)
    asked = client.post(f"{TOKENS}{token.pk}/trekk-tilbake/")
    assert asked.status_code == 200 and "Trekke tilbake API-nøkkelen «Nøkkel for medlem»?" in asked.content.decode()
    assert Client().get("/api/bodies", **_bearer(key)).status_code == 200
    done = client.post(f"{TOKENS}{token.pk}/trekk-tilbake/", {"confirmed": "1"})
    assert done.status_code == 302
    assert Client().get("/api/bodies", **_bearer(key)).status_code == 401
    assert "trukket tilbake" in client.get(TOKENS).content.decode()


def test_the_request_log_names_the_key_by_its_prefix_never_the_key(client, demo, log_lines):
    key = _key("medlem")
    client.get("/api/cases", **_bearer(key))
    [line] = [line for line in log_lines() if line["logger"] == "radsmodell.requests"]
    assert line["api_token"] == ApiToken.objects.get().prefix
    assert line["user_id"] == User.objects.get(username="medlem").pk
    assert key not in json.dumps(log_lines())


def test_what_a_key_reads_is_never_kept_for_the_public(client, demo):
    draft = services.plan_meeting(Body.objects.get(slug="nuit"), date(2026, 3, 5))
    pagecache.clear()
    with override_settings(PAGE_CACHE_SECONDS=60):
        as_member = client.get("/api/meetings?body=nuit", **_bearer(_key("medlem")))
        public = Client().get("/api/meetings?body=nuit")
    pagecache.clear()
    assert "2026-03-05" in [m["date"] for m in as_member.json()["items"]]
    assert "2026-03-05" not in [m["date"] for m in public.json()["items"]]
    assert "private" in as_member["Cache-Control"]
    assert draft.pk


# --- lists a page at a time ------------------------------------------------------------------------

def test_every_list_is_a_page_with_count_and_items(schema):
    bare, paged = [], []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            answer = operation["responses"].get(200, operation["responses"].get(201, {}))
            body = answer.get("content", {}).get(JSON, {}).get("schema", {})
            if body.get("type") == "array":
                bare.append(f"{method.upper()} {path}")
            if body.get("$ref", "").startswith("#/components/schemas/Paged"):
                paged.append(path)
                names = {p["name"] for p in operation["parameters"]}
                assert {"limit", "offset"} <= names, path
    assert bare == []
    assert len(paged) >= 14 and "/api/cases" in paged and "/api/links" in paged


def test_cases_come_a_page_at_a_time_sliced_in_the_database(client, demo):
    everything = client.get("/api/cases", {"limit": 1000}).json()
    assert everything["count"] == Case.objects.count() == len(everything["items"])
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/api/cases", {"limit": 5, "offset": 5}).json()
    assert page["count"] == everything["count"] and page["items"] == everything["items"][5:10]
    assert any(re.search(r"LIMIT 5\b", q["sql"]) for q in queries.captured_queries)
    assert len(client.get("/api/cases").json()["items"]) == min(100, everything["count"])  # the default


def test_a_limit_beyond_the_maximum_is_refused_naming_the_parameter(client, demo):
    response = client.get("/api/cases", {"limit": 1001})
    assert response.status_code == 422
    assert response.json() == {"detail": "limit: Kan være høyst 1000.",
                               "errors": [{"field": "limit", "message": "Kan være høyst 1000."}]}


# --- one error shape, in the request's language ----------------------------------------------------

def test_not_found_has_the_one_shape_in_norwegian_and_english(client, demo):
    norwegian = client.get("/api/meetings/987654")
    assert norwegian.status_code == 404 and norwegian.json() == {"detail": "Fant ikke møtet", "errors": []}
    english = client.get("/api/meetings/987654", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert english.json() == {"detail": "Meeting not found", "errors": []}
    assert english["Content-Language"] == "en" and "Accept-Language" in english["Vary"]


def test_a_broken_rule_names_its_field_in_the_requests_language(client, demo):
    key = _key("sekretariat")
    for language, message in (("nb", "Ukjent organ «mars»."), ("en", "Unknown body “mars”.")):
        response = client.post("/api/meetings", {"body": "mars", "date": "2026-03-05"}, content_type=JSON,
                               HTTP_ACCEPT_LANGUAGE=language, **_bearer(key))
        assert response.status_code == 422
        assert response.json() == {"detail": f"body: {message}", "errors": [{"field": "body", "message": message}]}


def test_invalid_input_lists_every_field_in_words(client, demo):
    response = client.post("/api/meetings", {"date": "15.05.2024", "start_time": "ti"}, content_type=JSON,
                           **_bearer(_key("sekretariat")))
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "body", "message": "Må fylles ut."},
        {"field": "date", "message": "Må være en dato som 2024-05-15."},
        {"field": "start_time", "message": "Må være et klokkeslett som 10:00."}]
    assert response.json()["detail"] == "body: Må fylles ut. (og 2 feil til)"


def test_without_a_login_a_write_is_401_in_the_one_shape(client, demo):
    response = client.post("/api/meetings", {"body": "nuit", "date": "2026-03-05"}, content_type=JSON,
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response.json() == {"detail": "You must be logged in to change this.", "errors": []}


def test_a_body_too_large_is_413_in_json(client, demo, settings):
    huge = json.dumps({"body": "nuit", "date": "2026-03-05", "location": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE})
    response = client.post("/api/meetings", huge, content_type=JSON, **_bearer(_key("sekretariat")))
    assert response.status_code == 413 and response["Content-Type"].startswith(JSON)
    assert response.json() == {"detail": "Forespørselen er for stor.", "errors": []}
    assert not Meeting.objects.filter(date="2026-03-05").exists()


# --- enums, times, documentation, operation ids ------------------------------------------------------

def test_enums_are_declared_in_the_schema_with_english_values(schema, client, demo):
    components = schema["components"]["schemas"]
    assert components["CaseType"]["enum"] == ["approval", "discussion", "information", "recommendation", "decision"]
    assert components["IndicatorStatus"]["enum"] == [
        "on_track", "behind", "unclear_ambition", "no_ambition", "not_measurable"]
    assert components["StatusColour"]["enum"] == ["green", "amber", "red"]
    free = []
    for name, component in components.items():
        for field, details in component.get("properties", {}).items():
            described = json.dumps(details)
            if field in ("status", "type", "kind", "level", "phase", "segment", "state", "role", "remote") and \
                    "enum" not in described and "$ref" not in described and '"integer"' not in described:
                free.append(f"{name}.{field}")
    # The roadmap's own words ("pågår") and the kinds of linked objects (each app registers its own): text.
    assert sorted(free) == ["ActivityOut.status", "LinkOut.kind"]
    assert client.get("/api/cases/nuit/2024/17").json()["type"] == "discussion"


def test_inputs_take_the_english_values_only(client, demo):
    key = _key("sekretariat")
    meeting = services.plan_meeting(Body.objects.get(slug="nuit"), date(2026, 3, 5))
    refused = client.post(f"/api/meetings/{meeting.pk}/cases", {"title": "Ny", "type": "drofting"},
                          content_type=JSON, **_bearer(key))
    assert refused.status_code == 422 and refused.json()["errors"] == [{
        "field": "type", "message": "Må være en av: approval, discussion, information, recommendation, decision."}]
    assert client.get("/api/action-items", {"status": "apen"}).json()["errors"][0]["field"] == "status"


def test_times_of_day_go_out_with_their_offset_in_norway(client, demo):
    summer = Meeting.objects.get(body__slug="nuit", date="2024-05-15")
    winter = Meeting.objects.get(body__slug="nuit", date="2024-02-15")
    summer_data = client.get(f"/api/meetings/{summer.pk}").json()
    assert summer_data["start"] == f"2024-05-15T{summer.start_time:%H:%M:%S}+02:00"
    winter_data = client.get(f"/api/meetings/{winter.pk}").json()
    assert winter_data["start"] == "2024-02-15T09:00:00+01:00"  # winter time


def test_every_error_answer_is_documented_in_the_one_shape(schema):
    missing = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = {int(code) for code in operation["responses"]}
            write = method != "get"
            needed = {401} | ({403, 409, 413, 422} if write else set()) | ({404} if "{" in path else set())
            if operation["parameters"] or "requestBody" in operation:
                needed |= {422}
            if needed - codes:
                missing.append(f"{method.upper()} {path}: {sorted(needed - codes)}")
            for code in codes - {200, 201}:
                content = operation["responses"][code]["content"][JSON]["schema"]
                assert content["$ref"] in ("#/components/schemas/ErrorOut",
                                           "#/components/schemas/MinutesIncompleteOut"), (path, code)
    assert missing == []
    assert set(schema["components"]["schemas"]["ErrorOut"]["required"]) == {"detail", "errors"}
    assert set(schema["components"]["securitySchemes"]) == {"bearer", "session"}


def test_operation_ids_are_the_view_names_short_and_unique(schema):
    ids = [operation["operationId"] for operations in schema["paths"].values() for operation in operations.values()]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert all(re.fullmatch(r"[a-z][a-z_]{2,40}", i) for i in ids), ids
    assert {"list_cases", "get_case", "create_meeting", "list_links"} <= set(ids)


def test_swagger_ui_comes_from_our_static_files(client, db):
    page = client.get("/api/docs")
    html = page.content.decode()
    assert page.status_code == 200
    scripts = re.findall(r"<script([^>]*)>", html)
    assert all('src="/static/' in attributes for attributes in scripts), scripts  # no inline script, no CDN
    for path in ("vendor/swagger-ui/swagger-ui-bundle.js", "vendor/swagger-ui/swagger-ui.css", "core/api_docs.js"):
        assert f"/static/{path}" in html and finders.find(path), path
    assert "cdn" not in html.casefold()
