"""Security and caching headers on every kind of response (core/security.py), and templates that
keep the Content-Security-Policy workable: no inline script, no on*= handler, no style="".

A page the same for every anonymous visitor is public with an ETag and answers 304 when asked
again; a signed-in user's page, a form's answer and an error are private; the sign-in page (a
form with a CSRF token) is not kept at all.
"""
import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import Client, RequestFactory
from pagewalk import walk

from radsmodell.core.security import set_cache_control

TEMPLATES = sorted((Path(__file__).resolve().parents[1] / "src" / "radsmodell").rglob("templates/**/*.html"))

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()"
PUBLIC = "public, max-age=0, must-revalidate"
PRIVATE = "private, no-cache"

# (what, URL) for every kind of page an anonymous reader gets, each cacheable by anyone.
ANONYMOUS = [
    ("home", "/"),
    ("list", "/moter/"),
    ("detail", "/saker/nuit/2024/17/"),
    ("chart page", "/strategi/indikatorer/pll-andel-befolkning/"),
    ("document HTML", "/moter/nuit/2024-05-15/innkalling.html"),
    ("document PDF", "/moter/nuit/2024-05-15/innkalling.pdf"),
    ("CSV export", "/strategi/indikatorer/pll-andel-befolkning/data.csv"),
    ("API read", "/api/cases?body=nuit&year=2024"),
    ("API docs", "/api/docs"),
]


def policy(response) -> dict[str, list[str]]:
    directives = [part.split() for part in response["Content-Security-Policy"].split(";")]
    return {name: sources for name, *sources in directives}


def assert_security_headers(response) -> None:
    found = policy(response)
    style = found.pop("style-src")
    assert found == POLICY
    assert style[0] == "'self'" and all(re.fullmatch(r"'sha256-[A-Za-z0-9+/]{43}='", s) for s in style[1:]), style
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Permissions-Policy"] == PERMISSIONS
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def assert_public_and_revalidated(client, url, response) -> None:
    assert response["Cache-Control"] == PUBLIC, url
    assert "Cookie" in response["Vary"] and not response.cookies, url
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and not again.content, url
    assert client.get(url, HTTP_IF_NONE_MATCH='"not-this-one"').status_code == 200


@pytest.mark.parametrize(("what", "url"), ANONYMOUS, ids=[what for what, _ in ANONYMOUS])
def test_anonymous_pages_are_public_with_an_etag(client, demo, what, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert_security_headers(response)
    assert_public_and_revalidated(client, url, response)


def test_every_public_page_is_the_same_for_every_visitor(client, demo):
    """No public page carries a token or anything else of its own visitor: each answers 304 with its ETag."""
    seen = []
    for url, _ in walk(client):
        response = client.get(url, HTTP_IF_NONE_MATCH=client.get(url)["ETag"])
        assert response.status_code == 304, f"{url}: {response.status_code} {response.get('Cache-Control')}"
        seen.append(url)
    assert len(seen) > 100


def test_secretariat_pages_and_api_are_private(client, secretariat):
    client.force_login(secretariat)
    for url in ("/", "/moter/", "/saker/nuit/2024/17/", "/api/cases?body=nuit&year=2024",
                "/moter/nuit/2024-05-15/innkalling.pdf", "/endringslogg/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)
        assert response["Cache-Control"] == PRIVATE, url
        assert "Cookie" in response["Vary"], url


def test_sign_in_page_is_not_kept(client, db):
    response = client.get("/logg-inn/")
    assert_security_headers(response)
    assert {"private", "no-store"} <= set(re.split(r",\s*", response["Cache-Control"]))
    assert "ETag" not in response


def test_admin_is_not_kept(client, secretariat):
    secretariat.is_staff = secretariat.is_superuser = True
    secretariat.save()
    client.force_login(secretariat)
    response = client.get("/admin/auth/user/")
    assert response.status_code == 200
    assert_security_headers(response)
    assert {"private", "no-store"} <= set(re.split(r",\s*", response["Cache-Control"]))


def test_errors_are_never_public(client, demo):
    response = client.get("/moter/finnes-ikke/")
    assert response.status_code == 404
    assert_security_headers(response)
    assert response["Cache-Control"] == PRIVATE
    api = client.get("/api/cases/nuit/2024/999")
    assert api.status_code == 404 and api["Cache-Control"] == PRIVATE


def test_post_answer_is_private_and_the_language_button_needs_no_token(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/moter/"})
    assert response.status_code == 302 and response["Location"] == "/moter/"
    assert response.cookies["django_language"].value == "en"
    assert_security_headers(response)
    assert response["Cache-Control"] == PRIVATE
    # Every other form still needs its token.
    assert client.post("/logg-inn/", {"username": "x", "password": "y"}).status_code == 403


def test_an_anonymous_page_that_sets_a_cookie_is_not_kept():
    """A cookie of this visitor's own (a form's CSRF token, a message) makes the page theirs alone."""
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = HttpResponse("<form method='post'>…</form>")
    response.set_cookie("csrftoken", "this visitor's token")
    set_cache_control(request, response)
    assert response["Cache-Control"] == "private, no-store"


def test_document_stylesheets_are_allowed_by_their_hash(client, demo):
    """The documents' <style> blocks (one stylesheet for the screen page and the PDF) apply; nothing else inline."""
    for url in ("/moter/nuit/2024-05-15/innkalling.html", "/strategi/indikatorkort.html?periode=2025-Q1"):
        response = client.get(url)
        assert response.status_code == 200, url
        blocks = re.findall(r"<style>(.*?)</style>", response.content.decode(), re.DOTALL)
        assert blocks, url
        for css in blocks:
            digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in policy(response)["style-src"], url


def test_htmx_adds_no_inline_style_and_runs_no_eval(client, db):
    page = client.get("/logg-inn/").content.decode()
    assert """<meta name="htmx-config" content='{"includeIndicatorStyles": false, "allowEval": false}'>""" in page
    css = (Path(__file__).resolve().parents[1] / "src/radsmodell/core/static/core/site.css").read_text()
    assert ".htmx-request .htmx-indicator" in css


# --- the templates ------------------------------------------------------------------------------
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)
HANDLER = re.compile(r"""<[a-zA-Z][^>]*?\son[a-z]+\s*=""", re.DOTALL)
STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)</style>", re.DOTALL)
STYLE_ATTRIBUTE = re.compile(r"""<[a-zA-Z][^>]*?\sstyle\s*=""", re.DOTALL)


def findings(text: str) -> list[str]:
    """What the policy would block in a template: inline script code, on*= handlers, style="",
    and a <style> block whose text the template language changes (its hash would not match)."""
    found = []
    for attributes, code in SCRIPT_TAG.findall(text):
        if 'type="application/json"' not in attributes and ("src=" not in attributes or code.strip()):
            found.append(f"inline script: {code.strip()[:60]!r}")
    found += [f"handler: {m.group(0)[-40:]!r}" for m in HANDLER.finditer(text)]
    found += [f"style attribute: {m.group(0)[-40:]!r}" for m in STYLE_ATTRIBUTE.finditer(text)]
    found += [f"<style> with template tags: {css[:60]!r}" for css in STYLE_BLOCK.findall(text)
              if "{{" in css or "{%" in css]
    found += ["<style> with attributes" for _ in re.findall(r"<style\s[^>]*>", text)]
    return found


def test_templates_have_nothing_the_policy_blocks():
    assert len(TEMPLATES) > 50
    wrong = {str(path): found for path in TEMPLATES if (found := findings(path.read_text(encoding="utf-8")))}
    assert wrong == {}


@pytest.mark.parametrize("snippet", [
    '<script>alert(1)</script>',
    '<script type="module">go()</script>',
    '<button onclick="go()">x</button>',
    '<form class="a"\n onsubmit="return check()">',
    '<div class="x" style="height:2rem">',
    '<style>p { color: {{ colour }} }</style>',
])
def test_the_template_check_finds_what_the_policy_blocks(snippet):
    assert findings(snippet)


@pytest.mark.parametrize("snippet", [
    '<script src="/static/x.js" defer></script>',
    '{{ data|json_script:"x" }}<script id="x" type="application/json">{"a": 1}</script>',
    '<form data-confirm="Fjerne?" class="inline-form">',
    '<style>p { color: red }</style>',
])
def test_the_template_check_lets_allowed_things_pass(snippet):
    assert findings(snippet) == []
