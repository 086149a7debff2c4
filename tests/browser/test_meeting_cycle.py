"""A whole meeting cycle in a real browser, as the secretariat and two members would do it: plan a meeting,
publish the notice (the mail with its calendar invitation arrives at a real SMTP server), a member sends
apologies, another declares a conflict of interest, the roster is ticked, the decision and an action item
with owner and due date are recorded, the next meeting approves the minutes, and the reminder digest
reaches the owner once. The new pages on the way are checked with axe-core.

Time: what happened in a meeting is recorded once its day has come, and minutes are approved in a later
meeting that has been held. The cycle runs before the meeting on the real clock, then moves the app's clock
(django.utils.timezone.now, which the live server in this process reads too) to the meeting day and on to
the next meeting, as the days would pass. Sessions last hours, so each user logs in again after a move.
"""
import io
import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Browser, Page, expect

from radsmodell.core.roles import MEMBER
from radsmodell.council import selectors
from radsmodell.council.models import ActionItem, Body, Meeting, Organisation, Person

from .conftest import SECRETARIAT, TIMEOUT_MS, axe_violations, log_in

pytestmark = pytest.mark.browser

ABSENT = "Harald Sundt-Ohlsen"  # the demo's member account "medlem", address on the account
ABSENT_LOGIN = ("medlem", "medlem-demo")
CONFLICTED = "Kristin Brekke"  # given an account and an address in the register here
CONFLICTED_LOGIN = ("kbrekke", "brekke-demo")
CONFLICTED_ADDRESS = "kristin.brekke@example.org"
OWNER = "Norsk helsenett SF"
OWNER_ADDRESS = "postmottak@nhn.example.org"
CASE_TITLE = "Deling av kritisk informasjon i pasientens journal"
REASON = "Styremedlem i leverandøren"
DECISION = "NUIT slutter seg til planen for deling av kritisk informasjon."
ACTION = "Norsk helsenett legger fram en tidsplan for innføringen."


class Clock:
    """The app's clock, moved forward whole days from the real one."""

    def __init__(self, monkeypatch):
        self.real_now = timezone.now
        self.real_today = timezone.localdate()
        self.offset = timedelta()
        monkeypatch.setattr(timezone, "now", lambda: self.real_now() + self.offset)

    def go_to(self, day: date) -> None:
        self.offset = timedelta(days=(day - self.real_today).days)
        assert timezone.localdate() == day


@pytest.fixture
def clock(monkeypatch) -> Clock:
    return Clock(monkeypatch)


@pytest.fixture
def users(browser: Browser, base_url: str):
    """Opens a fresh browser context per login (a move of the clock ends the sessions before it)."""
    contexts = []

    def open_as(login: tuple[str, str]) -> Page:
        context = browser.new_context(base_url=base_url, locale="nb-NO", accept_downloads=True)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        log_in(page, *login)
        return page

    yield open_as
    for context in contexts:
        context.close()


def _serious(page: Page, where: str) -> list[str]:
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # the folded parts too
    found = []
    for violation in axe_violations(page):
        line = f"{where}: {violation['id']} ({violation['impact']}) – {violation['help']}"
        print(line)
        if violation["impact"] in ("serious", "critical"):
            found.append(f"{line} {[n['target'] for n in violation['nodes'][:3]]}")
    return found


def _members(day: date) -> None:
    """Two members on the day with addresses: one through their account's profile, one in the register
    with an account of their own. The rest of NUIT has no address in the demo."""
    nuit = Body.objects.get(slug="nuit")
    current = {m.person.name for m in selectors.members_on(nuit, day)}
    assert {ABSENT, CONFLICTED} <= current
    assert Person.objects.get(name=ABSENT).address == "medlem@example.org"
    account = User.objects.create_user(CONFLICTED_LOGIN[0], password=CONFLICTED_LOGIN[1], first_name=CONFLICTED)
    account.groups.add(Group.objects.get(name=MEMBER))
    Person.objects.filter(name=CONFLICTED).update(email=CONFLICTED_ADDRESS, user=account)
    Organisation.objects.filter(name=OWNER).update(email=OWNER_ADDRESS)


def _plan_and_publish(page: Page, day: date, case_title: str | None = None) -> None:
    page.goto("/moter/")
    form = page.get_by_role("region", name="Planlegg et nytt møte")
    form.get_by_label("Organ").select_option(label="NUIT")
    form.get_by_label("Dato").fill(day.isoformat())
    form.get_by_label("Starter").fill("10:00")
    form.get_by_label("Sted").fill("Helsedirektoratet, Oslo")
    form.get_by_role("button", name="Planlegg møtet").click()
    expect(page.get_by_role("status")).to_contain_text("er planlagt")
    if case_title:
        add = page.get_by_role("region", name="Legg til sak")
        add.get_by_role("textbox", name="Tittel").fill(case_title)
        add.get_by_label("Sakstype").select_option(label="Beslutning")
        add.get_by_role("button", name="Legg til sak").click()
        expect(page.get_by_role("status")).to_contain_text("Saken er lagt til")
    page.get_by_role("button", name="Publiser innkallingen").click()
    page.get_by_role("dialog").get_by_role("button", name="Publiser innkallingen").click()
    expect(page.get_by_role("status")).to_contain_text("Innkallingen er publisert.")


def _open_details(page: Page, summary: str):
    details = page.locator("details", has=page.locator("summary", has_text=summary))
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details


def _invitation(message) -> Calendar:
    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "REQUEST"
    return Calendar.from_ical(part.get_content())


def test_a_meeting_from_notice_to_approved_minutes_and_the_reminder_to_the_owner(
        users, clock: Clock, smtp_server):
    inbox = smtp_server.inbox
    day = clock.real_today + timedelta(days=3)
    next_day = day + timedelta(days=7)
    _members(day)

    # 1. The secretariat plans the meeting, adds the case and publishes the notice.
    secretariat = users(SECRETARIAT)
    _plan_and_publish(secretariat, day, CASE_TITLE)
    meeting = Meeting.objects.get(body__slug="nuit", date=day)
    case = meeting.cases.get(title=CASE_TITLE)
    assert sorted(address for e in inbox.envelopes for address in e.rcpt_tos) == [
        CONFLICTED_ADDRESS, "medlem@example.org"]
    for address in (CONFLICTED_ADDRESS, "medlem@example.org"):
        [message] = inbox.to(address)
        calendar = _invitation(message)
        assert str(calendar["METHOD"]) == "REQUEST"
        [event] = calendar.walk("VEVENT")
        assert str(event["UID"]) == meeting.calendar_uid
        assert event["DTSTART"].params["TZID"] == "Europe/Oslo"
        assert event.decoded("DTSTART").date() == day and event.decoded("DTSTART").hour == 10
        assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Oslo"]
        assert str(event["ATTENDEE"]) == f"mailto:{address}"
        assert CASE_TITLE in str(event["DESCRIPTION"])
    log = secretariat.locator("#mail-log")
    expect(log.locator("tr[data-status=sent]")).to_have_count(2)
    expect(log).to_contain_text(CONFLICTED_ADDRESS)
    problems = _serious(secretariat, "meeting page with the mail log")

    # 2. The member finds the meeting on their own page and sends apologies.
    absent = users(ABSENT_LOGIN)
    expect(absent).to_have_url("/min-side/")
    problems += _serious(absent, "own page")
    absent.get_by_role("link", name=meeting.title).first.click()
    expect(absent.get_by_role("heading", level=1)).to_contain_text(meeting.title)
    absent.locator("#mitt-oppmote").get_by_role("button", name="Meld forfall").click()
    expect(absent.get_by_role("status")).to_contain_text("Forfallet er registrert.")
    expect(absent.locator("#my-absence")).to_contain_text("Du har meldt forfall til møtet.")

    # 3. Another member declares a conflict of interest in the case.
    conflicted = users(CONFLICTED_LOGIN)
    conflicted.goto(meeting.get_absolute_url())
    conflicted.get_by_role("link", name=CASE_TITLE).click()
    section = conflicted.locator("#inhabilitet")
    section.get_by_label("Grunn").fill(REASON)
    section.get_by_role("button", name="Erklær meg inhabil").click()
    conflict_line = f"Inhabil: {CONFLICTED} ({REASON}) – fratrådte under behandlingen"
    expect(conflicted.locator("#conflicts")).to_contain_text(conflict_line)
    problems += _serious(conflicted, "case page with the conflict")

    # 4. The meeting day: the roster shows the apologies; the secretariat ticks who came, records the
    # decision and an action item, gives it an owner and a due date, and plans the next meeting.
    clock.go_to(day)
    secretariat = users(SECRETARIAT)
    secretariat.goto(meeting.get_absolute_url())
    expect(secretariat.locator("#reported-absences")).to_contain_text(ABSENT)
    secretariat.get_by_role("link", name="Kryss av oppmøtet i medlemslisten").click()
    expect(secretariat.get_by_role("heading", level=1)).to_contain_text("Oppmøte")
    own = secretariat.locator(f'tr[data-person="{ABSENT}"]')
    expect(own).to_contain_text("meldte forfall selv")
    expect(own.get_by_label("Forfall")).to_be_checked()
    for name in (CONFLICTED, "Anne-Lise Härter", "Bodil Rabben"):
        secretariat.locator(f'tr[data-person="{name}"]').get_by_label("Til stede").check()
    problems += _serious(secretariat, "roster")
    secretariat.get_by_role("button", name="Lagre oppmøtet").click()
    expect(secretariat.get_by_role("status")).to_contain_text("Oppmøtet er lagret.")
    summary = secretariat.locator("#attendance-summary")
    expect(summary).to_contain_text("Til stede (3)")
    expect(summary).to_contain_text(ABSENT)

    secretariat.goto(case.get_absolute_url())
    outcome = _open_details(secretariat, "Registrer behandlingen i møtet")
    outcome.get_by_role("textbox", name=re.compile(r"^Vedtak")).fill(DECISION)
    outcome.get_by_role("button", name="Lagre vedtak").click()
    expect(secretariat.get_by_role("status")).to_contain_text("Behandlingen i møtet er registrert")
    form = _open_details(secretariat, "Legg til aksjonspunkt")
    form.get_by_role("textbox", name=re.compile(r"^Aksjonspunkt")).fill(ACTION)
    form.get_by_role("textbox", name=re.compile(r"^Ansvarlig")).fill("Norsk helsenett")
    form.get_by_role("button", name="Lagre aksjonspunkt").click()
    expect(secretariat.get_by_role("status")).to_contain_text("Aksjonspunktet er registrert")
    secretariat.locator("#case-action-items").get_by_role("link", name=ACTION).click()
    secretariat.get_by_label("Ansvarlig organisasjon").select_option(label=OWNER)
    due = day + timedelta(days=2)
    secretariat.get_by_label("Frist (valgfritt)").fill(due.isoformat())
    secretariat.get_by_role("button", name="Lagre ansvar og frist").click()
    expect(secretariat.get_by_role("status")).to_contain_text("Ansvar og frist er lagret.")
    problems += _serious(secretariat, "action item page")
    item = ActionItem.objects.get(text=ACTION)
    assert (item.owner_organisation.name, item.due) == (OWNER, due)

    secretariat.goto(meeting.get_absolute_url())
    adopt = secretariat.locator("#minutes-gaps").get_by_role("button", name=re.compile("^Vedtatt som foreslått"))
    expect(adopt).to_have_count(2)  # the two opening cases; Eventuelt raised nothing
    for remaining in (1, 0):
        adopt.first.click()
        expect(secretariat.get_by_role("status")).to_contain_text("er registrert")
        expect(adopt).to_have_count(remaining)
    expect(secretariat.locator("#minutes-complete")).to_be_visible()
    _plan_and_publish(secretariat, next_day)  # the next meeting's notice: two more mails
    assert len(inbox.messages) == 4

    # 5. The next meeting approves the minutes in its case "Godkjenning av referat fra …".
    clock.go_to(next_day)
    secretariat = users(SECRETARIAT)
    secretariat.goto(meeting.get_absolute_url())
    approving = Meeting.objects.get(body__slug="nuit", date=next_day).cases.get(
        title__startswith="Godkjenning av referat")
    expect(secretariat.get_by_label("Godkjent i sak")).to_have_value(approving.case_number)
    secretariat.get_by_role("button", name="Godkjenn og lås referatet").click()
    secretariat.get_by_role("dialog").get_by_role("button", name="Godkjenn og lås referatet").click()
    expect(secretariat.get_by_role("status")).to_contain_text("Referatet er godkjent og låst.")
    expect(secretariat.locator("dl.definition")).to_contain_text(f"godkjent i sak {approving.case_number}")

    # 6. The reminder digest: the owner organisation gets one, with the item overdue; a second run sends nothing.
    before = len(inbox.messages)
    call_command("send_reminders", stdout=io.StringIO())
    [digest] = inbox.to(OWNER_ADDRESS)
    text = digest.get_body(("plain",)).get_content()
    overdue = text.split("FORFALT (", 1)[1].split("ÅPNE (", 1)[0]
    assert f"Aksjonspunkt NUIT {case.case_number}: {ACTION}" in overdue
    assert "(forfalt for 5 dager siden)" in overdue
    sent = len(inbox.messages)
    assert sent > before
    call_command("send_reminders", stdout=io.StringIO())
    assert len(inbox.messages) == sent
    assert len(inbox.to(OWNER_ADDRESS)) == 1

    # 7. The approved minutes show the apologies and the conflict of interest.
    secretariat.goto(reverse("documents:minutes", args=["nuit", day.isoformat(), "html"]))
    expect(secretariat.get_by_role("heading", name="Forfall")).to_be_visible()
    expect(secretariat.locator("h3:text-is('Forfall') + ul")).to_have_text(f"{ABSENT} (Oslo kommune)")
    expect(secretariat.locator("p.conflict")).to_have_text(conflict_line)

    assert not problems, "\n".join(problems)
