"""The public record says only what its sources say, in the reader's language.

An anonymous visitor walks every page linked from the home page, the menus and the pages
after them. No page may show a transcription note (the word "seed", an OCR reading) or an
English sentence on a Norwegian page. The secretariat sees the transcription notes.
"""
import pytest
from pagewalk import english_sentences, findings, walk

from radsmodell.core.provenance import cite


def test_no_public_page_shows_transcription_notes_or_english(client, demo):
    wrong, pages = [], 0
    for url, text in walk(client):
        pages += 1
        wrong += findings(url, text)
    assert pages > 100, f"the walk reached only {pages} pages"
    assert not wrong, f"{len(wrong)} findings:\n" + "\n".join(wrong[:80])


def test_the_english_detector_finds_english_and_passes_norwegian():
    assert english_sentences("Not in the seed: the benefit stream behind the NPV is not given.")
    assert not english_sentences("NUIT tar saken til orientering og ber Helsedirektoratet følge opp.")
    assert not english_sentences("Tiltak for 2023 for å nå mål i veikart for nasjonale e-helseløsninger")


def test_a_transcription_note_becomes_a_reference_to_the_meeting_document():
    assert cite("seed 001, sak 37/25 (Helsenorge-tekst «Delt via Kjernejournal»)") == \
        "Saksframlegg til NUIT 20. november 2025, sak 37/25"
    assert cite("seed 000, referat NUIT 15.02.2024, sak 6/24 (vedtak)") == "Referat fra NUIT 15. februar 2024, sak 6/24"
    assert cite("seed 004, vedlegg 6, tabell 4") == "Helse Nord RHF, styresak 145-2023, vedlegg 6, tabell 4"
    assert cite("Saksframlegg 3/26 til porteføljerådet") == "Saksframlegg 3/26 til porteføljerådet"
    assert cite("Prop. 1 S (2023–2024); seed 000, sak 18/24 (toppnotat)") == \
        "Prop. 1 S (2023–2024); Toppnotat til NUIT 15. mai 2024, sak 18/24"
    assert cite("seed 999, sak 1/24") == "seed 999, sak 1/24"  # no such document: shown as written


@pytest.mark.parametrize("url", ["/organer/nuit/"])
def test_the_secretariat_sees_the_transcription_note_and_the_public_the_reference(client, demo, secretariat, url):
    public = client.get(url).content.decode()
    client.force_login(secretariat)
    inside = client.get(url).content.decode()
    assert "Transkripsjonsnotat" in inside
    assert "Transkripsjonsnotat" not in public
