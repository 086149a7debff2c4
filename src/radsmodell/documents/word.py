"""DOCX versions of the documents, written with python-docx from the same context as the HTML.

Built as a Word document of its own (headings, tables with header rows, bullet lists)
rather than converted from HTML, so it stays editable and screen readers find the structure.
"""
import io

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .charts import bar_chart_png


def build(context: dict) -> bytes:
    doc = _new_document(context["doc_title"])
    BUILDERS[context["document"]](doc, context)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- the three documents ------------------------------------------------------------------

def _notice(doc, ctx: dict) -> None:
    doc.add_heading(ctx["heading"], level=0)
    _header_table(doc, ctx["header"])
    if ctx["members"]:
        doc.add_heading("Medlemmer", level=1)
        _bullets(doc, ctx["members"])
    doc.add_heading("Dagsorden", level=1)
    _table(doc, ["Sak", "Tittel", "Tidspunkt", "Sakstype"],
           [[r["number"], r["title"], r["time"], r["type"]] for r in ctx["agenda"]])
    doc.add_heading("Sakene", level=1)
    for case in ctx["cases"]:
        doc.add_heading(f"{case['number']} {case['title']}".strip(), level=2)
        if case["type"]:
            _labelled(doc, "Sakstype:", case["type"])
        if case["presenters"]:
            _labelled(doc, "Presenteres av:", ", ".join(case["presenters"]))
        _text(doc, case["summary"])
        if case["proposed_decision"]:
            _label(doc, "Forslag til vedtak:")
            _text(doc, case["proposed_decision"])
        if case["attachments"]:
            _label(doc, "Vedlegg:")
            _bullets(doc, case["attachments"])


def _memo(doc, ctx: dict) -> None:
    doc.add_paragraph(ctx["kicker"])
    doc.add_heading(ctx["heading"], level=0)
    _header_table(doc, ctx["header"])
    for section in ctx["sections"]:
        doc.add_heading(section["title"], level=1)
        _text(doc, section["text"])
    if ctx["previous"]:
        doc.add_heading("Vedtak fra tidligere behandlinger i rådsmodellen", level=1)
        _table(doc, ["Saksnummer", "Tittel", "Vedtak"],
               [[r["reference"], r["title"], r["decision"]] for r in ctx["previous"]])
    if ctx["other_fora"]:
        doc.add_heading("Behandling i øvrige fora", level=1)
        _table(doc, ["Dato", "Tittel", "Vedtak"], [[r["date"], r["title"], r["decision"]] for r in ctx["other_fora"]])


def _minutes(doc, ctx: dict) -> None:
    doc.add_heading(ctx["heading"], level=0)
    _header_table(doc, ctx["header"])
    doc.add_paragraph().add_run(ctx["approval"]).bold = True

    doc.add_heading("Oppmøte", level=1)
    attendance = ctx["attendance"]
    for title, names in [("Til stede", attendance["present"]), ("Ikke til stede", attendance["absent"]),
                         ("Stedfortreder", attendance["substitutes"]), ("Sekretariatet", ctx["secretariat"])]:
        if names:
            doc.add_heading(title, level=2)
            _bullets(doc, names)
    if not any(attendance.values()):
        doc.add_paragraph("Oppmøtet er ikke registrert.")

    doc.add_heading("Saker", level=1)
    _table(doc, ["Sak", "Tittel på sak", "Sakstype"], [[r["number"], r["title"], r["type"]] for r in ctx["overview"]])
    for case in ctx["cases"]:
        doc.add_heading(f"{case['number']} {case['title']}", level=2)
        if case["type"]:
            _labelled(doc, "Sakstype:", case["type"])
        _text(doc, case["minutes_text"])
        if case["inputs"]:
            _label(doc, "Innspill:")
            _bullets(doc, case["inputs"])
        if case["decision"]:
            _label(doc, "Vedtak:")
            _text(doc, case["decision"])
        if case["action_items"]:
            _label(doc, "Aksjonspunkter:")
            _bullets(doc, case["action_items"])

    if ctx["corrections"]:
        doc.add_heading("Rettelser etter godkjenning", level=1)
        for c in ctx["corrections"]:
            doc.add_heading(f"Sak {c['case']}, {c['field']}", level=2)
            doc.add_paragraph(f"Rettet {c['when']} av {c['who']}. Begrunnelse: {c['why']}")
            _label(doc, "Før:")
            _text(doc, c["old"])
            _label(doc, "Etter:")
            _text(doc, c["new"])


BUILDERS = {"notice": _notice, "memo": _memo, "minutes": _minutes}  # the portfolio report joins below


# --- building blocks ----------------------------------------------------------------------

def _portfolio_report(doc, ctx: dict) -> None:
    doc.add_heading(ctx["heading"], level=0)
    _header_table(doc, ctx["header"])
    if ctx["stated"]:
        doc.add_heading("Tall fra porteføljerapporten", level=1)
        _table(doc, ["Hva", "Antall"], [[label, str(value)] for label, value in ctx["stated"]])
    doc.add_heading("Godkjente statusrapporter", level=1)
    if ctx["status_rows"]:
        _chart(doc, ctx["status_rows"], "Godkjente statusrapporter etter samlet status. Tallene står i tabellen under.")
        _table(doc, ["Samlet status", "Antall"], [[label, str(n)] for label, n in ctx["status_rows"]])
        for title, rows in ctx["breakdowns"]:
            if rows:
                _table(doc, [title, "Antall"], [[label, str(n)] for label, n in rows])
    else:
        _text(doc, "Ingen godkjente statusrapporter er registrert for runden.")
    doc.add_heading("Tiltak med rød eller gul status", level=1)
    _bullets(doc, [f"{r['name']} ({r['status']}): {r['text']}" for r in ctx["red_amber"]] or ["Ingen."])
    doc.add_heading("Avhengigheter", level=1)
    if ctx["solutions"]:
        _table(doc, ["Nasjonal e-helseløsning", "Tiltak som avhenger av den"], [[n, str(c)] for n, c in ctx["solutions"]])
    if ctx["vendors"]:
        _table(doc, ["EPJ-leverandør", "Tiltak som avhenger av den"], [[n, str(c)] for n, c in ctx["vendors"]])
    _text(doc, f"Sirkulære avhengigheter: {'; '.join(ctx['cycles'])}." if ctx["cycles"]
          else "Ingen sirkulære avhengigheter mellom tiltakene.")
    if ctx["themes"]:
        doc.add_heading("Temaer fra sekretariatet", level=1)
        _bullets(doc, ctx["themes"])


BUILDERS["portfolio_report"] = _portfolio_report


def _new_document(title: str):
    doc = Document()
    doc.core_properties.title = title
    doc.core_properties.language = "nb-NO"
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10.5)
    # Spell checkers and screen readers take the language from the style, not the properties.
    run_props = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "nb-NO")
    run_props.append(lang)
    return doc


def _text(doc, text: str) -> None:
    """Blank lines separate paragraphs; a single line break stays a line break."""
    for block in (text or "").strip().split("\n\n"):
        lines = block.strip("\n").split("\n")
        if not "".join(lines).strip():
            continue
        paragraph = doc.add_paragraph()
        for index, line in enumerate(lines):
            run = paragraph.add_run(line)
            if index < len(lines) - 1:
                run.add_break()


def _label(doc, text: str) -> None:
    doc.add_paragraph().add_run(text).bold = True


def _labelled(doc, label: str, value: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.add_run(label).bold = True
    paragraph.add_run(" " + value)


def _bullets(doc, items: list[str]) -> None:
    for item in items:
        doc.add_paragraph(item, style="List Bullet")


def _chart(doc, rows: list[tuple[str, int]], description: str) -> None:
    """A bar chart picture whose alternative text says what it shows and where its numbers are."""
    doc.add_picture(io.BytesIO(bar_chart_png(rows)), width=Cm(12))
    picture = doc.inline_shapes[-1]._inline
    picture.docPr.set("descr", description)
    picture.docPr.set("title", description.split(".")[0])


def _header_table(doc, rows: list[dict]) -> None:
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for row in rows:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(row["label"]).bold = True
        cells[1].text = row["value"]


def _table(doc, headings: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    header = table.rows[0]
    _mark_header_row(header)
    for cell, heading in zip(header.cells, headings):
        cell.paragraphs[0].add_run(heading).bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values):
            cell.text = value or ""


def _mark_header_row(row) -> None:
    """w:tblHeader makes Word repeat the row on each page and tells assistive tech it is a header."""
    props = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)
