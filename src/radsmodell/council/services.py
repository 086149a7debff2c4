"""Every write to the council register goes through these functions.

Views, the API, the CLI and the demo loader call them; each runs in one transaction and
enforces the workflow rules, raising ValidationError with the field it concerns.
"""
import re
import zipfile
from dataclasses import dataclass
from datetime import date, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from radsmodell.core.formatting import clock, long_date
from radsmodell.core.frozen import Frozen
from radsmodell.core.validation import local_time, refusing_concurrent_writes

from . import action_items, numbering, selectors
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
# The council's standard phrasings, offered as the proposed decision of a new case (the
# other types name what is approved or recommended, which only the case officer knows).
STANDARD_PROPOSALS = {
    CaseType.INFORMATION: "{body} tar saken til orientering.",
    CaseType.DISCUSSION: "{body} drøftet saken og ba sakseier ta med seg innspill gitt i møtet i det videre arbeidet.",
}
# Fields of a case that belong to the minutes; the memo form never writes them.
MINUTES_FIELDS = {"minutes_text", "decision", "type_in_meeting", "type_change_reason"}


# A case number taken by a concurrent write becomes a message, not a crash.
_register_write = refusing_concurrent_writes(
    "agenda", gettext_lazy("Registeret ble endret samtidig av noen andre. Prøv igjen."))


def _lock_body(body: Body) -> None:
    """Serialise numbering per body: on PostgreSQL the row lock makes max+1 safe."""
    Body.objects.select_for_update().filter(pk=body.pk).first()


def _save_valid(obj, exclude: list[str] | None = None):
    """Field checks (lengths, choices) before saving, so the database never refuses the row."""
    obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    obj.save()
    return obj


# --- People and organisations ---------------------------------------------------------------

def organisation(name: str | None) -> Organisation | None:
    return Organisation.objects.get_or_create(name=name.strip())[0] if name and name.strip() else None


def person(name: str, organisation_name: str | None = None) -> Person:
    found, created = Person.objects.get_or_create(name=name.strip())
    if organisation_name and (created or found.organisation is None):
        found.organisation = organisation(organisation_name)
        found.save()
    return found


# --- Meetings and agendas -------------------------------------------------------------------

def _previous_meeting(body: Body, day: date) -> Meeting | None:
    return Meeting.objects.filter(body=body, date__lt=day).order_by("-date").first()


@_register_write
def plan_meeting(body: Body, day: date, start_time: time | None = None, end_time: time | None = None,
                 location: str = "", number: str = "") -> Meeting:
    """A new meeting with the two standard opening cases and Eventuelt on its agenda. Times
    with an offset become Oslo times on the meeting's date (core/validation.py)."""
    start_time = local_time(start_time, day, "start_time")
    end_time = local_time(end_time, day, "end_time")
    if start_time and end_time and end_time <= start_time:
        raise ValidationError({"end_time": _("Møtet må slutte etter at det starter.")})
    _lock_body(body)
    if Meeting.objects.filter(body=body, date=day).exists():
        raise ValidationError({"date": _("%(body)s har allerede et møte %(day)s.") % {
            "body": body.short_name, "day": day.strftime("%d.%m.%Y")}})
    meeting = _save_valid(Meeting(
        body=body, date=day, start_time=start_time, end_time=end_time, location=location.strip(),
        number=number.strip(),
        members_called=[
            {"name": m.person.name, "organisation": m.organisation.name if m.organisation else ""}
            for m in selectors.members_on(body, day)
        ],
    ))
    previous = _previous_meeting(body, day)
    name = body.display_short_name(day)
    for title, proposal in OPENING_CASES:
        if previous and "referat" in title:
            with translation.override("nb"):  # case titles are Norwegian records, whatever the UI
                title = f"Godkjenning av referat fra {previous.body.display_short_name(previous.date)} " \
                        f"{long_date(previous.date)}"
        _append_case(meeting, title=title, type=CaseType.APPROVAL, proposed_decision=proposal.format(body=name))
    _append_case(meeting, title=EVENTUELT, type="", is_eventuelt=True)
    if start_time:
        first = meeting.agenda.get(position=1)
        first.start_time = start_time
        first.save(update_fields=["start_time"])  # saved, not updated: the change log has the time too
    renumber_year(body, day.year)
    return meeting


def _next_position(meeting: Meeting) -> int:
    return (meeting.agenda.aggregate(m=Max("position"))["m"] or 0) + 1


def _append_case(meeting: Meeting, **fields) -> Case:
    # A provisional number above every used one; renumber_year puts the agendas in order.
    top = Case.objects.filter(body=meeting.body, year=meeting.date.year).aggregate(m=Max("number"))["m"] or 0
    case = _save_valid(
        Case(body=meeting.body, year=meeting.date.year, number=top + 1, meeting=meeting, **fields),
        exclude=["previous_cases"],
    )
    AgendaItem.objects.create(meeting=meeting, position=_next_position(meeting), kind=AgendaItem.Kind.CASE, case=case)
    return case


def ensure_agenda_open(meeting: Meeting) -> None:
    """The agenda and the meeting's time and place belong to the approved minutes once they are locked."""
    if meeting.minutes_locked:
        raise Frozen(_("Referatet fra %(meeting)s er godkjent, så dagsordenen og møtets tid og sted ligger fast.")
                     % {"meeting": meeting.title})


def _eventuelt(meeting: Meeting) -> AgendaItem | None:
    return meeting.agenda.filter(case__is_eventuelt=True).first()


def _last_place_before_eventuelt(meeting: Meeting) -> int:
    """Cases, breaks and items stay above Eventuelt, which keeps the meeting's last number."""
    eventuelt = _eventuelt(meeting)
    return eventuelt.position - 1 if eventuelt else meeting.agenda.exclude(kind=AgendaItem.Kind.END).count()


@_register_write
def add_case(meeting: Meeting, title: str, type: str, start_time: time | None = None, **fields) -> Case:
    """A case placed before Eventuelt; numbers follow the agenda while the notice is unpublished."""
    start_time = local_time(start_time, meeting.date, "start_time")
    _lock_body(meeting.body)
    ensure_agenda_open(meeting)
    if not title.strip():
        raise ValidationError({"title": _("Saken må ha en tittel.")})
    if "proposed_decision" not in fields and type in STANDARD_PROPOSALS:
        body = meeting.body.display_short_name(meeting.date)
        fields["proposed_decision"] = STANDARD_PROPOSALS[type].format(body=body)
    case = _append_case(meeting, title=title.strip(), type=type, **fields)
    item = case.agenda_item
    item.start_time = start_time
    item.save()
    _place(item, _last_place_before_eventuelt(meeting) + 1 if _eventuelt(meeting) else item.position)
    if meeting.is_published:
        _log_notice_change(item, ADDED)
    else:
        renumber_year(meeting.body, meeting.date.year)
    case.refresh_from_db()
    return case


@_register_write
def add_agenda_break(meeting: Meeting, kind: str, start_time: time | None, title: str = "") -> AgendaItem:
    ensure_agenda_open(meeting)
    if kind not in (AgendaItem.Kind.BREAK, AgendaItem.Kind.LUNCH, AgendaItem.Kind.ITEM, AgendaItem.Kind.END):
        raise ValidationError({"kind": _("Velg pause, lunsj, slutt eller et punkt uten saksnummer.")})
    if kind == AgendaItem.Kind.ITEM and not title.strip():
        raise ValidationError({"title": _("Et punkt uten saksnummer må ha en tittel.")})
    item = _save_valid(AgendaItem(
        meeting=meeting, position=_next_position(meeting), kind=kind, start_time=start_time, title=title.strip()
    ), exclude=["case"])
    if kind != AgendaItem.Kind.END and _eventuelt(meeting):
        _place(item, _last_place_before_eventuelt(meeting) + 1)
    if meeting.is_published:
        _log_notice_change(item, ADDED)
    return item


def _place(item: AgendaItem, position: int) -> None:
    """Move `item` to `position`, shifting the others; positions stay 1..n and are audited."""
    items = [i for i in item.meeting.agenda.order_by("position") if i.pk != item.pk]
    items.insert(position - 1, item)
    for index, each in enumerate(items, start=1):
        if each.position != index:
            each.position = index
            each.save(update_fields=["position"])


def _opening(meeting: Meeting) -> AgendaItem | None:
    """"Godkjenning av innkalling og dagsorden": the first case, which nothing is moved above."""
    return meeting.agenda.filter(
        kind=AgendaItem.Kind.CASE, case__title__istartswith=OPENING_CASES[0][0]).order_by("position").first()


def _refuse_move(message: str, **params) -> None:
    raise ValidationError({"agenda": message % params})


@_register_write
def move_agenda_item(item: AgendaItem, offset: int) -> None:
    """Move an item up or down; the opening case stays first and Eventuelt last, and the user is told why.

    Items above the opening case (a welcome, say) stay above it. After the notice is
    published, a move is logged as a change to the notice (see notice_changes).
    """
    meeting = item.meeting
    ensure_agenda_open(meeting)
    if item.kind == AgendaItem.Kind.END or (item.case_id and item.case.is_eventuelt):
        _refuse_move(_("«%(item)s» står alltid sist på dagsordenen."), item=item.label)
    opening = _opening(meeting)
    if opening and opening.pk == item.pk:
        _refuse_move(_("«%(item)s» står alltid først på dagsordenen."), item=item.label)
    if opening and item.position < opening.position:
        first, last = 1, opening.position - 1
    else:
        first = opening.position + 1 if opening else 1
        last = _last_place_before_eventuelt(meeting)
    target = item.position + offset
    if target < first:
        if opening and item.position > opening.position:
            _refuse_move(_("«%(item)s» kan ikke flyttes foran «%(opening)s», som alltid står først på dagsordenen."),
                         item=item.label, opening=opening.label)
        _refuse_move(_("«%(item)s» står allerede øverst på dagsordenen."), item=item.label)
    if target > last:
        if opening and item.position < opening.position:
            _refuse_move(_("«%(item)s» kan ikke flyttes forbi «%(opening)s», som alltid er den første saken."),
                         item=item.label, opening=opening.label)
        eventuelt = _eventuelt(meeting)
        if eventuelt:
            _refuse_move(_("«%(item)s» kan ikke flyttes etter «%(eventuelt)s», som alltid står sist på dagsordenen."),
                         item=item.label, eventuelt=eventuelt.label)
        _refuse_move(_("«%(item)s» står allerede nederst på dagsordenen."), item=item.label)
    old = item.position
    _place(item, target)
    if meeting.is_published:
        _log_notice_change(item, f"{MOVED}|{old}|{target}")
    else:
        renumber_year(meeting.body, meeting.date.year)


@_register_write
def set_agenda_time(item: AgendaItem, start_time: time | None) -> AgendaItem:
    ensure_agenda_open(item.meeting)
    old = item.start_time
    item.start_time = start_time
    item.save(update_fields=["start_time"])
    if item.meeting.is_published and old != start_time:
        _log_notice_change(item, f"{RETIMED}|{clock(old)}|{clock(start_time)}")
    return item


@_register_write
def remove_agenda_item(item: AgendaItem) -> None:
    meeting = item.meeting
    ensure_agenda_open(meeting)
    if item.case_id and item.case.is_eventuelt:
        raise ValidationError({"agenda": _("Eventuelt hører til hvert møte og kan ikke fjernes.")})
    if meeting.is_published and item.case_id:
        raise ValidationError({"agenda": _("Innkallingen er publisert; saken kan ikke fjernes, bare omtales.")})
    if item.case_id:
        item.case.delete()
    else:
        if meeting.is_published:
            item._change_reason = REMOVED  # read by the history record of the deletion
        item.delete()
    for index, each in enumerate(meeting.agenda.order_by("position"), start=1):
        if each.position != index:
            each.position = index
            each.save(update_fields=["position"])
    if not meeting.is_published:
        renumber_year(meeting.body, meeting.date.year)


# Changes to a published notice are kept in the agenda's history records, each marked with
# what happened ("flyttet|7|8"); notice_changes() reads them back for the meeting page.
MOVED, ADDED, REMOVED, RETIMED = "flyttet", "lagt til", "fjernet", "tid"


def _log_notice_change(item: AgendaItem, what: str) -> None:
    record = item.history.order_by("-history_date", "-history_id").first()
    if record is not None:
        record.history_change_reason = what
        record.save(update_fields=["history_change_reason"])


@dataclass
class NoticeChange:
    when: object  # an aware datetime
    text: str


def notice_changes(meeting: Meeting) -> list[NoticeChange]:
    """What was changed in the agenda after the notice was published, oldest first."""
    if not meeting.is_published:
        return []
    rows = list(
        AgendaItem.history.filter(meeting_id=meeting.pk, history_date__gte=meeting.notice_published_at,
                                  history_change_reason__isnull=False)
        .exclude(history_change_reason="").order_by("history_date", "history_id")
    )
    cases = Case.objects.in_bulk({row.case_id for row in rows if row.case_id})
    changes = []
    for row in rows:
        case = cases.get(row.case_id)
        if case is not None:
            item = _("sak %(number)s «%(title)s»") % {"number": case.case_number, "title": case.title}
        else:
            item = "«%s»" % (row.title or AgendaItem.Kind(row.kind).label)
        what, *values = row.history_change_reason.split("|")
        if what == MOVED and len(values) == 2:
            old, new = int(values[0]), int(values[1])
            text = (_("%(item)s flyttet opp (fra plass %(old)s til %(new)s på dagsordenen)") if new < old else
                    _("%(item)s flyttet ned (fra plass %(old)s til %(new)s på dagsordenen)"))
            text %= {"item": item, "old": old, "new": new}
        elif what == ADDED:
            text = _("%(item)s lagt til på dagsordenen") % {"item": item}
        elif what == REMOVED:
            text = _("%(item)s fjernet fra dagsordenen") % {"item": item}
        elif what == RETIMED and len(values) == 2:
            text = _("tidspunktet for %(item)s endret fra %(old)s til %(new)s") % {
                "item": item, "old": values[0] or "–", "new": values[1] or "–"}
        else:
            continue
        changes.append(NoticeChange(timezone.localtime(row.history_date), text[:1].upper() + text[1:]))
    return changes


def renumber_year(body: Body, year: int) -> None:
    """Number the cases of the body's unpublished meetings that year in date and agenda order.

    Published meetings keep their numbers, as do cases known only from a reference; each
    unpublished meeting continues the series after everything dated before it.
    """
    cases = Case.objects.filter(body=body, year=year).select_related("meeting")
    fixed = [c for c in cases if c.meeting is None or c.meeting.is_published]
    fixed_numbers = {c.number for c in fixed}
    drafts = Meeting.objects.filter(body=body, date__year=year, notice_published_at__isnull=True).order_by("date")
    wanted: dict[int, int] = {}  # case pk -> number
    assigned: list[int] = []
    for meeting in drafts:
        before = [c.number for c in fixed if c.meeting is None or c.meeting.date < meeting.date] + assigned
        agenda_cases = [i.case for i in meeting.agenda.filter(kind=AgendaItem.Kind.CASE).select_related("case")]
        numbers = numbering.agenda_numbers(before, len(agenda_cases))
        clash = numbering.collisions(numbers, fixed_numbers)
        if clash:
            taken = ", ".join(numbering.format_case_number(n, year) for n in clash)
            raise ValidationError({"agenda": _(
                "Saksnummer %(numbers)s er allerede brukt av en publisert eller tidligere registrert sak i %(year)s."
            ) % {"numbers": taken, "year": year}})
        wanted.update({case.pk: number for case, number in zip(agenda_cases, numbers)})
        assigned += numbers
    changed = [c for c in cases if c.pk in wanted and c.number != wanted[c.pk]]
    # Out of the way first, so the unique constraint never sees a temporary duplicate. The
    # temporary numbers are updated past the change log; the save below records the real one.
    top = max([c.number for c in cases] + assigned, default=0)
    for offset, case in enumerate(changed, start=1):
        Case.objects.filter(pk=case.pk).update(number=top + offset)
    for case in changed:
        case.number = wanted[case.pk]
        case.save(update_fields=["number"])


@_register_write
def set_case_number(case: Case, text: str) -> Case:
    """Give a case an explicit number (e.g. after publication); collisions are refused."""
    ensure_case_open(case)
    try:
        number, year = numbering.parse_case_number(text)
    except numbering.CaseNumberError as error:
        raise ValidationError({"number": _(error.message) % error.params}) from None
    if case.meeting and year != case.meeting.date.year:
        raise ValidationError({"number": _("Saksnummeret må høre til møteåret %(year)s.") % {
            "year": case.meeting.date.year}})
    holder = Case.objects.filter(body=case.body, year=year, number=number).exclude(pk=case.pk).first()
    if holder:
        raise ValidationError({"number": _("%(number)s er allerede brukt av «%(title)s».") % {
            "number": holder.case_number, "title": holder.title}})
    case.number, case.year = number, year
    case.save()
    return case


@_register_write
def update_meeting(meeting: Meeting, start_time: time | None, end_time: time | None, location: str,
                   number: str) -> Meeting:
    """Time, place and number of a planned meeting; its date fixes its case numbers and stays."""
    from . import notice_mail  # here: notice_mail renders the notice, whose documents import this module

    ensure_agenda_open(meeting)
    if start_time and end_time and end_time <= start_time:
        raise ValidationError({"end_time": _("Møtet må slutte etter at det starter.")})
    before = notice_mail.details_before(meeting)
    meeting.start_time, meeting.end_time = start_time, end_time
    if location.strip() != meeting.location:
        meeting.location_source = ""  # the new place is the secretariat's own, not the source's
    meeting.location, meeting.number = location.strip(), number.strip()
    _save_valid(meeting)
    notice_mail.meeting_changed(meeting, before)  # a published meeting's new time or place: an update
    return meeting


@_register_write
def publish_notice(meeting: Meeting) -> Meeting:
    if meeting.is_published:
        raise ValidationError({"meeting": _("Innkallingen er allerede publisert.")})
    meeting.notice_published_at = timezone.now()
    meeting.save()
    from . import notice_mail  # here: notice_mail renders the notice, whose documents import this module

    notice_mail.notice_published(meeting)  # sent after the commit; a mail server down fails no publishing
    return meeting


# --- Cases: memo, meeting outcome ------------------------------------------------------------

def ensure_case_open(case: Case) -> None:
    """The memo, its number, links and attachments belong to the approved minutes once they are locked."""
    if case.meeting and case.meeting.minutes_locked:
        raise Frozen(_("Referatet fra %(meeting)s er godkjent, så sak %(number)s er låst; bruk rettelse for å "
                       "endre vedtaket eller referatteksten.") % {
            "meeting": case.meeting.title, "number": case.case_number})


def ensure_outcome_open(case: Case) -> None:
    """What the meeting did with the case (decision, input, action items) is the approved minutes once locked."""
    if case.meeting and case.meeting.minutes_locked:
        raise Frozen(_("Referatet fra %(meeting)s er godkjent og låst, så vedtak, innspill og aksjonspunkter i sak "
                       "%(number)s ligger fast; bruk rettelse med begrunnelse for å endre vedtaket eller "
                       "referatteksten.") % {"meeting": case.meeting.title, "number": case.case_number})


def ensure_attendance_open(meeting: Meeting) -> None:
    if meeting.minutes_locked:
        raise Frozen(_("Referatet fra %(meeting)s er godkjent, så oppmøtet ligger fast.") % {
            "meeting": meeting.title})


def ensure_minutes_not_approved(meeting: Meeting) -> None:
    """Approved minutes stay approved, by the case that approved them."""
    if meeting.minutes_locked:
        by = meeting.minutes_approved_by
        raise Frozen((_("Referatet fra %(meeting)s er allerede godkjent i sak %(number)s og ligger fast.") if by else
                      _("Referatet fra %(meeting)s er allerede godkjent og ligger fast.")) % {
            "meeting": meeting.title, "number": by.case_number if by else ""})


def ensure_minutes_open(case: Case, field: str = "decision") -> None:
    meeting = case.meeting
    if meeting is None:
        raise ValidationError({field: _("Saken er bare kjent fra en henvisning og har ikke noe møte her.")})
    if not meeting.is_published:
        raise ValidationError({field: _(
            "Saken er ikke publisert i en innkalling ennå; møtet kan ikke ha behandlet den.")})
    ensure_outcome_open(case)
    _ensure_held(meeting, field)


def _ensure_held(meeting: Meeting, field: str) -> None:
    """What happened in a meeting is recorded once it has taken place (on the day or later)."""
    if meeting.date > timezone.localdate():
        raise ValidationError({field: _(
            "Møtet er %(day)s og er ikke holdt ennå. Vedtak, innspill, aksjonspunkter og oppmøte "
            "registreres når møtet har vært.") % {"day": long_date(meeting.date)}})


@_register_write
def update_memo(case: Case, **fields) -> Case:
    """The cover memo and the case's header data; the minutes' fields go through record_outcome."""
    ensure_case_open(case)
    for name, value in fields.items():
        if name in MINUTES_FIELDS:
            raise ValueError(f"{name} is a minutes field")
        setattr(case, name, value)
    _save_valid(case, exclude=["previous_cases"])
    return case


@_register_write
def record_outcome(case: Case, decision: str | None = None, minutes_text: str | None = None,
                   type_in_meeting: str | None = None, type_change_reason: str | None = None,
                   adopted_as_proposed: bool = False) -> Case:
    """What happened to the case in the meeting; the proposal is kept as it was."""
    ensure_minutes_open(case)
    if adopted_as_proposed:
        if not case.proposed_decision:
            raise ValidationError({"adopted_as_proposed": _("Saken har ikke noe forslag til vedtak.")})
        decision = case.proposed_decision
    if decision is not None:
        case.decision = decision.strip()
    if minutes_text is not None:
        case.minutes_text = minutes_text.strip()
    if type_in_meeting is not None:
        if type_in_meeting and type_in_meeting not in CaseType.values:
            raise ValidationError({"type_in_meeting": _("Ukjent sakstype «%(type)s».") % {"type": type_in_meeting}})
        case.type_in_meeting = "" if type_in_meeting == case.type else type_in_meeting
        case.type_change_reason = (type_change_reason or "").strip() if case.type_in_meeting else ""
    _save_valid(case, exclude=["previous_cases"])
    _start_minutes(case.meeting)
    return case


def _start_minutes(meeting: Meeting | None) -> None:
    if meeting and meeting.minutes_status == Meeting.Minutes.NONE:
        meeting.minutes_status = Meeting.Minutes.DRAFT
        meeting.save()


@_register_write
def add_input(case: Case, text: str, actor: str = "") -> Input:
    ensure_minutes_open(case, "text")
    if not text.strip():
        raise ValidationError({"text": _("Innspillet er tomt.")})
    position = (case.inputs.aggregate(m=Max("position"))["m"] or 0) + 1
    item = _save_valid(Input(case=case, text=text.strip(), actor=actor.strip(), position=position))
    _start_minutes(case.meeting)
    return item


@_register_write
def remove_input(item: Input) -> None:
    """Take back input recorded by mistake, while the minutes are still a draft."""
    ensure_minutes_open(item.case, "text")
    item.delete()


@_register_write
def add_action_item(case: Case, text: str, owner: str) -> ActionItem:
    ensure_minutes_open(case, "text")
    errors = {}
    if not text.strip():
        errors["text"] = _("Skriv hva som skal følges opp.")
    if not owner.strip():
        errors["owner"] = _("Et aksjonspunkt må ha en ansvarlig.")
    if errors:
        raise ValidationError(errors)
    _start_minutes(case.meeting)
    item = _save_valid(ActionItem(case=case, text=text.strip(), owner=owner.strip(), created=case.meeting.date),
                       exclude=["closed_by"])
    action_items.record_opened(item)
    return item


@_register_write
def close_action_item(item: ActionItem, closed_by: Case | None, note: str = "") -> ActionItem:
    """Close an item, normally by a case in a later meeting that followed it up."""
    if not item.is_open:
        raise ValidationError({"closed_by": _("Aksjonspunktet er allerede lukket.")})
    if closed_by is None and not note.strip():
        raise ValidationError({"closed_by": _("Oppgi saken som fulgte opp aksjonspunktet, eller en merknad.")})
    # Done, with its step in the item's history (action_items.py has the rules of every status).
    return action_items.change_status(item, ActionItem.Status.DONE, case=closed_by, note=note)


@_register_write
def record_attendance(meeting: Meeting, name: str, organisation_name: str, status: str,
                      remote: str = Attendance.Remote.NONE, remote_from: time | None = None,
                      remote_until: time | None = None, substitute_for: str = "", note: str = "") -> Attendance:
    if not meeting.is_published:
        raise ValidationError({"status": _("Oppmøte registreres etter at innkallingen er publisert.")})
    ensure_attendance_open(meeting)
    _ensure_held(meeting, "status")
    if not name.strip():
        raise ValidationError({"name": _("Skriv navnet på deltakeren.")})
    if status == Attendance.Status.SUBSTITUTE and not substitute_for.strip():
        raise ValidationError({"substitute_for": _("Oppgi hvem stedfortrederen stiller for.")})
    attendee = person(name, organisation_name)
    row = Attendance.objects.filter(meeting=meeting, person=attendee).first() or Attendance(
        meeting=meeting, person=attendee)
    row.organisation = organisation(organisation_name) or attendee.organisation
    row.status, row.remote, row.remote_from, row.remote_until, row.note = (
        status, remote, remote_from, remote_until, note.strip())
    row.substitute_for = person(substitute_for) if substitute_for.strip() else None
    _save_valid(row)
    _start_minutes(meeting)
    return row


# --- Approving the minutes -------------------------------------------------------------------

# One-click outcomes for a case that was only informed about or discussed (the council's
# standard phrasings), and the proposal adopted as it stood.
NOTED, DISCUSSED, AS_PROPOSED = "orientering", "drofting", "som-foreslatt"
STANDARD_OUTCOMES = {
    NOTED: "{body} tar saken til orientering.",
    DISCUSSED: "{body} drøftet saken.",
}


@dataclass
class MinutesGap:
    """Something the minutes lack before they can be approved; `case` when a case lacks its outcome."""
    text: str
    case: Case | None = None


class MinutesIncomplete(ValidationError):
    """The minutes cannot be approved yet; `missing` says exactly what is missing."""

    def __init__(self, gaps: list[MinutesGap]):
        self.missing = [gap.text for gap in gaps]
        super().__init__({"minutes": self.missing})


def minutes_gaps(meeting: Meeting) -> list[MinutesGap]:
    """What the minutes lack: the meeting held, attendance, an outcome for every case (agenda order).

    Eventuelt needs an outcome only when matters were raised under it (input or action items).
    """
    gaps = []
    if meeting.date > timezone.localdate():
        gaps.append(MinutesGap(_("Møtet er ikke holdt ennå (det er %(day)s)") % {"day": long_date(meeting.date)}))
    if not meeting.is_published:
        gaps.append(MinutesGap(_("Innkallingen er ikke publisert")))
    # Absences members registered before the meeting are not the attendance of the meeting.
    if not meeting.attendance.filter(status__in=[Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTE]).exists():
        gaps.append(MinutesGap(_("Oppmøte er ikke registrert")))
    cases = (
        Case.objects.filter(meeting=meeting).select_related("body", "meeting")
        .annotate(matters=Count("inputs", distinct=True) + Count("action_items", distinct=True))
        .order_by("agenda_item__position", "number")
    )
    for case in cases:
        if case.decision.strip() or (case.is_eventuelt and not case.matters):
            continue
        gaps.append(MinutesGap(_("Sak %(number)s mangler vedtak") % {"number": case.case_number}, case))
    return gaps


@_register_write
def record_standard_outcome(case: Case, outcome: str) -> Case:
    """"Tatt til orientering", "Drøftet" or "Vedtatt som foreslått" in one click; never over a decision."""
    ensure_minutes_open(case)
    if case.decision.strip():
        raise ValidationError({"decision": _("Sak %(number)s har allerede et vedtak. Endre det på saken.") % {
            "number": case.case_number}})
    if outcome == AS_PROPOSED:
        return record_outcome(case, adopted_as_proposed=True)
    if outcome not in STANDARD_OUTCOMES:
        raise ValidationError({"decision": _("Ukjent utfall «%(outcome)s».") % {"outcome": outcome}})
    return record_outcome(case, decision=STANDARD_OUTCOMES[outcome].format(body=case.body_short_name))


def approving_cases(meeting: Meeting) -> list[Case]:
    """Cases that can approve the minutes: those of the body's later meetings that are published and held."""
    return list(
        Case.objects.filter(body=meeting.body, meeting__date__gt=meeting.date,
                            meeting__date__lte=timezone.localdate(), meeting__notice_published_at__isnull=False)
        .select_related("body", "meeting", "meeting__body").prefetch_related("meeting__body__later_names")
        .order_by("meeting__date", "agenda_item__position", "number")
    )


def proposed_approving_case(meeting: Meeting, candidates: list[Case] | None = None) -> Case | None:
    """"Godkjenning av referat …" in the body's next meeting that names this meeting (or none)."""
    candidates = approving_cases(meeting) if candidates is None else candidates
    following = Meeting.objects.filter(body=meeting.body, date__gt=meeting.date).order_by("date").first()
    with translation.override("nb"):  # case titles are Norwegian records
        day = long_date(meeting.date)
    for case in candidates:
        title = case.title.casefold()
        if not title.startswith("godkjenning av referat"):
            continue
        names_a_meeting = re.search(r"\b(19|20)\d\d\b", title)
        if day in title or (not names_a_meeting and following and case.meeting_id == following.pk):
            return case
    return None


@_register_write
def approve_minutes(meeting: Meeting, approving_case: Case | None) -> Meeting:
    """A later meeting of the same body approves complete minutes; from then on they are locked.

    Refused with MinutesIncomplete (the list of what is missing) while anything is missing.
    """
    ensure_minutes_not_approved(meeting)
    gaps = minutes_gaps(meeting)
    if gaps:
        raise MinutesIncomplete(gaps)
    if approving_case is None:
        raise ValidationError({"approving_case": _("Oppgi saken i neste møte som godkjente referatet.")})
    later = approving_case.meeting
    if approving_case.body_id != meeting.body_id or later is None or later.date <= meeting.date:
        raise ValidationError({"approving_case": _("Referatet godkjennes i en sak i et senere møte i samme organ.")})
    if not later.is_published:
        raise ValidationError({"approving_case": _("Møtet som godkjenner referatet, har ikke publisert innkalling.")})
    if later.date > timezone.localdate():
        raise ValidationError({"approving_case": _("Møtet som godkjenner referatet (%(day)s), er ikke holdt ennå.") % {
            "day": long_date(later.date)}})
    meeting.minutes_status = Meeting.Minutes.APPROVED
    meeting.minutes_approved_at = timezone.now()
    meeting.minutes_approved_by = approving_case
    meeting.save()
    return meeting


@_register_write
def correct_minutes(case: Case, field: str, new_value: str, reason: str, author) -> MinutesCorrection:
    """A visible correction of approved minutes: never a silent edit."""
    if not (case.meeting and case.meeting.minutes_locked):
        raise ValidationError({"field": _("Referatet er ikke godkjent ennå; endre det direkte.")})
    if field not in MinutesCorrection.Field.values:
        raise ValidationError({"field": _("Ukjent felt «%(field)s».") % {"field": field}})
    if not reason.strip():
        raise ValidationError({"reason": _("En rettelse må ha en begrunnelse.")})
    old_value = getattr(case, field)
    if old_value.strip() == new_value.strip():
        raise ValidationError({"new_value": _("Rettelsen endrer ingenting.")})
    setattr(case, field, new_value.strip())
    case.save()
    return MinutesCorrection.objects.create(
        case=case, field=field, old_value=old_value, new_value=new_value.strip(), reason=reason.strip(),
        author=author,
    )


@_register_write
def add_memo_comment(case: Case, author, text: str) -> MemoComment:
    ensure_case_open(case)
    if case.meeting is None or case.meeting.is_published:
        raise ValidationError({"text": _("Notatet er publisert; kommentarer tas på utkast.")})
    if not text.strip():
        raise ValidationError({"text": _("Kommentaren er tom.")})
    return MemoComment.objects.create(case=case, author=author, text=text.strip())


@_register_write
def link_previous_cases(case: Case, keys: list[str]) -> None:
    """Link earlier cases by key (body/year/number) for "Vedtak fra tidligere behandlinger"."""
    ensure_case_open(case)
    found = []
    for key in keys:
        earlier = selectors.case_by_key(key)
        if earlier is None:
            raise ValidationError({"previous_cases": _(
                "Fant ingen sak «%(key)s» (skriv organ/år/nummer, f.eks. nuit/2024/6).") % {"key": key}})
        if earlier.pk == case.pk:
            raise ValidationError({"previous_cases": _("En sak kan ikke være sin egen tidligere behandling.")})
        found.append(earlier)
    case.previous_cases.set(found)


@_register_write
def add_other_forum(case: Case, date_text: str, title: str, decision: str = "") -> OtherForumTreatment:
    """A row of "Behandling i øvrige fora": treatment outside the council model."""
    ensure_case_open(case)
    if not title.strip():
        raise ValidationError({"title": _("Skriv hvilket forum og hvilken sak.")})
    return _save_valid(OtherForumTreatment(
        case=case, date_text=date_text.strip(), title=title.strip(), decision=decision.strip()
    ))


# --- Attachments ------------------------------------------------------------------------------

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"


def validate_attachment(upload) -> None:
    """Attachments are PDF or DOCX, checked by content, not only by the name."""
    name = (upload.name or "").lower()
    if upload.size > settings.MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": _("Filen er større enn 20 MB.")})
    head = upload.read(8)
    upload.seek(0)
    if name.endswith(".pdf") and head.startswith(PDF_MAGIC):
        return
    if name.endswith(".docx") and head.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(upload) as archive:
                if "word/document.xml" in archive.namelist():
                    return
        except zipfile.BadZipFile:
            pass
        finally:
            upload.seek(0)
    raise ValidationError({"file": _("«%(name)s» er ikke en PDF- eller DOCX-fil.") % {"name": upload.name}})


@_register_write
def add_attachment(case: Case, title: str, upload=None, label: str = "") -> Attachment:
    ensure_case_open(case)
    if not title.strip():
        raise ValidationError({"title": _("Vedlegget må ha en tittel.")})
    if upload is not None:
        validate_attachment(upload)
    return _save_valid(Attachment(case=case, title=title.strip(), label=label.strip(), file=upload or ""))
