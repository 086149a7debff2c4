"""Any registered document as HTML, PDF or DOCX bytes, from one context.

The HTML is the document's template; the PDF is that HTML printed by WeasyPrint (tagged
PDF/UA); the DOCX is written from the same HTML by `word.py`. The web view and the `export`
console command both come here.
"""
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import content_disposition_header

from . import registry, word
from .registry import FORMATS

__all__ = ["FORMATS", "build_context", "filename", "html", "pdf", "render", "response"]


# The documents are the council's Norwegian records, whatever language the reader's UI uses.
@translation.override("nb")
def build_context(document: str, subject, user) -> dict:
    """What the document says about `subject` (with `document`, its name); the caller has checked
    that `user` may see it."""
    return registry.get(document).context(subject, user)


def html(context: dict, back_url: str = "", back_label: str = "") -> str:
    return render_to_string(registry.get(context["document"]).template,
                            {**context, "back_url": back_url, "back_label": back_label})


def pdf(context: dict, base_url: str | None = None) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which pages that never print don't need.
    from weasyprint import HTML

    from . import pdfua

    return pdfua.write(HTML(string=html(context), base_url=base_url or str(settings.PACKAGE_DIR)))


@translation.override("nb")
def render(context: dict, fmt: str, *, back_url: str = "", back_label: str = "", base_url: str | None = None) -> bytes:
    if fmt == "html":
        return html(context, back_url, back_label).encode("utf-8")
    if fmt == "pdf":
        build = registry.get(context["document"]).pdf
        return build(context, base_url) if build else pdf(context, base_url)
    if fmt == "docx":
        return word.build(html(context))  # the page without its back link
    raise ValueError(f"unknown format {fmt!r}")


def filename(context: dict, fmt: str) -> str:
    return f"{context['file_stem']}.{fmt}"


def response(request, document: str, subject, fmt: str) -> HttpResponse:
    """The document as the web serves it: a page with a back link, or a file."""
    declared = registry.get(document)
    context = build_context(document, subject, request.user)
    back_url, back_label = declared.back(subject) if declared.back else ("", "")
    content = render(context, fmt, back_url=back_url, back_label=back_label, base_url=request.build_absolute_uri("/"))
    answer = HttpResponse(content, content_type=FORMATS[fmt])
    if fmt != "html":
        answer["Content-Disposition"] = content_disposition_header(declared.download, filename(context, fmt))
    return answer
