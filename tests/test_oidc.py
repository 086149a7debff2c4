"""Signing in through OpenID Connect (core/oidc.py) against a real provider: django-oauth-toolkit in a second
process (tests/oidc_provider/), with its own SQLite file, an RSA key made here, a registered confidential
client that must use PKCE, and its own users.

The app runs in this process, through Django's test client, because settings and URLs are fixed when a
process imports them: its OIDC settings are the ones settings.py makes from the RADSMODELL_OIDC_* variables
(read from a `radsmodell shell` child given those variables), applied with override_settings, and the URL
configuration below adds /oidc/ as core/urls.py does when OIDC is on (the child checks that it does). A second
app process was the other choice, but migrating a fresh database for it takes longer than this whole file.
The test plays the browser, carrying each redirect between the app and the provider by hand.
"""
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.contrib.auth.models import Group, User
from django.test import override_settings
from django.urls import include, path

import radsmodell.urls

TESTS = Path(__file__).resolve().parent
APP = "http://testserver"
CLIENT_ID, CLIENT_SECRET = "radsmodell", secrets.token_urlsafe(24)
PEOPLE = [  # the provider's accounts; its `sub` is "id-" + the user name (tests/oidc_provider/claims.py)
    {"username": "kari", "email": "kari@example.no", "first_name": "Kari", "last_name": "Nordmann"},
    {"username": "lise"},  # no e-mail address: found by `sub` only
    {"username": "ola", "email": "ola@example.no", "first_name": "Ola", "last_name": "Hansen"},
    {"username": "per", "email": "per@example.no"},
    {"username": "tor", "email": "delt@example.no"},
]

# What core/urls.py adds when OIDC is on, in front of the site's own URLs.
urlpatterns = [path("oidc/", include("radsmodell.core.oidc")), *radsmodell.urls.urlpatterns]


def _password(username: str) -> str:
    return f"{username}-hos-leverandoren"


def _child_environment(tmp_path, **variables) -> dict[str, str]:
    """A clean production environment for a `radsmodell` child (never the suite's DATABASE_URL)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RADSMODELL_") and k != "DATABASE_URL"}
    return {**env, "RADSMODELL_DATA_DIR": str(tmp_path / "data"), "RADSMODELL_SECRET_KEY": secrets.token_urlsafe(45),
            "RADSMODELL_ALLOWED_HOSTS": "testserver", "RADSMODELL_HTTPS": "0", **variables}


def _radsmodell(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "radsmodell.cli", *args], env=env, capture_output=True, text=True,
                          timeout=60)


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    """The provider's discovery document, once it answers."""
    pytest.importorskip("oauth2_provider", reason="django-oauth-toolkit (the test extra) er ikke installert")
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    folder = tmp_path_factory.mktemp("oidc_provider")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    config = folder / "config.json"
    config.write_text(json.dumps({
        "port": port, "database": str(folder / "provider.sqlite3"), "key": key, "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET, "redirect_uris": [f"{APP}/oidc/callback/"],
        "users": [{**person, "password": _password(person["username"])} for person in PEOPLE],
    }))
    output = folder / "provider.log"
    with output.open("w") as log:
        server = subprocess.Popen([sys.executable, "-m", "oidc_provider.serve", str(config)], cwd=TESTS,
                                  stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                yield requests.get(f"http://127.0.0.1:{port}/o/.well-known/openid-configuration", timeout=2).json()
                break
            except requests.RequestException:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.skip(f"OIDC-leverandøren startet ikke:\n{output.read_text()[-2000:]}")
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=10)


def _oidc_environment(discovery) -> dict[str, str]:
    return {
        "RADSMODELL_OIDC_ISSUER": discovery["issuer"],
        "RADSMODELL_OIDC_AUTHORIZATION_ENDPOINT": discovery["authorization_endpoint"],
        "RADSMODELL_OIDC_TOKEN_ENDPOINT": discovery["token_endpoint"],
        "RADSMODELL_OIDC_USERINFO_ENDPOINT": discovery["userinfo_endpoint"],
        "RADSMODELL_OIDC_JWKS_ENDPOINT": discovery["jwks_uri"],
        "RADSMODELL_OIDC_CLIENT_ID": CLIENT_ID,
        "RADSMODELL_OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "RADSMODELL_OIDC_NAME": "Testleverandør",
    }


SHOW_SETTINGS = """
import json
from django.conf import settings
from django.urls import reverse
names = [n for n in dir(settings) if n.startswith("OIDC_")] + ["AUTHENTICATION_BACKENDS", "INSTALLED_APPS"]
print(json.dumps({**{n: getattr(settings, n) for n in names},
                  "urls": [reverse("oidc_authentication_init"), reverse("oidc_authentication_callback")]}))
"""


@pytest.fixture(scope="module")
def oidc_settings(provider, tmp_path_factory):
    """What settings.py makes of the provider's variables, read from a `radsmodell` child."""
    done = _radsmodell(_child_environment(tmp_path_factory.mktemp("app"), **_oidc_environment(provider)),
                       "shell", "-v", "0", "-c", SHOW_SETTINGS)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def enabled(oidc_settings, db):
    """The app with OIDC on, and the accounts the secretariat made (none of them with a password)."""
    secretariat, member = Group.objects.get(name="sekretariat"), Group.objects.get(name="medlem")
    User.objects.create_user("kari.nordmann", email="Kari@Example.no").groups.add(secretariat)
    User.objects.create_user("id-lise").groups.add(member)  # the secretariat knew her `sub`
    User.objects.create_user("per", email="per@example.no", is_active=False)
    User.objects.create_user("tor1", email="delt@example.no")
    User.objects.create_user("tor2", email="DELT@example.no")
    applied = {name: value for name, value in oidc_settings.items() if name not in ("urls", "INSTALLED_APPS")}
    with override_settings(**applied, ROOT_URLCONF=__name__):
        yield oidc_settings


def _sign_in(client, username: str, next_page: str = "/"):
    """Start at the app, sign in at the provider, and hand the provider's redirect back to the app: the
    app's answer to its callback."""
    start = client.get("/oidc/authenticate/", {"next": next_page})
    assert start.status_code == 302, start.content
    browser = requests.Session()
    form = browser.get(start["Location"], timeout=10)  # the provider sends an unknown browser to its login form
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    answer = browser.post(form.url, data={"username": username, "password": _password(username),
                                          "csrfmiddlewaretoken": token}, allow_redirects=False, timeout=10)
    while answer.status_code == 302:
        location = urljoin(answer.url, answer.headers["Location"])
        if location.startswith(f"{APP}/"):
            return client.get(location.removeprefix(APP))
        answer = browser.get(location, allow_redirects=False, timeout=10)
    pytest.fail(f"Leverandøren sendte ikke tilbake til appen: {answer.status_code} {answer.text[:500]}")


def _refused_with(client, answer) -> str:
    """The login page the app sent a refused sign-in to, with nobody signed in."""
    assert answer.status_code == 302 and answer["Location"] == "/logg-inn/"
    page = client.get("/logg-inn/")
    assert page.status_code == 200 and "_auth_user_id" not in client.session
    return page.content.decode()


# --- configuration -----------------------------------------------------------------------------------

def test_without_the_variables_there_is_no_oidc_login(client, db):
    page = client.get("/logg-inn/")
    assert page.status_code == 200 and "Logg inn med" not in page.content.decode()
    assert client.get("/oidc/authenticate/").status_code == 404


def test_the_variables_turn_on_oidc_with_pkce_rs256_and_no_new_accounts(oidc_settings, provider):
    assert oidc_settings["AUTHENTICATION_BACKENDS"] == [
        "axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend",
        "radsmodell.core.oidc.Backend"]  # axes first: a locked-out address is refused on every way in
    assert "mozilla_django_oidc" in oidc_settings["INSTALLED_APPS"]
    assert oidc_settings["OIDC_OP_JWKS_ENDPOINT"] == provider["jwks_uri"]
    assert oidc_settings["OIDC_RP_SIGN_ALGO"] == "RS256" and oidc_settings["OIDC_USE_PKCE"] is True
    assert oidc_settings["OIDC_RP_SCOPES"] == "openid profile email"
    assert oidc_settings["OIDC_CREATE_USER"] is False and oidc_settings["OIDC_NAME"] == "Testleverandør"
    assert oidc_settings["urls"] == ["/oidc/authenticate/", "/oidc/callback/"]  # core/urls.py added them


def test_half_configured_oidc_refuses_to_start_naming_what_is_missing(tmp_path):
    done = _radsmodell(_child_environment(tmp_path, RADSMODELL_OIDC_CLIENT_ID="radsmodell",
                                          RADSMODELL_OIDC_ISSUER="https://helseid-sts.nhn.no"), "check")
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "RADSMODELL_OIDC_CLIENT_SECRET" in done.stderr and "RADSMODELL_OIDC_TOKEN_ENDPOINT" in done.stderr
    assert "RADSMODELL_OIDC_ISSUER" not in done.stderr.split("mangler")[1]


def test_the_login_page_offers_the_provider(client, enabled):
    page = client.get("/logg-inn/", {"next": "/brukere/"}).content.decode()
    assert 'href="/oidc/authenticate/?next=/brukere/">Logg inn med Testleverandør</a>' in page
    assert 'name="password"' in page  # the password form stays


# --- signing in ----------------------------------------------------------------------------------------

def test_an_existing_account_signs_in_by_email_with_its_role(client, enabled):
    start = client.get("/oidc/authenticate/", {"next": "/brukere/"})
    asked = parse_qs(urlsplit(start["Location"]).query)
    assert asked["code_challenge_method"] == ["S256"] and asked["scope"] == ["openid profile email"]

    answer = _sign_in(client, "kari", next_page="/brukere/")
    kari = User.objects.get(username="kari.nordmann")
    assert answer.status_code == 302 and answer["Location"] == "/brukere/"
    assert client.session["_auth_user_id"] == str(kari.pk)
    assert client.get("/brukere/").status_code == 200  # the secretariat's page: her role came along
    assert User.objects.count() == 5  # nobody created

    User.objects.filter(pk=kari.pk).update(is_active=False)  # even without ending her sessions
    assert client.get("/brukere/")["Location"].startswith("/logg-inn/")


def test_an_account_named_by_the_providers_sub_signs_in(client, enabled):
    answer = _sign_in(client, "lise")
    assert answer.status_code == 302 and answer["Location"] == "/"
    assert client.session["_auth_user_id"] == str(User.objects.get(username="id-lise").pk)
    assert client.get("/brukere/").status_code == 403  # a member, not the secretariat


def test_a_person_without_an_account_is_refused_and_none_is_made(client, enabled):
    page = _refused_with(client, _sign_in(client, "ola"))
    assert "Du er logget inn hos Testleverandør, men har ingen bruker i Rådsmodell" in page
    assert not User.objects.filter(email="ola@example.no").exists() and User.objects.count() == 5


def test_with_create_users_a_new_person_gets_an_account_without_a_role(client, enabled):
    with override_settings(OIDC_CREATE_USER=True):
        answer = _sign_in(client, "ola")
        ola = User.objects.get(username="id-ola")
        assert answer.status_code == 302 and client.session["_auth_user_id"] == str(ola.pk)
        assert (ola.email, ola.first_name, ola.last_name) == ("ola@example.no", "Ola", "Hansen")
        assert not ola.groups.exists() and not ola.has_usable_password()
        assert client.get("/brukere/").status_code == 403

        client.logout()
        _sign_in(client, "ola")  # the next time it is the same account
        assert client.session["_auth_user_id"] == str(ola.pk) and User.objects.count() == 6


def test_a_deactivated_account_is_refused(client, enabled):
    page = _refused_with(client, _sign_in(client, "per"))
    assert "Brukeren din er deaktivert. Kontakt sekretariatet." in page


def test_an_address_two_accounts_share_is_refused(client, enabled):
    page = _refused_with(client, _sign_in(client, "tor"))
    assert "Flere brukere i Rådsmodell har e-postadressen" in page


# --- what goes wrong ------------------------------------------------------------------------------------

def test_a_cancelled_a_stale_and_an_unreachable_sign_in_end_on_the_login_page(client, enabled):
    cancelled = client.get("/oidc/callback/", {"error": "access_denied", "state": "x"})
    assert "Innloggingen med Testleverandør ble avbrutt eller lyktes ikke" in _refused_with(client, cancelled)

    state = parse_qs(urlsplit(client.get("/oidc/authenticate/")["Location"]).query)["state"][0]
    stale = client.get("/oidc/callback/", {"code": "x", "state": "not-" + state})  # an old tab's callback
    assert "ble avbrutt eller lyktes ikke" in _refused_with(client, stale)

    state = parse_qs(urlsplit(client.get("/oidc/authenticate/")["Location"]).query)["state"][0]
    with override_settings(OIDC_OP_TOKEN_ENDPOINT="http://127.0.0.1:9/token/"):  # nothing listens there
        unreachable = client.get("/oidc/callback/", {"code": "x", "state": state})
    assert "Innloggingen med Testleverandør kunne ikke fullføres" in _refused_with(client, unreachable)


def test_an_id_token_from_another_issuer_is_refused(client, enabled):
    with override_settings(OIDC_OP_ISSUER="https://helseid-sts.nhn.no"):  # signed by the keys we were given, but
        page = _refused_with(client, _sign_in(client, "kari"))  # not issued by the provider we trust
    assert "Innloggingen med Testleverandør kunne ikke fullføres" in page
