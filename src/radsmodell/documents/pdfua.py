"""The PDF/UA-1 details WeasyPrint 70 leaves out, put right after it has written the file.

WeasyPrint tags the structure page by page. So an element that breaks across pages becomes one
structure element per page (a table over two pages is two tables, its repeated header row a
second header), the running header and footer are tagged text that belongs to no structure
element instead of artifacts, and a table header says nothing of its scope. This module
- notes, while WeasyPrint builds the tree, which HTML element each structure element comes from,
  the /Scope of every TH (scope="row" → /Row, otherwise /Column) and which elements are
  aria-hidden (`install`, a wrapper around WeasyPrint's tree builder);
- then, reading the written file with pikepdf (`finish`), joins the per-page pieces of one
  element, drops the repeated header rows of a continued table (its cells keep pointing at the
  first header), makes every piece of content that no structure element holds an artifact
  (running header and footer, repeated header rows, aria-hidden content), adds the IDTree the
  table headers' IDs need and gives the language its region (nb → nb-NO).
"""
import io

import pikepdf
from pikepdf import Array, Dictionary, Name

# Private keys on the structure elements between the two steps; removed before the file is saved.
SOURCE = "RadsmodellSource"
HIDDEN = "RadsmodellHidden"

# The region readers' speech synthesis expects with a bare language code.
REGIONS = {"nb": "nb-NO", "nn": "nn-NO", "no": "nb-NO", "se": "se-NO"}


def write(document) -> bytes:
    """A WeasyPrint HTML document as a tagged PDF/UA-1 file, put right."""
    install()
    # PDF/UA-1 makes WeasyPrint tag the structure (headings, lists, tables) for screen readers.
    return finish(document.write_pdf(pdf_variant="pdf/ua-1"))


# --- while WeasyPrint builds the structure tree -----------------------------------------------

def install() -> None:
    """Wrap WeasyPrint's tree builder (once) so that every structure element knows its HTML source."""
    from weasyprint.pdf import tags

    original = getattr(tags, "_build_box_tree", None)
    if original is None or getattr(original, "radsmodell", False):
        return  # another WeasyPrint: its tree as it builds it (tests/test_pdf_structure.py says what is lost)

    def build(box, parent, pdf, *args, **kwargs):
        source_box = getattr(box, "_box", box)  # an absolutely positioned box stands in for its box
        for element in original(box, parent, pdf, *args, **kwargs):
            if source_box.element is not None and SOURCE not in element:
                _note_source(element, source_box, pdf)
            yield element

    build.radsmodell = True
    tags._build_box_tree = build


def _note_source(element, box, pdf) -> None:
    # The pieces of one element on several pages share its number; a pseudo-element has its own.
    numbers = pdf.__dict__.setdefault("_radsmodell_sources", {})
    element[SOURCE] = numbers.setdefault((box.element, box.element_tag), len(numbers) + 1)
    if element["S"] == "/TH":
        scope = (box.element.get("scope") or "").lower()
        element["A"]["Scope"] = "/Row" if scope in ("row", "rowgroup") else "/Column"
    if (box.element.get("aria-hidden") or "").lower() == "true":
        element[HIDDEN] = "true"


# --- on the written file -------------------------------------------------------------------------

def finish(data: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        if "/StructTreeRoot" in root:
            _fix_structure(pdf, root.StructTreeRoot)
        language = str(root.get("/Lang", ""))
        if language in REGIONS:
            root.Lang = pikepdf.String(REGIONS[language])
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)  # the same document, the same bytes: ETag and 304 hold
        return out.getvalue()


def _is_element(obj) -> bool:
    return isinstance(obj, Dictionary) and "/S" in obj


def _kids(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _same_page(a, b) -> bool:
    return "/Pg" in a and "/Pg" in b and a.Pg.objgen == b.Pg.objgen


def _fix_structure(pdf, tree) -> None:
    replaced: dict[tuple, object] = {}  # a piece joined into the first piece: objgen → first piece
    dropped_headers: list = []
    for top in _kids(tree):
        if _is_element(top):
            _join(top, replaced, dropped_headers)
            _drop_hidden_and_empty(top)
    _repoint_headers(tree, dropped_headers)
    _artifact_orphans(pdf, tree, replaced)
    ids = []
    for element in _walk(tree):
        for key in (SOURCE, HIDDEN):
            if f"/{key}" in element:
                del element[f"/{key}"]
        if "/ID" in element:
            ids.append((bytes(element.ID), element))
    if ids:
        names = Array()
        for key, element in sorted(ids, key=lambda pair: pair[0]):
            names.extend([pikepdf.String(key), element])
        tree.IDTree = Dictionary(Names=names)


def _walk(element):
    for kid in _kids(element):
        if _is_element(kid):
            yield kid
            yield from _walk(kid)


def _continues(first, piece) -> bool:
    """`piece` is the next page's part of the same HTML element as `first`."""
    source = first.get(f"/{SOURCE}")
    return (source is not None and piece.get(f"/{SOURCE}") == source and first.S == piece.S
            and not _same_page(first, piece))


def _join(element, replaced, dropped_headers) -> None:
    joined = []
    for kid in _kids(element):
        if joined and _is_element(kid) and _is_element(joined[-1]) and _continues(joined[-1], kid):
            _absorb(joined[-1], kid, replaced, dropped_headers)
        else:
            joined.append(kid)
    element.K = Array(joined)
    for kid in joined:
        if _is_element(kid):
            _join(kid, replaced, dropped_headers)


def _absorb(first, piece, replaced, dropped_headers) -> None:
    kids = _kids(first)
    for kid in _kids(piece):
        if _is_element(kid):
            repeated = next((k for k in kids if _is_element(k) and k.S == kid.S
                             and k.get(f"/{SOURCE}") == kid.get(f"/{SOURCE}")), None)
            if repeated is not None and kid.S == "/THead":
                # The header rows the continued table repeats on the new page: artifacts there.
                dropped_headers.extend(e for e in _walk(kid) if e.S == "/TH")
                continue
            if repeated is not None and kid.S == "/TFoot":
                # A footer repeats at the foot of every page: the last one stays, after all the rows.
                dropped_headers.extend(e for e in _walk(repeated) if e.S == "/TH")
                kids.remove(repeated)
            kid.P = first
            kids.append(kid)
        elif isinstance(kid, int) and not _same_page(first, piece):
            # Marked content of another page is referred to with that page named.
            kids.append(Dictionary(Type=Name.MCR, Pg=piece.Pg, MCID=kid))
        else:
            kids.append(kid)
    first.K = Array(kids)
    replaced[piece.objgen] = first


# An empty cell still holds its place in the row; an empty box of another kind says nothing.
TABLE_PARTS = {"/Table", "/THead", "/TBody", "/TFoot", "/TR", "/TH", "/TD"}


def _drop_hidden_and_empty(element) -> bool:
    """Remove aria-hidden elements and elements left without content; False when `element` goes."""
    if f"/{HIDDEN}" in element:
        return False
    kept = [kid for kid in _kids(element) if not _is_element(kid) or _drop_hidden_and_empty(kid)]
    element.K = Array(kept)
    return bool(kept) or element.S in TABLE_PARTS


def _repoint_headers(tree, dropped_headers) -> None:
    """Cells under a dropped repeated header row point at the same header's first row instead."""
    if not dropped_headers:
        return
    cells = [e for e in _walk(tree) if e.S in ("/TD", "/TH")]
    first_id = {}
    for cell in cells:
        if cell.S == "/TH" and "/ID" in cell:
            first_id.setdefault(cell.get(f"/{SOURCE}"), cell.ID)
    moved = {bytes(th.ID): first_id.get(th.get(f"/{SOURCE}")) for th in dropped_headers if "/ID" in th}
    for cell in cells:
        headers = cell.get("/A", {}).get("/Headers") if "/A" in cell else None
        if headers is not None:
            targets = (moved.get(bytes(h), h) for h in headers)
            cell.A.Headers = Array([h for h in targets if h is not None])


def _artifact_orphans(pdf, tree, replaced) -> None:
    """Marked content that no element in the tree holds becomes an artifact of the page."""
    reachable = {element.objgen for element in _walk(tree)}
    parent_tree = tree.get("/ParentTree")
    if parent_tree is None or "/Nums" not in parent_tree:
        return
    nums = parent_tree.Nums
    page_count = len(pdf.pages)
    for index in range(0, len(nums), 2):
        key, value = int(nums[index]), nums[index + 1]
        if key >= page_count or not isinstance(value, Array):
            continue  # an annotation's entry
        orphans = set()
        entries = []
        for mcid, owner in enumerate(value):
            while isinstance(owner, Dictionary) and owner.objgen in replaced:
                owner = replaced[owner.objgen]
            if isinstance(owner, Dictionary) and owner.objgen not in reachable:
                orphans.add(mcid)
                owner = None
            entries.append(owner)
        nums[index + 1] = Array(entries)
        if orphans:
            page = pdf.pages[key]
            _mark_artifacts(pdf, page, page, orphans)


def _mark_artifacts(pdf, page, holder, mcids: set[int], seen=None) -> None:
    """Rewrite `holder`'s content (the page or a form it draws) so that `mcids` are artifacts."""
    seen = seen if seen is not None else set()
    instructions = pikepdf.parse_content_stream(holder)
    changed = False
    resources = (page.resources if holder is page else holder.get("/Resources")) or Dictionary()
    forms = resources.get("/XObject") or Dictionary()
    for i, (operands, operator) in enumerate(instructions):
        op = str(operator)
        if op == "BDC" and len(operands) == 2 and isinstance(operands[1], Dictionary) \
                and int(operands[1].get("/MCID", -1)) in mcids:
            instructions[i] = pikepdf.ContentStreamInstruction(
                [Name.Artifact, Dictionary(Type=Name.Pagination)], pikepdf.Operator("BDC"))
            changed = True
        elif op == "Do" and operands and str(operands[0]) in forms:
            form = forms[str(operands[0])]
            if form.get("/Subtype") == Name.Form and form.objgen not in seen:
                seen.add(form.objgen)
                _mark_artifacts(pdf, page, form, mcids, seen)
    if not changed:
        return
    content = pikepdf.unparse_content_stream(instructions)
    if isinstance(holder, pikepdf.Page):
        holder.obj.Contents = pdf.make_stream(content)
    else:
        holder.write(content)
