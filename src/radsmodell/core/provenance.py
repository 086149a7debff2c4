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
# What a note may point to inside a document, in the order a reference names them.
LOCATORS = (
    re.compile(r"\bsak (\d+/\d+)", re.IGNORECASE),
    re.compile(r"\bvedlegg (\d+)", re.IGNORECASE),
    re.compile(r"\btabell (\d+)", re.IGNORECASE),
    re.compile(r"\bdelprosjekt ([A-Z])\b"),
    re.compile(r"\bark «([^»]+)»"),
)
LOCATOR_WORDS = ("sak", "vedlegg", "tabell", "delprosjekt", "ark")


@functools.cache
def _documents() -> dict[str, dict]:
    with SOURCES_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def is_transcription_note(source: str) -> bool:
    return bool(TRANSCRIBED.search(source or ""))


def cite(source: str) -> str:
    """The public reference for a stored source: the document, then case, attachment, table."""
    source = (source or "").strip()
    found = TRANSCRIBED.search(source)
    if not found:
        return source
    entry = _documents().get(found.group(1))
    if entry is None:
        raise ValueError(f"unknown source document {found.group(0)!r} in {source!r}")
    note = source.casefold()
    document = next((name for word, name in entry.get("parts", {}).items() if word in note), entry["document"])
    where = []
    for word, pattern in zip(LOCATOR_WORDS, LOCATORS):
        match = pattern.search(source)
        if match and f"{word} {match.group(1)}" not in document:
            where.append(f"{word} «{match.group(1)}»" if word == "ark" else f"{word} {match.group(1)}")
    return ", ".join([document[:1].upper() + document[1:], *where])
