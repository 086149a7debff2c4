"""Walking the site as an anonymous reader, and what no public page may say.

`walk()` follows every link from the start pages (within a part of the site, if asked) and
yields each page's visible text; `findings()` lists on a page the transcription notes (the
word "seed", an OCR reading) and English sentences that a Norwegian public page must not show.
"""
import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

# Not the product's own pages: the admin, the API, the language switch and the sign-in.
NOT_WALKED = ("/admin/", "/api/", "/i18n/", "/static/", "/logg-inn/", "/logg-ut/")
INTERNAL_WORDS = re.compile(r"\b(seed|seeds|OCR)\b", re.IGNORECASE)
# Words that are English and not Norwegian ("for", "to", "by" and "be" are both); three in one
# sentence make an English sentence.
ENGLISH_WORDS = {"the", "which", "is", "are", "was", "were", "with", "this", "that", "of", "and",
                 "not", "has", "have", "been", "it", "its", "no", "when", "than"}


class Page(HTMLParser):
    """The visible text of a page (no scripts or styles, but titles) and the links on it."""

    def __init__(self):
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if attrs.get("title"):
            self.text.append(attrs["title"])

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


def findings(url: str, text: str) -> list[str]:
    """What a public Norwegian page must not show: transcription notes and English sentences."""
    wrong = [f"{url}: «{text[max(0, m.start() - 60):m.end() + 60].strip()}»" for m in INTERNAL_WORDS.finditer(text)]
    return wrong + [f"{url}: English «{sentence[:160]}»" for sentence in english_sentences(text)]


def walk(client, starts=("/",), within="/"):
    """(url, visible text) of every page reached from the start pages through links under `within`.
    Query strings of links are dropped: sorting, filters and pages show the same record."""
    seen, queue = set(starts), list(starts)
    while queue:
        url = queue.pop()
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        page = Page()
        page.feed(response.content.decode())
        yield url, " \n".join(page.text)
        for href in page.links:
            parts = urlsplit(urldefrag(href)[0])
            if parts.scheme or parts.netloc or not parts.path.startswith(within):
                continue
            if parts.path not in seen and not parts.path.startswith(NOT_WALKED):
                seen.add(parts.path)
                queue.append(parts.path)
