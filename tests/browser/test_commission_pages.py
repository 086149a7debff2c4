"""The commissions register in a browser: the secretariat registers one, the pages pass axe-core."""
import pytest
from playwright.sync_api import Page, expect

from .conftest import axe_violations

pytestmark = pytest.mark.browser


def _serious(page: Page, where: str) -> list[str]:
    found = []
    for violation in axe_violations(page):
        line = f"{where}: {violation['id']} ({violation['impact']}) – {violation['help']}"
        print(line)
        if violation["impact"] in ("serious", "critical"):
            found.append(line)
    return found


@pytest.mark.parametrize("path", ["/oppdrag/", "/oppdrag/?status=zzz&forfalt=on", "/organer/nuit/",
                                  "/saker/nuit/2024/18/"])
def test_commission_pages_have_no_serious_accessibility_violations_anonymous(page: Page, path: str):
    page.goto(path)
    problems = _serious(page, f"anonymous {path}")
    assert not problems, "\n".join(problems)


def test_the_secretariat_registers_a_commission_and_every_step_passes_axe(secretariat_page: Page):
    page = secretariat_page
    page.goto("/oppdrag/")
    page.get_by_role("link", name="Registrer et oppdrag").click()
    page.get_by_label("Referanse").fill("TB2026-7")
    page.get_by_label("Tittel").fill("Et oppdrag fra nettleseren")
    page.get_by_label("Oppdragsgiver", exact=True).select_option("hod")
    page.get_by_label("Gitt (valgfritt)", exact=True).fill("2026-03-01")
    page.get_by_label("Frist (valgfritt)", exact=True).fill("2026-02-01")
    page.get_by_role("button", name="Lagre oppdraget").click()
    expect(page.get_by_role("alert").first).to_contain_text("Oppdraget er ikke lagret")
    expect(page.locator("#id_receiver_error")).to_contain_text("Velg hvem som har fått oppdraget")
    expect(page.locator("#id_deadline_error")).to_contain_text("kan ikke være før oppdraget ble gitt")
    problems = _serious(page, "secretariat form with errors")
    assert not problems, "\n".join(problems)

    page.get_by_label("Mottaker").select_option(label="Helsedirektoratet")
    page.get_by_label("Frist (valgfritt)", exact=True).fill("2026-06-01")
    page.get_by_label("Behandlet i saker").fill("nuit/2024/18")
    page.get_by_role("button", name="Lagre oppdraget").click()
    expect(page.get_by_role("status")).to_contain_text("Oppdraget er lagret.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("TB2026-7: Et oppdrag fra nettleseren")
    expect(page.locator("#commission-cases")).to_contain_text("NUIT 18/24")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    problems = _serious(page, "secretariat commission page")
    assert not problems, "\n".join(problems)
