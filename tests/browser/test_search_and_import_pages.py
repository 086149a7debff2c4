"""The decision register in a real browser: a citizen searches from the box in the header and narrows
by a facet; the secretariat uploads two sets of minutes, reviews them and confirms."""
import re

from playwright.sync_api import Page, expect

from .conftest import axe_violations

EARLIER_MINUTES = """Referat fra NUIT-møte 1/2021
Dato: 10. mars 2021
Sted: Helsedirektoratet, Oslo

Til stede:
Kari Nordmann, Helse Nord RHF

Sak 1/21 Godkjenning av innkalling og dagsorden
Vedtak: NUIT godkjenner innkalling og dagsorden.

Sak 2/21 Status for porteføljen
Innretning: Orientering
Vedtak: NUIT tar saken til orientering.
"""

LATER_MINUTES = """Referat fra NUIT-møte 2/2021
Dato: 12. mai 2021
Sted: Helsedirektoratet, Oslo

Til stede:
Kari Nordmann, Helse Nord RHF

Sak 3/21 Godkjenning av referat fra NUIT 10. mars 2021
Vedtak: NUIT godkjenner referatet fra NUIT 10. mars 2021.
"""


def hit_count(page: Page) -> int:
    return int(re.sub(r"\D", "", page.locator("#treff").inner_text()))


def test_a_search_from_the_header_finds_inflected_forms_marks_them_and_narrows_by_a_facet(page: Page):
    page.goto("/")
    page.get_by_role("search").first.get_by_role("searchbox").fill("kjernejournalen")
    page.get_by_role("search").first.get_by_role("searchbox").press("Enter")
    expect(page).to_have_url(re.compile(r"/sok/\?q=kjernejournalen"))
    expect(page.locator("#treff")).to_contain_text("treff")
    everything = hit_count(page)
    assert everything > 1
    # The register says «kjernejournal»; the form searched for is found and marked where it matched.
    expect(page.locator(".search-hit mark").first).to_have_text(re.compile(r"^[Kk]jernejournal"))
    assert [f for f in axe_violations(page) if f["impact"] in ("serious", "critical")] == []

    kinds = page.locator('fieldset[data-facet="kind"]')
    choice = kinds.locator("label").filter(has_text="Saker")
    cases = int(re.search(r"\((\d+)\)", choice.inner_text())[1])
    assert 0 < cases < everything
    choice.click()
    page.get_by_role("button", name="Bruk filtrene").click()
    expect(page.locator("#chosen-filters")).to_contain_text("Saker")
    assert hit_count(page) == cases
    assert set(page.locator(".search-hit").evaluate_all("hits => hits.map(h => h.dataset.kind)")) == {"case"}
    page.get_by_role("link", name="Fjern alle filtre").first.click()
    expect(page.locator("#chosen-filters")).to_have_count(0)
    assert hit_count(page) == everything


def test_the_secretariat_imports_two_sets_of_minutes_and_the_earlier_come_in_approved(secretariat_page: Page):
    page = secretariat_page
    page.goto("/moter/")
    page.get_by_role("link", name="Importer innkallinger, referater og sakspapirer").click()
    page.get_by_label("Filer (PDF, DOCX eller tekst)").set_input_files([
        {"name": "referat 1-2021.txt", "mimeType": "text/plain", "buffer": EARLIER_MINUTES.encode()},
        {"name": "referat 2-2021.txt", "mimeType": "text/plain", "buffer": LATER_MINUTES.encode()},
    ])
    page.get_by_role("button", name="Les inn dokumentene").click()

    # The review: each draft beside its source, and what confirming will do.
    expect(page.get_by_text("Godkjenner referatet fra et tidligere møte")).to_be_visible()
    expect(page.get_by_text("Nytt møte").first).to_be_visible()
    assert [f for f in axe_violations(page) if f["impact"] in ("serious", "critical")] == []
    page.get_by_role("button", name="Bekreft import").click()

    expect(page).to_have_url(re.compile(r"/moter/nuit/2021-0[35]-\d\d/$"))
    expect(page.get_by_text(re.compile("Importert: NUIT"))).to_be_visible()
    expect(page.get_by_text("Referatet er godkjent som sakene i dokumentene vedtok: NUIT 1/2021.")).to_be_visible()
    page.goto("/moter/nuit/2021-03-10/")
    expect(page.locator("#source-documents")).to_contain_text("referat 1-2021.txt")

    # Approved minutes are public: a reader who is not logged in finds the decision.
    page.get_by_role("button", name="Logg ut").click()
    page.goto("/sok/?q=porteføljen")
    expect(page.locator(".search-hit", has_text="Status for porteføljen")).to_contain_text("NUIT · Sak 2/21")
