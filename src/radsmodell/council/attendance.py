"""Attendance from the roster, absence members register themselves, and conflicts of interest.

The secretariat ticks the members valid on the meeting date (`Membership.member_on`): present,
absent (forfall) with or without a substitute, digitally or in the room, and the guests of each
case. A member registers their own absence until the meeting starts. A member declares a conflict
of interest (inhabilitet) in a case; the secretariat records one for anyone attending. All of it
belongs to the minutes and is locked when they are approved.

Writes run in one transaction and check everything before writing anything: a roster with one
bad row saves nothing, and the errors name the row and field (`member_field`, `guest_field`).
"""
from dataclasses import dataclass, field
from datetime import datetime, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from radsmodell.core.formatting import clock, long_date
from radsmodell.core.frozen import Frozen
from radsmodell.core.roles import is_secretariat
from radsmodell.core.validation import refusing_concurrent_writes, text_problem

from . import selectors, services
from .models import Attendance, Case, ConflictOfInterest, Meeting, Membership, Person

NAME_LENGTH = 200
REASON_LENGTH = ConflictOfInterest._meta.get_field("reason").max_length
# What the roster offers a member's row: not registered yet, present, or absent (forfall).
NOT_REGISTERED = ""
MEMBER_STATUSES = (NOT_REGISTERED, Attendance.Status.PRESENT, Attendance.Status.ABSENT)
# Rows that mean the person takes part in the meeting.
ATTENDING = (Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTE)


def member_field(person_id, part: str) -> str:
    """The roster's field for one member: "m12-status", "m12-substitute", "m12-remote"."""
    return f"m{person_id}-{part}"


def guest_field(index, part: str) -> str:
    """The roster's field for one guest row: "g0-name", "g0-organisation", "g0-cases", …"""
    return f"g{index}-{part}"


# A row taken by a concurrent write becomes a message, not a crash.
_write = refusing_concurrent_writes("roster", gettext_lazy("Oppmøtet ble endret samtidig av noen andre. Prøv igjen."))


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _find_person(name: str) -> Person | None:
    """The known person of that name, whatever the case of its letters."""
    name = " ".join(name.split())
    return Person.objects.filter(name=name).first() or Person.objects.filter(name__iexact=name).first()


def _start_minutes(meeting: Meeting) -> None:
    """Attendance recorded on the day or after begins the minutes (as services.record_attendance does)."""
    if meeting.has_taken_place and meeting.minutes_status == Meeting.Minutes.NONE:
        meeting.minutes_status = Meeting.Minutes.DRAFT
        meeting.save()


# --- when attendance may be recorded -------------------------------------------------------------

def recorded_from_roster(meeting: Meeting) -> bool:
    """A meeting planned in the register shows its attendance as the roster records it; one transcribed
    from a seed document keeps the wording of its source ("Ikke til stede", "stilte for")."""
    return not meeting.source


def starts_at(meeting: Meeting) -> datetime:
    """When the meeting starts (Oslo time); without a start time, at the start of the day."""
    return timezone.make_aware(datetime.combine(meeting.date, meeting.start_time or time.min))


def has_started(meeting: Meeting) -> bool:
    return timezone.now() >= starts_at(meeting)


def ensure_attendance_open(meeting: Meeting, key: str = "roster") -> None:
    """Published, not cancelled, minutes not approved (then Frozen, like the rest of the minutes)."""
    services.ensure_attendance_open(meeting)
    if not meeting.is_published:
        raise ValidationError({key: _("Innkallingen er ikke publisert; oppmøte registreres etter at "
                                      "innkallingen er publisert.")})
    if meeting.cancelled_at is not None:
        raise ValidationError({key: _("Møtet er avlyst; det registreres ikke oppmøte.")})


def _ensure_may_act_for(person: Person, by, refusal: str) -> None:
    """The secretariat acts for anyone; a member only for the person their account is linked to."""
    if is_secretariat(by) or (by is not None and person.user_id == by.pk):
        return
    raise PermissionDenied(refusal)


# --- the roster ------------------------------------------------------------------------------------

@dataclass
class RosterRow:
    """One member on the meeting date, what is recorded for them, and the values the form shows."""
    membership: Membership
    attendance: Attendance | None = None
    substitute: Attendance | None = None
    status: str = NOT_REGISTERED
    remote: str = Attendance.Remote.NONE
    substitute_name: str = ""

    @property
    def person(self) -> Person:
        return self.membership.person

    @property
    def organisation(self):
        return self.membership.organisation or self.membership.person.organisation

    @property
    def fields(self) -> dict[str, str]:
        """The form's field names of the row: {"status": "m12-status", …}."""
        return {part: member_field(self.person.pk, part) for part in ("status", "substitute", "remote")}

    @property
    def self_reported(self) -> bool:
        return bool(self.attendance and self.attendance.status == Attendance.Status.ABSENT
                    and self.attendance.reported_at)


@dataclass
class GuestRow:
    index: int
    attendance: Attendance | None = None
    name: str = ""
    organisation: str = ""
    remote: str = Attendance.Remote.NONE
    case_ids: set = field(default_factory=set)
    remove: bool = False

    @property
    def fields(self) -> dict[str, str]:
        return {part: guest_field(self.index, part)
                for part in ("id", "name", "organisation", "cases", "remote", "remove")}


@dataclass
class Roster:
    meeting: Meeting
    rows: list[RosterRow]
    guests: list[GuestRow]
    others: list[Attendance]  # recorded outside the roster (the free-text form, a seed)
    cases: list[Case]  # the agenda's cases, for the guests
    known_people: list[str]  # names offered for a substitute or a guest

    @property
    def held(self) -> bool:
        return self.meeting.has_taken_place


def roster_members(meeting: Meeting) -> list[Membership]:
    """Each person who is a member on the meeting date, once (their first period running then)."""
    seen, members = set(), []
    for membership in selectors.members_on(meeting.body, meeting.date):
        if membership.person_id not in seen:
            seen.add(membership.person_id)
            members.append(membership)
    return members


def _attendance_rows(meeting: Meeting) -> list[Attendance]:
    return list(meeting.attendance.select_related("person", "organisation", "substitute_for", "reported_by")
                .prefetch_related("cases"))


def roster(meeting: Meeting, blank_guests: int = 2) -> Roster:
    """The roster form's rows: members on the date with what is recorded, guests, and the rest."""
    rows = [RosterRow(membership) for membership in roster_members(meeting)]
    by_person = {row.person.pk: row for row in rows}
    guests, others = [], []
    for record in _attendance_rows(meeting):
        own = by_person.get(record.person_id)
        if own is not None and record.status in MEMBER_STATUSES:
            own.attendance = record
            own.status = record.status
            if record.status == Attendance.Status.PRESENT:
                own.remote = record.remote
        elif (record.status == Attendance.Status.SUBSTITUTE and record.substitute_for_id in by_person
              and by_person[record.substitute_for_id].substitute is None):
            standing_in = by_person[record.substitute_for_id]
            standing_in.substitute = record
            standing_in.substitute_name = record.person.name
            standing_in.remote = record.remote
        elif record.status == Attendance.Status.GUEST:
            guests.append(GuestRow(len(guests), record, record.person.name,
                                   record.organisation.name if record.organisation else "", record.remote,
                                   {c.pk for c in record.cases.all()}))
        else:
            others.append(record)
    for row in rows:  # a substitute named (by a seed, say) without the member's own absence recorded
        if row.substitute is not None and row.status == NOT_REGISTERED:
            row.status = Attendance.Status.ABSENT
    guests += [GuestRow(len(guests) + k) for k in range(blank_guests)]
    cases = list(Case.objects.filter(meeting=meeting).select_related("body")
                 .order_by("agenda_item__position", "number"))
    return Roster(meeting, rows, guests, others, cases, known_people(meeting))


def known_people(meeting: Meeting) -> list[str]:
    """The names offered for a substitute or a guest: the body's members and attendees, ever."""
    known = Person.objects.filter(Q(memberships__body=meeting.body) | Q(attendance__meeting__body=meeting.body))
    return list(known.distinct().order_by("name").values_list("name", flat=True))


@dataclass
class MemberEntry:
    """What the roster form sent for one member."""
    person_id: int
    status: str = NOT_REGISTERED
    remote: str = Attendance.Remote.NONE
    substitute: str = ""


@dataclass
class GuestEntry:
    """What the roster form sent for one guest row; `case_ids` as sent (text)."""
    index: int
    name: str = ""
    organisation: str = ""
    case_ids: list = field(default_factory=list)
    remote: str = Attendance.Remote.NONE
    attendance_id: int | None = None
    remove: bool = False

    @property
    def blank(self) -> bool:
        return not (self.name.strip() or self.organisation.strip() or self.case_ids or self.attendance_id)


def _text_error(label: str, value: str, length: int = NAME_LENGTH) -> str | None:
    problem = text_problem(label, value)
    if problem:
        return problem
    if len(value) > length:
        return _("«%(field)s» kan være høyst %(length)d tegn (nå %(count)d).") % {
            "field": label, "length": length, "count": len(value)}
    return None


class _People:
    """Who the roster names, so that nobody is in it twice: person (or new name) → where."""

    def __init__(self):
        self.places: dict = {}

    @staticmethod
    def key(name: str, person: Person | None):
        return ("id", person.pk) if person else ("name", _key(name))

    def take(self, name: str, person: Person | None, where: str) -> str | None:
        """Where the person already is in the roster, or None (and now they are `where`)."""
        key = self.key(name, person)
        if key in self.places:
            return self.places[key]
        self.places[key] = where
        return None


@_write
def record_roster(meeting: Meeting, members: list[MemberEntry], guests: list[GuestEntry]) -> None:
    """Save the roster: each member present, absent (with the substitute who came) or not registered
    yet, and the guests with the cases they attended. Before the meeting day only absence and
    substitutes. Members the form did not send are left as they are."""
    ensure_attendance_open(meeting)
    current = roster(meeting, blank_guests=0)
    held = current.held
    day = long_date(meeting.date)
    by_person = {row.person.pk: row for row in current.rows}
    member_names = {_key(row.person.name): row for row in current.rows}
    guest_rows = {g.attendance.pk: g.attendance for g in current.guests if g.attendance}
    case_ids = {case.pk: case for case in current.cases}
    errors: dict[str, str] = {}
    people = _People()
    # Recorded outside the roster: a substitute or guest who is one of these is there twice.
    for record in current.others:
        people.take(record.person.name, record.person, _("registrert med oppmøte «%(status)s»") % {
            "status": record.get_status_display().lower()})
    for row in current.rows:
        people.take(row.person.name, row.person, _("på medlemslisten"))
    # Substitutes and guests the form did not send stay as they are, and so count as taken.
    posted = {entry.person_id for entry in members}
    for row in current.rows:
        if row.substitute and row.person.pk not in posted:
            people.take(row.substitute.person.name, row.substitute.person,
                        _("stedfortreder for %(name)s") % {"name": row.person.name})
    posted_guests = {entry.attendance_id for entry in guests}
    for guest in current.guests:
        if guest.attendance.pk not in posted_guests:
            people.take(guest.name, guest.attendance.person, _("gjest"))

    plan = []  # (row, status, remote, substitute name, substitute person)
    for entry in members:
        row = by_person.get(entry.person_id)
        if row is None:
            errors[member_field(entry.person_id, "status")] = _(
                "En rad gjelder en person som ikke er medlem av %(body)s %(day)s. Last siden på nytt.") % {
                "body": meeting.body.display_short_name(meeting.date), "day": day}
            continue
        name = row.person.name
        status, remote, substitute = entry.status, entry.remote, " ".join(entry.substitute.split())
        if status not in MEMBER_STATUSES:
            errors[member_field(row.person.pk, "status")] = _("Ukjent oppmøte «%(value)s» for %(name)s.") % {
                "value": status, "name": name}
            continue
        if remote not in Attendance.Remote.values:
            errors[member_field(row.person.pk, "remote")] = _("Ukjent deltakelse «%(value)s» for %(name)s.") % {
                "value": remote, "name": name}
            continue
        problem = _text_error(_("Stedfortreder for %(name)s") % {"name": name}, entry.substitute)
        if problem:
            errors[member_field(row.person.pk, "substitute")] = problem
            continue
        if status == Attendance.Status.PRESENT and not held:
            errors[member_field(row.person.pk, "status")] = _(
                "%(name)s kan ikke krysses av som til stede før møtet er holdt (%(day)s). Før møtedagen "
                "registreres bare forfall og stedfortredere.") % {"name": name, "day": day}
            continue
        if substitute and status == Attendance.Status.PRESENT:
            errors[member_field(row.person.pk, "substitute")] = _(
                "%(name)s er til stede og kan ikke ha stedfortreder. Velg «Forfall», eller fjern "
                "stedfortrederen.") % {"name": name}
            continue
        if substitute and status == NOT_REGISTERED:
            errors[member_field(row.person.pk, "substitute")] = _(
                "Kryss av for forfall når %(name)s har stedfortreder.") % {"name": name}
            continue
        if remote != Attendance.Remote.NONE and (status == NOT_REGISTERED or (
                status == Attendance.Status.ABSENT and not substitute)):
            errors[member_field(row.person.pk, "remote")] = _(
                "Digital deltakelse gjelder den som møter; %(name)s er ikke registrert som til stede og har "
                "ingen stedfortreder.") % {"name": name}
            continue
        substitute_person = None
        if substitute:
            substitute_person = _find_person(substitute)
            if _key(substitute) == _key(name):
                errors[member_field(row.person.pk, "substitute")] = _(
                    "%(name)s kan ikke være sin egen stedfortreder.") % {"name": name}
                continue
            if _key(substitute) in member_names or (substitute_person and substitute_person.pk in by_person):
                errors[member_field(row.person.pk, "substitute")] = _(
                    "%(substitute)s er selv medlem på møtedagen og kan ikke være stedfortreder for %(name)s.") % {
                    "substitute": substitute, "name": name}
                continue
            already = people.take(substitute, substitute_person, _("stedfortreder for %(name)s") % {"name": name})
            if already:
                errors[member_field(row.person.pk, "substitute")] = _(
                    "%(substitute)s er allerede %(where)s; samme person kan bare stå én gang i oppmøtet.") % {
                    "substitute": substitute, "where": already}
                continue
        plan.append((row, status, remote, substitute, substitute_person))

    guest_plan = []  # (entry, person, cases)
    for entry in guests:
        if entry.attendance_id is not None and entry.attendance_id not in guest_rows:
            errors[guest_field(entry.index, "name")] = _("Gjesteraden finnes ikke lenger. Last siden på nytt.")
            continue
        if entry.remove or entry.blank:
            continue
        name, organisation = " ".join(entry.name.split()), " ".join(entry.organisation.split())
        if not name:
            errors[guest_field(entry.index, "name")] = _(
                "Skriv navnet på gjesten (eller kryss av for å fjerne raden).") if entry.attendance_id else _(
                "Skriv navnet på gjesten.")
            continue
        problem = _text_error(_("Gjest"), entry.name)
        if problem:
            errors[guest_field(entry.index, "name")] = problem
            continue
        problem = _text_error(_("Organisasjon for %(name)s") % {"name": name}, entry.organisation)
        if problem:
            errors[guest_field(entry.index, "organisation")] = problem
            continue
        if not held:
            errors[guest_field(entry.index, "name")] = _(
                "Gjester registreres når møtet er holdt (%(day)s).") % {"day": day}
            continue
        if entry.remote not in Attendance.Remote.values:
            errors[guest_field(entry.index, "remote")] = _("Ukjent deltakelse «%(value)s» for %(name)s.") % {
                "value": entry.remote, "name": name}
            continue
        chosen, wrong = [], None
        for value in entry.case_ids:
            try:
                case = case_ids.get(int(value))
            except (TypeError, ValueError):
                case = None
            if case is None:
                wrong = value
                break
            chosen.append(case)
        if wrong is not None:
            other = Case.objects.select_related("body").filter(pk=wrong).first() if str(wrong).isdigit() else None
            errors[guest_field(entry.index, "cases")] = (_(
                "Sak %(number)s er ikke på dagsordenen til %(meeting)s; %(name)s kan bare registreres under "
                "sakene i dette møtet.") % {"number": other.case_number, "meeting": meeting.title, "name": name}
                if other else _("«%(value)s» er ikke en sak på dagsordenen til %(meeting)s.") % {
                    "value": wrong, "meeting": meeting.title})
            continue
        if not chosen:
            errors[guest_field(entry.index, "cases")] = _(
                "Kryss av for sakene %(name)s var til stede under.") % {"name": name}
            continue
        person = _find_person(name)
        if _key(name) in member_names or (person and person.pk in by_person):
            errors[guest_field(entry.index, "name")] = _(
                "%(name)s er medlem på møtedagen; registrer oppmøtet i medlemsraden, ikke som gjest.") % {
                "name": name}
            continue
        already = people.take(name, person, _("gjest"))
        if already:
            errors[guest_field(entry.index, "name")] = _(
                "%(name)s er allerede %(where)s; samme person kan bare stå én gang i oppmøtet.") % {
                "name": name, "where": already}
            continue
        guest_plan.append((entry, organisation, chosen))

    if errors:
        raise ValidationError(errors)

    # Substitutes who no longer stand in go first, so a person can move from one member to another.
    for row, _status, _remote, substitute, _person in plan:
        if row.substitute and _key(row.substitute.person.name) != _key(substitute):
            row.substitute.delete()
            row.substitute = None
    for entry in guests:
        if entry.remove and entry.attendance_id:
            guest_rows[entry.attendance_id].delete()
    for row, status, remote, substitute, substitute_person in plan:
        _save_member(meeting, row, status, remote)
        if substitute:
            _save_substitute(meeting, row, substitute, substitute_person, remote)
    for entry, organisation, cases in guest_plan:
        _save_guest(meeting, entry, guest_rows.get(entry.attendance_id), organisation, cases)
    _start_minutes(meeting)


def _keep_times(record: Attendance, remote: str) -> None:
    if record.remote != remote:
        record.remote_from = record.remote_until = None
    record.remote = remote


def _save_member(meeting: Meeting, row: RosterRow, status: str, remote: str) -> None:
    record = row.attendance
    if status == NOT_REGISTERED:
        if record is not None:
            record.delete()
        return
    if record is None:
        record = Attendance(meeting=meeting, person=row.person)
    elif record.status == status and record.remote == (remote if status == Attendance.Status.PRESENT
                                                       else Attendance.Remote.NONE):
        return  # unchanged: no history row
    if record.status != status:
        record.reported_by, record.reported_at = None, None  # the member's own report no longer holds
    record.status = status
    record.organisation = row.organisation
    _keep_times(record, remote if status == Attendance.Status.PRESENT else Attendance.Remote.NONE)
    record.full_clean(exclude=["cases"], validate_unique=False, validate_constraints=False)
    record.save()


def _save_substitute(meeting: Meeting, row: RosterRow, name: str, person: Person | None, remote: str) -> None:
    if person is None:  # a new name: a person who represents the member's organisation
        person = services.person(name, row.organisation.name if row.organisation else None)
    record = row.substitute or Attendance(meeting=meeting, person=person)
    if (record.pk and record.status == Attendance.Status.SUBSTITUTE and record.remote == remote
            and record.substitute_for_id == row.person.pk):
        return
    record.status = Attendance.Status.SUBSTITUTE
    record.substitute_for = row.person
    record.organisation = record.organisation or person.organisation or row.organisation
    _keep_times(record, remote)
    record.full_clean(exclude=["cases"], validate_unique=False, validate_constraints=False)
    record.save()


def _save_guest(meeting: Meeting, entry: GuestEntry, record: Attendance | None, organisation: str,
                cases: list[Case]) -> None:
    person = _find_person(entry.name) or services.person(entry.name, organisation or None)
    org = services.organisation(organisation) or person.organisation
    if record is None:
        record = Attendance(meeting=meeting, person=person)
    if not (record.pk and record.person_id == person.pk and record.organisation_id == (org.pk if org else None)
            and record.remote == entry.remote):
        record.person, record.status, record.organisation = person, Attendance.Status.GUEST, org
        _keep_times(record, entry.remote)
        record.full_clean(exclude=["cases"], validate_unique=False, validate_constraints=False)
        record.save()
    if {c.pk for c in record.cases.all()} != {c.pk for c in cases}:
        record.cases.set(cases)


# --- absence registered by the member ------------------------------------------------------------

def person_of(user) -> Person | None:
    """The register's person a user account is linked to (Person.user), or None."""
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.council_person
    except Person.DoesNotExist:
        return None


def membership_on(person: Person | None, meeting: Meeting) -> Membership | None:
    if person is None:
        return None
    return next((m for m in roster_members(meeting) if m.person_id == person.pk), None)


def _absence_closed(meeting: Meeting) -> str:
    return _("%(meeting)s startet %(day)s kl. %(time)s; forfall meldes ikke lenger her. Kontakt sekretariatet.") % {
        "meeting": meeting.title, "day": long_date(meeting.date), "time": clock(starts_at(meeting).time())}


@_write
def report_absence(meeting: Meeting, person: Person | None, by, substitute: str = "") -> Attendance:
    """A member's own absence (forfall) before the meeting starts, and optionally who comes instead."""
    if person is None:
        raise ValidationError({"substitute": _(
            "Brukerkontoen din er ikke koblet til en person i medlemsregisteret. Be sekretariatet om å koble "
            "den, eller meld forfall til sekretariatet.")})
    _ensure_may_act_for(person, by, _("Du kan bare melde forfall for deg selv."))
    ensure_attendance_open(meeting, "substitute")
    if has_started(meeting):
        raise ValidationError({"substitute": _absence_closed(meeting)})
    members = roster_members(meeting)
    membership = next((m for m in members if m.person_id == person.pk), None)
    if membership is None:
        raise ValidationError({"substitute": _("%(name)s er ikke medlem av %(body)s %(day)s.") % {
            "name": person.name, "body": meeting.body.display_short_name(meeting.date),
            "day": long_date(meeting.date)}})
    substitute = " ".join(substitute.split())
    problem = _text_error(_("Stedfortreder"), substitute)
    if problem:
        raise ValidationError({"substitute": problem})
    existing = {a.person_id: a for a in meeting.attendance.select_related("person")}
    record = existing.get(person.pk)
    if record is not None and record.status != Attendance.Status.ABSENT:
        raise ValidationError({"substitute": _(
            "%(name)s er allerede registrert med oppmøte «%(status)s». Kontakt sekretariatet for å endre det.") % {
            "name": person.name, "status": record.get_status_display().lower()}})
    substitute_person = _find_person(substitute) if substitute else None
    if substitute:
        if _key(substitute) == _key(person.name):
            raise ValidationError({"substitute": _("Du kan ikke være din egen stedfortreder.")})
        if any(_key(m.person.name) == _key(substitute) for m in members):
            raise ValidationError({"substitute": _(
                "%(substitute)s er selv medlem på møtedagen og kan ikke være stedfortreder.") % {
                "substitute": substitute}})
        taken = existing.get(substitute_person.pk) if substitute_person else None
        if taken is not None and not (taken.status == Attendance.Status.SUBSTITUTE
                                      and taken.substitute_for_id == person.pk):
            raise ValidationError({"substitute": _(
                "%(substitute)s er allerede registrert i møtet (%(status)s).") % {
                "substitute": substitute, "status": taken.get_status_display().lower()}})
    record = record or Attendance(meeting=meeting, person=person)
    record.status = Attendance.Status.ABSENT
    record.organisation = membership.organisation or person.organisation
    record.remote = Attendance.Remote.NONE
    record.reported_by, record.reported_at = by, timezone.now()
    record.full_clean(exclude=["cases"], validate_unique=False, validate_constraints=False)
    record.save()
    standing_in = meeting.attendance.filter(status=Attendance.Status.SUBSTITUTE, substitute_for=person)
    if substitute_person is not None:
        standing_in = standing_in.exclude(person=substitute_person)
    standing_in.delete()
    standing_in = meeting.attendance.filter(status=Attendance.Status.SUBSTITUTE, substitute_for=person)
    if substitute:
        row = RosterRow(membership, record, standing_in.first())
        _save_substitute(meeting, row, substitute, substitute_person, Attendance.Remote.NONE)
    return record


@_write
def withdraw_absence(meeting: Meeting, person: Person | None, by) -> None:
    """Take back an absence before the meeting starts; the substitute named for it goes too."""
    if person is None:
        raise ValidationError({"absence": _("Brukerkontoen din er ikke koblet til en person i medlemsregisteret.")})
    _ensure_may_act_for(person, by, _("Du kan bare trekke ditt eget forfall."))
    ensure_attendance_open(meeting, "absence")
    if has_started(meeting):
        raise ValidationError({"absence": _absence_closed(meeting)})
    record = meeting.attendance.filter(person=person, status=Attendance.Status.ABSENT).first()
    if record is None:
        raise ValidationError({"absence": _("%(name)s har ikke meldt forfall til %(meeting)s.") % {
            "name": person.name, "meeting": meeting.title}})
    meeting.attendance.filter(status=Attendance.Status.SUBSTITUTE, substitute_for=person).delete()
    record.delete()


def reported_absences(meeting: Meeting) -> list[Attendance]:
    """Absences members registered themselves, newest first: what the secretariat checks before the day."""
    return list(meeting.attendance.filter(status=Attendance.Status.ABSENT, reported_at__isnull=False)
                .select_related("person", "organisation", "reported_by").order_by("-reported_at"))


def substitute_for(meeting: Meeting, person: Person) -> Attendance | None:
    return meeting.attendance.filter(status=Attendance.Status.SUBSTITUTE, substitute_for=person).select_related(
        "person").first()


# --- conflicts of interest -----------------------------------------------------------------------

def ensure_conflicts_open(case: Case) -> None:
    if case.meeting and case.meeting.minutes_locked:
        raise Frozen(_("Referatet fra %(meeting)s er godkjent og låst, så inhabiliteten i sak %(number)s ligger "
                       "fast.") % {"meeting": case.meeting.title, "number": case.case_number})


def conflict_candidates(case: Case) -> list[Person]:
    """Who can be recorded as having a conflict in the case: those attending (members on the date who
    have not sent apologies, substitutes, anyone recorded present), by name."""
    meeting = case.meeting
    if meeting is None:
        return []
    records = {a.person_id: a for a in meeting.attendance.select_related("person")}
    people = {m.person_id: m.person for m in roster_members(meeting)
              if records.get(m.person_id) is None or records[m.person_id].status != Attendance.Status.ABSENT}
    people.update({a.person_id: a.person for a in records.values() if a.status in ATTENDING})
    return sorted(people.values(), key=lambda p: p.name)


@_write
def declare_conflict(case: Case, person: Person | None, reason: str, by) -> ConflictOfInterest:
    """A conflict of interest in a case: the person took no part in it (fratrådte under behandlingen)."""
    if person is None:
        raise ValidationError({"reason": _(
            "Brukerkontoen din er ikke koblet til en person i medlemsregisteret. Be sekretariatet om å registrere "
            "inhabiliteten.")})
    _ensure_may_act_for(person, by, _("Du kan bare erklære deg selv inhabil."))
    ensure_conflicts_open(case)
    meeting = case.meeting
    if meeting is None:
        raise ValidationError({"reason": _("Sak %(number)s er ikke på dagsordenen til noe møte.") % {
            "number": case.case_number}})
    if meeting.cancelled_at is not None:
        raise ValidationError({"reason": _("Møtet er avlyst.")})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv grunnen til inhabiliteten.")})
    problem = _text_error(_("Grunn"), reason, REASON_LENGTH)
    if problem:
        raise ValidationError({"reason": problem})
    if person not in conflict_candidates(case):
        absent = meeting.attendance.filter(person=person, status=Attendance.Status.ABSENT).exists()
        raise ValidationError({"person": _("%(name)s har meldt forfall til %(meeting)s og deltar ikke i "
                                           "behandlingen.") % {"name": person.name, "meeting": meeting.title}
                               if absent else
                               _("%(name)s er ikke medlem av %(body)s %(day)s og møter ikke som stedfortreder.") % {
                                   "name": person.name, "body": meeting.body.display_short_name(meeting.date),
                                   "day": long_date(meeting.date)}})
    if ConflictOfInterest.objects.filter(case=case, person=person).exists():
        raise ValidationError({"person": _("%(name)s er allerede registrert som inhabil i sak %(number)s.") % {
            "name": person.name, "number": case.case_number}})
    conflict = ConflictOfInterest(case=case, person=person, reason=reason, declared_by=by if by and
                                  by.is_authenticated else None)
    conflict.full_clean(validate_unique=False, validate_constraints=False)
    conflict.save()
    return conflict


@_write
def withdraw_conflict(conflict: ConflictOfInterest, by) -> None:
    """Take back a conflict recorded by mistake, while the minutes are not approved."""
    _ensure_may_act_for(conflict.person, by, _("Du kan bare trekke din egen inhabilitet."))
    ensure_conflicts_open(conflict.case)
    conflict.delete()


def conflicts_by_case(meeting: Meeting) -> dict[int, list[ConflictOfInterest]]:
    found: dict[int, list[ConflictOfInterest]] = {}
    for conflict in ConflictOfInterest.objects.filter(case__meeting=meeting).select_related("person", "case"):
        found.setdefault(conflict.case_id, []).append(conflict)
    return found


# --- what the minutes and the meeting page say (Norwegian: the minutes are Norwegian records) ------------

def conflict_line(conflict: ConflictOfInterest) -> str:
    return f"Inhabil: {conflict.person.name} ({conflict.reason.strip().rstrip('.')}) – fratrådte under behandlingen"


def _remote(record: Attendance) -> str:
    if record.remote == Attendance.Remote.FULL:
        return "digitalt"
    if record.remote != Attendance.Remote.PARTIAL:
        return ""
    span = [f"fra kl. {clock(record.remote_from).replace(':', '.')}" if record.remote_from else "",
            f"til kl. {clock(record.remote_until).replace(':', '.')}" if record.remote_until else ""]
    return " ".join(["delvis digitalt", *filter(None, span)])


def _who(record: Attendance) -> str:
    organisation = record.organisation or record.person.organisation
    return f"{record.person.name} ({organisation.name})" if organisation else record.person.name


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} og {items[-1]}"


def guest_line(record: Attendance) -> str:
    numbers = [c.case_number for c in sorted(record.cases.all(), key=lambda c: (c.year, c.number))]
    text = _who(record) + (f" – {'sakene' if len(numbers) > 1 else 'sak'} {_and(numbers)}" if numbers else "")
    remote = _remote(record)
    return f"{text}, {remote}" if remote else text


def minutes_attendance(meeting: Meeting) -> dict:
    """The minutes' attendance as the roster records it: present (with organisation), absent (forfall),
    substitutes ("NN for MM"), guests with their cases; digital participation on each line."""
    present, absent, substitutes, guests = [], [], [], []
    records = sorted(_attendance_rows(meeting), key=lambda a: (
        (a.organisation or a.person.organisation).name if (a.organisation or a.person.organisation) else "",
        a.person.name))
    for record in records:
        remote = _remote(record)
        if record.status == Attendance.Status.PRESENT:
            present.append(f"{_who(record)} – {remote}" if remote else _who(record))
        elif record.status == Attendance.Status.ABSENT:
            absent.append(_who(record))
        elif record.status == Attendance.Status.SUBSTITUTE:
            text = f"{_who(record)} for {record.substitute_for.name}" if record.substitute_for else _who(record)
            substitutes.append(f"{text} – {remote}" if remote else text)
        else:
            guests.append(guest_line(record))
    return {"roster": True, "present": present, "absent": absent, "substitutes": substitutes, "guests": guests}


def guest_lines(meeting: Meeting) -> list[str]:
    return [guest_line(record) for record in meeting.attendance.filter(status=Attendance.Status.GUEST)
            .select_related("person", "organisation", "person__organisation").prefetch_related("cases")]
