"""Action items in a browser: the secretariat filters the overview, moves an item on with its history,
sets owner and due date; every page and state passes axe-core."""
import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import axe_violations

pytestmark = pytest.mark.browser


def _serious(page: Page, where: str) -> list[str]:
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # the folded parts too
    found = []
    for violation in axe_violations(page):
        line = f"{where}: {violation['id']} ({violation['impact']}) – {violation['help']}"
        print(line)
        if violation["impact"] in ("serious", "critical"):
            found.append(line)
    return found


@pytest.mark.parametrize("path", ["/aksjonspunkter/?status=all", "/aksjonspunkter/?organisasjon=zzz&forfalt=1",
                                  "/saker/nuit/2024/4/"])
def test_action_item_pages_have_no_serious_accessibility_violations_anonymous(page: Page, path: str):
    page.goto(path)
    problems = _serious(page, f"anonymous {path}")
    assert not problems, "\n".join(problems)


def test_the_secretariat_follows_an_item_up_to_done_and_every_step_passes_axe(secretariat_page: Page):
    page = secretariat_page
    page.goto("/aksjonspunkter/")
    page.get_by_label("Ansvarlig organisasjon").select_option(label="Helsedirektoratet")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator("#action-items tr[data-case]")).to_have_count(4)
    assert not _serious(page, "secretariat overview")

    page.locator('#action-items tr[data-case="9/24"]').get_by_role("link").nth(1).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aksjonspunkt fra sak NUIT 9/24")
    page.get_by_label("Ny status").select_option("dropped")
    page.get_by_role("button", name="Lagre status").click()
    expect(page.locator("#id_status-note_error")).to_contain_text("Skriv hvorfor aksjonspunktet frafalles.")
    assert not _serious(page, "secretariat item with an error")

    page.get_by_label("Ny status").select_option("done")
    page.get_by_label("I sak (valgfritt)").fill("25/24")
    page.get_by_label("Hvorfor (valgfritt)").fill("Oppsummert for NUIT i mai.")
    page.get_by_role("button", name="Lagre status").click()
    expect(page.get_by_role("status")).to_contain_text("Statusen er endret.")
    history = page.locator("#historikk + ol")
    expect(history).to_contain_text(re.compile(r"Utført\s+i sak\s+NUIT 25/24"))
    expect(history).to_contain_text("Registrert av Sekretariatet (demo)")

    page.get_by_label("Frist (valgfritt)").fill("2024-04-01")
    page.get_by_role("button", name="Lagre ansvar og frist").click()
    expect(page.get_by_role("status")).to_contain_text("Ansvar og frist er lagret.")
    expect(page.locator("#aksjonspunkt")).to_contain_text("1. april 2024")
    assert not _serious(page, "secretariat item")

    page.goto("/saker/nuit/2024/9/")
    expect(page.locator("#case-action-items")).to_contain_text("Historikk (2 steg)")
    assert not _serious(page, "secretariat case page")
