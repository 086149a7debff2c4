"""The public record says only what its sources say, in the reader's language.

An anonymous visitor walks every page linked from the home page, the menus and the pages
after them. No page may show a transcription note (the word "seed", an OCR reading) or an
English sentence on a Norwegian page. The secretariat sees the transcription notes.
"""
import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest

from radsmodell.core.provenance import cite

# Not the product's own pages: the admin, the API, the language switch and the sign-in.
NOT_WALKED = ("/admin/", "/api/", "/i18n/", "/static/", "/logg-inn/", "/logg-ut/")
INTERNAL_WORDS = re.compile(r"\b(seed|seeds|OCR)\b", re.IGNORECASE)
# Words that are English and not Norwegian; three in one sentence make an English sentence.
ENGLISH_WORDS = {"the", "which", "is", "are", "was", "were", "with", "this", "that", "of", "and", "to",
                 "not", "has", "have", "been", "be", "it", "its", "for", "by", "no", "when", "than"}


class _Page(HTMLParser):
    """The visible text of a page (no scripts or styles) and the links on it."""

    def __init__(self):
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)
        title = dict(attrs).get("title")
        if title:
            self.text.append(title)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.text.append(data)


def english_sentences(text: str) -> list[str]:
    found = []
    for sentence in re.split(r"(?<=[.!?:;])\s+|\n+", text):
        words = re.findall(r"[A-Za-z]+", sentence)
        if sum(1 for word in words if word in ENGLISH_WORDS) >= 3:
            found.append(sentence.strip())
    return found


def walk(client, start="/"):
    """(url, visible text) of every page an anonymous visitor reaches from the start page."""
    seen, queue = {start}, [start]
    while queue:
        url = queue.pop()
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        page = _Page()
        page.feed(response.content.decode())
        yield url, " \n".join(page.text)
        for href in page.links:
            parts = urlsplit(urldefrag(href)[0])
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            link = parts.path  # query strings (sorting, filters, pages) show the same record
            if link not in seen and not link.startswith(NOT_WALKED):
                seen.add(link)
                queue.append(link)


def test_no_public_page_shows_transcription_notes_or_english(client, demo):
    wrong, pages = [], 0
    for url, text in walk(client):
        pages += 1
        for match in INTERNAL_WORDS.finditer(text):
            wrong.append(f"{url}: «{text[max(0, match.start() - 60):match.end() + 60].strip()}»")
        for sentence in english_sentences(text):
            wrong.append(f"{url}: English «{sentence[:160]}»")
    assert pages > 100, f"the walk reached only {pages} pages"
    assert not wrong, f"{len(wrong)} findings:\n" + "\n".join(wrong[:80])


def test_the_english_detector_finds_english_and_passes_norwegian():
    assert english_sentences("Not in the seed: the benefit stream behind the NPV is not given.")
    assert not english_sentences("NUIT tar saken til orientering og ber Helsedirektoratet følge opp.")


def test_a_transcription_note_becomes_a_reference_to_the_meeting_document():
    assert cite("seed 001, sak 37/25 (Helsenorge-tekst «Delt via Kjernejournal»)") == \
        "Saksframlegg til NUIT 20. november 2025, sak 37/25"
    assert cite("seed 000, referat NUIT 15.02.2024, sak 6/24 (vedtak)") == "Referat fra NUIT 15. februar 2024, sak 6/24"
    assert cite("seed 004, vedlegg 6, tabell 4") == "Helse Nord RHF, styresak 145-2023, vedlegg 6, tabell 4"
    assert cite("Saksframlegg 3/26 til porteføljerådet") == "Saksframlegg 3/26 til porteføljerådet"


@pytest.mark.parametrize("url", ["/radene/nuit/"])
def test_the_secretariat_sees_the_transcription_note_and_the_public_the_reference(client, demo, secretariat, url):
    public = client.get(url).content.decode()
    client.force_login(secretariat)
    inside = client.get(url).content.decode()
    assert "Transkripsjonsnotat" in inside
    assert "Transkripsjonsnotat" not in public
