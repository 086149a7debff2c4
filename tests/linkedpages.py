"""The "Henger sammen med" section of a page (core/_links.html), as the link tests read it."""
import re

SECTION = re.compile(r'<section class="stack linked-objects".*?</section>', re.S)


def linked(response) -> str:
    """The section's text as a reader reads it, or "" when the page has none."""
    assert response.status_code == 200
    found = SECTION.search(response.content.decode())
    if not found:
        return ""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0).replace("\u00a0", " "))).strip()


def hrefs(response) -> list[str]:
    """The addresses the section links to, but the graph every section with links offers
    (tests/test_link_graph.py tests that one)."""
    found = SECTION.search(response.content.decode())
    every = re.findall(r'href="([^"]+)"', found.group(0)) if found else []
    return [href for href in every if not href.startswith("/koblinger/graf/")]
