"""What waits for a user in the council register (their own page, core/mypage.py), and what their
profile shows of them as a member.

A user is a member through their person in the register (`Person.user`): the meetings of the bodies
the person belongs to on the meeting's date, the notice and cover memos once published, the draft
memos open for comment before that, and the action items and commissions the person or the person's
organisation owns. The secretariat sees every coming meeting, the notices not yet published and the
minutes not yet approved, and every overdue action item and commission. A fixed number of queries
whatever the register holds.
"""
from datetime import date

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from radsmodell.core import site
from radsmodell.core.formatting import clock, long_date
from radsmodell.core.roles import Role, can_see_drafts, is_secretariat, role_of

from . import selectors
from .models import ActionItem, Attendance, Case, Commission, Meeting, Person

MEETINGS = site.WorkGroup(gettext_lazy("Møter"), 10)
READING = site.WorkGroup(gettext_lazy("Til lesing"), 20)
COMMENTING = site.WorkGroup(gettext_lazy("Til kommentar"), 30)
ACTION_ITEMS = site.WorkGroup(gettext_lazy("Aksjonspunkter"), 60)
COMMISSIONS = site.WorkGroup(gettext_lazy("Oppdrag"), 70)

OPEN_ACTION_ITEM = (ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS)
OPEN_COMMISSION = (Commission.Status.GIVEN, Commission.Status.IN_PROGRESS)


def person_of(user) -> Person | None:
    """The user's person in the register, with the periods in the bodies, or None."""
    if not user.is_authenticated:
        return None
    return (Person.objects.select_related("organisation")
            .prefetch_related("memberships__body__later_names", "memberships__organisation")
            .filter(user=user).first())


def _member_on(person: Person | None, meeting: Meeting) -> bool:
    return person is not None and any(
        period.body_id == meeting.body_id and period.member_on(meeting.date) for period in person.memberships.all())


def tasks(user, today: date) -> list[site.WorkItem]:
    person = person_of(user)
    secretariat = is_secretariat(user)
    return [*_meetings(user, person, secretariat, today), *_secretariat_meetings(secretariat, today),
            *_comments(user, person, secretariat, today), *_action_items(user, person, secretariat, today),
            *_commissions(person, secretariat, today)]


def _meeting_detail(meeting: Meeting, absent: bool) -> str:
    parts = [meeting.body.display_name(meeting.date)]
    if meeting.start_time:
        parts.append(_("kl. %(time)s") % {"time": clock(meeting.start_time)})
    if meeting.location:
        parts.append(meeting.location)
    if absent:
        parts.append(_("forfall meldt"))
    return ", ".join(parts)


def _meetings(user, person: Person | None, secretariat: bool, today: date) -> list[site.WorkItem]:
    """The coming meetings to attend, and for a member the published papers to read."""
    bodies = {period.body_id for period in person.memberships.all()} if person else set()
    if not secretariat and not bodies:
        return []
    coming = Meeting.objects.filter(date__gte=today, cancelled_at__isnull=True).select_related("body") \
        .prefetch_related("body__later_names").order_by("date")
    if not secretariat:
        coming = coming.filter(body_id__in=bodies)
    mine = [m for m in coming if secretariat or _member_on(person, m)]
    absent = set()
    if person and mine:
        absent = set(Attendance.objects.filter(meeting__in=mine, person=person, status=Attendance.Status.ABSENT)
                     .values_list("meeting_id", flat=True))
    items = [site.WorkItem(MEETINGS, _("Møte"), meeting.title, meeting.get_absolute_url(), meeting.date,
                           detail=_meeting_detail(meeting, meeting.pk in absent)) for meeting in mine]
    # The papers: for the members of the body, once the notice is published.
    to_read = [m for m in mine if m.is_published and _member_on(person, m)]
    for meeting in to_read:
        day = meeting.date.isoformat()
        items.append(site.WorkItem(READING, _("Innkalling"), meeting.title,
                                   reverse("documents:notice", args=[meeting.body.slug, day, "html"]), meeting.date))
    if to_read:
        by_meeting = {m.pk: m for m in to_read}
        cases = Case.objects.filter(meeting__in=to_read, is_eventuelt=False).select_related("body") \
            .order_by("meeting__date", "agenda_item__position", "number")
        for case in cases:
            meeting = by_meeting[case.meeting_id]
            items.append(site.WorkItem(
                READING, _("Toppnotat"), f"{case.case_number} {case.title}",
                reverse("documents:memo", args=[case.body.slug, case.year, case.number, "html"]), meeting.date,
                detail=meeting.title))
    return items


def _secretariat_meetings(secretariat: bool, today: date) -> list[site.WorkItem]:
    """Notices not yet published (overdue once the day has passed) and minutes not yet approved."""
    if not secretariat:
        return []
    todo = Meeting.objects.filter(cancelled_at__isnull=True).filter(
        Q(notice_published_at__isnull=True) | (Q(date__lt=today) & ~Q(minutes_status=Meeting.Minutes.APPROVED))
    ).select_related("body").prefetch_related("body__later_names").order_by("date")
    items = []
    for meeting in todo:
        if not meeting.is_published:
            items.append(site.WorkItem(MEETINGS, _("Innkallingen er ikke publisert"), meeting.title,
                                       meeting.get_absolute_url(), meeting.date, overdue=meeting.date < today,
                                       detail=meeting.body.display_name(meeting.date)))
        else:
            kind = _("Referatet er ikke skrevet") if meeting.minutes_status == Meeting.Minutes.NONE \
                else _("Referatet er ikke godkjent")
            items.append(site.WorkItem(MEETINGS, kind, meeting.title, meeting.get_absolute_url(),
                                       detail=_("Møtet var %(day)s") % {"day": long_date(meeting.date)}))
    return items


def _comments(user, person: Person | None, secretariat: bool, today: date) -> list[site.WorkItem]:
    """Draft memos of coming meetings, open for the members' comments until the notice is published:
    of the person's bodies, or of every body for a member the register does not know as a person."""
    if secretariat or not can_see_drafts(user):
        return []
    drafts = Case.objects.filter(
        meeting__date__gte=today, meeting__notice_published_at__isnull=True, meeting__cancelled_at__isnull=True,
        is_eventuelt=False,
    ).select_related("body", "meeting__body").prefetch_related("meeting__body__later_names").annotate(
        mine=Count("comments", filter=Q(comments__author=user)),
    ).order_by("meeting__date", "number")
    known = person is not None and bool(person.memberships.all())
    items = []
    for case in drafts:
        if known and not _member_on(person, case.meeting):
            continue
        detail = case.meeting.title
        if case.mine:
            detail += " · " + _("du har kommentert")
        items.append(site.WorkItem(COMMENTING, _("Utkast til toppnotat"), f"{case.case_number} {case.title}",
                                   case.get_absolute_url(), case.meeting.date, detail=detail))
    return items


def _action_items(user, person: Person | None, secretariat: bool, today: date) -> list[site.WorkItem]:
    """Open items the person or their organisation owns, and for the secretariat every overdue one."""
    owned = Q(owner_person__user=user) if person else Q()
    if person and person.organisation_id:
        owned |= Q(owner_organisation_id=person.organisation_id)
    if secretariat:
        owned |= Q(due__lt=today)
    if not owned:
        return []
    items = selectors.action_items_for(user, "open").filter(owned, status__in=OPEN_ACTION_ITEM) \
        .select_related("owner_person", "owner_organisation").prefetch_related("case__body__later_names")
    found = []
    for item in items:
        owner = item.owner_person or item.owner_organisation or item.owner
        detail = _("Ansvarlig: %(owner)s") % {"owner": owner}
        if item.status == ActionItem.Status.IN_PROGRESS:
            detail += " · " + str(item.get_status_display())
        title = f"{item.case.body_short_name} {item.case.case_number}: {Truncator(item.text).chars(120)}"
        found.append(site.WorkItem(ACTION_ITEMS, _("Aksjonspunkt"), title, item.case.get_absolute_url(), item.due,
                                   overdue=item.is_overdue(today), detail=detail))
    return found


def _commission_url(commission: Commission) -> str:
    try:
        return commission.get_absolute_url()
    except NoReverseMatch:  # before the commissions register has its pages
        return commission.decided_in.get_absolute_url() if commission.decided_in_id else ""


def _commissions(person: Person | None, secretariat: bool, today: date) -> list[site.WorkItem]:
    """Open commissions to the person's organisation, and for the secretariat every overdue one."""
    owned = Q(receiver_id=person.organisation_id) if person and person.organisation_id else Q()
    if secretariat:
        owned |= Q(deadline__lt=today)
    if not owned:
        return []
    commissions = Commission.objects.filter(owned, status__in=OPEN_COMMISSION).select_related(
        "receiver", "giver_body", "decided_in__body")
    items = []
    for commission in commissions:
        detail = _("Til %(receiver)s fra %(giver)s") % {"receiver": commission.receiver,
                                                        "giver": commission.giver_display}
        if commission.deadline is None and commission.deadline_text:
            detail += " · " + _("frist: %(text)s") % {"text": commission.deadline_text}
        items.append(site.WorkItem(COMMISSIONS, _("Oppdrag"), str(commission), _commission_url(commission),
                                   commission.deadline, overdue=commission.is_overdue(today), detail=detail))
    return items


# --- the profile ------------------------------------------------------------------------------

def profile_panel(request) -> dict | None:
    """The user's person, organisation and periods in the bodies; for a member the register does not
    know as a person, how to be known (the secretariat links the account)."""
    person = person_of(request.user)
    if person is None:
        return {"person": None} if role_of(request.user) == Role.MEMBER else None
    today = timezone.localdate()
    periods = sorted(person.memberships.all(), key=lambda p: (not p.member_on(today), p.body.level,
                                                                p.known_from or date.min))
    for period in periods:
        period.now = period.member_on(today)
    return {"person": person, "periods": periods}
