"""The error pages: 400, 403, 404, 500 and the CSRF failure in the site's look and the user's
language; the login page and back for a visitor who is not signed in; the favicon.

Django renders error pages only with DEBUG off (as in production); the 500 page is rendered
without a request or the database, so it is tested with every query refused.
"""
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.test import Client, RequestFactory, override_settings
from django.utils import translation

from radsmodell import urls
from radsmodell.core import views

# English texts of the new pages (the catalogue must hold them: tests/test_i18n.py checks it is complete).
ENGLISH = {
    "Fant ikke siden": "Page not found",
    "Noe gikk galt": "Something went wrong",
    "Ugyldig forespørsel": "Bad request",
    "Skjemaet kunne ikke sendes": "The form could not be sent",
}


@pytest.fixture(autouse=True)
def _production_errors():
    """DEBUG off, as in production: Django shows its technical pages otherwise."""
    with override_settings(DEBUG=False):
        yield
    translation.deactivate()


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _in_site_frame(page: str, *, menu: bool = True) -> bool:
    """The site's header, stylesheet and footer (and with `menu` the main menu of base.html)."""
    frame = 'class="site-logo"' in page and "core/site.css" in page and 'class="site-footer"' in page
    return frame and (not menu or 'aria-label="Hovedmeny"' in page or 'aria-label="Main menu"' in page)


# --- 404 -------------------------------------------------------------------------------------------

def test_a_missing_page_is_404_in_the_site_layout(client, db):
    response = client.get("/finnes-ikke/")
    page = response.content.decode()
    assert response.status_code == 404
    assert _in_site_frame(page) and '<html lang="nb"' in page
    assert "<h1" in page and "Fant ikke siden" in page and "/finnes-ikke/" in page
    assert "Til forsiden" in page


def test_a_missing_page_in_english(client, db):
    response = _english(client).get("/finnes-ikke/")
    page = response.content.decode()
    assert response.status_code == 404
    assert _in_site_frame(page) and '<html lang="en"' in page
    assert "Main menu" in page and "To the front page" in page
    assert ENGLISH["Fant ikke siden"] in page and "Fant ikke siden" not in page


def test_a_missing_object_answers_404_in_the_site_layout(client, portfolio):
    response = client.get("/portefolje/tiltak/finnes-ikke/")
    assert response.status_code == 404 and _in_site_frame(response.content.decode())


# --- 403 and the way to the login page ----------------------------------------------------------------

def test_a_member_refused_a_secretariat_page_gets_403_in_the_site_layout(client, member):
    client.force_login(member)
    response = client.get("/endringslogg/")
    page = response.content.decode()
    assert response.status_code == 403
    assert _in_site_frame(page)
    assert "Ingen tilgang" in page and "Bare sekretariatet kan se denne siden." in page


def test_a_refusal_in_english(client, member):
    _english(client).force_login(member)
    response = client.get("/endringslogg/")
    page = response.content.decode()
    assert response.status_code == 403 and '<html lang="en"' in page
    assert "No access" in page and "Only the secretariat can see this page." in page and "Main menu" in page


@pytest.mark.parametrize("url", ["/endringslogg/?side=2", "/brukere/"])
def test_a_visitor_not_signed_in_is_sent_to_the_login_page_and_back(client, secretariat, url):
    response = client.get(url)
    assert response.status_code == 302
    login = response["Location"]
    assert login.startswith("/logg-inn/?next=")
    assert client.get(login).status_code == 200
    signed_in = client.post(login, {"username": "sekretariat", "password": "sekretariat-demo"})
    assert signed_in.status_code == 302 and signed_in["Location"] == url
    assert client.get(url).status_code == 200


def test_a_refusal_raised_inside_a_view_sends_a_visitor_to_the_login_page_too(db):
    """The 403 handler, not only the declarations in roles.py: object rules refuse in the view."""
    assert urls.handler403 == "radsmodell.core.views.permission_denied"
    request = RequestFactory().get("/portefolje/runder/x/rapporter/y/?a=1")
    request.user = AnonymousUser()
    response = views.permission_denied(request, PermissionDenied("Du rapporterer bare for egne tiltak."))
    assert response.status_code == 302
    assert response["Location"] == "/logg-inn/?next=/portefolje/runder/x/rapporter/y/%3Fa%3D1"

    sent = RequestFactory().post("/portefolje/runder/x/avslutt/")  # a change is refused, not redirected
    sent.user = AnonymousUser()
    refused = views.permission_denied(sent, PermissionDenied("Bare sekretariatet kan endre dette."))
    assert refused.status_code == 403 and "Bare sekretariatet kan endre dette." in refused.content.decode()


def test_a_signed_in_user_refused_by_an_object_rule_sees_the_403_page(client, portfolio):
    from radsmodell.portfolio.models import Initiative, Round

    round_ = Round.objects.create(name="Desember 2026", slug="desember-2026")
    other = Initiative.objects.exclude(owner="Helse Nord RHF").exclude(owner="").first()
    client.force_login(User.objects.get(username="tiltakseier"))
    response = client.get(f"/portefolje/runder/{round_.slug}/rapporter/{other.slug}/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Du rapporterer bare for egne tiltak." in page and _in_site_frame(page)


# --- 500 -------------------------------------------------------------------------------------------

def _refuse_every_query(execute, sql, params, many, context):
    raise DatabaseError("the database is down")


@pytest.mark.server_error
def test_a_server_error_is_500_in_the_site_look_without_the_database(db):
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(_refuse_every_query):
        response = client.get("/")  # the home page reads the database: the query fails
    page = response.content.decode()
    assert response.status_code == 500
    assert _in_site_frame(page, menu=False) and '<html lang="nb"' in page
    assert "Noe gikk galt" in page and "Til forsiden" in page


@pytest.mark.server_error
def test_a_server_error_in_english(db):
    client = _english(Client(raise_request_exception=False))
    with mock.patch("radsmodell.core.views.render", side_effect=RuntimeError("broken")):
        response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 500
    assert _in_site_frame(page, menu=False) and '<html lang="en"' in page
    assert ENGLISH["Noe gikk galt"] in page and "To the front page" in page and "Noe gikk galt" not in page


def test_the_500_template_needs_no_request_and_no_context():
    from django.template import loader

    page = loader.get_template("500.html").render()
    assert "Noe gikk galt" in page and 'class="site-logo"' in page


# --- 400 -------------------------------------------------------------------------------------------

def test_a_bad_request_is_400_in_the_site_look(client, db):
    response = client.get("/", HTTP_HOST="ukjent.example")  # not in ALLOWED_HOSTS
    page = response.content.decode()
    assert response.status_code == 400
    assert _in_site_frame(page, menu=False) and '<html lang="nb"' in page
    assert "Ugyldig forespørsel" in page


def test_a_bad_request_in_english(client, db):
    response = _english(client).get("/", HTTP_HOST="ukjent.example")
    page = response.content.decode()
    assert response.status_code == 400 and '<html lang="en"' in page
    assert ENGLISH["Ugyldig forespørsel"] in page and "Ugyldig forespørsel" not in page


# --- CSRF failure ----------------------------------------------------------------------------------

def test_a_form_sent_without_its_security_token_gets_the_sites_own_page(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/logg-inn/", {"username": "x", "password": "y"})
    page = response.content.decode()
    assert response.status_code == 403
    assert _in_site_frame(page) and '<html lang="nb"' in page
    assert "Skjemaet kunne ikke sendes" in page and "ingenting er lagret" in page
    assert "CSRF verification failed" not in page and "Forbidden" not in page  # not Django's technical page


def test_a_csrf_failure_in_english(db):
    client = _english(Client(enforce_csrf_checks=True))
    response = client.post("/logg-inn/", {"username": "x", "password": "y"})
    page = response.content.decode()
    assert response.status_code == 403 and '<html lang="en"' in page and "Main menu" in page
    assert ENGLISH["Skjemaet kunne ikke sendes"] in page and "Skjemaet kunne ikke sendes" not in page


# --- favicon and the login link --------------------------------------------------------------------

def test_the_favicon_is_linked_and_favicon_ico_leads_to_it(client, db):
    page = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/core/favicon.svg" type="image/svg+xml">' in page
    svg = finders.find("core/favicon.svg")
    assert svg and open(svg, encoding="utf-8").read().lstrip().startswith("<svg")
    response = client.get("/favicon.ico")
    assert response.status_code in (301, 302) and response["Location"] == "/static/core/favicon.svg"


def test_the_login_page_does_not_link_to_itself(client, db):
    page = client.get("/logg-inn/?next=/brukere/").content.decode()
    assert "?next=/logg-inn/" not in page and "next=%2Flogg-inn%2F" not in page
    assert '<input type="hidden" name="next" value="/brukere/">' in page
    elsewhere = client.get("/portefolje/?segment=samstyre").content.decode()
    assert 'href="/logg-inn/?next=/portefolje/%3Fsegment%3Dsamstyre"' in elsewhere
