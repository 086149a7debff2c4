"""Where a fact comes from, and how sure it is.

A stored `source` holds the secretariat's transcription note, e.g. "seed 000, sak 18/24
(toppnotat): «…»". The public never sees the note: `cite()` turns it into a proper
reference to the meeting document ("toppnotat til NUIT 15. mai 2024, sak 18/24"), using the
documents listed in sources.yaml. A source that names no transcribed document is the
user's own reference and is shown as written.

A value that is inferred rather than read from a source carries an assumption: the reason,
in Norwegian, shown to every reader as "antatt" (template tags in templatetags/provenance.py).
"""
import functools
import re
from pathlib import Path

import yaml

SOURCES_FILE = Path(__file__).with_name("sources.yaml")
TRANSCRIBED = re.compile(r"\bseed (\d{3})\b", re.IGNORECASE)
# What a note may point to inside a document, in the order a reference names them, and how
# the reference writes it.
LOCATORS = (
    (re.compile(r"\bsak (\d+/\d+)", re.IGNORECASE), "sak {}"),
    (re.compile(r"\bvedlegg (\d+)", re.IGNORECASE), "vedlegg {}"),
    (re.compile(r"\bvedlegg: ([^(;«]+?)\s*(?:\(|;|$)", re.IGNORECASE), "vedlegg «{}»"),
    (re.compile(r"\btabell (\d+)", re.IGNORECASE), "tabell {}"),
    (re.compile(r"\bdelprosjekt ([A-Z])\b"), "delprosjekt {}"),
    (re.compile(r"\bark «([^»]+)»"), "ark «{}»"),
)


@functools.cache
def _documents() -> dict[str, dict]:
    with SOURCES_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def is_transcription_note(source: str) -> bool:
    return bool(TRANSCRIBED.search(source or ""))


def cite(source: str) -> str:
    """The public reference for a stored source: the document, then case, attachment, table.
    A note that draws on several documents ("seed 000, …; seed 004, …") cites each of them."""
    source = (source or "").strip()
    starts = [found.start() for found in TRANSCRIBED.finditer(source)]
    if not starts:
        return source
    parts = [source[start:end] for start, end in zip(starts, [*starts[1:], len(source)])]
    own = source[:starts[0]].strip(" ;,")  # a reference of the user's own before the notes
    references = [own] if own else []
    for part in parts:
        reference = _cite_one(part)
        if reference not in references:
            references.append(reference)
    return "; ".join(references)


def _cite_one(note: str) -> str:
    key = TRANSCRIBED.match(note).group(1)
    entry = _documents().get(key)
    if entry is None:
        return note.strip(" ;,")  # no document to cite: the text as written, never a broken page
    folded = note.casefold()
    document = next((name for word, name in entry.get("parts", {}).items() if word in folded), entry["document"])
    where = []
    for pattern, written in LOCATORS:
        match = pattern.search(note)
        if match and (locator := written.format(match.group(1).strip())) not in document:
            where.append(locator)
    return ", ".join([document[:1].upper() + document[1:], *where])
