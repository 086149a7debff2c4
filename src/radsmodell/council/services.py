"""Every write to the council register goes through these functions.

Views, the API, the CLI and the demo loader call them; each runs in one transaction and
enforces the workflow rules, raising ValidationError with the field it concerns.
"""
from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from radsmodell.core.formatting import long_date

from . import numbering
from .models import (
    ActionItem,
    AgendaItem,
    Attachment,
    Attendance,
    Body,
    Case,
    CaseType,
    Input,
    Meeting,
    MemoComment,
    MinutesCorrection,
    Organisation,
    OtherForumTreatment,
    Person,
)

OPENING_CASES = [
    ("Godkjenning av innkalling og dagsorden", "{body} godkjenner innkalling og dagsorden."),
    ("Godkjenning av referat fra forrige møte", "{body} godkjenner referatet fra forrige møte."),
]
EVENTUELT = "Eventuelt"
# Fields of a case that belong to the minutes: locked once the minutes are approved.
MINUTES_FIELDS = {"minutes_text", "decision", "type_in_meeting", "type_change_reason"}


def search_text_for(case: Case) -> str:
    """What the search box matches: case number, title, proposal, decision and input, case-folded."""
    parts = [case.case_number, case.title, case.proposed_decision, case.decision, case.summary]
    if case.pk:
        parts += [i.text for i in case.inputs.all()]
    return " ".join(p for p in parts if p).casefold()


def refresh_search_text(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(search_text=search_text_for(case))


def organisation(name: str | None) -> Organisation | None:
    return Organisation.objects.get_or_create(name=name.strip())[0] if name and name.strip() else None


def person(name: str, organisation_name: str | None = None) -> Person:
    found, created = Person.objects.get_or_create(name=name.strip())
    if organisation_name and (created or found.organisation is None):
        found.organisation = organisation(organisation_name)
        found.save()
    return found


# --- Meetings and agendas ---------------------------------------------------------------

def _previous_meeting(meeting: Meeting) -> Meeting | None:
    return Meeting.objects.filter(body=meeting.body, date__lt=meeting.date).order_by("-date").first()


@transaction.atomic
def plan_meeting(body: Body, day: date, start_time: time | None = None, end_time: time | None = None,
                 location: str = "", number: str = "") -> Meeting:
    """A new meeting with the two standard opening cases and Eventuelt on its agenda."""
    if Meeting.objects.filter(body=body, date=day).exists():
        raise ValidationError({"date": f"{body.short_name} har allerede et møte {day:%d.%m.%Y}."})
    current = body.memberships.filter(end__isnull=True).select_related("person", "organisation")
    meeting = Meeting.objects.create(
        body=body, date=day, start_time=start_time, end_time=end_time, location=location, number=number,
        members_called=[
            {"name": m.person.name, "organisation": m.organisation.name if m.organisation else ""}
            for m in current.order_by("organisation__name", "person__name")
        ],
    )
    previous = _previous_meeting(meeting)
    name = body.display_short_name(day)
    for title, proposal in OPENING_CASES:
        if previous and "referat" in title:
            title = f"Godkjenning av referat fra {previous.body.display_short_name(previous.date)} " \
                    f"{long_date(previous.date)}"
        _append_case(meeting, title=title, type=CaseType.GODKJENNING, proposed_decision=proposal.format(body=name))
    _append_case(meeting, title=EVENTUELT, type="", is_eventuelt=True)
    if start_time:
        AgendaItem.objects.filter(meeting=meeting, position=1).update(start_time=start_time)
    renumber_cases(meeting)
    return meeting


def _next_position(meeting: Meeting) -> int:
    return (meeting.agenda.aggregate(m=Max("position"))["m"] or 0) + 1


def _append_case(meeting: Meeting, **fields) -> Case:
    # A provisional number above every used one; renumber_cases puts the agenda in order.
    top = Case.objects.filter(body=meeting.body, year=meeting.date.year).aggregate(m=Max("number"))["m"] or 0
    case = Case.objects.create(body=meeting.body, year=meeting.date.year, number=top + 1, meeting=meeting, **fields)
    AgendaItem.objects.create(meeting=meeting, position=_next_position(meeting), kind=AgendaItem.Kind.CASE, case=case)
    return case


def _ensure_agenda_open(meeting: Meeting) -> None:
    if meeting.minutes_locked:
        raise ValidationError({"meeting": "Referatet er godkjent; dagsordenen kan ikke endres."})


@transaction.atomic
def add_case(meeting: Meeting, title: str, type: str, start_time: time | None = None, **fields) -> Case:
    """A case placed before Eventuelt; numbers follow the agenda while the notice is unpublished."""
    _ensure_agenda_open(meeting)
    if not title.strip():
        raise ValidationError({"title": "Saken må ha en tittel."})
    case = _append_case(meeting, title=title.strip(), type=type, **fields)
    item = case.agenda_item
    item.start_time = start_time
    item.save()
    eventuelt = meeting.agenda.filter(case__is_eventuelt=True).first()
    if eventuelt:
        _place(item, eventuelt.position)
    if not meeting.is_published:
        renumber_cases(meeting)
    case.refresh_from_db()
    refresh_search_text(case)
    return case


@transaction.atomic
def add_agenda_break(meeting: Meeting, kind: str, start_time: time | None, title: str = "") -> AgendaItem:
    _ensure_agenda_open(meeting)
    if kind not in (AgendaItem.Kind.BREAK, AgendaItem.Kind.LUNCH, AgendaItem.Kind.ITEM, AgendaItem.Kind.END):
        raise ValidationError({"kind": "Velg pause, lunsj, slutt eller et punkt uten saksnummer."})
    item = AgendaItem.objects.create(
        meeting=meeting, position=_next_position(meeting), kind=kind, start_time=start_time, title=title
    )
    eventuelt = meeting.agenda.filter(case__is_eventuelt=True).first()
    if eventuelt and kind != AgendaItem.Kind.END:
        _place(item, eventuelt.position)
    return item


def _place(item: AgendaItem, position: int) -> None:
    """Move `item` to `position`, shifting the others; positions stay 1..n."""
    items = [i for i in item.meeting.agenda.order_by("position") if i.pk != item.pk]
    items.insert(position - 1, item)
    for index, each in enumerate(items, start=1):
        if each.position != index:
            AgendaItem.objects.filter(pk=each.pk).update(position=index)


@transaction.atomic
def move_agenda_item(item: AgendaItem, offset: int) -> None:
    meeting = item.meeting
    _ensure_agenda_open(meeting)
    count = meeting.agenda.count()
    _place(item, min(max(item.position + offset, 1), count))
    if not meeting.is_published:
        renumber_cases(meeting)


@transaction.atomic
def remove_agenda_item(item: AgendaItem) -> None:
    meeting = item.meeting
    if meeting.is_published and item.case_id:
        raise ValidationError({"case": "Innkallingen er publisert; saken kan ikke fjernes, bare omtales."})
    _ensure_agenda_open(meeting)
    if item.case_id:
        item.case.delete()
    else:
        item.delete()
    for index, each in enumerate(meeting.agenda.order_by("position"), start=1):
        AgendaItem.objects.filter(pk=each.pk).update(position=index)
    if not meeting.is_published:
        renumber_cases(meeting)


def renumber_cases(meeting: Meeting) -> None:
    """Number an unpublished meeting's cases in agenda order, continuing the year's series."""
    year = meeting.date.year
    others = Case.objects.filter(body=meeting.body, year=year).exclude(meeting=meeting)
    before = list(others.filter(meeting__date__lt=meeting.date).values_list("number", flat=True))
    cases = [i.case for i in meeting.agenda.filter(kind=AgendaItem.Kind.CASE).select_related("case")]
    numbers = numbering.agenda_numbers(before, len(cases))
    clash = numbering.collisions(numbers, set(others.values_list("number", flat=True)))
    if clash:
        taken = ", ".join(numbering.format_case_number(n, year) for n in clash)
        raise ValidationError({"number": f"Saksnummer {taken} er allerede brukt i et annet møte i {year}."})
    # Two passes so the unique constraint never sees a temporary duplicate.
    offset = 1000
    for case in cases:
        Case.objects.filter(pk=case.pk).update(number=case.number + offset if case.number < offset else case.number)
    for case, number in zip(cases, numbers):
        Case.objects.filter(pk=case.pk).update(number=number)
        case.number = number
        refresh_search_text(case)


@transaction.atomic
def set_case_number(case: Case, text: str) -> Case:
    """Give a case an explicit number (e.g. after publication); collisions are refused."""
    try:
        number, year = numbering.parse_case_number(text)
    except ValueError as error:
        raise ValidationError({"number": str(error)})
    if case.meeting and year != case.meeting.date.year:
        raise ValidationError({"number": f"Saksnummeret må høre til møteåret {case.meeting.date.year}."})
    holder = Case.objects.filter(body=case.body, year=year, number=number).exclude(pk=case.pk).first()
    if holder:
        raise ValidationError({"number": f"{holder.case_number} er allerede brukt av «{holder.title}»."})
    case.number, case.year = number, year
    case.save()
    refresh_search_text(case)
    return case


@transaction.atomic
def publish_notice(meeting: Meeting) -> Meeting:
    if meeting.is_published:
        raise ValidationError({"meeting": "Innkallingen er allerede publisert."})
    if not meeting.cases.exclude(is_eventuelt=True).exists():
        raise ValidationError({"agenda": "Dagsordenen har ingen saker."})
    meeting.notice_published_at = timezone.now()
    meeting.save()
    return meeting


# --- Cases: memo, meeting outcome ------------------------------------------------------

def ensure_minutes_open(case: Case, field: str = "decision") -> None:
    meeting = case.meeting
    if meeting is None:
        return
    if not meeting.is_published:
        raise ValidationError({field: "Saken er ikke publisert i en innkalling ennå; møtet kan ikke ha behandlet den."})
    if meeting.minutes_locked:
        raise ValidationError({field: "Referatet er godkjent og låst. Endringer føres som rettelse med begrunnelse."})


@transaction.atomic
def update_memo(case: Case, **fields) -> Case:
    """The cover memo and the case's header data; the minutes' fields go through record_outcome."""
    if case.meeting and case.meeting.minutes_locked:
        raise ValidationError({"title": "Referatet er godkjent; saken er låst."})
    for name, value in fields.items():
        if name in MINUTES_FIELDS:
            raise ValueError(f"{name} is a minutes field")
        setattr(case, name, value)
    case.full_clean(exclude=["previous_cases", "search_text"])
    case.save()
    refresh_search_text(case)
    return case


@transaction.atomic
def record_outcome(case: Case, decision: str | None = None, minutes_text: str | None = None,
                   type_in_meeting: str | None = None, type_change_reason: str | None = None) -> Case:
    """What happened to the case in the meeting; the proposal is kept as it was."""
    ensure_minutes_open(case)
    if decision is not None:
        case.decision = decision.strip()
    if minutes_text is not None:
        case.minutes_text = minutes_text.strip()
    if type_in_meeting is not None:
        if type_in_meeting and type_in_meeting not in CaseType.values:
            raise ValidationError({"type_in_meeting": f"Ukjent sakstype «{type_in_meeting}»."})
        case.type_in_meeting = "" if type_in_meeting == case.type else type_in_meeting
        case.type_change_reason = (type_change_reason or "").strip() if case.type_in_meeting else ""
    case.save()
    _start_minutes(case.meeting)
    refresh_search_text(case)
    return case


def _start_minutes(meeting: Meeting | None) -> None:
    if meeting and meeting.minutes_status == Meeting.Minutes.NONE:
        meeting.minutes_status = Meeting.Minutes.DRAFT
        meeting.save()


@transaction.atomic
def add_input(case: Case, text: str, actor: str = "") -> Input:
    ensure_minutes_open(case, "text")
    if not text.strip():
        raise ValidationError({"text": "Innspillet er tomt."})
    position = (case.inputs.aggregate(m=Max("position"))["m"] or 0) + 1
    item = Input.objects.create(case=case, text=text.strip(), actor=actor.strip(), position=position)
    _start_minutes(case.meeting)
    refresh_search_text(case)
    return item


@transaction.atomic
def add_action_item(case: Case, text: str, owner: str) -> ActionItem:
    ensure_minutes_open(case, "text")
    errors = {}
    if not text.strip():
        errors["text"] = "Skriv hva som skal følges opp."
    if not owner.strip():
        errors["owner"] = "Et aksjonspunkt må ha en ansvarlig."
    if errors:
        raise ValidationError(errors)
    _start_minutes(case.meeting)
    created = case.meeting.date if case.meeting else date.today()
    return ActionItem.objects.create(case=case, text=text.strip(), owner=owner.strip(), created=created)


@transaction.atomic
def close_action_item(item: ActionItem, closed_by: Case | None, note: str = "") -> ActionItem:
    """Close an item, normally by the later case that followed it up."""
    if closed_by is None and not note.strip():
        raise ValidationError({"closed_by": "Oppgi saken som fulgte opp aksjonspunktet, eller en merknad."})
    if closed_by is not None and closed_by.meeting and item.case.meeting and \
            closed_by.meeting.date < item.case.meeting.date:
        raise ValidationError({"closed_by": f"{closed_by.case_number} er eldre enn aksjonspunktet."})
    item.closed_by = closed_by
    item.closed_note = note.strip()
    item.closed = closed_by.meeting.date if closed_by and closed_by.meeting else date.today()
    item.save()
    return item


@transaction.atomic
def record_attendance(meeting: Meeting, name: str, organisation_name: str, status: str,
                      remote: str = Attendance.Remote.NONE, remote_from: time | None = None,
                      remote_until: time | None = None, substitute_for: str = "", note: str = "") -> Attendance:
    if meeting.minutes_locked:
        raise ValidationError({"status": "Referatet er godkjent; oppmøtet er låst."})
    if status == Attendance.Status.SUBSTITUTE and not substitute_for.strip():
        raise ValidationError({"substitute_for": "Oppgi hvem stedfortrederen stiller for."})
    attendee = person(name, organisation_name)
    row, _ = Attendance.objects.update_or_create(
        meeting=meeting, person=attendee,
        defaults=dict(
            organisation=organisation(organisation_name) or attendee.organisation, status=status, remote=remote,
            remote_from=remote_from, remote_until=remote_until, note=note,
            substitute_for=person(substitute_for) if substitute_for.strip() else None,
        ),
    )
    return row


@transaction.atomic
def approve_minutes(meeting: Meeting, approving_case: Case | None = None) -> Meeting:
    """The next meeting approves the minutes; from then on they are locked."""
    if meeting.minutes_locked:
        raise ValidationError({"minutes": "Referatet er allerede godkjent."})
    if not meeting.is_published:
        raise ValidationError({"minutes": "Møtet har ingen publisert innkalling."})
    if approving_case is not None and approving_case.meeting and approving_case.meeting.date <= meeting.date:
        raise ValidationError({"approving_case": "Referatet godkjennes i et senere møte."})
    meeting.minutes_status = Meeting.Minutes.APPROVED
    meeting.minutes_approved_at = timezone.now()
    meeting.minutes_approved_by = approving_case
    meeting.save()
    return meeting


CORRECTABLE = {"decision": "Vedtak", "minutes_text": "Referat"}


@transaction.atomic
def correct_minutes(case: Case, field: str, new_value: str, reason: str, author) -> MinutesCorrection:
    """A visible correction of approved minutes: never a silent edit."""
    if not (case.meeting and case.meeting.minutes_locked):
        raise ValidationError({"field": "Referatet er ikke godkjent ennå; endre det direkte."})
    if field not in CORRECTABLE:
        raise ValidationError({"field": f"Bare {', '.join(CORRECTABLE.values()).lower()} kan rettes."})
    if not reason.strip():
        raise ValidationError({"reason": "En rettelse må ha en begrunnelse."})
    old_value = getattr(case, field)
    if old_value.strip() == new_value.strip():
        raise ValidationError({"new_value": "Rettelsen endrer ingenting."})
    setattr(case, field, new_value.strip())
    case.save()
    refresh_search_text(case)
    return MinutesCorrection.objects.create(
        case=case, field=field, old_value=old_value, new_value=new_value.strip(), reason=reason.strip(),
        author=author,
    )


@transaction.atomic
def add_memo_comment(case: Case, author, text: str) -> MemoComment:
    if case.meeting and case.meeting.is_published:
        raise ValidationError({"text": "Notatet er publisert; kommentarer tas på utkast."})
    if not text.strip():
        raise ValidationError({"text": "Kommentaren er tom."})
    return MemoComment.objects.create(case=case, author=author, text=text.strip())


@transaction.atomic
def link_previous_cases(case: Case, keys: list[str]) -> None:
    """Link earlier cases by key (body/year/number) for "Vedtak fra tidligere behandlinger"."""
    found = []
    for key in keys:
        try:
            slug, year, number = key.strip().split("/")
            found.append(Case.objects.get(body__slug=slug, year=int(year), number=int(number)))
        except (ValueError, Case.DoesNotExist):
            raise ValidationError({"previous_cases": f"Fant ingen sak «{key}» (skriv organ/år/nummer, f.eks. nuit/2024/6)."})
    case.previous_cases.set(found)


@transaction.atomic
def add_other_forum(case: Case, date_text: str, title: str, decision: str = "") -> OtherForumTreatment:
    """A row of "Behandling i øvrige fora": treatment outside the council model."""
    if not title.strip():
        raise ValidationError({"title": "Skriv hvilket forum og hvilken sak."})
    return OtherForumTreatment.objects.create(
        case=case, date_text=date_text.strip(), title=title.strip(), decision=decision.strip()
    )


# --- Attachments --------------------------------------------------------------------------

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"


def validate_attachment(upload) -> None:
    """Attachments are PDF or DOCX, checked by content, not only by the name."""
    from django.conf import settings

    name = (upload.name or "").lower()
    if upload.size > settings.MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": "Filen er større enn 20 MB."})
    head = upload.read(8)
    upload.seek(0)
    if name.endswith(".pdf") and head.startswith(PDF_MAGIC):
        return
    if name.endswith(".docx") and head.startswith(ZIP_MAGIC):
        import zipfile

        try:
            with zipfile.ZipFile(upload) as archive:
                if "word/document.xml" in archive.namelist():
                    return
        except zipfile.BadZipFile:
            pass
        finally:
            upload.seek(0)
    raise ValidationError({"file": f"«{upload.name}» er ikke en PDF- eller DOCX-fil."})


@transaction.atomic
def add_attachment(case: Case, title: str, upload=None, label: str = "") -> Attachment:
    if not title.strip():
        raise ValidationError({"title": "Vedlegget må ha en tittel."})
    if upload is not None:
        validate_attachment(upload)
    return Attachment.objects.create(case=case, title=title.strip(), label=label.strip(), file=upload or "")
