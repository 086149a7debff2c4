"""Request logs, error ids and the answer to a write that lost to another (core/logs.py).

The lines are read where the operator reads them: from the stderr handler that settings.LOGGING
configures, its stream swapped for a buffer during the test.
"""
import io
import json
import logging
import os
import subprocess
import sys
from datetime import UTC, datetime
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client, override_settings

from radsmodell.council.models import ActionItem

CONFLICT = "Registeret ble endret samtidig av noen andre. Prøv igjen."
ACTION_ITEMS_API = "/api/cases/nuit/2024/17/action-items"
ACTION_ITEM_FORM = "/saker/nuit/2024/17/aksjonspunkt/"


@pytest.fixture
def log_lines():
    """What the configured stderr handler writes during the test: call it for the decoded lines."""
    handler = next(h for h in logging.getLogger().handlers if h.name == "stderr")
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    handler.setStream(previous)


def _requests(lines):
    return [line for line in lines if line["logger"] == "radsmodell.requests"]


# --- one line per request --------------------------------------------------------------------------

def test_a_request_is_one_json_line_with_its_id_and_no_query_string(client, db, log_lines):
    response = client.get("/", {"q": "Kari Nordmann"})
    assert response.status_code == 200
    [line] = log_lines()
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32 and int(request_id, 16) >= 0  # uuid4 hex
    assert {k: line[k] for k in ("logger", "request_id", "user_id", "method", "path", "status")} == {
        "logger": "radsmodell.requests", "request_id": request_id, "user_id": None, "method": "GET", "path": "/",
        "status": 200}
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    logged_at = datetime.fromisoformat(line["time"])
    assert logged_at.utcoffset().total_seconds() == 0 and abs(datetime.now(UTC) - logged_at).total_seconds() < 60
    text = json.dumps(line, ensure_ascii=False)
    assert "Kari" not in text and "Nordmann" not in text and "q=" not in text


def test_a_signed_in_request_logs_the_numeric_user_id_and_not_the_name(client, secretariat, log_lines):
    client.force_login(secretariat)
    response = client.get("/endringslogg/")
    assert response.status_code == 200
    [line] = _requests(log_lines())
    assert line["user_id"] == secretariat.pk and line["path"] == "/endringslogg/" and line["status"] == 200
    text = json.dumps(log_lines(), ensure_ascii=False)
    assert secretariat.username not in text and secretariat.first_name not in text


@pytest.mark.parametrize(("incoming", "kept"), [
    ("proxy-7f3a9c2e41", True),
    ("<script>alert(1)</script>", False),
    ("x" * 200, False),
])
def test_a_proxys_request_id_is_kept_only_when_it_is_a_plain_token(client, db, log_lines, incoming, kept):
    response = client.get("/favicon.ico", HTTP_X_REQUEST_ID=incoming)
    assert (response["X-Request-ID"] == incoming) is kept
    assert _requests(log_lines())[0]["request_id"] == response["X-Request-ID"]


# --- server errors ---------------------------------------------------------------------------------

@pytest.mark.server_error
def test_a_server_error_is_logged_with_its_traceback_and_the_500_page_shows_the_same_id(db, log_lines):
    client = Client(raise_request_exception=False)
    with override_settings(DEBUG=False), \
            mock.patch("radsmodell.core.views.render", side_effect=RuntimeError("the home page broke")):
        response = client.get("/", {"e-post": "kari@example.no"})
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    page = response.content.decode()
    assert f"Feil-ID: <code>{request_id}</code>" in page and "Noe gikk galt" in page

    lines = log_lines()
    [error] = [line for line in lines if line["logger"] == "radsmodell.errors"]
    assert error["level"] == "ERROR" and error["request_id"] == request_id and error["path"] == "/"
    assert "Traceback" in error["traceback"] and "RuntimeError: the home page broke" in error["traceback"]
    [request] = _requests(lines)
    assert request["request_id"] == request_id and request["status"] == 500
    assert len(lines) == 2  # Django's own error line is not repeated without the id
    assert "kari@example.no" not in json.dumps(lines)


@pytest.mark.server_error
def test_a_server_error_in_the_api_is_logged_with_the_id_too(db, log_lines):
    client = Client(raise_request_exception=False)
    with mock.patch("radsmodell.council.selectors.action_items_for", side_effect=KeyError("broken")):
        response = client.get("/api/action-items")
    assert response.status_code == 500
    [error] = [line for line in log_lines() if line["logger"] == "radsmodell.errors"]
    assert error["request_id"] == response["X-Request-ID"] and "KeyError: 'broken'" in error["traceback"]


# --- a write that lost to another: 409, never 500 --------------------------------------------------

def test_the_api_answers_a_locked_database_with_409_and_the_message(client, secretariat, log_lines):
    client.force_login(secretariat)
    before = ActionItem.objects.count()
    with mock.patch("radsmodell.council.services.add_action_item",
                    side_effect=OperationalError("database is locked")):
        response = client.post(ACTION_ITEMS_API, {"text": "Følge opp", "owner": "Sekretariatet"},
                               content_type="application/json")
    assert response.status_code == 409
    assert response.json() == {"detail": CONFLICT, "errors": []}
    assert ActionItem.objects.count() == before
    [warning] = [line for line in log_lines() if line["logger"] == "radsmodell.errors"]
    assert warning["level"] == "WARNING" and warning["request_id"] == response["X-Request-ID"]
    assert "database is locked" in warning["message"] and "traceback" not in warning


def test_a_serialisation_failure_is_answered_the_same_way(client, secretariat):
    client.force_login(secretariat)
    failure = OperationalError("could not serialize access due to concurrent update")
    with mock.patch("radsmodell.council.services.add_action_item", side_effect=failure):
        response = client.post(ACTION_ITEMS_API, {"text": "x", "owner": "y"}, content_type="application/json")
    assert response.status_code == 409 and response.json()["detail"] == CONFLICT


@pytest.mark.server_error
def test_another_database_failure_stays_a_logged_server_error(secretariat, log_lines):
    client = Client(raise_request_exception=False)
    client.force_login(secretariat)
    with mock.patch("radsmodell.council.services.add_action_item", side_effect=OperationalError("no such table")):
        response = client.post(ACTION_ITEMS_API, {"text": "x", "owner": "y"}, content_type="application/json")
    assert response.status_code == 500
    [error] = [line for line in log_lines() if line["logger"] == "radsmodell.errors"]
    assert "OperationalError: no such table" in error["traceback"]


def test_a_page_answers_a_locked_database_with_the_message_and_a_way_back(client, secretariat, log_lines):
    client.force_login(secretariat)
    case_page = "http://testserver/saker/nuit/2024/17/"
    with mock.patch("radsmodell.council.services.add_action_item",
                    side_effect=OperationalError("database is locked")):
        response = client.post(ACTION_ITEM_FORM, {"action-text": "Følge opp", "action-owner": "Sekretariatet"},
                               HTTP_REFERER=case_page)
    page = response.content.decode()
    assert response.status_code == 409
    assert CONFLICT in page and "Ikke lagret" in page and 'aria-label="Hovedmeny"' in page
    assert f'href="{case_page}"' in page
    assert _requests(log_lines())[0]["status"] == 409


def test_the_conflict_page_links_back_only_within_the_site(client, secretariat):
    client.force_login(secretariat)
    with mock.patch("radsmodell.council.services.add_action_item",
                    side_effect=OperationalError("database is locked")):
        response = client.post(ACTION_ITEM_FORM, {"action-text": "x", "action-owner": "y"},
                               HTTP_REFERER="https://elsewhere.example/phish")
    assert response.status_code == 409 and "elsewhere.example" not in response.content.decode()


# --- configuration ---------------------------------------------------------------------------------

def _run(env: dict, code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "DJANGO_SETTINGS_MODULE": "radsmodell.settings", **env})


REQUEST = "import django; django.setup(); from django.test import Client; Client().get('/favicon.ico?x=1')"


def test_radsmodell_log_file_gets_the_same_json_lines(tmp_path):
    log_file = tmp_path / "radsmodell.log"
    result = _run({"RADSMODELL_LOG_FILE": str(log_file)}, REQUEST)
    assert result.returncode == 0, result.stderr
    [line] = [json.loads(text) for text in log_file.read_text().splitlines()]
    assert line["path"] == "/favicon.ico" and line["status"] == 302
    assert json.loads(result.stderr.splitlines()[-1]) == line  # stderr as well


def test_log_level_warning_leaves_out_the_request_lines_and_a_wrong_level_is_refused(tmp_path):
    quiet = _run({"RADSMODELL_LOG_LEVEL": "warning"}, REQUEST)
    assert quiet.returncode == 0 and "radsmodell.requests" not in quiet.stderr
    wrong = _run({"RADSMODELL_LOG_LEVEL": "LOUD"}, REQUEST)
    assert wrong.returncode != 0 and "RADSMODELL_LOG_LEVEL=LOUD er ukjent" in wrong.stderr
    missing = _run({"RADSMODELL_LOG_FILE": str(tmp_path / "no" / "such.log")}, REQUEST)
    assert missing.returncode != 0 and "RADSMODELL_LOG_FILE" in missing.stderr and "finnes ikke" in missing.stderr
