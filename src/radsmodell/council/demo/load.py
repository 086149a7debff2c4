"""Load the council register's demo data (the YAML files beside this module, see README.md).

Every file is read against its schema (schema.py) before anything is written. This module then
creates the rows and checks what a schema cannot: that a body slug or case key names a body or
case of the demo, and that no case number is used twice. Any failure names the file and the path
of the field, and the transaction leaves the database as it was.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from radsmodell.core.demo import DemoDataError, Place, read, save
from radsmodell.core.roles import MEMBER, SECRETARIAT

from .. import action_items, services
from ..models import (
    ActionItem,
    AgendaItem,
    Attachment,
    Attendance,
    Body,
    BodyName,
    Case,
    Commission,
    Input,
    Mandate,
    Meeting,
    Membership,
    Organisation,
    OtherForumTreatment,
    Person,
    SecretariatAttendee,
)
from ..numbering import format_case_number
from . import commissions, schema

__all__ = ["DEMO_DIR", "DEMO_USERS", "DemoDataError", "demo_loaded", "load_demo"]  # DemoDataError: what it raises

DEMO_DIR = Path(__file__).resolve().parent
DEMO_USERS = [
    # (username, password, group, full name)
    ("sekretariat", "sekretariat-demo", SECRETARIAT, "Sekretariatet (demo)"),
    ("medlem", "medlem-demo", MEMBER, "Rådsmedlem (demo)"),
]
# Each demo user gets an example address on a reserved domain (RFC 2606), so notices and reminders
# have a recipient. Demo assumption (Person has no field for it): the seeds tie no account to a
# person; "medlem" is taken to be Harald Sundt-Ohlsen (Oslo kommune), welcomed to NUIT on 20 November
# 2025 and a member since, so the member's own page shows NUIT's meetings and papers.
DEMO_EMAIL_DOMAIN = "example.org"
DEMO_MEMBER_PERSON = ("medlem", "Harald Sundt-Ohlsen")


def demo_loaded() -> bool:
    return Body.objects.exists()


@transaction.atomic
def load_demo(directory: Path = DEMO_DIR) -> dict[str, int]:
    """Load bodies, meetings and referenced cases; returns counts of what was created."""
    bodies_file = read(directory / "bodies.yaml", schema.BodiesFile)
    referenced = [(path, read(path, schema.ReferencedFile))
                  for path in sorted((directory / "referenced").glob("*.yaml"))]
    meetings = sorted(((path, read(path, schema.MeetingFile))
                       for path in sorted((directory / "meetings").glob("*.yaml"))),
                      key=lambda pair: pair[1].date)
    commissions_file = commissions.read_file(directory)

    register = _Register(_load_bodies(Place("bodies.yaml"), bodies_file))
    for path, data in referenced:
        _load_referenced(Place(path.name), data, register)
    for path, data in meetings:
        _load_meeting(Place(path.name), data, register)
    for link in register.links:  # links to cases of later meetings, once every case exists
        link()
    commissions.load_commissions(commissions_file, register.bodies, register.find_case)
    _create_demo_users()
    return {
        "bodies": Body.objects.count(),
        "meetings": Meeting.objects.count(),
        "cases": Case.objects.count(),
        "action items": ActionItem.objects.count(),
        "commissions": Commission.objects.count(),
    }


@dataclass
class _Register:
    """What the files loaded so far have made, for the references of the files that follow."""
    bodies: dict[str, Body]
    case_numbers: set[tuple[int, int, int]] = field(default_factory=set)  # (body id, year, number)
    links: list = field(default_factory=list)

    def case_key(self, place: Place, key: str) -> tuple[Body, int, int]:
        slug, year, number = key.split("/")  # the schema checked the form body/year/number
        if slug not in self.bodies:
            place.fail(f"«{key}» names no body of the demo data")
        return self.bodies[slug], int(year), int(number)

    def find_case(self, place: Place, key: str) -> Case:
        body, year, number = self.case_key(place, key)
        case = Case.objects.filter(body=body, year=year, number=number).first()
        if case is None:
            place.fail(f"no case {key} in the demo data")
        return case

    def new_case(self, place: Place, key_place: Place, body: Body, year: int, number: int, **fields) -> Case:
        """The case the entry at `place` describes; `key_place` is where its number is given."""
        if (body.pk, year, number) in self.case_numbers:
            key_place.fail(f"case {format_case_number(number, year)} of {body.slug} is already in the demo data")
        self.case_numbers.add((body.pk, year, number))
        return save(place, Case(body=body, year=year, number=number, **fields))


def _create_demo_users() -> None:
    User = get_user_model()
    for username, password, group, full_name in DEMO_USERS:
        user, created = User.objects.get_or_create(username=username, defaults={
            "first_name": full_name, "email": f"{username}@{DEMO_EMAIL_DOMAIN}"})
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    username, name = DEMO_MEMBER_PERSON
    person = Person.objects.filter(name=name, user__isnull=True).first()
    if person is not None and not Person.objects.filter(user__username=username).exists():
        person.user = User.objects.get(username=username)
        person.save()


def _load_bodies(place: Place, data: schema.BodiesFile) -> dict[str, Body]:
    bodies = {}
    for index, entry in enumerate(data.bodies):
        if entry.slug in bodies:
            place.at("bodies").at(index).at("slug").fail(f"«{entry.slug}» is listed twice")
        here = place.at("bodies").at(index)
        body = save(here, Body(slug=entry.slug, name=entry.name, short_name=entry.short_name or entry.name,
                               level=entry.level, assumption=entry.assumption))
        for n, later in enumerate(entry.names):
            save(here.at("names").at(n), BodyName(body=body, name=later.name,
                                                  short_name=later.short_name or later.name,
                                                  valid_from=later.valid_from))
        for n, mandate in enumerate(entry.mandates):
            save(here.at("mandates").at(n), Mandate(
                body=body, version=mandate.version, status=mandate.status, adopted_by=mandate.adopted_by,
                valid_from=mandate.valid_from, purpose=mandate.purpose, tasks=mandate.tasks, source=mandate.source,
            ))
        for n, period in enumerate(entry.memberships):
            save(here.at("memberships").at(n), Membership(
                body=body, person=services.person(period.name, period.organisation),
                organisation=services.organisation(period.organisation), role=period.role, start=period.start,
                end=period.end, ended=period.end is not None, first_seen=period.first_seen,
                last_seen=period.last_seen, note=period.note, assumption=period.assumption,
            ))
        bodies[body.slug] = body
    for index, entry in enumerate(data.bodies):
        if entry.succeeded_by:
            if entry.succeeded_by not in bodies:
                place.at("bodies").at(index).at("succeeded_by").fail(f"unknown body «{entry.succeeded_by}»")
            body = bodies[entry.slug]
            body.succeeded_by = bodies[entry.succeeded_by]
            body.save()
    return bodies


def _load_referenced(place: Place, data: schema.ReferencedFile, register: _Register) -> None:
    for index, entry in enumerate(data.cases):
        here = place.at("cases").at(index)
        body, year, number = register.case_key(here.at("key"), entry.key)
        register.new_case(here, here.at("key"), body, year, number, title=entry.title, decision=entry.decision,
                          decision_assumption=entry.decision_assumption, source=entry.source)


def _load_meeting(place: Place, data: schema.MeetingFile, register: _Register) -> None:
    """One meeting; links to cases of other meetings go on `register.links`."""
    if data.body not in register.bodies:
        place.at("body").fail(f"unknown body «{data.body}»")
    body = register.bodies[data.body]
    meeting = save(place, Meeting(
        body=body, date=data.date, number=data.number, start_time=data.start, end_time=data.end,
        location=data.location, minutes_status=data.minutes, minutes_assumption=data.minutes_assumption,
        source=data.source, location_source=data.location_source,
        notice_published_at=_midnight(data.date) if data.notice_published else None,
        members_called=[{"name": m.name, "organisation": m.organisation} for m in data.members],
    ))
    _load_members(data, meeting)
    for index, row in enumerate(data.attendance):
        attendee = services.person(row.name, row.organisation)
        absent_member = services.person(row.substitute_for) if row.substitute_for else None
        save(place.at("attendance").at(index), Attendance(
            meeting=meeting, person=attendee,
            organisation=services.organisation(row.organisation) or attendee.organisation,
            status=row.status, remote=row.remote, remote_from=row.remote_from, remote_until=row.remote_until,
            note=row.note, substitute_for=absent_member,
        ))
        if absent_member:  # a substitute stands in for a member: the member's period runs on that day
            _seen(meeting, absent_member)
    for name in data.secretariat:
        SecretariatAttendee.objects.create(meeting=meeting, person=services.person(name))

    for position, entry in enumerate(data.agenda, start=1):
        here = place.at("agenda").at(position - 1)
        if entry.kind == AgendaItem.Kind.CASE:
            _load_case(here, entry, meeting, position, register)
        else:
            save(here, AgendaItem(
                meeting=meeting, position=position, kind=entry.kind, start_time=entry.time, title=entry.title,
                summary=entry.summary, presenters=_presenters(entry),
            ))

    if data.minutes_approved_by_case:
        here = place.at("minutes_approved_by_case")

        def approve():
            case = register.find_case(here, data.minutes_approved_by_case)
            meeting.minutes_approved_by = case
            meeting.minutes_approved_at = _midnight(case.meeting.date) if case.meeting else None
            meeting.save()
        register.links.append(approve)


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(0, 0)))


def _presenters(entry: schema.AgendaEntry) -> list[dict]:
    return [{"name": p.name, "organisation": p.organisation} for p in entry.presenters]


def _load_members(data: schema.MeetingFile, meeting: Meeting) -> None:
    """Membership periods as the seeds show them: who is listed when, and who replaced whom.

    A member list that leaves out someone listed before ends that period (at an unknown date
    between the two meetings). A member welcomed at a meeting starts a new period there, so a
    person who comes back gets a second one; the one replaced ends on that day.
    """
    listed = {member.name for member in data.members} | {change.name for change in data.membership_changes}
    if data.members:
        gone = _open_periods(meeting.body).filter(last_seen__lt=meeting.date).exclude(person__name__in=listed)
        for period in gone:
            period.ended = True
            period.save()
    for member in data.members:
        _listed(meeting, member.name, member.organisation, member.role)
    for change in data.membership_changes:
        period = _listed(meeting, change.name, change.organisation, change.role, welcomed=True)
        period.note = change.note
        if change.replaces:
            replaced = services.person(change.replaces)
            period.replaces = replaced
            old = _open_periods(meeting.body).filter(person=replaced).order_by("-first_seen", "-id").first()
            if old is None:  # known only as the one replaced
                old = Membership(body=meeting.body, person=replaced, organisation=period.organisation)
            old.end = meeting.date
            old.ended = True
            old.save()
        period.save()


def _open_periods(body: Body):
    return Membership.objects.filter(body=body, end__isnull=True, ended=False)


def _listed(meeting: Meeting, name: str, organisation_name: str, role: str, welcomed: bool = False) -> Membership:
    """The person's running period in the role, seen at this meeting; a new period when there is
    none, or when the person is welcomed as a new member after an earlier period."""
    member = services.person(name, organisation_name)
    period = _open_periods(meeting.body).filter(person=member, role=role).order_by("-first_seen", "-id").first()
    if period is not None and welcomed and (period.known_from or meeting.date) < meeting.date:
        period.ended = True  # welcomed again: the earlier period ended on a day the sources do not give
        period.save()
        period = None
    if period is None:
        period = Membership(body=meeting.body, person=member, role=role)
    if welcomed:
        period.start = meeting.date
    if organisation_name:
        period.organisation = services.organisation(organisation_name)
    period.first_seen = min(filter(None, [period.first_seen, meeting.date]))
    period.last_seen = max(filter(None, [period.last_seen, meeting.date]))
    period.save()
    return period


def _seen(meeting: Meeting, member) -> None:
    """The member's running period is known to run on the meeting's day."""
    period = _open_periods(meeting.body).filter(person=member).order_by("-first_seen", "-id").first()
    if period is not None and period.known_from and period.known_from <= meeting.date:
        period.last_seen = max(filter(None, [period.last_seen, meeting.date]))
        period.save()


def _load_case(place: Place, entry: schema.AgendaEntry, meeting: Meeting, position: int,
               register: _Register) -> None:
    case = register.new_case(
        place, place.at("number"), meeting.body, meeting.date.year, entry.number, meeting=meeting, title=entry.title,
        type=entry.type or "", type_in_meeting=entry.type_in_meeting or "",
        type_change_reason=entry.type_change_reason, presenters=_presenters(entry), owner=entry.owner,
        officers=entry.officers, memo_to=entry.memo_to, memo_date=entry.memo_date, summary=entry.summary,
        proposed_decision=entry.proposed_decision, proposal_assumption=entry.proposal_assumption,
        purpose=entry.memo.purpose, background=entry.memo.background,
        questions=entry.memo.questions, next_steps=entry.memo.next_steps, minutes_text=entry.minutes_text,
        decision=entry.decision, decision_assumption=entry.decision_assumption,
        is_eventuelt=entry.title.casefold() == "eventuelt", source=entry.source or _case_source(meeting, entry),
    )
    save(place, AgendaItem(meeting=meeting, position=position, kind=AgendaItem.Kind.CASE, case=case,
                           start_time=entry.time))
    for index, attachment in enumerate(entry.attachments):
        save(place.at("attachments").at(index), Attachment(case=case, label=attachment.label, title=attachment.title))
    for index, row in enumerate(entry.other_fora):
        save(place.at("other_fora").at(index), OtherForumTreatment(case=case, date_text=row.date, title=row.title,
                                                                   decision=row.decision))
    for index, item in enumerate(entry.input):
        save(place.at("input").at(index), Input(case=case, position=index + 1, text=item.text, actor=item.actor))

    for index, item in enumerate(entry.action_items):
        action = save(place.at("action_items").at(index),
                      ActionItem(case=case, text=item.text, owner=item.owner, created=meeting.date,
                                 assumption=item.assumption))
        action_items.record_opened(action)  # opened in its case, as migration 0007 gives older items
        register.links.append(lambda action=action: _owner_in_register(action))
        if item.closed_by:
            here = place.at("action_items").at(index).at("closed_by")

            def close(action=action, key=item.closed_by, here=here, assumption=item.closed_assumption):
                action.closed_assumption = assumption  # saved with the closing
                services.close_action_item(action, register.find_case(here, key))
            register.links.append(close)
    if entry.previous_cases:
        here = place.at("previous_cases")

        def link():
            case.previous_cases.set([register.find_case(here.at(n), key) for n, key in enumerate(entry.previous_cases)])
        register.links.append(link)



def _owner_in_register(action: ActionItem) -> None:
    """The owner organisation when the minutes name exactly one organisation of the register (case
    aside), as «Helsedirektoratet»; the owner as the minutes write it stays. The seeds give no due dates."""
    wanted = action.owner.strip().casefold()
    found = [o for o in Organisation.objects.all() if o.name.casefold() == wanted]
    if len(found) == 1:
        action.owner_organisation = found[0]
        action.save(update_fields=["owner_organisation"])


def _case_source(meeting: Meeting, entry: schema.AgendaEntry) -> str:
    """The meeting's source pointed at the case: "seed 000, sak 17/24 (toppnotat)" when the case has
    a cover memo, "seed 000, referat NUIT 15.02.2024, sak 6/24" in transcribed minutes."""
    if not meeting.source:
        return ""
    memo = " (toppnotat)" if entry.memo_to or entry.memo_date else ""
    return f"{meeting.source}, sak {format_case_number(entry.number, meeting.date.year)}{memo}"
