"""A national solution's page in a real browser: from the SFM page to its price model by its link."""
from playwright.sync_api import Page, expect

from .conftest import axe_violations


def test_from_the_sfm_page_to_its_price_model(page: Page):
    page.goto("/portefolje/losninger/")
    page.locator("#solutions").get_by_role("link", name="Sentral forskrivningsmodul").click()
    expect(page).to_have_url("/portefolje/losninger/sfm/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sentral forskrivningsmodul (SFM)")
    expect(page.locator("#solution-initiatives")).to_contain_text("Pasientens legemiddelliste (PLL)")
    costs = page.locator("#solution-costs")
    expect(costs.locator("#solution-gates")).to_contain_text("Sentral forskrivningsmodul (SFM, inkl. FM)")
    serious = [v["id"] for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert serious == []
    costs.get_by_role("link", name="SFM 2025 (anbefalt)").click()
    expect(page).to_have_url("/kostnader/prismodeller/sfm-2025/")
    expect(page.get_by_role("heading", level=1)).to_have_text("SFM 2025 (anbefalt)")
    serious = [v["id"] for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert serious == []
