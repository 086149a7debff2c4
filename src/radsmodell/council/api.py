"""JSON API of the council register. Reads follow the same visibility as the pages;
writes declare the secretariat's role (401 without a login, 403 for other roles)."""
from datetime import date, datetime, time
from typing import Literal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from radsmodell.core.api import ErrorOut, Rows, api_enum, local_moment, paginated
from radsmodell.core.provenance import cite
from radsmodell.core.roles import Role, api_auth, can_see_drafts
from radsmodell.core.validation import InputSchema

from . import action_items, commission_selectors, selectors, services
from .models import ActionItem, AgendaItem, Attendance, Body, Case, CaseType, Commission, Mandate, Meeting, Membership

router = Router(tags=["Rådsmodellen"])

# The API's enums, in English whatever the register stores (core/api.py): "drofting" is "discussion".
ApiCaseType = api_enum("CaseType", CaseType)
MinutesStatus = api_enum("MinutesStatus", Meeting.Minutes)
MandateStatus = api_enum("MandateStatus", Mandate.Status)
MemberRole = api_enum("MemberRole", Membership.Role)
AgendaItemKind = api_enum("AgendaItemKind", AgendaItem.Kind)
AttendanceStatus = api_enum("AttendanceStatus", Attendance.Status)
RemoteAttendance = api_enum("RemoteAttendance", Attendance.Remote)
ActionItemState = api_enum("ActionItemState", ActionItem.Status)


# --- Schemas -----------------------------------------------------------------------------

class MandateOut(Schema):
    version: str
    status: MandateStatus
    adopted_by: str
    valid_from: date | None
    purpose: str
    tasks: list[str]


class MemberOut(Schema):
    name: str
    organisation: str | None
    role: MemberRole
    start: date | None
    end: date | None
    ended: bool = Field(description="The period is over, though its end date is not known")
    replaces: str | None
    first_seen: date | None
    last_seen: date | None
    assumption: str = Field(description="Why the period is inferred rather than read from a source; empty if read")


class BodyNameOut(Schema):
    name: str
    short_name: str
    valid_from: date


class BodyOut(Schema):
    slug: str
    name: str = Field(description="The name in force today")
    short_name: str
    original_name: str
    level: int
    later_names: list[BodyNameOut]
    assumption: str = Field(description="Why the body is inferred rather than read from a source; empty if read")
    mandates: list[MandateOut]
    members: list[MemberOut]


class MeetingSummaryOut(Schema):
    id: int
    body: str
    date: date
    number: str | None
    title: str
    location: str
    notice_published: bool
    minutes_status: MinutesStatus
    minutes_assumption: str = Field(description="Why the minutes' status is inferred; empty if read from a source")
    source: str = Field(description="The document the meeting is known from")


class AgendaItemOut(Schema):
    position: int
    kind: AgendaItemKind
    start: datetime | None = Field(description="When the item starts, with its offset (2024-05-15T09:00:00+02:00)")
    case_number: str | None
    title: str
    type: ApiCaseType | None


class AttendanceOut(Schema):
    name: str
    organisation: str | None
    status: AttendanceStatus
    remote: RemoteAttendance
    substitute_for: str | None
    note: str


class MeetingOut(MeetingSummaryOut):
    start: datetime | None = Field(description="When the meeting starts, with its offset (2024-05-15T09:00:00+02:00)")
    end: datetime | None = Field(description="When it ends, with its offset")
    agenda: list[AgendaItemOut]
    attendance: list[AttendanceOut]


class InputOut(Schema):
    text: str
    actor: str | None


class ActionItemEventOut(Schema):
    state: ActionItemState = Field(description="The status the item got in this step")
    date: date
    note: str = Field(description="Why; required when the item was dropped or reopened")
    case: str | None = Field(description="The case the step was taken in, e.g. 'NUIT 25/24'")
    case_key: str | None
    by: str | None = Field(description="Who recorded the step; only for members and the secretariat")


class ActionItemOut(Schema):
    id: int
    case: str = Field(description="Origin case, e.g. 'NUIT 9/24'")
    case_key: str
    text: str
    owner: str = Field(description="The owner as the minutes name it")
    owner_organisation: str | None = Field(description="The owner organisation in the register")
    owner_person: str | None = Field(description="The owner person in the register")
    created: date
    due: date | None = Field(description="When it is to be done; null when no due date is set")
    overdue: bool = Field(description="Open and past its due date today")
    age_days: int
    status: Literal["open", "closed"] = Field(description="Closed once done or dropped (kept for older clients)")
    state: ActionItemState = Field(description="open, in_progress, done or dropped")
    closed_by: str | None
    closed: date | None
    assumption: str = Field(description="Why the action item is inferred rather than read; empty if read")
    closed_assumption: str = Field(description="Why its closing is inferred; empty if read")
    events: list[ActionItemEventOut] = Field(description="Its steps, oldest first, as the reader may see them")


class CaseSummaryOut(Schema):
    key: str
    body: str
    year: int
    number: str
    title: str
    type: ApiCaseType | None
    meeting_date: date | None


class PreviousCaseOut(Schema):
    key: str
    number: str
    body: str
    title: str
    decision: str


class CaseOut(CaseSummaryOut):
    type_in_meeting: ApiCaseType | None
    owner: str
    officers: list[str]
    presenters: list[dict]
    summary: str
    proposed_decision: str
    proposal_assumption: str
    decision: str | None
    decision_amended: bool
    decision_assumption: str | None
    source: str = Field(description="The document the case is known from")
    input: list[InputOut]
    action_items: list[ActionItemOut]
    attachments: list[str]
    previous_cases: list[PreviousCaseOut]


class MeetingIn(InputSchema):
    body: str
    date: date
    start_time: time | None = None
    end_time: time | None = None
    location: str = ""
    number: str = ""


class CaseIn(InputSchema):
    title: str
    type: ApiCaseType
    start_time: time | None = None


class DecisionIn(InputSchema):
    decision: str
    type_in_meeting: ApiCaseType | None = None
    type_change_reason: str = ""


class InputIn(InputSchema):
    text: str
    actor: str = ""


class ActionItemIn(InputSchema):
    text: str
    owner: str


class ApproveMinutesIn(InputSchema):
    approving_case: str | None = Field(
        None, description="Case key body/year/number of the case that approved the minutes, e.g. nuit/2024/16; "
                          "left out, the case «Godkjenning av referat …» of the body's next meeting is used")


class MinutesIncompleteOut(ErrorOut):
    missing: list[str] = Field(description="What the minutes lack, e.g. «Sak 8/24 mangler vedtak»")


class CloseIn(InputSchema):
    closed_by: str | None = Field(None, description="Case key body/year/number, e.g. nuit/2024/25")
    note: str = ""


# --- Conversions -------------------------------------------------------------------------

def _body_out(body: Body) -> dict:
    return {
        "slug": body.slug, "name": body.display_name(), "short_name": body.display_short_name(),
        "original_name": body.name, "level": body.level,
        "later_names": list(body.later_names.all()), "mandates": list(body.mandates.all()),
        "assumption": body.assumption,
        "members": [
            {"name": m.person.name, "organisation": m.organisation.name if m.organisation else None,
             "role": MemberRole.of(m.role), "start": m.start, "end": m.end, "ended": m.ended,
             "replaces": m.replaces.name if m.replaces else None,
             "first_seen": m.first_seen, "last_seen": m.last_seen, "assumption": m.assumption}
            for m in body.memberships.select_related("person", "organisation", "replaces")
        ],
    }


def _meeting_summary(meeting: Meeting) -> dict:
    return {
        "id": meeting.pk, "body": meeting.body.slug, "date": meeting.date, "number": meeting.number or None,
        "title": meeting.title, "location": meeting.location, "notice_published": meeting.is_published,
        "minutes_status": MinutesStatus.of(meeting.minutes_status), "minutes_assumption": meeting.minutes_assumption,
        "source": cite(meeting.source),
    }


def _action_item_out(item: ActionItem, user) -> dict:
    # action_items.items_for says whether the user may see the closure; a write answers the secretariat.
    shown = getattr(item, "closure_shown", not item.is_open)
    state = getattr(item, "shown_status", item.status if shown or item.status in action_items.OPEN_STATUSES
                    else ActionItem.Status.OPEN)
    overdue = getattr(item, "overdue", None)
    if overdue is None:
        overdue = not shown and item.due is not None and item.due < timezone.localdate()
    may_see_who = can_see_drafts(user)
    return {
        "id": item.pk, "case": f"{item.case.body.short_name} {item.case.case_number}", "case_key": item.case.key,
        "text": item.text, "owner": item.owner,
        "owner_organisation": item.owner_organisation.name if item.owner_organisation else None,
        "owner_person": item.owner_person.name if item.owner_person else None,
        "created": item.created, "due": item.due, "overdue": overdue, "age_days": item.age_days(),
        "status": "closed" if shown else "open",  # to the public, a closure by a hidden case is not yet made
        "state": ActionItemState.of(state),
        "closed_by": item.closed_by.case_number if shown and item.closed_by else None,
        "closed": item.closed if shown else None,
        "assumption": item.assumption, "closed_assumption": item.closed_assumption if shown else "",
        "events": [{
            "state": ActionItemState.of(event.status), "date": event.date, "note": event.note,
            "case": f"{event.case.body.short_name} {event.case.case_number}" if event.case else None,
            "case_key": event.case.key if event.case else None,
            "by": (event.by.get_full_name() or event.by.username) if may_see_who and event.by else None,
        } for event in action_items.visible_events(user, item)],
    }


def _case_summary(case: Case) -> dict:
    return {
        "key": case.key, "body": case.body.slug, "year": case.year, "number": case.case_number, "title": case.title,
        "type": ApiCaseType.of(case.type), "meeting_date": case.meeting.date if case.meeting else None,
    }


def _case_out(user, case: Case) -> dict:
    show = selectors.minutes_visible(user, case.meeting)
    return {
        **_case_summary(case),
        "type_in_meeting": ApiCaseType.of(case.type_in_meeting) if show else None,
        "owner": case.owner, "officers": case.officers,
        "presenters": case.presenters, "summary": case.summary, "proposed_decision": case.proposed_decision,
        "proposal_assumption": case.proposal_assumption,
        "decision": case.decision if show else None, "decision_amended": show and case.decision_amended,
        "decision_assumption": case.decision_assumption if show else None, "source": cite(case.source),
        "input": [{"text": i.text, "actor": i.actor or None} for i in case.inputs.all()] if show else [],
        "action_items": [_action_item_out(i, user) for i in case.action_items.select_related(
            "case__body", "closed_by", "owner_organisation", "owner_person").prefetch_related(
            action_items.events_prefetch())] if show else [],
        "attachments": [f"{a.label}: {a.title}" if a.label else a.title for a in case.attachments.all()],
        "previous_cases": [
            {"key": p.key, "number": p.case_number, "body": p.body.slug, "title": p.title,
             "decision": p.shown_decision}
            for p in selectors.previous_treatments(user, case)
        ],
    }


def _meeting(request, meeting_id: int) -> Meeting:
    meeting = Meeting.objects.select_related("body").filter(pk=meeting_id).first()
    if meeting is None:
        raise HttpError(404, _("Fant ikke møtet"))
    return selectors.get_meeting(request.user, meeting.body.slug, meeting.date)


# --- Reads ---------------------------------------------------------------------------------

@router.get("/bodies", response=list[BodyOut], summary="The bodies of the council model")
@paginated
def list_bodies(request):
    return Rows(Body.objects.prefetch_related("later_names", "mandates"), _body_out)


@router.get("/meetings", response=list[MeetingSummaryOut])
@paginated
def list_meetings(request, body: str | None = None):
    found = Body.objects.filter(slug=body).first() if body else None
    if body and found is None:
        raise HttpError(404, _("Ukjent organ «%(body)s»") % {"body": body})
    return Rows(selectors.meetings_for(request.user, found), _meeting_summary)


@router.get("/meetings/{meeting_id}", response=MeetingOut)
def get_meeting(request, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    agenda = [
        {"position": item.position, "kind": AgendaItemKind.of(item.kind),
         "start": local_moment(meeting.date, item.start_time),
         "case_number": item.case.case_number if item.case else None, "title": item.label,
         "type": ApiCaseType.of(item.case.effective_type) if item.case else None}
        for item in selectors.agenda(meeting)
    ]
    attendance = [
        {"name": a.person.name, "organisation": a.organisation.name if a.organisation else None,
         "status": AttendanceStatus.of(a.status), "remote": RemoteAttendance.of(a.remote),
         "substitute_for": a.substitute_for.name if a.substitute_for else None,
         "note": a.note}
        for a in selectors.attendance(meeting)
    ] if selectors.minutes_visible(request.user, meeting) else []
    return {**_meeting_summary(meeting), "start": local_moment(meeting.date, meeting.start_time),
            "end": local_moment(meeting.date, meeting.end_time), "agenda": agenda, "attendance": attendance}


@router.get("/cases", response=list[CaseSummaryOut])
@paginated
def list_cases(request, body: str | None = None, year: int | None = None):
    found = Body.objects.filter(slug=body).first() if body else None
    if body and found is None:
        raise HttpError(404, _("Ukjent organ «%(body)s»") % {"body": body})
    return Rows(selectors.cases_for(request.user, found, year), _case_summary)


@router.get("/cases/{body}/{year}/{number}", response=CaseOut)
def get_case(request, body: str, year: int, number: int):
    return _case_out(request.user, selectors.get_case(request.user, body, year, number))


@router.get("/action-items", response=list[ActionItemOut],
            description="Overdue first, then by due date. `owner` matches, case-insensitively, any part of the "
                        "owner as the minutes name it, the owner organisation's name or the owner person's name "
                        "(«helsedir» finds Helsedirektoratet). `overdue=true`: only open items past their due date "
                        "today; false or left out does not filter. `status`: open (also in progress), closed (done "
                        "or dropped), all, or one status.")
@paginated
def list_action_items(request, status: Literal["open", "closed", "all", "in_progress", "done", "dropped"] = "open",
                      owner: str = "", overdue: bool = False, body: str | None = None):
    found = Body.objects.filter(slug=body).first() if body else None
    if body and found is None:
        raise HttpError(404, _("Ukjent organ «%(body)s»") % {"body": body})
    items = action_items.overview(request.user, action_items.Filters(status=status, body=found, overdue=overdue))
    items = action_items.matching_owner(items, owner).prefetch_related(action_items.events_prefetch())
    return Rows(items, lambda item: _action_item_out(item, request.user))


# --- Commissions (oppdrag) ------------------------------------------------------------------

CommissionStatus = api_enum("CommissionStatus", Commission.Status)
CommissionGiver = api_enum("CommissionGiver", Commission.Giver)


class CommissionOut(Schema):
    id: int
    reference: str = Field(description="As the source writes it, e.g. «TB2024-79»; empty when it has none")
    title: str
    description: str = Field(description="What the commission asks, in the source's words")
    giver: CommissionGiver = Field(description="ministry (Helse- og omsorgsdepartementet), body (a body of the "
                                               "council model) or other")
    giver_name: str = Field(description="The giver as the pages name it: the ministry, the body's short name, or "
                                        "the name given for other")
    giver_body: str | None = Field(description="The slug of the body that gave it, when a body did")
    basis: str = Field(description="Where it was given, e.g. «Tildelingsbrev 2024»")
    decided_in: str | None = Field(description="Key body/year/number of the case that gave it, when the caller may "
                                               "see that case")
    receiver: str = Field(description="The organisation that received it")
    partners: list[str] = Field(description="Organisations it is to be done with")
    given: date | None
    deadline: date | None
    deadline_text: str = Field(description="The deadline in the source's own words, when it gives one")
    status: CommissionStatus = Field(description="given, in_progress, delivered or dropped")
    overdue: bool = Field(description="Given or in progress, and the deadline has passed today")
    deliverable: str = Field(description="What is (to be) delivered")
    deliverable_url: str
    delivered: date | None = Field(description="When it was delivered; set only when delivered")
    cases: list[str] = Field(description="Keys body/year/number of the cases that treated it (those the caller "
                                         "may see)")
    source: str = Field(description="The document it is known from, as the public pages cite it")
    assumption: str = Field(description="What is inferred rather than read from the source, and why; empty if "
                                        "read")
    page: str = Field(description="The commission's page on the site (path)")


def _commission_out(commission: Commission, user) -> dict:
    decided_in = commission.decided_in
    return {
        "id": commission.pk, "reference": commission.reference, "title": commission.title,
        "description": commission.description, "giver": CommissionGiver.of(commission.giver),
        "giver_name": str(commission.giver_display),
        "giver_body": commission.giver_body.slug if commission.giver_body else None, "basis": commission.basis,
        "decided_in": decided_in.key if decided_in and selectors.case_visible(user, decided_in) else None,
        "receiver": commission.receiver.name, "partners": [p.name for p in commission.partners.all()],
        "given": commission.given, "deadline": commission.deadline, "deadline_text": commission.deadline_text,
        "status": CommissionStatus.of(commission.status), "overdue": commission.overdue,
        "deliverable": commission.deliverable, "deliverable_url": commission.deliverable_url,
        "delivered": commission.delivered, "cases": [case.key for case in commission.cases.all()],
        "source": cite(commission.source), "assumption": commission.assumption,
        "page": commission.get_absolute_url(),
    }


@router.get("/commissions", response=list[CommissionOut],
            description="Commissions (oppdrag) from the ministry or the council's bodies: overdue first, then by "
                        "deadline. `status`: open (given or in_progress) or one status; left out, all. `receiver` "
                        "matches, case-insensitively, any part of the receiving organisation's name "
                        "(«helsedir» finds Helsedirektoratet). `overdue=true`: only open commissions past their "
                        "deadline today; false or left out does not filter. A commission known only from cases "
                        "the caller may not see is left out.")
@paginated
def list_commissions(request, status: Literal["open", "given", "in_progress", "delivered", "dropped"] | None = None,
                     receiver: str = "", overdue: bool = False):
    rows = commission_selectors.filtered(commission_selectors.commissions_for(request.user), status=status or "",
                                         overdue=True if overdue else None)
    if receiver.strip():
        rows = rows.filter(receiver__name__icontains=receiver.strip())
    return Rows(rows, lambda commission: _commission_out(commission, request.user))


@router.get("/commissions/{commission_id}", response=CommissionOut)
def get_commission(request, commission_id: int):
    commission = commission_selectors.get_commission(request.user, commission_id)
    if commission is None:
        raise HttpError(404, _("Fant ikke oppdraget"))
    return _commission_out(commission, request.user)


# --- Writes (secretariat) ------------------------------------------------------------------

@router.post("/meetings", response={201: MeetingSummaryOut}, auth=api_auth(Role.SECRETARIAT))
def create_meeting(request, payload: MeetingIn):
    body = Body.objects.filter(slug=payload.body).first()
    if body is None:
        raise ValidationError({"body": _("Ukjent organ «%(body)s».") % {"body": payload.body}})
    meeting = services.plan_meeting(body, payload.date, payload.start_time, payload.end_time, payload.location,
                                    payload.number)
    return Status(201, _meeting_summary(meeting))


@router.post("/meetings/{meeting_id}/cases", response={201: CaseOut}, auth=api_auth(Role.SECRETARIAT))
def add_case(request, meeting_id: int, payload: CaseIn):
    case = services.add_case(_meeting(request, meeting_id), payload.title, payload.type.db, payload.start_time)
    return Status(201, _case_out(request.user, case))


@router.post("/meetings/{meeting_id}/publish", response=MeetingSummaryOut, auth=api_auth(Role.SECRETARIAT))
def publish(request, meeting_id: int):
    return _meeting_summary(services.publish_notice(_meeting(request, meeting_id)))


@router.post("/meetings/{meeting_id}/approve-minutes", response={200: MeetingSummaryOut, 409: MinutesIncompleteOut},
             auth=api_auth(Role.SECRETARIAT),
             summary="Approve and lock the minutes; 409 with what is missing while they are incomplete")
def approve_minutes(request, meeting_id: int, payload: ApproveMinutesIn):
    meeting = _meeting(request, meeting_id)
    if payload.approving_case:
        approving = selectors.case_by_key(payload.approving_case)
        if approving is None:
            raise ValidationError({"approving_case": _("Fant ingen sak «%(key)s».") % {"key": payload.approving_case}})
    else:
        approving = services.proposed_approving_case(meeting)
    try:
        services.approve_minutes(meeting, approving)
    except services.MinutesIncomplete as incomplete:
        return Status(409, {"detail": _("Referatet kan ikke godkjennes før dette er på plass."),
                            "errors": [], "missing": incomplete.missing})
    return _meeting_summary(meeting)


@router.post("/cases/{body}/{year}/{number}/decision", response=CaseOut, auth=api_auth(Role.SECRETARIAT))
def record_decision(request, body: str, year: int, number: int, payload: DecisionIn):
    case = selectors.get_case(request.user, body, year, number)
    services.record_outcome(case, decision=payload.decision,
                            type_in_meeting=payload.type_in_meeting.db if payload.type_in_meeting else None,
                            type_change_reason=payload.type_change_reason)
    return _case_out(request.user, case)


@router.post("/cases/{body}/{year}/{number}/input", response={201: CaseOut}, auth=api_auth(Role.SECRETARIAT))
def add_input(request, body: str, year: int, number: int, payload: InputIn):
    case = selectors.get_case(request.user, body, year, number)
    services.add_input(case, payload.text, payload.actor)
    return Status(201, _case_out(request.user, case))


@router.post("/cases/{body}/{year}/{number}/action-items", response={201: ActionItemOut},
             auth=api_auth(Role.SECRETARIAT))
def add_action_item(request, body: str, year: int, number: int, payload: ActionItemIn):
    case = selectors.get_case(request.user, body, year, number)
    return Status(201, _action_item_out(services.add_action_item(case, payload.text, payload.owner), request.user))


@router.post("/action-items/{item_id}/close", response=ActionItemOut, auth=api_auth(Role.SECRETARIAT))
def close_action_item(request, item_id: int, payload: CloseIn):
    item = get_object_or_404(ActionItem.objects.select_related("case", "case__body"), pk=item_id)
    closed_by = selectors.case_by_key(payload.closed_by) if payload.closed_by else None
    if payload.closed_by and closed_by is None:
        raise ValidationError({"closed_by": _("Fant ingen sak «%(key)s».") % {"key": payload.closed_by}})
    return _action_item_out(services.close_action_item(item, closed_by, payload.note), request.user)
