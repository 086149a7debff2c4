"""Pages for attendance from the roster, a member's own absence and conflicts of interest.

Thin, like views.py: parse, call council/attendance.py, render. Which member may change what is
the services' rule (a member acts only for their own person; refused with 403 and the reason).
"""
import re

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from radsmodell.core.forms import StyledForm, submit
from radsmodell.core.frozen import Frozen
from radsmodell.core.roles import Role, access, is_secretariat, secretariat_page

from . import attendance, selectors, services
from . import views as council_views
from .models import Attendance, ConflictOfInterest, Person

MEMBER_KEY = re.compile(r"^m(\d+)-status$")
GUEST_KEY = re.compile(r"^g(\d+)-name$")


class AbsenceForm(StyledForm):
    # Lengths and the other rules are the service's (attendance.report_absence), shared with any caller.
    substitute = forms.CharField(
        label=_("Stedfortreder"), required=False,
        help_text=_("Den som møter for deg, hvis du vet det: velg fra listen eller skriv navnet."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["substitute"].widget.attrs["list"] = "absence-people"


class ConflictForm(StyledForm):
    """The reason; the secretariat also chooses who, among those attending."""
    person = forms.TypedChoiceField(label=_("Hvem"), coerce=int)
    reason = forms.CharField(label=_("Grunn"), widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Skriv grunnen til inhabiliteten.")},
                             help_text=_("For eksempel: ansatt i leverandøren saken gjelder."))

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is None:
            del self.fields["person"]
        else:
            self.fields["person"].choices = [("", _("– Velg person –"))] + [(p.pk, p.name) for p in candidates]


# --- the roster --------------------------------------------------------------------------------------

def _entries(post) -> tuple[list[attendance.MemberEntry], list[attendance.GuestEntry]]:
    """The roster form's rows as sent; the service checks every value."""
    members, guests = [], []
    for key in post:
        if match := MEMBER_KEY.match(key):
            pid = int(match.group(1))
            members.append(attendance.MemberEntry(
                pid, post.get(key, ""), post.get(attendance.member_field(pid, "remote"), Attendance.Remote.NONE),
                post.get(attendance.member_field(pid, "substitute"), "")))
        elif match := GUEST_KEY.match(key):
            index = int(match.group(1))
            raw_id = post.get(attendance.guest_field(index, "id"), "")
            guests.append(attendance.GuestEntry(
                index, post.get(key, ""), post.get(attendance.guest_field(index, "organisation"), ""),
                post.getlist(attendance.guest_field(index, "cases")),
                post.get(attendance.guest_field(index, "remote"), Attendance.Remote.NONE),
                int(raw_id) if raw_id.isdigit() else None,
                bool(post.get(attendance.guest_field(index, "remove")))))
    return members, guests


def _as_sent(roster: attendance.Roster, members, guests) -> None:
    """Show the form as it was sent, so nothing typed is lost when it is refused."""
    sent = {entry.person_id: entry for entry in members}
    for row in roster.rows:
        entry = sent.get(row.person.pk)
        if entry is not None:
            row.status, row.remote, row.substitute_name = entry.status, entry.remote, entry.substitute
    existing = {g.attendance.pk: g.attendance for g in roster.guests if g.attendance}
    roster.guests = [attendance.GuestRow(
        entry.index, existing.get(entry.attendance_id), entry.name, entry.organisation, entry.remote,
        {int(v) for v in entry.case_ids if str(v).isdigit()}, entry.remove) for entry in sorted(
        guests, key=lambda e: e.index)]


def _roster_page(request, meeting, roster, errors=None, status=200):
    errors = errors or {}
    for row in [*roster.rows, *roster.guests]:
        row.errors = {part: errors[name] for part, name in row.fields.items() if name in errors}
    problems = None
    try:
        attendance.ensure_attendance_open(meeting)
    except ValidationError as refusal:  # Frozen included: then the roster is shown, not offered
        problems = refusal.messages
        roster.guests = [guest for guest in roster.guests if guest.attendance]
    return render(request, "council/attendance.html", {
        "meeting": meeting, "nav": "meetings", "roster": roster, "errors": errors,
        "closed": problems, "statuses": [(attendance.NOT_REGISTERED, _("Ikke registrert")),
                                         (Attendance.Status.PRESENT, _("Til stede")),
                                         (Attendance.Status.ABSENT, _("Forfall"))],
        "remotes": Attendance.Remote.choices,
    }, status=status)


@secretariat_page
def meeting_roster(request, body, day):
    """The members on the meeting date, ticked present or absent (with a substitute), and the guests."""
    meeting = selectors.get_meeting(request.user, body, day)
    if request.method != "POST":
        return _roster_page(request, meeting, attendance.roster(meeting))
    members, guests = _entries(request.POST)
    try:
        attendance.record_roster(meeting, members, guests)
    except Frozen as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(meeting)
    except ValidationError as error:
        roster = attendance.roster(meeting, blank_guests=0)
        _as_sent(roster, members, guests)
        errors = {key: " ".join(texts) for key, texts in error.message_dict.items()}
        return _roster_page(request, meeting, roster, errors, status=400)
    messages.success(request, _("Oppmøtet er lagret."))
    return redirect(meeting.get_absolute_url() + "#oppmote")


# --- a member's own absence --------------------------------------------------------------------------

def _person(request, key: str) -> Person | None:
    """The person a form acts for: the one it names (a hidden field), else the user's own."""
    raw = request.POST.get(key, "").strip()
    if not raw:
        return attendance.person_of(request.user)
    if not raw.isdigit():
        raise Http404
    return get_object_or_404(Person, pk=int(raw))


@access(read=None, write=Role.MEMBER, scope="own attendance; the service refuses anyone else's")
def meeting_report_absence(request, body, day):
    meeting = selectors.get_meeting(request.user, body, day)
    person = _person(request, "absence-person")
    form = AbsenceForm(request.POST, prefix="absence")
    return submit(
        request, form, lambda data: attendance.report_absence(meeting, person, request.user, data["substitute"]),
        _("Forfallet er registrert."), meeting.get_absolute_url() + "#oppmote",
        lambda: render(request, "council/meeting.html", {
            **council_views._meeting_context(request, meeting), "absence_form": form}, status=400),
        closed=lambda: services.ensure_attendance_open(meeting))


@access(read=None, write=Role.MEMBER, scope="own attendance; the service refuses anyone else's")
def meeting_withdraw_absence(request, body, day):
    meeting = selectors.get_meeting(request.user, body, day)
    person = _person(request, "absence-person")
    try:
        attendance.withdraw_absence(meeting, person, request.user)
        messages.success(request, _("Forfallet er trukket."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(meeting.get_absolute_url() + "#oppmote")


# --- conflicts of interest ---------------------------------------------------------------------------

def conflict_form(user, case, data=None) -> ConflictForm:
    """The secretariat chooses among those attending; a member declares for themselves."""
    candidates = attendance.conflict_candidates(case) if is_secretariat(user) else None
    return ConflictForm(data, prefix="conflict", candidates=candidates)


@access(read=None, write=Role.MEMBER, scope="own conflicts; the secretariat records anyone's")
def case_declare_conflict(request, body, year, number):
    case = selectors.get_case(request.user, body, year, number)
    form = conflict_form(request.user, case, request.POST)

    def declare(data):
        person = (get_object_or_404(Person, pk=data["person"]) if "person" in data
                  else _person(request, "conflict-person"))
        attendance.declare_conflict(case, person, data["reason"], request.user)

    return submit(
        request, form, declare, _("Inhabiliteten er registrert."), case.get_absolute_url() + "#inhabilitet",
        lambda: render(request, "council/case.html", {
            **council_views._case_context(request, case), "conflict_form": form}, status=400),
        closed=lambda: attendance.ensure_conflicts_open(case))


@access(read=None, write=Role.MEMBER, scope="own conflicts; the secretariat withdraws anyone's")
def conflict_withdraw(request, body, year, number, conflict_id):
    case = selectors.get_case(request.user, body, year, number)
    conflict = get_object_or_404(ConflictOfInterest.objects.select_related("person", "case", "case__meeting"),
                                 pk=conflict_id, case=case)
    try:
        attendance.withdraw_conflict(conflict, request.user)
        messages.success(request, _("Inhabiliteten til %(name)s i sak %(number)s er trukket.") % {
            "name": conflict.person.name, "number": case.case_number})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(case.get_absolute_url() + "#inhabilitet")
