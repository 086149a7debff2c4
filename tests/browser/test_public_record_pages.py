"""The pages that say where a fact comes from and how sure it is, in a real browser: no
accessibility faults, and "antatt" opens to show its reason."""
import pytest
from playwright.sync_api import Page, expect

from .conftest import axe_violations

PUBLIC_PAGES = [
    "/", "/organer/nuit/", "/moter/nuit/2024-02-15/", "/saker/nuit/2024/6/", "/saker/nuit/2024/13/",
    "/prioritering/modeller/ehelseraad-2022/", "/strategi/", "/strategi/indikatorer/pll-andel-befolkning/",
    "/kostnader/betalingsplikt/sfm/", "/kostnader/prismodeller/helsenettet-2024/", "/portefolje/runder/",
    "/finnes-ikke/",  # the 404 page
]


def _faults(page: Page) -> list:
    return [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in axe_violations(page)]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_pages_with_sources_and_assumptions_have_no_accessibility_faults(page: Page, path: str):
    response = page.goto(path)
    assert response.status == (404 if path == "/finnes-ikke/" else 200)
    page.wait_for_load_state("networkidle")
    serious = [f for f in _faults(page) if f[1] in ("serious", "critical")]
    assert serious == []


def test_the_secretariats_meeting_page_with_notes_and_approval_has_no_serious_faults(secretariat_page: Page):
    page = secretariat_page
    assert page.goto("/moter/nuit/2024-05-15/").status == 200
    page.wait_for_load_state("networkidle")
    serious = [f for f in _faults(page) if f[1] in ("serious", "critical")]
    assert serious == []


def test_antatt_opens_to_show_why_the_value_is_assumed(page: Page):
    page.goto("/moter/nuit/2024-02-15/")
    assumed = page.locator("details.assumption").first
    expect(assumed.locator("summary")).to_have_text("antatt")
    reason = assumed.locator("span")
    expect(reason).to_be_hidden()
    assumed.locator("summary").click()
    expect(reason).to_be_visible()
    assert len(reason.inner_text()) > 20
