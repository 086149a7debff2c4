"""Attendance from the roster in a real browser: the secretariat ticks the members, a member registers
their own absence and declares a conflict of interest. Every page axe-core clean, also with errors."""
from datetime import time, timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone
from playwright.sync_api import Page, expect

from radsmodell.core.roles import MEMBER
from radsmodell.council import attendance, services
from radsmodell.council.models import Body, Meeting

from .conftest import axe_violations, log_in

pytestmark = pytest.mark.browser


def _serious(page: Page) -> list[str]:
    found = []
    for v in axe_violations(page):
        print(f"{page.url}: {v['id']} ({v['impact']}) – {v['help']}")
        if v["impact"] in ("serious", "critical"):
            found.append(f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes'][:3]]}")
    return found


def _meeting(days: int) -> Meeting:
    meeting = services.plan_meeting(Body.objects.get(slug="nuit"), timezone.localdate() + timedelta(days=days),
                                    time(9, 0))
    services.add_case(meeting, "Status for porteføljen", "orientering")
    services.publish_notice(meeting)
    return Meeting.objects.get(pk=meeting.pk)


def _member_account(meeting: Meeting, index: int = 0):
    person = attendance.roster_members(meeting)[index].person
    user = User.objects.create_user(f"roster{index}", password="roster-demo")
    user.groups.add(Group.objects.get(name=MEMBER))
    person.user = user
    person.save()
    return person, (f"roster{index}", "roster-demo")


def test_secretariat_ticks_the_roster(secretariat_page: Page):
    page = secretariat_page
    meeting = _meeting(-7)
    first, second = [m.person.name for m in attendance.roster_members(meeting)[:2]]
    page.goto(meeting.get_absolute_url())
    page.get_by_role("link", name="Kryss av oppmøtet i medlemslisten").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Oppmøte")
    assert _serious(page) == []

    row = page.locator(f'tr[data-person="{first}"]')
    row.get_by_label("Til stede").check()
    row.get_by_label(f"Stedfortreder for {first}").fill("Vera Vikar")  # present with a substitute: refused
    page.get_by_role("button", name="Lagre oppmøtet").click()
    expect(page.get_by_role("alert")).to_contain_text("er til stede og kan ikke ha stedfortreder")
    assert _serious(page) == []  # the page with its errors too

    row = page.locator(f'tr[data-person="{first}"]')
    row.get_by_label(f"Stedfortreder for {first}").fill("")
    row.get_by_label(f"Deltakelse for {first}").select_option(label="Digitalt")
    other = page.locator(f'tr[data-person="{second}"]')
    other.get_by_label("Forfall").check()
    other.get_by_label(f"Stedfortreder for {second}").fill("Vera Vikar")
    page.get_by_label("Navn").first.fill("Gjest Gjestesen")
    page.get_by_label("Status for porteføljen").first.check()
    page.get_by_role("button", name="Lagre oppmøtet").click()
    expect(page.get_by_role("status")).to_contain_text("Oppmøtet er lagret.")
    summary = page.locator("#attendance-summary")
    expect(summary).to_contain_text(f"{first}")
    expect(summary).to_contain_text("– digitalt")
    expect(summary).to_contain_text("Vera Vikar")
    expect(summary).to_contain_text(f"for {second}")
    expect(summary).to_contain_text("Gjest Gjestesen")
    assert _serious(page) == []


def test_member_registers_absence_and_declares_a_conflict(page: Page):
    held = _meeting(-7)  # the earlier first: a draft's case numbers follow the published ones before it
    coming = _meeting(14)
    person, login = _member_account(coming)
    log_in(page, *login)
    page.goto(coming.get_absolute_url())
    mine = page.locator("#mitt-oppmote")
    mine.get_by_label("Stedfortreder").fill("Vera Vikar")
    mine.get_by_role("button", name="Meld forfall").click()
    expect(page.get_by_role("status")).to_contain_text("Forfallet er registrert.")
    expect(page.locator("#my-absence")).to_contain_text("Stedfortreder: Vera Vikar.")
    assert _serious(page) == []

    attendance.record_roster(held, [attendance.MemberEntry(person.pk, "present")], [])
    case = held.cases.exclude(is_eventuelt=True).order_by("number").last()
    page.goto(case.get_absolute_url())
    section = page.locator("#inhabilitet")
    section.get_by_role("button", name="Erklær meg inhabil").click()
    expect(section.get_by_role("alert").or_(section.locator(".ds-validation-message"))).to_contain_text(
        "Skriv grunnen til inhabiliteten.")
    assert _serious(page) == []
    page.locator("#inhabilitet").get_by_label("Grunn").fill("Styremedlem i leverandøren")
    page.locator("#inhabilitet").get_by_role("button", name="Erklær meg inhabil").click()
    expect(page.locator("#conflicts")).to_contain_text(
        f"Inhabil: {person.name} (Styremedlem i leverandøren) – fratrådte under behandlingen")
    assert _serious(page) == []
