"""The DOCX writer on small pieces of HTML: what a Word user (or a screen reader) finds in the file."""
import io
import json
from html import escape

import docx
import pytest
from django.utils.html import linebreaks
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from PIL import Image

from radsmodell.documents import charts, word
from radsmodell.documents.charts import bar_chart_png


def page(body: str, title: str = "Referat – NUIT 1/2024", lang: str = "nb", head: str = "") -> str:
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>{head}'
            f"<style>p {{ color: red; }}</style></head><body><main>{body}</main></body></html>")


def written(body: str, **kwargs) -> docx.document.Document:
    return docx.Document(io.BytesIO(word.build(page(body, **kwargs))))


def paragraphs(document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs]


def bold_text(paragraph) -> list[str]:
    return [run.text for run in paragraph.runs if run.bold]


def is_header_row(row) -> bool:
    props = row._tr.trPr
    return props is not None and props.find(qn("w:tblHeader")) is not None


# --- the document -------------------------------------------------------------------------

def test_title_and_language_come_from_the_html():
    document = written("<p>Tekst</p>")

    assert document.core_properties.title == "Referat – NUIT 1/2024"
    assert document.core_properties.language == "nb-NO"
    normal = document.styles["Normal"]
    # Spell checking and screen readers read the language from the style.
    assert normal.element.rPr.find(qn("w:lang")).get(qn("w:val")) == "nb-NO"
    assert normal.font.size == Pt(10.5)


def _field_codes(paragraph) -> list[str]:
    return [code.text.strip() for code in paragraph._p.iter(qn("w:instrText"))]


def test_pages_are_a4_with_the_title_above_and_page_x_of_y_below():
    section = written("<p>Tekst</p>").sections[0]

    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert (round(section.left_margin.cm, 1), round(section.right_margin.cm, 1)) == (2.5, 2.5)
    assert section.header.paragraphs[0].text == "Referat – NUIT 1/2024"
    footer = section.footer.paragraphs[0]
    assert footer.text == "Side  av "  # the numbers are Word's fields, filled in on each page
    assert _field_codes(footer) == ["PAGE", "NUMPAGES"]


def test_an_english_document_says_page_x_of_y():
    footer = written("<p>Text</p>", lang="en").sections[0].footer.paragraphs[0]
    assert footer.text == "Page  of " and _field_codes(footer) == ["PAGE", "NUMPAGES"]


def test_the_properties_say_the_file_was_made_now_by_radsmodell_in_word_s_current_mode():
    from datetime import UTC, datetime, timedelta

    document = written("<p>Tekst</p>")
    made = document.core_properties.created
    assert document.core_properties.author == "Rådsmodell" and "python-docx" not in document.core_properties.author
    assert abs(datetime.now(UTC) - made) < timedelta(minutes=5) and document.core_properties.modified == made
    modes = [s.get(qn("w:val")) for s in document.settings.element.iter(qn("w:compatSetting"))
             if s.get(qn("w:name")) == "compatibilityMode"]
    assert modes == ["15"]  # 14 opens in Word's "Compatibility Mode"


def test_author_and_running_header_come_from_the_meta_elements():
    document = written("<p>Tekst</p>", head='<meta name="author" content="Helsedirektoratet, sekretariatet for NUIT">'
                       '<meta name="running-header" content="Innkalling – NUIT 2/2024, 15. mai 2024">')

    assert document.core_properties.author == "Helsedirektoratet, sekretariatet for NUIT"
    assert document.core_properties.last_modified_by == "Helsedirektoratet, sekretariatet for NUIT"
    header = document.sections[0].header
    assert [p.text for p in header.paragraphs] == ["Innkalling – NUIT 2/2024, 15. mai 2024"]
    assert not watermarks(document)


def watermarks(document) -> list[str]:
    """The text of every WordArt watermark in the header, as Word's Design › Watermark makes them."""
    header = document.sections[0].header._element
    return [path.get("string") for path in header.iter("{urn:schemas-microsoft-com:vml}textpath")
            if path.get("string")]


def test_a_draft_says_utkast_in_the_header_and_carries_a_diagonal_grey_watermark_behind_the_text():
    document = written("<p>Tekst</p>", head='<meta name="running-header" content="Referat – NUIT 2/2024">'
                       '<meta name="document-status" content="Utkast">')

    assert document.sections[0].header.paragraphs[0].text == "Utkast – Referat – NUIT 2/2024"
    assert watermarks(document) == ["UTKAST"]
    [shape] = document.sections[0].header._element.iter("{urn:schemas-microsoft-com:vml}shape")
    style = dict(rule.split(":", 1) for rule in shape.get("style").split(";"))
    assert style["rotation"] == "315" and int(style["z-index"]) < 0  # diagonal, behind the text
    assert style["mso-position-horizontal"] == style["mso-position-vertical"] == "center"
    assert shape.get("fillcolor") == "silver" and shape.get("stroked") == "f"


def test_without_author_and_running_header_the_file_is_by_radsmodell_with_the_title_above():
    document = written("<p>Tekst</p>")

    assert document.core_properties.author == document.core_properties.last_modified_by == "Rådsmodell"
    assert document.sections[0].header.paragraphs[0].text == "Referat – NUIT 1/2024"


def test_a_title_longer_than_word_allows_is_shortened_not_refused():
    document = written("<p>Tekst</p>", title="Toppnotat – " + "lang tittel " * 40)

    title = document.core_properties.title
    assert len(title) == 255 and title.startswith("Toppnotat – lang tittel") and title.endswith("…")


def test_h1_is_the_title_and_h2_to_h4_are_heading_levels():
    document = written("<h1>Referat fra møte i NUIT</h1><h2>Saker</h2><h3>1/24 Godkjenning</h3><h4>Detalj</h4>")

    assert paragraphs(document) == [("Title", "Referat fra møte i NUIT"), ("Heading 1", "Saker"),
                                     ("Heading 2", "1/24 Godkjenning"), ("Heading 3", "Detalj")]


# --- text ---------------------------------------------------------------------------------

def test_bold_italic_and_line_breaks_inside_a_paragraph():
    document = written("<p><strong>Sakstype:</strong> <em>Drøfting</em><br>Neste linje</p>")

    [paragraph] = document.paragraphs
    assert paragraph.text == "Sakstype: Drøfting\nNeste linje"
    assert bold_text(paragraph) == ["Sakstype:"]
    assert [run.text.strip() for run in paragraph.runs if run.italic] == ["Drøfting"]


def test_whitespace_collapses_as_in_a_browser():
    document = written("<p>\n    Godkjent   i sak\n  <b> 16/24 </b>  i møtet\t15. mai 2024.  </p>")

    [paragraph] = document.paragraphs
    assert paragraph.text == "Godkjent i sak 16/24 i møtet 15. mai 2024."
    assert bold_text(paragraph) == ["16/24 "]


def test_blank_lines_make_paragraphs_and_single_newlines_line_breaks():
    # What the templates' linebreaks filter makes of a case text typed with blank lines.
    document = written(linebreaks("Første avsnitt\nfortsetter her.\n\nAndre avsnitt."))

    assert [p.text for p in document.paragraphs] == ["Første avsnitt\nfortsetter her.", "Andre avsnitt."]


def test_loose_text_in_a_container_becomes_its_own_paragraph():
    document = written("<section>Innledning <b>fet</b><p>Avsnitt</p>  Etterord  </section>")

    assert [p.text for p in document.paragraphs] == ["Innledning fet", "Avsnitt", "Etterord"]


def test_a_link_is_its_text_with_an_absolute_address_added():
    document = written('<p><a href="https://www.ehelse.no/">Nettsiden</a> og <a href="/moter/">møtene</a></p>')

    assert document.paragraphs[0].text == "Nettsiden (https://www.ehelse.no/) og møtene"


# --- lists --------------------------------------------------------------------------------

def test_lists_become_bullet_and_number_paragraphs_nested_one_level_in():
    document = written("<ul><li>Til stede<ul><li>Digitalt</li></ul></li><li>Ikke til stede</li></ul>"
                       "<ol><li>Første</li><li>Andre</li></ol>")

    assert paragraphs(document) == [("List Bullet", "Til stede"), ("List Bullet 2", "Digitalt"),
                                    ("List Bullet", "Ikke til stede"), ("List Number", "Første"),
                                    ("List Number", "Andre")]


def test_word_s_list_styles_carry_bullets_and_numbers():
    """"List Bullet" and "List Number" number their paragraphs through the style, so a
    paragraph needs no numbering of its own to show its bullet."""
    document = written("<ul><li>Punkt</li></ul>")
    numbering = document.part.numbering_part.element
    formats = {}
    for style in ("List Bullet", "List Bullet 2", "List Number"):
        num_id = document.styles[style].element.pPr.numPr.numId.val
        [num] = [n for n in numbering.num_lst if n.numId == num_id]
        [abstract] = [a for a in numbering.iterchildren(qn("w:abstractNum"))
                      if a.get(qn("w:abstractNumId")) == str(num.abstractNumId.val)]
        formats[style] = abstract.find(f"{qn('w:lvl')}/{qn('w:numFmt')}").get(qn("w:val"))
    assert formats == {"List Bullet": "bullet", "List Bullet 2": "bullet", "List Number": "decimal"}


def test_lines_typed_with_bullets_become_list_paragraphs_without_the_typed_bullet():
    # Minutes text of NUIT 15 February 2024, case 3/24, as the templates' linebreaks filter writes it.
    document = written(linebreaks("Departementet orienterte om følgende:\n\n"
                                  "• Vi har fått en seksårig satsing.\n"
                                  "• Koordinering delegeres til Norsk helsenett SF.\n\n"
                                  "«Frem mot 2030 skal vi oppnå:\n"
                                  "- finansieringsmodeller som gir forutsigbarhet\n"
                                  "– finansieringsordninger som fremmer bruk\n"
                                  "(...) Ved måloppnåelse er samarbeid styrket.»"))

    assert paragraphs(document) == [
        ("Normal", "Departementet orienterte om følgende:"),
        ("List Bullet", "Vi har fått en seksårig satsing."),
        ("List Bullet", "Koordinering delegeres til Norsk helsenett SF."),
        ("Normal", "«Frem mot 2030 skal vi oppnå:"),
        ("List Bullet", "finansieringsmodeller som gir forutsigbarhet"),
        ("List Bullet", "finansieringsordninger som fremmer bruk"),
        ("Normal", "(...) Ved måloppnåelse er samarbeid styrket.»"),
    ]


def test_typed_second_level_bullets_go_one_level_in_under_an_item_or_a_numbered_line():
    document = written(linebreaks("Steg 1\n- Hybrid prismodell:\n  o De offentlige betaler\n  o Regelverk utvikles\n\n"
                                  "1. Juridisk vurdering\n  ▪ Råd fra Norsk helsenett\n\n"
                                  "o er ingen punktmerke her"))

    assert paragraphs(document) == [
        ("Normal", "Steg 1"), ("List Bullet", "Hybrid prismodell:"),
        ("List Bullet 2", "De offentlige betaler"), ("List Bullet 2", "Regelverk utvikles"),
        ("Normal", "1. Juridisk vurdering"), ("List Bullet 2", "Råd fra Norsk helsenett"),
        ("Normal", "o er ingen punktmerke her"),
    ]


def test_a_typed_bullet_keeps_the_formatting_of_its_text_and_a_dash_inside_a_line_stays():
    document = written("<p>• <strong>Rød</strong> status<br>Pris 49,5 - 50,5 %<br>-5 grader</p>")

    assert paragraphs(document) == [("List Bullet", "Rød status"), ("Normal", "Pris 49,5 - 50,5 %\n-5 grader")]
    assert bold_text(document.paragraphs[0]) == ["Rød"]


def test_preformatted_text_keeps_its_typed_bullets():
    document = written("<pre>• som skrevet\n- også dette</pre>")

    assert paragraphs(document) == [("Normal", "• som skrevet\n- også dette")]


def test_definition_list_puts_the_term_in_bold_before_its_description():
    document = written("<dl><dt>Sakseier</dt><dd>Odd Martin Solem</dd><dt>Dato:</dt><dd>15. mai 2024</dd></dl>")

    assert [p.text for p in document.paragraphs] == ["Sakseier: Odd Martin Solem", "Dato: 15. mai 2024"]
    assert bold_text(document.paragraphs[0]) == ["Sakseier:"]


# --- tables -------------------------------------------------------------------------------

def test_thead_rows_repeat_as_bold_header_rows():
    document = written('<table><thead><tr><th scope="col">Sak</th><th scope="col">Tittel</th></tr></thead>'
                       "<tbody><tr><td>1/24</td><td>Godkjenning<br>av innkalling</td></tr></tbody></table>")

    [table] = document.tables
    assert table.style.name == "Table Grid"
    header, row = table.rows
    assert is_header_row(header) and not is_header_row(row)
    assert [bold_text(cell.paragraphs[0]) for cell in header.cells] == [["Sak"], ["Tittel"]]
    assert [cell.text for cell in row.cells] == ["1/24", "Godkjenning\nav innkalling"]
    assert not bold_text(row.cells[1].paragraphs[0])


def test_a_first_row_of_only_th_is_the_header_row_without_thead():
    document = written("<table><tr><th>Segment</th><th>Andel</th></tr><tr><td>Kommuner</td><td>33 %</td></tr></table>")

    header, row = document.tables[0].rows
    assert is_header_row(header) and not is_header_row(row)


def test_header_block_is_a_two_column_table_with_bold_labels_and_no_header_row():
    document = written('<table class="header"><tr><th scope="row">Dato</th><td>15. mai 2024</td></tr>'
                       '<tr><th scope="row">Sted</th><td>Møterom 4117</td></tr></table>')

    [table] = document.tables
    assert [[cell.text for cell in row.cells] for row in table.rows] == [["Dato", "15. mai 2024"],
                                                                         ["Sted", "Møterom 4117"]]
    assert not any(is_header_row(row) for row in table.rows)
    assert bold_text(table.rows[0].cells[0].paragraphs[0]) == ["Dato"]
    assert not bold_text(table.rows[0].cells[1].paragraphs[0])


def test_colspan_merges_cells_and_the_caption_is_shown_and_is_the_alt_text():
    document = written("<table><caption>Fakta om indikatoren</caption>"
                       '<tr><th>Kilde</th><td colspan="3">SSB</td></tr>'
                       "<tr><th>Modenhet</th><td>Klar</td><th>Status</th><td>På rett vei</td></tr></table>")

    assert paragraphs(document) == [("Caption", "Fakta om indikatoren")]
    table = document.tables[0]
    first = table.rows[0].cells
    assert len(first) == 4 and first[1]._tc is first[3]._tc  # one cell spanning three columns
    assert [cell.text for cell in table.rows[1].cells] == ["Modenhet", "Klar", "Status", "På rett vei"]
    assert table._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) == "Fakta om indikatoren"


AGENDA = ('<table><thead><tr><th scope="col">Sak</th><th scope="col">Tittel</th><th scope="col">Tidspunkt</th>'
          '<th scope="col">Sakstype</th></tr></thead><tbody>'
          '<tr><td>15/24</td><td>Godkjenning av innkalling og dagsorden</td><td>09:00</td><td>Godkjenning</td></tr>'
          '<tr><td>17/24</td><td>Prinsipper for fordeling av kostnader for drift- og forvaltning av de nasjonale '
          'e-helseløsningene</td><td>09:15</td><td>Drøfting</td></tr>'
          '<tr><td></td><td>Pause</td><td>11:05</td><td></td></tr></tbody></table>')
TEXT_WIDTH_CM = 16.0  # A4 less 2.5 cm margins


def grid(table) -> list[float]:
    return [round(column.width.cm, 2) for column in table.columns]


def test_columns_are_as_wide_as_their_content_and_the_titles_take_the_rest_of_the_page():
    [table] = written(AGENDA).tables

    sak, title, time, kind = grid(table)
    assert sak + title + time + kind == pytest.approx(TEXT_WIDTH_CM, abs=0.02)
    assert sak < 2 and time < 3 and kind < 3.5  # short numbers, times and one-word types stay narrow
    assert title > 8
    assert 1.2 < sak  # but "15/24" does not break


def test_table_widths_are_fixed_in_the_grid_the_table_and_every_cell():
    [table] = written(AGENDA).tables
    tbl = table._tbl

    assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    width = tbl.tblPr.find(qn("w:tblW"))
    columns = [int(col.get(qn("w:w"))) for col in tbl.tblGrid.iterchildren(qn("w:gridCol"))]
    assert width.get(qn("w:type")) == "dxa" and int(width.get(qn("w:w"))) == sum(columns)
    for tr in tbl.tr_lst:
        assert [int(tc.tcPr.tcW.get(qn("w:w"))) for tc in tr.tc_lst] == columns


def test_a_label_and_value_table_is_thirty_seventy():
    [table] = written('<table class="header"><tr><th scope="row">Dato</th><td>15. mai 2024</td></tr>'
                      '<tr><th scope="row">Sted</th><td>Helsedirektoratet, Verkstedveien 1</td></tr></table>').tables

    assert grid(table) == [4.8, 11.2]


def test_a_column_of_numbers_stays_narrow_and_the_label_column_takes_the_width():
    [table] = written('<table><thead><tr><th scope="col">Hva</th><th scope="col">Antall</th></tr></thead>'
                      "<tbody><tr><td>Rød status</td><td>1</td></tr><tr><td>Aktive</td><td>34</td></tr></tbody>"
                      "</table>").tables

    label, number = grid(table)
    assert number < 2.5 and label > 13


def test_a_template_can_give_the_column_proportions():
    [table] = written('<table data-docx-widths="1 3"><tr><td>a</td><td>b</td></tr></table>').tables

    assert grid(table) == [4.0, 12.0]


def test_a_merged_cell_is_as_wide_as_the_columns_it_spans():
    [table] = written('<table><tr><th>Kilde</th><td colspan="3">SSB</td></tr>'
                      "<tr><th>Modenhet</th><td>Klar</td><th>Status</th><td>På rett vei</td></tr></table>").tables

    columns = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iterchildren(qn("w:gridCol"))]
    first = table._tbl.tr_lst[0].tc_lst
    assert [int(tc.tcPr.tcW.get(qn("w:w"))) for tc in first] == [columns[0], sum(columns[1:])]


def test_no_row_breaks_across_pages():
    [table] = written(AGENDA).tables

    for row in table.rows:
        props = row._tr.trPr
        assert props.find(qn("w:cantSplit")) is not None
    # The schema puts cantSplit before tblHeader; Word refuses the file otherwise.
    header = [child.tag for child in table.rows[0]._tr.trPr]
    assert header == [qn("w:cantSplit"), qn("w:tblHeader")]


def test_two_tables_in_a_row_are_kept_apart_by_a_small_paragraph():
    document = written("<table><tr><td>Kommuner</td></tr></table><table><tr><td>RHF</td></tr></table>")

    body = [child.tag for child in document.element.body if child.tag != qn("w:sectPr")]
    assert body == [qn("w:tbl"), qn("w:p"), qn("w:tbl")]  # Word joins tables with nothing between them
    assert document.paragraphs[0].text == ""


def test_text_right_under_a_table_gets_space_above_it_and_a_heading_keeps_its_own():
    document = written("<table><tr><td>Kommuner</td></tr></table><p>Summerer.</p>"
                       "<table><tr><td>RHF</td></tr></table><h2>Neste</h2>")

    text, heading = document.paragraphs
    assert text.paragraph_format.space_before == Pt(6)
    assert heading.style.name == "Heading 1" and heading.paragraph_format.space_before is None


def test_a_table_with_no_cells_is_left_out():
    assert written("<table><tr></tr></table><p>Slutt</p>").tables == []


# --- what is left out ---------------------------------------------------------------------

def test_navigation_scripts_styles_svg_and_parts_marked_skip_are_not_written():
    document = written('<nav class="back"><a href="/moter/">← Til møtesiden</a></nav>'
                       "<script>alert(1)</script><style>p { color: blue; }</style>"
                       '<p>Synlig<span data-docx="skip"> bare på skjermen</span> tekst</p>'
                       '<div data-docx="skip"><p>Skjermhjelp</p></div>'
                       '<svg role="img"><title>Figur</title><text>3</text></svg><p>Slutt</p>')

    assert [p.text for p in document.paragraphs] == ["Synlig tekst", "Slutt"]


# --- charts -------------------------------------------------------------------------------

def chart_html(spec: dict) -> str:
    return (f'<div data-docx-chart="{escape(json.dumps(spec))}">'
            '<svg role="img"><title>Godkjente statusrapporter</title><text>Rød</text></svg></div>')


def test_a_chart_is_a_picture_with_its_description_as_alternative_text():
    document = written("<h2>Godkjente statusrapporter</h2>" + chart_html({
        "kind": "bar", "rows": [["Rød", 1, "#c0392b"], ["Uten farge", 3, "#1f5fa8"]],
        "description": "Godkjente statusrapporter etter samlet status. Tallene står i tabellen under.",
    }))

    [picture] = document.inline_shapes
    assert picture.width == Cm(12)
    assert picture._inline.docPr.get("descr") == (
        "Godkjente statusrapporter etter samlet status. Tallene står i tabellen under.")
    assert picture._inline.docPr.get("title") == "Godkjente statusrapporter etter samlet status"
    # The SVG the page shows is not written as text beside the picture.
    assert [p.text for p in document.paragraphs] == ["Godkjente statusrapporter", ""]


def test_a_chart_of_an_unknown_kind_is_an_error_not_a_silent_gap():
    with pytest.raises(ValueError, match="pie"):
        word.build(page(chart_html({"kind": "pie", "rows": [["Rød", 1, "#c0392b"]], "description": "Kake."})))


def test_bar_chart_draws_each_bar_in_the_colour_of_its_row():
    image = Image.open(io.BytesIO(bar_chart_png([("Rød", 2, "#c0392b"), ("Grønn", 1, "#2e7d32")])))

    # Bars start 150 px (×2) in; the first row's bar is 18 px (×2) high from y = 5 (×2).
    assert image.getpixel((320, 20)) == (0xC0, 0x39, 0x2B)
    assert image.getpixel((320, 20 + 48)) == (0x2E, 0x7D, 0x32)


MISSING_GLYPH = "\u0378"  # an unassigned code point: every font draws its "missing" box for it


def test_the_chart_font_draws_norwegian_letters_not_the_missing_glyph_box():
    font = charts._font(24)

    for letter in "æøåØ":
        assert bytes(font.getmask(letter)) != bytes(font.getmask(MISSING_GLYPH)), letter
    rod = bar_chart_png([("Rød", 1, "#c0392b")])
    assert rod != bar_chart_png([("R" + MISSING_GLYPH + "d", 1, "#c0392b")])


def test_the_chart_font_is_found_through_fontconfig_when_not_in_the_usual_folders(monkeypatch):
    found = charts.font_file()
    assert found and found.endswith("DejaVuSans.ttf")
    monkeypatch.setattr(charts, "FONT_FOLDERS", [])
    charts.font_file.cache_clear()
    try:
        assert charts.font_file() == found
    finally:
        charts.font_file.cache_clear()


def test_without_any_font_file_the_chart_is_still_drawn(monkeypatch):
    monkeypatch.setattr(charts, "font_file", lambda bold=False: None)

    assert Image.open(io.BytesIO(bar_chart_png([("Rød", 2, "#c0392b")]))).size[0] > 0


# --- the documents ------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_minutes_headings_are_word_headings_the_navigation_pane_lists(demo):
    from radsmodell.council.models import Meeting
    from radsmodell.documents.render import build_context, render

    meeting = Meeting.objects.get(body__slug="nuit", date="2024-02-15")
    document = docx.Document(io.BytesIO(render(build_context("minutes", meeting, None), "docx")))

    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Title", "Heading"))]
    assert headings[:3] == [("Title", "Referat fra møte i NUIT"), ("Heading 1", "Oppmøte"), ("Heading 2", "Til stede")]
    assert ("Heading 1", "Saker") in headings
    cases = [text for style, text in headings if style == "Heading 2" and text[0].isdigit()]
    assert cases[0] == "1/24 Godkjenning av innkalling og dagsorden" and cases[-1] == "14/24 Eventuelt"
    assert len(cases) == 14
    # The minutes text typed with bullets (case 3/24) is a Word list, not "•" lines.
    assert not [p.text for p in document.paragraphs if p.text.lstrip().startswith("•")]
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert any(text.startswith("Vi har fått en seksårig satsing på digital samhandling") for text in bullets)
    assert document.core_properties.author == "Helsedirektoratet, sekretariatet for NUIT"
