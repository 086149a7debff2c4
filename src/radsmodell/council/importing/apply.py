"""What confirming read documents would change in the register, and the confirmed write.

`plan()` only reads: per draft a new meeting, the completion of a meeting already in the register
(same body and date: the minutes of a meeting whose notice is in), or a document already imported
(recognised by its SHA-256); per case new, updated or unchanged, or a clash (the number belongs to
another meeting, or the register holds another value). `confirm()` writes everything in one
transaction, and only when the plan has no problems and no clashes but those the caller skips.

A value already in the register is never overwritten: a draft fills in what is empty, and a
different value is a clash, reported and left as it is. Rows are written one by one with their
field checks (full_clean) and saved, never by QuerySet.update(), so the change log and the search
index follow every write.
"""
import os
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from radsmodell.core import history

from .. import action_items, selectors, services
from ..models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Body,
    Case,
    CaseType,
    Input,
    Meeting,
    MeetingDocument,
)
from .draft import Draft, DraftCase, ReadDocument

# What confirming does with a draft, and with each of its cases.
NEW, COMPLETE, IMPORTED, BLOCKED = "new", "complete", "imported", "blocked"
UPDATE, UNCHANGED, CLASH, SKIPPED = "update", "unchanged", "clash", "skipped"
VERDICTS = {
    NEW: gettext_lazy("Nytt møte"),
    COMPLETE: gettext_lazy("Fullfører møtet i registeret"),
    IMPORTED: gettext_lazy("Allerede importert"),
    BLOCKED: gettext_lazy("Kan ikke importeres ennå"),
}
CASE_VERDICTS = {
    NEW: gettext_lazy("Ny sak"),
    UPDATE: gettext_lazy("Fylles ut"),
    UNCHANGED: gettext_lazy("Uendret"),
    CLASH: gettext_lazy("Konflikt"),
    SKIPPED: gettext_lazy("Hoppes over"),
}

# Draft field → case field, and how the review page and the messages name it.
CASE_FIELDS = {
    "title": ("title", gettext_lazy("tittel")),
    "type": ("type", gettext_lazy("sakstype")),
    "summary": ("summary", gettext_lazy("omtale")),
    "proposal": ("proposed_decision", gettext_lazy("forslag til vedtak")),
    "decision": ("decision", gettext_lazy("vedtak")),
    "minutes_text": ("minutes_text", gettext_lazy("referat")),
    "purpose": ("purpose", gettext_lazy("hensikt med saken")),
    "background": ("background", gettext_lazy("bakgrunn")),
    "questions": ("questions", gettext_lazy("drøftingsspørsmål")),
    "next_steps": ("next_steps", gettext_lazy("videre saksprosess")),
}
# Fields of what happened in the meeting: written only into a meeting that has been held.
OUTCOME_FIELDS = {"decision", "minutes_text"}
MEETING_FIELDS = {
    "number": ("number", gettext_lazy("møtenummer")),
    "place": ("location", gettext_lazy("sted")),
    "start": ("start_time", gettext_lazy("starter")),
    "end": ("end_time", gettext_lazy("slutter")),
}


def same(a, b) -> bool:
    """Equal as text, whatever the line breaks and spaces."""
    return " ".join(str(a or "").split()).casefold() == " ".join(str(b or "").split()).casefold()


@dataclass
class Clash:
    """A value of the document that differs from the register's; `key` is what skipping it names:
    a case ("nuit/2024/17"), or a meeting's field ("nuit/2024-05-15/location")."""
    key: str
    message: str


@dataclass
class CasePlan:
    index: int  # in draft.cases
    number: str  # "17/24"
    key: str  # "nuit/2024/17", "" when the body or the number is unknown
    title: str
    verdict: str = NEW
    notes: list[str] = field(default_factory=list)  # what is filled in, or why it clashes

    @property
    def verdict_label(self) -> str:
        return str(CASE_VERDICTS[self.verdict])


@dataclass
class DraftPlan:
    file: str
    index: int  # in the document's drafts
    draft: Draft
    verdict: str = NEW
    meeting: Meeting | None = None  # the register's meeting this draft completes (or was imported into)
    meeting_key: str = ""  # "nuit/2024-05-15"
    cases: list[CasePlan] = field(default_factory=list)
    clashes: list[Clash] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # what stops confirmation, naming file and field
    notes: list[str] = field(default_factory=list)
    document: int = 0  # the document's place in the batch (two files may have the same name)

    @property
    def verdict_label(self) -> str:
        return str(VERDICTS[self.verdict])

    @property
    def meeting_clashes(self) -> list[Clash]:
        """Clashes of the meeting's own fields and attendance (a case's clash is shown with the case)."""
        case_keys = {c.key for c in self.cases}
        return [clash for clash in self.clashes if clash.key not in case_keys]

    def case_plan(self, index: int) -> CasePlan | None:
        return next((c for c in self.cases if c.index == index), None)


@dataclass
class ImportPlan:
    drafts: list[DraftPlan]
    problems: list[str] = field(default_factory=list)  # of whole documents
    # What does not stop the others: a document where no meeting was found is left out.
    warnings: list[str] = field(default_factory=list)

    @property
    def clashes(self) -> list[Clash]:
        return [clash for plan in self.drafts for clash in plan.clashes]

    def blocking(self, skip=()) -> list[str]:
        """Why confirming is refused: the problems, and the clashes not skipped."""
        skip = set(skip)
        return (self.problems + [p for plan in self.drafts for p in plan.problems]
                + [clash.message for clash in self.clashes if clash.key not in skip])

    def for_document(self, position: int) -> list[DraftPlan]:
        return [plan for plan in self.drafts if plan.document == position]


# --- what the register holds, and what earlier drafts of the same batch would add ---------------

@dataclass
class _CaseState:
    meeting_key: str  # "" for a case known only from a reference
    meeting_title: str
    values: dict[str, str]  # by draft field name
    type_in_meeting: str = ""
    inputs: list[str] = field(default_factory=list)
    action_items: list[tuple[str, str]] = field(default_factory=list)  # (owner, text)
    locked: bool = False


@dataclass
class _MeetingState:
    title: str
    values: dict[str, str]
    attendance: dict[str, str]  # case-folded name → status
    locked: bool = False
    held: bool = True


class _Register:
    """Reads the register once per key; a planned draft adds what confirming it would write."""

    def __init__(self):
        self.meetings: dict[str, _MeetingState | None] = {}
        self.cases: dict[str, _CaseState | None] = {}

    def meeting(self, body: Body, day: date) -> _MeetingState | None:
        key = f"{body.slug}/{day.isoformat()}"
        if key not in self.meetings:
            found = Meeting.objects.filter(body=body, date=day).select_related("body").first()
            self.meetings[key] = None if found is None else _MeetingState(
                title=found.title,
                values={"number": found.number, "place": found.location, "start": _clock(found.start_time),
                        "end": _clock(found.end_time)},
                attendance={row.person.name.casefold(): row.status
                            for row in found.attendance.select_related("person")},
                locked=found.minutes_locked, held=found.has_taken_place)
        return self.meetings[key]

    def case(self, body: Body, year: int, number: int) -> _CaseState | None:
        key = f"{body.slug}/{year}/{number}"
        if key not in self.cases:
            found = (Case.objects.filter(body=body, year=year, number=number)
                     .select_related("meeting", "meeting__body").first())
            if found is None:
                self.cases[key] = None
            else:
                meeting = found.meeting
                self.cases[key] = _CaseState(
                    meeting_key=meeting.key if meeting else "",
                    meeting_title=meeting.title if meeting else "",
                    values={name: getattr(found, model_field) for name, (model_field, _label) in CASE_FIELDS.items()},
                    type_in_meeting=found.type_in_meeting,
                    inputs=[i.text for i in found.inputs.all()],
                    action_items=[(a.owner, a.text) for a in found.action_items.all()],
                    locked=bool(meeting and meeting.minutes_locked))
        return self.cases[key]


def _clock(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def _parse_time(text: str) -> time | None:
    text = (text or "").strip().replace(".", ":")
    return datetime.strptime(text, "%H:%M").time() if text else None


def _as_clock(text: str) -> str:
    """"9.00" as "09:00"; a text that is no time stays as it is (the plan reports it)."""
    try:
        return _clock(_parse_time(text))
    except ValueError:
        return text


def _parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


# --- the plan --------------------------------------------------------------------------------

def plan(documents: list[ReadDocument]) -> ImportPlan:
    """What confirming would do with each draft of each document, without writing anything."""
    register = _Register()
    bodies = {body.slug: body for body in Body.objects.all()}
    result = ImportPlan(drafts=[])
    first_of: dict[str, int] = {}  # sha256 → the first document of the batch with that content
    for position, document in enumerate(documents):
        imported = (MeetingDocument.objects.filter(sha256=document.sha256)
                    .select_related("meeting", "meeting__body").first())
        twin = first_of.setdefault(document.sha256, position)
        if not document.drafts and not imported:
            result.warnings.append(_("«%(file)s»: fant ingen møte i dokumentet (organ, dato og saker); filen "
                                     "importeres ikke.") % {"file": document.name})
        for index, draft in enumerate(document.drafts):
            if imported is not None:
                result.drafts.append(DraftPlan(
                    document.name, index, draft, IMPORTED, imported.meeting, imported.meeting.key,
                    notes=[_("Filen er importert før, til %(meeting)s (%(when)s). Ingenting endres.") % {
                        "meeting": imported.meeting.title,
                        "when": timezone.localtime(imported.imported_at).strftime("%d.%m.%Y")}]))
            elif twin != position:
                result.drafts.append(DraftPlan(
                    document.name, index, draft, IMPORTED,
                    notes=[_("Samme fil som «%(file)s» i denne importen; den leses bare én gang.") % {
                        "file": documents[twin].name}]))
            else:
                result.drafts.append(_plan_draft(document.name, index, draft, bodies, register))
            result.drafts[-1].document = position
    return result


def _where(file: str, draft: Draft, index: int) -> str:
    """How a message names the draft: the file, and the meeting when a file holds several."""
    label = draft.number or draft.date or str(index + 1)
    return _("«%(file)s», møte %(meeting)s") % {"file": file, "meeting": label}


def _plan_draft(file: str, index: int, draft: Draft, bodies: dict[str, Body], register: _Register) -> DraftPlan:
    result = DraftPlan(file, index, draft)
    where = _where(file, draft, index)
    body = bodies.get(draft.body)
    if not draft.body:
        result.problems.append(_("%(where)s: organ mangler (dokumentet skriver «%(name)s»). Velg organet.") % {
            "where": where, "name": draft.body_name or "–"})
    elif body is None:
        result.problems.append(_("%(where)s: organ «%(slug)s» finnes ikke i registeret.") % {
            "where": where, "slug": draft.body})
    day = _parse_day(draft.date)
    if day is None:
        result.problems.append(_("%(where)s: dato mangler eller er ugyldig («%(date)s»).") % {
            "where": where, "date": draft.date or "–"})
    for name in ("start", "end"):
        try:
            _parse_time(getattr(draft, name))
        except ValueError:
            result.problems.append(_("%(where)s: %(field)s «%(value)s» er ikke et klokkeslett (TT:MM).") % {
                "where": where, "field": MEETING_FIELDS[name][1], "value": getattr(draft, name)})
    result.problems += _draft_case_problems(where, draft, day)
    for n, row in enumerate(draft.attendance):
        if not row.name.strip():
            result.problems.append(_("%(where)s: oppmøte nr. %(n)s mangler navn.") % {"where": where, "n": n + 1})
        # People and organisations are looked up by name (services.person): a name has room for 200 characters.
        if max(len(row.name.strip()), len(row.organisation.strip()), len(row.substitute_for.strip())) > 200:
            result.problems.append(_("%(where)s: oppmøte nr. %(n)s har et navn eller en organisasjon på mer enn "
                                     "200 tegn.") % {"where": where, "n": n + 1})
        if row.status not in Attendance.Status.values or row.remote not in Attendance.Remote.values:
            result.problems.append(_("%(where)s: oppmøte for %(name)s har ukjent status «%(status)s».") % {
                "where": where, "name": row.name, "status": f"{row.status}/{row.remote}"})
    if body is None or day is None:
        result.verdict = BLOCKED
        result.cases = [CasePlan(k, case.case_number, "", case.title) for k, case in enumerate(draft.cases)]
        return result

    result.meeting_key = f"{body.slug}/{day.isoformat()}"
    existing = register.meeting(body, day)
    if existing is not None:
        result.verdict = COMPLETE
        result.meeting = Meeting.objects.filter(body=body, date=day).first()  # None: an earlier draft makes it
        result.notes.append(_("%(meeting)s er allerede i registeret; dokumentet fyller ut det som mangler.") % {
            "meeting": existing.title})
        for name, (model_field, label) in MEETING_FIELDS.items():
            ours, theirs = getattr(draft, name), existing.values.get(name, "")
            if name in ("start", "end") and ours and theirs:  # 9.00 and 09:00 are the same time
                ours, theirs = _as_clock(ours), _as_clock(theirs)
            if ours and theirs and not same(ours, theirs):
                result.clashes.append(Clash(f"{result.meeting_key}/{model_field}", _(
                    "%(where)s: %(field)s er «%(theirs)s» i registeret, dokumentet sier «%(ours)s».") % {
                    "where": where, "field": label, "theirs": theirs, "ours": ours}))
        for row in draft.attendance if draft.kind == "minutes" else []:  # see _write_draft
            status = existing.attendance.get(row.name.strip().casefold())
            if status and status != row.status:
                result.clashes.append(Clash(f"{result.meeting_key}/oppmote/{row.name.strip()}", _(
                    "%(where)s: oppmøtet for %(name)s er «%(theirs)s» i registeret, dokumentet sier «%(ours)s».") % {
                    "where": where, "name": row.name, "theirs": Attendance.Status(status).label,
                    "ours": Attendance.Status(row.status).label}))
    for k, case in enumerate(draft.cases):
        result.cases.append(_plan_case(where, k, case, draft, body, result.meeting_key, existing, register, result))
    if draft.kind == "minutes":
        approving = services.proposed_approving_case(Meeting(body=body, date=day))
        if approving is not None and approving.decision.strip():
            result.notes.append(_("Sak %(number)s i %(meeting)s godkjente referatet: det godkjennes når importen "
                                  "bekreftes, om det da er komplett.") % {
                "number": approving.case_number, "meeting": approving.meeting.title})
    if day > timezone.localdate() and any(c.decision or c.input or c.action_items for c in draft.cases):
        result.problems.append(_("%(where)s: møtet er %(day)s og er ikke holdt ennå, men dokumentet har vedtak, "
                                 "innspill eller aksjonspunkter.") % {"where": where, "day": day.strftime("%d.%m.%Y")})
    _remember(register, draft, body, day, result)
    return result


def _draft_case_problems(where: str, draft: Draft, day: date | None) -> list[str]:
    problems, seen = [], set()
    for case in draft.cases:
        label = _("%(where)s, sak %(number)s") % {"where": where, "number": case.case_number}
        if case.number < 1:
            problems.append(_("%(case)s: saksnummeret må være 1 eller høyere.") % {"case": label})
        if (case.number, case.year) in seen:
            problems.append(_("%(case)s: saksnummeret står to ganger i dokumentet.") % {"case": label})
        seen.add((case.number, case.year))
        if day is not None and case.year != day.year:
            problems.append(_("%(case)s: saksnummeret hører til %(year)s, men møtet er i %(meeting_year)s.") % {
                "case": label, "year": case.year, "meeting_year": day.year})
        if not case.title.strip():
            problems.append(_("%(case)s: tittel mangler.") % {"case": label})
        if case.type and case.type not in CaseType.values:
            problems.append(_("%(case)s: ukjent sakstype «%(type)s».") % {"case": label, "type": case.type})
        for n, item in enumerate(case.action_items):
            if not item.text.strip() or not item.owner.strip():
                problems.append(_("%(case)s: aksjonspunkt %(n)s må ha både ansvarlig og tekst.") % {
                    "case": label, "n": n + 1})
            elif len(item.owner.strip()) > 200:
                problems.append(_("%(case)s: den ansvarlige for aksjonspunkt %(n)s har mer enn 200 tegn.") % {
                    "case": label, "n": n + 1})
    return problems


def _plan_case(where: str, index: int, case: DraftCase, draft: Draft, body: Body, meeting_key: str,
               meeting: _MeetingState | None, register: _Register, result: DraftPlan) -> CasePlan:
    key = f"{body.slug}/{case.year}/{case.number}"
    planned = CasePlan(index, case.case_number, key, case.title)
    if case.decision.strip() and case.title.casefold().startswith("godkjenning av referat"):
        planned.notes.append(_("Godkjenner referatet fra et tidligere møte: det godkjennes når importen "
                               "bekreftes, om det da er komplett."))
    label = _("%(where)s, sak %(number)s") % {"where": where, "number": case.case_number}
    existing = register.case(body, case.year, case.number) if case.number >= 1 else None
    if existing is None:
        return planned

    def clash(message: str) -> CasePlan:
        planned.verdict = CLASH
        planned.notes.append(message)
        result.clashes.append(Clash(key, f"{label}: {message}"))
        return planned

    if existing.meeting_key != meeting_key:
        if existing.meeting_key:
            return clash(_("nummeret er brukt i %(meeting)s («%(title)s»).") % {
                "meeting": existing.meeting_title, "title": existing.values["title"]})
        return clash(_("nummeret er brukt av en sak registeret kjenner fra en henvisning («%(title)s»).") % {
            "title": existing.values["title"]})
    if not same(existing.values["title"], case.title):
        return clash(_("saken heter «%(theirs)s» i registeret, dokumentet sier «%(ours)s».") % {
            "theirs": existing.values["title"], "ours": case.title})
    changes, differences = [], []
    for name, (_model_field, field_label) in CASE_FIELDS.items():
        ours, theirs = getattr(case, name), existing.values[name]
        if not ours or same(ours, theirs) or name == "title":
            continue
        if name == "type" and theirs:
            # Minutes that give another type than the notice record the type the meeting dealt with it as.
            if draft.kind == "minutes" and existing.type_in_meeting in ("", ours):
                if existing.type_in_meeting != ours:
                    changes.append(_("sakstype i møtet: %(type)s") % {"type": CaseType(ours).label})
                continue
            differences.append(_("sakstype er «%(theirs)s» i registeret, dokumentet sier «%(ours)s»") % {
                "theirs": CaseType(theirs).label, "ours": CaseType(ours).label})
        elif theirs:
            differences.append(_("%(field)s er et annet i registeret") % {"field": field_label})
        else:
            changes.append(str(field_label))
    for ours, theirs, field_label in (
            (case.input, existing.inputs, _("innspill")),
            ([(a.owner, a.text) for a in case.action_items], existing.action_items, _("aksjonspunkter"))):
        if not ours or _same_list(ours, theirs):
            continue
        if theirs:
            differences.append(_("%(field)s er andre i registeret") % {"field": field_label})
        else:
            changes.append(str(field_label))
    if differences:
        return clash("; ".join(differences) + ".")
    if changes and existing.locked:
        return clash(_("referatet er godkjent og låst; endringer føres som rettelser på saken."))
    if changes:
        planned.verdict = UPDATE
        planned.notes.append(_("Fylles ut: %(fields)s.") % {"fields": ", ".join(changes)})
    else:
        planned.verdict = UNCHANGED
    return planned


def _same_list(ours, theirs) -> bool:
    return len(ours) == len(theirs) and all(
        same(" ".join(a) if isinstance(a, tuple) else a, " ".join(b) if isinstance(b, tuple) else b)
        for a, b in zip(ours, theirs))


def _remember(register: _Register, draft: Draft, body: Body, day: date, result: DraftPlan) -> None:
    """What confirming this draft adds, so a later draft of the batch (the minutes after the notice)
    is planned against it."""
    key = result.meeting_key
    meeting = register.meetings.get(key)
    if meeting is None:
        meeting = register.meetings[key] = _MeetingState(
            title=f"{body.display_short_name(day)} {draft.number or day.strftime('%d.%m.%Y')}", values={},
            attendance={}, held=day <= timezone.localdate())
    for name in MEETING_FIELDS:
        if not meeting.values.get(name):
            meeting.values[name] = getattr(draft, name)
    for row in draft.attendance if draft.kind == "minutes" else []:
        meeting.attendance.setdefault(row.name.strip().casefold(), row.status)
    for planned in result.cases:
        if planned.verdict not in (NEW, UPDATE):
            continue
        case = draft.cases[planned.index]
        state = register.cases.get(planned.key)
        if state is None:
            state = register.cases[planned.key] = _CaseState(key, meeting.title, dict.fromkeys(CASE_FIELDS, ""))
        for name in CASE_FIELDS:
            if not state.values[name]:
                state.values[name] = getattr(case, name)
        state.inputs = state.inputs or list(case.input)
        state.action_items = state.action_items or [(a.owner, a.text) for a in case.action_items]


# --- the confirmed write ------------------------------------------------------------------------

class Imported(list):
    """The meetings an import wrote, in order; `approved`: the meetings whose minutes it approved."""

    def __init__(self, meetings=(), approved=()):
        super().__init__(meetings)
        self.approved = list(approved)


def confirm(documents: list[ReadDocument], user=None, *, files: dict[str, bytes], skip=()) -> Imported:
    """Write the drafts and keep each file (`files`: its bytes by SHA-256) with its meeting, in one
    transaction. Refused with a ValidationError listing the problems and the clashes that are not in
    `skip` (Clash.key); a failing write undoes everything. A document imported before changes nothing.
    Minutes that a case of the documents approves, or that a case in the register approves, are
    approved as that case decided (see _approve_minutes)."""
    skip = set(skip)
    stored: list[str] = []  # files written to storage: removed again when the transaction is undone
    try:
        # The change log names who confirmed, from a page, the console or a test alike.
        with history.acting_as(user) if user is not None else nullcontext(), transaction.atomic():
            import_plan = plan(documents)
            blocking = import_plan.blocking(skip)
            if blocking:
                raise ValidationError(blocking)
            meetings: list[Meeting] = []
            for position, document in enumerate(documents):
                plans = [p for p in import_plan.for_document(position) if p.verdict != IMPORTED]
                if not plans:
                    continue
                written = [(_write_draft(p, skip), p) for p in plans]
                for meeting, _plan in written:
                    if meeting not in meetings:
                        meetings.append(meeting)
                # A notice carrying the previous meeting's minutes belongs to the later meeting.
                home, home_plan = max(written, key=lambda pair: pair[0].date)
                stored.append(_keep_file(document, files[document.sha256], home, home_plan.draft.kind, user))
            return Imported(meetings, _approve_minutes(meetings))
    except IntegrityError:
        _remove(stored)
        raise ValidationError(_("Registeret ble endret samtidig av noen andre. Prøv igjen.")) from None
    except BaseException:
        _remove(stored)
        raise


def _approve_minutes(meetings: list[Meeting]) -> list[Meeting]:
    """Approve the minutes the imported records say were approved: an imported meeting's minutes that
    a later meeting's decided "Godkjenning av referat…" case names (services.proposed_approving_case),
    and earlier minutes that such a case among the imported ones names. History comes in approved,
    as it was, and the public sees it; minutes still missing something stay drafts."""
    written = {meeting.pk for meeting in meetings}
    candidates: dict[int, Meeting] = {}
    for meeting in meetings:
        candidates[meeting.pk] = meeting
        # The minutes a case of this meeting may approve: the body's meetings of the year before.
        for earlier in Meeting.objects.filter(body=meeting.body, date__lt=meeting.date,
                                              date__gte=meeting.date - timedelta(days=366)):
            candidates.setdefault(earlier.pk, earlier)
    approved = []
    for meeting in sorted(candidates.values(), key=lambda m: m.date):
        meeting.refresh_from_db()
        if meeting.minutes_status != Meeting.Minutes.DRAFT:
            continue
        case = services.proposed_approving_case(meeting)
        if case is None or not case.decision.strip() or not ({meeting.pk, case.meeting_id} & written):
            continue
        if services.minutes_gaps(meeting):
            continue
        try:
            approved.append(services.approve_minutes(meeting, case))
        except ValidationError:  # the approving meeting not published or not held: left to the secretariat
            continue
    return approved


def _remove(names: list[str]) -> None:
    for name in names:
        MeetingDocument.file.field.storage.delete(name)


def _checked(where: str, obj, exclude=None):
    """Field checks before saving, with a message naming the file and the field that failed."""
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        messages = [f"{where}: {obj._meta.get_field(name).verbose_name}: {' '.join(texts)}"
                    if name != "__all__" else f"{where}: {' '.join(texts)}"
                    for name, texts in error.message_dict.items()]
        raise ValidationError(messages) from None
    obj.save()
    return obj


def _changed(obj) -> bool:
    """The row differs from the database's: a row the draft fills nothing into is not saved (no empty
    entry in the change log)."""
    stored = type(obj).objects.filter(pk=obj.pk).values(*[f.attname for f in obj._meta.concrete_fields]).first()
    return stored is None or any(stored[name] != getattr(obj, name) for name in stored)


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(0, 0)))


def _write_draft(planned: DraftPlan, skip: set[str]) -> Meeting:
    draft, where = planned.draft, _where(planned.file, planned.draft, planned.index)
    body = Body.objects.get(slug=draft.body)
    day = date.fromisoformat(draft.date)
    meeting = Meeting.objects.filter(body=body, date=day).first()
    if meeting is None:  # called: the register's members that day, unless the notice lists them (below)
        meeting = Meeting(body=body, date=day, source=planned.file[:200], members_called=[] if (
            draft.kind != "minutes" and draft.attendance) else [
            {"name": m.person.name, "organisation": m.organisation.name if m.organisation else ""}
            for m in selectors.members_on(body, day)])
    for name, (model_field, _label) in MEETING_FIELDS.items():
        value = getattr(draft, name).strip()
        if value and not getattr(meeting, model_field) and f"{planned.meeting_key}/{model_field}" not in skip:
            setattr(meeting, model_field, _parse_time(value) if name in ("start", "end") else value)
    if meeting.notice_published_at is None:
        # The document is the notice (or the minutes) as sent: the meeting was published by then.
        meeting.notice_published_at = _midnight(day) if day <= timezone.localdate() else timezone.now()
    # Before the meeting (a notice, a meeting pack) the list of people is who was called, not who came.
    if draft.kind != "minutes" and draft.attendance and not meeting.members_called:
        meeting.members_called = [{"name": r.name, "organisation": r.organisation} for r in draft.attendance]
    if meeting.pk is None or _changed(meeting):
        _checked(where, meeting)

    recorded = False
    if draft.kind == "minutes":
        recorded |= _write_attendance(meeting, draft, where, planned, skip)
    for case_plan in planned.cases:
        if case_plan.key in skip or case_plan.verdict in (CLASH, UNCHANGED):
            continue
        recorded |= _write_case(meeting, draft, draft.cases[case_plan.index], planned.file, where)
    if recorded and meeting.minutes_status == Meeting.Minutes.NONE:
        meeting.minutes_status = Meeting.Minutes.DRAFT
        meeting.save()
    return meeting


def _write_attendance(meeting: Meeting, draft: Draft, where: str, planned: DraftPlan, skip: set[str]) -> bool:
    have = {row.person.name.casefold() for row in meeting.attendance.select_related("person")}
    written = False
    for row in draft.attendance:
        name = row.name.strip()
        if name.casefold() in have or f"{planned.meeting_key}/oppmote/{name}" in skip:
            continue
        have.add(name.casefold())
        attendee = services.person(name, row.organisation or None)
        _checked(f"{where}, {_('oppmøte')} {name}", Attendance(
            meeting=meeting, person=attendee,
            organisation=services.organisation(row.organisation) or attendee.organisation,
            status=row.status, remote=row.remote, note=row.note.strip()[:300],
            substitute_for=services.person(row.substitute_for) if row.substitute_for.strip() else None,
        ), exclude=["cases"])
        written = True
    return written


def _write_case(meeting: Meeting, draft: Draft, entry: DraftCase, file: str, where: str) -> bool:
    """One case: created with its agenda item, or its empty fields filled in. True when it records what
    happened in the meeting (decision, input, action items)."""
    where = _("%(where)s, sak %(number)s") % {"where": where, "number": entry.case_number}
    case = Case.objects.filter(body=meeting.body, year=entry.year, number=entry.number).first()
    is_new = case is None
    if is_new:
        case = Case(body=meeting.body, year=entry.year, number=entry.number, meeting=meeting,
                    is_eventuelt=entry.title.strip().casefold() == "eventuelt",
                    source=f"{file}, sak {entry.case_number}"[:200])
    for name, (model_field, _label) in CASE_FIELDS.items():
        value = getattr(entry, name).strip()
        current = getattr(case, model_field)
        if not value or same(value, current):
            continue
        if name == "type" and current:
            if draft.kind == "minutes" and case.type_in_meeting in ("", value):
                case.type_in_meeting = value
            continue
        if not current:
            setattr(case, model_field, value)
    if entry.presenters and not case.presenters:
        case.presenters = [{"name": p.get("name", ""), "organisation": p.get("organisation", "")}
                           for p in entry.presenters]
    if is_new or _changed(case):
        _checked(where, case, exclude=["previous_cases"])
    if is_new:
        _place_on_agenda(meeting, case, _parse_time(entry.time) if _valid_time(entry.time) else None, where)
    recorded = bool(entry.decision or entry.minutes_text)
    if entry.input and not case.inputs.exists():
        for position, text in enumerate(entry.input, start=1):
            _checked(where, Input(case=case, position=position, text=text.strip()))
        recorded = True
    if entry.action_items and not case.action_items.exists():
        for item in entry.action_items:
            action = _checked(where, ActionItem(case=case, text=item.text.strip(), owner=item.owner.strip(),
                                                created=meeting.date), exclude=["closed_by"])
            action_items.record_opened(action)
        recorded = True
    return recorded


def _valid_time(text: str) -> bool:
    try:
        return _parse_time(text) is not None
    except ValueError:
        return False


def _place_on_agenda(meeting: Meeting, case: Case, start_time: time | None, where: str) -> None:
    """After the agenda's last item; before Eventuelt when the register's agenda ends with it."""
    last = meeting.agenda.aggregate(m=Max("position"))["m"] or 0
    position = last + 1
    eventuelt = meeting.agenda.filter(case__is_eventuelt=True, position=last).first()
    if eventuelt is not None and not case.is_eventuelt:
        eventuelt.position = last + 1
        eventuelt.save()
        position = last
    _checked(where, AgendaItem(meeting=meeting, position=position, kind=AgendaItem.Kind.CASE, case=case,
                               start_time=start_time))


def _keep_file(document: ReadDocument, data: bytes, meeting: Meeting, kind: str, user) -> str:
    kept = MeetingDocument(meeting=meeting, kind=kind if kind in MeetingDocument.Kind.values else "pack",
                           original_name=os.path.basename(document.name)[:255] or "dokument",
                           sha256=document.sha256, imported_by=user if user and user.is_authenticated else None)
    kept.file.save(kept.original_name, ContentFile(data), save=False)
    try:
        _checked(f"«{document.name}»", kept)
    except BaseException:
        kept.file.delete(save=False)
        raise
    return kept.file.name
