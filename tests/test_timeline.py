"""An initiative's whole story on its page (core/timeline.py): cases and decisions, status reports,
scores, cost decisions and roadmap changes from every module, newest first, each linking to the
page it comes from, and only what the reader may see."""
import re
from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from radsmodell.core import links, timeline
from radsmodell.council import services as council
from radsmodell.council.models import Body
from radsmodell.portfolio.models import Initiative, StatusReport
from radsmodell.priority.models import ScoringSession

SECTION = re.compile(r'<section class="stack timeline".*?</section>', re.S)
EVENT = re.compile(r'<li class="timeline__event"><time datetime="([\d-]+)">.*?</li>', re.S)


def _events(response) -> list[tuple[str, str, list[str]]]:
    """(ISO date, the event's text as read, the addresses it links to), in page order."""
    assert response.status_code == 200
    found = SECTION.search(response.content.decode())
    if not found:
        return []
    return [(m.group(1), re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", m.group(0).replace("\u00a0", " "))).strip(),
             re.findall(r'href="([^"]+)"', m.group(0))) for m in EVENT.finditer(found.group(0))]


def _event(events, text: str) -> tuple[str, str, list[str]]:
    matching = [e for e in events if text in e[1]]
    assert len(matching) == 1, (text, [e[1] for e in events])
    return matching[0]


def test_pll_tells_its_story_newest_first_from_every_module(client, demo):
    events = _events(client.get("/portefolje/tiltak/pll/"))
    days = [day for day, _text, _urls in events]
    assert days == sorted(days, reverse=True)
    day, text, urls = _event(events, "NUIT 17/24 Prinsipper for fordeling av kostnader")
    assert day == "2024-05-15" and urls[0] == "/saker/nuit/2024/17/"
    day, text, urls = _event(events, "Tiltak for 2023 – prioritering")
    session = ScoringSession.objects.get(title="Tiltak for 2023 – prioritering")
    assert day == "2022-09-21" and urls[0] == f"/prioritering/{session.pk}/"
    assert "«PLL (pasientens legemiddelliste)»: rang 1 av 11, score 22,8" in text
    day, text, urls = _event(events, "Statusrapport")
    assert day == "2024-04-04" and urls[0].startswith("/portefolje/runder/")
    # A decision shows once the minutes are approved, with the case it was made in.
    _day, text, _urls = _event(events, "NUIT 4/24 Oppfølging av Nasjonal e-helsestrategi")
    assert "Vedtak: NUIT drøftet status på Nasjonal e-helsestrategi" in text
    assert "seed" not in SECTION.search(client.get("/portefolje/tiltak/pll/").content.decode()).group(0)


def test_the_council_ranking_leads_on_to_the_initiatives(client, demo):
    session = ScoringSession.objects.get(title="Tiltak for 2023 – prioritering")
    page = client.get(f"/prioritering/{session.pk}/").content.decode()
    assert '<a class="ds-link" href="/portefolje/tiltak/pll/">PLL (pasientens legemiddelliste)</a>' in page
    assert session.measures.filter(initiative__isnull=False).count() == 13


def test_before_approved_minutes_the_public_sees_the_case_and_members_the_proposal(client, demo, member):
    _day, text, _urls = _event(_events(client.get("/portefolje/tiltak/pll/")), "NUIT 40/25")
    assert "Forslag til vedtak" not in text and "Vedtak" not in text.replace("NUIT 40/25", "")
    client.force_login(member)
    _day, text, _urls = _event(_events(client.get("/portefolje/tiltak/pll/")), "NUIT 40/25")
    assert "Forslag til vedtak: NUIT ga innspill til det foreslåtte indikatorsettet" in text


def test_cost_decisions_and_an_inferred_day_are_marked(client, demo):
    events = _events(client.get("/portefolje/tiltak/pasientens-provesvar/"))
    day, text, urls = _event(events, "Pasientens prøvesvar: Planlagt inn i kostnadsfordelingen")
    assert day == "2024-01-01" and urls[0] == "/kostnader/betalingsplikt/pasientens-provesvar/"
    day, text, urls = _event(_events(client.get("/portefolje/tiltak/dis-fase-3/")), "Investering")
    assert day == "2024-01-01" and urls[0] == "/kostnader/investeringer/dis-fase-3/"
    assert "Investeringsperiode 2024–2026" in text and "antatt" in text


def test_a_roadmap_change_shows_on_the_day_the_version_was_discussed(client, demo):
    day, text, urls = _event(_events(client.get("/portefolje/tiltak/tillitsrammeverk/")), "Veikart Veikart for")
    assert day == "2025-09-11" and urls[0] == "/strategi/veikart/?versjon=2025-q3"
    assert "Nytt navn: Nye begreper: Tillitsrammeverk er endret til Felles tillitstjenester" in text


def test_what_the_public_may_not_see_stays_out_of_the_story(client, demo, secretariat):
    pll = Initiative.objects.get(slug="pll")
    draft = council.add_case(council.plan_meeting(Body.objects.get(slug="nuit"), date(2026, 3, 5)),
                             "Hemmelig utkast om PLL", "orientering")
    links.add_link("initiative:pll", f"case:{draft.key}", assumption="Antatt for testen.")
    report = StatusReport.objects.filter(initiative=pll).first()
    report.state = StatusReport.State.SUBMITTED  # sent in, not yet accepted by the secretariat
    report.save()
    public = [text for _day, text, _urls in _events(client.get("/portefolje/tiltak/pll/"))]
    assert not any("Hemmelig utkast" in text or "Statusrapport" in text for text in public)
    client.force_login(secretariat)
    seen = [text for _day, text, _urls in _events(client.get("/portefolje/tiltak/pll/"))]
    assert any("Hemmelig utkast om PLL" in text for text in seen)
    assert not any("Statusrapport" in text for text in seen)  # a report counts once accepted


def test_an_open_scoring_session_is_not_in_the_public_story(client, demo):
    session = ScoringSession.objects.get(title="Tiltak for 2023 – prioritering")
    session.status = ScoringSession.Status.OPEN
    session.save()
    assert not any("prioritering" in text for _day, text, _urls in _events(client.get("/portefolje/tiltak/pll/")))


def test_events_of_one_day_read_cases_first_and_providers_add_up(demo):
    day = date(2030, 1, 1)

    def later(kind, ref, user):
        return [timeline.Event(day, "B", "roadmap", "/b/", order=50), timeline.Event(day, "A", "case", "/a/", order=10),
                timeline.Event(date(2031, 1, 1), "C", "newest", "/c/")]

    timeline.register("initiative", later)
    try:
        pll = Initiative.objects.get(slug="pll")
        titles = [e.title for e in timeline.events_of_object(pll, AnonymousUser())][:3]
        assert titles == ["newest", "case", "roadmap"]
    finally:
        timeline._providers.remove(("initiative", later))


@pytest.mark.parametrize("slug", ["pll", "pasientens-provesvar", "dis-fase-3"])
def test_the_story_costs_few_queries(client, demo, slug, django_assert_max_num_queries):
    client.get(f"/portefolje/tiltak/{slug}/")  # warm the caches that a first request fills
    with django_assert_max_num_queries(60):
        assert client.get(f"/portefolje/tiltak/{slug}/").status_code == 200


def test_the_api_gives_the_same_story(client, demo):
    events = client.get("/api/initiatives/pll").json()["events"]
    page = _events(client.get("/portefolje/tiltak/pll/"))
    assert [(e["date"], e["url"]) for e in events] == [(day, urls[0]) for day, _text, urls in page]
    scoring = next(e for e in events if e["label"] == "Scoring")
    assert scoring["detail"] == "«PLL (pasientens legemiddelliste)»: rang 1 av 11, score 22,8"
    assert scoring["source"] == "Prioriteringsarbeidsbok til Nasjonalt e-helseråd 21. september 2022"
