"""Anonymous pages from memory (core/pagecache.py): served again for a few seconds, never to a
signed-in user, never a page that sets a cookie, emptied by a write, and off unless asked for."""
import pytest

from radsmodell.core import pagecache
from radsmodell.portfolio.models import Initiative

PAGE = "/portefolje/tiltak/pll/"


def _rename(name: str) -> None:
    Initiative.objects.filter(slug="pll").update(name=name)  # behind the app's back: no write request


@pytest.fixture
def cached(settings):
    settings.PAGE_CACHE_SECONDS = 10
    pagecache.clear()
    yield
    pagecache.clear()


def test_an_anonymous_page_is_served_again_until_it_expires(client, demo, cached, monkeypatch):
    first = client.get(PAGE)
    _rename("Et nytt navn på PLL")
    again = client.get(PAGE)
    assert again.content == first.content and "Et nytt navn på PLL" not in again.content.decode()
    assert again["X-Request-ID"] != first["X-Request-ID"]  # a response of its own, with its own headers
    assert "script-src 'self'" in again["Content-Security-Policy"] and again["ETag"] == first["ETag"]
    later = pagecache.time.monotonic() + 11
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: later)
    assert "Et nytt navn på PLL" in client.get(PAGE).content.decode()


def test_the_language_is_part_of_the_key(client, demo, cached):
    client.get(PAGE)
    client.cookies["django_language"] = "en"
    assert 'lang="en"' in client.get(PAGE).content.decode()


def test_a_signed_in_user_always_sees_the_register_as_it_is(client, demo, cached, secretariat):
    client.force_login(secretariat)
    client.get(PAGE)
    _rename("Et nytt navn på PLL")
    assert "Et nytt navn på PLL" in client.get(PAGE).content.decode()


def test_a_write_empties_the_cache(client, demo, cached, secretariat):
    client.get(PAGE)
    _rename("Et nytt navn på PLL")
    writer = type(client)()
    writer.force_login(secretariat)
    writer.post("/koblinger/", {"a": "initiative:pll", "b": "case:nuit/2024/18", "source": "Test"})
    assert "Et nytt navn på PLL" in client.get(PAGE).content.decode()


def test_off_by_default(client, demo):
    client.get(PAGE)
    _rename("Et nytt navn på PLL")
    assert "Et nytt navn på PLL" in client.get(PAGE).content.decode()


def test_a_page_that_sets_a_cookie_or_fails_is_not_kept(client, demo, cached):
    login = client.get("/logg-inn/")  # a form with its CSRF cookie
    assert login.cookies
    assert client.get("/logg-inn/")["X-Request-ID"] != login["X-Request-ID"]
    client.get("/portefolje/tiltak/finnes-ikke/")
    Initiative.objects.create(slug="finnes-ikke", name="Finnes nå")
    assert client.get("/portefolje/tiltak/finnes-ikke/").status_code == 200
