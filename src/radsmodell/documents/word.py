"""DOCX versions of the documents, written from the same HTML as the page and the PDF.

One generic writer walks the rendered HTML (lxml) and writes Word's own structure with
python-docx: real headings, paragraphs, lists, tables whose header rows repeat and pictures
with alternative text. So the DOCX stays editable, screen readers find the structure, and
every document with an HTML template gets a DOCX without any layout code of its own.

What the HTML means in Word:
- `<title>` is the document title; `<html lang>` its language (`nb` becomes `nb-NO`);
  `<meta name="author">` the author (else "Rådsmodell"); `<meta name="running-header">` the
  text in the header of every page (else the title); `<meta name="document-status"
  content="Utkast">` makes it a draft: the header starts "Utkast – " and every page carries
  Word's diagonal watermark "UTKAST".
- h1 is the Title, h2–h6 Heading 1–5 (what Word's navigation pane lists); p a paragraph;
  ul/ol "List Bullet"/"List Number" (nested lists one style level in); dl a paragraph per
  term: the term in bold, then its description. strong/b bold, em/i italic, br a line break,
  a its text. Lines of a paragraph typed as a list ("• ", "- ", "– "; "o ", "▪ " one level in)
  become "List Bullet" paragraphs too, without the typed bullet.
- table a "Table Grid" table. The rows of thead (or a first row of only th) are header
  rows: Word repeats them on every page and assistive tech reads them as headers.
  Every th is bold; a caption becomes a "Caption" paragraph and the table's alt text.
  Column widths follow the content (`_column_widths`; `data-docx-widths="1 3"` sets them)
  in a fixed layout so Word and LibreOffice both keep them; no row breaks across pages; two
  tables in a row get a small paragraph between them, or Word would join them into one.
- An element with `data-docx-chart='{"kind": "bar", "rows": [[label, value, colour], ...],
  "description": "..."}'` becomes a bar chart picture (charts.py) whose alternative text is
  the description; what is inside the element (the SVG the page and PDF show) is not written.
- Not written at all: `data-docx="skip"`, nav, script, style and svg (Word cannot show our
  SVG; a chart that belongs in Word carries data-docx-chart).
- Any other element is a container: its blocks are written in order and loose text in it
  becomes a paragraph. Whitespace collapses as in a browser (pre keeps it).

The pages are A4 with Norwegian margins, like the PDF: the running header is on every page
and the footer says "Side X av Y" with Word's own page fields. The properties carry the
title, the author, the language and the time the file was made, and the document opens in
Word's current mode, not "Compatibility Mode".
"""
import io
import json
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cache
from html import escape

import lxml.html
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, Twips
from docx.table import _Cell
from PIL import ImageFont

from .charts import bar_chart_png, font_file

LANGUAGES = {"nb": "nb-NO", "nn": "nn-NO", "no": "nb-NO", "en": "en-GB"}
SKIPPED = {"nav", "script", "style", "svg", "head", "template", "noscript"}
INLINE = {"a", "abbr", "b", "br", "cite", "code", "data", "em", "i", "kbd", "label", "mark", "q", "s", "small",
          "span", "strong", "sub", "sup", "time", "u", "var"}
LIST_STYLES = {"ul": "List Bullet", "ol": "List Number"}
# A line typed as a list item: a bullet, then a space. "o", "▪" and "◦" are the second level.
BULLET = re.compile(r"([•\-–▪◦o])\s+(?=\S)")
FIRST_LEVEL_BULLETS = {"•", "-", "–"}
ENUMERATED_LINE = re.compile(r"(\d{1,2}|[a-z])[.)]\s")
DEEPEST_LIST_LEVEL = 3  # Word's built-in list styles stop at "List Bullet 3"
TITLE_LIMIT = 255  # Word refuses longer core properties; long case titles reach it
CHART_WIDTH = Cm(12)
A4 = (Cm(21), Cm(29.7))
MARGINS = {"top_margin": Cm(2.0), "bottom_margin": Cm(2.2), "left_margin": Cm(2.5), "right_margin": Cm(2.5)}
PAGE_WORDS = {"en-GB": ("Page", "of")}  # "Side X av Y" in other languages than Norwegian
WORD_2013_MODE = "15"  # compatibilityMode 14 makes Word open the file in "Compatibility Mode"
COLLAPSIBLE = re.compile(r"[ \t\n\r\f]+")  # HTML whitespace; a no-break space stays
DEFAULT_AUTHOR = "Rådsmodell"  # when the page names no author
DRAFT_WORD = "Utkast"
EMU_PER_TWIP = 635
CELL_PADDING = 2 * 108 + 30  # Table Grid's cell margins left and right, and a little air
BODY_SIZE_PT = 10.5
BODY_FONT = "Calibri"
MEASURING_SCALE = 10  # Pillow measures whole pixels: measure ten times larger
CHARACTER_WIDTH = 126  # an average character at 10.5 pt, in twips, when there is no font to measure with
BOLD_WIDTH = 1.1
MIN_COLUMN = 567  # 1 cm
MAX_WORD_SHARE = 0.4  # a very long word (an address) breaks rather than take more of the table
LABEL_SHARE = 0.3
NUMERIC = re.compile(r"[-−–+\d\s.,:;/%()]*(kr|NOK)?")  # numbers, times, dates like 15/24, amounts
SEPARATOR_SIZE_PT = 5
WATERMARK_HEIGHT_PT = 110  # the letters' height; the shape is as wide as the word needs
# Word's own watermark: shape type 136 is WordArt's plain text; z-index below 0 puts it behind the text.
WATERMARK = (
    '<w:pict xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
    ' xmlns:w10="urn:schemas-microsoft-com:office:word">'
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"'
    ' path="m@7,l@8,m@5,21600l@6,21600e">'
    '<v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/>'
    '<v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/>'
    '<v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/>'
    '<v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>'
    '<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800"'
    ' o:connectangles="270,180,90,0"/>'
    '<v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>'
    '<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>'
    '<v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s2049" type="#_x0000_t136"'
    ' style="position:absolute;margin-left:0;margin-top:0;width:{width}pt;height:{height}pt;rotation:315;'
    'z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;'
    'mso-position-vertical:center;mso-position-vertical-relative:margin"'
    ' o:allowincell="f" fillcolor="silver" stroked="f">'
    '<v:fill opacity=".5"/>'
    '<v:textpath style="font-family:&quot;{font}&quot;;font-size:1pt" string="{text}"/>'
    '<w10:wrap anchorx="margin" anchory="margin"/>'
    '</v:shape></w:pict>'
)


def build(html: str) -> bytes:
    root = lxml.html.document_fromstring(html)
    doc = _new_document(_About.of(root))
    body = root.find("body")
    _container(_Flow(doc, _text_width(doc)), body if body is not None else root, _Format())
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- the document -------------------------------------------------------------------------

@dataclass(frozen=True)
class _About:
    """What the page's head says about the document: `<title>`, `<html lang>` and the meta
    elements author, running-header and document-status ("Utkast" on a draft)."""
    title: str
    language: str
    author: str
    running_header: str
    draft: bool

    @classmethod
    def of(cls, root) -> "_About":
        title = _text(root.findtext("head/title") or "")
        return cls(
            title=title if len(title) <= TITLE_LIMIT else title[:TITLE_LIMIT - 1] + "…",
            language=_language(root.get("lang")),
            author=_meta(root, "author")[:TITLE_LIMIT] or DEFAULT_AUTHOR,
            running_header=_meta(root, "running-header") or title,
            draft=_meta(root, "document-status").lower() == "utkast",
        )


def _meta(root, name: str) -> str:
    for meta in root.iterfind("head/meta"):
        if meta.get("name") == name:
            return _text(meta.get("content") or "")
    return ""


def _text(text: str) -> str:
    return COLLAPSIBLE.sub(" ", text).strip()


def _language(lang: str | None) -> str:
    if not lang:
        return ""
    return LANGUAGES.get(lang.lower(), lang)


def _new_document(about: _About):
    doc = Document()
    properties = doc.core_properties
    properties.title = about.title
    # python-docx's template says it was written by "python-docx" in 2013: this file was made now.
    properties.author = properties.last_modified_by = about.author
    properties.created = properties.modified = datetime.now(UTC).replace(microsecond=0)
    properties.revision = 1
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_SIZE_PT)
    normal.font.name = BODY_FONT  # the template's body font is Cambria, a serif beside Calibri headings
    if about.language:
        properties.language = about.language
        # Spell checkers and screen readers take the language from the style, not the properties.
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), about.language)
        normal.element.get_or_add_rPr().append(lang)
    for setting in doc.settings.element.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), WORD_2013_MODE)
    _set_up_pages(doc, about)
    return doc


def _set_up_pages(doc, about: _About) -> None:
    """A4 with Norwegian margins; the running header above, "Side X av Y" below; a draft says
    so in the header and carries Word's diagonal "UTKAST" watermark on every page."""
    section = doc.sections[0]
    section.page_width, section.page_height = A4
    for margin, length in MARGINS.items():
        setattr(section, margin, length)
    header = section.header.paragraphs[0]
    header.text = f"{DRAFT_WORD} – {about.running_header}" if about.draft else about.running_header
    header.style = doc.styles["Header"]
    if about.draft:
        _watermark(header, DRAFT_WORD.upper())
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page, of = PAGE_WORDS.get(about.language, ("Side", "av"))
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


def _watermark(paragraph, text: str) -> None:
    """The shape Word's Design › Watermark puts in the header: WordArt text (VML text path)
    centred on the page, turned 45° up, light grey and behind the text. LibreOffice reads it
    as its own watermark."""
    paragraph.add_run()._r.append(parse_xml(WATERMARK.format(
        text=escape(text, quote=True), font=BODY_FONT, width=round(WATERMARK_HEIGHT_PT * len(text) * 0.7, 1),
        height=WATERMARK_HEIGHT_PT)))


class _Flow:
    """Where blocks go: the document body, or a table cell (which starts with an empty paragraph),
    and how wide that is (twentieths of a point, Word's unit for table widths)."""

    def __init__(self, parent, width: int):
        self.parent = parent
        self.width = width
        self.unused = parent.paragraphs[0] if isinstance(parent, _Cell) else None
        self.after_table = False

    def paragraph(self, style: str | None = None):
        if self.unused is not None:
            paragraph, self.unused = self.unused, None
            if style:
                paragraph.style = style
        else:
            paragraph = self.parent.add_paragraph(style=style)
        if self.after_table and not (style or "").startswith(("Title", "Heading", "Caption")):
            paragraph.paragraph_format.space_before = Pt(6)  # text right under a table, as the page's margin
        self.after_table = False
        return paragraph

    def table(self, columns: int):
        if self.after_table:
            _separator(self.paragraph())  # Word joins tables with nothing between them into one
        self.unused = None
        self.after_table = True
        return self.parent.add_table(rows=0, cols=columns)


def _text_width(doc) -> int:
    section = doc.sections[0]
    return _twips(section.page_width - section.left_margin - section.right_margin)


def _twips(length) -> int:
    return round(length / EMU_PER_TWIP)


def _separator(paragraph) -> None:
    """A small empty paragraph: keeps two tables apart with a little space between them."""
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
    mark = OxmlElement("w:rPr")  # the paragraph mark's size is the empty paragraph's height
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), str(SEPARATOR_SIZE_PT * 2))
    mark.append(size)
    paragraph._p.get_or_add_pPr().append(mark)


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

    def is_preformatted(self) -> bool:
        return any(piece and piece[1].preformatted for piece in self.pieces)

    def lines(self) -> list["_Runs"]:
        """The text split at its line breaks."""
        lines = [_Runs()]
        for piece in self.pieces:
            if piece is LINE_BREAK:
                lines.append(_Runs())
            else:
                lines[-1].pieces.append(piece)
        return lines

    def extend(self, other: "_Runs") -> None:
        self.pieces.extend(other.pieces)

    def plain(self) -> str:
        return _text("".join(piece[0] for piece in self.pieces if piece))

    def without_marker(self) -> "_Runs":
        """The line without its leading bullet and the spaces after it."""
        rest = _Runs()
        marker = BULLET.match(self.plain())
        left = len(marker.group(0)) if marker else 0
        for piece in self.pieces:
            text, fmt = piece
            if left:
                text = COLLAPSIBLE.sub(" ", text).lstrip(" ")
                cut = min(left, len(text))
                text, left = text[cut:], left - cut
            rest.add(text, fmt)
        return rest

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
    if style is None and not runs.is_preformatted():
        _text_with_bullets(flow, runs)
    else:
        _write(flow, runs, style)


def _write(flow: _Flow, runs: _Runs, style: str | None = None) -> None:
    if not runs.is_blank():
        runs.write_to(flow.paragraph(style))


def _text_with_bullets(flow: _Flow, runs: _Runs) -> None:
    """Text typed as a list, lines starting with "• " or "- " ("o " or "▪ " one level in, under
    another item), becomes Word list paragraphs; the lines around them stay paragraphs."""
    text, previous = _Runs(), 0
    for line in runs.lines():
        level = _bullet_level(line.plain(), previous)
        if level:
            _write(flow, text)
            _write(flow, line.without_marker(), LIST_STYLES["ul"] + ("" if level == 1 else f" {level}"))
            text = _Runs()
        else:
            if not text.is_blank():
                text.line_break()
            text.extend(line)
        previous = level or (1 if ENUMERATED_LINE.match(line.plain()) else 0)
    _write(flow, text)


def _bullet_level(line: str, previous: int) -> int:
    """1 or 2 for a bulleted line, 0 for any other; `previous` is the level of the line before
    (1 also for a line numbered "1." or "a)")."""
    marker = BULLET.match(line)
    if not marker:
        return 0
    if marker.group(1) in FIRST_LEVEL_BULLETS:
        return 1
    if previous:
        return 2
    return 0 if marker.group(1) == "o" else 1  # "o" alone at the start of a line is just a word


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
    columns = max((sum(_span(cell) for cell in _cells(tr)) for tr, _ in rows), default=0)
    if not columns:
        return
    caption = element.find("caption")
    if caption is not None:
        _caption(flow, caption, fmt)
    if not any(in_head for _, in_head in rows) and _only_headers(rows[0][0]):
        rows[0] = (rows[0][0], True)
    widths = _column_widths(element, rows, columns, flow.width)
    table = flow.table(columns)
    table.style = "Table Grid"
    _fix_widths(table, widths)
    if caption is not None:
        _describe_table(table, COLLAPSIBLE.sub(" ", caption.text_content()).strip())
    for tr, in_head in rows:
        row = table.add_row()
        _keep_row_together(row)
        if in_head:
            _mark_header_row(row)
        column = 0
        for cell in _cells(tr):
            span = min(_span(cell), columns - column)
            target = row.cells[column]
            if span > 1:
                target = target.merge(row.cells[column + span - 1])
            width = sum(widths[column:column + span]) - CELL_PADDING
            _container(_Flow(target, width), cell, replace(fmt, bold=True) if cell.tag == "th" else fmt)
            column += span
    _fit_cells(table, widths)


# --- column widths --------------------------------------------------------------------------

def _column_widths(element, rows: list, columns: int, available: int) -> list[int]:
    """Widths (twips) that add up to `available`, as a browser lays out a full-width table.

    Each column wants the width of its longest line and needs at least that of its longest
    word; a header row's text may wrap at its spaces, so there only its words count. When
    everything fits, each column gets what it wants and the columns of running
    text share what is left; when not, each gets its longest word plus a share of the rest
    in proportion to how much more it wants. A column of numbers or times so stays as narrow
    as its widest value and the column of titles or decisions takes the page. A label/value
    table (a th scope="row" then a td in each row) is 30/70, and `data-docx-widths="1 3 1"`
    on a table gives the proportions outright.
    """
    weights = _width_hint(element, columns)
    if weights is None and _labels_and_values([tr for tr, _ in rows]):
        weights = [LABEL_SHARE, 1 - LABEL_SHARE]
    if weights is not None:
        return _to_total([available * weight / sum(weights) for weight in weights], available)
    need, want = [MIN_COLUMN] * columns, [MIN_COLUMN] * columns
    numeric = [True] * columns
    for tr, in_head in rows:
        column = 0
        for cell in _cells(tr):
            span = _span(cell)
            if span == 1 and column < columns:
                lines = _lines(cell)
                bold = cell.tag == "th"
                words = [word for line in lines for word in line.split(" ")]
                need[column] = max([need[column]] + [_measure(word, bold) for word in words])
                want[column] = max([want[column]] + [_measure(line, bold) for line in (words if in_head else lines)])
                if not in_head and cell.tag == "td" and not all(NUMERIC.fullmatch(line) for line in lines):
                    numeric[column] = False
            column += span
    need = [min(width, available * MAX_WORD_SHARE) for width in need]
    want = [max(w, n) for w, n in zip([min(width, available) for width in want], need)]
    if sum(want) <= available:
        growing = ([i for i in range(columns) if want[i] > need[i]]
                   or [i for i in range(columns) if not numeric[i]] or list(range(columns)))
        extra = (available - sum(want)) / sum(want[i] for i in growing)
        return _to_total([w * (1 + extra) if i in growing else w for i, w in enumerate(want)], available)
    if sum(need) >= available:
        return _to_total(need, available)
    extra = (available - sum(need)) / sum(w - n for w, n in zip(want, need))
    return _to_total([n + (w - n) * extra for w, n in zip(want, need)], available)


def _width_hint(element, columns: int) -> list[float] | None:
    try:
        weights = [float(weight) for weight in (element.get("data-docx-widths") or "").split()]
    except ValueError:
        return None
    return weights if len(weights) == columns and all(weight > 0 for weight in weights) else None


def _labels_and_values(rows: list) -> bool:
    shapes = [[(cell.tag, cell.get("scope")) for cell in _cells(tr)] for tr in rows]
    return all(shape == [("th", "row"), ("td", None)] for shape in shapes)


def _lines(element) -> list[str]:
    """The lines of text a cell shows: a br or a block inside it starts a new one."""
    parts: list[str] = []

    def walk(node):
        if _skipped(node):
            return
        if node.tag == "br" or node.tag not in INLINE:
            parts.append("\n")
        parts.append(node.text or "")
        for child in node:
            if _is_element(child):
                walk(child)
            parts.append(child.tail or "")

    walk(element)
    return [line for line in (_text(line) for line in "".join(parts).split("\n")) if line]


def _measure(text: str, bold: bool = False) -> float:
    """The width of `text` in a cell, measured in DejaVu Sans: LibreOffice's stand-in for Word's
    fonts is about as wide, Word's own Calibri narrower, so the text fits in both."""
    font = _measuring_font(bold)
    if font is None:
        return len(text) * CHARACTER_WIDTH * (BOLD_WIDTH if bold else 1) + CELL_PADDING
    return font.getlength(text) * 20 / MEASURING_SCALE + CELL_PADDING


@cache
def _measuring_font(bold: bool):
    path = font_file(bold)
    return ImageFont.truetype(path, round(BODY_SIZE_PT * MEASURING_SCALE)) if path else None


def _to_total(widths: list[float], total: int) -> list[int]:
    """Whole twips, scaled to add up to `total` exactly."""
    scale = total / sum(widths)
    rounded = [round(width * scale) for width in widths]
    rounded[rounded.index(max(rounded))] += total - sum(rounded)
    return rounded


def _fix_widths(table, widths: list[int]) -> None:
    """Word and LibreOffice keep a table's widths only with a fixed layout and the widths
    given three times: the table's, the grid's columns' and each cell's."""
    table.autofit = False
    table_width = table._tbl.tblPr.find(qn("w:tblW"))
    table_width.set(qn("w:type"), "dxa")
    table_width.set(qn("w:w"), str(sum(widths)))
    for column, width in zip(table.columns, widths):
        column.width = Twips(width)


def _fit_cells(table, widths: list[int]) -> None:
    for tr in table._tbl.tr_lst:
        column = 0
        for tc in tr.tc_lst:
            tc.width = Twips(sum(widths[column:column + tc.grid_span]))
            column += tc.grid_span


def _keep_row_together(row) -> None:
    """w:cantSplit: a row moves to the next page whole instead of breaking across two."""
    flag = OxmlElement("w:cantSplit")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().insert(0, flag)  # before w:tblHeader, as the schema orders them


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
