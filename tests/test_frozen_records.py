"""Frozen means frozen: approved minutes, a closed status round and a closed scoring session stay
as they were when they closed. Every way to change one (each form of the pages, each API write) is
refused with the reason, shown on the page the change was asked from or answered 409 by the API,
and nothing is written. A closed round's pages and report count what the round recorded when it
closed, whatever the register says later. (The prioritisation API has no writes.)"""
import html
import re
from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.test import RequestFactory

from radsmodell.core.frozen import Frozen
from radsmodell.core.middleware import FrozenRefusalMiddleware
from radsmodell.council.models import (
    ActionItem,
    AgendaItem,
    Attachment,
    Attendance,
    Case,
    Input,
    Meeting,
    MemoComment,
    MinutesCorrection,
    OtherForumTreatment,
)
from radsmodell.portfolio import services as rounds
from radsmodell.portfolio.documents import portfolio_report_context
from radsmodell.portfolio.models import EpjVendor, Initiative, NationalSolution, ReportedRisk, Round, StatusReport
from radsmodell.priority import services as scoring
from radsmodell.priority.models import Measure, PrintedFigure, Rater, Score, ScoringSession


def text(response) -> str:
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).replace("\u00a0", " "))


def shown_errors(response) -> str:
    """The error messages the page shows above its content."""
    found = re.findall(r'<div class="ds-alert" data-color="danger"[^>]*>(.*?)</div>', response.content.decode(), re.S)
    return html.unescape(" ".join(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", each)).strip() for each in found))


def refused(client, url: str, data: dict, reason: str, back: str) -> None:
    """The post is answered with the page it came from, the reason shown on it."""
    response = client.post(url, data, follow=True)
    assert response.status_code == 200, response.status_code
    assert response.redirect_chain and response.redirect_chain[-1][0] == back, response.redirect_chain
    assert reason in shown_errors(response), shown_errors(response) or text(response)[:400]


def refused_by_api(client, method: str, url: str, data: dict, reason: str) -> None:
    response = getattr(client, method)(url, data, content_type="application/json")
    assert response.status_code == 409, response.content
    assert reason in response.json()["detail"]


def rows(*querysets) -> list:
    return [list(queryset.order_by("pk").values()) for queryset in querysets]


# --- Approved minutes ------------------------------------------------------------------------

MEETING = "/moter/nuit/2024-02-15/"  # NUIT 1/2024, approved in case 16/24
CASE = "/saker/nuit/2024/9/"
AGENDA_LOCKED = "Referatet fra NUIT 1/2024 er godkjent, så dagsordenen og møtets tid og sted ligger fast."
CASE_LOCKED = "Referatet fra NUIT 1/2024 er godkjent, så sak 9/24 er låst; bruk rettelse"
OUTCOME_LOCKED = ("Referatet fra NUIT 1/2024 er godkjent og låst, så vedtak, innspill og aksjonspunkter i sak 9/24 "
                  "ligger fast; bruk rettelse med begrunnelse")
ATTENDANCE_LOCKED = "Referatet fra NUIT 1/2024 er godkjent, så oppmøtet ligger fast."
ALREADY_APPROVED = "Referatet fra NUIT 1/2024 er allerede godkjent i sak 16/24 og ligger fast."


@pytest.fixture
def approved(secretariat, client):
    meeting = Meeting.objects.get(body__slug="nuit", date=date(2024, 2, 15))
    assert meeting.minutes_locked
    client.force_login(secretariat)
    return meeting


def minutes_as_stored(meeting: Meeting) -> list:
    return rows(Meeting.objects.filter(pk=meeting.pk), AgendaItem.objects.filter(meeting=meeting),
                Case.objects.filter(meeting=meeting), Input.objects.filter(case__meeting=meeting),
                ActionItem.objects.filter(case__meeting=meeting), Attachment.objects.filter(case__meeting=meeting),
                OtherForumTreatment.objects.filter(case__meeting=meeting), Attendance.objects.filter(meeting=meeting),
                Case.previous_cases.through.objects.filter(from_case__meeting=meeting),
                MinutesCorrection.objects.filter(case__meeting=meeting),
                MemoComment.objects.filter(case__meeting=meeting))


PAGE_CHANGES = [
    # (address, what is sent, the reason, the page it is said on); {item} is case 5/24's agenda line,
    # {input} an input to case 9/24. Forms are sent filled in and empty: the reason is the same.
    (MEETING + "endre/", {"details-start_time": "10:00", "details-end_time": "15:00", "details-location": "Storo",
                          "details-number": "1/2024"}, AGENDA_LOCKED, MEETING),
    (MEETING + "endre/", {"details-start_time": "ikke et tidspunkt"}, AGENDA_LOCKED, MEETING),
    (MEETING + "sak/", {"case-title": "Ny sak", "case-type": "drofting"}, AGENDA_LOCKED, MEETING),
    (MEETING + "sak/", {}, AGENDA_LOCKED, MEETING),
    (MEETING + "punkt/", {"break-kind": "pause", "break-start_time": "12:00"}, AGENDA_LOCKED, MEETING),
    (MEETING + "punkt/", {}, AGENDA_LOCKED, MEETING),
    (MEETING + "punkt/{item}/opp/", {}, AGENDA_LOCKED, MEETING),
    (MEETING + "punkt/{item}/ned/", {}, AGENDA_LOCKED, MEETING),
    (MEETING + "punkt/{item}/fjern/", {}, AGENDA_LOCKED, MEETING),  # refused before it asks to confirm
    (MEETING + "punkt/{item}/fjern/", {"confirmed": "1"}, AGENDA_LOCKED, MEETING),
    (MEETING + "punkt/{item}/tid/", {"time{item}-start_time": "11:00"}, AGENDA_LOCKED, MEETING),
    (MEETING + "oppmote/", {"attendance-name": "Ny Deltaker", "attendance-status": "present",
                            "attendance-remote": "none"}, ATTENDANCE_LOCKED, MEETING),
    (MEETING + "oppmote/", {}, ATTENDANCE_LOCKED, MEETING),
    (MEETING + "godkjenn-referat/", {"approve-approving_case": "16/24", "confirmed": "1"}, ALREADY_APPROVED, MEETING),
    (CASE + "notat/", {"memo-title": "Ny tittel", "memo-type": "drofting"}, CASE_LOCKED, CASE),
    (CASE + "notat/", {}, CASE_LOCKED, CASE),
    (CASE + "nummer/", {"number-number": "99/24"}, CASE_LOCKED, CASE),
    (CASE + "vedlegg/", {"attachment-title": "Nytt vedlegg"}, CASE_LOCKED, CASE),
    (CASE + "tidligere/", {"previous-keys": "nuit/2024/6"}, CASE_LOCKED, CASE),
    (CASE + "ovrige-fora/", {"forum-title": "Direktoratets ledermøte"}, CASE_LOCKED, CASE),
    (CASE + "kommentar/", {"comment-text": "En kommentar"}, CASE_LOCKED, CASE),
    (CASE + "behandling/", {"outcome-decision": "NUIT vedtok noe annet."}, OUTCOME_LOCKED, CASE),
    (CASE + "behandling/", {"outcome-type_in_meeting": "ukjent"}, OUTCOME_LOCKED, CASE),
    (CASE + "utfall/", {"outcome": "orientering"}, OUTCOME_LOCKED, MEETING + "#godkjenn"),
    (CASE + "innspill/", {"input-text": "Et nytt innspill"}, OUTCOME_LOCKED, CASE),
    (CASE + "innspill/", {}, OUTCOME_LOCKED, CASE),
    ("/innspill/{input}/fjern/", {}, OUTCOME_LOCKED, CASE),  # refused before it asks to confirm
    ("/innspill/{input}/fjern/", {"confirmed": "1"}, OUTCOME_LOCKED, CASE),
    (CASE + "aksjonspunkt/", {"action-text": "Følg opp", "action-owner": "NHN"}, OUTCOME_LOCKED, CASE),
    (CASE + "aksjonspunkt/", {}, OUTCOME_LOCKED, CASE),
]


@pytest.mark.parametrize("url, data, reason, back", PAGE_CHANGES)
def test_approved_minutes_refuse_every_change_from_the_pages_with_the_reason(client, approved, url, data, reason,
                                                                             back):
    ids = {"item": AgendaItem.objects.get(meeting=approved, case__number=5).pk,
           "input": Case.objects.get(body__slug="nuit", year=2024, number=9).inputs.first().pk}
    before = minutes_as_stored(approved)
    refused(client, url.format(**ids), {key.format(**ids): value for key, value in data.items()}, reason, back)
    assert minutes_as_stored(approved) == before


API_CHANGES = [
    ("/api/meetings/{meeting}/cases", {"title": "Ny sak", "type": "discussion"}, AGENDA_LOCKED),
    ("/api/meetings/{meeting}/approve-minutes", {"approving_case": "nuit/2024/16"}, ALREADY_APPROVED),
    ("/api/cases/nuit/2024/9/decision", {"decision": "NUIT vedtok noe annet."}, OUTCOME_LOCKED),
    ("/api/cases/nuit/2024/9/input", {"text": "Et nytt innspill"}, OUTCOME_LOCKED),
    ("/api/cases/nuit/2024/9/action-items", {"text": "Følg opp", "owner": "NHN"}, OUTCOME_LOCKED),
]


@pytest.mark.parametrize("url, data, reason", API_CHANGES)
def test_approved_minutes_refuse_every_change_from_the_api_with_409_and_the_reason(client, approved, url, data,
                                                                                  reason):
    before = minutes_as_stored(approved)
    refused_by_api(client, "post", url.format(meeting=approved.pk), data, reason)
    assert minutes_as_stored(approved) == before


def test_approved_minutes_are_still_corrected_openly_with_a_reason(client, approved):
    response = client.post(CASE + "rettelse/", {"correction-field": "decision", "correction-new_value": "NUIT tok "
                           "saken til orientering.", "correction-reason": "Skrivefeil i vedtaket"}, follow=True)
    assert "Rettelsen er registrert." in text(response)
    case = Case.objects.get(body__slug="nuit", year=2024, number=9)
    assert case.decision == "NUIT tok saken til orientering."
    assert case.corrections.get().reason == "Skrivefeil i vedtaket"


# --- A closed status round -------------------------------------------------------------------

ROUND = "/portefolje/runder/2024-04/"


@pytest.fixture
def closed_round(portfolio, secretariat, client):
    round_ = Round.objects.get(slug="2024-04")
    assert round_.status == Round.Status.CLOSED
    client.force_login(secretariat)
    return round_


def round_reason(round_: Round) -> str:
    return f"Runden «{round_.name}» er avsluttet, så rapportene i den ligger fast"


def round_as_stored(round_: Round) -> list:
    return rows(Round.objects.filter(pk=round_.pk), StatusReport.objects.filter(round=round_),
                ReportedRisk.objects.filter(report__round=round_))


REPORT = {"overall": "red", "schedule": "red", "text": "Forsinket.", "milestones": "Neste år",
          "risk-1-description": "Leverandøren", "risk-1-probability": "4", "risk-1-impact": "3"}


@pytest.mark.parametrize("action, data", [("draft", REPORT), ("submit", REPORT), ("submit", {}),
                                          ("draft", {"overall": "lilla", "risk-1-description": "Uten skala"})])
def test_a_closed_round_refuses_saving_and_delivering_reports_and_their_risks(client, closed_round, action, data):
    before = round_as_stored(closed_round)
    url = ROUND + "rapporter/pll/"
    refused(client, url, {**data, "action": action}, round_reason(closed_round), url)
    assert round_as_stored(closed_round) == before


def test_a_closed_round_refuses_the_owner_a_new_report_too(client, closed_round):
    client.force_login(User.objects.get(username="tiltakseier"))  # reports for Helse Nord RHF: DIS fase 3
    url = ROUND + "rapporter/dis-fase-3/"
    refused(client, url, {**REPORT, "action": "submit"}, round_reason(closed_round), url)
    assert not StatusReport.objects.filter(round=closed_round, initiative__slug="dis-fase-3").exists()


@pytest.mark.parametrize("decision, data", [("godkjenn", {}), ("tilbake", {"reason": "Mangler risiko"})])
def test_a_closed_round_refuses_accepting_and_returning_reports(client, closed_round, decision, data):
    report = closed_round.reports.get(initiative__slug="pll")
    before = round_as_stored(closed_round)
    refused(client, f"/portefolje/rapporter/{report.pk}/{decision}/", data, round_reason(closed_round), ROUND)
    assert round_as_stored(closed_round) == before


def test_a_closed_round_is_not_closed_again(client, closed_round):
    before = round_as_stored(closed_round)
    refused(client, ROUND + "avslutt/", {"confirmed": "1"}, round_reason(closed_round), ROUND)
    assert round_as_stored(closed_round) == before


def test_a_closed_round_refuses_reports_from_the_api_with_409_and_the_reason(client, closed_round):
    before = round_as_stored(closed_round)
    refused_by_api(client, "put", "/api/rounds/2024-04/reports/pll",
                   {"overall": "red", "text": "Forsinket.", "risks": [], "submit": True}, round_reason(closed_round))
    assert round_as_stored(closed_round) == before


def _edit_the_register() -> None:
    """What the secretariat may well change after a round has closed: the initiatives' dependencies,
    their lifecycle, and new initiatives with owners and dependencies of their own."""
    pll, results = Initiative.objects.get(slug="pll"), Initiative.objects.get(slug="pasientens-provesvar")
    pll.national_solutions.set([NationalSolution.objects.get(slug="kjernejournal")])
    pll.epj_vendors.set(EpjVendor.objects.all())
    pll.depends_on.add(results)
    results.depends_on.add(pll)  # a circle between two initiatives of the round
    pll.lifecycle, pll.segment = Initiative.Lifecycle.COMPLETED, Initiative.Segment.OBSERVE
    pll.save()
    new = Initiative.objects.create(slug="nytt-tiltak", name="Nytt tiltak", owner="Helse Vest RHF")
    new.national_solutions.set(NationalSolution.objects.all())
    new.epj_vendors.set(EpjVendor.objects.all())
    new.depends_on.add(pll)


def _page(client, url: str) -> str:
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", client.get(url).content.decode())
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", page)  # a new token on each page


def test_a_closed_rounds_report_and_page_stay_as_they_closed_when_the_register_changes(client, closed_round):
    anonymous = client.__class__()
    before = (portfolio_report_context(closed_round), _page(client, ROUND), _page(anonymous, ROUND),
              _page(anonymous, ROUND + "rapport.html"))
    _edit_the_register()
    after = (portfolio_report_context(closed_round), _page(client, ROUND), _page(anonymous, ROUND),
             _page(anonymous, ROUND + "rapport.html"))
    assert after[0] == before[0]
    assert after[1:] == before[1:]
    assert "Nytt tiltak" not in after[1]  # not "not reported" in a round that closed before it existed


def test_closing_a_round_keeps_each_reports_dependencies_as_they_were(secretariat):
    round_ = rounds.open_round("Desember 2026", None)
    pll, journal = Initiative.objects.get(slug="pll"), Initiative.objects.get(slug="pasientens-journaldokumenter")
    for initiative in (pll, journal):
        report = rounds.save_report(round_, initiative, secretariat, {"overall": "green", "text": "I rute."}, [],
                                    submit=True)
        rounds.accept_report(report)
    rounds.close_round(round_)
    assert round_.reports.get(initiative=pll).snapshot_solutions == ["e-resept", "pll", "sfm"]
    assert round_.reports.get(initiative=journal).snapshot_depends_on == ["tillitsrammeverk"]
    before = portfolio_report_context(round_)
    assert ("Sentral forskrivningsmodul", 1) in before["solutions"]
    _edit_the_register()
    journal.depends_on.add(pll)
    pll.depends_on.add(journal)
    assert portfolio_report_context(round_) == before


# --- A closed scoring session ----------------------------------------------------------------

@pytest.fixture
def closed_session(secretariat, client):
    session = ScoringSession.objects.get(title="Tiltak for 2023 – prioritering")
    assert not session.is_open
    client.force_login(secretariat)
    return session


def session_reason(session: ScoringSession) -> str:
    return f"Scoringsrunden «{session.title}» er lukket, så tiltakene, vurdererne, scorene og innstillingene"


def session_as_stored(session: ScoringSession) -> list:
    return rows(ScoringSession.objects.filter(pk=session.pk), Measure.objects.filter(session=session),
                Rater.objects.filter(session=session), Score.objects.filter(rater__session=session),
                PrintedFigure.objects.filter(session=session))


SESSION_CHANGES = [
    # {session}, {measure}, {rater}: the session, its first measure, its rater.
    ("vurderer/", {"rater-name": "Ny vurderer"}),
    ("vurderer/", {}),
    ("tiltak/", {"measure-name": "Nytt tiltak"}),
    ("tiltak/", {}),
    ("tiltak/{measure}/fjern/", {}),
    ("vurderer/{rater}/fjern/", {}),
    ("folsomhet/", {"sens-concentration": "50", "sens-top_k": "3"}),
    ("folsomhet/", {"sens-concentration": "1e27", "sens-top_k": "0"}),
    ("status/open/", {}),
    ("status/closed/", {}),
]


@pytest.mark.parametrize("path, data", SESSION_CHANGES)
def test_a_closed_session_refuses_every_change_from_its_page_with_the_reason(client, closed_session, path, data):
    ids = {"measure": closed_session.measures.first().pk, "rater": closed_session.raters.get().pk}
    before = session_as_stored(closed_session)
    url = closed_session.get_absolute_url()
    refused(client, url + path.format(**ids), data, session_reason(closed_session), url)
    assert session_as_stored(closed_session) == before


def test_a_closed_session_refuses_scores_on_the_sheet(client, closed_session):
    measure, rater = closed_session.measures.first(), closed_session.raters.get()
    before = session_as_stored(closed_session)
    url = f"{closed_session.get_absolute_url()}vurdering/{rater.pk}/"
    refused(client, url, {scoring.field_name(measure, "Q1"): "3", scoring.field_name(measure, "Q2"): "sju"},
            session_reason(closed_session), url)
    assert session_as_stored(closed_session) == before


def test_a_closed_session_refuses_scores_uploaded_or_typed_and_new_settings_in_its_services(closed_session):
    measure, rater = closed_session.measures.first(), closed_session.raters.get()
    before = session_as_stored(closed_session)
    attempts = [
        lambda: scoring.import_scores(closed_session, "Fra fil", {measure.name: [{"Q1": 3.0}]}),
        lambda: scoring.record_scores(rater, {(measure.pk, "Q1"): ("3", "")}),
        lambda: scoring.update_sensitivity_settings(closed_session, 50, 3),
        lambda: scoring.add_measure(closed_session, "Nytt tiltak"),
        lambda: scoring.set_status(closed_session, ScoringSession.Status.OPEN),
    ]
    for attempt in attempts:
        with pytest.raises(Frozen, match=f"Scoringsrunden «{closed_session.title}» er lukket"):
            attempt()
    assert session_as_stored(closed_session) == before


def test_a_closed_sessions_public_page_shows_the_settings_it_closed_with(client, closed_session):
    anonymous = client.__class__()

    def sensitivity(page) -> str:
        return re.search(r'<section aria-labelledby="folsomhet".*?</section>', page.content.decode(), re.S).group(0)

    before = sensitivity(anonymous.get(closed_session.get_absolute_url()))
    client.post(f"{closed_session.get_absolute_url()}folsomhet/", {"sens-concentration": "2", "sens-top_k": "2"})
    after = anonymous.get(closed_session.get_absolute_url())
    assert sensitivity(after) == before
    assert "konsentrasjon 100" in text(after) and "Sannsynlighet for topp 5" in text(after)
    secretariat_page = client.get(closed_session.get_absolute_url()).content.decode()
    assert "folsomhet/" not in secretariat_page  # no form for settings that cannot change


# --- Anything else that meets a closed record ------------------------------------------------

def test_a_refusal_no_page_catches_is_a_409_page_with_the_reason_and_the_way_back(db):
    request = RequestFactory().post("/noe/", HTTP_REFERER="http://testserver/moter/")
    request.user = AnonymousUser()
    middleware = FrozenRefusalMiddleware(lambda request: None)
    response = middleware.process_exception(request, Frozen("Runden «Desember 2026» er avsluttet."))
    page = response.content.decode()
    assert response.status_code == 409 and "Runden «Desember 2026» er avsluttet." in html.unescape(page)
    assert 'href="http://testserver/moter/"' in page
    elsewhere = RequestFactory().post("/noe/", HTTP_REFERER="https://example.org/")
    elsewhere.user = AnonymousUser()
    assert "example.org" not in middleware.process_exception(elsewhere, Frozen("Låst.")).content.decode()
    assert middleware.process_exception(request, ValueError("noe annet")) is None
