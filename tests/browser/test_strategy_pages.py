"""The goal dashboard as a reader uses it: with the keyboard, without JavaScript, with a screen reader's eyes."""
import pytest
from playwright.sync_api import Page, expect

from .conftest import axe_violations


def test_click_from_the_dashboard_into_a_goal_and_an_indicator_and_read_its_values(page: Page):
    page.goto("/strategi/")
    card = page.locator(".goal-card", has_text="Kvalitet og sammenheng i tjenestene")
    expect(card).to_contain_text("Kan ikke vurderes (uklar ambisjon) 1")
    expect(card).to_contain_text("Bak planen 0")
    card.get_by_role("link", name="Kvalitet og sammenheng i tjenestene").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kvalitet og sammenheng i tjenestene")
    row = page.locator("#goal-indicators tr", has_text="Pasientens legemiddelliste")
    expect(row).to_contain_text("1,5 %")
    expect(row).to_contain_text("Kan ikke vurderes (uklar ambisjon)")
    expect(row).not_to_contain_text("Bak planen")
    row.get_by_role("link", name="Pasientens legemiddelliste").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pasientens legemiddelliste")
    expect(page.locator("#indicator-summary")).to_contain_text(
        "Ingen ambisjon satt for 2030; delambisjon 25,0 % i 2026")
    october = page.locator("#indicator-data-table tr", has_text="oktober 2025")
    expect(october).to_have_text("oktober 2025 1,5 % 12,1 % 5,2 %", use_inner_text=True)
    page.wait_for_function("() => document.querySelector('#indicator-chart canvas, #indicator-chart svg')")


def test_a_reader_opens_antatt_on_an_adopted_2025_sub_goal_and_reads_why(page: Page):
    page.goto("/strategi/mal/aktiv-medvirkning/")
    item = page.locator("li", has_text="Redusere digitale barrierer (vedtatt").first
    reason = item.locator("details.assumption span")
    expect(reason).to_be_hidden()
    item.locator("details.assumption summary").click()
    expect(reason).to_be_visible()
    expect(reason).to_contain_text("sier ikke at eller når de ble vedtatt")


def test_keyboard_alone_reaches_a_goal_and_opens_it(page: Page):
    page.goto("/strategi/")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()") == "Mål 2: Enklere arbeidshverdag":
            break
    else:
        pytest.fail("Tab never reached the goal link")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mål 2: Enklere arbeidshverdag")


def test_without_javascript_the_indicator_page_has_its_table(browser, base_url):
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/strategi/indikatorer/innbyggers-digitale-kontakt/")
    table = page.locator("#indicator-data-table")
    expect(table.locator("tr", has_text="2019")).to_contain_text("33,0 %")
    expect(table.locator("tr", has_text="2024")).to_contain_text("59,0 %")
    context.close()


@pytest.mark.parametrize("path", ["/strategi/", "/strategi/mal/overordnet-1/", "/strategi/mal/aktiv-medvirkning/",
                                  "/strategi/indikatorer/", "/strategi/indikatorer/pll-andel-befolkning/",
                                  "/strategi/veikart/", "/strategi/veikart/sammenlign/"])
def test_strategy_pages_have_no_serious_accessibility_violations(page: Page, path: str):
    page.goto(path)
    page.wait_for_load_state("networkidle")
    serious = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert serious == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in serious]
