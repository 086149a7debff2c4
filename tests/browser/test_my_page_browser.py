"""Everyone's own page and profile in a real browser: a member logs in and lands on what waits for
them, sets their address on the profile; the secretariat's page with overdue work. axe-core clean."""
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from radsmodell.council.models import ActionItem, Body, Case, Meeting, Organisation

from .conftest import MEMBER, SECRETARIAT, axe_violations, log_in

pytestmark = pytest.mark.browser


def _serious(page: Page) -> list[str]:
    found = []
    for v in axe_violations(page):
        print(f"{page.url}: {v['id']} ({v['impact']}) – {v['help']}")
        if v["impact"] in ("serious", "critical"):
            found.append(f"{v['id']}: {v['help']}")
    return found


@pytest.fixture
def waiting(demo):
    """A coming NUIT meeting with a published notice, a draft one, and an overdue action item."""
    today = timezone.localdate()
    nuit = Body.objects.get(slug="nuit")
    coming = Meeting.objects.create(body=nuit, date=today + timedelta(days=21), location="Storo",
                                    notice_published_at=timezone.now())
    Case.objects.create(body=nuit, year=coming.date.year, number=901, meeting=coming, title="Porteføljen i desember")
    draft = Meeting.objects.create(body=nuit, date=today + timedelta(days=70))
    Case.objects.create(body=nuit, year=draft.date.year, number=902, meeting=draft, title="Utkast om datadeling")
    case = Case.objects.filter(body=nuit, meeting__isnull=False).first()
    ActionItem.objects.create(case=case, text="Lag en plan for oppfølging", owner="Oslo kommune",
                              owner_organisation=Organisation.objects.get(name="Oslo kommune"),
                              created=case.meeting.date, due=today - timedelta(days=3))
    return coming


def test_member_lands_on_their_page_and_sets_their_address(page: Page, waiting):
    log_in(page, *MEMBER)
    expect(page).to_have_url("/min-side/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Min side")
    expect(page.get_by_role("link", name="Min side")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("heading", name="Møter")).to_be_visible()
    expect(page.get_by_role("link", name=waiting.title).first).to_be_visible()
    expect(page.get_by_role("heading", name="Til kommentar")).to_be_visible()
    expect(page.get_by_text("Utkast om datadeling")).to_be_visible()
    overdue = page.locator("tr.work-item--overdue")
    expect(overdue.first).to_contain_text("Forfalt")
    expect(overdue.first).to_contain_text("Lag en plan for oppfølging")
    assert _serious(page) == []

    page.get_by_role("link", name="Din profil og e-postadresse").click()
    expect(page).to_have_url("/profil/")
    expect(page.locator("#profile-memberships")).to_contain_text("Oslo kommune")
    address = page.get_by_role("textbox", name="E-postadresse")
    address.fill("ikke en adresse")
    page.get_by_role("button", name="Lagre").click()
    expect(address).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("E-postadresse:")).to_be_visible()
    assert _serious(page) == []

    address.fill("harald.sundt-ohlsen@example.org")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("status")).to_contain_text("Profilen er lagret.")
    expect(page.locator("#account")).to_contain_text(
        "Innkallinger og påminnelser sendes til harald.sundt-ohlsen@example.org.")
    assert _serious(page) == []


def test_secretariat_page_with_overdue_work_is_accessible(page: Page, waiting):
    log_in(page, *SECRETARIAT)
    expect(page).to_have_url("/min-side/")
    expect(page.locator("#work-summary")).to_contain_text("har forfalt")
    expect(page.get_by_text("Innkallingen er ikke publisert").first).to_be_visible()
    assert _serious(page) == []
    page.goto("/profil/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Profil")
    assert _serious(page) == []
