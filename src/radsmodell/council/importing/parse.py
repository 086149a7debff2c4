"""Read the text of a meeting document into drafts (draft.py): one per meeting it holds.

The reader is driven by structure a reader of these documents recognises, not by one layout:
meeting headers ("Møte i NUIT", "Referat fra møte i …"), labelled header lines (Dato, Tid, Sted,
Medlemmer, Ikke til stede …), case headings (`17/24 Tittel`, `Sak 14/2014: Tittel`, table rows
with time and case type), labels inside a case (Forslag til vedtak, Innstilling, Vedtak,
Konklusjon, Innspill, Aksjonspunkt) and cover memo sections (Hensikt med saken, Bakgrunn …).
Slide decks put a slide's title under its text and read "ø" as "g": the reader allows for both.

Every value keeps the lines it came from; lines that went into no value are listed as unplaced;
what a person must check is said in `warnings`. It never raises on odd input.
No Django here.
"""
from __future__ import annotations

import datetime
import difflib
import hashlib
import logging
import re
from collections import Counter
from dataclasses import dataclass, field

from .draft import Draft, DraftActionItem, DraftAttendance, DraftCase, ReadDocument
from .extract import read_file

logger = logging.getLogger(__name__)

# Names of the bodies as documents write them (casefolded) → slug. Longest names are tried first.
DEFAULT_BODY_NAMES: dict[str, str] = {
    "nuit": "nuit",
    "nasjonalt utvalg for prioritering og ikt i helse- og omsorgssektoren": "nuit",
    "nasjonalt utvalg for prioritering og ikt": "nuit",
    "nasjonalt porteføljeråd": "nuit",
    "porteføljerådet": "nuit",
    "nasjonalt e-helseråd": "e-helseradet",
    "e-helserådet": "e-helseradet",
    "nasjonalt e-helsestyre": "e-helseradet",
    "nufa": "nufa",
    "nasjonalt fagutvalg": "nufa",
    "nasjonalt fagutvalg for e-helse": "nufa",
    "fagutvalget": "nufa",
}

MONTHS = {
    "januar": 1, "februar": 2, "mars": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "desember": 12,
}

# Case types as written (also as slide OCR reads them) → CaseType value.
CASE_TYPES = {
    "godkjenning": "godkjenning", "godkjenningssak": "godkjenning",
    "drøfting": "drofting", "drøftingssak": "drofting", "drgfting": "drofting", "drofting": "drofting",
    "orientering": "orientering", "orienteringssak": "orientering",
    "anbefaling": "anbefaling", "anbefalingssak": "anbefaling",
    "beslutning": "beslutning", "beslutningssak": "beslutning",
}
TYPE_WORDS = "|".join(sorted(CASE_TYPES, key=len, reverse=True))

BULLET_RE = re.compile(r"^(?:[•●▪◦·*»«‣○]|[-–—](?=\s)|\d{1,2}[.)](?=\s)|[a-z][.)](?=\s))\s*")
TIME_RE = re.compile(r"\b(?:kl\.?\s*)?([01]?\d|2[0-3])[:.]([0-5]\d)\b", re.IGNORECASE)
DATE_WORDS_RE = re.compile(
    r"\b(\d{1,2})\.\s*(" + "|".join(MONTHS) + r")\b(?:\s+(\d{4}))?", re.IGNORECASE
)
DATE_NUMERIC_RE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")

# `17/24 Tittel`, `Sak 17/24: Tittel`, `Sak 14/2014 Tittel`, `Saksnr. 3/22 – Tittel`.
CASE_HEADING_RE = re.compile(
    r"^(?:\d{1,2}[.)]\s+)?(?:(?:sak|saksnr\.?|saksnummer)\s+)?(?P<num>\d{1,3})\s*/\s*(?P<year>20\d\d|\d\d)(?![\d/.])"
    r"\s*(?:[:.–-]\s*)?(?P<rest>.*)$",
    re.IGNORECASE,
)
# A numbered agenda with the case number last: "3. Status for kjernejournal (12/25) – orientering".
CASE_NUMBER_LAST_RE = re.compile(
    r"^(?:\d{1,2}[.)]\s+|[-–•]\s+)?(?P<rest>[A-ZÆØÅ].{2,100}?)\s*\((?:sak\s+)?(?P<num>\d{1,3})\s*/\s*"
    r"(?P<year>20\d\d|\d\d)\)\s*(?:[–-]\s*)?(?P<after>.{0,30})$",
    re.IGNORECASE,
)
# No year: `Sak 35: Tittel` (slides), `Sak 5 Tittel`, `Sak 5 – Tittel` and the OCR remains `Sak 37/` (the year
# lost). The year is the meeting's; without a colon the title must look like one (see no_year_heading).
CASE_HEADING_NO_YEAR_RE = re.compile(
    r"^sak\s+(?P<num>\d{1,3})(?:\s*:\s*(?P<rest>.+)|\s*/\s*|\s*(?:[.–—-]\s*|\s)(?P<bare>\S.{0,118}))$",
    re.IGNORECASE,
)
# A row of a case table with cells separated by "|" (DOCX tables, hand-made text).
PIPE_SPLIT_RE = re.compile(r"\s*\|\s*")

MEETING_HEADER_RE = re.compile(
    r"^(?P<kind>referat|protokoll|innkalling|møteinnkalling)?\s*(?:fra\s+|til\s+)?"
    r"(?:m[øoge]+te\s+i|møtet\s+i)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
# Said of a member list read from a notice; withdrawn when the document turns out to be minutes.
INVITED_NOT_PRESENT = "Medlemslisten er hentet fra innkallingen; den viser hvem som er innkalt, ikke hvem som møtte."
# A line that only names the kind of document: "REFERAT", "Innkalling".
KIND_LINE_RE = re.compile(r"^\s*(referat|protokoll|innkalling|møteinnkalling)\s*:?\s*$", re.IGNORECASE)
MEETING_NUMBER_RE = re.compile(r"\bm[øo]te\s*(?:nr\.?\s*)?(\d{1,2})\s*/\s*(20\d\d|\d\d)\b", re.IGNORECASE)
NEXT_MEETING_RE = re.compile(r"\bneste\s+m\S{1,2}te\b", re.IGNORECASE)

def _ocr_tolerant(pattern: str) -> str:
    """A label pattern that also matches the slide OCR's letters: "ø" read as "g", "o" or "e",
    "å" as "a", "æ" as "ae" ("Sporsmal til NUIT", "Hva gnsker vi")."""
    return pattern.replace("ø", "[øoge@]").replace("å", "[åa]").replace("æ", "(?:æ|ae|ee)")


def _label(pattern: str, value: bool = False) -> re.Pattern:
    tail = r"\s*(?::\s*(?P<value>.*))?$" if value else r"\s*:?\s*$"
    return re.compile(r"^(?:" + _ocr_tolerant(pattern) + r")" + tail, re.IGNORECASE)


# Labels inside a case, each with the field it fills; the first four may carry their value on the line.
LABELS: list[tuple[str, re.Pattern]] = [
    ("proposal", _label(r"forslag\s+til\s+(?:vedtak|konklusjon|beslutning|innstilling)(?:\s+i\s+saken)?|innstilling",
                        value=True)),
    ("decision", _label(r"vedtak|konklusjon|beslutning|vedtak\s+i\s+saken|vedtaket", value=True)),
    ("input", _label(r"innspill|innspill\s+fra\s+møtet|andre\s+innspill|innspill\s+til\s+.{2,80}:", value=True)),
    ("action", _label(r"aksjonspunkt(?:er)?|oppfølgingspunkt(?:er)?|aksjoner", value=True)),
    ("purpose", _label(r"hensikt(?:en)?\s+med\s+saken|formål\s+med\s+saken|hensikt")),
    ("background", _label(r"bakgrunn(?:\s+for\s+.{2,60})?")),
    ("questions", _label(
        r"hva\s+skal\s+.{2,60}\s+ta\s+stilling\s+til\??|drøftingsspørsmål|spørsmål\s+til\s+.{2,40}"
        r"|drøfting|til\s+drøfting|drøfting\s+i\s+\S{2,30}|diskusjonspunkt(?:er)?|diskusjonsspørsmål"
        r"|hva\s+ønsker\s+vi\s+at\s+.{2,30}\s+skal\s+bidra\s+med\??|problemstillinger\s+til\s+drøfting")),
    ("next_steps", _label(r"videre\s+saksprosess|videre\s+saksgang|videre\s+prosess|videre\s+arbeid")),
    # Quoted material: what other bodies decided. Labels under it are not this meeting's.
    ("quoted", re.compile(r"^(?:vedtak\s+fra\s+(?:tidligere|nuit|nufa|e-helserådet).*|behandling\s+i\s+\S.*"
                          r"|tidligere\s+behandlinger?.*)$", re.IGNORECASE)),
]
SECTION_FIELDS = ("purpose", "background", "questions", "next_steps")

# Header lines of a meeting: label → what it holds.
HEADER_LABELS = [
    ("date", r"dato"), ("time", r"tid|tidspunkt|klokkeslett"), ("place", r"sted|møtested|lokale"),
    ("members", r"medlemmer|til\s+stede|tilstede|deltakere|møtende\s+medlemmer"),
    ("absent", r"ikke\s+til\s+stede|forfall|fravær|meldt\s+forfall"),
    ("substitutes", r"stedfortredere?(?:\s+til\s+dagens\s+m\S+te)?|vararepresentanter?|vara"),
    ("guests", r"gjester|observatører|observatør|andre\s+til\s+stede|innledere|i\s+tillegg\s+deltok"),
    ("secretariat", r"sekretariat(?:et)?|fra\s+sekretariatet|referent|helsedirektoratet|direktoratet\s+for\s+e-helse"),
    ("chair", r"møteleder|leder"),
]
HEADER_LABEL_RE = re.compile(
    r"^(?P<label>" + "|".join(f"(?P<{key}>{pattern})" for key, pattern in HEADER_LABELS)
    + r")(?=\s|:|$)\s*:?\s*(?P<value>.*)$",
    re.IGNORECASE,
)
MEMO_LABEL_RE = re.compile(r"^(til|dato|saksnummer|innretning|sakseier|saksbehandler)\s*(?::\s*(.*))?$", re.IGNORECASE)
# The header row of an agenda table: "Sak | Tittel | Type", "Saksnr Agenda NUIT … Tid Sakstype".
TABLE_HEADER_RE = re.compile(
    r"^(?:sak|saksnr\.?|saksnummer|nr\.?|emne)\b(?=.*\b(?:tittel|tema|agenda|sakstype|type|tidspunkt|innretning"
    r"|presenterer|start)\b).{0,120}$",
    re.IGNORECASE,
)
# A heading over the agenda: "Dagsorden", "Agenda NUIT 11. september 2025".
AGENDA_HEADING_RE = re.compile(r"^(?:agenda|dagsorden|saksliste|program)\b[^.:]{0,60}$", re.IGNORECASE)
BREAK_RE = re.compile(r"^(pause|lunsj|lunch|slutt|kaffepause)\b", re.IGNORECASE)
ATTACHMENT_RE = re.compile(r"^vedlegg\s+\d+[a-z]?\s*(?::|$)", re.IGNORECASE)
# "12", "Side 54", "3 av 12" ("3/12" would be a case number).
PAGE_NUMBER_RE = re.compile(r"^(?:side\s+)?\d{1,3}$|^(?:side\s+)?\d{1,3}\s+av\s+\d{1,3}$",
                            re.IGNORECASE)
SUBSTITUTE_RE = re.compile(
    r"^(?P<who>[A-ZÆØÅ][^,()]{2,60}?)\s*(?:\((?P<org1>[^)]*)\)|,\s*(?P<org2>[^,]{2,60}?)\s*,)?\s*"
    r"(?:stiller|stilte|møter|møtte|er|var)?\s*(?:som\s+)?(?:stedfortreder\s+)?for\s+"
    r"(?P<for>[A-ZÆØÅ][\w.\-]*(?:\s+[A-ZÆØÅ][\w.\-]*){0,4})(?:\s*\((?P<for_org>[^)]*)\))?"
    r"(?P<rest>.*)$"
)


@dataclass
class Line:
    number: int  # 1-based
    raw: str
    text: str  # whitespace collapsed, stripped

    @property
    def blank(self) -> bool:
        return not self.text


@dataclass
class CaseOccurrence:
    """One place where a case appears: an agenda row, a block in the notice, minutes or a memo."""
    number: int
    year: int | None
    heading: int  # index of the heading line
    end: int  # last index of the block (inclusive)
    title: str = ""  # the heading's text after the number
    title_lines: list[int] = field(default_factory=list)  # a memo: the lines of its header block
    type: str = ""  # a memo: "Innretning" in its header
    is_memo: bool = False
    year_from_meeting: bool = False  # the heading has no year ("Sak 5 Tittel"): the meeting date's is used
    needs_meeting_year: bool = False  # "Sak 5 Tittel" is a heading only where the meeting date gives the year
    runs_to_end: bool = False  # the block of the meeting's last case, which runs to the end of the meeting's text


@dataclass
class Segment:
    """The lines of one meeting in the document, from its header to the next meeting's."""
    start: int
    end: int
    header_kind: str = ""  # referat | protokoll | innkalling | ""
    header_line: int | None = None


def parse(text: str, body_names: dict[str, str] | None = None, body: str = "") -> list[Draft]:
    """The meetings the text holds, as drafts; [] when it holds none. Never raises on odd input."""
    try:
        return _Reader(text or "", body_names or DEFAULT_BODY_NAMES, body).read()
    except Exception:  # the reader must not take the upload down; say so instead
        logger.exception("Meeting document could not be parsed")
        draft = Draft(kind="notice", body=body)
        draft.warnings.append(
            "Dokumentet kunne ikke leses automatisk på grunn av en feil i innleseren. Fyll ut utkastet for hånd."
        )
        return [draft] if (text or "").strip() else []


def read_document(name: str, data: bytes, body_names: dict[str, str] | None = None, body: str = "") -> ReadDocument:
    """Read a file (PDF, DOCX, text) into its drafts. Raises extract.UnreadableDocument."""
    text = read_file(name, data)
    return ReadDocument(
        name=name, sha256=hashlib.sha256(data).hexdigest(), text=text, drafts=parse(text, body_names, body)
    )


# ---------------------------------------------------------------------------------------------
# Text helpers


def join_lines(parts: list[str]) -> str:
    """Lines of running text joined as the editors did: words broken at a hyphen joined again
    ("e-" + "helse" → "e-helse", "drift-" + "og" → "drift- og"), bullets and numbered points
    kept on lines of their own, blank-separated paragraphs kept apart."""
    out: list[str] = []
    current = ""
    for part in parts:
        # Bullets as the slide OCR reads them ("*", "«", "»", "●") written as "•".
        piece = re.sub(r"^(?:\*|[«»](?=\s))\s*", "• ", part.strip())
        if not piece:
            if current:
                out.append(current)
                current = ""
            continue
        starts_item = bool(BULLET_RE.match(piece)) and not current.endswith("-")
        if current and starts_item:
            out.append(current)
            current = piece
        elif not current:
            current = piece
        elif current.endswith("-") and not current.endswith(" -") and not current.endswith("--"):
            first_word = piece.split(" ", 1)[0].casefold().strip(",.")
            if first_word in {"og", "eller", "til", "samt", "and", "or"}:
                current = current + " " + piece
            else:
                current = current + piece
        else:
            current = current + " " + piece
    if current:
        out.append(current)
    return "\n".join(_merge_paragraphs(out))


def _merge_paragraphs(paragraphs: list[str]) -> list[str]:
    """A paragraph broken by a blank line in the middle of a sentence (page breaks, slide text
    with blank lines between its lines) is one paragraph."""
    merged: list[str] = []
    for paragraph in paragraphs:
        if merged and not BULLET_RE.match(paragraph) and _continues(merged[-1], paragraph):
            joiner = "" if merged[-1].endswith("-") and not merged[-1].endswith(" -") else " "
            merged[-1] = merged[-1] + joiner + paragraph
        else:
            merged.append(paragraph)
    return merged


def _continues(previous: str, paragraph: str) -> bool:
    if not previous or previous[-1] in ".:!?»”\"":
        return False
    if BULLET_RE.match(previous) and len(previous) < 80:
        return True  # slide text: a bullet broken over lines with blank lines between
    return paragraph[:1].islower() or paragraph[:1].isdigit() and not BULLET_RE.match(paragraph)


PERSON_RE = re.compile(r"^(?P<name>[A-ZÆØÅ][\w\-]+(?:\s+[A-ZÆØÅ][\w\-]+){1,3}),\s*(?P<org>[A-ZÆØÅ][^,]{1,60})$")
FUNCTION_WORDS = ("og", "for", "i", "av", "til", "med", "på", "om", "mellom", "fra", "ved", "mot", "en", "et", "den",
                  "det", "de", "som", "samt", "eller")


def _furniture_key(text: str) -> str:
    """A page header or footer with its page number or date left out."""
    return re.sub(r"[\d\s.:/]+", " ", text.casefold()).strip()


def _open_ended(text: str) -> bool:
    """The line stops where a title cannot end: at a hyphen or a function word."""
    text = text.rstrip()
    return text.endswith(("-", "–", "—", ",")) or text.rsplit(" ", 1)[-1].casefold() in FUNCTION_WORDS


def _ocr_fold(text: str) -> str:
    """Fold the letters slide OCR confuses ("ø" read as "g" or "o", "å" as "a", "I" as "l"), to
    compare a scanned heading with a clean title."""
    return text.casefold().translate(str.maketrans({"ø": "o", "g": "o", "å": "a", "æ": "a", "l": "i", "0": "o"}))


ORGANISATION_WORDS = re.compile(
    r"\b(?:RHF|HF|SF|KS|FHI|FFO|NSF|kommune|direktorat\w*|departement\w*|forening\w*|institutt\w*|helse\w*"
    r"|sykehus\w*|tilsyn\w*|råd\w*|universitet\w*)\b",
    re.IGNORECASE,
)
PERSON_NAME_RE = re.compile(r"^[A-ZÆØÅÄÖÜÉ][\w.\-]+(?:\s+[A-ZÆØÅÄÖÜÉ][\w.\-]+){1,3}$")


def _split_people(text: str) -> list[str]:
    """Several people on one line: "NN (Org), MM (Org)" or "Anne Berg, Lise Dahl og Per Li".
    "Lise Dahl, Legeforeningen" is one person with an organisation."""
    # A semicolon (outside brackets) always ends a person: "Anne Berg, FFO; Lise Dahl, Legeforeningen".
    if re.search(r";(?![^()]*\))", text):
        return [person for part in re.split(r";(?![^()]*\))", text) for person in _split_people(part.strip())]
    if text.count(")") >= 2:
        parts = [part.strip() for part in re.split(r"(?<=\))\s*(?:[,;]|\s og\s)\s*", text) if part.strip()]
        if len(parts) > 1:
            return parts
    parts = [part.strip() for part in re.split(r"\s*[,;]\s*|\s+og\s+", text) if part.strip()]
    if len(parts) > 1 and all(PERSON_NAME_RE.match(part) and not ORGANISATION_WORDS.search(part) for part in parts):
        return parts
    return [text] if text else []


# How someone took part: remotely, and for how long.
REMOTE_WORDS_RE = re.compile(r"\b(?:digital[te]?|teams|video\w*|telefon|skype|zoom)\b", re.IGNORECASE)
ATTENDANCE_NOTE_RE = re.compile(
    r"\b(?:digital[te]?|teams|video\w*|telefon|skype|zoom|fysisk|permisjon|forlot|deler\s+av|til\s+og\s+med)\b"
    r"|\bkl\.?\s*\d|\b(?:fra|til|frem\s+til|etter|før)\s+(?:kl\b|sak\b|lunsj|pausen?\b|\d)",
    re.IGNORECASE,
)


def no_year_heading(text: str) -> re.Match | None:
    """A case heading without a year. After "Sak 5" without a colon the text must read as a title,
    not as a sentence about case 5 ("Sak 5 ble utsatt."): a capital letter first, no sentence end."""
    match = CASE_HEADING_NO_YEAR_RE.match(text)
    bare = (match.group("bare") or "").strip() if match else ""
    if match and match.group("bare") is not None and not (
            (bare[:1].isupper() or bare[:1] in "«\"") and not bare.endswith((".", "!", "?", ","))):
        return None
    return match


def _is_attendance_note(text: str) -> bool:
    return bool(text and ATTENDANCE_NOTE_RE.search(text))


def _is_person_name(text: str) -> bool:
    return bool(PERSON_NAME_RE.match(text.strip()) and not ORGANISATION_WORDS.search(text))


def clean_item(text: str) -> str:
    return BULLET_RE.sub("", text, count=1).strip()


def parse_time(value: str) -> str:
    match = TIME_RE.search(value)
    if not match:
        return ""
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def find_date(value: str, default_year: int | None = None) -> tuple[str, int, int] | None:
    """(ISO date, start, end) of the first date in the text."""
    for match in DATE_WORDS_RE.finditer(value):
        day, month_name, year = match.groups()
        year_value = int(year) if year else default_year
        if not year_value:
            continue
        iso = _iso(year_value, MONTHS[month_name.casefold()], int(day))
        if iso:
            return iso, match.start(), match.end()
    for match in DATE_NUMERIC_RE.finditer(value):
        day, month, year = (int(group) for group in match.groups())
        iso = _iso(year, month, day)
        if iso:
            return iso, match.start(), match.end()
    return None


def _iso(year: int, month: int, day: int) -> str:
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return ""


def full_year(year: str | int | None) -> int | None:
    if year is None or year == "":
        return None
    value = int(year)
    return value + 2000 if value < 100 else value


def case_type(word: str) -> str:
    return CASE_TYPES.get(word.casefold().strip(" .:()"), "")


def body_in(text: str, body_names: dict[str, str]) -> tuple[str, str, int, int] | None:
    """(slug, name as written, start, end) of the first body name in the text."""
    folded = text.casefold()
    best = None
    for name in sorted(body_names, key=len, reverse=True):
        # "NUIT-møtet" and "e-helserådets" name a body; "xe-helserådet" names none.
        for match in re.finditer(r"(?<![\w-])" + re.escape(name) + r"s?(?!\w)", folded):  # also genitive
            if best is None or match.start() < best[2] or (match.start() == best[2] and len(name) > best[3] - best[2]):
                best = (body_names[name], text[match.start():match.end()], match.start(), match.end())
            break
    return best


# ---------------------------------------------------------------------------------------------


class _Reader:
    """One pass over one document's lines. Indexes are 0-based here; the spans in the drafts
    are 1-based line numbers."""

    def __init__(self, text: str, body_names: dict[str, str], forced_body: str):
        self.body_names = {name.casefold(): slug for name, slug in body_names.items()}
        self._labels: dict[int, tuple[str, str | None] | None] = {}
        self.forced_body = forced_body
        text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
        self.lines = [
            Line(number + 1, raw, re.sub(r"\s+", " ", raw.replace("\f", " ")).strip())
            for number, raw in enumerate(text.split("\n"))
        ]
        self.furniture = self._find_furniture()
        self.footnotes = self._find_footnotes()  # [(number, lines)] under a PDF's footnote rule
        self.footnote_lines = {index for _, lines in self.footnotes for index in lines}
        self.used: set[int] = set()  # lines that went into a value
        self.ignored: set[int] = set()  # lines that are structure, not content (breaks, table headers)
        self.memo_owner: list[tuple[int, int, int]] = []  # (first, last line, meeting position) of each memo
        self.memo_header_lines: set[int] = set()  # the Til / Dato / Saksnummer … block of a cover memo
        self.heading_texts: dict[int, list[str]] = {}  # id(case) → its headings with the lines under them
        self.proposals_seen: dict[int, list[tuple[str, list[int]]]] = {}  # id(case) → proposals in order

    # -- lines --------------------------------------------------------------------------------

    def text(self, index: int) -> str:
        return self.lines[index].text

    def is_blank(self, index: int) -> bool:
        return self.lines[index].blank

    def is_filler(self, index: int) -> bool:
        """Blank, a page number or a repeated page header/footer."""
        return self.lines[index].blank or index in self.furniture

    def gap_after(self, index: int) -> bool:
        """Two or more blank lines follow (a slide or page boundary in extracted text)."""
        count = 0
        probe = index + 1
        while probe < len(self.lines) and self.lines[probe].blank:
            count += 1
            probe += 1
        return count >= 2

    def gap_before(self, index: int) -> bool:
        count = 0
        probe = index - 1
        while probe >= 0 and self.lines[probe].blank:
            count += 1
            probe -= 1
        return count >= 2

    def _find_furniture(self) -> set[int]:
        keys = Counter()
        for line in self.lines:
            if line.text and len(line.text) <= 45:
                keys[_furniture_key(line.text)] += 1
        furniture = set()
        for index, line in enumerate(self.lines):
            if not line.text:
                continue
            if PAGE_NUMBER_RE.match(line.text) or TABLE_HEADER_RE.match(line.text) or self._repeated_link(index) \
                    or AGENDA_HEADING_RE.match(line.text):
                furniture.add(index)
                continue
            key = _furniture_key(line.text)
            if (
                len(line.text) <= 45 and keys[key] >= 4 and not self.label_of(index)
                and not line.text.endswith((".", ",", "-", ":")) and not line.text[:1].islower()
                and not case_type(line.text) and not BULLET_RE.match(line.text)
                and not MEMO_LABEL_RE.match(line.text) and not BREAK_RE.match(line.text)
                and not ATTACHMENT_RE.match(line.text)
                and not CASE_HEADING_RE.match(line.text) and key not in {"", "sak", "tema"}
            ):
                furniture.add(index)
        return furniture

    def _find_footnotes(self) -> list[tuple[int, list[int]]]:
        """Footnotes: under a rule (a line of spaces in the extracted text), lines "1 Tekst …"."""
        footnotes: list[tuple[int, list[int]]] = []
        for index, line in enumerate(self.lines):
            if line.text or len(line.raw) < 20:
                continue
            probe = index + 1
            while probe < len(self.lines) and self.lines[probe].text:
                text = self.lines[probe].text
                match = re.match(r"^(\d{1,2})\s+\S", text)
                if match and not CASE_HEADING_RE.match(text):
                    footnotes.append((int(match.group(1)), [probe]))
                elif footnotes and footnotes[-1][1][-1] == probe - 1 and not text.casefold().startswith("http") \
                        and not re.match(r"^ [A-ZÆØÅ]", self.lines[probe].raw):  # a new page begins
                    footnotes[-1][1].append(probe)
                else:
                    break
                probe += 1
        return footnotes

    def _repeated_link(self, index: int) -> bool:
        """A PDF writes a link's address out under the text it was behind (the link annotation),
        or twice. An address the text introduces ("Se statusrapporten her:") is text."""
        text = self.lines[index].text
        if not re.match(r"^https?://\S+$", text, re.IGNORECASE):
            return False
        if any(self.lines[probe].text == text for probe in range(max(0, index - 4), index)):
            return True
        previous = next((self.lines[probe].text for probe in range(index - 1, max(-1, index - 4), -1)
                         if self.lines[probe].text), "")
        return not previous.endswith(":")

    def label_of(self, index: int) -> tuple[str, str | None] | None:
        """(field, inline value) when the line is a label inside a case."""
        if index in self._labels:
            return self._labels[index]
        found = None
        text = self.lines[index].text
        if text and len(text) <= 120:
            for name, pattern in LABELS:
                match = pattern.match(text)
                if match:
                    value = match.groupdict().get("value")
                    found = name, (value.strip() if value else None)
                    break
        self._labels[index] = found
        return found

    # -- the document ---------------------------------------------------------------------------

    def read(self) -> list[Draft]:
        if not any(line.text for line in self.lines):
            return []
        segments = self._segments()
        headings = self._case_headings()
        memos = self._memo_regions(headings, [s.header_line for s in segments if s.header_line is not None])
        drafts: list[Draft] = []
        plans = []
        for segment in segments:
            draft, meeting_year = self._read_header(segment, headings)
            plans.append((segment, draft, meeting_year))
        # Cases per meeting: agenda numbers decide where a memo or a later block belongs.
        occurrences_by_segment = [
            self._occurrences(segment, headings, memos, meeting_year) for segment, _, meeting_year in plans
        ]
        self._assign_memos([segment for segment, _, _ in plans], occurrences_by_segment, memos)
        kept = []
        for position, ((segment, draft, meeting_year), occurrences) in enumerate(zip(plans, occurrences_by_segment)):
            if not occurrences and not (draft.date and (segment.header_line is not None) and draft.body):
                continue
            self._read_cases(segment, draft, occurrences, meeting_year)
            self._read_next_meeting(segment, draft, meeting_year)
            kept.append((position, segment, draft))
        for position, segment, draft in kept:
            territory = set(range(segment.start, segment.end + 1))
            for first, last, owner in self.memo_owner:
                memo_lines = set(range(first, last + 1))
                territory = territory | memo_lines if owner == position else territory - memo_lines
            self._finish(territory, draft)
            drafts.append(draft)
        return drafts

    # -- meetings -------------------------------------------------------------------------------

    def _segments(self) -> list[Segment]:
        starts: list[tuple[int, str]] = []
        for index, line in enumerate(self.lines):
            text = line.text
            if not text or len(text) > 140:
                continue
            match = MEETING_HEADER_RE.match(text)
            if not match:
                continue
            rest = match.group("rest")
            found = body_in(rest, self.body_names)
            if not found and not self.forced_body:
                continue
            kind = (match.group("kind") or "").casefold()
            # "Referat" or "Innkalling" on the line above the header.
            previous = self._previous_text(index)
            if not kind and previous is not None and self.text(previous).casefold() in {"referat", "innkalling",
                                                                                            "protokoll"}:
                kind = self.text(previous).casefold()
            starts.append((index, kind))
        if not starts:
            if not self.forced_body and self._foreign_meeting():
                return []
            return [Segment(0, len(self.lines) - 1)]
        segments = []
        dates: list[str] = []
        for index, kind in starts:
            # Two header lines close together (a title page and the first page) are one meeting,
            # and so is a slide's running title with the meeting's own date.
            date = self._date_near(index)
            if segments and (index - segments[-1].header_line < 8 and not kind or date and date in dates):
                continue
            if date:
                dates.append(date)
            start = 0 if not segments else index
            if segments:
                segments[-1].end = index - 1
            segments.append(Segment(start, len(self.lines) - 1, header_kind=kind, header_line=index))
        return segments

    def _foreign_meeting(self) -> bool:
        """The document is headed as a meeting of a body that is no council ("Møte i
        Styringsgruppen") and names no council anywhere."""
        heads = [i for i in range(min(len(self.lines), 15)) if MEETING_HEADER_RE.match(self.text(i))]
        if not heads:
            return False
        return not any(body_in(line.text, self.body_names) for line in self.lines)

    def _date_near(self, index: int) -> str:
        """The date on a header line or on the few lines under it."""
        for probe in range(index, min(index + 5, len(self.lines))):
            found = find_date(self.text(probe))
            if found:
                return found[0]
        return ""

    def _previous_text(self, index: int) -> int | None:
        probe = index - 1
        while probe >= 0 and self.lines[probe].blank:
            probe -= 1
        return probe if probe >= 0 else None

    def _next_text(self, index: int, limit: int | None = None) -> int | None:
        probe = index + 1
        last = len(self.lines) - 1 if limit is None else min(limit, len(self.lines) - 1)
        while probe <= last and self.lines[probe].blank:
            probe += 1
        return probe if probe <= last else None

    def _read_header(self, segment: Segment, headings: list) -> tuple[Draft, int | None]:
        draft = Draft(kind="minutes" if segment.header_kind in {"referat", "protokoll"} else "notice")
        first_case = next((h.heading for h in headings if segment.start <= h.heading <= segment.end), segment.end)
        header_end = max(first_case - 1, segment.start)
        header_lines = range(segment.start, header_end + 1)
        for index in header_lines:  # a title line "REFERAT" says what the document is
            kind = KIND_LINE_RE.match(self.text(index))
            if kind:
                self.used.add(index)
                if kind.group(1).casefold() in {"referat", "protokoll"}:
                    draft.kind = "minutes"
                break

        # Body: from the header line, else the name written most often in the segment.
        if segment.header_line is not None:
            rest = MEETING_HEADER_RE.match(self.text(segment.header_line)).group("rest")
            found = body_in(rest, self.body_names)
            if found:
                draft.body, draft.body_name = found[0], found[1]
                draft.lines["body"] = (segment.header_line + 1, segment.header_line + 1)
                self.used.add(segment.header_line)
                place = re.match(r"^\s*i\s+([A-ZÆØÅ][\w .\-]{1,60})$", rest[found[3]:])
                if place:
                    draft.place = place.group(1).strip()
                    draft.lines["place"] = (segment.header_line + 1, segment.header_line + 1)
        if not draft.body:
            counts = Counter()
            first_seen: dict[str, tuple[int, str]] = {}
            for index in range(segment.start, segment.end + 1):
                found = body_in(self.text(index), self.body_names)
                if found:
                    counts[found[0]] += 1
                    first_seen.setdefault(found[0], (index, found[1]))
            if counts:
                slug = counts.most_common(1)[0][0]
                draft.body = slug
                draft.body_name = first_seen[slug][1]
                draft.lines["body"] = (first_seen[slug][0] + 1, first_seen[slug][0] + 1)
                self.used.add(first_seen[slug][0])
        if self.forced_body:
            if draft.body and draft.body != self.forced_body:
                draft.warnings.append(
                    f"Dokumentet ser ut til å gjelde «{draft.body_name}», men organet er satt til «{self.forced_body}»."
                )
            draft.body = self.forced_body

        # Meeting number: "Møte 2/2024".
        for index in range(segment.start, min(header_end + 1, segment.start + 40, len(self.lines))):
            match = MEETING_NUMBER_RE.search(self.text(index))
            if match:
                draft.number = f"{match.group(1)}/{match.group(2)}"
                draft.lines["number"] = (index + 1, index + 1)
                self.used.add(index)
                break

        if not draft.number and segment.header_line is not None:
            # "Referat fra møte i NUFA 4/24"
            match = re.search(r"\b(\d{1,2})\s*/\s*(20\d\d|\d\d)\b", self.text(segment.header_line))
            if match:
                draft.number = f"{match.group(1)}/{match.group(2)}"
                draft.lines["number"] = (segment.header_line + 1, segment.header_line + 1)
        self._read_header_labels(draft, header_lines, segment)

        # Date: labelled, else the first date near the top, else the date written most often.
        if not draft.date:
            for index in range(segment.start, min(header_end + 1, segment.start + 15)):
                if self._is_reference_line(index):
                    continue
                found = find_date(self.text(index))
                if found:
                    draft.date = found[0]
                    draft.lines["date"] = (index + 1, index + 1)
                    self.used.add(index)
                    if not draft.place:
                        self._place_after_date(draft, index, header_end)
                    break
        if not draft.date:
            counts = Counter()
            where: dict[str, int] = {}
            for index in range(segment.start, segment.end + 1):
                if self._is_reference_line(index):
                    continue
                found = find_date(self.text(index))
                if found:
                    counts[found[0]] += 1
                    where.setdefault(found[0], index)
            if counts:
                iso, _ = counts.most_common(1)[0]
                draft.date = iso
                draft.lines["date"] = (where[iso] + 1, where[iso] + 1)
                draft.warnings.append(
                    "Møtedatoen står ikke i et dokumenthode; datoen som står oftest i dokumentet er brukt. "
                    "Kontroller den."
                )
        if not draft.date:
            draft.warnings.append("Fant ingen møtedato i dokumentet.")
        meeting_year = int(draft.date[:4]) if draft.date else None
        if draft.number and meeting_year:
            number_year = full_year(draft.number.split("/")[1])
            if number_year != meeting_year:
                draft.warnings.append(
                    f"Møtenummeret {draft.number} har et annet år enn møtedatoen ({draft.date})."
                )
        if not draft.body:
            draft.warnings.append("Fant ikke hvilket organ møtet gjelder. Velg organ.")
        return draft, meeting_year

    def _is_reference_line(self, index: int) -> bool:
        """A line that names another meeting's date (approval of earlier minutes, a deadline)."""
        text = self.text(index).casefold()
        return any(word in text for word in ("referat", "frist", "neste m", "vedtak", "sendt", "publisert"))

    def _place_after_date(self, draft: Draft, date_index: int, header_end: int) -> None:
        """Slide decks write the place under the date, unlabelled: «Ytringsrommet, Helsedirektoratet, Storo»."""
        probe = self._next_text(date_index, limit=min(header_end, date_index + 3))
        if probe is None:
            return
        text = self.text(probe)
        if (
            "," in text and len(text) <= 90 and not text.endswith((".", ":")) and not self.label_of(probe)
            and not HEADER_LABEL_RE.match(text) and not find_date(text) and not CASE_HEADING_RE.match(text)
        ):
            draft.place = text
            draft.lines["place"] = (probe + 1, probe + 1)
            self.used.add(probe)

    def _read_header_labels(self, draft: Draft, header_lines: range, segment: Segment) -> None:
        """Dato / Tid / Sted / Medlemmer / Ikke til stede / Stedfortreder / Gjester …, the label
        on the line and its value beside it or on the lines under it."""
        current = None
        pending: list[tuple[str, list[tuple[int, str]]]] = []  # (group, [(line, text)]) of people
        stop_words = ("sak ", "saksnr", "agenda", "dagsorden", "endringer i representanter", "emne ")
        for index in header_lines:
            text = self.text(index)
            if not text or PAGE_NUMBER_RE.match(text):
                continue
            if text.casefold().startswith(stop_words) or CASE_HEADING_RE.match(text):
                current = None
                continue
            match = HEADER_LABEL_RE.match(text)
            if match and match.group("secretariat"):
                # "Helsedirektoratet Siv Ingebrigtsen" under the member list names the secretariat;
                # "Helsedirektoratet, Verkstedveien 1" or a lone organisation name does not.
                value = match.group("value").strip()
                if not pending or not value or text[match.end("label"):].lstrip().startswith(","):
                    match = None
            if match:
                group = next(key for key, _ in HEADER_LABELS if match.group(key))
                value = match.group("value").strip()
                self.used.add(index)
                if group == "date":
                    found = find_date(value)
                    if found:
                        draft.date = found[0]
                        draft.lines["date"] = (index + 1, index + 1)
                        # "Dato: 3. juni 2014, kl. 09:00 – 12:00"
                        times = [f"{int(h):02d}:{m}" for h, m in TIME_RE.findall(value[found[2]:])]
                        if times and not draft.start:
                            draft.start = times[0]
                            draft.lines["start"] = (index + 1, index + 1)
                            if len(times) > 1:
                                draft.end = times[1]
                                draft.lines["end"] = (index + 1, index + 1)
                    current = None
                    continue
                if group == "time":
                    times = [f"{int(h):02d}:{m}" for h, m in TIME_RE.findall(value)]
                    if times:
                        draft.start = times[0]
                        draft.lines["start"] = (index + 1, index + 1)
                        if len(times) > 1:
                            draft.end = times[1]
                            draft.lines["end"] = (index + 1, index + 1)
                    current = None
                    continue
                if group == "place":
                    draft.place = value
                    draft.lines["place"] = (index + 1, index + 1)
                    current = "place"
                    continue
                if group == "chair":
                    current = None
                    if value:
                        pending.append(("members", [(index, value)]))
                    continue
                current = group
                pending.append((group, [(index, value)] if value else []))
                continue
            if current == "place" and draft.place and not text.endswith(":"):
                # The place broken over two lines.
                if len(text) < 60 and not find_date(text) and not TIME_RE.search(text) \
                        and draft.place.rstrip().endswith((",", "-", "–")):
                    draft.place = draft.place + " " + text
                    start, _ = draft.lines["place"]
                    draft.lines["place"] = (start, index + 1)
                    self.used.add(index)
                    continue
                current = None
            if current == "substitutes" and not re.search(r"\bfor\b", text) and not (
                    pending[-1][1] and _open_ended(pending[-1][1][-1][1]) or text[:1].islower()):
                current = None  # the list of substitutes has ended
                continue
            if current != "members_navn" and text.casefold().startswith("navn:"):
                current = "members_navn"  # "Navn: …" / "Tittel: …" / "Aktør: …" blocks
                pending.append(("members_navn", [(index, text)]))
                continue
            if current in {"members", "absent", "substitutes", "guests", "secretariat", "members_navn"}:
                if current == "members_navn" and not re.match(r"^(navn|tittel|aktør|organisasjon|virksomhet)\s*:",
                                                              text, re.IGNORECASE) \
                        and (not pending[-1][1] or index - pending[-1][1][-1][0] > 2):
                    current = None  # a value broken over lines is a blank line apart at most
                    continue
                pending[-1][1].append((index, text))
            elif text.casefold().startswith(("stedfortredere til dagens", "stedfortreder til dagens")):
                current = "substitutes"
                pending.append(("substitutes", []))
                self.used.add(index)
            elif text.casefold().startswith("navn:"):
                current = "members_navn"
                pending.append(("members_navn", [(index, text)]))
        for group, entries in pending:
            self._read_people(draft, group, entries)
        if draft.kind != "minutes" and any(person.status == "present" for person in draft.attendance):
            draft.warnings.append(INVITED_NOT_PRESENT)

    def _read_people(self, draft: Draft, group: str, lines: list[tuple[int, str]]) -> None:
        """Entries of a people list, each "Name (Organisation) – note" or "Name, Organisation",
        joined again where the PDF broke an entry over lines."""
        entries: list[tuple[str, list[int]]] = []
        last_key = ""
        for index, line_text in lines:
            parts = _split_people(clean_item(line_text)) if group != "members_navn" else [clean_item(line_text)]
            if len(parts) > 1:
                entries.extend((part, [index]) for part in parts)  # "Til stede: NN (Org), MM (Org)"
                continue
            text = parts[0] if parts else ""
            if not text:
                continue
            if group == "members_navn":
                # "Navn: …" / "Tittel: …" / "Aktør: …", a value broken over two lines.
                key, colon, value = text.partition(":")
                key = key.strip().casefold()
                if colon and key == "navn":
                    entries.append((value.strip(), [index]))
                    last_key = key
                elif colon and key in {"aktør", "organisasjon", "virksomhet", "tittel", "rolle"} and entries:
                    if key != "tittel" and key != "rolle":
                        entries[-1] = (entries[-1][0] + f" ({value.strip()})", entries[-1][1] + [index])
                    else:
                        entries[-1] = (entries[-1][0], entries[-1][1] + [index])
                    last_key = key
                elif not colon and entries:
                    if last_key in {"aktør", "organisasjon", "virksomhet"} and entries[-1][0].endswith(")"):
                        entries[-1] = (entries[-1][0][:-1] + " " + text + ")", entries[-1][1] + [index])
                    else:
                        entries[-1] = (entries[-1][0], entries[-1][1] + [index])
                continue
            if entries and self._continues_entry(entries[-1][0], text):
                joiner = "" if entries[-1][0].endswith("-") and not entries[-1][0].endswith(" -") else " "
                entries[-1] = (entries[-1][0] + joiner + text, entries[-1][1] + [index])
            else:
                entries.append((text, [index]))
        for entry, entry_lines in entries:
            person = self._person("members" if group == "members_navn" else group, entry)
            if person is None:
                continue
            draft.attendance.append(person)
            draft.lines[f"attendance[{len(draft.attendance) - 1}]"] = (entry_lines[0] + 1, entry_lines[-1] + 1)
            self.used.update(entry_lines)

    @staticmethod
    def _continues_entry(previous: str, text: str) -> bool:
        if previous.count("(") > previous.count(")"):
            return True
        if previous.rstrip().endswith(("–", "-", ",", "/")):
            return True
        return text.startswith("(") or text[:1].islower()

    def _person(self, group: str, entry: str) -> DraftAttendance | None:
        entry = re.sub(r"\s*\((?:leder|nestleder)\)", "", entry.strip().rstrip("."))
        if not entry or len(entry) > 200:
            return None
        substitute = SUBSTITUTE_RE.match(entry)
        # In a list of those present, "Jon Lie for Anne Berg" is a substitute when it names a person it stands in for.
        stands_in = substitute and group == "members" and _is_person_name(substitute.group("for"))
        if substitute and (group == "substitutes" or stands_in
                           or re.search(r"\b(stiller|stilte|stedfortreder)\b", entry)):
            rest = (substitute.group("rest") or "").strip(" ,.")
            for_note = (substitute.group("for_org") or "").strip()
            if _is_attendance_note(for_note):
                rest = (for_note + " " + rest).strip()  # "Jon Lie for Anne Berg (digitalt)"
            person = DraftAttendance(
                name=substitute.group("who").strip(),
                organisation=(substitute.group("org1") or substitute.group("org2") or "").strip(),
                status="substitute",
                substitute_for=substitute.group("for").strip(),
                note=re.sub(r"\s+", " ", entry[substitute.start("who") + len(substitute.group("who")):]).strip(" ,")
                if rest else "",
            )
            if person.note:
                person.note = re.sub(r"^(\([^)]*\)|,\s*[^,]+,)\s*", "", person.note).strip()
            if _is_attendance_note(person.organisation):
                # "Jon Lie (digitalt) for Anne Berg": the bracket says how he took part.
                person.note = (person.organisation + " " + person.note).strip()
                person.organisation = ""
            self._remote(person, " ".join((rest, person.note)))
            return person
        name, organisation, note = self._entry_parts(entry)
        if not re.match(r"^[A-ZÆØÅÄÖÜÉ]", name) or len(name.split()) > 6 or len(name.split()) < 2:
            return None
        status = {"absent": "absent", "guests": "guest", "secretariat": "guest"}.get(group, "present")
        if group == "substitutes":
            status = "substitute"
        person = DraftAttendance(name=name, organisation=organisation.replace("- ", "-") if organisation.endswith(
            "-") else organisation, status=status, note=note)
        if group == "secretariat":
            person.note = (person.note + " " if person.note else "") + "sekretariat"
        self._remote(person, note)
        return person

    @staticmethod
    def _entry_parts(entry: str) -> tuple[str, str, str]:
        """(name, organisation, note) of one attendance entry: "NN, Org", "NN (Org)", "NN – Org",
        "NN, Org (digitalt)", "NN (Org) – digitalt frem til kl. 12.20", "NN (Org, digitalt)".
        What a bracket or a dash holds is a note when it says how or how long the person took part
        (digitalt, Teams, frem til kl. …), otherwise the organisation."""
        dash_parts = [part.strip() for part in re.split(r"\s+[–—-]\s+|\s+[–—]\s*$", entry)]
        head, dash_parts = dash_parts[0], [part for part in dash_parts[1:] if part]
        name_part, bracket, after = head, "", ""
        match = re.match(r"^(?P<name>[^()]+?)\s*\((?P<inside>.*)\)\s*(?P<after>[^()]*)$", head)
        if match:
            name_part, bracket, after = match.group("name"), match.group("inside"), match.group("after")
        organisations: list[str] = []
        notes: list[str] = []
        name, comma, comma_part = name_part.partition(",")
        if comma and comma_part.strip(" ,"):
            target = notes if _is_attendance_note(comma_part) else organisations
            target.append(comma_part.strip(" ,"))
        if bracket:
            # "(KS, digitalt)": the pieces of a bracket sorted one by one, but "(Helse Sør-Øst RHF, Sykehuspartner)"
            # stays one organisation.
            pieces = [piece.strip() for piece in re.split(r"\)\s*\(|,", bracket) if piece.strip()]
            if not any(_is_attendance_note(piece) for piece in pieces):
                pieces = [re.sub(r"\)\s*\(", ", ", bracket).strip()]
            for piece in pieces:
                (notes if _is_attendance_note(piece) else organisations).append(piece)
        if after.strip(" ,–-"):
            notes.append(after.strip(" ,–-"))
        for part in dash_parts:
            # "Siri Lund – FHI": after a dash the organisation, unless one is known or the part is a note.
            (organisations if not organisations and not _is_attendance_note(part) else notes).append(part)
        organisation = organisations[0] if organisations else ""
        if len(organisations) > 1:
            organisation += " (" + ", ".join(organisations[1:]) + ")"  # "KS (Kommunenes sentralforbund)"
        return name.strip(), organisation, " ".join(notes)

    @staticmethod
    def _remote(person: DraftAttendance, note: str) -> None:
        folded = note.casefold()
        if REMOTE_WORDS_RE.search(folded):
            person.remote = "partial" if re.search(r"\b(fra|frem til|til|etter|før)\b\s*(kl|\d|sak)", folded) \
                else "full"

    # -- cases ----------------------------------------------------------------------------------

    def _case_headings(self) -> list[CaseOccurrence]:
        headings: list[CaseOccurrence] = []
        for index, line in enumerate(self.lines):
            text = line.text
            if not text or len(text) > 250:
                continue
            cells = PIPE_SPLIT_RE.split(text) if "|" in text else None
            candidate = cells[0] + (" " + " ".join(cells[1:]) if cells and len(cells) > 1 else "") if cells else text
            match = CASE_HEADING_RE.match(candidate)
            if match:
                rest = match.group("rest").strip()
                if rest.casefold().startswith(("nufa", "nuit", "e-helserådet")) and len(rest) < 12:
                    continue  # "38/23 NUFA": a row of a table of earlier treatments
                if re.match(r"^\d", rest) and not TIME_RE.match(rest):
                    continue  # a fraction or a date, not a case
                if cells and len(cells) > 1:
                    rest = " | ".join(cells[1:])
                headings.append(CaseOccurrence(int(match.group("num")), full_year(match.group("year")), index, index,
                                               title=rest))
                continue
            match = CASE_NUMBER_LAST_RE.match(text)
            if match and (not match.group("after") or case_type(match.group("after")) or TIME_RE.fullmatch(
                    match.group("after").strip())) and not text.endswith("."):
                headings.append(CaseOccurrence(int(match.group("num")), full_year(match.group("year")), index, index,
                                               title=f"{match.group('rest')} {match.group('after')}".strip()))
                continue
            match = no_year_heading(text)
            if match and match.group("bare") is not None:
                headings.append(CaseOccurrence(int(match.group("num")), None, index, index,
                                               title=match.group("bare").strip(), needs_meeting_year=True))
            elif match:
                headings.append(CaseOccurrence(int(match.group("num")), None, index, index,
                                               title=(match.group("rest") or "").strip()))
        return headings

    def _memo_regions(self, headings: list[CaseOccurrence], meeting_headers: list[int]) -> list[CaseOccurrence]:
        """Cover memos ("toppnotat"): a header with Saksnummer (and Til, Dato, Innretning …), a
        "Forslag til vedtak" and memo sections. The header may come before or after the text.
        A memo runs to the next memo or the next meeting's header."""
        memos: list[CaseOccurrence] = []
        index = 0
        heading_lines = {h.heading for h in headings}
        while index < len(self.lines):
            text = self.text(index)
            match = MEMO_LABEL_RE.match(text)
            if match and match.group(1).casefold() in {"til", "saksnummer"}:
                header = self._memo_header(index)
                if header is not None:
                    number, year, memo_type, lines = header
                    memos.append(CaseOccurrence(number, year, lines[0], lines[-1], type=memo_type, is_memo=True,
                                                title_lines=lines))
                    self.memo_header_lines.update(lines)
                    index = lines[-1] + 1
                    continue
            index += 1
        # Extend each memo header to the memo around it: from its "Forslag til vedtak" (and the title
        # above it) to just before the next memo begins.
        proposal_labels = [i for i in range(len(self.lines)) if (self.label_of(i) or ("",))[0] == "proposal"]
        starts = []
        for memo in memos:
            header_start = memo.heading
            previous_memo_end = starts[-1][1] if starts else -1
            label = None
            for candidate in reversed(proposal_labels):
                if previous_memo_end < candidate < header_start and not any(
                        candidate < h < header_start for h in heading_lines):
                    label = candidate
                    break
            if label is None:
                start = header_start
            else:
                start = label
                # The memo's title over the label.
                probe = label
                taken = 0
                while taken < 3:
                    previous = self._previous_text(probe)
                    if previous is None or previous <= previous_memo_end or probe - previous > 3:
                        break
                    previous_text = self.text(previous)
                    if previous_text.endswith(":") or previous_text.endswith(".") and taken \
                            or previous in self.furniture or previous in heading_lines:
                        break
                    if MEMO_LABEL_RE.match(previous_text) or any(previous in m.title_lines for m in memos):
                        break
                    start = previous
                    probe = previous
                    taken += 1
            starts.append((start, memo.title_lines[-1]))
            memo.heading = start
        for position, memo in enumerate(memos):
            ends = [memos[position + 1].heading - 1] if position + 1 < len(memos) else [len(self.lines) - 1]
            ends += [header - 1 for header in meeting_headers if header > memo.title_lines[-1]]
            memo.end = min(ends)
        return memos

    def _memo_header(self, index: int) -> tuple[int, int | None, str, list[int]] | None:
        """Read the memo header starting at index: labels in a column then their values in a
        column (PDF layout), or "Label: value" lines."""
        values: dict[str, str] = {}
        lines: list[int] = []
        probe = index
        limit = min(len(self.lines), index + 40)
        while probe < limit:
            labels: list[str] = []
            while probe < limit:
                if self.is_blank(probe):
                    probe += 1
                    continue
                match = MEMO_LABEL_RE.match(self.text(probe))
                if not match:
                    break
                if match.group(2):
                    values[match.group(1).casefold()] = match.group(2).strip()
                else:
                    labels.append(match.group(1).casefold())
                lines.append(probe)
                probe += 1
            if not labels:
                break
            taken = 0
            while probe < limit and taken < len(labels):
                if self.is_blank(probe):
                    probe += 1
                    continue
                if MEMO_LABEL_RE.match(self.text(probe)):
                    break
                values[labels[taken]] = self.text(probe)
                lines.append(probe)
                taken += 1
                probe += 1
        number = values.get("saksnummer", "")
        match = re.match(r"^(?:sak\s+)?(\d{1,3})\s*/\s*(20\d\d|\d\d)$", number, re.IGNORECASE)
        if not match:
            return None
        return int(match.group(1)), full_year(match.group(2)), case_type(values.get("innretning", "")), lines

    def _occurrences(self, segment: Segment, headings: list[CaseOccurrence], memos: list[CaseOccurrence],
                     meeting_year: int | None) -> list[CaseOccurrence]:
        """Case blocks of the segment, each from its heading to the next heading or memo."""
        memo_lines = set()
        for memo in memos:
            memo_lines.update(range(memo.heading, memo.end + 1))
        inside = [h for h in headings if segment.start <= h.heading <= segment.end and h.heading not in memo_lines]
        occurrences: list[CaseOccurrence] = []
        agenda: set[tuple[int, int | None]] = set()
        for heading in inside:
            if heading.needs_meeting_year and not meeting_year:
                continue  # "Sak 5 Tittel" without a meeting date: no case number can be made of it
            year = heading.year or meeting_year
            if agenda and meeting_year and year != meeting_year and (heading.number, year) not in agenda:
                continue  # once the meeting's own cases are known, another year's case is a reference
            occurrences.append(CaseOccurrence(heading.number, year, heading.heading, heading.heading,
                                              title=heading.title, year_from_meeting=heading.year is None))
            agenda.add((heading.number, year))
        boundaries = sorted(
            {o.heading for o in occurrences} | {m.heading for m in memos} | {segment.end + 1}
            | set(self._boundary_lines(segment))
        )
        for occurrence in occurrences:
            following = [b for b in boundaries if b > occurrence.heading]
            occurrence.end = min(following) - 1 if following else segment.end
            occurrence.runs_to_end = occurrence.end == segment.end
        return occurrences

    def _boundary_lines(self, segment: Segment) -> list[int]:
        """Lines that end the last case block although no case heading follows: "Takk for i dag"."""
        found = []
        for index in range(segment.start, segment.end + 1):
            text = self.text(index).casefold()
            if text.startswith("takk for i dag"):
                found.append(index)
        return found

    def _assign_memos(self, segments: list[Segment], occurrences_by_segment: list[list[CaseOccurrence]],
                      memos: list[CaseOccurrence]) -> None:
        """A memo belongs to the meeting whose agenda has its case number and year (the memos
        of the next meeting may follow the previous meeting's minutes); else to the meeting it
        stands in."""
        for memo in memos:
            target = next((position for position, occurrences in enumerate(occurrences_by_segment)
                           if any((o.number, o.year) == (memo.number, memo.year) for o in occurrences)), None)
            if target is None:
                target = next((position for position, segment in enumerate(segments)
                               if segment.start <= memo.heading <= segment.end), None)
            if target is None:
                continue
            occurrences_by_segment[target].append(memo)
            self.memo_owner.append((memo.heading, memo.end, target))

    # -- one case -------------------------------------------------------------------------------

    def _read_cases(self, segment: Segment, draft: Draft, occurrences: list[CaseOccurrence],
                    meeting_year: int | None) -> None:
        order: list[tuple[int, int | None]] = []
        groups: dict[tuple[int, int | None], list[CaseOccurrence]] = {}
        for occurrence in occurrences:
            key = (occurrence.number, occurrence.year)
            if key not in groups:
                order.append(key)
                groups[key] = []
            groups[key].append(occurrence)
        # Minutes: the header says so, or most cases have a decision. A slide titled "Vedtak" in a
        # notice does not make minutes.
        decided = {
            o.number for o in occurrences if not o.is_memo
            and any((self.label_of(i) or ("",))[0] == "decision" for i in range(o.heading, o.end + 1))
        }
        if decided and len(decided) * 2 >= len({o.number for o in occurrences if not o.is_memo}):
            draft.kind = "minutes"
        if draft.kind == "minutes" and INVITED_NOT_PRESENT in draft.warnings:
            draft.warnings.remove(INVITED_NOT_PRESENT)
        minutes = draft.kind == "minutes"
        unnumbered_agenda = self._unnumbered_agenda(segment, occurrences)
        self._check_agenda_duplicates(draft, occurrences)
        has_memo = False
        blocks: dict[int, list[CaseOccurrence]] = {}  # position of the case → its blocks
        for key in sorted(order, key=lambda k: (k[1] or 0, k[0])):
            number, year = key
            case = DraftCase(number=number, year=year or meeting_year or 0, title="")
            position = len(draft.cases)
            draft.cases.append(case)
            blocks[position] = groups[key]
            for occurrence in groups[key]:
                self._read_block(draft, case, position, occurrence, minutes)
                has_memo = has_memo or occurrence.is_memo
            if not year:
                draft.warnings.append(
                    f"Sak {number}: saksnummeret står uten år, og dokumentet har ingen møtedato. Fyll inn året."
                )
            elif all(o.year_from_meeting for o in groups[key]):  # a memo's number always has its year
                draft.warnings.append(
                    f"Sak {case.case_number}: saksnummeret står uten år i dokumentet; året er tatt fra møtedatoen "
                    f"({draft.date}). Kontroller saksnummeret."
                )
            if meeting_year and year and year != meeting_year:
                draft.warnings.append(
                    f"Sak {case.case_number} har et annet år ({year}) enn møtedatoen ({draft.date})."
                )
        if unnumbered_agenda and not any(case.time for case in draft.cases):
            self._titles_from_unnumbered_agenda(draft, unnumbered_agenda)
        self._proposals_without_heading(draft)
        if draft.kind != "minutes":
            self._proposals_without_label(draft, blocks)
        for case in draft.cases:
            if not case.title:
                draft.warnings.append(f"Fant ingen tittel for sak {case.case_number}.")
        if not draft.start:
            self._start_from_agenda(segment, draft)
        if has_memo and draft.kind != "minutes":
            draft.kind = "pack"
        elif draft.kind == "notice" and any(c.purpose or c.background or c.questions for c in draft.cases):
            draft.kind = "pack"

    def _proposals_without_heading(self, draft: Draft) -> None:
        """OCR can lose a case's heading: its slides then run on in the previous case. When a case
        has no proposal and the case before it has two different ones, the later belongs to it."""
        for position, case in enumerate(draft.cases):
            seen = self.proposals_seen.get(id(case), [])
            distinct = [seen[0]] + [pair for pair in seen[1:] if not self._similar_text(seen[0][0], pair[0])] \
                if seen else []
            following = draft.cases[position + 1] if position + 1 < len(draft.cases) else None
            if len(distinct) >= 2 and following and following.number == case.number + 1 and not following.proposal:
                first_text, first_lines = seen[0]
                later = [pair for pair in seen if not self._similar_text(first_text, pair[0])]
                case.proposal = first_text
                draft.lines[f"cases[{position}].proposal"] = (min(first_lines) + 1, max(first_lines) + 1)
                text, lines = later[-1]
                following.proposal = text
                draft.lines[f"cases[{position + 1}].proposal"] = (min(lines) + 1, max(lines) + 1)
                draft.warnings.append(
                    f"Sak {following.case_number} har ingen egen overskrift der forslaget til vedtak står; "
                    f"forslaget etter sak {case.case_number} sitt er antatt å høre til sak {following.case_number}."
                )
            elif len(distinct) >= 2:
                draft.warnings.append(f"Sak {case.case_number} har flere forslag til vedtak; det siste er brukt.")

    def _proposals_without_label(self, draft: Draft, blocks: dict[int, list[CaseOccurrence]]) -> None:
        """A slide whose "Forslag til vedtak" was an image leaves the proposal as the last
        paragraph of the case, a sentence with the body as subject: "Nasjonalt e-helseråd tar
        sakene til orientering." Taken, with a warning."""
        names = [name for name, slug in self.body_names.items() if slug == draft.body] or [draft.body_name.casefold()]
        subject = r"^(?:" + "|".join(re.escape(name) for name in names if name) + r")\s+(?:tar|godkjenner|drøftet|" \
            r"drøfter|anbefaler|støtter|ber|ba|gir|ga|er\s+orientert|slutter\s+seg|vedtar|tilrår)\b"
        for position, case in enumerate(draft.cases):
            if case.proposal or case.title.casefold() == "eventuelt":
                continue
            own = [block for block in blocks.get(position, []) if not block.is_memo]
            if not own:
                continue
            block = own[-1]
            last = block.end
            while last > block.heading and (self.is_filler(last) or BREAK_RE.match(self.text(last))):
                last -= 1
            lines = self._backward(last + 1, block.heading + 1, set())
            if not lines or lines[0] in self.used:
                continue
            text = self._join(lines)
            if re.match(subject, text, re.IGNORECASE) and text.endswith(".") and len(text) < 600:
                case.proposal = text
                draft.lines[f"cases[{position}].proposal"] = (lines[0] + 1, lines[-1] + 1)
                self.used.update(lines)
                draft.warnings.append(
                    f"Sak {case.case_number}: forslaget til vedtak står uten overskrift i dokumentet og er lest ut fra "
                    "siste avsnitt i saken. Kontroller det."
                )

    def _start_from_agenda(self, segment: Segment, draft: Draft) -> None:
        """No "Tid" line: the meeting starts at the agenda's first time."""
        first_case = min((o for o in range(segment.start, segment.end + 1) if CASE_HEADING_RE.match(self.text(o))),
                         default=segment.end)
        in_agenda = False
        for index in range(segment.start, first_case + 1):
            text = self.text(index)
            if text.casefold().startswith(("agenda", "dagsorden", "program")):
                in_agenda = True
            if in_agenda and TIME_RE.search(text) and not find_date(text):
                draft.start = parse_time(text)
                draft.lines["start"] = (index + 1, index + 1)
                return
        times = [(case.time, position) for position, case in enumerate(draft.cases) if case.time]
        if times:
            time, position = min(times)
            draft.start = time
            if f"cases[{position}].time" in draft.lines:
                draft.lines["start"] = draft.lines[f"cases[{position}].time"]

    def _check_agenda_duplicates(self, draft: Draft, occurrences: list[CaseOccurrence]) -> None:
        """The same case number used for two cases with different titles."""
        seen: dict[tuple[int, int | None], str] = {}
        warned = set()
        for occurrence in occurrences:
            if occurrence.is_memo:
                continue
            key = (occurrence.number, occurrence.year)
            title = self._clean_title(occurrence.title)[0]
            if key in seen and seen[key] and title and not self._title_is_poor(title) \
                    and self._similar(seen[key], title) < 0.45 and key not in warned:
                warned.add(key)
                draft.warnings.append(
                    f"Saksnummeret {occurrence.number}/{(occurrence.year or 0) % 100:02d} er brukt om to saker "
                    f"(«{seen[key]}» og «{title}»)."
                )
            if title and not self._title_is_poor(title):
                seen.setdefault(key, title)

    @staticmethod
    def _similar(first: str, second: str) -> float:
        a, b = first.casefold()[:60], second.casefold()[:60]
        if a.startswith(b[:20]) or b.startswith(a[:20]):
            return 1.0
        return difflib.SequenceMatcher(None, a, b).ratio()

    def _read_block(self, draft: Draft, case: DraftCase, position: int, occurrence: CaseOccurrence,
                    minutes: bool) -> None:
        prefix = f"cases[{position}]"
        start, end = occurrence.heading, occurrence.end
        body_start = start + 1
        if occurrence.is_memo:
            self.used.update(occurrence.title_lines)
            if occurrence.type and not case.type:
                case.type = occurrence.type
                first = occurrence.title_lines[0]
                draft.lines[f"{prefix}.type"] = (first + 1, occurrence.title_lines[-1] + 1)
            body_start = start
        else:
            title, title_lines, time, ctype, presenters, body_start = self._heading(occurrence)
            self.heading_texts.setdefault(id(case), []).append(self._heading_text(occurrence))
            if title and (not case.title or (self._title_is_poor(case.title) and not self._title_is_poor(title))
                          or self._columns_after(case.title, title)):
                case.title = title
                draft.lines[f"{prefix}.title"] = (title_lines[0] + 1, title_lines[-1] + 1)
            self.used.update(title_lines)
            if time and not case.time:
                case.time = time
                draft.lines[f"{prefix}.time"] = (title_lines[-1] + 1, title_lines[-1] + 1)
            if ctype and not case.type:
                case.type = ctype
                draft.lines[f"{prefix}.type"] = (title_lines[0] + 1, title_lines[-1] + 1)
            if presenters and not case.presenters:
                case.presenters = presenters
        self._read_labels(draft, case, prefix, body_start, end, minutes, occurrence.is_memo, occurrence.runs_to_end)

    def _heading(self, occurrence: CaseOccurrence) -> tuple[str, list[int], str, str, list[dict], int]:
        """Title, its lines, time, type and presenters of a case heading (with the lines under it
        that continue the title or hold the time and type columns)."""
        index = occurrence.heading
        parts = [occurrence.title] if occurrence.title else []
        lines = [index]
        probe = index + 1
        end = occurrence.end
        # Continuation lines: no blank line in between, nothing that is a label or a new item.
        while probe <= end and len(lines) < 4:
            text = self.text(probe)
            if not text or probe in self.furniture and not (parts and _open_ended(parts[-1])):
                if not parts and text == "" and probe + 1 <= end and self.text(probe + 1) and len(lines) == 1 \
                        and not self.gap_after(probe - 1):
                    probe += 1
                    continue
                break
            if self.label_of(probe) or BREAK_RE.match(text) or BULLET_RE.match(text) \
                    or MEMO_LABEL_RE.match(text) or ATTACHMENT_RE.match(text) \
                    or (HEADER_LABEL_RE.match(text) and not parts):
                break
            if parts and (parts[-1].rstrip().endswith((".", ":")) or len(text) > 110):
                break
            if parts and not _open_ended(parts[-1]) and not text[:1].islower() \
                    and (len(text) > 60 or PERSON_RE.match(text) or text.endswith((".", "!", "?"))):
                break  # "Erik Hedlund, Helsedirektoratet, ønsket …": the text of the case begins
            if parts and re.match(r"^ \S", self.lines[probe].raw) and not _open_ended(parts[-1]):
                break  # a new page or text box begins
            parts.append(text)
            lines.append(probe)
            probe += 1
            if TIME_RE.search(text) or re.search(r"\b(" + TYPE_WORDS + r")\s*$", text, re.IGNORECASE):
                break
        # Columns under the title: presenters ("Bjørn Nilsen, Helse Nord RHF") and the time and
        # type ("10:55 Drøfting"), a blank line apart at most.
        presenters: list[dict] = []
        column_time, column_type = "", ""
        column_lines: list[int] = []
        probe = lines[-1]
        for _ in range(8):
            nxt = self._next_text(probe, limit=min(end, probe + 2))
            if nxt is None:
                break
            probe = nxt
            text = self.text(nxt)
            if nxt in self.furniture and not TIME_RE.search(text):
                column_lines.append(nxt)  # an organisation under a presenter's name, repeated often
                continue
            if re.fullmatch(r"(?:(?:kl\.?\s*)?\d{1,2}[:.]\d{2}\s*)?(?:" + TYPE_WORDS + r")?\.?", text, re.IGNORECASE):
                rest, row_time, row_type = "", parse_time(text), case_type(text.split()[-1])
            elif self.label_of(nxt) or CASE_HEADING_RE.match(text):
                break
            else:
                rest, row_time, row_type, _ = self._clean_title(text)
            person = PERSON_RE.match(rest) or re.fullmatch(r"(?P<name>(?:[A-ZÆØÅ][\w\-]+\s+){1,3}[A-ZÆØÅ][\w\-]+)"
                                                           r"(?P<org>)", rest)
            if not rest and (row_time or row_type) or person and (row_time or row_type or len(column_lines) < 4):
                column_lines.append(nxt)
                if person:
                    presenters.append({"name": person.group("name"), "organisation": person.group("org").strip()})
                if row_time or row_type:
                    column_time, column_type = row_time, row_type
                    break
                continue
            break
        if column_time or column_type:
            lines.extend(column_lines[:column_lines.index(probe) + 1] if probe in column_lines else column_lines)
        else:
            presenters = []  # names with no time or type after them are the text of the case
        title, time, ctype, row_presenters = self._clean_title(join_lines(parts).replace("\n", " "))
        time, ctype = time or column_time, ctype or column_type
        body_start = lines[-1] + 1
        return title, lines, time, ctype, row_presenters + presenters, body_start

    def _heading_text(self, occurrence: CaseOccurrence) -> str:
        """The heading and the lines under it up to the slide's end: OCR may have scattered the
        title over them ("Sak 34/25: Goc" / "kijenning av referatet" / "fra NUIT 11. se")."""
        parts = [occurrence.title]
        probe = occurrence.heading
        while len(parts) < 6:
            nxt = self._next_text(probe, limit=min(occurrence.end, probe + 2))
            if nxt is None or self.gap_after(probe) or self.label_of(nxt):
                break
            parts.append(self.text(nxt))
            probe = nxt
        return " ".join(part for part in parts if part)

    def _clean_title(self, text: str) -> tuple[str, str, str, list[dict]]:
        """Split a case row into title, time, type and presenters: "Tittel 09:15 Drøfting",
        "Tittel Godkjenning Rune Simensen", "Tittel NN, Org 10:00 Godkjenning", "Tittel | Type"."""
        time = ""
        ctype = ""
        presenters: list[dict] = []
        if "|" in text:
            cells = [cell.strip() for cell in text.split("|") if cell.strip()]
            title_cells = []
            for cell in cells:
                if case_type(cell):
                    ctype = ctype or case_type(cell)
                elif TIME_RE.fullmatch(cell) or re.fullmatch(r"(?:kl\.?\s*)?\d{1,2}[:.]\d{2}", cell, re.IGNORECASE):
                    time = time or parse_time(cell)
                elif title_cells and re.match(r"^[A-ZÆØÅ][\w\-]+(?:\s+[A-ZÆØÅ][\w\-]+)+(?:,|$)", cell):
                    name, _, organisation = cell.partition(",")
                    presenters.append({"name": name.strip(), "organisation": organisation.strip()})
                else:
                    title_cells.append(cell)
            return " ".join(title_cells).strip(), time, ctype, presenters
        text = text.strip()
        # Trailing time and type columns, in either order.
        for _ in range(3):
            match = re.search(r"\s*\b(?:kl\.?\s*)?(\d{1,2})[:.](\d{2})\s*$", text, re.IGNORECASE)
            if match and int(match.group(1)) < 24:
                time = time or f"{int(match.group(1)):02d}:{match.group(2)}"
                text = text[:match.start()].rstrip()
                continue
            match = re.search(r"\s*\(?\b(" + TYPE_WORDS + r")\)?\.?\s*$", text, re.IGNORECASE)
            if match and match.start() > 0:
                ctype = ctype or case_type(match.group(1))
                text = text[:match.start()].rstrip(" –-:")
                continue
            break
        # A type column followed by the presenter: "Tittel Godkjenning Rune Simensen".
        match = None
        for candidate in re.finditer(r"\s(" + TYPE_WORDS + r")\s+(?=[A-ZÆØÅ])", text, re.IGNORECASE):
            if candidate.group(1)[0].isupper():
                match = candidate
        if match and match.start() > 0:
            ctype = ctype or case_type(match.group(1))
            presenter = text[match.end():].strip()
            text = text[:match.start()].rstrip()
            if presenter:
                presenters.append({"name": presenter, "organisation": ""})
        # A presenter column before the time: "Tittel Lucie Aunan, Helsedirektoratet".
        match = re.search(
            r"\s((?:[A-ZÆØÅ][\w\-]+\s+){1,3}[A-ZÆØÅ][\w\-]+),\s*([A-ZÆØÅ][^,]{1,60})$", text
        )
        if match and match.start() > 10 and not re.search(r"\b(og|for|i|av|til|med)$", text[:match.start()]):
            presenters.append({"name": match.group(1), "organisation": match.group(2).strip()})
            text = text[:match.start()].rstrip()
        text = re.sub(r"^[\s:–-]+", "", text)
        return text.strip(), time, ctype, presenters

    def _columns_after(self, title: str, shorter: str) -> bool:
        """The agenda row's title ran into the presenter column ("Eventuelt Rune Simensen"), and a
        heading later gives the title alone."""
        if len(shorter) >= len(title) or not title.casefold().startswith(shorter.casefold()):
            return False
        if self._title_is_poor(shorter) or _open_ended(shorter):
            return False
        tail = title[len(shorter):].strip()
        return bool(re.match(r"^(?:[A-ZÆØÅ][\w\-]+[\s,]+){2}", tail + " "))

    @staticmethod
    def _title_is_poor(title: str) -> bool:
        """OCR remains of a heading ("Goc kijenning av referatet fra NUIT 11. se ntember")."""
        words = title.split()
        if len(title) < 6:
            return True
        short_broken = sum(1 for word in words if len(word) <= 3 and word.islower() and word not in {
            "og", "av", "for", "fra", "til", "i", "på", "med", "om", "som", "den", "det", "de", "en", "et", "e-",
            "ny", "nye", "mot", "ved", "kl.", "år", "sin", "nr."})
        return short_broken >= 2 or (words and words[0][:1].islower())

    def _unnumbered_agenda(self, segment: Segment, occurrences: list[CaseOccurrence]) -> list[tuple[str, list[int]]]:
        """Slide decks list the agenda without case numbers before the first case heading: the
        titles, one item per line (a line ending in a short word or hyphen continues)."""
        if not occurrences:
            return []
        first = min(o.heading for o in occurrences if not o.is_memo) if any(
            not o.is_memo for o in occurrences) else segment.end
        items: list[tuple[str, list[int]]] = []
        for index in range(segment.start, first):
            text = self.text(index)
            if not text or index in self.used or index in self.furniture or self.label_of(index):
                continue
            if len(text) > 120 or text.endswith((".", ":")) or BULLET_RE.match(text) or HEADER_LABEL_RE.match(text) \
                    or BREAK_RE.match(text) or PERSON_RE.match(text) or text.casefold().startswith(("sak ", "saksnr")):
                continue
            if items and items[-1][1][-1] == index - 1 and (_open_ended(items[-1][0]) or text[:1].islower()):
                items[-1] = (join_lines([items[-1][0], text]), items[-1][1] + [index])
            else:
                items.append((text, [index]))
        return items

    def _titles_from_unnumbered_agenda(self, draft: Draft, agenda: list[tuple[str, list[int]]]) -> None:
        """Match the cases, in order, to the items of an agenda without numbers, by how alike
        their headings and the items read; a case left between two matched ones takes the
        best of the items between them."""
        def score(case: DraftCase, item: str) -> float:
            best = 0.0
            for text in [case.title] + self.heading_texts.get(id(case), []):
                if not text:
                    continue
                a, b = _ocr_fold(item), _ocr_fold(text)
                ratio = difflib.SequenceMatcher(None, a, b[:len(a) + 10]).ratio()
                if len(b) >= 12 and a.startswith(b[:25]):
                    ratio = max(ratio, 0.9)
                best = max(best, ratio)
            return best

        matched: dict[int, int] = {}
        pointer = 0
        for position, case in enumerate(draft.cases):
            scores = [(score(case, agenda[i][0]), i) for i in range(pointer, len(agenda))]
            good = [pair for pair in scores if pair[0] >= 0.6]
            if good:
                best = max(good)
                matched[position] = best[1]
                pointer = best[1] + 1
        for position, case in enumerate(draft.cases):
            if position in matched:
                continue
            before = max((matched[p] for p in matched if p < position), default=-1)
            after = min((matched[p] for p in matched if p > position), default=len(agenda))
            candidates = [i for i in range(before + 1, after) if i not in matched.values()]
            gaps = [p for p in range(position + 1, len(draft.cases)) if p not in matched and p < min(
                (p2 for p2 in matched if p2 > position), default=len(draft.cases))]
            if candidates and len(candidates) >= 1 + len(gaps) and (not case.title or self._title_is_poor(case.title)):
                best = max(candidates, key=lambda i: score(case, agenda[i][0]))
                if score(case, agenda[best][0]) >= 0.3:
                    matched[position] = best
        for position, index in matched.items():
            case = draft.cases[position]
            title, lines = agenda[index]
            case.title = title
            draft.lines[f"cases[{position}].title"] = (lines[0] + 1, lines[-1] + 1)
            self.used.update(lines)

    def _read_labels(self, draft: Draft, case: DraftCase, prefix: str, start: int, end: int, minutes: bool,
                     is_memo: bool, runs_to_end: bool = False) -> None:
        """The labelled parts of a case block, then the text that is left as summary (notice) or
        minutes text (minutes)."""
        labels = []
        quoted_until = -1
        for index in range(start, end + 1):
            found = self.label_of(index)
            if not found or index in self.used:
                continue
            name, inline = found
            if name == "quoted":
                quoted_until = self._quoted_end(index, end)
                self.ignored.update(range(index, quoted_until + 1))
                continue
            if index <= quoted_until and name != "proposal":
                continue
            if index <= quoted_until:
                quoted_until = -1
            labels.append((index, name, inline))
        claimed: set[int] = set()
        label_lines = {index for index, _, _ in labels}
        stops = label_lines | {i for i in range(start, end + 1) if self.label_of(i)}
        for position, (index, name, inline) in enumerate(labels):
            next_label = next((i for i, _, _ in labels[position + 1:]), end + 1)
            self.used.add(index)
            if name in {"proposal", "decision"}:
                value_lines = self._value(index, start, min(next_label - 1, end), stops, inline)
                if inline:
                    value_lines = [index] + value_lines
                text = self._join(value_lines, inline_index=index if inline else None)
                if text and "\n" not in text and BULLET_RE.match(text) and not re.match(r"^\d", text):
                    text = clean_item(text)  # one bullet on a slide: the bullet is layout
                if not text:
                    continue
                if name == "decision" and not minutes:
                    # A "Vedtak" in a notice is quoted from earlier minutes or a slide's title.
                    continue
                target = "proposal" if name == "proposal" else "decision"
                if target == "proposal" and not is_memo:
                    self.proposals_seen.setdefault(id(case), []).append((text, value_lines))
                if target == "proposal" and case.proposal and case.proposal != text:
                    if is_memo:
                        # The notice's wording stands; the memo's is only checked against it.
                        if not self._similar_text(case.proposal, text, 0.98):
                            draft.warnings.append(
                                f"Forslaget til vedtak i saksnotatet til sak {case.case_number} er formulert "
                                "annerledes enn i innkallingen; innkallingens er brukt."
                            )
                        claimed.update(value_lines)
                        continue
                setattr(case, target, text)
                draft.lines[f"{prefix}.{target}"] = (min(value_lines) + 1, max(value_lines) + 1)
                claimed.update(value_lines)
            elif name in {"input", "action"}:
                if not minutes:
                    continue  # a notice has no input or action items of its own meeting yet
                items = self._items(index, min(next_label - 1, end), stops, inline)
                for item_text, item_lines in items:
                    claimed.update(item_lines)
                    if name == "input":
                        case.input.append(item_text)
                        draft.lines[f"{prefix}.input[{len(case.input) - 1}]"] = (item_lines[0] + 1, item_lines[-1] + 1)
                    else:
                        case.action_items.append(DraftActionItem(text=item_text))
                        draft.lines[f"{prefix}.action_items[{len(case.action_items) - 1}]"] = (
                            item_lines[0] + 1, item_lines[-1] + 1)
            elif name in SECTION_FIELDS:
                value_lines = self._section(index, start, min(next_label - 1, end), stops)
                text = self._join(value_lines)
                if text and not getattr(case, name):
                    setattr(case, name, text)
                    draft.lines[f"{prefix}.{name}"] = (min(value_lines) + 1, max(value_lines) + 1)
                claimed.update(value_lines)
        self.used.update(claimed)
        self._attach_footnotes(draft, case, prefix, start, end)
        # What is left: summary of the notice, minutes text of the minutes.
        free = [
            i for i in range(start, end + 1)
            if i not in self.used and i not in self.ignored and not self.is_filler(i) and i not in self.footnote_lines
            and not BREAK_RE.match(self.text(i)) and not ATTACHMENT_RE.match(self.text(i))
        ]
        free = self._drop_attachments(free, start, end)
        if runs_to_end and not is_memo:
            free = self._inside_last_case(free, sorted(claimed | label_lines))
        if not free or is_memo:
            return
        if minutes:
            # The block in the minutes' text comes after the agenda's row: the later block wins.
            if len(free) <= 80:
                case.minutes_text = self._join(free)
                draft.lines[f"{prefix}.minutes_text"] = (free[0] + 1, free[-1] + 1)
                self.used.update(free)
            return
        # The notice's description of the case: the text before the first label.
        first_label = min((index for index, _, _ in labels), default=end + 1)
        before = [i for i in free if i < first_label]
        # The end of an attachment's title the PDF put after the description ("nasjonale e-" /
        # "helseløsninger") is no part of it.
        while before and not self.text(before[-1]).endswith((".", "!", "?", ":")) and len(self.text(before[-1])) <= 30:
            before.pop()
        # A slide deck's text under a heading is slides, not a description: left for the reader.
        if not case.summary and before and len(before) <= 25 and not self.gap_inside(before) \
                and not self._slide_like():
            case.summary = self._join(before)
            draft.lines[f"{prefix}.summary"] = (before[0] + 1, before[-1] + 1)
            self.used.update(before)

    def _inside_last_case(self, free: list[int], labelled: list[int]) -> list[int]:
        """The last case's block runs to the end of the document, where closing text may stand
        ("Kaffe serveres fra kl. 08.30."). Only what is clearly the case's is kept: the text up to
        its last labelled part (Vedtak, Aksjonspunkter …) and what follows that part without a blank
        line, or, in a case without labels, its first paragraph. The rest is left unplaced."""
        if not free:
            return free
        last_labelled = labelled[-1] if labelled else None
        kept = [i for i in free if last_labelled is not None and i < last_labelled]
        probe = free[0] if last_labelled is None else last_labelled
        for index in [i for i in free if last_labelled is None or i > last_labelled]:
            if index > probe + 1 and not self._paragraph_goes_on(probe, index):
                break
            kept.append(index)
            probe = index
        return kept

    def _paragraph_goes_on(self, previous: int, index: int) -> bool:
        """After blank lines (or filler), the text at index continues the text at previous: the
        sentence or list goes on."""
        if any(self.text(i) and i not in self.furniture for i in range(previous + 1, index)):
            return False
        before, text = self.text(previous), self.text(index)
        return (before.endswith((":", ",", "-")) or text[:1].islower()
                or bool(BULLET_RE.match(before) and BULLET_RE.match(text)))

    def _attach_footnotes(self, draft: Draft, case: DraftCase, prefix: str, start: int, end: int) -> None:
        """A footnote of the block goes to the end of the memo section that carries its marker
        ("… 1. juli 2024.1 Selv om …"); one without a marker stays unplaced."""
        for number, lines in self.footnotes:
            if not start <= lines[0] <= end or lines[0] in self.used:
                continue
            marker = re.compile(r"(?<=[^\s\d(])" + str(number) + r"(?=[\s.,;:)]|$)")
            with_marker = [section for section in SECTION_FIELDS if marker.search(getattr(case, section))]
            # No clear marker ("… livskvalitet. 5678"): the section the footnote stands in.
            around = [
                section for section in SECTION_FIELDS if getattr(case, section)
                and draft.lines[f"{prefix}.{section}"][0] <= lines[0] + 1 <= draft.lines[f"{prefix}.{section}"][1]
            ]
            for section in (with_marker or around)[:1]:
                setattr(case, section, getattr(case, section) + "\n\n" + self._join(lines))
                first, last = draft.lines[f"{prefix}.{section}"]
                draft.lines[f"{prefix}.{section}"] = (min(first, lines[0] + 1), max(last, lines[-1] + 1))
                self.used.update(lines)

    def gap_inside(self, indexes: list[int]) -> bool:
        return any(self.gap_after(i) for i in indexes[:-1])

    def _drop_attachments(self, free: list[int], start: int, end: int) -> list[int]:
        """"Vedlegg 2:" and the lines of its title under it (until a blank line) are not text of the case."""
        attachment_lines = set()
        for index in range(start, end + 1):
            if ATTACHMENT_RE.match(self.text(index)):
                probe = index
                while probe <= end and self.text(probe):
                    raw = self.lines[probe].raw
                    if probe > index and raw.startswith(" ") and not raw.startswith("  "):
                        break  # the text beside it in the next column resumes
                    attachment_lines.add(probe)
                    probe += 1
        return [i for i in free if i not in attachment_lines]

    @staticmethod
    def _similar_text(first: str, second: str, threshold: float = 0.8) -> bool:
        return difflib.SequenceMatcher(None, first.casefold(), second.casefold()).ratio() > threshold

    def _quoted_end(self, index: int, end: int) -> int:
        """Quoted material runs to the next slide/page gap, the next proposal label or the end."""
        probe = index + 1
        while probe <= end:
            found = self.label_of(probe)
            if found and found[0] in {"proposal", *SECTION_FIELDS}:
                return probe - 1
            if self.gap_after(probe) and self.text(probe):
                return probe
            probe += 1
        return end

    def _is_stop(self, index: int, stops: set[int]) -> bool:
        text = self.text(index)
        return (
            index in stops or bool(CASE_HEADING_RE.match(text)) and not re.match(r"^\d{1,2}\.\s", text)
            or bool(BREAK_RE.match(text)) or bool(ATTACHMENT_RE.match(text)) or bool(MEMO_LABEL_RE.match(text))
            or text.casefold().startswith(("takk for", "neste møte", "vedtak fra tidligere"))
        )

    def _value(self, label: int, block_start: int, end: int, stops: set[int], inline: str | None) -> list[int]:
        """The lines of a proposal or decision. Normally under the label; on slides where the label
        is the slide's title at the bottom (page number above it, gap under it) or the text under
        the label is no decision, the text above it."""
        forward = self._forward(label, end, stops, inline is not None)
        previous = self._previous_text(label)
        forward_text = self._join(forward)
        label_has_colon = self.text(label).rstrip().endswith(":") or inline is not None
        slide_title_at_bottom = (
            previous is not None and PAGE_NUMBER_RE.match(self.text(previous)) and self.gap_after(label)
        )
        if not label_has_colon and (slide_title_at_bottom or not forward_text or forward_text.endswith(":")):
            backward = self._backward(label, block_start, stops)
            if backward:
                return backward
        return forward

    def _forward(self, label: int, end: int, stops: set[int], has_inline: bool) -> list[int]:
        """The value under a label, up to a page or slide gap, the next label or heading. After a
        blank line it goes on only with a numbered point or bullet, or where the sentence goes on
        (slides put blank lines inside sentences and paragraphs)."""
        lines: list[int] = []
        probe = label + 1
        after_blank = False
        while probe <= end:
            text = self.text(probe)
            if not text:
                if (lines or has_inline) and self.gap_after(probe - 1):
                    break
                after_blank = True
                probe += 1
                continue
            if after_blank and (lines or has_inline):
                previous = self.text(lines[-1]) if lines else self.text(label)
                goes_on = (
                    BULLET_RE.match(text) or text[:1].islower() or not previous.endswith((".", "!", "?", ":"))
                    or self._slide_like()
                )
                if not goes_on:
                    break
            after_blank = False
            if probe in self.furniture:
                if lines:
                    break
                probe += 1
                continue
            if self._is_stop(probe, stops):
                break
            if lines and self.label_of(probe):
                break
            lines.append(probe)
            probe += 1
        return lines

    def _backward(self, label: int, block_start: int, stops: set[int]) -> list[int]:
        lines: list[int] = []
        probe = label - 1
        while probe >= block_start and len(lines) < 25:
            text = self.text(probe)
            if not text:
                if lines and self.gap_before(probe + 1):
                    break
                probe -= 1
                continue
            if probe in self.furniture:
                if lines:
                    break
                probe -= 1
                continue
            if probe in self.used or self._is_stop(probe, stops) or self.label_of(probe) \
                    or text.endswith(":") or no_year_heading(text):
                break
            lines.insert(0, probe)
            raw = self.lines[probe].raw
            if raw.startswith(" ") and not raw.startswith("  ") and text[:1].isupper():
                break  # the first line of a page or text box
            probe -= 1
        return lines

    def _section(self, label: int, block_start: int, end: int, stops: set[int]) -> list[int]:
        """A memo section (Hensikt, Bakgrunn …) runs to the next label; on slides, where the
        section title stands under its text, the text above."""
        previous = self._previous_text(label)
        if previous is not None and PAGE_NUMBER_RE.match(self.text(previous)) and self.gap_after(label):
            backward = self._backward(label, block_start, stops)
            if backward:
                return backward
        lines: list[int] = []
        probe = label + 1
        while probe <= end:
            text = self.text(probe)
            if not text or probe in self.furniture or probe in self.memo_header_lines or probe in self.footnote_lines:
                probe += 1  # the memo's header block stands between the pages of a section
                continue
            if self._is_stop(probe, stops) or self.label_of(probe):
                break
            lines.append(probe)
            probe += 1
        # Slides: a section ends at the slide's end.
        if lines and self._slide_like():
            cut = [i for i in lines if i <= lines[0] or not any(self.gap_after(j) for j in range(lines[0], i))]
            lines = cut
        return lines

    def _slide_like(self) -> bool:
        """A slide deck: many lines that hold only a page (slide) number."""
        if not hasattr(self, "_slides"):
            numbers = sum(1 for line in self.lines if PAGE_NUMBER_RE.match(line.text))
            self._slides = numbers >= 8 and numbers * 400 >= len(self.lines)
        return self._slides

    def _items(self, label: int, end: int, stops: set[int], inline: str | None) -> list[tuple[str, list[int]]]:
        """Bullets (or numbered points, or plain lines) under Innspill / Aksjonspunkt. A line after
        a blank line that is no bullet ends the list once bullets have begun."""
        items: list[tuple[list[str], list[int]]] = []
        if inline:
            items.append(([inline], [label]))
        probe = label + 1
        bullets_seen = False
        after_blank = False
        is_action_list = (self.label_of(label) or ("",))[0] == "action"
        while probe <= end:
            text = self.text(probe)
            if not text:
                after_blank = True
                if self.gap_after(probe - 1) and items and not bullets_seen:
                    break
                probe += 1
                continue
            if probe in self.furniture:
                probe += 1
                continue
            if self._is_stop(probe, stops):
                break
            found = self.label_of(probe)
            if found:
                if found[0] == "input" and self.text(label).casefold().startswith("innspill"):
                    self.used.add(probe)  # "Innspill til …:" sub-heading continues the list
                    probe += 1
                    after_blank = False
                    continue
                break
            is_bullet = bool(BULLET_RE.match(text))
            # "Ansvar: NN" alone names the owner of the item above; "Ansvar: NN. Tekst" is an item of its own.
            owner = re.match(r"^(?:ansvar(?:lig)?|eier)\s*:\s*([^.;]+?)\.?$", text, re.IGNORECASE)
            if owner and items:
                items[-1][0].append("\x00owner:" + owner.group(1).strip())
                items[-1][1].append(probe)
            elif is_bullet:
                bullets_seen = True
                items.append(([text], [probe]))
            elif items and not after_blank and is_action_list and not bullets_seen and reads_as_action(text) \
                    and (items[-1][0][-1].endswith((".", "!", "?", ")")) or OWNER_LABEL_RE.match(text)):
                items.append(([text], [probe]))  # one action item a line: "Sekretariatet sender …" / "KS skal …"
            elif items and not after_blank:
                items[-1][0].append(text)
                items[-1][1].append(probe)
            elif items and after_blank and bullets_seen:
                if items[-1][0][-1][-1:] not in ".!?" and text[:1].islower():
                    items[-1][0].append(text)  # a bullet broken by a page
                    items[-1][1].append(probe)
                else:
                    break
            elif items and after_blank and not bullets_seen:
                if is_action_list and not reads_as_action(text):
                    break  # a paragraph after the list that names no one to act is no action item
                items.append(([text], [probe]))
            else:
                items.append(([text], [probe]))
            after_blank = False
            probe += 1
        result = []
        for parts, lines in items:
            owner = next((p[len("\x00owner:"):] for p in parts if p.startswith("\x00owner:")), "")
            text = clean_item(join_lines([p for p in parts if not p.startswith("\x00owner:")]).replace("\n", " "))
            if owner:
                text = text + "\x00" + owner
            if text:
                result.append((text, lines))
        return result

    def _join(self, indexes: list[int], inline_index: int | None = None) -> str:
        parts: list[str] = []
        previous = None
        for index in sorted(indexes):
            if previous is not None and index - previous > 1:
                # Keep paragraph breaks; blank lines within a sentence are merged by join_lines.
                parts.append("")
            text = self.text(index)
            if index == inline_index:
                found = self.label_of(index)
                text = found[1] if found and found[1] else ""
            parts.append(text)
            previous = index
        return join_lines(parts).strip()

    # -- next meeting and the end ---------------------------------------------------------------

    def _read_next_meeting(self, segment: Segment, draft: Draft, meeting_year: int | None) -> None:
        for index in range(segment.start, segment.end + 1):
            text = self.text(index)
            match = NEXT_MEETING_RE.search(text)
            if not match:
                continue
            following = text[match.end():]
            nxt = self._next_text(index, limit=index + 2)
            if nxt is not None:
                following += " " + self.text(nxt)
            found = find_date(following, default_year=meeting_year)
            if not found:
                continue
            iso = found[0]
            if draft.date and iso <= draft.date and not re.search(r"\d{4}", following[:found[2]]):
                iso = _iso(int(iso[:4]) + 1, int(iso[5:7]), int(iso[8:10])) or iso
            draft.next_meeting = iso
            draft.lines["next_meeting"] = (index + 1, index + 1)
            self.used.add(index)
            return

    def _finish(self, territory: set[int], draft: Draft) -> None:
        for position, case in enumerate(draft.cases):
            for number, item in enumerate(case.action_items):
                if "\x00" in item.text:
                    item.text, item.owner = item.text.split("\x00", 1)
                labelled, rest = labelled_owner(item.text)
                if labelled and not item.owner:
                    item.owner, item.text = labelled, rest
                if not item.owner:
                    item.owner = owner_of(item.text)
                if not item.owner:
                    first = draft.lines.get(f"cases[{position}].action_items[{number}]", (0, 0))[0]
                    shown = item.text if len(item.text) <= 80 else item.text[:77].rstrip() + " …"
                    draft.warnings.append(
                        f"Sak {case.case_number}: fant ingen ansvarlig for aksjonspunktet «{shown}» "
                        f"(linje {first}). Fyll inn ansvarlig."
                    )
        unplaced: list[tuple[int, int]] = []
        for index in sorted(territory):
            if self.is_filler(index) or index in self.used:
                continue
            if unplaced and unplaced[-1][1] >= index - 1:
                unplaced[-1] = (unplaced[-1][0], index + 1)
            elif unplaced and all(self.is_filler(j) for j in range(unplaced[-1][1], index)):
                unplaced[-1] = (unplaced[-1][0], index + 1)
            else:
                unplaced.append((index + 1, index + 1))
        draft.unplaced = unplaced
        for case in draft.cases:
            if draft.kind == "minutes" and not case.decision and case.title.casefold() != "eventuelt":
                draft.warnings.append(f"Fant ikke vedtaket i sak {case.case_number}.")


OWNER_VERBS = (r"(?:skal|kommer|bes|tar|vil|må|følger|sender|lager|setter|sørger|utarbeider|inviterer|legger|melder"
               r"|undersøker|avklarer|sjekker|orienterer|informerer|oppdaterer|innkaller|koordinerer)")
# "Ansvar: NN.", "Ansvarlig: NN", "(ansvarlig: NN)", "Eier: NN" anywhere in an action item.
OWNER_LABEL_RE = re.compile(
    r"(?P<open>\()?\s*\b(?:ansvar(?:lig)?|eier)\s*:\s*(?P<who>[^.;:()–]*[^.;:()–\s])\s*(?(open)\)|\.?)",
    re.IGNORECASE,
)


def labelled_owner(text: str) -> tuple[str, str]:
    """(owner, the item's text without the owner's label) where the item writes "Ansvar: NN" or
    "(ansvarlig: NN)"; ("", text) where it does not."""
    match = OWNER_LABEL_RE.search(text)
    if not match:
        return "", text
    rest = (text[:match.start()].rstrip(" ,–-") + " " + text[match.end():].lstrip(" ,–-")).strip()
    return match.group("who").strip(), rest or text


def owner_of(text: str) -> str:
    """The actor an action item names first: "Bergen kommune skal …" → "Bergen kommune",
    "Ola Hansen følger opp …" → "Ola Hansen"."""
    match = re.match(r"^(?P<who>[A-ZÆØÅ][\w\-]*(?:\s+[\w\-]+){0,4}?)\s+" + OWNER_VERBS + r"\b", text)
    if not match:
        return ""
    who = match.group("who").strip()
    if who.casefold() in {"det", "vi", "man", "dette", "den", "de", "saken", "alle"}:
        return ""
    return who


def reads_as_action(text: str) -> bool:
    """The line says it is an action item: it names who is to act."""
    text = clean_item(text)
    return bool(labelled_owner(text)[0] or owner_of(text))
