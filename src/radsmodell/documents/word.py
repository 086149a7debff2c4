"""DOCX versions of the documents, written from the same HTML as the page and the PDF.

One generic writer walks the rendered HTML (lxml) and writes Word's own structure with
python-docx: real headings, paragraphs, lists, tables whose header rows repeat and pictures
with alternative text. So the DOCX stays editable, screen readers find the structure, and
every document with an HTML template gets a DOCX without any layout code of its own.

What the HTML means in Word:
- `<title>` is the document title; `<html lang>` its language (`nb` becomes `nb-NO`).
- h1 is the Title, h2–h6 Heading 1–5; p a paragraph; ul/ol "List Bullet"/"List Number"
  (nested lists one style level in); dl a paragraph per term: the term in bold, then its
  description. strong/b bold, em/i italic, br a line break, a its text.
- table a "Table Grid" table. The rows of thead (or a first row of only th) are header
  rows: Word repeats them on every page and assistive tech reads them as headers.
  Every th is bold; a caption becomes a "Caption" paragraph and the table's alt text.
- An element with `data-docx-chart='{"kind": "bar", "rows": [[label, value, colour], ...],
  "description": "..."}'` becomes a bar chart picture (charts.py) whose alternative text is
  the description; what is inside the element (the SVG the page and PDF show) is not written.
- Not written at all: `data-docx="skip"`, nav, script, style and svg (Word cannot show our
  SVG; a chart that belongs in Word carries data-docx-chart).
- Any other element is a container: its blocks are written in order and loose text in it
  becomes a paragraph. Whitespace collapses as in a browser (pre keeps it).

The pages are A4 with Norwegian margins, like the PDF: the title runs in the header of every
page and the footer says "Side X av Y" with Word's own page fields. The properties carry the
title, the language and the time the file was made, and the document opens in Word's current
mode, not "Compatibility Mode".
"""
import io
import json
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import lxml.html
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell

from .charts import bar_chart_png

LANGUAGES = {"nb": "nb-NO", "nn": "nn-NO", "no": "nb-NO", "en": "en-GB"}
SKIPPED = {"nav", "script", "style", "svg", "head", "template", "noscript"}
INLINE = {"a", "abbr", "b", "br", "cite", "code", "data", "em", "i", "kbd", "label", "mark", "q", "s", "small",
          "span", "strong", "sub", "sup", "time", "u", "var"}
LIST_STYLES = {"ul": "List Bullet", "ol": "List Number"}
DEEPEST_LIST_LEVEL = 3  # Word's built-in list styles stop at "List Bullet 3"
TITLE_LIMIT = 255  # Word refuses longer core properties; long case titles reach it
CHART_WIDTH = Cm(12)
A4 = (Cm(21), Cm(29.7))
MARGINS = {"top_margin": Cm(2.0), "bottom_margin": Cm(2.2), "left_margin": Cm(2.5), "right_margin": Cm(2.5)}
PAGE_WORDS = {"en-GB": ("Page", "of")}  # "Side X av Y" in other languages than Norwegian
WORD_2013_MODE = "15"  # compatibilityMode 14 makes Word open the file in "Compatibility Mode"
COLLAPSIBLE = re.compile(r"[ \t\n\r\f]+")  # HTML whitespace; a no-break space stays


def build(html: str) -> bytes:
    root = lxml.html.document_fromstring(html)
    doc = _new_document(_title(root), _language(root.get("lang")))
    body = root.find("body")
    _container(_Flow(doc), body if body is not None else root, _Format())
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- the document -------------------------------------------------------------------------

def _title(root) -> str:
    title = COLLAPSIBLE.sub(" ", root.findtext("head/title") or "").strip()
    return title if len(title) <= TITLE_LIMIT else title[:TITLE_LIMIT - 1] + "…"


def _language(lang: str | None) -> str:
    if not lang:
        return ""
    return LANGUAGES.get(lang.lower(), lang)


def _new_document(title: str, language: str):
    doc = Document()
    properties = doc.core_properties
    properties.title = title
    # python-docx's template says it was written by "python-docx" in 2013: this file was made now.
    properties.author = properties.last_modified_by = "Rådsmodell"
    properties.created = properties.modified = datetime.now(UTC).replace(microsecond=0)
    properties.revision = 1
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10.5)
    if language:
        properties.language = language
        # Spell checkers and screen readers take the language from the style, not the properties.
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), language)
        normal.element.get_or_add_rPr().append(lang)
    for setting in doc.settings.element.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), WORD_2013_MODE)
    _set_up_pages(doc, title, language)
    return doc


def _set_up_pages(doc, title: str, language: str) -> None:
    """A4 with Norwegian margins; the title in the header, "Side X av Y" in the footer."""
    section = doc.sections[0]
    section.page_width, section.page_height = A4
    for margin, length in MARGINS.items():
        setattr(section, margin, length)
    header = section.header.paragraphs[0]
    header.text = title
    header.style = doc.styles["Header"]
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page, of = PAGE_WORDS.get(language, ("Side", "av"))
    footer.add_run(f"{page} ")
    _field(footer, "PAGE")
    footer.add_run(f" {of} ")
    _field(footer, "NUMPAGES")


def _field(paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in on each page."""
    begin, instruction, end = OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = f" {code} "
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instruction, end):
        paragraph.add_run()._r.append(element)


class _Flow:
    """Where blocks go: the document body, or a table cell (which starts with an empty paragraph)."""

    def __init__(self, parent):
        self.parent = parent
        self.unused = parent.paragraphs[0] if isinstance(parent, _Cell) else None

    def paragraph(self, style: str | None = None):
        if self.unused is not None:
            paragraph, self.unused = self.unused, None
            if style:
                paragraph.style = style
            return paragraph
        return self.parent.add_paragraph(style=style)

    def table(self, columns: int):
        self.unused = None
        return self.parent.add_table(rows=0, cols=columns)


# --- inline content -----------------------------------------------------------------------

@dataclass(frozen=True)
class _Format:
    bold: bool = False
    italic: bool = False
    preformatted: bool = False  # inside pre: spaces and line breaks are kept


LINE_BREAK = None


class _Runs:
    """The text of one paragraph as it is collected; whitespace collapses when it is written."""

    def __init__(self):
        self.pieces: list[tuple[str, _Format] | None] = []

    def add(self, text: str | None, fmt: _Format) -> None:
        if text:
            self.pieces.append((text, fmt))

    def line_break(self) -> None:
        self.pieces.append(LINE_BREAK)

    def line_has_text(self) -> bool:
        for piece in reversed(self.pieces):
            if piece is LINE_BREAK:
                return False
            if piece[0].strip():
                return True
        return False

    def is_blank(self) -> bool:
        return not any(piece and (piece[0].strip() or piece[1].preformatted) for piece in self.pieces)

    def write_to(self, paragraph) -> None:
        run, run_format = None, None
        for piece in _collapse_whitespace(self.pieces):
            if piece is LINE_BREAK:
                (run or paragraph.add_run()).add_break()
                continue
            text, fmt = piece
            if run is None or fmt != run_format:
                run, run_format = paragraph.add_run(), fmt
                run.bold = fmt.bold or None
                run.italic = fmt.italic or None
            run.add_text(text)


def _collapse_whitespace(pieces: list) -> list:
    """As a browser shows normal text: runs of whitespace are one space, none at the start or
    end of a line; in pre the text stays as written and its newlines are line breaks."""
    out: list = []
    line_start = True
    for piece in pieces:
        if piece is LINE_BREAK:
            _trim_line_end(out)
            out.append(LINE_BREAK)
            line_start = True
            continue
        text, fmt = piece
        if fmt.preformatted:
            for index, line in enumerate(text.split("\n")):
                if index:
                    out.append(LINE_BREAK)
                if line:
                    out.append((line, fmt))
            line_start = text.endswith("\n")
            continue
        text = COLLAPSIBLE.sub(" ", text)
        if line_start or _ends_with_space(out):
            text = text.lstrip(" ")
        if text:
            out.append((text, fmt))
            line_start = False
    _trim_line_end(out)
    while out and out[-1] is LINE_BREAK:  # a br at the end of a block adds no empty line
        out.pop()
    return out


def _ends_with_space(out: list) -> bool:
    return bool(out) and out[-1] is not LINE_BREAK and out[-1][0].endswith(" ")


def _trim_line_end(out: list) -> None:
    if out and out[-1] is not LINE_BREAK and not out[-1][1].preformatted:
        text = out[-1][0].rstrip(" ")
        if text:
            out[-1] = (text, out[-1][1])
        else:
            out.pop()


def _inline(runs: _Runs, element, fmt: _Format) -> None:
    if _skipped(element):
        return
    tag = element.tag
    if tag == "br":
        runs.line_break()
        return
    if tag not in INLINE and runs.line_has_text():
        runs.line_break()  # a block inside a list item or heading starts on a line of its own
    if tag in ("strong", "b"):
        fmt = replace(fmt, bold=True)
    elif tag in ("em", "i"):
        fmt = replace(fmt, italic=True)
    _inline_children(runs, element, fmt)
    if tag == "a":
        runs.add(_link_target(element), fmt)


def _inline_children(runs: _Runs, element, fmt: _Format) -> None:
    runs.add(element.text, fmt)
    for child in element:
        if _is_element(child):
            _inline(runs, child, fmt)
        runs.add(child.tail, fmt)


def _link_target(link) -> str:
    """Printed, a link is only its text; an address elsewhere is added so the reader can follow it."""
    href = (link.get("href") or "").strip()
    if href.startswith(("http://", "https://")) and href != link.text_content().strip():
        return f" ({href})"
    return ""


def _paragraph(flow: _Flow, runs: _Runs, style: str | None = None) -> None:
    if not runs.is_blank():
        runs.write_to(flow.paragraph(style))


# --- blocks -------------------------------------------------------------------------------

def _container(flow: _Flow, element, fmt: _Format) -> None:
    """The children of a div, section, table cell…: blocks in order, loose inline content as paragraphs."""
    loose = _Runs()
    loose.add(element.text, fmt)
    for child in element:
        if _is_element(child) and not _skipped(child):
            if child.tag in INLINE:
                _inline(loose, child, fmt)
            else:
                _paragraph(flow, loose)
                loose = _Runs()
                _block(flow, child, fmt)
        loose.add(child.tail, fmt)
    _paragraph(flow, loose)


def _block(flow: _Flow, element, fmt: _Format) -> None:
    tag = element.tag
    if element.get("data-docx-chart") is not None:
        _chart(flow, json.loads(element.get("data-docx-chart")))
    elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        _heading(flow, element, int(tag[1]) - 1, fmt)
    elif tag == "p":
        runs = _Runs()
        _inline_children(runs, element, fmt)
        _paragraph(flow, runs)
    elif tag == "pre":
        runs = _Runs()
        _inline_children(runs, element, replace(fmt, preformatted=True))
        _paragraph(flow, runs)
    elif tag in LIST_STYLES:
        _list(flow, element, fmt, level=1)
    elif tag == "dl":
        _definitions(flow, element, fmt)
    elif tag == "table":
        _table(flow, element, fmt)
    else:
        _container(flow, element, fmt)


def _heading(flow: _Flow, element, level: int, fmt: _Format) -> None:
    """h1 is the document's Title (level 0, as Word's add_heading names it), h2 Heading 1 and so on."""
    runs = _Runs()
    _inline_children(runs, element, fmt)
    _paragraph(flow, runs, "Title" if level == 0 else f"Heading {level}")


def _list(flow: _Flow, element, fmt: _Format, level: int) -> None:
    style = LIST_STYLES[element.tag] + ("" if level == 1 else f" {min(level, DEEPEST_LIST_LEVEL)}")
    for item in element.iterchildren("li"):
        if _skipped(item):
            continue
        runs = _Runs()
        runs.add(item.text, fmt)
        for child in item:
            if _is_element(child) and child.tag in LIST_STYLES and not _skipped(child):
                _paragraph(flow, runs, style)
                runs = _Runs()
                _list(flow, child, fmt, level + 1)
            elif _is_element(child):
                _inline(runs, child, fmt)
            runs.add(child.tail, fmt)
        _paragraph(flow, runs, style)


def _definitions(flow: _Flow, element, fmt: _Format) -> None:
    """One paragraph per term: "Term:" in bold, then its description(s)."""
    runs = None
    for child in _terms(element):
        if child.tag == "dt" or runs is None:
            if runs is not None:
                _paragraph(flow, runs)
            runs = _Runs()
        if child.tag == "dt":
            bold = replace(fmt, bold=True)
            _inline_children(runs, child, bold)
            if not child.text_content().strip().endswith(":"):
                runs.add(":", bold)
        else:
            if runs.line_has_text():
                runs.add(" ", fmt)
            _inline_children(runs, child, fmt)
    if runs is not None:
        _paragraph(flow, runs)


def _terms(dl):
    """The dt and dd of a dl, also where they are grouped in a div."""
    for child in dl:
        if _is_element(child) and not _skipped(child):
            if child.tag == "div":
                yield from _terms(child)
            elif child.tag in ("dt", "dd"):
                yield child


def _table(flow: _Flow, element, fmt: _Format) -> None:
    rows = list(_rows(element))
    if not rows:
        return
    caption = element.find("caption")
    if caption is not None:
        _caption(flow, caption, fmt)
    table = flow.table(max(sum(_span(cell) for cell in _cells(tr)) for tr, _ in rows))
    table.style = "Table Grid"
    if caption is not None:
        _describe_table(table, COLLAPSIBLE.sub(" ", caption.text_content()).strip())
    if not any(in_head for _, in_head in rows) and _only_headers(rows[0][0]):
        rows[0] = (rows[0][0], True)
    for tr, in_head in rows:
        row = table.add_row()
        if in_head:
            _mark_header_row(row)
        column = 0
        for cell in _cells(tr):
            span = _span(cell)
            target = row.cells[column]
            if span > 1:
                target = target.merge(row.cells[min(column + span, len(row.cells)) - 1])
            _container(_Flow(target), cell, replace(fmt, bold=True) if cell.tag == "th" else fmt)
            column += span


def _caption(flow: _Flow, caption, fmt: _Format) -> None:
    """Above the table, as Word places table captions, and kept on the same page as it."""
    runs = _Runs()
    _inline_children(runs, caption, fmt)
    if not runs.is_blank():
        paragraph = flow.paragraph("Caption")
        runs.write_to(paragraph)
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.space_before = Pt(6)  # a table has no space after it


def _rows(table):
    """(tr, in thead) in document order; rows of nested tables belong to those tables."""
    for child in table:
        if not _is_element(child) or _skipped(child):
            continue
        if child.tag == "tr":
            yield child, False
        elif child.tag in ("thead", "tbody", "tfoot"):
            for tr in child.iterchildren("tr"):
                yield tr, child.tag == "thead"


def _cells(tr) -> list:
    return [cell for cell in tr.iterchildren("td", "th") if not _skipped(cell)]


def _span(cell) -> int:
    try:
        return max(1, int(cell.get("colspan", 1)))
    except ValueError:
        return 1


def _only_headers(tr) -> bool:
    """Without a thead, a first row of only th cells is the header row."""
    cells = _cells(tr)
    return bool(cells) and all(cell.tag == "th" for cell in cells)


def _mark_header_row(row) -> None:
    """w:tblHeader makes Word repeat the row on each page and tells assistive tech it is a header."""
    props = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def _describe_table(table, text: str) -> None:
    """The caption as the table's alternative text (Word's Table Properties › Alt Text)."""
    caption = OxmlElement("w:tblCaption")
    caption.set(qn("w:val"), text)
    table._tbl.tblPr.append(caption)  # last in w:tblPr, where the schema wants it


def _chart(flow: _Flow, spec: dict) -> None:
    """A bar chart picture whose alternative text says what it shows and where its numbers are."""
    if spec.get("kind") != "bar":
        raise ValueError(f"data-docx-chart: unknown kind {spec.get('kind')!r}")
    rows = [tuple(row) for row in spec.get("rows", [])]
    if not rows:
        return
    description = spec.get("description", "")
    picture = flow.paragraph().add_run().add_picture(io.BytesIO(bar_chart_png(rows)), width=CHART_WIDTH)
    picture._inline.docPr.set("descr", description)
    picture._inline.docPr.set("title", description.split(".")[0])


# --- what is not written ------------------------------------------------------------------

def _is_element(node) -> bool:
    return isinstance(node.tag, str)  # comments and processing instructions have a function as tag


def _skipped(element) -> bool:
    return element.tag in SKIPPED or element.get("data-docx") == "skip"
