"""What the attendance partials of the meeting and case pages show (council/attendance.py), for pages
whose shared views do not pass it: {% meeting_attendance meeting as att %}, {% case_conflicts case as coi %}."""
from django import template
from django.contrib.auth.models import AnonymousUser

from radsmodell.core.roles import can_see_drafts, is_secretariat

from .. import attendance, selectors
from ..models import Attendance

register = template.Library()


def _messages(form) -> list[str]:
    return [str(text) for texts in form.errors.values() for text in texts]


def _user(context):
    request = context.get("request")
    return request.user if request else AnonymousUser()


@register.simple_tag(takes_context=True)
def meeting_attendance(context, meeting):
    """The member's own absence, the secretariat's way to the roster, and the conflicts per case."""
    from ..attendance_views import AbsenceForm

    user = _user(context)
    secretariat = is_secretariat(user)
    person = attendance.person_of(user) if can_see_drafts(user) else None
    membership = attendance.membership_on(person, meeting)
    own = (meeting.attendance.select_related("reported_by").filter(person=person).first()
           if membership is not None else None)
    open_ = meeting.is_published and not meeting.is_cancelled and not meeting.minutes_locked
    conflicts = attendance.conflicts_by_case(meeting) if selectors.minutes_visible(user, meeting) else {}
    form = context.get("absence_form")
    shown = membership is not None and open_ and not attendance.has_started(meeting) and (
        own is None or own.status == Attendance.Status.ABSENT)
    return {
        # A refused form the page does not offer (the meeting started, not a member): its reasons.
        "errors": _messages(form) if form is not None and not shown else [],
        "person": person,
        "membership": membership,
        "absence": own if own is not None and own.status == Attendance.Status.ABSENT else None,
        "attending_as": own if own is not None and own.status != Attendance.Status.ABSENT else None,
        "substitute": attendance.substitute_for(meeting, person) if own is not None else None,
        "absence_open": open_ and not attendance.has_started(meeting),
        "starts_at": attendance.starts_at(meeting),
        "absence_form": context.get("absence_form") or AbsenceForm(prefix="absence"),
        "known_people": attendance.known_people(meeting) if membership is not None and open_ else [],
        "unlinked": can_see_drafts(user) and not secretariat and person is None,
        "roster_open": secretariat and open_,
        "reported": attendance.reported_absences(meeting) if secretariat else [],
        "conflicts": [(found[0].case, [attendance.conflict_line(c) for c in found])
                      for found in sorted(conflicts.values(), key=lambda f: (f[0].case.year, f[0].case.number))],
    }


@register.simple_tag
def attendance_summary(meeting):
    """The meeting's attendance grouped as the minutes list it (for meetings recorded from the roster)."""
    return attendance.minutes_attendance(meeting)


@register.simple_tag(takes_context=True)
def case_conflicts(context, case):
    """Conflicts in a case, who may withdraw which, and the form to declare one."""
    from ..attendance_views import conflict_form

    user = _user(context)
    meeting = case.meeting
    if meeting is None or not selectors.minutes_visible(user, meeting):
        return {"visible": False}
    secretariat = is_secretariat(user)
    person = attendance.person_of(user) if can_see_drafts(user) else None
    open_ = not meeting.minutes_locked and not meeting.is_cancelled
    rows = list(case.conflicts.select_related("person", "declared_by"))
    can_declare = open_ and (secretariat or (person is not None and person in attendance.conflict_candidates(case)
                                             and not any(c.person_id == person.pk for c in rows)))
    form = context.get("conflict_form")
    return {
        "errors": _messages(form) if form is not None and not can_declare else [],
        "visible": bool(rows) or can_declare or form is not None,
        "conflicts": [{"conflict": c, "line": attendance.conflict_line(c),
                       "can_withdraw": open_ and (secretariat or (person is not None and c.person_id == person.pk))}
                      for c in rows],
        "person": person,
        "secretariat": secretariat,
        "form": (form or conflict_form(user, case)) if can_declare else None,
        "locked": meeting.minutes_locked,
    }
