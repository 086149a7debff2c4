"""The council's documents: the notice (innkalling), the cover memo (toppnotat) and the
minutes (referat), as the documents app renders them (HTML, PDF and DOCX from one context).

Every value in a context is already formatted text (Norwegian dates, case numbers, labels),
so the three formats cannot drift apart. Visibility is decided by the selectors: when the
subject is found, and for the decisions of earlier cases a memo lists (`previous_treatments`).
"""
from datetime import date

from django.http import Http404
from django.utils import timezone

from radsmodell.core.formatting import clock, long_date
from radsmodell.core.provenance import cite
from radsmodell.documents.registry import Console, Document, SubjectNotFound, register

from . import attendance as council_attendance
from . import selectors, services
from .models import AgendaItem, Attendance, Body, Case, CaseType, Meeting, MinutesCorrection
from .numbering import format_case_number

MEMO_SECTIONS = [
    ("proposed_decision", "Forslag til vedtak"),
    ("purpose", "Hensikt med saken"),
    ("background", "Bakgrunn"),
    ("questions", "Hva skal nasjonal rådsmodell ta stilling til?"),
    ("next_steps", "Videre saksprosess"),
]


# --- small formatting helpers -------------------------------------------------------------

def prose_clock(t) -> str:
    """Times inside sentences are written 12.20 in Norwegian prose (tables use 12:20)."""
    return clock(t).replace(":", ".")


def time_span(start, end) -> str:
    if start and end:
        return f"{clock(start)}–{clock(end)}"
    if start:
        return f"fra {clock(start)}"
    return ""


def meeting_label(meeting: Meeting) -> str:
    """'NUIT 2/2024, 15. mai 2024'; a meeting without a number is named by its date only."""
    short = meeting.body.display_short_name(meeting.date)
    if meeting.number:
        return f"{short} {meeting.number}, {long_date(meeting.date)}"
    return f"{short} {long_date(meeting.date)}"


def secretariat_of(body: Body, day: date) -> str:
    """The author a council document names: Helsedirektoratet is every body's secretariat."""
    return f"Helsedirektoratet, sekretariatet for {body.display_short_name(day)}"


def person_with_org(person, organisation=None) -> str:
    org = organisation or person.organisation
    return f"{person.name} ({org.name})" if org else person.name


def type_label(value: str) -> str:
    return CaseType(value).label if value else ""


def case_reference(case: Case, from_body_id: int | None = None) -> str:
    """'17/24', or 'NUFA 9/24' when the case belongs to another body than the document's."""
    if case.body_id == from_body_id:
        return case.case_number
    on = case.meeting.date if case.meeting else date(case.year, 12, 31)
    return f"{case.body.display_short_name(on)} {case.case_number}"


def assumed(reason: str) -> str:
    """An inferred value's mark in a document: "antatt: <reason>", or nothing."""
    return f"antatt: {reason.strip()}" if reason and reason.strip() else ""


def sources(*notes: str) -> list[str]:
    """The public references of the documents a document is transcribed from, each once."""
    cited = []
    for note in notes:
        reference = cite(note)
        if reference and reference not in cited:
            cited.append(reference)
    return cited


def _header(*rows) -> list[dict]:
    """Label/value rows of a document's header block; rows without a value are left out."""
    return [{"label": label, "value": value} for label, value in rows if value]


def _meeting_header(meeting: Meeting) -> list[dict]:
    return _header(
        ("Møte", meeting.number),  # only the number the register holds, never a made-up one
        ("Dato", long_date(meeting.date)),
        ("Tid", time_span(meeting.start_time, meeting.end_time)),
        ("Sted", meeting.location),
    )


def _agenda_row(item: AgendaItem) -> dict:
    case = item.case
    return {
        "number": case.case_number if case else "",
        "title": item.label,
        "time": clock(item.start_time),
        "type": case.get_type_display() if case else "",
    }


def _presenters(presenters: list[dict]) -> list[str]:
    return [f"{p['name']} ({p['organisation']})" if p.get("organisation") else p["name"] for p in presenters]


# --- innkalling ---------------------------------------------------------------------------

def notice_members(meeting: Meeting) -> list[str]:
    """Who is called: the notice's member list, else the body's members on the day."""
    if meeting.members_called:
        return [f"{m['name']} ({m['organisation']})" if m.get("organisation") else m["name"]
                for m in meeting.members_called]
    return [person_with_org(m.person, m.organisation) for m in selectors.members_on(meeting.body, meeting.date)]


def notice_context(meeting: Meeting, user) -> dict:
    body_name = meeting.body.display_name(meeting.date)
    items = selectors.agenda(meeting)
    cases = []
    for item in items:
        case = item.case
        if case is None and not (item.kind == AgendaItem.Kind.ITEM and (item.summary or item.presenters)):
            continue
        cases.append({
            "number": case.case_number if case else "",
            "title": item.label,
            "type": case.get_type_display() if case else "",
            "presenters": _presenters(case.presenters if case else item.presenters),
            "summary": case.summary if case else item.summary,
            "proposed_decision": case.proposed_decision if case else "",
            "proposal_assumption": assumed(case.proposal_assumption) if case else "",
            "attachments": [
                f"{a.label}: {a.title}" if a.label else a.title for a in (case.attachments.all() if case else [])
            ],
        })
    return {
        "document": "notice",
        "file_stem": f"innkalling-{meeting.body.slug}-{meeting.date.isoformat()}",
        "doc_title": f"Innkalling – {meeting_label(meeting)}",
        "running_header": f"Innkalling – {meeting_label(meeting)}",
        "doc_author": secretariat_of(meeting.body, meeting.date),
        "draft": not meeting.is_published,
        "heading": f"Innkalling til møte i {body_name}",
        "header": _meeting_header(meeting),
        "members": notice_members(meeting),
        "agenda": [_agenda_row(item) for item in items],
        "changes": services.notice_changes(meeting),
        "cases": cases,
        "sources": sources(meeting.source, meeting.location_source),
    }


# --- toppnotat ----------------------------------------------------------------------------

def memo_context(case: Case, user) -> dict:
    meeting = case.meeting
    day = case.memo_date or (meeting.date if meeting else None)
    body_name = case.body.display_name(day or date(case.year, 12, 31))
    previous = [
        {"reference": case_reference(earlier, case.body_id), "title": earlier.title,
         "decision": earlier.shown_decision,
         "assumption": assumed(earlier.decision_assumption) if earlier.shown_decision else ""}
        for earlier in selectors.previous_treatments(user, case)
    ]
    other_fora = [
        {"date": row.date_text, "title": row.title, "decision": row.decision} for row in case.other_fora.all()
    ]
    return {
        "document": "memo",
        "file_stem": f"toppnotat-{case.body.slug}-{case.year}-{case.number}",
        "doc_title": f"Toppnotat – {case_reference(case)} {case.title}",
        "running_header": f"Toppnotat – sak {case.case_number}"
                          + (f" – {meeting_label(meeting)}" if meeting else f" – {body_name}"),
        "doc_author": secretariat_of(case.body, day or date(case.year, 12, 31)),
        # A memo is sent with its meeting's notice; before that it is a draft.
        "draft": not (meeting and meeting.is_published),
        "heading": f"{case.case_number} {case.title}",
        "kicker": f"Toppnotat til {body_name}",
        "header": _header(
            ("Til", case.memo_to or (meeting_label(meeting) if meeting else body_name)),
            ("Dato", long_date(day)),
            ("Saksnummer", case.case_number),
            ("Innretning", case.get_type_display()),
            ("Sakseier", case.owner),
            ("Saksbehandler", ", ".join(case.officers)),
        ),
        "sections": [{"title": title, "text": getattr(case, field),
                      "assumption": assumed(case.proposal_assumption) if field == "proposed_decision" else ""}
                     for field, title in MEMO_SECTIONS if getattr(case, field).strip()],
        "previous": previous,
        "other_fora": other_fora,
        "sources": sources(case.source),
    }


# --- referat ------------------------------------------------------------------------------

def remote_note(row: Attendance) -> str:
    if row.remote == Attendance.Remote.FULL:
        return "digitalt"
    if row.remote != Attendance.Remote.PARTIAL:
        return ""
    if row.remote_from and row.remote_until:
        return f"digitalt fra kl. {prose_clock(row.remote_from)} til kl. {prose_clock(row.remote_until)}"
    if row.remote_until:
        return f"digitalt frem til kl. {prose_clock(row.remote_until)}"
    if row.remote_from:
        return f"digitalt fra kl. {prose_clock(row.remote_from)}"
    return "delvis digitalt"


def attendance_lists(meeting: Meeting) -> dict[str, list[str]]:
    present, absent, substitutes = [], [], []
    for row in selectors.attendance(meeting):
        who = person_with_org(row.person, row.organisation)
        remote = remote_note(row)
        if row.status == Attendance.Status.SUBSTITUTE:
            text = f"{who} stilte for {row.substitute_for.name}" if row.substitute_for else f"{who} (stedfortreder)"
            substitutes.append(f"{text} {remote}".strip())
        elif row.status == Attendance.Status.ABSENT:
            absent.append(who)
        elif row.status == Attendance.Status.GUEST:
            continue  # listed with their cases (council_attendance.guest_lines)
        else:
            present.append(f"{who} – {remote}" if remote else who)
    return {"present": present, "absent": absent, "substitutes": substitutes}


def approval_line(meeting: Meeting) -> str:
    if not meeting.minutes_locked:
        return "Utkast – referatet er ikke godkjent."
    approver = meeting.minutes_approved_by
    if approver is None:
        return "Godkjent."
    where = f" i møtet {long_date(approver.meeting.date)}" if approver.meeting else ""
    return f"Godkjent i sak {case_reference(approver, meeting.body_id)}{where}."


def approval_assumption(meeting: Meeting) -> str:
    return assumed(meeting.minutes_assumption) if meeting.minutes_locked else ""


def _minutes_case(case: Case, conflicts: dict | None = None) -> dict:
    case_type = case.get_effective_type_display()
    if case.type_in_meeting and case.type_in_meeting != case.type:
        # 8/24 went from Drøfting to Orientering in the meeting; the minutes say so, and why.
        reason = f". Begrunnelse: {case.type_change_reason}" if case.type_change_reason else ""
        case_type += f" (endret fra {type_label(case.type)} til {type_label(case.type_in_meeting)}{reason})"
    return {
        "number": case.case_number,
        "title": case.title,
        "type": case_type,
        "minutes_text": case.minutes_text,
        # Input is not attributed unless the actor asked to be named (minutes convention, 12/24).
        "inputs": [f"{i.text} ({i.actor})" if i.actor else i.text for i in case.inputs.all()],
        "decision": case.decision,
        "action_items": [
            f"{a.text} (ansvarlig: {a.owner})"
            + (f" ({assumed(a.assumption)})" if a.assumption else "")
            + (f" – fulgt opp i sak {case_reference(a.closed_by, case.body_id)}" if a.closed_by else "")
            + (f" ({assumed(a.closed_assumption)})" if a.closed_by and a.closed_assumption else "")
            for a in case.action_items.all()
        ],
        # "Inhabil: NN (grunn) – fratrådte under behandlingen" (council/attendance.py)
        "conflicts": [council_attendance.conflict_line(c) for c in (conflicts or {}).get(case.pk, [])],
    }


def minutes_context(meeting: Meeting, user) -> dict:
    body_name = meeting.body.display_name(meeting.date)
    items = selectors.agenda(meeting)
    cases = [item.case for item in items if item.case]
    corrections = MinutesCorrection.objects.filter(case__in=cases).select_related("case", "author")
    conflicts = council_attendance.conflicts_by_case(meeting)
    return {
        "document": "minutes",
        "file_stem": f"referat-{meeting.body.slug}-{meeting.date.isoformat()}",
        "doc_title": f"Referat – {meeting_label(meeting)}",
        "running_header": f"Referat – {meeting_label(meeting)}",
        "doc_author": secretariat_of(meeting.body, meeting.date),
        "draft": not meeting.minutes_locked,
        "heading": f"Referat fra møte i {body_name}",
        "header": _meeting_header(meeting),
        "approval": approval_line(meeting),
        "approval_assumption": approval_assumption(meeting),
        "approved": meeting.minutes_locked,
        # A meeting recorded from the roster lists it so; a seed's keeps its source's wording.
        "attendance": council_attendance.minutes_attendance(meeting)
        if council_attendance.recorded_from_roster(meeting)
        else {**attendance_lists(meeting), "guests": council_attendance.guest_lines(meeting)},
        "secretariat": [s.person.name for s in meeting.secretariat.select_related("person")],
        "overview": [
            {"number": c.case_number, "title": c.title, "type": c.get_effective_type_display()} for c in cases
        ],
        "cases": [_minutes_case(c, conflicts) for c in cases],
        "corrections": [
            {
                "case": c.case.case_number,
                "field": c.get_field_display(),
                "who": c.author.get_full_name() or c.author.get_username(),
                "when": long_date(timezone.localdate(c.created)),
                "why": c.reason,
                "old": c.old_value,
                "new": c.new_value,
            }
            for c in corrections
        ],
        "sources": sources(meeting.source),
    }


# --- how the web and the console find a document's subject ---------------------------------

def _meeting_of_request(request, body: str, day: str) -> Meeting:
    return selectors.get_meeting(request.user, body, day)


def _minutes_of_request(request, body: str, day: str) -> Meeting:
    meeting = selectors.get_meeting(request.user, body, day)
    if not selectors.minutes_visible(request.user, meeting):
        raise Http404("Referatet er ikke godkjent")
    return meeting


def _case_of_request(request, body: str, year: int, number: int) -> Case:
    return selectors.get_case(request.user, body, year, number)


def _body(slug: str) -> Body:
    body = Body.objects.filter(slug=slug).first()
    if body is None:
        known = ", ".join(Body.objects.order_by("slug").values_list("slug", flat=True))
        raise SubjectNotFound(f"ukjent organ «{slug}» (kjente: {known}).")
    return body


def find_meeting(key: str) -> Meeting:
    """nuit/2024-05-15 → that meeting."""
    slug, _, day_text = key.partition("/")
    try:
        day = date.fromisoformat(day_text)
    except ValueError:
        raise SubjectNotFound(f"«{key}» er ikke organ/ÅÅÅÅ-MM-DD, for eksempel nuit/2024-05-15.") from None
    body = _body(slug)
    meeting = Meeting.objects.filter(body=body, date=day).first()
    if meeting is None:
        dates = ", ".join(d.isoformat() for d in body.meetings.order_by("date").values_list("date", flat=True))
        raise SubjectNotFound(f"{body} har ikke møte {day.isoformat()} (møtedatoer: {dates or 'ingen'}).")
    return meeting


def find_case(key: str) -> Case:
    """nuit/2024/17 → that case."""
    parts = key.split("/")
    if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit():
        raise SubjectNotFound(f"«{key}» er ikke organ/år/nummer, for eksempel nuit/2024/17.")
    body = _body(parts[0])
    found = Case.objects.filter(body=body, year=int(parts[1]), number=int(parts[2])).first()
    if found is None:
        raise SubjectNotFound(f"{body} har ingen sak {format_case_number(int(parts[2]), int(parts[1]))}.")
    return found


def _back_to_meeting(meeting: Meeting) -> tuple[str, str]:
    return meeting.get_absolute_url(), "Til møtesiden"


def _back_from_memo(case: Case) -> tuple[str, str]:
    if case.meeting:
        return case.meeting.get_absolute_url(), "Til møtesiden"
    return case.get_absolute_url(), "Til saken"


MEETING = Console("--meeting", "møtet som organ/dato, for eksempel nuit/2024-05-15", find_meeting)
CASE = Console("--case", "saken som organ/år/nummer, for eksempel nuit/2024/17", find_case)

# A bad date in the URL is a 404 too (the selectors say so).
register(Document("notice", "council/documents/notice.html", notice_context,
                  "moter/<slug:body>/<str:day>/innkalling", _meeting_of_request, back=_back_to_meeting,
                  console=MEETING))
register(Document("minutes", "council/documents/minutes.html", minutes_context,
                  "moter/<slug:body>/<str:day>/referat", _minutes_of_request, back=_back_to_meeting,
                  console=MEETING))
register(Document("memo", "council/documents/memo.html", memo_context,
                  "saker/<slug:body>/<int:year>/<int:number>/toppnotat", _case_of_request, back=_back_from_memo,
                  console=CASE))

from . import meeting_pack  # noqa: E402, F401  the meeting pack joins the documents above (it registers itself)
