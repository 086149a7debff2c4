"""What users see and do on the council pages, in a real browser (Chromium via Playwright).

Demo data: NUIT 2/2024 (15 May 2024) has a published notice and unapproved minutes;
NUIT 1/2024 (15 February 2024) has approved minutes; there are no NUIT meetings in 2026.
"""
import io
import re

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from .conftest import SECRETARIAT, axe_violations, log_in

pytestmark = pytest.mark.browser

MEETING_2_2024 = "/moter/nuit/2024-05-15/"
NEW_MEETING_DAY = "2026-12-10"

# NUIT 2/2024 as the notice (seed 000) lists it.
AGENDA_2_2024 = [
    ("15/24", "09:00"), ("16/24", "09:05"), ("17/24", "09:15"), ("18/24", "09:55"), ("19/24", "10:35"),
    ("20/24", "11:15"), ("21/24", "11:45"), ("22/24", "12:45"), ("23/24", "13:15"), ("24/24", "13:55"),
    ("25/24", "14:45"), ("26/24", "15:25"), ("27/24", "15:55"),
]
BREAKS_2_2024 = {  # break -> (case before it, case after it)
    ("Pause", "11:05"): ("19/24", "20/24"),
    ("Lunsj", "12:15"): ("21/24", "22/24"),
    ("Pause", "14:35"): ("24/24", "25/24"),
}


def agenda_rows(page: Page) -> list[dict]:
    """The agenda table as the user reads it: kind, number (first cell), title and time of each row."""
    return page.locator("#agenda tbody tr").evaluate_all(
        """rows => rows.map(r => ({
            kind: r.dataset.kind,
            number: r.cells[0].innerText.trim(),
            title: r.cells[1].innerText.trim(),
            time: r.cells[3].innerText.trim(),
        }))"""
    )


def open_details(page: Page, summary: str):
    """Open a <details> by clicking its summary (unless it is open already); return the details."""
    details = page.locator("details", has=page.locator("summary", has_text=summary))
    expect(details).to_have_count(1)
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    expect(details).to_have_attribute("open", "")
    return details


def plan_meeting(page: Page, body: str, day: str):
    """Fill and submit "Planlegg et nytt møte" on /moter/; the page left is whatever the server answers."""
    page.goto("/moter/")
    form = page.get_by_role("region", name="Planlegg et nytt møte")
    form.get_by_label("Organ").select_option(label=body)
    form.get_by_label("Dato").fill(day)
    form.get_by_role("button", name="Planlegg møtet").click()
    page.wait_for_load_state()


# --- 1. The agenda -------------------------------------------------------------------------

def test_agenda_lists_the_cases_in_order_with_times_and_breaks_between_them(page: Page):
    page.goto(MEETING_2_2024)
    expect(page.get_by_role("heading", level=1)).to_contain_text("NUIT")

    rows = agenda_rows(page)
    cases = [r for r in rows if r["kind"] == "case"]
    assert len(cases) == 13
    expect(page.locator('#agenda tr[data-kind="case"]')).to_have_count(13)
    assert [(r["number"], r["time"]) for r in cases] == AGENDA_2_2024

    for (label, time), (before, after) in BREAKS_2_2024.items():
        index = next((i for i, r in enumerate(rows)
                      if r["kind"] != "case" and r["title"] == label and r["time"] == time), None)
        assert index is not None, f"no {label} {time} on the agenda: {rows}"
        assert rows[index - 1]["number"] == before, f"{label} {time} should follow {before}: {rows}"
        assert rows[index + 1]["number"] == after, f"{label} {time} should precede {after}: {rows}"


# --- 2. The notice as PDF ------------------------------------------------------------------

def test_notice_pdf_lists_the_cases_in_agenda_order_with_their_times(page: Page):
    page.goto(MEETING_2_2024)
    documents = page.get_by_role("region", name="Dokumenter")
    notice = documents.get_by_role("listitem").filter(has_text="Innkalling")
    with page.expect_download() as download_info:
        notice.get_by_role("link", name="PDF", exact=True).click()
    download = download_info.value
    assert download.failure() is None, download.failure()
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        data = pdf.read()
    assert data.startswith(b"%PDF"), data[:200]
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)

    # Only the agenda table: between "Dagsorden" and the per-case section "Sakene".
    start = text.find("Dagsorden")
    end = text.find("Sakene", start)
    assert start >= 0, text[:2000]
    agenda = text[start:end if end > start else len(text)]

    # Each number starts a row after the previous one; its time follows before the next number.
    positions = []
    cursor = 0
    for number, _ in AGENDA_2_2024:
        match = re.compile(rf"(?m)^{re.escape(number)}\b").search(agenda, cursor)
        assert match, f"{number} missing or out of order in the PDF agenda:\n{agenda}"
        positions.append(match.start())
        cursor = match.end()
    for i, (number, time) in enumerate(AGENDA_2_2024):
        row_end = positions[i + 1] if i + 1 < len(positions) else len(agenda)
        row = agenda[positions[i]:row_end]
        assert time in row, f"{number} should show {time} in the PDF agenda; its row reads {row!r}"


# --- 3. Decision and action item in the meeting ----------------------------------------------

def test_secretariat_records_decision_and_action_item_which_appears_among_open_action_items(
        secretariat_page: Page):
    page = secretariat_page
    page.goto("/saker/nuit/2024/25/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("25/24")

    decision = "NUIT tok saken til orientering og ber Bergen kommune komme tilbake med resultater."
    outcome = open_details(page, "Registrer behandlingen i møtet")
    outcome.get_by_role("textbox", name=re.compile(r"^Vedtak")).fill(decision)
    outcome.get_by_role("button", name="Lagre vedtak").click()
    expect(page.get_by_role("status")).to_contain_text("Behandlingen i møtet er registrert")
    decision_heading = page.get_by_role("heading", name="Vedtak", exact=True)
    expect(decision_heading).to_be_visible()
    expect(page.locator("h3:text-is('Vedtak') + p")).to_have_text(decision)

    action_text = "Bergen kommune rapporterer erfaringene fra utprøvingen til NUIT."
    owner = "Bergen kommune (testansvarlig)"
    form = open_details(page, "Legg til aksjonspunkt")
    form.get_by_role("textbox", name=re.compile(r"^Aksjonspunkt")).fill(action_text)
    form.get_by_role("textbox", name=re.compile(r"^Ansvarlig")).fill(owner)
    form.get_by_role("button", name="Lagre aksjonspunkt").click()
    expect(page.get_by_role("status")).to_contain_text("Aksjonspunktet er registrert")

    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Aksjonspunkter").click()
    expect(page).to_have_url(re.compile(r"/aksjonspunkter/$"))
    new_row = page.locator('#action-items tr[data-case="25/24"]').filter(has_text=action_text)
    expect(new_row).to_have_count(1)
    expect(new_row).to_contain_text(owner)
    expect(new_row).to_contain_text("Åpent")


def test_action_item_list_shows_demo_items_open_and_closed_by_a_later_case(secretariat_page: Page):
    page = secretariat_page
    page.goto("/aksjonspunkter/")
    for number in ("9/24", "13/24"):
        row = page.locator(f'#action-items tr[data-case="{number}"]')
        expect(row).to_have_count(1)
        expect(row).to_contain_text("Åpent")
    expect(page.locator('#action-items tr[data-case="4/24"]')).to_have_count(0)

    page.get_by_role("link", name="Lukkede").click()
    expect(page).to_have_url(re.compile(r"status=closed"))
    closed = page.locator('#action-items tr[data-case="4/24"]')
    expect(closed).to_have_count(1)
    expect(closed).to_contain_text("Lukket")
    expect(closed).to_contain_text(re.compile(r"av sak\s+25/24"))
    expect(closed.get_by_role("link", name="25/24")).to_have_attribute("href", "/saker/nuit/2024/25/")


# --- 4. Bad input ----------------------------------------------------------------------------

def test_bad_meeting_date_shows_error_naming_the_field_and_saves_nothing(secretariat_page: Page):
    page = secretariat_page
    page.goto("/moter/")
    meeting_rows = page.locator("main table tbody tr")
    before = meeting_rows.count()

    form = page.get_by_role("region", name="Planlegg et nytt møte")
    form.get_by_label("Organ").select_option(label="NUIT")
    date_input = form.get_by_label("Dato")
    # Chromium's <input type=date> refuses malformed text; a browser without a date picker
    # shows a plain text box, which is what this simulates.
    date_input.evaluate("el => el.type = 'text'")
    date_input.fill("15-05-2024x")
    form.get_by_role("button", name="Planlegg møtet").click()
    page.wait_for_load_state()

    form = page.get_by_role("region", name="Planlegg et nytt møte")
    error = form.locator(".ds-validation-message")
    expect(error).to_have_count(1)
    expect(error).to_contain_text("Dato")
    expect(form.get_by_label("Dato")).to_have_attribute("aria-invalid", "true")
    expect(form.get_by_label("Dato")).to_have_accessible_description(re.compile(r"Dato: Datoen har feil format"))
    expect(meeting_rows).to_have_count(before)
    expect(page.get_by_role("link", name=re.compile("2024x"))).to_have_count(0)

    page.goto("/moter/")
    expect(meeting_rows).to_have_count(before)


def test_decision_form_is_not_offered_before_the_notice_is_published(secretariat_page: Page):
    page = secretariat_page
    plan_meeting(page, "NUIT", NEW_MEETING_DAY)
    expect(page).to_have_url(re.compile(rf"/moter/nuit/{NEW_MEETING_DAY}/$"))
    expect(page.get_by_text("Utkast – ikke publisert")).to_be_visible()

    page.locator('#agenda tr[data-kind="case"]').first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/saker/nuit/2026/\d+/$"))
    expect(page.get_by_text("Vedtak, innspill og aksjonspunkter registreres etter at innkallingen er publisert."))\
        .to_be_visible()
    expect(page.locator("summary", has_text="Registrer behandlingen i møtet")).to_have_count(0)
    expect(page.get_by_role("button", name="Lagre vedtak")).to_have_count(0)
    expect(page.locator("summary", has_text="Legg til aksjonspunkt")).to_have_count(0)


# --- 5. Planning a meeting -------------------------------------------------------------------

def test_new_meeting_gets_opening_cases_and_eventuelt_numbered_in_the_years_series(secretariat_page: Page):
    page = secretariat_page
    plan_meeting(page, "NUIT", NEW_MEETING_DAY)
    expect(page).to_have_url(re.compile(rf"/moter/nuit/{NEW_MEETING_DAY}/$"))
    expect(page.get_by_role("status")).to_contain_text("er planlagt")

    cases = [(r["number"], r["title"]) for r in agenda_rows(page) if r["kind"] == "case"]
    assert [n for n, _ in cases] == ["1/26", "2/26", "3/26"], cases
    assert cases[0][1].startswith("Godkjenning av innkalling"), cases
    assert cases[1][1].startswith("Godkjenning av referat"), cases
    assert cases[2][1] == "Eventuelt", cases

    add = page.get_by_role("region", name="Legg til sak")
    add.get_by_role("textbox", name="Tittel").fill("Testsak")
    add.get_by_label("Sakstype").select_option(index=1)
    add.get_by_role("button", name="Legg til sak").click()
    expect(page.get_by_role("status")).to_contain_text("Saken er lagt til")

    cases = [(r["number"], r["title"]) for r in agenda_rows(page) if r["kind"] == "case"]
    assert cases[2:] == [("3/26", "Testsak"), ("4/26", "Eventuelt")], cases
    assert [n for n, _ in cases] == ["1/26", "2/26", "3/26", "4/26"], cases


def test_moving_a_case_up_renumbers_the_agenda_in_place(secretariat_page: Page):
    page = secretariat_page
    plan_meeting(page, "NUIT", NEW_MEETING_DAY)
    add = page.get_by_role("region", name="Legg til sak")
    add.get_by_role("textbox", name="Tittel").fill("Testsak")
    add.get_by_label("Sakstype").select_option(index=1)
    add.get_by_role("button", name="Legg til sak").click()
    expect(page.get_by_role("status")).to_contain_text("Saken er lagt til")

    page.get_by_role("button", name="Flytt opp: Testsak").click()
    expect(page.locator("#agenda tbody tr").nth(1)).to_contain_text("Testsak")
    cases = [(r["number"], r["title"]) for r in agenda_rows(page) if r["kind"] == "case"]
    assert cases[1] == ("2/26", "Testsak") and cases[2][0] == "3/26", cases


def test_publishing_the_notice_asks_in_a_dialog_and_cancel_leaves_it_unpublished(secretariat_page: Page):
    page = secretariat_page
    plan_meeting(page, "NUIT", NEW_MEETING_DAY)
    expect(page).to_have_url(re.compile(rf"/moter/nuit/{NEW_MEETING_DAY}/$"))
    publish = page.get_by_role("button", name="Publiser innkallingen")

    publish.click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Publisere innkallingen? Etter publisering ligger saksnumrene fast")
    dialog.get_by_role("button", name="Avbryt").click()
    expect(dialog).to_be_hidden()
    expect(page).to_have_url(re.compile(rf"/moter/nuit/{NEW_MEETING_DAY}/$"))
    expect(page.get_by_text("Utkast – ikke publisert")).to_be_visible()
    page.reload()
    expect(page.get_by_text("Utkast – ikke publisert")).to_be_visible()  # nothing was sent

    publish.click()
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Publiser innkallingen").click()
    expect(page.get_by_role("status")).to_contain_text("Innkallingen er publisert.")
    expect(page.get_by_text("Utkast – ikke publisert")).to_have_count(0)
    expect(page.get_by_role("button", name="Publiser innkallingen")).to_have_count(0)


def test_removing_an_agenda_item_asks_in_a_dialog_first(secretariat_page: Page):
    page = secretariat_page
    plan_meeting(page, "NUIT", NEW_MEETING_DAY)
    add = page.get_by_role("region", name="Legg til sak")
    add.get_by_role("textbox", name="Tittel").fill("Testsak")
    add.get_by_label("Sakstype").select_option(index=1)
    add.get_by_role("button", name="Legg til sak").click()
    expect(page.get_by_role("status")).to_contain_text("Saken er lagt til")

    page.get_by_role("button", name="Fjern: Testsak").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Fjerne «Testsak» fra dagsordenen?")
    dialog.get_by_role("button", name="Avbryt").click()
    expect(page.locator("#agenda")).to_contain_text("Testsak")

    page.get_by_role("button", name="Fjern: Testsak").click()
    dialog.get_by_role("button", name="Fjern").click()
    expect(page.get_by_role("status")).to_contain_text("«Testsak» er fjernet fra dagsordenen.")
    expect(page.locator("#agenda")).not_to_contain_text("Testsak")


# --- 6. Accessibility --------------------------------------------------------------------------

def serious_violations(page: Page, where: str) -> list[str]:
    """axe-core's violations; all are printed, those of impact serious/critical returned."""
    found = []
    for v in axe_violations(page):
        targets = [", ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
                   for node in v["nodes"][:3]]
        line = f"{where}: {v['id']} ({v['impact']}) {len(v['nodes'])} node(s), e.g. {targets} – {v['help']}"
        print(line)
        if v["impact"] in ("serious", "critical"):
            found.append(line)
    return found


@pytest.mark.parametrize("path", ["/", MEETING_2_2024, "/saker/nuit/2024/6/", "/organer/nuit/", "/moter/",
                                  "/aksjonspunkter/", "/sok/?q=legemiddelliste", "/logg-inn/"])
def test_pages_have_no_serious_accessibility_violations_anonymous(page: Page, path: str):
    page.goto(path)
    problems = serious_violations(page, f"anonymous {path}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", [MEETING_2_2024, "/saker/nuit/2024/25/", "/moter/", "/endringslogg/"])
def test_secretariat_pages_have_no_serious_accessibility_violations(secretariat_page: Page, path: str):
    page = secretariat_page
    page.goto(path)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # check the folded forms too
    problems = serious_violations(page, f"secretariat {path}")
    assert not problems, "\n".join(problems)


# --- 7. Keyboard -----------------------------------------------------------------------------

def test_first_tab_reaches_skip_link_which_moves_focus_to_main(page: Page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => ({tag: document.activeElement.tagName, "
                            "text: document.activeElement.textContent.trim(), "
                            "href: document.activeElement.getAttribute('href')})")
    assert focused == {"tag": "A", "text": "Hopp til innholdet", "href": "#innhold"}, focused
    skip = page.get_by_role("link", name="Hopp til innholdet")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#innhold$"))
    expect(page.locator("main")).to_be_focused()


# --- Prioritisation ----------------------------------------------------------------------------

def test_scoring_session_from_new_round_to_ranking(secretariat_page: Page):
    page = secretariat_page
    page.goto("/prioritering/")
    form = page.get_by_role("region", name="Ny scoringsrunde")
    form.get_by_label("Tittel").fill("Testrunde")
    form.get_by_label("Tiltak").fill("Alfa\nBeta")
    form.get_by_role("button", name="Opprett runden").click()
    expect(page.get_by_role("status")).to_contain_text("Scoringsrunden er opprettet")
    page.get_by_text("Legg til vurderer").click()
    page.get_by_label("Navn").fill("Fagutvalget")
    page.get_by_role("button", name="Legg til", exact=True).click()
    page.get_by_role("link", name="Fagutvalget").click()
    for question in ["Q1", "Q2", "C1", "C2", "C3", "C4", "P1", "P2", "H1", "H2", "I"]:
        page.get_by_label(f"{question} – Alfa", exact=True).fill("8")
        page.get_by_label(f"{question} – Beta", exact=True).fill("6")
    page.get_by_label("Q1 – Beta", exact=True).fill("11")
    page.get_by_role("button", name="Lagre scorene").click()
    expect(page.get_by_role("alert")).to_contain_text("Beta, Q1: 11 er utenfor skalaen 0–10")
    page.get_by_label("Q1 – Beta", exact=True).fill("6")
    page.get_by_role("button", name="Lagre scorene").click()
    rows = page.locator("#results tbody tr")
    expect(rows.nth(0)).to_contain_text("Alfa")
    expect(rows.nth(0)).to_contain_text("24,0")
    expect(rows.nth(1)).to_contain_text("18,0")
    assert not serious_violations(page, "secretariat session page")


@pytest.mark.parametrize("which", ["list", "session"])
def test_prioritisation_pages_have_no_serious_accessibility_violations(page: Page, which: str):
    from radsmodell.priority.models import ScoringSession

    council_2022 = ScoringSession.objects.get(title="Tiltak for 2023 – prioritering")
    path = "/prioritering/" if which == "list" else council_2022.get_absolute_url()
    page.goto(path)
    problems = serious_violations(page, f"anonymous {path}")
    assert not problems, "\n".join(problems)


# --- Portfolio ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/portefolje/", "/portefolje/tiltak/pll/", "/portefolje/runder/2024-04/",
                                  "/portefolje/avhengigheter/", "/portefolje/gevinster/",
                                  "/portefolje/runder/sammenlign/"])
def test_portfolio_pages_have_no_serious_accessibility_violations(page: Page, path: str):
    page.goto(path)
    problems = serious_violations(page, f"anonymous {path}")
    assert not problems, "\n".join(problems)


def test_overview_filter_finds_the_red_initiative(page: Page):
    page.goto("/portefolje/")
    page.get_by_label("Status").select_option("red")
    page.get_by_role("button", name="Filtrer").click()
    rows = page.locator("#initiatives tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Digitale behandlings- og egenbehandlingsplaner")
    rows.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Digitale behandlings- og egenbehandlingsplaner")


def test_full_status_round_from_opening_to_the_public_page(page: Page, base_url: str):
    log_in(page, *SECRETARIAT)
    page.goto("/portefolje/runder/")
    page.get_by_label("Navn").fill("Desember 2026")
    page.get_by_role("button", name="Åpne runden").click()
    expect(page.get_by_role("status")).to_contain_text("åpnet for rapportering")
    round_url = page.url
    expect(page.locator("#reporting tr[data-initiative='dis-fase-3']")).to_contain_text("Ikke rapportert")
    page.get_by_role("button", name="Logg ut").click()

    log_in(page, "tiltakseier", "tiltakseier-demo")
    page.goto(round_url + "rapporter/")
    page.get_by_role("link", name="DIS fase 3").click()
    page.get_by_label("Samlet status").select_option("amber")
    page.get_by_label("Hva har endret seg siden sist?").fill("Timebestilling forsinket til Q2.")
    page.get_by_role("textbox", name="Risiko 1").fill("Leverandørkapasitet")
    page.get_by_label("Sannsynlighet (1–5)").first.fill("4")
    page.get_by_label("Konsekvens (1–5)").first.fill("3")
    page.get_by_role("button", name="Lever rapporten").click()
    expect(page.get_by_role("status")).to_contain_text("Rapporten er levert")
    refused = page.goto(round_url + "rapporter/tillitsrammeverk/")  # another owner's initiative
    assert refused.status == 403
    page.goto("/")
    page.get_by_role("button", name="Logg ut").click()

    log_in(page, *SECRETARIAT)
    page.goto(round_url)
    row = page.locator("#reporting tr[data-initiative='dis-fase-3']")
    expect(row).to_contain_text("Levert – Gul")
    row.get_by_role("button", name="Godkjenn").click()
    page.get_by_role("button", name="Avslutt og lås runden").click()
    page.get_by_role("dialog").get_by_role("button", name="Avslutt og lås runden").click()  # asked first
    expect(page.get_by_role("status")).to_contain_text("avsluttet")
    page.get_by_role("button", name="Logg ut").click()

    page.goto("/portefolje/tiltak/dis-fase-3/")
    expect(page.locator("main")).to_contain_text("Timebestilling forsinket til Q2.")
    assert not serious_violations(page, "initiative page after the round")
