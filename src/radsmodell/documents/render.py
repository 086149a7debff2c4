"""Turn a document context (see context.py) into HTML, PDF or DOCX bytes.

Used by the web views and the `export` console command alike.
"""
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from radsmodell.costs.report import allocation_summary_context
from radsmodell.portfolio.report import portfolio_report_context
from radsmodell.strategy.cards import indicator_cards_context

from . import context as contexts
from . import word

FORMATS = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

# document -> (context builder, what it is about)
DOCUMENTS = {
    "notice": contexts.notice_context,
    "minutes": contexts.minutes_context,
    "memo": contexts.memo_context,
    "portfolio_report": portfolio_report_context,
    "allocation_summary": allocation_summary_context,
    "indicator_cards": indicator_cards_context,
}


# The documents are the council's Norwegian records, whatever language the reader's UI uses.
@translation.override("nb")
def build_context(document: str, subject, user) -> dict:
    """`subject` is the meeting (notice, minutes) or the case (memo); the caller checked visibility."""
    return DOCUMENTS[document](subject, user)


def html(context: dict, back_url: str = "", back_label: str = "") -> str:
    return render_to_string(
        f"documents/{context['document']}.html", {**context, "back_url": back_url, "back_label": back_label}
    )


def pdf(context: dict, base_url: str | None = None) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which pages that never print don't need.
    from weasyprint import HTML

    # PDF/UA-1 makes WeasyPrint tag the structure (headings, lists, table headers) for screen readers.
    return HTML(string=html(context), base_url=base_url or str(settings.PACKAGE_DIR)).write_pdf(
        pdf_variant="pdf/ua-1"
    )


@translation.override("nb")
def render(context: dict, fmt: str, *, back_url: str = "", back_label: str = "", base_url: str | None = None) -> bytes:
    if fmt == "html":
        return html(context, back_url, back_label).encode("utf-8")
    if fmt == "pdf":
        return pdf(context, base_url)
    if fmt == "docx":
        return word.build(html(context))  # no back link: the DOCX is the document only
    raise ValueError(f"unknown format {fmt!r}")


def filename(context: dict, fmt: str) -> str:
    return f"{context['file_stem']}.{fmt}"
