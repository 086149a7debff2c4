"""The meeting pack: the notice, then each case's cover memo and attachments in agenda order, in one
PDF with bookmarks and page numbers across the pack; for the public only what the public may read."""
import io

import docx
import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from pypdf import PdfReader
from weasyprint import HTML

from radsmodell.council.models import Attachment, Case, Meeting

PACK = "/moter/nuit/2024-05-15/motepakke.pdf"
# NUIT 2/2024's cases in agenda order (seed 000), each with the attachments the demo names.
CASES_2_2024 = [f"{n}/24" for n in range(15, 28)]


def reader(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))


def pages(content: bytes) -> int:
    return len(reader(content).pages)


def outline(content: bytes) -> list[tuple[str, list[str]]]:
    """(title, [child titles]) of the bookmarks, in order."""
    found, items = [], reader(content).outline
    for item in items:
        if isinstance(item, list):
            found[-1][1].extend(child.title for child in item)
        else:
            found.append((item.title, []))
    return found


def start_of(content: bytes, title: str) -> int:
    """The page a bookmark opens, the bookmarks nested under the cases included."""
    pdf = reader(content)

    def walk(items):
        for item in items:
            yield from walk(item) if isinstance(item, list) else [item]

    return next(pdf.get_destination_page_number(item) for item in walk(pdf.outline) if item.title == title)


def page_text(content: bytes, index: int) -> str:
    return reader(content).pages[index].extract_text()


def a_pdf(*paragraphs: str) -> bytes:
    """A PDF of one page per paragraph, as someone might attach it (not tagged)."""
    html = "".join(f"<p style='break-after: page'>{p}</p>" for p in paragraphs)
    return HTML(string=html).write_pdf()


def a_docx(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def attach(case: Case, label: str, title: str, name: str, content: bytes) -> Attachment:
    # Straight to the table: the case's minutes are approved, so the service would refuse a new attachment.
    return Attachment.objects.create(case=case, label=label, title=title, file=SimpleUploadedFile(name, content))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


def _case(number: int) -> Case:
    return Case.objects.get(body__slug="nuit", year=2024, number=number)


# --- what the pack holds ------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_pack_is_the_notice_then_each_memo_and_its_attachments_in_agenda_order(member_client, media):
    attach(_case(17), "Vedlegg 2A", "Kostnadsgrunnlag", "grunnlag.pdf",
           a_pdf("Kostnadsgrunnlag for SFM side en", "Kostnadsgrunnlag for SFM side to"))
    docx_attachment = attach(_case(18), "Vedlegg 3A", "Betalingsplikt regneark", "plikt.docx", a_docx("x"))

    response = member_client.get(PACK)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="motepakke-nuit-2024-05-15.pdf"' in response["Content-Disposition"]
    pack = response.content
    # Every part as its own document has it: notice, memos, one page per attachment without a PDF.
    parts = pages(member_client.get("/moter/nuit/2024-05-15/innkalling.pdf").content)
    for number in range(15, 28):
        parts += pages(member_client.get(f"/saker/nuit/2024/{number}/toppnotat.pdf").content)
        parts += sum(2 if a.file.name.endswith(".pdf") else 1 for a in _case(number).attachments.all())
    assert pages(pack) == parts

    bookmarks = outline(pack)
    assert bookmarks[0] == ("Innkalling", [])
    assert [title.split()[1] for title, _ in bookmarks[1:]] == CASES_2_2024
    case_17 = dict(bookmarks)["Sak 17/24 Prinsipper for fordeling av kostnader for drift- og forvaltning av de "
                                "nasjonale e-helseløsninger"]
    assert case_17[0] == "Toppnotat"
    assert case_17[1].startswith("Vedlegg 2: Toppnotat Prinsipper")
    assert case_17[2] == "Vedlegg 2A: Kostnadsgrunnlag"
    assert dict(bookmarks)["Sak 24/24 Felles KI-plan for helse- og omsorgstjenesten"][-1] == "Vedlegg 9A: Mandag KI-råd"

    count = pages(pack)
    assert f"Side 1 av {count} i møtepakken" in page_text(pack, 0)
    assert f"Side {count} av {count} i møtepakken" in page_text(pack, count - 1)
    # The attached PDF's two pages follow case 17's memo and its first attachment's page.
    start = start_of(pack, "Vedlegg 2A: Kostnadsgrunnlag")
    assert "Kostnadsgrunnlag for SFM side en" in page_text(pack, start)
    assert "Kostnadsgrunnlag for SFM side to" in page_text(pack, start + 1)
    assert f"Side {start + 2} av {count} i møtepakken" in page_text(pack, start + 1)
    # The DOCX gets a page that says where it is.
    placeholder = page_text(pack, start_of(pack, "Vedlegg 3A: Betalingsplikt regneark"))
    assert "Vedlegg 3A" in placeholder and "Betalingsplikt regneark" in placeholder
    assert "Vedlegget følger som egen fil (DOCX)." in placeholder
    assert f"/vedlegg/{docx_attachment.pk}/" in placeholder
    # An attachment the demo knows only by its title says so.
    assert "ikke lastet opp i Rådsmodell" in page_text(
        pack, start_of(pack, "Vedlegg 1: Referat fra møtet i NUIT 15. februar 2024"))

    metadata = reader(pack).metadata
    assert metadata.title == "Møtepakke – NUIT 2/2024, 15. mai 2024"
    assert metadata.author == "Helsedirektoratet, sekretariatet for NUIT"


@pytest.mark.django_db
def test_the_pack_keeps_each_parts_structure_and_language_and_numbers_pages_as_artifacts(client, demo):
    pdf = pikepdf.open(io.BytesIO(client.get("/moter/e-helseradet/2022-09-21/motepakke.pdf").content))

    assert str(pdf.Root.Lang) == "nb-NO"
    assert pdf.Root.MarkInfo.Marked is True
    document = pdf.Root.StructTreeRoot.K[0]
    assert document.S == "/Document"
    parts = list(document.K)
    assert [str(p.S) for p in parts] == ["/Part"] * len(parts)
    assert str(parts[0].T) == "Innkalling" and str(parts[1].T).endswith("– toppnotat")
    assert all(str(p.Lang) == "nb-NO" for p in parts)
    # Every page's marked content is found in the parent tree under the page's own key.
    on_pages = {page.objgen for page in pdf.pages}
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    parent_tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    keys = [int(page.obj.StructParents) for page in pdf.pages]
    assert len(set(keys)) == len(keys)
    for page, key in zip(pdf.pages, keys, strict=True):
        owners = [o for o in parent_tree[key] if isinstance(o, pikepdf.Dictionary)]
        assert owners and all(o.Pg.objgen in on_pages and o.Pg.objgen == page.objgen for o in owners if "/Pg" in o)
    names = pdf.Root.StructTreeRoot.IDTree.Names
    ids = [bytes(names[i]) for i in range(0, len(names), 2)]
    assert len(ids) == len(set(ids))  # the tables of all parts keep distinct header IDs
    # The pack's page number is drawn as an artifact at the end of every page.
    for page in pdf.pages:
        instructions = [str(op) for _, op in pikepdf.parse_content_stream(page)]
        assert instructions[-6:] == ["BDC", "q", "cm", "Do", "Q", "EMC"]


@pytest.mark.django_db
def test_an_unreadable_pdf_attachment_gets_a_page_instead_of_breaking_the_pack(client, demo, media):
    meeting = Meeting.objects.get(body__slug="e-helseradet", date="2022-09-21")
    case = next(item.case for item in meeting.agenda.order_by("position") if item.case)
    attach(case, "", "Skadet fil", "skadet.pdf", b"%PDF-1.7\nthis is not a PDF at all\n")

    response = client.get("/moter/e-helseradet/2022-09-21/motepakke.pdf")

    assert response.status_code == 200
    text = "\n".join(page.extract_text() for page in reader(response.content).pages)
    assert "Skadet fil" in text
    assert "Filen kan ikke leses som PDF og følger som egen fil (PDF)." in text


# --- who gets what ----------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_public_gets_the_pack_of_a_published_meeting_with_the_memos_as_the_public_reads_them(client, demo):
    response = client.get("/moter/e-helseradet/2022-09-21/motepakke.pdf")

    assert response.status_code == 200
    meeting = Meeting.objects.get(body__slug="e-helseradet", date="2022-09-21")
    parts = pages(client.get("/moter/e-helseradet/2022-09-21/innkalling.pdf").content)
    for item in meeting.agenda.select_related("case").order_by("position"):
        if item.case:
            parts += pages(client.get(f"{item.case.get_absolute_url()}toppnotat.pdf").content)
            parts += item.case.attachments.count()
    assert pages(response.content) == parts
    assert "Utkast" not in page_text(response.content, 0)
    # The same pack, the same bytes: the ETag answers 304 while it is unchanged.
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
    again = client.get("/moter/e-helseradet/2022-09-21/motepakke.pdf", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


@pytest.mark.django_db
def test_an_unpublished_meeting_has_no_pack_for_the_public_and_a_draft_pack_for_members(client, member, demo):
    Meeting.objects.filter(body__slug="e-helseradet", date="2022-09-21").update(notice_published_at=None)
    url = "/moter/e-helseradet/2022-09-21/motepakke.pdf"

    assert client.get(url).status_code == 404

    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200
    texts = [page.extract_text() for page in reader(response.content).pages]
    assert texts[0].startswith("Utkast – Innkalling") or "Utkast – Innkalling" in texts[0]
    assert any("Utkast – Toppnotat" in text for text in texts[1:])


@pytest.mark.django_db
@pytest.mark.parametrize("url", [
    "/moter/ingen-slik/2024-05-15/motepakke.pdf",  # no such body
    "/moter/nuit/2024-05-16/motepakke.pdf",  # no meeting that day
    "/moter/nuit/15-05-2024/motepakke.pdf",  # not a date
    "/moter/nuit/2024-05-15/motepakke.docx",  # the pack is a PDF only
    "/moter/nuit/2024-05-15/motepakke.html",
])
def test_a_pack_that_does_not_exist_is_not_found(client, demo, url):
    assert client.get(url).status_code == 404


# --- where to get it ----------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_meeting_page_links_to_the_pack(client, demo):
    page = client.get("/moter/nuit/2024-05-15/").content.decode()

    assert f'href="{PACK}">Last ned møtepakken (PDF)</a>' in page


@pytest.mark.django_db
def test_the_console_exports_the_pack(demo, tmp_path):
    target = tmp_path / "pakke.pdf"

    call_command("export", meeting="e-helseradet/2022-09-21", document="meeting-pack", fmt="pdf",
                 output=str(target))

    exported = reader(target.read_bytes())
    assert exported.metadata.title.startswith("Møtepakke – ")
    assert exported.outline[0].title == "Innkalling"
