"""Words, stems, the query language and the snippets: the same on SQLite and PostgreSQL.

A word is a run of letters and digits (æøå included), case-folded; its stem is Snowball's Norwegian
stem, the algorithm PostgreSQL's `norwegian` configuration uses too, so both databases agree on what
matches and the snippets mark the same words.
"""
import re
from dataclasses import dataclass
from html import escape

import snowballstemmer
from django.utils.safestring import SafeString, mark_safe

WORD = re.compile(r"[^\W_]+")
_stemmer = snowballstemmer.stemmer("norwegian")
# Stemming is the cost of indexing; the vocabulary of the register is small, so every word is stemmed once.
_stems: dict[str, str] = {}
SNIPPET_WORDS = 30


def stem(word: str) -> str:
    """The stem of a case-folded word."""
    found = _stems.get(word)
    if found is None:
        found = _stems[word] = _stemmer.stemWord(word)
    return found


def words(text: str) -> list[str]:
    return WORD.findall(text.casefold())


def stemmed(text: str) -> str:
    """The text as the SQLite index holds it: one stem per word, in order (so phrases still match)."""
    return " ".join(stem(word) for word in words(text))


@dataclass(frozen=True)
class Term:
    """One thing every hit must contain: a word, a phrase (several words in a row), and the last
    word possibly a prefix ("legemid*")."""
    words: tuple[str, ...]
    prefix: bool = False

    @property
    def stems(self) -> tuple[str, ...]:
        return tuple(stem(word) for word in self.words)


def parse(query: str) -> list[Term]:
    """Words are ANDed; "quoted phrases"; `prefix*`. A chunk like "17/24" or "e-helse" is a phrase of
    its words. A quote left open runs to the end; punctuation alone gives no terms."""
    terms = []
    for index, part in enumerate(query.split('"')):
        if index % 2:  # inside quotes
            found = words(part)
            if found:
                terms.append(Term(tuple(found), prefix=part.rstrip().endswith("*")))
            continue
        for chunk in part.split():
            found = words(chunk)
            if found:
                terms.append(Term(tuple(found), prefix=chunk.endswith("*")))
    return list(dict.fromkeys(terms))


class Marker:
    """Which words of a field text the query matched: by stem, or the start of a prefix term."""

    def __init__(self, terms: list[Term]):
        self.stems = set()
        self.prefixes = []
        for term in terms:
            if term.prefix:
                self.stems.update(term.stems[:-1])
                self.prefixes.append(term.words[-1])
                self.prefixes.append(term.stems[-1])
            else:
                self.stems.update(term.stems)
        self.prefixes = tuple(dict.fromkeys(self.prefixes))

    def matches(self, word: str) -> bool:
        folded = word.casefold()
        return stem(folded) in self.stems or (bool(self.prefixes) and folded.startswith(self.prefixes))

    def may_match(self, text: str) -> bool:
        """False when no word of the text can match: a stem is the start of its word, so a text
        without any of the stems (or prefixes) as a substring holds none of the words."""
        folded = text.casefold()
        return any(s in folded for s in self.stems) or any(p in folded for p in self.prefixes)

    def _first_match(self, text: str) -> int | None:
        """Where the first matched word starts, found by searching the text for the stems rather
        than stemming every word on the way; None when no word matches."""
        folded = text.casefold()
        if len(folded) != len(text):  # casefolding changed the length (ß → ss): positions would drift
            return next((m.start() for m in WORD.finditer(text) if self.matches(m.group())), None)
        first = None
        for needle in self.stems | set(self.prefixes):
            position = folded.find(needle)
            while position >= 0 and (first is None or position < first):
                at_word_start = position == 0 or not WORD.match(folded, position - 1)
                word = WORD.match(text, position) if at_word_start else None
                if word is not None and self.matches(word.group()):
                    first = position
                    break
                position = folded.find(needle, position + 1)
        return first

    def snippet(self, text: str) -> SafeString | None:
        """~30 words around the first matched word, escaped, matched words in <mark>; None when no
        word of the text matches. Reads the text only around the snippet."""
        if not self.may_match(text):
            return None
        first = self._first_match(text)
        if first is None:
            return None
        before = [m.span() for m in WORD.finditer(text, 0, first)][-(SNIPPET_WORDS // 3):]
        spans = before[:]
        for found in WORD.finditer(text, first):
            spans.append(found.span())
            if len(spans) > SNIPPET_WORDS:
                break
        end = min(len(spans), SNIPPET_WORDS)
        more = len(spans) > end
        shown_from_start = not WORD.search(text, 0, spans[0][0])
        return _render(text, spans, 0, end, more, self.matches, ellipsis_before=not shown_from_start)


def opening(text: str) -> SafeString:
    """The first ~30 words, escaped, nothing marked (a hit found by a field the reader cannot see
    the words of, e.g. the title only)."""
    spans = []
    for found in WORD.finditer(text):
        spans.append(found.span())
        if len(spans) > SNIPPET_WORDS:
            break
    return _render(text, spans, 0, min(len(spans), SNIPPET_WORDS), len(spans) > SNIPPET_WORDS, None)


# A word of the escaped text: not the name or number of an entity (&amp; &#x27;) escaping made.
ESCAPED_WORD = re.compile(r"(?<![&#\w])[^\W_]+")


def _render(text: str, spans, first: int, last: int, more: bool, matches, ellipsis_before: bool = False
            ) -> SafeString:
    """The words first..last of the text, escaped, with the words `matches` accepts in <mark>."""
    if not spans:
        return mark_safe(escape(" ".join(text.split())))
    window = text[spans[first][0]:spans[last - 1][1]] if last > first else ""
    if not more:
        window += text[spans[last - 1][1]:].rstrip() if last > first else ""
    shown = escape(" ".join(window.split()))
    if matches is not None:
        shown = ESCAPED_WORD.sub(lambda m: f"<mark>{m.group()}</mark>" if matches(m.group()) else m.group(), shown)
    return mark_safe(("… " if first > 0 or ellipsis_before else "") + shown + (" …" if more else ""))
