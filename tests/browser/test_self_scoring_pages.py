"""A member scores themselves in a real browser: the demo's self-scoring session, the member's own
sheet, the secretariat's progress and closing, and the disagreement the public then sees; axe-core
on every page of it."""
import pytest
from playwright.sync_api import Page, expect

from .conftest import MEMBER, SECRETARIAT, axe_violations, log_in

pytestmark = pytest.mark.browser

DEMO_TITLE = "Egenscoring (demo): tre tiltak fra 2022"


def serious(page: Page, where: str) -> list[str]:
    return [f"{where}: {v['id']} ({v['impact']}) – {v['help']}" for v in axe_violations(page)
            if v["impact"] in ("serious", "critical")]


def test_a_member_delivers_their_sheet_and_sees_the_disagreement_after_closing(page: Page):
    from django.contrib.auth.models import User

    from radsmodell.priority import services
    from radsmodell.priority.models import ScoringSession

    session = ScoringSession.objects.get(title=DEMO_TITLE)
    problems = []
    log_in(page, *MEMBER)
    page.goto(session.get_absolute_url())
    expect(page.locator("#result-waits")).to_contain_text("vises når sekretariatet har avsluttet scoringen")
    problems += serious(page, "member, session waiting")
    page.get_by_role("link", name="Fyll ut arket ditt").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mitt ark")
    problems += serious(page, "member, own sheet")
    page.get_by_label("Q1 – PLL (pasientens legemiddelliste)", exact=True).fill("11")
    page.get_by_label("Q2 – PLL (pasientens legemiddelliste)", exact=True).fill("7")
    page.get_by_role("button", name="Lever").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "PLL (pasientens legemiddelliste), Q1: 11 er utenfor skalaen 0–10")
    problems += serious(page, "member, own sheet with errors")
    page.get_by_label("Q1 – PLL (pasientens legemiddelliste)", exact=True).fill("9")
    page.get_by_role("button", name="Lever").click()
    expect(page.get_by_role("status")).to_contain_text("Arket er levert med 2 av 33 scorer fylt ut.")
    expect(page.locator("#sheet-status")).to_contain_text("levert")

    # A second rater, delivered, so that there is something to disagree about.
    other = User.objects.create_user("kari", first_name="Kari", last_name="Nordmann")
    rater = services.invite_raters(session, [other])[0]
    pll = session.measures.get(name="PLL (pasientens legemiddelliste)")
    services.save_own_sheet(rater, {(pll.pk, "Q1"): ("5", ""), (pll.pk, "Q2"): ("7", "")}, deliver=True)

    page.get_by_role("button", name="Logg ut").click()
    log_in(page, *SECRETARIAT)
    page.goto(session.get_absolute_url())
    progress = page.locator("#sheet-progress")
    expect(progress).to_contain_text("Rådsmedlem (demo)")
    expect(progress).to_contain_text("2 av 33")
    problems += serious(page, "secretariat, session with progress")
    page.get_by_role("button", name="Avslutt runden").click()
    expect(page.locator("dl")).to_contain_text("Avsluttet")

    page.get_by_role("button", name="Logg ut").click()
    page.goto(session.get_absolute_url())
    cells = page.locator("#disagreement-cells")
    expect(cells.locator("tbody tr").first).to_contain_text("PLL (pasientens legemiddelliste)")
    expect(cells.locator("tbody tr").first).to_contain_text("2,83")  # 9 and 5
    expect(cells.locator("tbody tr").first).to_contain_text("5; 9")  # no names for the public
    problems += serious(page, "public, closed session with disagreement")
    assert not problems, "\n".join(problems)
