"""One connected record in a real browser: from the dashboard to a goal, to an initiative that
serves it, to a case that treated it, to the price model the case decided — by clicking links."""
from playwright.sync_api import Page, expect

from .conftest import axe_violations


def _follow(page: Page, name: str) -> None:
    page.locator(".linked-objects").get_by_role("link", name=name).first.click()
    page.wait_for_load_state()


def _serious(page: Page) -> list[str]:
    return [v["id"] for v in axe_violations(page) if v["impact"] in ("serious", "critical")]


def test_from_the_dashboard_to_the_price_model_a_case_decided(page: Page):
    page.goto("/strategi/")
    page.get_by_role("link", name="Enklere arbeidshverdag").first.click()
    expect(page).to_have_url("/strategi/mal/enklere-arbeidshverdag/")
    assert _serious(page) == []
    _follow(page, "Pasientens legemiddelliste (PLL)")
    expect(page).to_have_url("/portefolje/tiltak/pll/")
    # The initiative's story across the modules, with the case it goes on to.
    story = page.locator("section.timeline")
    expect(story.get_by_role("link", name="NUIT 17/24 Prinsipper for fordeling av kostnader")).to_be_visible()
    assert _serious(page) == []
    _follow(page, "NUIT 17/24 Prinsipper for fordeling av kostnader")
    expect(page).to_have_url("/saker/nuit/2024/17/")
    _follow(page, "Helsenettet 2025 (foreløpig forslag)")
    expect(page).to_have_url("/kostnader/prismodeller/helsenettet-2025/")
    back = page.locator(".linked-objects")
    expect(back.get_by_role("link", name="NUIT 17/24 Prinsipper for fordeling av kostnader")).to_be_visible()
    assert _serious(page) == []
