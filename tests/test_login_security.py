"""Signing in against guessing, sessions that end, and accounts the secretariat switches off.

Failed sign-ins lock for 15 minutes: 5 for one user name from one address, 20 from one address
whatever the names (settings: LOGIN_FAILURE_LIMITS). The locked-out user sees the site's own page
(429) with the time to wait. A session lasts a working day and ends with logout, with a password
change elsewhere, and when the secretariat deactivates the account.
"""
import logging
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from radsmodell.core.roles import SECRETARIAT as SECRETARIAT_GROUP

LOGIN = "/logg-inn/"
PASSWORD = {"sekretariat": "sekretariat-demo", "medlem": "medlem-demo"}
WRONG = "feil-passord-123"
HOME = "127.0.0.1"
ELSEWHERE = "10.0.0.2"


def _sign_in(client, username, password, address=HOME, **headers):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def _fail(client, username, times, address=HOME, **headers):
    for _ in range(times):
        response = _sign_in(client, username, WRONG, address, **headers)
    return response


def _signed_in(client) -> bool:
    """What the user sees: the menu offers "Logg ut" only to a signed-in user."""
    return ">Logg ut</button>" in client.get("/").content.decode()


# --- lockout ---------------------------------------------------------------------------------------

def test_five_wrong_passwords_lock_the_user_from_that_address(client, demo):
    refused = _fail(client, "sekretariat", 4)
    assert refused.status_code == 200 and "Feil brukernavn eller passord." in refused.content.decode()

    locked = _fail(client, "sekretariat", 1)
    page = locked.content.decode()
    assert locked.status_code == 429
    assert '<html lang="nb"' in page and "Innloggingen er stengt en stund" in page
    assert "Vent 15 minutter før du prøver igjen." in page and "Du kan logge inn igjen fra kl. " in page
    assert locked["Retry-After"] == "900"

    right = _sign_in(client, "sekretariat", PASSWORD["sekretariat"])
    assert right.status_code == 429 and "Vent 15 minutter" in right.content.decode()
    assert not _signed_in(client)


def test_the_lock_holds_for_that_user_from_that_address_only(client, demo):
    _fail(client, "sekretariat", 5)
    assert _sign_in(client, "sekretariat", PASSWORD["sekretariat"]).status_code == 429

    other_address = Client()
    assert _sign_in(other_address, "sekretariat", PASSWORD["sekretariat"], ELSEWHERE).status_code == 302
    assert _signed_in(other_address)
    other_user = Client()
    assert _sign_in(other_user, "medlem", PASSWORD["medlem"]).status_code == 302
    assert _signed_in(other_user)


def test_many_user_names_from_one_address_lock_the_address(client, demo):
    for n in range(settings.LOGIN_FAILURE_LIMITS[1] - 1):
        assert _sign_in(client, f"gjetning{n}", WRONG).status_code == 200
    assert _sign_in(client, "gjetning-siste", WRONG).status_code == 429
    # Now every account is closed from that address, not from others.
    assert _sign_in(Client(), "medlem", PASSWORD["medlem"]).status_code == 429
    assert _sign_in(Client(), "medlem", PASSWORD["medlem"], ELSEWHERE).status_code == 302


def test_a_successful_sign_in_forgets_that_users_failures(client, demo):
    _fail(client, "medlem", 4)
    assert _sign_in(client, "medlem", PASSWORD["medlem"]).status_code == 302
    client.post("/logg-ut/")
    assert _fail(client, "medlem", 4).status_code == 200  # counted from zero again: 4 of 5
    assert _fail(client, "medlem", 1).status_code == 429


def test_signing_in_to_ones_own_account_does_not_clear_what_the_address_tried_elsewhere(client, demo):
    for n in range(settings.LOGIN_FAILURE_LIMITS[1] - 1):
        _sign_in(client, f"gjetning{n}", WRONG)
    assert _sign_in(client, "medlem", PASSWORD["medlem"]).status_code == 302
    client.post("/logg-ut/")
    assert _sign_in(client, "enda-en", WRONG).status_code == 429


def test_the_lockout_is_logged_without_the_password(client, demo, caplog):
    with caplog.at_level(logging.INFO, logger="axes"):
        _fail(client, "sekretariat", 5)
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("login failure" in m for m in warnings)
    assert any("Locking out" in m and "/logg-inn/" in m for m in warnings)
    assert WRONG not in caplog.text
    stored = AccessAttempt.objects.get()
    assert stored.failures_since_start == 5 and WRONG not in stored.post_data


def test_a_trusted_proxys_forwarded_address_counts_and_a_clients_own_claim_does_not(client, demo):
    # From the proxy (loopback by default): each client is counted under its own address.
    _fail(client, "medlem", 5, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert _sign_in(client, "medlem", PASSWORD["medlem"], HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    assert _sign_in(Client(), "medlem", PASSWORD["medlem"],
                    HTTP_X_FORWARDED_FOR="203.0.113.5, 203.0.113.9").status_code == 302
    # Straight from a client: a header it sends itself changes nothing.
    outsider = "198.51.100.7"
    for n in range(5):
        _sign_in(client, "sekretariat", WRONG, outsider, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert _sign_in(client, "sekretariat", PASSWORD["sekretariat"], outsider,
                    HTTP_X_FORWARDED_FOR="192.0.2.200").status_code == 429


# --- sessions --------------------------------------------------------------------------------------

def test_a_session_lasts_a_working_day_and_ends_with_the_browser(client, demo):
    assert _sign_in(client, "medlem", PASSWORD["medlem"]).status_code == 302
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie
    session = Session.objects.get(session_key=cookie.value)
    assert abs(session.expire_date - (timezone.now() + timedelta(hours=8))) < timedelta(minutes=1)
    session.expire_date = timezone.now() - timedelta(seconds=1)
    session.save()
    assert not _signed_in(client)


def test_logout_ends_the_session_on_the_server(client, demo):
    _sign_in(client, "sekretariat", PASSWORD["sekretariat"])
    old_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get("/brukere/").status_code == 200
    assert client.post("/logg-ut/").status_code == 302

    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_cookie
    refused = replay.get("/brukere/")
    assert refused.status_code == 302 and refused["Location"].startswith(LOGIN)
    assert not Session.objects.filter(session_key=old_cookie).exists()


def test_changing_the_password_ends_the_other_sessions(db):
    User.objects.create_superuser("drift", password="gammelt-passord-1")
    here, there = Client(), Client()
    for c in (here, there):
        assert _sign_in(c, "drift", "gammelt-passord-1").status_code == 302
    new = "nytt-passord-2024"
    changed = here.post("/admin/password_change/",
                        {"old_password": "gammelt-passord-1", "new_password1": new, "new_password2": new})
    assert changed.status_code == 302
    assert _signed_in(here)  # the session that changed it goes on
    assert not _signed_in(there)


def test_session_hours_outside_the_range_stop_the_start_with_a_message():
    env = {**os.environ, "RADSMODELL_SESSION_HOURS": "en dag"}
    run = subprocess.run([sys.executable, "-m", "django", "check"], env=env, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode != 0
    assert "RADSMODELL_SESSION_HOURS skal være et helt antall timer fra 1 til 168, ikke «en dag»." in run.stderr


# --- deactivating accounts --------------------------------------------------------------------------

@pytest.fixture
def colleague(secretariat):
    """A second secretariat account, signed in in its own browser."""
    user = User.objects.create_user("kollega", password="kollega-passord-1")
    user.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
    browser = Client()
    assert _sign_in(browser, "kollega", "kollega-passord-1").status_code == 302
    return user, browser


def test_deactivation_ends_the_users_sessions_at_once_and_blocks_sign_in(client, colleague, caplog):
    user, browser = colleague
    assert browser.get("/endringslogg/").status_code == 200
    assert browser.post("/api/meetings", {}, content_type="application/json").status_code == 422  # signed in
    client.force_login(User.objects.get(username="sekretariat"))

    with caplog.at_level(logging.INFO, logger="radsmodell"):
        done = client.post(f"/brukere/{user.pk}/aktiv/", {"active": "0", "confirmed": "1"}, follow=True)
    assert "«kollega» er deaktivert og logget ut." in done.content.decode()
    assert f"Bruker {user.pk} deaktivert av bruker " in caplog.text and "kollega" not in caplog.text

    assert browser.get("/endringslogg/").status_code == 302  # to the login page
    assert browser.post("/api/meetings", {}, content_type="application/json").status_code == 401
    again = _sign_in(Client(), "kollega", "kollega-passord-1")
    assert again.status_code == 200 and "Feil brukernavn eller passord." in again.content.decode()
    assert "deaktivert" in client.get("/brukere/").content.decode()

    client.post(f"/brukere/{user.pk}/aktiv/", {"active": "1"})
    assert _sign_in(Client(), "kollega", "kollega-passord-1", ELSEWHERE).status_code == 302


def test_deactivation_asks_first(client, secretariat, member):
    client.force_login(secretariat)
    page = client.get("/brukere/").content.decode()
    assert f'action="/brukere/{member.pk}/aktiv/"' in page and "Deaktiver" in page
    question = client.post(f"/brukere/{member.pk}/aktiv/", {"active": "0"})
    assert question.status_code == 200
    assert "Deaktivere «medlem»? Brukeren logges ut med en gang og kan ikke logge inn." in question.content.decode()
    member.refresh_from_db()
    assert member.is_active


def test_a_member_cannot_deactivate_anyone(client, member, secretariat):
    client.force_login(member)
    response = client.post(f"/brukere/{secretariat.pk}/aktiv/", {"active": "0", "confirmed": "1"})
    assert response.status_code == 403
    secretariat.refresh_from_db()
    assert secretariat.is_active


def test_the_secretariat_cannot_deactivate_itself(client, secretariat):
    client.force_login(secretariat)
    assert f'action="/brukere/{secretariat.pk}/aktiv/"' not in client.get("/brukere/").content.decode()
    refused = client.post(f"/brukere/{secretariat.pk}/aktiv/", {"active": "0", "confirmed": "1"}, follow=True)
    assert "Du kan ikke deaktivere din egen bruker." in refused.content.decode()
    secretariat.refresh_from_db()
    assert secretariat.is_active and _signed_in(client)


def test_an_unknown_account_is_404(client, secretariat):
    client.force_login(secretariat)
    assert client.post("/brukere/999999/aktiv/", {"active": "0", "confirmed": "1"}).status_code == 404
