"""Who may do what: every page and every API operation declares its role, and is held to it.

The walk goes through the whole URL configuration and the whole API with each kind of user:
the public, a reporter for an initiative owner (signed in, no role), a council member and the
secretariat. The role is checked before the view looks anything up, so placeholder values in
the URLs are enough: a refused user is refused whatever the URL names.
"""
import re

import pytest
from django.contrib.auth.models import User
from django.urls import URLPattern, URLResolver, get_resolver

from radsmodell.api import api
from radsmodell.core.roles import Access, Role, RoleAuth

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# URLs that are not the product's own pages: Django's admin (staff permissions of its own), the
# API (walked separately below) and the language switch (any visitor may choose a language).
NOT_WALKED = ("admin/", "api/", "i18n/")
PLACEHOLDERS = {"int": "987654", "slug": "ingen-slik", "str": "ingen-slik", "path": "ingen/slik"}
USERS = {"public": None, "reporter": "tiltakseier", "member": "medlem", "secretariat": "sekretariat"}
ROLE_OF_USER = {"public": Role.PUBLIC, "reporter": Role.SIGNED_IN, "member": Role.MEMBER,
                "secretariat": Role.SECRETARIAT}


def _patterns(resolver=None, prefix=""):
    """(route, name, view) of every URL pattern, includes followed."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if not route.startswith(NOT_WALKED):
                yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern) and not route.startswith(NOT_WALKED):
            yield route, entry.name, entry.callback


def _url(route: str) -> str:
    """The route with placeholder values: <int:pk> → 987654, <slug:slug> → ingen-slik."""
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: PLACEHOLDERS.get(m.group(1) or "str", "x"), route)
    return "/" + path.lstrip("^").rstrip("$")


PAGES = sorted(_patterns())


@pytest.mark.parametrize("route, name, view", PAGES, ids=[name or route for route, name, view in PAGES])
def test_every_page_declares_who_may_read_and_write(route, name, view):
    declared = getattr(view, "access", None)
    assert isinstance(declared, Access), f"/{route} ({name}) declares no access: decorate it with core.roles.access"


def _client_as(client, who: str):
    if USERS[who]:
        client.force_login(User.objects.get(username=USERS[who]))
    return client


def _refused(response) -> bool:
    """403, or the login page for a visitor who is not signed in."""
    return response.status_code == 403 or (response.status_code == 302 and "/logg-inn/" in response["Location"])


@pytest.mark.parametrize("who", ["public", "reporter", "member", "secretariat"])
def test_every_page_refuses_whoever_its_declaration_refuses(client, demo, who):
    client = _client_as(client, who)
    wrong = []
    for route, name, view in PAGES:
        declared: Access = view.access
        url = _url(route)
        for method, needed in (("get", declared.read), ("post", declared.write)):
            if needed is None or (method == "post" and needed == Role.PUBLIC):
                continue  # nothing to refuse (and a POST to sign out would sign the walk out)
            response = getattr(client, method)(url)
            may = ROLE_OF_USER[who] >= needed
            if may == _refused(response):
                wrong.append(f"{method.upper()} {url} ({name}) as {who}: {response.status_code}, "
                             f"declared {needed.name}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("route, name, view", PAGES, ids=[name or route for route, name, view in PAGES])
def test_pages_without_writes_take_no_post(client, demo, route, name, view):
    if view.access.write is not None:
        return
    client.force_login(User.objects.get(username="sekretariat"))
    assert client.post(_url(route)).status_code == 405


def _operations():
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    yield method, "/api/" + (prefix.strip("/") + "/" + path.lstrip("/")).lstrip("/"), operation


OPERATIONS = sorted(((method, path, operation) for method, path, operation in _operations()
                     if method in WRITE_METHODS), key=lambda row: (row[1], row[0]))


@pytest.mark.parametrize("method, path, operation", OPERATIONS, ids=[f"{m} {p}" for m, p, _o in OPERATIONS])
def test_every_api_write_declares_its_role(method, path, operation):
    roles = [auth.role for auth in operation.auth_callbacks if isinstance(auth, RoleAuth)]
    assert roles, f"{method} {path} has no role: use auth=api_auth(Role.…)"


@pytest.mark.parametrize("who", ["public", "reporter", "member", "secretariat"])
def test_every_api_write_refuses_whoever_its_role_refuses(client, demo, who):
    client = _client_as(client, who)
    wrong = []
    for method, path, operation in OPERATIONS:
        needed = min(auth.role for auth in operation.auth_callbacks if isinstance(auth, RoleAuth))
        url = re.sub(r"\{(\w+)\}", "987654", path)
        response = getattr(client, method.lower())(url, {}, content_type="application/json")
        expected = 401 if who == "public" else 403
        may = ROLE_OF_USER[who] >= needed
        if may == (response.status_code == expected):
            wrong.append(f"{method} {url} as {who}: {response.status_code}, role {needed.name}")
    assert not wrong, "\n".join(wrong)


def test_a_reporter_writes_status_reports_for_the_owners_initiatives_only(client, demo):
    """The object rule behind `scope` on the report page: Helse Nord RHF's reporter."""
    from radsmodell.portfolio.models import Initiative, Round

    open_round = Round.objects.create(name="Desember 2026", slug="desember-2026", status=Round.Status.OPEN)
    client.force_login(User.objects.get(username="tiltakseier"))
    own = Initiative.objects.filter(owner="Helse Nord RHF").first()
    other = Initiative.objects.exclude(owner="Helse Nord RHF").first()
    report = {"overall": "green", "text": "I rute.", "action": "save"}
    assert client.post(f"/portefolje/runder/{open_round.slug}/rapporter/{own.slug}/", report).status_code == 302
    assert client.post(f"/portefolje/runder/{open_round.slug}/rapporter/{other.slug}/", report).status_code == 403


def test_a_refusal_says_why_in_the_sites_own_page(client, member):
    anonymous = client.get("/endringslogg/")
    assert anonymous.status_code == 302 and anonymous["Location"] == "/logg-inn/?next=/endringslogg/"
    anonymous_write = client.post("/moter/ny/", {})
    assert anonymous_write.status_code == 403
    page = anonymous_write.content.decode()
    assert "Bare sekretariatet kan endre dette." in page
    assert "/logg-inn/?next=/moter/ny/" in page
    client.force_login(member)
    refused = client.post("/moter/ny/", {})
    assert refused.status_code == 403 and "Bare sekretariatet kan endre dette." in refused.content.decode()
    assert "Hovedmeny" in refused.content.decode()  # the site's frame, not a bare error
