"""The body's address page in a browser: the secretariat sets a member's address; every state of
the page passes axe-core."""
import pytest
from playwright.sync_api import Page, expect

from .conftest import axe_violations

pytestmark = pytest.mark.browser


def _serious(page: Page) -> list[str]:
    return [f"{v['id']} ({v['impact']}) – {v['help']}" for v in axe_violations(page)
            if v["impact"] in ("serious", "critical")]


def test_the_secretariat_sets_an_address_and_the_page_passes_axe(secretariat_page: Page):
    page = secretariat_page
    page.goto("/organer/nuit/")
    page.get_by_role("link", name="Adresser for innkallinger og påminnelser").click()
    assert not _serious(page)

    page.get_by_label("E-post for Kristin Brekke").fill("ikke en adresse")
    page.get_by_role("button", name="Lagre adressene").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Kristin Brekke: «ikke en adresse» er ikke en gyldig e-postadresse.")
    assert not _serious(page)

    page.get_by_label("E-post for Kristin Brekke").fill("kristin@example.org")
    page.get_by_role("button", name="Lagre adressene").click()
    expect(page.get_by_role("status")).to_contain_text("Adressene er lagret (1 endret).")
    expect(page.get_by_label("E-post for Kristin Brekke")).to_have_value("kristin@example.org")
