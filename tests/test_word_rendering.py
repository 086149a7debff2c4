"""The Word files as a recipient sees them: each document's DOCX opened and printed by
LibreOffice, then read back from the PDF (page size, pages, header, footer, draft marking).

All six files are converted in one LibreOffice run with a profile of the test session's own,
so parallel runs do not share one. Without LibreOffice these tests are skipped, except under
CI, where a missing LibreOffice is an error.
"""
import io
import os
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from radsmodell.documents.render import build_context, render

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
A4_POINTS = (595, 842)
SILVER_FILL = re.compile(rb"0\.75\d* 0\.75\d* 0\.75\d* rg")  # the watermark's colour in the page's drawing


def _meeting(slug: str, day: str):
    from radsmodell.council.models import Meeting

    return Meeting.objects.get(body__slug=slug, date=day)


def _case(slug: str, year: int, number: int):
    from radsmodell.council.models import Case

    return Case.objects.get(body__slug=slug, year=year, number=number)


def _round(slug: str):
    from radsmodell.portfolio.models import Round

    return Round.objects.get(slug=slug)


def _allocation(model: str):
    from radsmodell.costs.models import Allocation

    return Allocation.objects.get(model_slug=model)


# name: (document, subject, running header, fewest and most pages LibreOffice may need)
DOCUMENTS = {
    "notice": ("notice", lambda: _meeting("nuit", "2024-05-15"), "Innkalling – NUIT 2/2024, 15. mai 2024", (3, 8)),
    "memo": ("memo", lambda: _case("nuit", 2024, 24), "Toppnotat – sak 24/24 – NUIT 2/2024, 15. mai 2024", (2, 5)),
    "minutes": ("minutes", lambda: _meeting("nuit", "2024-02-15"), "Referat – NUIT 1/2024, 15. februar 2024",
                (6, 14)),
    # The minutes of May 2024 are not approved in the demo: a draft.
    "draft-minutes": ("minutes", lambda: _meeting("nuit", "2024-05-15"),
                      "Utkast – Referat – NUIT 2/2024, 15. mai 2024", (1, 3)),
    "portfolio-report": ("portfolio_report", lambda: _round("2024-04"),
                         "Porteføljerapport – Nasjonal e-helseportefølje april 2024 (rapportering per 4. april 2024)",
                         (1, 3)),
    "allocation-summary": ("allocation_summary", lambda: _allocation("helsenettet-2025"),
                           "Kostnadsfordeling – Helsenettet 2025 (foreløpig forslag), 2025", (1, 1)),
}


@pytest.fixture(scope="session")
def _printed() -> dict:
    return {}


@pytest.fixture
def printed(demo, _printed, tmp_path_factory) -> dict[str, PdfReader]:
    """Every document of DOCUMENTS as the PDF LibreOffice prints from its DOCX (made once a session)."""
    if SOFFICE is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is not installed: the Word files cannot be checked")
        pytest.skip("LibreOffice (soffice) is not installed; the Word files are not opened and printed")
    if not _printed:
        folder = tmp_path_factory.mktemp("word")
        files = []
        for name, (document, subject, _, _) in DOCUMENTS.items():
            files.append(folder / f"{name}.docx")
            files[-1].write_bytes(render(build_context(document, subject(), None), "docx"))
        profile = (folder / "profile").as_uri()
        subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(folder), *map(str, files)], check=True, capture_output=True, timeout=180)
        _printed.update({name: PdfReader(io.BytesIO((folder / f"{name}.pdf").read_bytes())) for name in DOCUMENTS})
    return _printed


def page_texts(reader: PdfReader) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_page_is_a4_with_the_running_header_and_page_x_of_y(printed, name):
    reader = printed[name]
    _, _, header, (fewest, most) = DOCUMENTS[name]

    assert fewest <= len(reader.pages) <= most
    for page in reader.pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A4_POINTS, abs=1)
    pages = len(reader.pages)
    for number, text in enumerate(page_texts(reader), start=1):
        assert text.startswith(header), f"page {number}: {text[:120]!r}"
        assert f"Side {number} av {pages}" in text, f"page {number}"


@pytest.mark.parametrize("name", DOCUMENTS)
def test_a_draft_says_utkast_on_every_page_and_a_final_document_nowhere(printed, name):
    draft = name == "draft-minutes"

    for number, (page, text) in enumerate(zip(printed[name].pages, page_texts(printed[name])), start=1):
        assert text.startswith("Utkast – ") == draft, f"page {number}"
        # LibreOffice draws the watermark's letters as a light grey shape behind the text.
        assert bool(SILVER_FILL.search(page.get_contents().get_data())) == draft, f"page {number}"


def test_the_author_is_the_secretariat(printed):
    assert printed["notice"].metadata.author == "Helsedirektoratet, sekretariatet for NUIT"
    assert printed["notice"].metadata.title == "Innkalling – NUIT 2/2024, 15. mai 2024"


def test_lists_and_bullets_typed_in_the_text_are_printed_with_word_s_bullets(printed):
    bullet = "[\uf0b7•] "  # Word's template draws its bullet from the Symbol font's private-use character
    assert re.search(bullet + "Mariann Hornnes \\(Helsedirektoratet\\)", page_texts(printed["notice"])[0])
    # Typed as "• …" lines in the minutes text of case 3/24.
    minutes = " ".join(page_texts(printed["minutes"]))
    assert re.search(bullet + "Vi har fått en seksårig satsing på digital samhandling", minutes)
    assert not re.search("• Vi har fått", minutes)  # not the typed bullet as text


def test_case_numbers_and_times_are_not_broken_in_their_narrow_columns(printed):
    agenda = " ".join(page_texts(printed["notice"])[:2])

    for number, time in (("15/24", "09:00"), ("19/24", "10:35"), ("24/24", "13:55"), ("27/24", "15:55")):
        assert number in agenda and time in agenda
    overview = page_texts(printed["draft-minutes"])[0]
    assert all(f"{n}/24" in overview for n in range(15, 28))
