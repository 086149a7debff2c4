"""Words, stems, the query language and the snippets: the same on SQLite and PostgreSQL.

A word is a run of letters and digits (æøå included), case-folded; its stem is Snowball's Norwegian
stem, the algorithm PostgreSQL's `norwegian` configuration uses too, so both databases agree on what
matches and the snippets mark the same words.
"""
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape

import snowballstemmer
from django.utils.safestring import SafeString

WORD = re.compile(r"[^\W_]+")
_stemmer = snowballstemmer.stemmer("norwegian")
# Stemming is the cost of indexing; the vocabulary of the register is small, so every word is stemmed once.
_stems: dict[str, str] = {}
SNIPPET_WORDS = 30
# Indexed between the texts of two fields (and after the title): a phrase never runs from the end of
# one field into the start of the next. One token of letters and digits, the same on both vendors,
# that no word of Norwegian text is; a query never searches for it.
FIELD_BREAK = "x0x0x"


def stem(word: str) -> str:
    """The stem of a case-folded word."""
    found = _stems.get(word)
    if found is None:
        found = _stems[word] = _stemmer.stemWord(word)
    return found


def words(text: str) -> list[str]:
    return WORD.findall(text.casefold())


def _query_words(text: str) -> list[str]:
    return [word for word in words(text) if word != FIELD_BREAK]


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
            found = _query_words(part)
            if found:
                terms.append(Term(tuple(found), prefix=part.rstrip().endswith("*")))
            continue
        for chunk in part.split():
            found = _query_words(chunk)
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
        # The Norwegian stemmer only takes endings off, so a matched word starts with its stem (or the
        # prefix): the words starting with one are the candidates, found by one scan in C; matches()
        # decides on each.
        self._needles = sorted(self.stems | set(self.prefixes), key=len, reverse=True)
        self._candidates = (re.compile(r"(?<![^\W_])(?:" + "|".join(map(re.escape, self._needles)) + r")[^\W_]*",
                                       re.IGNORECASE) if self._needles else None)
        self._known: dict[str, bool] = {}  # word as written → matched: a page repeats its words

    def matches(self, word: str) -> bool:
        known = self._known.get(word)
        if known is None:
            folded = word.casefold()
            known = self._known[word] = (stem(folded) in self.stems
                                         or (bool(self.prefixes) and folded.startswith(self.prefixes)))
        return known

    def matched(self, text: str, start: int = 0, folded: str | None = None) -> Iterator[re.Match]:
        """The matched words of the text from `start`, in order (`folded`: the text case-folded)."""
        if self._candidates is None:
            return
        # Where case-folding changes the letters ("ß" → "ss"), a word may match by its folded form
        # without starting with a stem as written: every word is tried.
        folds_apart = len(text.casefold() if folded is None else folded) != len(text)
        for found in (WORD if folds_apart else self._candidates).finditer(text, start):
            if self.matches(found.group()):
                yield found

    def mark(self, text: str) -> SafeString:
        """The text escaped, the matched words in <mark>."""
        folded = text.casefold()
        if not any(needle in folded for needle in self._needles):
            return SafeString(escape(text))
        parts, done = [], 0
        for found in self.matched(text, 0, folded):
            parts += [escape(text[done:found.start()]), "<mark>", escape(found.group()), "</mark>"]
            done = found.end()
        parts.append(escape(text[done:]))
        return SafeString("".join(parts))

    def first(self, text: str) -> int | None:
        """Where the first matched word of the text starts; None when none does."""
        # Most texts hold none of the stems: found out by plain substring search, the scan for words
        # starts where the first one is.
        folded = text.casefold()
        found = [at for at in (folded.find(needle) for needle in self._needles) if at >= 0]
        if not found:
            return None
        first = next(self.matched(text, min(found) if len(folded) == len(text) else 0, folded), None)
        return None if first is None else first.start()

    def snippet(self, text: str, first: int | None = None) -> SafeString | None:
        """~30 words around the first matched word (or the word at `first`), escaped, matched words in
        <mark>; None when no word of the text matches. Reads the text only around the snippet."""
        if first is None:
            first = self.first(text)
            if first is None:
                return None
        # A third of the snippet before the match, looked for only just before it; then the rest.
        reach = max(0, first - LETTERS_BEFORE)
        before = _WORDS_BACK.match(text[reach:first][::-1]).end()
        start = first - before
        if reach and start == reach:  # perhaps the end of a word cut by the reach: left out
            cut = WORD.match(text, start)
            after_cut = WORD.search(text, cut.end(), first) if cut else None
            start = after_cut.start() if after_cut else first
        end = _WORDS[SNIPPET_WORDS - len(WORD.findall(text, start, first))].match(text, first).end()
        cut_before = WORD.search(text, 0, start) is not None
        return _render(text, start if cut_before else 0, end, self, ellipsis_before=cut_before)


# Ten words of Norwegian text, long ones included, fit in this many letters before a match.
LETTERS_BEFORE = 240
# Up to n words with what lies between them, from a word's start to the n-th word's end (in C, where
# a loop over the words in Python took longer than all the rest of a snippet).
_WORDS = {n: re.compile(rf"[^\W_]+(?:[\W_]+[^\W_]+){{0,{n - 1}}}") for n in range(1, SNIPPET_WORDS + 1)}
# Read backwards from a matched word: what lies before it, up to a third of a snippet's words.
_WORDS_BACK = re.compile(rf"(?:[\W_]+[^\W_]+){{0,{SNIPPET_WORDS // 3}}}")


def opening(text: str) -> SafeString:
    """The first ~30 words, escaped, nothing marked (a hit found by a field the reader cannot see
    the words of, e.g. the title only)."""
    first = WORD.search(text)
    return _render(text, 0, 0 if first is None else _WORDS[SNIPPET_WORDS].match(text, first.start()).end(), None)


def _render(text: str, start: int, end: int, marker: Marker | None, ellipsis_before: bool = False
            ) -> SafeString:
    """The text from `start` to `end` (to its end when no word follows), escaped, white space made
    single, the words the marker accepts in <mark>."""
    more = WORD.search(text, end) is not None
    window = " ".join((text[start:end] if more else text[start:]).split())
    shown = escape(window) if marker is None else marker.mark(window)
    return SafeString(("… " if ellipsis_before else "") + shown + (" …" if more else ""))
