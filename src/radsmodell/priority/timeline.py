"""Prioritisation's part of an initiative's history (core/timeline.py): each session that scored
it, on the day of the meeting that treated the session (or the day the session was made), with
the rank and score the session's page shows."""
from django.utils import timezone
from django.utils.translation import gettext as _

from radsmodell.core import links
from radsmodell.core.numbers import number
from radsmodell.core.timeline import Event

from . import selectors
from .models import Measure


def score_events(kind: str, ref: str, user) -> list[Event]:
    visible = selectors.sessions_with_results_for(user)  # no rank from a result the user may not see yet
    measures = Measure.objects.filter(initiative_id__in=links.pks([ref]), session__in=visible).select_related(
        "session__case__meeting")
    events = []
    for measure in measures:
        session = measure.session
        meeting = session.case.meeting if session.case else None
        results = selectors.session_results(session).results
        result = next((r for r in results if r.name == measure.name), None)
        ranked = sum(1 for r in results if r.rank is not None)
        events.append(Event(
            day=meeting.date if meeting else timezone.localdate(session.created), label=_("Scoring"),
            title=session.title, url=session.get_absolute_url(), detail=_outcome(measure, result, ranked),
            source=session.source, order=30))
    return events


def _outcome(measure: Measure, result, ranked: int) -> str:
    """"«PLL (…)»: rang 1 av 11, score 22,8" — the measure's name as the session has it."""
    if result is None or result.score is None:
        return _("«%(name)s»: ingen score (mangler svar)") % {"name": measure.name}
    if result.rank is None:
        return _("«%(name)s»: score %(score)s, ikke rangert: %(why)s") % {
            "name": measure.name, "score": number(result.score, 1), "why": measure.outside_ranking}
    return _("«%(name)s»: rang %(rank)s av %(of)s, score %(score)s") % {
        "name": measure.name, "rank": result.rank, "of": ranked, "score": number(result.score, 1)}
