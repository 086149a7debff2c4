"""The reader of meeting documents on layouts other than the seeds' (issue 16, quality bar).

Small made-up documents: agenda tables and running text, numbered lists, "Sak 14/2014" and
"17/24", headings in capitals, NUFA minutes with "Konklusjon:", an "Innstilling:", attendance with
substitutes and absences, a DOCX and a PDF made here, and files that cannot be read. The tests
assert on the draft's values and on the lines each value came from.
"""
import io

import pytest

from radsmodell.council.importing.extract import UnreadableDocument, read_file
from radsmodell.council.importing.parse import parse, read_document


def lines_of(text: str, span: tuple[int, int]) -> str:
    first, last = span
    return "\n".join(text.splitlines()[first - 1:last])


def only(drafts):
    assert len(drafts) == 1, [(d.body, d.date) for d in drafts]
    return drafts[0]


def case(draft, number):
    return next(c for c in draft.cases if c.number == number)


TABLE_NOTICE = """\
Innkalling til møte i NUIT
Møte 3/2024

Dato: 12. september 2024
Tid: kl. 10.00–15.30
Sted: Helsedirektoratet, Vitaminveien 4, Oslo

Sak | Tittel | Tidspunkt | Type
28/24 | Godkjenning av innkalling og dagsorden | 10:00 | Godkjenning
29/24 | Status for pasientens legemiddelliste | 10:10 | Orientering
30/24 | Nasjonal e-helseportefølje | 10:40 | Drøfting
31/24 | Eventuelt | 15:20 |

28/24 Godkjenning av innkalling og dagsorden
Forslag til vedtak: NUIT godkjenner innkalling og dagsorden.

29/24 Status for pasientens legemiddelliste
Helsedirektoratet orienterer om status i utprøvingen.
Forslag til vedtak:
NUIT tar saken til orientering.

30/24 Nasjonal e-helseportefølje
Forslag til vedtak:
NUIT drøftet status i porteføljen og ba
aktørene ta med seg innspill i det videre arbeidet.

Neste møte er 14. november 2024.
"""


def test_agenda_as_a_table_with_proposals_below():
    draft = only(parse(TABLE_NOTICE))
    assert (draft.kind, draft.body, draft.date, draft.number) == ("notice", "nuit", "2024-09-12", "3/2024")
    assert (draft.start, draft.end) == ("10:00", "15:30")
    assert draft.place == "Helsedirektoratet, Vitaminveien 4, Oslo"
    assert [c.case_number for c in draft.cases] == ["28/24", "29/24", "30/24", "31/24"]
    assert [c.title for c in draft.cases] == [
        "Godkjenning av innkalling og dagsorden", "Status for pasientens legemiddelliste",
        "Nasjonal e-helseportefølje", "Eventuelt",
    ]
    assert [c.type for c in draft.cases] == ["godkjenning", "orientering", "drofting", ""]
    assert [c.time for c in draft.cases] == ["10:00", "10:10", "10:40", "15:20"]
    assert case(draft, 28).proposal == "NUIT godkjenner innkalling og dagsorden."
    assert case(draft, 29).proposal == "NUIT tar saken til orientering."
    assert case(draft, 29).summary == "Helsedirektoratet orienterer om status i utprøvingen."
    assert case(draft, 30).proposal == (
        "NUIT drøftet status i porteføljen og ba aktørene ta med seg innspill i det videre arbeidet."
    )
    assert draft.next_meeting == "2024-11-14"
    # Every value points at the lines it came from.
    assert lines_of(TABLE_NOTICE, draft.lines["date"]) == "Dato: 12. september 2024"
    assert lines_of(TABLE_NOTICE, draft.lines["place"]) == "Sted: Helsedirektoratet, Vitaminveien 4, Oslo"
    assert "29/24 | Status" in lines_of(TABLE_NOTICE, draft.lines["cases[1].title"])
    assert lines_of(TABLE_NOTICE, draft.lines["cases[2].proposal"]) == (
        "NUIT drøftet status i porteføljen og ba\naktørene ta med seg innspill i det videre arbeidet."
    )
    assert draft.unplaced == []
    assert draft.warnings == []


RUNNING_TEXT_MINUTES = """\
REFERAT FRA MØTE I NASJONALT E-HELSERÅD

Møte 2/2014
Dato: 3. juni 2014, kl. 09:00 – 12:00
Sted: Oslo

Til stede:
Kari Nordmann (Helse Vest RHF)
Ola Hansen (KS) – digitalt
Per Jensen (Oslo kommune) – digitalt frem til kl. 11.00

Forfall:
Anne Berg (FFO)
Lise Dahl, Legeforeningen

Stedfortreder:
Jon Lie (FFO) for Anne Berg

Gjester:
Eva Holm, Norsk helsenett SF

SAK 14/2014 GODKJENNING AV INNKALLING OG DAGSORDEN

Vedtak: Innkalling og dagsorden ble godkjent.

Sak 15/2014: Strategi for e-helse (Drøftingssak)

Direktoratet for e-helse la frem utkastet til strategi.

INNSPILL:
• Strategien må henge sammen med
  kommunenes planer.
• Brukerne må involveres tidlig.

AKSJONSPUNKT:
1. Direktoratet skal sende utkastet på høring innen 1. august.
2. Oppsummering av høringen legges frem i neste møte.
Ansvar: Sekretariatet

VEDTAK:
1. E-helserådet drøftet strategien.
2. Direktoratet tar med seg innspillene.

Sak 16/2014 Eventuelt
Ingen saker.
"""


def test_minutes_in_running_text_with_capitals_and_four_digit_years():
    draft = only(parse(RUNNING_TEXT_MINUTES))
    assert (draft.kind, draft.body, draft.date, draft.number) == ("minutes", "e-helseradet", "2014-06-03", "2/2014")
    assert (draft.start, draft.end, draft.place) == ("09:00", "12:00", "Oslo")
    assert [c.case_number for c in draft.cases] == ["14/14", "15/14", "16/14"]
    assert [c.year for c in draft.cases] == [2014, 2014, 2014]
    assert case(draft, 14).title == "GODKJENNING AV INNKALLING OG DAGSORDEN"
    assert case(draft, 14).decision == "Innkalling og dagsorden ble godkjent."
    strategy = case(draft, 15)
    assert (strategy.title, strategy.type) == ("Strategi for e-helse", "drofting")
    assert strategy.minutes_text == "Direktoratet for e-helse la frem utkastet til strategi."
    assert strategy.input == ["Strategien må henge sammen med kommunenes planer.", "Brukerne må involveres tidlig."]
    assert [(a.text, a.owner) for a in strategy.action_items] == [
        ("Direktoratet skal sende utkastet på høring innen 1. august.", "Direktoratet"),
        ("Oppsummering av høringen legges frem i neste møte.", "Sekretariatet"),
    ]
    assert strategy.decision == "1. E-helserådet drøftet strategien.\n2. Direktoratet tar med seg innspillene."
    assert lines_of(RUNNING_TEXT_MINUTES, draft.lines["cases[1].decision"]) == (
        "1. E-helserådet drøftet strategien.\n2. Direktoratet tar med seg innspillene."
    )
    assert "Ansvar: Sekretariatet" in lines_of(RUNNING_TEXT_MINUTES, draft.lines["cases[1].action_items[1]"])
    assert case(draft, 16).minutes_text == "Ingen saker."


def test_attendance_present_remote_absent_substitute_guest():
    draft = only(parse(RUNNING_TEXT_MINUTES))
    people = {(p.name, p.organisation, p.status, p.substitute_for, p.remote) for p in draft.attendance}
    assert people == {
        ("Kari Nordmann", "Helse Vest RHF", "present", "", "none"),
        ("Ola Hansen", "KS", "present", "", "full"),
        ("Per Jensen", "Oslo kommune", "present", "", "partial"),
        ("Anne Berg", "FFO", "absent", "", "none"),
        ("Lise Dahl", "Legeforeningen", "absent", "", "none"),
        ("Jon Lie", "FFO", "substitute", "Anne Berg", "none"),
        ("Eva Holm", "Norsk helsenett SF", "guest", "", "none"),
    }
    per = next(p for p in draft.attendance if p.name == "Per Jensen")
    assert per.note == "digitalt frem til kl. 11.00"
    index = draft.attendance.index(per)
    assert lines_of(RUNNING_TEXT_MINUTES, draft.lines[f"attendance[{index}]"]) == (
        "Per Jensen (Oslo kommune) – digitalt frem til kl. 11.00"
    )


NUFA_MINUTES = """\
Referat fra møte i NUFA 4/24

Dato: 22.10.2024
Sted: Teams

1. Sak 17/24: Felles språk i journalen
Innledning ved Helsedirektoratet.
Konklusjon:
NUFA støtter arbeidet og ber om en ny sak i 2025.
Aksjonspunkt: Helsedirektoratet skal lage en plan for arbeidet.

2. Sak 18/24: Kodeverk for allergier
Innstilling:
NUFA anbefaler at kodeverket tas i bruk.
Konklusjon:
NUFA anbefaler at kodeverket tas i bruk fra 2025.
"""


def test_nufa_minutes_with_konklusjon_and_innstilling():
    draft = only(parse(NUFA_MINUTES))
    assert (draft.kind, draft.body, draft.date) == ("minutes", "nufa", "2024-10-22")
    assert draft.place == "Teams"
    language = case(draft, 17)
    assert language.title == "Felles språk i journalen"
    assert language.decision == "NUFA støtter arbeidet og ber om en ny sak i 2025."
    assert [(a.text, a.owner) for a in language.action_items] == [
        ("Helsedirektoratet skal lage en plan for arbeidet.", "Helsedirektoratet")
    ]
    codes = case(draft, 18)
    assert codes.proposal == "NUFA anbefaler at kodeverket tas i bruk."
    assert codes.decision == "NUFA anbefaler at kodeverket tas i bruk fra 2025."
    assert lines_of(NUFA_MINUTES, draft.lines["cases[1].proposal"]) == "NUFA anbefaler at kodeverket tas i bruk."


MEMO = """\
Møte i Nasjonalt porteføljeråd
Møte 1/2026
Dato 12. februar 2026

Sak Agenda Tidspunkt Sakstype
1/26 Godkjenning av innkalling og dagsorden 10:00 Godkjenning
2/26 Prioritering av tiltak 2027 10:10 Anbefaling

Prioritering av tiltak 2027

Forslag til vedtak
Porteføljerådet anbefaler prioriteringen.

Til: Porteføljerådet
Dato: 01.02.2026
Saksnummer: 2/26
Innretning: Anbefaling

Hensikt med saken
Rådet bes anbefale prioriteringen av tiltak for 2027.

Bakgrunn
Listen er laget sammen med aktørene.

Hva skal porteføljerådet ta stilling til?
Om prioriteringen kan anbefales.

Videre saksprosess
Anbefalingen sendes departementet.
"""


def test_pack_with_a_cover_memo():
    draft = only(parse(MEMO))
    assert (draft.kind, draft.body, draft.date) == ("pack", "nuit", "2026-02-12")
    assert [c.case_number for c in draft.cases] == ["1/26", "2/26"]
    memo = case(draft, 2)
    assert (memo.title, memo.type) == ("Prioritering av tiltak 2027", "anbefaling")
    assert memo.proposal == "Porteføljerådet anbefaler prioriteringen."
    assert memo.purpose == "Rådet bes anbefale prioriteringen av tiltak for 2027."
    assert memo.background == "Listen er laget sammen med aktørene."
    assert memo.questions == "Om prioriteringen kan anbefales."
    assert memo.next_steps == "Anbefalingen sendes departementet."
    assert lines_of(MEMO, draft.lines["cases[1].purpose"]) == "Rådet bes anbefale prioriteringen av tiltak for 2027."


def test_numbered_agenda_in_running_text_with_short_years():
    text = """\
Møte i NUIT
5. mars 2025

Dagsorden
1. 17/25 Godkjenning av innkalling
2. 18/25 Referat fra forrige møte
3. 19/25 Helsedata (orientering)
"""
    draft = only(parse(text))
    assert [(c.case_number, c.title, c.type) for c in draft.cases] == [
        ("17/25", "Godkjenning av innkalling", ""),
        ("18/25", "Referat fra forrige møte", ""),
        ("19/25", "Helsedata", "orientering"),
    ]
    assert draft.date == "2025-03-05"


def test_people_on_one_line_capital_headings_and_a_bulleted_conclusion():
    text = """\
REFERAT FRA MØTE I NUFA
Dato: 12. mars 2025
Til stede: Kari Nordmann (Helse Vest RHF), Ola Hansen (KS), Per Jensen (Oslo kommune)
Forfall: Anne Berg, Lise Dahl
Stedfortreder: Jon Lie for Anne Berg

SAK 3/25 – ORIENTERING OM BUDSJETT
Vedtak: NUFA tar saken til orientering.

SAK 4/25 – KODEVERK (Drøftingssak)
Konklusjon:
• NUFA støtter forslaget.
• Saken følges opp i juni.
"""
    draft = only(parse(text))
    assert [(p.name, p.organisation, p.status, p.substitute_for) for p in draft.attendance] == [
        ("Kari Nordmann", "Helse Vest RHF", "present", ""),
        ("Ola Hansen", "KS", "present", ""),
        ("Per Jensen", "Oslo kommune", "present", ""),
        ("Anne Berg", "", "absent", ""),
        ("Lise Dahl", "", "absent", ""),
        ("Jon Lie", "", "substitute", "Anne Berg"),
    ]
    assert lines_of(text, draft.lines["attendance[1]"]).startswith("Til stede:")
    assert [(c.case_number, c.title, c.type) for c in draft.cases] == [
        ("3/25", "ORIENTERING OM BUDSJETT", ""), ("4/25", "KODEVERK", "drofting"),
    ]
    assert case(draft, 3).decision == "NUFA tar saken til orientering."
    assert case(draft, 4).decision == "• NUFA støtter forslaget.\n• Saken følges opp i juni."
    assert lines_of(text, draft.lines["cases[0].decision"]) == "Vedtak: NUFA tar saken til orientering."
    assert draft.unplaced == []


def test_agenda_with_the_case_number_last_and_slides_without_years():
    text = """\
Innkalling til møte i NUIT
Dato: 4. april 2025

Dagsorden
1. Godkjenning av innkalling (10/25)
2. Godkjenning av referat (sak 11/25)
3. Status for kjernejournal (12/25) – orientering

Neste møte: 5. juni 2025
"""
    draft = only(parse(text))
    assert [(c.case_number, c.title, c.type) for c in draft.cases] == [
        ("10/25", "Godkjenning av innkalling", ""), ("11/25", "Godkjenning av referat", ""),
        ("12/25", "Status for kjernejournal", "orientering"),
    ]
    assert draft.next_meeting == "2025-06-05"
    assert draft.unplaced == []

    slides = "Møte i Nasjonalt e-helseråd\nDato: 1. desember 2025\n\nSak 40: Strategi\nForslag til vedtak: Støttet.\n"
    draft = only(parse(slides))
    assert [(c.case_number, c.title, c.proposal) for c in draft.cases] == [("40/25", "Strategi", "Støttet.")]


def test_warnings_for_what_the_reader_must_check():
    text = """\
Møte i NUIT

17/24 Godkjenning av innkalling
18/24 Budsjett for 2025
18/24 Kodeverk for allergier
"""
    draft = only(parse(text))
    warnings = " ".join(draft.warnings)
    assert "Fant ingen møtedato" in warnings
    assert "18/24 er brukt om to saker" in warnings

    dated = only(parse("Møte i NUIT\nDato: 5. mars 2025\n\n3/24 Sak med fjorårets nummer\n"))
    assert "annet år (2024) enn møtedatoen (2025-03-05)" in " ".join(dated.warnings)


def test_lines_that_went_nowhere_are_unplaced():
    text = (
        "Møte i NUIT\nDato: 5. mars 2025\n\n1/25 Godkjenning\nForslag til vedtak: Godkjent.\n\n"
        "En løs kommentar.\n\n3\n"
    )
    draft = only(parse(text))
    assert draft.unplaced == [(7, 7)]  # the page number on line 9 is no text


def test_body_from_the_console_option_and_unknown_body():
    text = "Møte i Styringsgruppen\nDato: 5. mars 2025\n\n1/25 Godkjenning\n"
    assert parse(text) == []  # no council body, no case heading in a council's form is enough alone
    draft = only(parse("Referat\nDato: 5. mars 2025\n\n1/25 Godkjenning\n", body="nufa"))
    assert draft.body == "nufa"
    unknown = only(parse("Referat\nDato: 5. mars 2025\n\n1/25 Godkjenning\n"))
    assert unknown.body == ""
    assert "Fant ikke hvilket organ" in " ".join(unknown.warnings)


@pytest.mark.parametrize("text", ["", "   \n\n", "\x00\x01\x02", "Sak\n" * 50, "1/2" * 2000, "x" * 100000,
                                  "Møte i NUIT\n" + "Forslag til vedtak:\n" * 30])
def test_odd_input_never_raises(text):
    drafts = parse(text)
    assert isinstance(drafts, list)


def test_empty_text_gives_no_draft():
    assert parse("") == []
    assert parse("Et brev om noe helt annet.\nMed vennlig hilsen") == []


# -- files ------------------------------------------------------------------------------------


def test_plain_text_encodings_bom_and_crlf():
    text = "Møte i NUIT\r\nDato: 5. mars 2025\r\n\r\n1/25 Godkjenning av innkalling\r\n"
    for data in (text.encode("utf-8"), b"\xef\xbb\xbf" + text.encode("utf-8"), text.encode("cp1252")):
        assert read_file("innkalling.txt", data) == text.replace("\r\n", "\n")
    document = read_document("innkalling.txt", text.encode("cp1252"))
    assert only(document.drafts).cases[0].title == "Godkjenning av innkalling"
    assert len(document.sha256) == 64


def test_docx_paragraphs_and_table_in_document_order():
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("Referat fra møte i NUFA")
    document.add_paragraph("Dato: 10. april 2025")
    table = document.add_table(rows=3, cols=3)
    for row, cells in zip(table.rows, [("Sak", "Tittel", "Type"), ("7/25", "Godkjenning av referat", "Godkjenning"),
                                       ("8/25", "Kodeverk", "Drøfting")]):
        for cell, value in zip(row.cells, cells):
            cell.text = value
    document.add_paragraph("8/25 Kodeverk")
    document.add_paragraph("Konklusjon:")
    document.add_paragraph("NUFA drøftet kodeverket.")
    buffer = io.BytesIO()
    document.save(buffer)

    result = read_document("referat.docx", buffer.getvalue())
    assert "7/25 | Godkjenning av referat | Godkjenning" in result.text
    assert result.text.index("Dato: 10. april 2025") < result.text.index("7/25 |") < result.text.index("Konklusjon:")
    draft = only(result.drafts)
    assert (draft.kind, draft.body, draft.date) == ("minutes", "nufa", "2025-04-10")
    assert [(c.case_number, c.title, c.type) for c in draft.cases] == [
        ("7/25", "Godkjenning av referat", "godkjenning"), ("8/25", "Kodeverk", "drofting"),
    ]
    assert case(draft, 8).decision == "NUFA drøftet kodeverket."


def test_docx_recognised_by_content_not_name():
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("Møte i NUIT")
    buffer = io.BytesIO()
    document.save(buffer)
    assert read_file("uten-endelse", buffer.getvalue()).startswith("Møte i NUIT")


def test_pdf_with_text():
    weasyprint = pytest.importorskip("weasyprint")
    html = """<html><body>
      <h1>Møte i NUIT</h1><p>Møte 4/2025</p><p>Dato: 20. november 2025</p>
      <p>33/25 Godkjenning av innkalling og dagsorden</p>
      <p>Forslag til vedtak:</p><p>NUIT godkjenner innkalling og dagsorden.</p>
    </body></html>"""
    data = weasyprint.HTML(string=html).write_pdf()
    result = read_document("innkalling.pdf", data)
    draft = only(result.drafts)
    assert (draft.body, draft.date, draft.number) == ("nuit", "2025-11-20", "4/2025")
    assert case(draft, 33).proposal == "NUIT godkjenner innkalling og dagsorden."


def test_scanned_pdf_is_reported_not_read():
    image = pytest.importorskip("PIL.Image")
    buffer = io.BytesIO()
    image.new("RGB", (200, 200), "white").save(buffer, "PDF")
    with pytest.raises(UnreadableDocument) as error:
        read_file("skannet.pdf", buffer.getvalue())
    assert "skannet.pdf" in error.value.message
    assert "OCR" in error.value.message


def test_encrypted_pdf_is_reported():
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="hemmelig", owner_password="hemmelig")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(UnreadableDocument) as error:
        read_file("låst.pdf", buffer.getvalue())
    assert "låst.pdf" in error.value.message and "kryptert" in error.value.message


@pytest.mark.parametrize("name, data, words", [
    ("tull.bin", bytes(range(256)) * 8, "verken PDF"),
    ("ødelagt.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage", "skadet PDF"),
    ("ødelagt.docx", b"PK\x03\x04" + b"\x00" * 200, "skadet Word"),
    ("bilde.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "verken PDF"),
])
def test_unreadable_files_name_the_file(name, data, words):
    with pytest.raises(UnreadableDocument) as error:
        read_file(name, data)
    assert name in error.value.message
    assert words in error.value.message


ATTENDANCE_FORMS = """\
Referat fra møte i NUIT
Dato: 10. mars 2025

Til stede:
Ola Hansen, KS (digitalt)
Per Jensen, Oslo kommune (digitalt frem til kl. 12.20)
Kari Nordmann, Helse Vest RHF
Eva Holm (Norsk helsenett SF)
Tone Moe (Helse Nord RHF, digitalt)
Siri Lund – FHI
Jon Lie for Anne Berg

Forfall: Anne Berg, FFO; Lise Dahl, Legeforeningen

Sak 3/25 Budsjett
Vedtak: NUIT tar saken til orientering.
"""


def test_attendance_remote_note_in_brackets_after_the_organisation():
    draft = only(parse(ATTENDANCE_FORMS))
    assert [(p.name, p.organisation, p.status, p.substitute_for, p.remote) for p in draft.attendance] == [
        ("Ola Hansen", "KS", "present", "", "full"),
        ("Per Jensen", "Oslo kommune", "present", "", "partial"),
        ("Kari Nordmann", "Helse Vest RHF", "present", "", "none"),
        ("Eva Holm", "Norsk helsenett SF", "present", "", "none"),
        ("Tone Moe", "Helse Nord RHF", "present", "", "full"),
        ("Siri Lund", "FHI", "present", "", "none"),
        ("Jon Lie", "", "substitute", "Anne Berg", "none"),
        ("Anne Berg", "FFO", "absent", "", "none"),
        ("Lise Dahl", "Legeforeningen", "absent", "", "none"),
    ]
    assert draft.attendance[0].note == "digitalt"
    assert draft.attendance[1].note == "digitalt frem til kl. 12.20"
    assert lines_of(ATTENDANCE_FORMS, draft.lines["attendance[1]"]) == (
        "Per Jensen, Oslo kommune (digitalt frem til kl. 12.20)"
    )
    assert lines_of(ATTENDANCE_FORMS, draft.lines["attendance[8]"]).startswith("Forfall:")
    assert draft.unplaced == []


ACTIONS_AND_CLOSING_TEXT = """\
Referat fra møte i NUIT
Dato: 10. mars 2025

Sak 3/25 Budsjett
Direktoratet la frem budsjettet.
Vedtak: NUIT tar budsjettet til orientering.
Aksjonspunkter:
Sekretariatet sender ut budsjettet.
Ola Hansen følger opp med KS.
Oppdatere veikartet (ansvarlig: Helse Nord RHF)
Ansvar: Direktoratet. Lage en oversikt over tiltakene.

Diskusjonen fortsatte etter vedtaket.

Sak 4/25 Tiltak for 2026
Vedtak: NUIT støtter tiltakene.
Aksjonspunkt: KS kommer tilbake med en vurdering.

Kaffe serveres fra kl. 08.30.
"""


def test_text_after_the_last_case_is_no_action_item_and_owners_are_read_where_written():
    draft = only(parse(ACTIONS_AND_CLOSING_TEXT))
    budget, measures = case(draft, 3), case(draft, 4)
    assert [(a.text, a.owner) for a in budget.action_items] == [
        ("Sekretariatet sender ut budsjettet.", "Sekretariatet"),
        ("Ola Hansen følger opp med KS.", "Ola Hansen"),
        ("Oppdatere veikartet", "Helse Nord RHF"),
        ("Lage en oversikt over tiltakene.", "Direktoratet"),
    ]
    # Text after the list, before the next case, is the case's own text.
    assert budget.minutes_text == "Direktoratet la frem budsjettet.\nDiskusjonen fortsatte etter vedtaket."
    assert [(a.text, a.owner) for a in measures.action_items] == [
        ("KS kommer tilbake med en vurdering.", "KS"),
    ]
    # The closing line after the last case went into no case: the reader sees it as unplaced.
    assert measures.minutes_text == ""
    assert draft.unplaced == [(19, 19)]
    assert lines_of(ACTIONS_AND_CLOSING_TEXT, draft.unplaced[0]) == "Kaffe serveres fra kl. 08.30."


def test_an_action_item_without_an_owner_is_named_in_a_warning():
    text = """\
Referat fra møte i NUIT
Dato: 10. mars 2025

Sak 3/25 Budsjett
Vedtak: Godkjent.
Aksjonspunkter:
- Lage en oversikt over tiltakene.

Kaffe serveres fra kl. 08.30.
"""
    draft = only(parse(text))
    assert [(a.text, a.owner) for a in case(draft, 3).action_items] == [("Lage en oversikt over tiltakene.", "")]
    assert "Sak 3/25: fant ingen ansvarlig for aksjonspunktet «Lage en oversikt over tiltakene.» (linje 7)." in (
        " ".join(draft.warnings)
    )
    assert draft.unplaced == [(9, 9)]


def test_case_heading_without_year_and_colon_takes_the_year_of_the_meeting():
    text = """\
Referat fra møte i NUIT
Dato: 10. mars 2025

Sak 5 Strategi for helsedata
Vedtak: NUIT støtter strategien.

Sak 6 – Eventuelt
Sak 5 ble drøftet på nytt.
"""
    draft = only(parse(text))
    assert [(c.case_number, c.year, c.title) for c in draft.cases] == [
        ("5/25", 2025, "Strategi for helsedata"), ("6/25", 2025, "Eventuelt"),
    ]
    assert case(draft, 5).decision == "NUIT støtter strategien."
    assert case(draft, 6).minutes_text == "Sak 5 ble drøftet på nytt."  # a sentence, not a heading
    assert lines_of(text, draft.lines["cases[0].title"]) == "Sak 5 Strategi for helsedata"
    assert (
        "Sak 5/25: saksnummeret står uten år i dokumentet; året er tatt fra møtedatoen (2025-03-10). "
        "Kontroller saksnummeret."
    ) in draft.warnings
    # A heading with its year gives no such warning.
    dated = only(parse(text.replace("Sak 5 Strategi", "Sak 5/25 Strategi")))
    assert not any("5/25: saksnummeret står uten år" in warning for warning in dated.warnings)
    # Without a meeting date there is no year to give "Sak 5 Tittel": it is no case.
    undated = parse("Møte i NUIT\n\n17/24 Budsjett\nSak 5 Strategi for helsedata\n")
    assert [c.case_number for c in only(undated).cases] == ["17/24"]
