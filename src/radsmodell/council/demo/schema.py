"""The shape of the council register's demo files (README.md describes them for editors).

`core.demo.read` checks a file against these models before anything is written: unknown keys,
wrong types and missing fields are refused with the file and the path of the field. What a
schema cannot know (that a body slug or a case key names a row, that a case number is used
once) the loader checks.
"""
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StrictBool, ValidationInfo, field_validator, model_validator

from radsmodell.core.demo import Clock, DemoSchema, IsoDate, RequiredDate, RequiredText, Slug, Text, Whole

from ..models import AgendaItem, Attendance, CaseType, Mandate, Meeting, Membership

# The lists of values come from the models, so the files and the register cannot disagree.
MandateStatus = Literal[tuple(Mandate.Status.values)]
MinutesStatus = Literal[tuple(Meeting.Minutes.values)]
AttendanceStatus = Literal[tuple(Attendance.Status.values)]
RemoteAttendance = Literal[tuple(Attendance.Remote.values)]
CaseTypeValue = Literal[tuple(CaseType.values)]
AgendaKind = Literal[tuple(AgendaItem.Kind.values)]
MembershipRole = Literal[tuple(Membership.Role.values)]

CASE_KEY = re.compile(r"^[a-z0-9-]+/\d{4}/\d+$")


def _case_key(text: str) -> str:
    if not CASE_KEY.match(text):
        raise ValueError(f"«{text}» is not a case key body/year/number, e.g. nuit/2024/25")
    return text


CaseKey = Annotated[Text, AfterValidator(_case_key)]
Positive = Annotated[Whole, Field(ge=1)]


class Presenter(DemoSchema):
    name: RequiredText
    organisation: Text = ""


# --- bodies.yaml ----------------------------------------------------------------------------

class LaterName(DemoSchema):
    name: RequiredText
    short_name: Text = ""  # the name when left out
    valid_from: RequiredDate


class MandateEntry(DemoSchema):
    version: RequiredText
    status: MandateStatus
    adopted_by: Text = ""
    valid_from: IsoDate = None
    purpose: Text = ""
    tasks: list[Text] = []
    source: Text = ""


class MembershipPeriod(DemoSchema):
    """A period the meetings' member lists do not show, e.g. a member known only as the one
    replaced; what is inferred rather than read goes in `assumption`."""
    name: RequiredText
    organisation: Text = ""
    role: MembershipRole = Membership.Role.MEMBER.value
    start: IsoDate = None
    end: IsoDate = None
    first_seen: IsoDate = None  # the first day the period is known (or assumed) to run
    last_seen: IsoDate = None
    note: Text = ""
    assumption: Text = ""


class BodyEntry(DemoSchema):
    slug: Slug
    name: RequiredText
    short_name: Text = ""  # the name when left out
    level: Positive
    succeeded_by: Slug | None = None  # a body listed earlier or later in the file
    assumption: Text = ""  # why the succession is inferred, when it is
    names: list[LaterName] = []
    mandates: list[MandateEntry] = []
    memberships: list[MembershipPeriod] = []


class BodiesFile(DemoSchema):
    bodies: list[BodyEntry]


# --- referenced/*.yaml ----------------------------------------------------------------------

class ReferencedCase(DemoSchema):
    key: CaseKey
    title: RequiredText
    decision: Text = ""
    decision_assumption: Text = ""
    source: Text = ""


class ReferencedFile(DemoSchema):
    cases: list[ReferencedCase] = []


# --- meetings/*.yaml ------------------------------------------------------------------------

class Member(DemoSchema):
    name: RequiredText
    organisation: Text = ""
    role: MembershipRole = Membership.Role.MEMBER.value


class MembershipChange(DemoSchema):
    name: RequiredText
    organisation: Text = ""
    role: MembershipRole = Membership.Role.MEMBER.value
    replaces: Text = ""
    note: Text = ""


class AttendanceRow(DemoSchema):
    name: RequiredText
    organisation: Text = ""
    status: AttendanceStatus
    remote: RemoteAttendance = Attendance.Remote.NONE.value
    remote_from: Clock = None
    remote_until: Clock = None
    substitute_for: Text = ""
    note: Text = ""


class Memo(DemoSchema):
    purpose: Text = ""
    background: Text = ""
    questions: Text = ""
    next_steps: Text = ""


class AttachmentEntry(DemoSchema):
    label: Text = ""
    title: RequiredText


class OtherForum(DemoSchema):
    date: Text = ""  # free text when the seed gives no full date
    title: RequiredText
    decision: Text = ""


class InputEntry(DemoSchema):
    text: RequiredText
    actor: Text = ""


class ActionItemEntry(DemoSchema):
    text: RequiredText
    owner: RequiredText
    assumption: Text = ""  # why it is taken to be an action item, when the minutes do not say so
    closed_by: CaseKey | None = None
    closed_assumption: Text = ""  # why `closed_by` is taken to follow it up, when no source says so


# The fields every kind of agenda entry may have, and what each kind must have.
ITEM_FIELDS = {"kind", "title", "time", "presenters", "summary"}
REQUIRED_BY_KIND = {"case": {"number", "title"}, "item": {"title"}}


class AgendaEntry(DemoSchema):
    """One line of the agenda: a case (kind: case) with its memo and minutes, or an item, a
    break, lunch or the end, which have only the ITEM_FIELDS.

    One model for every kind rather than a union per kind, so that an error's path stays the
    file's own ("agenda[2].time"); a case's fields on another kind are refused as unknown."""
    kind: AgendaKind
    title: Text = Field("", validate_default=True)
    time: Clock = None
    presenters: list[Presenter] = []
    summary: Text = ""
    # A case's own fields.
    number: Positive | None = Field(None, validate_default=True)  # N of N/YY; the year is the meeting's
    type: CaseTypeValue | None = None  # left out for Eventuelt
    type_in_meeting: CaseTypeValue | None = None
    type_change_reason: Text = ""
    owner: Text = ""
    officers: list[Text] = []
    memo_to: Text = ""
    memo_date: IsoDate = None
    attachments: list[AttachmentEntry] = []
    proposed_decision: Text = ""
    proposal_assumption: Text = ""
    memo: Memo = Memo()
    previous_cases: list[CaseKey] = []
    other_fora: list[OtherForum] = []
    minutes_text: Text = ""
    input: list[InputEntry] = []
    decision: Text = ""
    decision_assumption: Text = ""
    action_items: list[ActionItemEntry] = []
    source: Text = ""  # the meeting's source with ", sak N/YY" when left out

    @field_validator("title", "number")
    @classmethod
    def _required_by_kind(cls, value, info: ValidationInfo):
        if info.field_name in REQUIRED_BY_KIND.get(info.data.get("kind"), ()) and value in (None, ""):
            raise ValueError("missing")
        return value

    @model_validator(mode="after")
    def _case_fields_only_on_cases(self):
        if self.kind != AgendaItem.Kind.CASE:
            misplaced = sorted(self.model_fields_set - ITEM_FIELDS)
            if misplaced:
                raise ValueError(f"unknown field(s) {', '.join(misplaced)}")
        return self


class MeetingFile(DemoSchema):
    body: Slug
    date: RequiredDate
    number: Text = ""  # as the seed writes it, "2/2024"
    start: Clock = None
    end: Clock = None
    location: Text = ""
    notice_published: StrictBool = False
    minutes: MinutesStatus = Meeting.Minutes.NONE.value
    minutes_approved_by_case: CaseKey | None = None
    minutes_assumption: Text = ""  # why the minutes' status is inferred, when it is
    source: Text = ""
    location_source: Text = ""  # when the location comes from another document
    members: list[Member] = []
    membership_changes: list[MembershipChange] = []
    attendance: list[AttendanceRow] = []
    secretariat: list[RequiredText] = []
    agenda: list[AgendaEntry] = []
