"""What the parser reads out of a meeting document, before anyone has confirmed it.

Plain Python: no Django, so the parser and its tests run on their own. Every value keeps the
lines of the source text it came from (`Draft.lines`, 1-based and inclusive), so the review page
can show each field beside its source and highlight what could not be placed.
"""
from dataclasses import asdict, dataclass, field

Span = tuple[int, int]  # first and last line (1-based, inclusive) of the source text


@dataclass
class DraftAttendance:
    name: str
    organisation: str = ""
    status: str = "present"  # present | absent | substitute | guest (Attendance.Status)
    substitute_for: str = ""  # the member a substitute stands in for
    remote: str = "none"  # none | full | partial (Attendance.Remote)
    note: str = ""  # as written, e.g. "digitalt frem til kl. 12.20"


@dataclass
class DraftActionItem:
    text: str
    owner: str = ""


@dataclass
class DraftCase:
    number: int  # N of N/YY
    year: int  # four digits
    title: str
    type: str = ""  # godkjenning | drofting | orientering | anbefaling | beslutning (CaseType), "" unknown
    time: str = ""  # HH:MM on the agenda
    presenters: list[dict] = field(default_factory=list)  # [{name, organisation}]
    summary: str = ""  # the agenda's description of the case
    proposal: str = ""  # Forslag til vedtak / Innstilling / Forslag til konklusjon
    decision: str = ""  # Vedtak / Konklusjon / Beslutning
    input: list[str] = field(default_factory=list)  # Innspill, one entry per bullet
    minutes_text: str = ""  # discussion in the minutes that is neither input nor decision
    action_items: list[DraftActionItem] = field(default_factory=list)
    purpose: str = ""  # cover memo sections, when the document holds the memo
    background: str = ""
    questions: str = ""
    next_steps: str = ""

    @property
    def case_number(self) -> str:
        return f"{self.number}/{self.year % 100:02d}"


@dataclass
class Draft:
    """One meeting as one document gives it. A notice that carries the previous meeting's minutes
    as an attachment gives two drafts."""
    kind: str  # notice | minutes | pack
    body: str = ""  # slug of the body (nuit, e-helseradet, nufa), "" when not recognised
    body_name: str = ""  # as the document writes it
    date: str = ""  # ISO date of the meeting
    number: str = ""  # "2/2024" as written
    place: str = ""
    start: str = ""  # HH:MM
    end: str = ""
    attendance: list[DraftAttendance] = field(default_factory=list)
    cases: list[DraftCase] = field(default_factory=list)
    next_meeting: str = ""  # ISO date, when the document names it
    # Where each value came from: "date", "place", "cases[2].decision", "cases[2].action_items[0]",
    # "attendance[3]" → (first, last) line of the source text.
    lines: dict[str, Span] = field(default_factory=dict)
    unplaced: list[Span] = field(default_factory=list)  # lines with text that went into no field
    warnings: list[str] = field(default_factory=list)  # what the reader should check, in Norwegian

    def to_json(self) -> dict:
        """The draft as `radsmodell import-documents` prints it (keys fixed by the issue)."""
        data = asdict(self)
        for case in data["cases"]:
            case["number"] = f"{case['number']}/{case['year'] % 100:02d}"
        data["lines"] = {key: list(span) for key, span in self.lines.items()}
        data["unplaced"] = [list(span) for span in self.unplaced]
        return data


@dataclass
class ReadDocument:
    """A file's text and the drafts read from it."""
    name: str  # the file name as uploaded
    sha256: str  # of the file's bytes: the same document imported twice is recognised
    text: str  # the extracted text; line N of the drafts' spans is text.splitlines()[N-1]
    drafts: list[Draft] = field(default_factory=list)
