"""The PDFs as a PDF/UA checker and a reader see them: the structure tree read with pikepdf, the
text of every page read with pypdf.

- every table header has its scope; a table that breaks across pages is one table;
- the running header and footer (and the draft watermark) are artifacts, never tagged content;
- a label such as "Forslag til vedtak:" is never left alone at the foot of a page;
- a draft says "Utkast" in the header and "UTKAST" across every page, an approved record does not;
- the file's title, author and language are the document's.
"""
import io

import pikepdf
import pytest
from django.core.management import call_command
from pypdf import PdfReader
from weasyprint import HTML

from radsmodell.documents import pdfua, render

TEXT_SHOWING = {"Tj", "TJ", "'", '"'}


# --- reading the files ----------------------------------------------------------------------------

def elements(pdf: pikepdf.Pdf) -> list:
    """Every structure element in the tree, in reading order."""
    found = []

    def walk(node):
        kids = node.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                found.append(kid)
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return found


def of_type(pdf: pikepdf.Pdf, kind: str) -> list:
    return [e for e in elements(pdf) if e.S == kind]


def _only(content: bytes, keep_artifacts: bool) -> PdfReader:
    """The file with the text of either only its artifacts or only its tagged content left."""
    pdf = pikepdf.open(io.BytesIO(content))
    for page in pdf.pages:
        stack, kept = [], []
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            in_artifact = any(stack)
            if op in ("BDC", "BMC"):
                stack.append(str(operands[0]) == "/Artifact")
            elif op == "EMC" and stack:
                stack.pop()
            if keep_artifacts and op in TEXT_SHOWING and not in_artifact:
                continue
            if not keep_artifacts and (in_artifact or any(stack)):
                continue  # everything an artifact draws, forms and patterns too (the watermark is one)
            kept.append(pikepdf.ContentStreamInstruction(operands, operator))
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(kept))
    out = io.BytesIO()
    pdf.save(out)
    return PdfReader(out)


def artifact_text(content: bytes) -> list[str]:
    """What each page shows outside the structure: running header, footer, watermark."""
    return [page.extract_text() for page in _only(content, keep_artifacts=True).pages]


def tagged_text(content: bytes) -> list[str]:
    """What each page gives a screen reader: the text the structure tree holds."""
    return [page.extract_text() for page in _only(content, keep_artifacts=False).pages]


def page_texts(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


_printed: dict[str, bytes] = {}


def published_notice(client) -> bytes:
    """The notice of NUIT 2/2024 as the public downloads it (printed once: the tests only read it)."""
    url = "/moter/nuit/2024-05-15/innkalling.pdf"
    if url not in _printed:
        response = client.get(url)
        assert response.status_code == 200
        _printed[url] = response.content
    return _printed[url]


def open_pdf(content: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(content))


# --- documents to print --------------------------------------------------------------------------

def notice(agenda_rows: int = 3, cases: list[dict] | None = None, draft: bool = False) -> dict:
    """A notice as the council app would hand it over, as long as a test needs it."""
    return {
        "document": "notice",
        "file_stem": "innkalling-test",
        "doc_title": "Innkalling – NUIT 9/2030, 1. mars 2030",
        "running_header": "Innkalling – NUIT 9/2030, 1. mars 2030",
        "doc_author": "Helsedirektoratet, sekretariatet for NUIT",
        "draft": draft,
        "heading": "Innkalling til møte i NUIT",
        "header": [{"label": "Møte", "value": "9/2030"}, {"label": "Dato", "value": "1. mars 2030"}],
        "members": [],
        "agenda": [{"number": f"{n}/30", "title": f"Sak nummer {n} på dagsorden", "time": "09:00",
                    "type": "Drøfting"} for n in range(1, agenda_rows + 1)],
        "changes": [],
        "cases": cases or [],
        "sources": [],
    }


def pdf_of(context: dict) -> bytes:
    return render.render(context, "pdf")


# --- 1. table headers -----------------------------------------------------------------------------

@pytest.mark.django_db
def test_every_table_header_says_whether_it_heads_a_column_or_a_row(client, demo):
    pdf = open_pdf(published_notice(client))

    scopes = []
    for th in of_type(pdf, "/TH"):
        group = th.P.P.S  # TH → TR → THead or TBody (or the Table itself)
        scopes.append((str(group), str(th.A.O), str(th.A.get("/Scope"))))
    # The header block names Møte, Dato, Tid and Sted in rows; the agenda heads its four columns.
    assert scopes.count(("/TBody", "/Table", "/Row")) == 4
    assert scopes.count(("/THead", "/Table", "/Column")) == 4
    assert len(scopes) == 8
    # Every agenda row keeps its four cells, the empty ones of "Pause" and "Lunsj" too.
    agenda = of_type(pdf, "/Table")[1]
    rows = [tr for tr in elements(pdf) if tr.S == "/TR" and tr.P.P.objgen == agenda.objgen]
    assert len(rows) == 1 + 17 and all(len(tr.K) == 4 for tr in rows)  # the header row and 17 rows


def test_row_headers_in_a_table_body_are_row_headers():
    context = notice()
    pdf = open_pdf(pdf_of(context))

    headers = {str(th.A.Scope) for th in of_type(pdf, "/TH") if th.P.P.S == "/TBody"}
    assert headers == {"/Row"}


# --- 2. running header and footer -------------------------------------------------------------------

@pytest.mark.django_db
def test_running_header_and_footer_are_artifacts_on_every_page_not_content(client, demo):
    content = published_notice(client)
    pages = len(page_texts(content))
    assert pages > 1

    for number, (artifacts, tagged) in enumerate(zip(artifact_text(content), tagged_text(content)), start=1):
        assert "Innkalling – NUIT 2/2024, 15. mai 2024" in artifacts  # the running header
        assert f"Side {number} av {pages}" in artifacts
        assert "Side " not in tagged and "Innkalling – NUIT" not in tagged
    assert "Innkalling til møte i NUIT" in tagged_text(content)[0]


@pytest.mark.django_db
def test_every_piece_of_marked_content_belongs_to_the_tree(client, demo):
    """No tagged text that no structure element holds (what the footer was), nor a dangling reference."""
    pdf = open_pdf(published_notice(client))
    tree = {e.objgen for e in elements(pdf)}
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums

    for index, page in enumerate(pdf.pages):
        owners = nums[2 * index + 1]
        marked = [int(operands[1].MCID) for operands, operator in pikepdf.parse_content_stream(page)
                  if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]]
        assert marked, f"page {index + 1} has no tagged content"
        for mcid in marked:
            assert owners[mcid].objgen in tree, f"page {index + 1}, MCID {mcid} belongs to no element in the tree"
    assert not any("/RadsmodellSource" in e or "/RadsmodellHidden" in e for e in elements(pdf))


# --- 3. a table over several pages -----------------------------------------------------------------

def test_a_table_that_breaks_across_pages_is_one_table_with_one_header():
    content = pdf_of(notice(agenda_rows=120))
    texts = page_texts(content)
    assert len(texts) >= 3
    assert "Sak nummer 120 på dagsorden" in texts[-1]
    assert all("Tidspunkt" in text for text in texts)  # the header row is printed again on every page …

    pdf = open_pdf(content)
    tables = of_type(pdf, "/Table")
    assert len(tables) == 2  # the header block and the agenda
    agenda = tables[1]
    groups = [kid for kid in agenda.K if kid.get("/S") in ("/THead", "/TBody")]
    assert [str(g.S) for g in groups] == ["/THead", "/TBody"]  # … but is one header in the structure
    assert len(groups[1].K) == 120
    assert all("Tidspunkt" not in text for text in tagged_text(content)[1:])  # the repeats are artifacts

    # Every cell points at a header the file can find (the IDTree), also on the last page.
    ids = pdf.Root.StructTreeRoot.IDTree.Names
    known = {bytes(ids[i]) for i in range(0, len(ids), 2)}
    cells = [td for td in of_type(pdf, "/TD") if td.P.P.objgen == groups[1].objgen]
    assert len(cells) == 480
    assert all(len(td.A.Headers) == 1 and bytes(td.A.Headers[0]) in known for td in cells)


def test_a_list_and_the_main_part_over_several_pages_are_one_each():
    members = [f"Medlem nummer {n} (Organisasjon {n})" for n in range(90)]
    context = {**notice(), "members": members}
    pdf = open_pdf(pdf_of(context))

    lists = of_type(pdf, "/L")
    assert len(lists) == 1 and len(lists[0].K) == 90
    assert len(of_type(pdf, "/Part")) == 1  # <main>, over every page


def test_a_table_footer_repeated_on_every_page_is_one_footer_after_all_the_rows():
    rows = "".join(f"<tr><th scope='row'>Rad {n}</th><td>{n}</td></tr>" for n in range(150))
    content = pdfua.write(HTML(string=(
        "<html lang='nb'><head><title>Lang tabell</title></head><body><table><caption>Tall</caption>"
        "<thead><tr><th scope='col'>Rad</th><th scope='col'>Tall</th></tr></thead>"
        f"<tbody>{rows}</tbody><tfoot><tr><th scope='row'>Sum</th><td>11175</td></tr></tfoot></table>"
        "<p aria-hidden='true'>Pynt</p></body></html>")))
    texts = page_texts(content)
    assert len(texts) >= 3 and all("Sum" in text for text in texts)  # the footer is printed on every page …

    pdf = open_pdf(content)
    (table,) = of_type(pdf, "/Table")
    assert [str(kid.S) for kid in table.K] == ["/Caption", "/THead", "/TBody", "/TFoot"]  # … once at the end
    assert len(table.K[2].K) == 150
    assert sum("Sum" in text for text in tagged_text(content)) == 1
    # aria-hidden content is drawn but is no part of the structure.
    assert "Pynt" in texts[-1] and all("Pynt" not in text for text in tagged_text(content))


# --- 4. a label stays with its text ----------------------------------------------------------------

def test_forslag_til_vedtak_is_never_alone_at_the_foot_of_a_page():
    # Cases of different lengths put the label at many heights of the page, the foot included.
    cases = [{
        "number": f"{n}/30", "title": f"Sak {n}", "type": "Beslutning", "presenters": [],
        "summary": "\n\n".join(f"Bakgrunn {n}.{line} for saken, med nok tekst til en hel linje i dokumentet."
                               for line in range(n % 7)),
        "proposed_decision": f"Vedtakstekst {n}: NUIT slutter seg til forslaget og ber sekretariatet følge opp.",
        "proposal_assumption": "", "attachments": [],
    } for n in range(1, 45)]
    content = pdf_of(notice(cases=cases))
    texts = page_texts(content)
    assert len(texts) >= 5

    for number, text in enumerate(texts, start=1):
        assert text.count("Forslag til vedtak:") == text.count("Vedtakstekst "), f"page {number}"
    # The label that would have been the last line of a page opens the next one, with its text.
    assert any(text.lstrip().startswith("Forslag til vedtak:\nVedtakstekst") for text in tagged_text(content))


# --- 5. running header and draft watermark ---------------------------------------------------------

@pytest.mark.django_db
def test_draft_minutes_say_utkast_on_every_page_and_approved_minutes_do_not(demo, tmp_path):
    draft, approved = tmp_path / "utkast.pdf", tmp_path / "godkjent.pdf"
    call_command("export", "--meeting", "nuit/2024-05-15", "--document", "minutes", "-o", str(draft))
    call_command("export", "--meeting", "nuit/2024-02-15", "--document", "minutes", "-o", str(approved))

    artifacts = artifact_text(draft.read_bytes())
    assert len(artifacts) > 1
    for text in artifacts:
        assert "Utkast – Referat – NUIT 2/2024, 15. mai 2024" in text  # the running header
        assert "UTKAST" in text  # the watermark
    assert all("UTKAST" not in text for text in tagged_text(draft.read_bytes()))

    for text in page_texts(approved.read_bytes()):
        assert "Referat – NUIT 1/2024, 15. februar 2024" in text
        assert "UTKAST" not in text and "Utkast" not in text


def test_a_long_draft_carries_the_watermark_on_every_page():
    texts = artifact_text(pdf_of(notice(agenda_rows=120, draft=True)))
    assert len(texts) >= 3
    assert all("UTKAST" in text and "Utkast – Innkalling – NUIT 9/2030" in text for text in texts)


def test_the_screen_page_shows_neither_running_header_nor_watermark():
    page = render.render(notice(draft=True), "html").decode()
    body = page.split("<body>", 1)[1]
    # Both are drawn in the page margins and background of print (@page), not in the page itself.
    assert "UTKAST" not in body and "Innkalling – NUIT 9/2030" not in body
    assert '<meta name="document-status" content="Utkast">' in page


# --- 6. the file's properties ---------------------------------------------------------------------

@pytest.mark.django_db
def test_title_author_and_language_are_the_documents(client, demo):
    pdf = open_pdf(published_notice(client))

    assert str(pdf.docinfo["/Title"]) == "Innkalling – NUIT 2/2024, 15. mai 2024"
    assert str(pdf.docinfo["/Author"]) == "Helsedirektoratet, sekretariatet for NUIT"
    assert str(pdf.Root.Lang) == "nb-NO"
    assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
    assert pdf.Root.MarkInfo.Marked
