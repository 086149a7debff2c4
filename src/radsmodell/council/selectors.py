"""Reads for pages, documents and the API, with the visibility rules in one place.

The public sees meetings whose notice is published, and a meeting's minutes (input,
decisions, case-type changes, attendance, action items) once they are approved. Members
and the secretariat see everything, drafts included.
"""
from datetime import date

from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from radsmodell.core.roles import can_see_drafts

from .models import ActionItem, AgendaItem, Attendance, Body, Case, Meeting, Membership
from .numbering import parse_case_number


def meetings_for(user, body: Body | None = None) -> QuerySet[Meeting]:
    meetings = Meeting.objects.select_related("body").prefetch_related("body__later_names").order_by("-date")
    if body is not None:
        meetings = meetings.filter(body=body)
    if not can_see_drafts(user):
        meetings = meetings.filter(notice_published_at__isnull=False)
    return meetings


def meeting_visible(user, meeting: Meeting) -> bool:
    return meeting.is_published or can_see_drafts(user)


def minutes_visible(user, meeting: Meeting | None) -> bool:
    """Input, decisions, case-type changes, attendance and action items of a meeting."""
    if meeting is None:  # a case known from a reference: its decision is public record
        return True
    return meeting.minutes_locked or can_see_drafts(user)


def case_visible(user, case: Case) -> bool:
    return case.meeting is None or meeting_visible(user, case.meeting)


def get_meeting(user, body_slug: str, day: str | date) -> Meeting:
    try:
        day = day if isinstance(day, date) else date.fromisoformat(day)
    except ValueError:
        raise Http404(_("Ugyldig dato")) from None
    meeting = Meeting.objects.select_related("body", "minutes_approved_by").filter(
        body__slug=body_slug, date=day
    ).first()
    if meeting is None or not meeting_visible(user, meeting):
        raise Http404(_("Fant ikke møtet"))
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


def members_on(body: Body, day: date) -> list[Membership]:
    """The body's members on the day: the periods running then
    (`Membership.member_on`). `inferred` is set on a row counted only because a period is taken to
    last beyond the last day the sources show it."""
    memberships = body.memberships.select_related("person", "person__organisation", "organisation", "replaces")
    members = []
    for membership in memberships.order_by("organisation__name", "person__name", "id"):
        if membership.member_on(day):
            membership.inferred = membership.inferred_on(day)
            members.append(membership)
    return members


def membership_periods(body: Body) -> list[Membership]:
    """Every period of every member, person by person, oldest first: the body's membership history."""
    periods = body.memberships.select_related("person", "organisation", "replaces")
    return sorted(periods, key=lambda m: (m.person.name, m.known_from or m.end or date.max, m.pk))


def get_case(user, body_slug: str, year: int, number: int) -> Case:
    case = (
        Case.objects.select_related("body", "meeting", "meeting__body")
        .filter(body__slug=body_slug, year=year, number=number)
        .first()
    )
    if case is None or not case_visible(user, case):
        raise Http404(_("Fant ikke saken"))
    return case


def case_by_key(key: str) -> Case | None:
    """'nuit/2024/25' -> that case, or None when the key is malformed or unknown."""
    try:
        slug, year, number = key.strip().split("/")
        return Case.objects.select_related("body", "meeting").get(body__slug=slug, year=int(year), number=int(number))
    except (ValueError, Case.DoesNotExist):
        return None


def case_by_number(body: Body, text: str) -> Case | None:
    """'25/24' within a body -> that case, or None. Malformed numbers raise ValueError with the reason."""
    number, year = parse_case_number(text)
    return Case.objects.select_related("body", "meeting").filter(body=body, year=year, number=number).first()


def cases_for(user, body: Body | None = None, year: int | None = None) -> QuerySet[Case]:
    cases = Case.objects.select_related("body", "meeting").order_by("-year", "-number")
    if body is not None:
        cases = cases.filter(body=body)
    if year is not None:
        cases = cases.filter(year=year)
    if not can_see_drafts(user):
        cases = cases.filter(Q(meeting__isnull=True) | Q(meeting__notice_published_at__isnull=False))
    return cases


def _with_visible_decisions(user, cases) -> list[Case]:
    """Cases the user may see; `shown_decision` is the decision, or blank before approved minutes."""
    shown = []
    for case in cases:
        if case_visible(user, case):
            case.shown_decision = case.decision if minutes_visible(user, case.meeting) else ""
            shown.append(case)
    return shown


def outcome_preview(user, case: Case) -> dict | None:
    """What a list that previews a case shows of its outcome: the decision once the minutes are
    approved (or for a case known from a reference); before that nothing to the public, and the
    proposal, marked as such, to members and the secretariat. Never a proposal as if it were the
    result: 6/24's rejected second point does not appear once the decision is there."""
    public_record = case.meeting is None or case.meeting.minutes_locked
    if public_record:
        if not case.decision.strip():
            return None
        return {"kind": "decision", "label": _("Vedtak"), "text": case.decision,
                "assumption": case.decision_assumption}
    if can_see_drafts(user) and case.proposed_decision.strip():
        return {"kind": "proposal", "label": _("Forslag til vedtak"), "text": case.proposed_decision,
                "assumption": case.proposal_assumption}
    return None


def previous_treatments(user, case: Case) -> list[Case]:
    """Rows of "Vedtak fra tidligere behandlinger i rådsmodellen", oldest first, from the register."""
    earlier = case.previous_cases.select_related("body", "meeting").prefetch_related("body__later_names")
    return sorted(_with_visible_decisions(user, earlier), key=lambda c: (c.year, c.body.level, c.number))


def later_treatments(user, case: Case) -> list[Case]:
    """Later cases that list this one among their earlier treatments."""
    later = case.later_cases.select_related("body", "meeting").order_by("year", "number")
    return _with_visible_decisions(user, later)


def action_items_for(user, status: str = "open") -> QuerySet[ActionItem]:
    """Action items with `closure_shown`: closed, by a case this user may see. To the public an item
    closed in a meeting whose notice is not yet published is still open (its closing case is hidden)."""
    items = ActionItem.objects.select_related(
        "case", "case__body", "case__meeting", "closed_by", "closed_by__body"
    ).order_by("created", "id")
    closed = Q(closed__isnull=False)
    if not can_see_drafts(user):
        items = items.filter(Q(case__meeting__isnull=True) | Q(case__meeting__minutes_status=Meeting.Minutes.APPROVED))
        closed &= (Q(closed_by__isnull=True) | Q(closed_by__meeting__isnull=True)
                   | Q(closed_by__meeting__notice_published_at__isnull=False))
    items = items.annotate(closure_shown=ExpressionWrapper(closed, output_field=BooleanField()))
    if status == "open":
        items = items.filter(closure_shown=False)
    elif status == "closed":
        items = items.filter(closure_shown=True)
    return items


def search_cases(user, query: str) -> QuerySet[Case]:
    """The cases the full-text search (core/search) finds for the query, newest first."""
    from radsmodell.core.search import search

    found = search(query, drafts=can_see_drafts(user), filters={"kind": ["case"]}, limit=10_000)
    return cases_for(user).filter(pk__in=[int(hit.ref) for hit in found.hits])
