"""Load the council register's demo data (the YAML files beside this module, see README.md).

Every file is checked before anything is written; a wrong field stops the load with the
file and the path of the field, and the transaction leaves the database as it was.
"""
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from radsmodell.core.roles import MEMBER, SECRETARIAT

from .. import services
from ..models import (
    ActionItem,
    AgendaItem,
    Attachment,
    Attendance,
    Body,
    BodyName,
    Case,
    CaseType,
    Input,
    Mandate,
    Meeting,
    Membership,
    OtherForumTreatment,
    SecretariatAttendee,
)

DEMO_DIR = Path(__file__).resolve().parent
DEMO_USERS = [
    # (username, password, group, full name)
    ("sekretariat", "sekretariat-demo", SECRETARIAT, "Sekretariatet (demo)"),
    ("medlem", "medlem-demo", MEMBER, "Rådsmedlem (demo)"),
]

AGENDA_KINDS = {"case", "item", "break", "lunch", "end"}
CASE_FIELDS = {
    "kind", "number", "title", "time", "type", "type_in_meeting", "type_change_reason", "presenters", "owner",
    "officers", "memo_to", "memo_date", "attachments", "summary", "proposed_decision", "memo", "previous_cases",
    "other_fora", "minutes_text", "input", "decision", "action_items",
}
ITEM_FIELDS = {"kind", "title", "time", "presenters", "summary"}
MEETING_FIELDS = {
    "body", "date", "number", "start", "end", "location", "notice_published", "minutes",
    "minutes_approved_by_case", "source", "members", "membership_changes", "attendance", "secretariat", "agenda",
}
MEMO_SECTIONS = {"purpose", "background", "questions", "next_steps"}


class DemoDataError(Exception):
    """Names the file and the field that is wrong."""


@dataclass
class _Where:
    file: str
    path: str = ""

    def at(self, part) -> "_Where":
        return _Where(self.file, f"{self.path}.{part}" if self.path else str(part))

    def fail(self, message: str):
        raise DemoDataError(f"{self.file}: {self.path or '(top)'}: {message}")


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        raise DemoDataError(f"{path.name}:{line}: not valid YAML ({getattr(error, 'problem', error)})")
    if not isinstance(data, dict):
        raise DemoDataError(f"{path.name}: expected a mapping at the top")
    return data


def _check_keys(where: _Where, data: dict, allowed: set[str]) -> None:
    if not isinstance(data, dict):
        where.fail("expected a mapping")
    unknown = set(data) - allowed
    if unknown:
        where.fail(f"unknown field(s) {', '.join(sorted(unknown))}")


def _date(where: _Where, value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        where.fail(f"«{value}» is not a date (YYYY-MM-DD)")


def _time(where: _Where, value) -> time | None:
    if value in (None, ""):
        return None
    try:
        return datetime.strptime(str(value), "%H:%M").time()
    except ValueError:
        where.fail(f"«{value}» is not a time (HH:MM)")


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _case_type(where: _Where, value) -> str:
    if value in (None, ""):
        return ""
    if value not in CaseType.values:
        where.fail(f"unknown case type «{value}» (one of {', '.join(CaseType.values)})")
    return value


def demo_loaded() -> bool:
    return Body.objects.exists()


@transaction.atomic
def load_demo(directory: Path = DEMO_DIR) -> dict[str, int]:
    """Load bodies, meetings and referenced cases; returns counts of what was created."""
    bodies = _load_bodies(directory / "bodies.yaml")
    for path in sorted((directory / "referenced").glob("*.yaml")):
        _load_referenced(path, bodies)
    meeting_files = sorted((directory / "meetings").glob("*.yaml"))
    data = [(path, _read(path)) for path in meeting_files]
    data.sort(key=lambda pair: str(pair[1].get("date")))
    links = []
    for path, meeting_data in data:
        links += _load_meeting(_Where(path.name), meeting_data, bodies)
    for link in links:
        link()
    for case in Case.objects.all():
        services.refresh_search_text(case)
    _create_demo_users()
    return {
        "bodies": Body.objects.count(),
        "meetings": Meeting.objects.count(),
        "cases": Case.objects.count(),
        "action items": ActionItem.objects.count(),
    }


def _create_demo_users() -> None:
    User = get_user_model()
    for username, password, group, full_name in DEMO_USERS:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": full_name})
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(Group.objects.get_or_create(name=group)[0])


def _load_bodies(path: Path) -> dict[str, Body]:
    where = _Where(path.name)
    data = _read(path)
    _check_keys(where, data, {"bodies"})
    bodies = {}
    for index, entry in enumerate(data["bodies"]):
        here = where.at(f"bodies[{index}]")
        _check_keys(here, entry, {"slug", "name", "short_name", "level", "names", "mandates"})
        body = Body.objects.create(
            slug=entry["slug"], name=entry["name"], short_name=entry.get("short_name") or entry["name"],
            level=entry["level"],
        )
        for n, later in enumerate(entry.get("names") or []):
            _check_keys(here.at(f"names[{n}]"), later, {"name", "short_name", "valid_from"})
            BodyName.objects.create(
                body=body, name=later["name"], short_name=later.get("short_name") or later["name"],
                valid_from=_date(here.at(f"names[{n}].valid_from"), later["valid_from"]),
            )
        for m, mandate in enumerate(entry.get("mandates") or []):
            there = here.at(f"mandates[{m}]")
            _check_keys(there, mandate, {"version", "status", "adopted_by", "valid_from", "purpose", "tasks", "source"})
            if mandate["status"] not in Mandate.Status.values:
                there.at("status").fail(f"«{mandate['status']}» is not proposed or adopted")
            Mandate.objects.create(
                body=body, version=mandate["version"], status=mandate["status"],
                adopted_by=_text(mandate.get("adopted_by")), valid_from=_date(there, mandate.get("valid_from")),
                purpose=_text(mandate.get("purpose")), tasks=[_text(t) for t in mandate.get("tasks") or []],
                source=_text(mandate.get("source")),
            )
        bodies[body.slug] = body
    return bodies


def _case_key(where: _Where, key: str, bodies: dict[str, Body]) -> tuple[Body, int, int]:
    try:
        slug, year, number = str(key).split("/")
        return bodies[slug], int(year), int(number)
    except (ValueError, KeyError):
        where.fail(f"«{key}» is not a case key body/year/number with a known body")


def _find_case(where: _Where, key: str, bodies: dict[str, Body]) -> Case:
    body, year, number = _case_key(where, key, bodies)
    try:
        return Case.objects.get(body=body, year=year, number=number)
    except Case.DoesNotExist:
        where.fail(f"no case {key} in the demo data")


def _load_referenced(path: Path, bodies: dict[str, Body]) -> None:
    where = _Where(path.name)
    data = _read(path)
    _check_keys(where, data, {"cases"})
    for index, entry in enumerate(data.get("cases") or []):
        here = where.at(f"cases[{index}]")
        _check_keys(here, entry, {"key", "title", "decision", "source"})
        body, year, number = _case_key(here.at("key"), entry["key"], bodies)
        Case.objects.create(
            body=body, year=year, number=number, title=_text(entry["title"]), decision=_text(entry.get("decision")),
            source=_text(entry.get("source")),
        )


def _load_meeting(where: _Where, data: dict, bodies: dict[str, Body]) -> list:
    """Create one meeting; returns callables that resolve links to other meetings' cases."""
    _check_keys(where, data, MEETING_FIELDS)
    if data.get("body") not in bodies:
        where.at("body").fail(f"unknown body «{data.get('body')}»")
    body = bodies[data["body"]]
    day = _date(where.at("date"), data["date"])
    minutes = data.get("minutes", "none")
    if minutes not in Meeting.Minutes.values:
        where.at("minutes").fail(f"«{minutes}» is not none, draft or approved")
    meeting = Meeting.objects.create(
        body=body, date=day, number=_text(data.get("number")), start_time=_time(where.at("start"), data.get("start")),
        end_time=_time(where.at("end"), data.get("end")), location=_text(data.get("location")),
        minutes_status=minutes, source=_text(data.get("source")),
        notice_published_at=_midnight(day) if data.get("notice_published") else None,
        members_called=[{"name": _text(m.get("name")), "organisation": _text(m.get("organisation"))}
                        for m in data.get("members") or []],
    )
    _load_members(where, data, meeting)
    for index, row in enumerate(data.get("attendance") or []):
        _load_attendance(where.at(f"attendance[{index}]"), row, meeting)
    for name in data.get("secretariat") or []:
        SecretariatAttendee.objects.create(meeting=meeting, person=services.person(name))

    links = []
    for position, entry in enumerate(data.get("agenda") or [], start=1):
        here = where.at(f"agenda[{position - 1}]")
        kind = entry.get("kind") if isinstance(entry, dict) else None
        if kind not in AGENDA_KINDS:
            here.at("kind").fail(f"«{kind}» is not one of {', '.join(sorted(AGENDA_KINDS))}")
        if kind == "case":
            links += _load_case(here, entry, meeting, position, bodies)
        else:
            _check_keys(here, entry, ITEM_FIELDS)
            AgendaItem.objects.create(
                meeting=meeting, position=position, kind=kind, start_time=_time(here.at("time"), entry.get("time")),
                title=_text(entry.get("title")), summary=_text(entry.get("summary")),
                presenters=_presenters(here, entry),
            )

    approving_key = data.get("minutes_approved_by_case")
    if approving_key:
        def approve():
            case = _find_case(where.at("minutes_approved_by_case"), approving_key, bodies)
            meeting.minutes_approved_by = case
            meeting.minutes_approved_at = _midnight(case.meeting.date) if case.meeting else None
            meeting.save()
        links.append(approve)
    return links


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(0, 0)))


def _presenters(where: _Where, entry: dict) -> list[dict]:
    presenters = []
    for index, presenter in enumerate(entry.get("presenters") or []):
        _check_keys(where.at(f"presenters[{index}]"), presenter, {"name", "organisation"})
        presenters.append({"name": _text(presenter["name"]), "organisation": _text(presenter.get("organisation"))})
    return presenters


def _load_members(where: _Where, data: dict, meeting: Meeting) -> None:
    """Memberships as the seeds show them: who is listed when, and who replaced whom."""
    for index, member in enumerate(data.get("members") or []):
        _check_keys(where.at(f"members[{index}]"), member, {"name", "organisation"})
        _membership(meeting, member["name"], member.get("organisation"))
    for index, change in enumerate(data.get("membership_changes") or []):
        here = where.at(f"membership_changes[{index}]")
        _check_keys(here, change, {"name", "organisation", "replaces", "note"})
        membership = _membership(meeting, change["name"], change.get("organisation"))
        membership.start = meeting.date
        membership.note = _text(change.get("note"))
        if change.get("replaces"):
            replaced = services.person(change["replaces"])
            membership.replaces = replaced
            old, _ = Membership.objects.get_or_create(
                body=meeting.body, person=replaced,
                defaults={"organisation": membership.organisation, "last_seen": None},
            )
            old.end = meeting.date
            old.save()
        membership.save()


def _membership(meeting: Meeting, name: str, organisation_name: str | None) -> Membership:
    member = services.person(name, organisation_name)
    membership, _ = Membership.objects.get_or_create(body=meeting.body, person=member)
    if organisation_name:
        membership.organisation = services.organisation(organisation_name)
    membership.first_seen = min(filter(None, [membership.first_seen, meeting.date]))
    membership.last_seen = max(filter(None, [membership.last_seen, meeting.date]))
    membership.save()
    return membership


def _load_attendance(where: _Where, row: dict, meeting: Meeting) -> None:
    _check_keys(where, row, {"name", "organisation", "status", "remote", "remote_from", "remote_until",
                             "substitute_for", "note"})
    if row.get("status") not in Attendance.Status.values:
        where.at("status").fail(f"«{row.get('status')}» is not present, absent or substitute")
    remote = row.get("remote") or Attendance.Remote.NONE
    if remote not in Attendance.Remote.values:
        where.at("remote").fail(f"«{remote}» is not none, full or partial")
    attendee = services.person(row["name"], row.get("organisation"))
    Attendance.objects.create(
        meeting=meeting, person=attendee,
        organisation=services.organisation(row.get("organisation")) or attendee.organisation,
        status=row["status"], remote=remote, remote_from=_time(where.at("remote_from"), row.get("remote_from")),
        remote_until=_time(where.at("remote_until"), row.get("remote_until")), note=_text(row.get("note")),
        substitute_for=services.person(row["substitute_for"]) if row.get("substitute_for") else None,
    )


def _load_case(where: _Where, entry: dict, meeting: Meeting, position: int, bodies: dict[str, Body]) -> list:
    _check_keys(where, entry, CASE_FIELDS)
    memo = entry.get("memo") or {}
    _check_keys(where.at("memo"), memo, MEMO_SECTIONS)
    number = entry.get("number")
    if not isinstance(number, int) or number < 1:
        where.at("number").fail(f"«{number}» is not a case number")
    if Case.objects.filter(body=meeting.body, year=meeting.date.year, number=number).exists():
        where.at("number").fail(f"case {number}/{meeting.date.year % 100:02d} is already in the demo data")
    title = _text(entry.get("title"))
    case = Case.objects.create(
        body=meeting.body, year=meeting.date.year, number=number, meeting=meeting, title=title,
        type=_case_type(where.at("type"), entry.get("type")),
        type_in_meeting=_case_type(where.at("type_in_meeting"), entry.get("type_in_meeting")),
        type_change_reason=_text(entry.get("type_change_reason")), presenters=_presenters(where, entry),
        owner=_text(entry.get("owner")), officers=[_text(o) for o in entry.get("officers") or []],
        memo_to=_text(entry.get("memo_to")), memo_date=_date(where.at("memo_date"), entry.get("memo_date")),
        summary=_text(entry.get("summary")), proposed_decision=_text(entry.get("proposed_decision")),
        purpose=_text(memo.get("purpose")), background=_text(memo.get("background")),
        questions=_text(memo.get("questions")), next_steps=_text(memo.get("next_steps")),
        minutes_text=_text(entry.get("minutes_text")), decision=_text(entry.get("decision")),
        is_eventuelt=title.casefold() == "eventuelt", source=_text(meeting.source),
    )
    AgendaItem.objects.create(
        meeting=meeting, position=position, kind=AgendaItem.Kind.CASE, case=case,
        start_time=_time(where.at("time"), entry.get("time")),
    )
    for index, attachment in enumerate(entry.get("attachments") or []):
        _check_keys(where.at(f"attachments[{index}]"), attachment, {"label", "title"})
        Attachment.objects.create(case=case, label=_text(attachment.get("label")), title=_text(attachment["title"]))
    for index, row in enumerate(entry.get("other_fora") or []):
        _check_keys(where.at(f"other_fora[{index}]"), row, {"date", "title", "decision"})
        OtherForumTreatment.objects.create(
            case=case, date_text=_text(row.get("date")), title=_text(row["title"]), decision=_text(row.get("decision"))
        )
    for index, item in enumerate(entry.get("input") or [], start=1):
        _check_keys(where.at(f"input[{index - 1}]"), item, {"text", "actor"})
        Input.objects.create(case=case, position=index, text=_text(item["text"]), actor=_text(item.get("actor")))

    links = []
    for index, item in enumerate(entry.get("action_items") or []):
        here = where.at(f"action_items[{index}]")
        _check_keys(here, item, {"text", "owner", "closed_by"})
        action = ActionItem.objects.create(
            case=case, text=_text(item["text"]), owner=_text(item.get("owner")), created=meeting.date
        )
        if item.get("closed_by"):
            def close(action=action, key=item["closed_by"], here=here):
                services.close_action_item(action, _find_case(here.at("closed_by"), key, bodies))
            links.append(close)
    previous = entry.get("previous_cases") or []
    if previous:
        def link(case=case, keys=previous, here=where.at("previous_cases")):
            case.previous_cases.set([_find_case(here, key, bodies) for key in keys])
        links.append(link)
    return links
