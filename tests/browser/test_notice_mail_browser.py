"""The notice by e-mail in a real browser: publishing with the mail server refusing, the log that
says so, sending again, and cancelling; the secretariat's notice panel checked with axe-core."""
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from radsmodell.council import selectors
from radsmodell.council.models import Body

from .conftest import axe_violations

pytestmark = pytest.mark.browser

DAY = "2030-03-14"


def test_a_refused_notice_is_logged_sent_again_and_the_meeting_cancelled(secretariat_page: Page, smtp_server):
    page = secretariat_page
    nuit = Body.objects.get(slug="nuit")
    person = next(m.person for m in selectors.members_on(nuit, date.fromisoformat(DAY)) if m.role == "medlem"
                  and not m.person.address)
    person.email = "kari@example.org"
    person.save()
    page.goto("/moter/")
    form = page.get_by_role("region", name="Planlegg et nytt møte")
    form.get_by_label("Organ").select_option(label="NUIT")
    form.get_by_label("Dato").fill(DAY)
    form.get_by_label("Starter").fill("09:30")
    form.get_by_label("Sted").fill("Helsedirektoratet, Oslo")
    form.get_by_role("button", name="Planlegg møtet").click()
    expect(page.locator("#notice-recipients")).to_contain_text("kari@example.org")

    smtp_server.inbox.refuse = True
    page.get_by_role("button", name="Publiser innkallingen").click()
    page.get_by_role("dialog").get_by_role("button", name="Publiser innkallingen").click()
    expect(page.get_by_role("status")).to_contain_text("Innkallingen er publisert.")
    expect(page.locator("#mail-log tr[data-status=failed]").first).to_contain_text("554")

    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    serious = [f"{v['id']}: {v['help']}" for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert not serious, serious

    smtp_server.inbox.refuse = False
    page.get_by_role("button", name="Send på nytt: kari@example.org").click()
    expect(page.get_by_role("status")).to_contain_text("Sendt på nytt: 1.")
    assert [e.rcpt_tos for e in smtp_server.inbox.envelopes] == [["kari@example.org"]]

    page.locator("summary", has_text="Avlys møtet").click()
    page.get_by_label("Hvorfor avlyses møtet?").fill("Lederen er syk.")
    page.get_by_role("button", name="Avlys møtet", exact=True).click()
    page.get_by_role("dialog").get_by_role("button", name="Avlys møtet").click()
    expect(page.locator("#avlyst")).to_contain_text("Lederen er syk.")
    assert len(smtp_server.inbox.to("kari@example.org")) == 2
