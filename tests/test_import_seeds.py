"""The five seed documents, read by the importer, against the hand-made demo data (issue 16, point 4).

For each demo meeting the seed's text is parsed and compared field by field with the YAML: the
meeting (body, date, number, place, start and end), every person of the attendance (or, for a
notice, the member list), and every case, matched by number (title, type, proposal, decision,
action item texts, input, minutes text, the notice's summary and the cover memo's sections), plus
cases and people the parser found that the YAML does not have.
Texts are compared after normalising whitespace and joining words broken at a hyphen, as the YAML
editors did. Run with `-s` to see the table per meeting.

Fields where the YAML deliberately says something else than the seed are not compared, and the
reason is printed beside them: a value the editors inferred (`*_assumption`), a place taken from
another seed (`location_source`), the summary of a case in a slide deck (the editors wrote it
themselves from the slides; a notice's summary is the notice's own text and is compared).

Seed 001 is slides read by OCR ("ø" read as "g", "o" or "e", "å" as "a", "æ" as "ee" or "a", "I" as
"l"); the editors mended those letters, so there a text counts as equal when every difference is
one of exactly these letter confusions (no word more or less).

No database: the YAML is read directly.
"""
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from radsmodell.council.importing.draft import Draft
from radsmodell.council.importing.parse import parse

ROOT = Path(__file__).resolve().parents[1]
MEETINGS = ROOT / "src/radsmodell/council/demo/meetings"
SEEDS = ROOT.parent / "shared" / "seeds"  # beside the project, where the demo data came from

# Demo meeting → (seed file prefix, OCR'd slides?, slide deck?, floor for the share of all fields equal).
# The fields issue 16 names (meeting, cases, titles, types, proposals, decisions, action items) must
# all be equal. The floors for all fields are what the parser reaches; what it misses is named in
# the table: memo sections the editors gathered from slides that carry no heading, a table the
# editors rebuilt from a memo, OCR damage beyond letter confusions, and case 41/25, whose heading
# the OCR of seed 001 lost.
CASES = {
    "nuit-2024-05-15.yaml": ("000", False, False, 0.99),
    "nuit-2024-02-15.yaml": ("000", False, False, 1.0),
    "e-helseradet-2022-09-21.yaml": ("002", False, True, 0.98),
    "nuit-2025-09-11.yaml": ("003", False, True, 0.98),
    "nuit-2025-11-20.yaml": ("001", True, True, 0.96),
}
MEMO_SECTIONS = {"purpose": "hensikt", "background": "bakgrunn", "questions": "drøftingsspørsmål",
                 "next_steps": "videre saksprosess"}

# What the OCR of seed 001 makes of a letter: (as the editors wrote it, as the seed has it).
OCR_CONFUSIONS = {("ø", "g"), ("ø", "o"), ("ø", "e"), ("Ø", "@"), ("å", "a"), ("Å", "A"), ("æ", "ee"),
                  ("æ", "ae"), ("æ", "a"), ("I", "l"), ("o", "0")}


def seed_text(prefix: str) -> str:
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} is not on this machine")
    return matches[0].read_text(encoding="utf-8")


def normalise(value) -> str:
    text = "" if value is None else str(value)
    text = re.sub(r"\s+", " ", text).strip()
    # A word broken at a hyphen across lines: "e- helse" → "e-helse", but "drift- og" stays.
    return re.sub(r"(\w)- (?!(?:og|eller|til|samt)\b)(\w)", r"\1-\2", text)


def equal(expected, found, ocr: bool = False) -> bool:
    """Equal after normalising; for OCR'd text, every difference must be a known letter confusion."""
    expected, found = normalise(expected), normalise(found)
    if expected == found or not ocr:
        return expected == found
    matcher = difflib.SequenceMatcher(None, expected, found, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        pair = (expected[i1:i2], found[j1:j2])
        if pair in OCR_CONFUSIONS:
            continue
        if tag == "replace" and i2 - i1 == j2 - j1 and all(
                (a, b) in OCR_CONFUSIONS for a, b in zip(expected[i1:i2], found[j1:j2])):
            continue
        return False
    return True


@dataclass
class Row:
    name: str
    result: str  # lik | ULIK | hoppet over
    expected: str
    found: str
    core: bool  # a field issue 16 point 4 names: meeting, case, title, type, proposal, decision, action items


@dataclass
class Comparison:
    rows: list[Row] = field(default_factory=list)

    def check(self, name: str, expected, found, ocr: bool = False, core: bool = False) -> None:
        same = equal(expected, found, ocr)
        self.rows.append(Row(name, "lik" if same else "ULIK", str(expected or ""), str(found or ""), core))

    def skip(self, name: str, reason: str, core: bool = False) -> None:
        self.rows.append(Row(name, "hoppet over", reason, "", core))

    def share(self, core_only: bool = False) -> tuple[float, int, int]:
        compared = [row for row in self.rows if row.result != "hoppet over" and (row.core or not core_only)]
        equal_rows = sum(1 for row in compared if row.result == "lik")
        return (equal_rows / len(compared) if compared else 1.0), equal_rows, len(compared)

    def table(self, title: str) -> str:
        core, core_equal, core_count = self.share(core_only=True)
        every, every_equal, every_count = self.share()
        lines = [f"\n== {title}: møte, saker, forslag, vedtak og aksjonspunkter {core:.1%} like "
                 f"({core_equal}/{core_count}); alle felt {every:.1%} like ({every_equal}/{every_count})"]
        for row in self.rows:
            if row.result == "lik":
                lines.append(f"  lik          {row.name}")
            elif row.result == "hoppet over":
                lines.append(f"  hoppet over  {row.name}: {row.expected}")
            else:
                lines.append(f"  ULIK         {row.name}\n      demo:   {row.expected[:200]!r}"
                             f"\n      parser: {row.found[:200]!r}")
        return "\n".join(lines)


def draft_for(drafts: list[Draft], date: str) -> Draft | None:
    return next((draft for draft in drafts if draft.date == date), None)


def compare_attendance(result: Comparison, meeting: dict, draft: Draft) -> None:
    """Minutes: who attended, how (status, for whom, remote) and the secretariat. A notice: its
    member list and the substitutes it names."""
    def person_key(name, organisation, status, substitute_for="", remote="none"):
        return f"{organisation or '-'} · {status} · for {substitute_for or '-'} · {remote}"

    expected = {}
    if draft.kind == "minutes" or meeting.get("attendance") and not meeting.get("members"):
        for person in meeting.get("attendance", []):
            expected[person["name"]] = person_key(person["name"], person.get("organisation", ""), person["status"],
                                                  person.get("substitute_for", ""), person.get("remote", "none"))
        for name in meeting.get("secretariat", []):
            expected[name] = person_key(name, "", "sekretariat")
    else:
        for person in meeting.get("members", []):
            expected[person["name"]] = person_key(person["name"], person.get("organisation", ""), "present")
        for person in meeting.get("attendance", []):
            expected[person["name"]] = person_key(person["name"], person.get("organisation", ""), person["status"],
                                                  person.get("substitute_for", ""), person.get("remote", "none"))
    found = {}
    for person in draft.attendance:
        if person.status == "guest" and "sekretariat" in person.note:
            found[person.name] = person_key(person.name, "", "sekretariat")
        else:
            found[person.name] = person_key(person.name, person.organisation, person.status, person.substitute_for,
                                            person.remote)
    for name in expected:
        result.check(f"oppmøte {name}", expected[name], found.get(name, "mangler"))
    for name in sorted(set(found) - set(expected)):
        result.check(f"oppmøte {name} (bare i parseren)", "", found[name])


def compare(meeting: dict, draft: Draft, ocr: bool, slides: bool) -> Comparison:
    result = Comparison()
    result.check("organ", meeting["body"], draft.body, core=True)
    result.check("dato", str(meeting["date"]), draft.date, core=True)
    result.check("møtenummer", meeting.get("number") or "", draft.number, core=True)
    if meeting.get("location_source"):
        result.skip("sted", f"demodataene henter stedet fra en annen kilde ({meeting['location_source'][:60]}…)",
                    core=True)
    else:
        result.check("sted", meeting.get("location") or "", draft.place, core=True)
    result.check("start", meeting.get("start") or "", draft.start)
    result.check("slutt", meeting.get("end") or "", draft.end)
    compare_attendance(result, meeting, draft)

    found = {case.number: case for case in draft.cases}
    expected_numbers = set()
    for item in meeting.get("agenda", []):
        if item.get("kind") != "case":
            continue
        number = item["number"]
        expected_numbers.add(number)
        label = f"sak {number}"
        case = found.get(number)
        result.check(f"{label} finnes", "ja", "ja" if case else "nei", core=True)
        if case is None:
            continue
        result.check(f"{label} tittel", item["title"], case.title, ocr, core=True)
        if item.get("type_in_meeting"):
            # The minutes record the type the case had in the meeting; the YAML's `type` is the
            # type it was put up with, which this document does not show.
            result.check(f"{label} sakstype (i møtet)", item["type_in_meeting"], case.type, core=True)
        else:
            result.check(f"{label} sakstype", item.get("type") or "", case.type, core=True)
        if item.get("proposal_assumption"):
            result.skip(f"{label} forslag til vedtak", "demodataene har et antatt forslag (proposal_assumption)",
                        core=True)
        else:
            result.check(f"{label} forslag til vedtak", item.get("proposed_decision") or "", case.proposal, ocr,
                         core=True)
        result.check(f"{label} vedtak", item.get("decision") or "", case.decision, ocr, core=True)
        stated = [action["text"] for action in item.get("action_items", []) if not action.get("assumption")]
        assumed = [action for action in item.get("action_items", []) if action.get("assumption")]
        if assumed:
            result.skip(f"{label} antatte aksjonspunkter ({len(assumed)})",
                        "demodataene har aksjonspunkter referatet ikke fører opp (assumption)", core=True)
        result.check(
            f"{label} aksjonspunkter",
            " ‖ ".join(normalise(text) for text in stated),
            " ‖ ".join(normalise(action.text) for action in case.action_items),
            ocr,
            core=True,
        )
        result.check(f"{label} innspill", " ‖ ".join(normalise(entry["text"]) for entry in item.get("input", [])),
                     " ‖ ".join(normalise(entry) for entry in case.input), ocr)
        result.check(f"{label} referattekst", item.get("minutes_text") or "", case.minutes_text, ocr)
        if slides:
            result.skip(f"{label} sammendrag", "demodataene oppsummerer lysarkene med egne ord")
        else:
            result.check(f"{label} sammendrag", item.get("summary") or "", case.summary, ocr)
        memo = item.get("memo") or {}
        for section, heading in MEMO_SECTIONS.items():
            result.check(f"{label} saksnotat: {heading}", memo.get(section) or "", getattr(case, section), ocr)
    for number in sorted(set(found) - expected_numbers):
        result.check(f"sak {number} (bare i parseren)", "", found[number].title, core=True)
    return result


@pytest.mark.parametrize("meeting_file", sorted(CASES))
def test_seed_matches_demo_data(meeting_file):
    prefix, ocr, slides, floor = CASES[meeting_file]
    meeting = yaml.safe_load((MEETINGS / meeting_file).read_text(encoding="utf-8"))
    drafts = parse(seed_text(prefix))
    draft = draft_for(drafts, str(meeting["date"]))
    assert draft is not None, f"seed {prefix} gave no draft for {meeting['date']}: {[d.date for d in drafts]}"
    comparison = compare(meeting, draft, ocr, slides)
    print(comparison.table(f"{meeting_file} (seed {prefix})"))
    assert comparison.share(core_only=True)[0] == 1.0, comparison.table(meeting_file)
    assert comparison.share()[0] >= floor, comparison.table(meeting_file)


def test_seed_000_holds_two_meetings():
    """The notice of NUIT 2/2024 carries the minutes of NUIT 1/2024 as attachment 1."""
    drafts = parse(seed_text("000"))
    assert [(draft.date, draft.number, draft.kind) for draft in drafts] == [
        ("2024-05-15", "2/2024", "pack"),
        ("2024-02-15", "1/2024", "minutes"),
    ]


def test_seed_004_is_no_council_meeting():
    """Seed 004 is a Helse Nord board case, not a meeting of a council body: the parser finds
    no council meeting in it."""
    assert parse(seed_text("004")) == []


def test_every_value_points_at_its_lines():
    """Each filled value has a line span, and the span's lines hold the value's first words."""
    text = seed_text("000")
    lines = text.splitlines()
    for draft in parse(text):
        for position, case in enumerate(draft.cases):
            for name in ("title", "proposal", "decision"):
                value = getattr(case, name)
                if not value:
                    continue
                first, last = draft.lines[f"cases[{position}].{name}"]
                assert 1 <= first <= last <= len(lines)
                source = " ".join(lines[first - 1:last])
                assert normalise(value.split()[0]) in normalise(source), (case.case_number, name)
