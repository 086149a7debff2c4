"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

One browser per session, a fresh context (cookies, storage) per test, the demo data copied
into the (transactional) test database before each test (see tests/conftest.py).
"""
import os
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in this thread; Django would otherwise
# refuse ORM calls from the test body ("You cannot call this from an async context").
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

PROJECT_DIR = Path(__file__).resolve().parents[2]
AXE_JS = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
TIMEOUT_MS = 20_000
# Assertions wait as long as actions do: on a two-core CI machine that runs the PostgreSQL suite
# beside this one, a form's round trip (a scoring session's recomputed ranking) can take over ten seconds.
expect.set_options(timeout=TIMEOUT_MS)

SECRETARIAT = ("sekretariat", "sekretariat-demo")
MEMBER = ("medlem", "medlem-demo")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (make browser-deps)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db):
    """The demo data, committed so the live server's requests see it."""


@pytest.fixture
def base_url(live_server, demo) -> str:
    return live_server.url


@pytest.fixture
def page(browser, base_url) -> Page:
    context = browser.new_context(base_url=base_url, locale="nb-NO", accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


def log_in(page: Page, username: str, password: str) -> None:
    """Through the real login form, as a user would."""
    page.goto("/logg-inn/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Logg ut").is_visible(), f"login as {username} failed"


@pytest.fixture
def secretariat_page(page: Page) -> Page:
    log_in(page, *SECRETARIAT)
    return page


def axe_violations(page: Page) -> list[dict]:
    """Every axe-core violation on the page as it stands."""
    # Evaluated through the browser's developer protocol: a <script> tag with the code inline would
    # be blocked by the page's Content-Security-Policy, as it should be.
    page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate("async () => (await axe.run(document)).violations")
