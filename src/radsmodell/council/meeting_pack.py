"""The meeting pack (møtepakke): one PDF with the notice, then for each case on the agenda its
cover memo followed by its attachments, bookmarked, with page numbers across the whole pack.

The notice and the memos are the documents app's own PDFs (`render.render`), so the pack says
what the single documents say, drafts marked as they are. An attachment that is a readable PDF
goes in as it is; any other (a DOCX, an unreadable PDF, an attachment without a file) gets a page
saying so, with the link to it. Visibility follows the single documents: the meeting as the notice
shows it, each case and its attachments as the case page and the attachment download do.

Merging keeps what it can of the tagged PDF: each part's structure tree becomes a Part under one
Document, with its page keys, IDs and language carried over; an attached PDF without tags stays
without. The pack's page numbers are drawn as artifacts over every page ("Side 7 av 42 i
møtepakken", top right, where the documents' own header and footer leave room).
"""
import io
import logging
from contextlib import ExitStack
from pathlib import PurePath

import pikepdf
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from pikepdf import Array, Dictionary, Name, OutlineItem

from radsmodell.documents import render
from radsmodell.documents.registry import Document, register

from . import selectors
from .documents import MEETING, _meeting_of_request, meeting_label, memo_context, notice_context, secretariat_of
from .models import Attachment, Meeting

logger = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
ATTACHMENT_TEMPLATE = "council/documents/pack_attachment.html"
UNREADABLE = "Filen kan ikke leses som PDF og følger som egen fil (PDF)."


# --- what the pack holds --------------------------------------------------------------------

def attachment_label(attachment: Attachment, position: int) -> str:
    """'Vedlegg 2: Tittel'; an attachment without a number is numbered by its place in the case."""
    return f"{attachment.label or f'Vedlegg {position}'}: {attachment.title}"


def file_kind(attachment: Attachment) -> str:
    """'PDF', 'DOCX', … from the file's name; '' without a file."""
    return PurePath(attachment.file.name).suffix.lstrip(".").upper() if attachment.file else ""


def pack_context(meeting: Meeting, user) -> dict:
    """The parts of the pack in order; the caller has checked that `user` may see the meeting."""
    label = meeting_label(meeting)
    cases = []
    for item in selectors.agenda(meeting):
        case = item.case
        if case is None or not selectors.case_visible(user, case):
            continue
        attachments = [
            {"title": attachment_label(a, n), "label": a.label or f"Vedlegg {n}", "name": a.title,
             "file": a.file if a.file else None, "kind": file_kind(a),
             # The file where it can be fetched; without a file, the case it belongs to.
             "url": settings.SITE_URL + (reverse("council:attachment", args=[a.pk]) if a.file
                                         else case.get_absolute_url())}
            for n, a in enumerate(case.attachments.all(), start=1)
        ]
        cases.append({
            "title": f"Sak {case.case_number} {case.title}",
            "number": case.case_number,
            "memo": memo_context(case, user),
            "attachments": attachments,
        })
    return {
        "document": "meeting_pack",
        "file_stem": f"motepakke-{meeting.body.slug}-{meeting.date.isoformat()}",
        "doc_title": f"Møtepakke – {label}",
        "running_header": f"Møtepakke – {label}",
        "doc_author": secretariat_of(meeting.body, meeting.date),
        "draft": not meeting.is_published,
        "notice": notice_context(meeting, user),
        "cases": cases,
    }


# --- printing it ----------------------------------------------------------------------------

def pack_pdf(context: dict, base_url: str | None = None) -> bytes:
    """The pack as one PDF: the parts rendered or read, merged, bookmarked and numbered."""
    with ExitStack() as stack:
        pack = Pack(stack)
        notice = pack.add(render.render(context["notice"], "pdf", base_url=base_url), "Innkalling")
        pack.outline.append(OutlineItem("Innkalling", notice))
        for case in context["cases"]:
            memo = pack.add(render.render(case["memo"], "pdf", base_url=base_url), f"{case['title']} – toppnotat")
            entry = OutlineItem(case["title"], memo)
            entry.children.append(OutlineItem("Toppnotat", memo))
            for attachment in case["attachments"]:
                start = pack.add_attachment(attachment, context, case, base_url)
                entry.children.append(OutlineItem(attachment["title"], start))
            pack.outline.append(entry)
        return pack.finish(context)


def _placeholder(attachment: dict, context: dict, case: dict, note: str, base_url: str | None) -> bytes:
    """One page in the documents' look saying where the attachment is, as a tagged PDF."""
    from weasyprint import HTML

    from radsmodell.documents import pdfua

    html = render_to_string(ATTACHMENT_TEMPLATE, {
        "doc_title": f"{attachment['title']} – sak {case['number']}",
        "running_header": f"{context['running_header']} – sak {case['number']}",
        "doc_author": context["doc_author"],
        "draft": context["draft"],
        "kicker": case["title"],
        "heading": attachment["label"],
        "name": attachment["name"],
        "note": note,
        "url": attachment["url"],
        "link_label": "Filen" if attachment["file"] is not None else "Saken i Rådsmodell",
    })
    return pdfua.write(HTML(string=html, base_url=base_url or str(settings.PACKAGE_DIR)))


def _attachment_pdf(attachment: dict) -> tuple[bytes | None, str]:
    """(the file's bytes when it is a PDF the pack can hold, else None; the note for its page)."""
    kind = attachment["kind"]
    if attachment["file"] is None:
        return None, "Vedlegget er ikke lastet opp i Rådsmodell og følger ikke med i møtepakken."
    if kind != "PDF":
        return None, f"Vedlegget følger som egen fil ({kind or 'ukjent filtype'})."
    try:
        with attachment["file"].open("rb") as handle:
            data = handle.read()
    except OSError:
        logger.warning("attachment file %s could not be read for the meeting pack", attachment["file"].name)
        return None, UNREADABLE
    if not data.startswith(PDF_MAGIC):
        return None, UNREADABLE
    return data, ""


class Pack:
    """The PDF being put together: pages, their structure and the outline."""

    def __init__(self, stack: ExitStack):
        self.stack = stack  # the parts stay open until the pack is saved (their streams are read then)
        self.pdf = stack.enter_context(pikepdf.new())
        self.parts = []  # the Part structure elements, in order
        self.nums: list[tuple[int, object]] = []  # the parent tree, keys moved past the parts before
        self.next_key = 0  # the next free key of the parent tree
        self.ids: list[tuple[bytes, object]] = []
        self.role_map = Dictionary()
        self.class_map = Dictionary()
        self.outline: list[OutlineItem] = []

    def add(self, data: bytes, part_title: str, *, trusted: bool = True) -> int:
        """Append a PDF's pages (and its structure tree); the index of its first page."""
        source = self.stack.enter_context(pikepdf.open(io.BytesIO(data)))
        if not len(source.pages):
            raise pikepdf.PdfError("the file has no pages")  # what is left of a damaged file, read leniently
        start = len(self.pdf.pages)
        self.pdf.pages.extend(source.pages)
        pages = list(self.pdf.pages)[start:]
        if not trusted:
            for page in pages:
                _disarm(page)
        if "/StructTreeRoot" in source.Root:
            before = (len(self.nums), len(self.ids), self.next_key)
            try:
                self._structure(source, pages, part_title, len(self.parts))
            except (pikepdf.PdfError, KeyError, TypeError, ValueError, AttributeError):
                # A tree this merge cannot follow: the pages go in untagged rather than not at all.
                logger.warning("the structure tree of %r was left out of the meeting pack", part_title)
                del self.nums[before[0]:], self.ids[before[1]:]
                self.next_key = before[2]
                for page in pages:
                    if "/StructParents" in page.obj:
                        del page.obj["/StructParents"]
        return start

    def add_attachment(self, attachment: dict, context: dict, case: dict, base_url: str | None) -> int:
        data, note = _attachment_pdf(attachment)
        if data is not None:
            start = len(self.pdf.pages)
            try:
                return self.add(data, attachment["title"], trusted=False)
            except (pikepdf.PdfError, ValueError):  # a damaged or password-protected file
                del self.pdf.pages[start:]
                logger.warning("attachment %s is not a PDF the meeting pack can read", attachment["url"])
                note = UNREADABLE
        return self.add(_placeholder(attachment, context, case, note, base_url), attachment["title"])

    # --- the structure tree ------------------------------------------------------------------

    def _structure(self, source: pikepdf.Pdf, pages: list, title: str, index: int) -> None:
        tree = self.pdf.copy_foreign(source.Root.StructTreeRoot)  # /Pg follows to the pages just added
        offset = self.next_key
        parent_tree = list(_number_tree(tree.get("/ParentTree")))
        highest = max([key for key, _ in parent_tree] + [int(tree.get("/ParentTreeNextKey", 0)) - 1, -1])
        self._shift_keys(pages, offset)
        self.nums.extend((key + offset, value) for key, value in parent_tree)
        self.next_key = offset + highest + 1
        prefix = f"d{index + 1}-".encode()
        renamed = {}
        elements = list(_walk(tree))
        for element in elements:
            if "/ID" in element:
                new = prefix + bytes(element.ID)
                renamed[bytes(element.ID)] = new
                element.ID = pikepdf.String(new)
                self.ids.append((new, element))
        for element in elements:
            for attributes in _attribute_dicts(element):
                if "/Headers" in attributes:
                    attributes.Headers = Array([pikepdf.String(renamed.get(bytes(h), bytes(h)))
                                                for h in attributes.Headers])
        for key, value in tree.get("/RoleMap", Dictionary()).items():
            if key not in self.role_map:
                self.role_map[key] = value
        for key, value in tree.get("/ClassMap", Dictionary()).items():
            if key not in self.class_map:
                self.class_map[key] = value
        kids = _kids(tree)
        part = self.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Part, T=pikepdf.String(title)))
        language = source.Root.get("/Lang")
        if language is not None:
            part.Lang = pikepdf.String(str(language))
        for kid in kids:
            if isinstance(kid, Dictionary) and "/S" in kid:
                kid.P = part
        # A part's own Document element is a section of the pack's Document.
        part.K = Array([_as_section(kid) for kid in kids])
        self.parts.append(part)

    def _shift_keys(self, pages: list, offset: int) -> None:
        """Pages, annotations and forms name their entry of the parent tree by key: moved by `offset`."""
        seen = set()

        def shift(obj, key):
            if obj.objgen != (0, 0):
                if obj.objgen in seen:
                    return
                seen.add(obj.objgen)
            if key in obj:
                obj[key] = int(obj[key]) + offset

        for page in pages:
            shift(page.obj, "/StructParents")
            for annotation in page.obj.get("/Annots", Array()):
                if isinstance(annotation, Dictionary):
                    shift(annotation, "/StructParent")
            forms = page.obj.get("/Resources", Dictionary()).get("/XObject", Dictionary())
            for form in forms.values():
                if isinstance(form, pikepdf.Stream):
                    shift(form, "/StructParents")

    # --- the whole file ----------------------------------------------------------------------

    def finish(self, context: dict) -> bytes:
        pdf = self.pdf
        document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document,
                                                K=Array(self.parts), Lang=pikepdf.String("nb-NO")))
        for part in self.parts:
            part.P = document
        root = pdf.make_indirect(Dictionary(
            Type=Name.StructTreeRoot, K=Array([document]),
            ParentTree=pdf.make_indirect(Dictionary(Nums=Array(_flat(sorted(self.nums, key=lambda n: n[0]))))),
            ParentTreeNextKey=self.next_key,
        ))
        document.P = root
        if self.ids:
            root.IDTree = Dictionary(Names=Array(_flat(
                (pikepdf.String(key), element) for key, element in sorted(self.ids, key=lambda pair: pair[0]))))
        if len(self.role_map):
            root.RoleMap = self.role_map
        if len(self.class_map):
            root.ClassMap = self.class_map
        pdf.Root.StructTreeRoot = root
        pdf.Root.MarkInfo = Dictionary(Marked=True)
        pdf.Root.Lang = pikepdf.String("nb-NO")
        pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
        pdf.Root.PageMode = Name.UseOutlines
        with pdf.open_outline() as outline:
            outline.root.extend(self.outline)
        _stamp_page_numbers(pdf, self.stack)
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:title"] = context["doc_title"]
            meta["dc:creator"] = [context["doc_author"]]
            meta["pdfuaid:part"] = "1"
        pdf.docinfo.Title = context["doc_title"]
        pdf.docinfo.Author = context["doc_author"]
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)  # the same pack, the same bytes: ETag and 304 hold
        return out.getvalue()


def _disarm(page: pikepdf.Page) -> None:
    """An uploaded file's page keeps its web links, but runs nothing: no page actions, no other annotations."""
    if "/AA" in page.obj:
        del page.obj["/AA"]
    annotations = page.obj.get("/Annots")
    if annotations is None:
        return
    kept = [a for a in annotations if isinstance(a, Dictionary) and a.get("/Subtype") == Name.Link
            and "/AA" not in a and a.get("/A", Dictionary()).get("/S") == Name.URI]
    page.obj.Annots = Array(kept)


def _number_tree(node):
    """(key, value) of a number tree, its kids followed."""
    if node is None:
        return
    nums = node.get("/Nums")
    if nums is not None:
        for i in range(0, len(nums) - 1, 2):
            yield int(nums[i]), nums[i + 1]
    for kid in node.get("/Kids", Array()):
        yield from _number_tree(kid)


def _flat(pairs) -> list:
    return [x for pair in pairs for x in pair]


def _kids(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _walk(element):
    for kid in _kids(element):
        if isinstance(kid, Dictionary) and "/S" in kid:
            yield kid
            yield from _walk(kid)


def _attribute_dicts(element) -> list:
    attributes = element.get("/A")
    if attributes is None:
        return []
    return [a for a in (attributes if isinstance(attributes, Array) else [attributes]) if isinstance(a, Dictionary)]


def _as_section(kid):
    if isinstance(kid, Dictionary) and kid.get("/S") == Name.Document:
        kid.S = Name.Sect
    return kid


# --- page numbers across the pack --------------------------------------------------------------

STAMP_CSS = """
@page { margin: 20mm 18mm 0 0;
  @top-right { content: "Side " counter(page) " av " counter(pages) " i møtepakken";
               font: 8pt "DejaVu Sans", sans-serif; color: #555; } }
body { margin: 0; }
div { height: 1px; }
div + div { break-before: page; }
"""


def _stamp_page_numbers(pdf: pikepdf.Pdf, stack: ExitStack) -> None:
    """'Side 7 av 42 i møtepakken' on every page: a page of the same size drawn over it, as an artifact."""
    from weasyprint import CSS, HTML

    sizes: list[tuple[float, float]] = []
    boxes = []
    for page in pdf.pages:
        box = pikepdf.Rectangle(page.trimbox)
        size = (round(float(box.width), 3), round(float(box.height), 3))
        if int(page.obj.get("/Rotate", 0)) % 180:
            size = size[::-1]  # a page shown turned: the stamp is printed for the page as it is seen
        if size not in sizes:
            sizes.append(size)
        boxes.append((box, sizes.index(size)))
    css = STAMP_CSS + "".join(f"@page s{i} {{ size: {w}pt {h}pt; }} .s{i} {{ page: s{i}; }}\n"
                              for i, (w, h) in enumerate(sizes))
    html = ("<!DOCTYPE html><html lang='nb'><head><meta charset='utf-8'><title>Sidetall</title></head><body>"
            + "".join(f"<div class='s{index}'></div>" for _, index in boxes) + "</body></html>")
    printed = HTML(string=html).write_pdf(stylesheets=[CSS(string=css)])
    stamps = stack.enter_context(pikepdf.open(io.BytesIO(printed)))  # open until the pack is saved
    if len(stamps.pages) != len(pdf.pages):
        raise RuntimeError(f"{len(stamps.pages)} stamp pages for {len(pdf.pages)} pages")
    for page, stamp, (box, _) in zip(pdf.pages, stamps.pages, boxes, strict=True):
        form = pdf.copy_foreign(stamp.as_form_xobject())
        name = Name(_free_name(page, "/PackPageNumber"))  # a fixed name: the same pack, the same bytes
        page.add_resource(form, Name.XObject, name)
        placement = page.calc_form_xobject_placement(form, name, box, allow_shrink=True, allow_expand=True)
        page.contents_add(b"q\n", prepend=True)
        page.contents_add(b"Q\n/Artifact <</Type /Pagination>> BDC\n" + bytes(placement) + b"\nEMC\n",
                          prepend=False)
        page.contents_coalesce()


def _free_name(page: pikepdf.Page, wanted: str) -> str:
    used = page.obj.get("/Resources", Dictionary()).get("/XObject", Dictionary())
    name, n = wanted, 1
    while name in used:
        name, n = f"{wanted}{n}", n + 1
    return name


# Its PDF is `pack_pdf`; the template is that of the pages it makes itself (the attachments it cannot hold).
register(Document("meeting_pack", ATTACHMENT_TEMPLATE, pack_context, "moter/<slug:body>/<str:day>/motepakke",
                  _meeting_of_request, formats=("pdf",), console=MEETING, pdf=pack_pdf))
