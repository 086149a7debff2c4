"""The council's part of an object's history (core/timeline.py): the cases linked to it, on the
day of their meeting, with the outcome the reader may see (the decision once the minutes are
approved; before that the proposal, marked, to members only)."""
from datetime import date

from django.utils.translation import gettext as _

from radsmodell.core import links
from radsmodell.core.timeline import Event

from . import selectors
from .models import Case


def case_events(kind: str, ref: str, user) -> list[Event]:
    linked = links.links_to(kind, ref, "case")
    cases = (Case.objects.filter(pk__in=links.pks(linked)).select_related("body", "meeting")
             .prefetch_related("body__later_names"))
    events = []
    for case in cases:
        if not selectors.case_visible(user, case):
            continue
        link = linked[str(case.pk)]
        day, assumption = _day(case, link)
        outcome = selectors.outcome_preview(user, case)
        events.append(Event(
            day=day, label=_("Sak"), url=case.get_absolute_url(),
            title=f"{case.body_short_name} {case.case_number} {case.title}",
            detail=f"{outcome['label']}: {outcome['text']}" if outcome else "",
            source=link.source, assumption=assumption or link.assumption, order=10))
    return events


def _day(case: Case, link) -> tuple[date, str]:
    """The meeting's date; without a meeting the link's or the memo's date, or only the year."""
    if case.meeting is not None:
        return case.meeting.date, ""
    if link.date or case.memo_date:
        return link.date or case.memo_date, ""
    return date(case.year, 1, 1), _("Bare året saken ble behandlet er kjent.")
