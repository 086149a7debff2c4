"""Reads for pages, documents and the API, with the visibility rules in one place.

The public sees meetings whose notice is published, and a meeting's minutes (input,
decisions, action items, attendance) once they are approved. Members and the secretariat
see everything, drafts included.
"""
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from radsmodell.core.roles import can_see_drafts

from .models import ActionItem, AgendaItem, Attendance, Body, Case, Meeting


def meetings_for(user, body: Body | None = None) -> QuerySet[Meeting]:
    meetings = Meeting.objects.select_related("body").order_by("-date")
    if body is not None:
        meetings = meetings.filter(body=body)
    if not can_see_drafts(user):
        meetings = meetings.filter(notice_published_at__isnull=False)
    return meetings


def meeting_visible(user, meeting: Meeting) -> bool:
    return meeting.is_published or can_see_drafts(user)


def minutes_visible(user, meeting: Meeting | None) -> bool:
    """Input, decisions, attendance and action items of a meeting."""
    if meeting is None:  # a case known from a reference: its decision is public record
        return True
    return meeting.minutes_locked or can_see_drafts(user)


def case_visible(user, case: Case) -> bool:
    return case.meeting is None or meeting_visible(user, case.meeting)


def get_meeting(user, body_slug: str, day: str | date) -> Meeting:
    try:
        day = day if isinstance(day, date) else date.fromisoformat(day)
    except ValueError:
        raise Http404("Ugyldig dato")
    meeting = Meeting.objects.select_related("body", "minutes_approved_by").filter(
        body__slug=body_slug, date=day
    ).first()
    if meeting is None or not meeting_visible(user, meeting):
        raise Http404("Fant ikke møtet")
    return meeting


def agenda(meeting: Meeting) -> list[AgendaItem]:
    """The agenda in order, each case with what its pages and documents show."""
    return list(
        meeting.agenda.select_related("case", "case__body", "case__meeting")
        .prefetch_related(
            "case__inputs", "case__attachments", "case__other_fora",
            Prefetch("case__action_items", queryset=ActionItem.objects.select_related("closed_by", "closed_by__body")),
            Prefetch("case__previous_cases", queryset=Case.objects.select_related("body", "meeting")),
        )
        .order_by("position")
    )


def attendance(meeting: Meeting) -> list[Attendance]:
    return list(meeting.attendance.select_related("person", "organisation", "substitute_for"))


def get_case(user, body_slug: str, year: int, number: int) -> Case:
    case = (
        Case.objects.select_related("body", "meeting", "meeting__body")
        .filter(body__slug=body_slug, year=year, number=number)
        .first()
    )
    if case is None or not case_visible(user, case):
        raise Http404("Fant ikke saken")
    return case


def cases_for(user, body: Body | None = None, year: int | None = None) -> QuerySet[Case]:
    cases = Case.objects.select_related("body", "meeting").order_by("-year", "-number")
    if body is not None:
        cases = cases.filter(body=body)
    if year is not None:
        cases = cases.filter(year=year)
    if not can_see_drafts(user):
        cases = cases.filter(Q(meeting__isnull=True) | Q(meeting__notice_published_at__isnull=False))
    return cases


def previous_treatments(case: Case) -> list[Case]:
    """Rows of "Vedtak fra tidligere behandlinger i rådsmodellen", oldest first, from the register."""
    return sorted(case.previous_cases.all(), key=lambda c: (c.year, c.body.level, c.number))


def action_items_for(user, status: str = "open") -> QuerySet[ActionItem]:
    items = ActionItem.objects.select_related(
        "case", "case__body", "case__meeting", "closed_by", "closed_by__body"
    ).order_by("created", "id")
    if status == "open":
        items = items.filter(closed__isnull=True)
    elif status == "closed":
        items = items.filter(closed__isnull=False)
    if not can_see_drafts(user):
        items = items.filter(Q(case__meeting__isnull=True) | Q(case__meeting__minutes_status=Meeting.Minutes.APPROVED))
    return items


def search_cases(user, query: str) -> QuerySet[Case]:
    """Every word must occur (case-folded, so æøå match whatever the case) in the case's text."""
    words = [w for w in query.casefold().split() if w]
    if not words:
        return Case.objects.none()
    cases = cases_for(user)
    for word in words:
        cases = cases.filter(search_text__contains=word)
    if not can_see_drafts(user):
        # The public's search must not find words that only unapproved minutes contain.
        visible = [c.pk for c in cases if _public_text_matches(c, words)]
        cases = cases.filter(pk__in=visible)
    return cases.order_by("-year", "-number")


def _public_text_matches(case: Case, words: list[str]) -> bool:
    if case.meeting is None or case.meeting.minutes_locked:
        return True
    text = " ".join([case.case_number, case.title, case.proposed_decision, case.summary]).casefold()
    return all(word in text for word in words)
