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

from radsmodell.documents import word
from radsmodell.documents.charts import bar_chart_png


def page(body: str, title: str = "Referat – NUIT 1/2024", lang: str = "nb") -> str:
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
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
