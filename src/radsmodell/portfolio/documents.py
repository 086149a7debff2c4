"""The portfolio's document: the portfolio report of a status round, as the documents app
renders it (HTML, PDF and DOCX from one context)."""
from collections import Counter

from django.shortcuts import get_object_or_404
from django.utils import translation

from radsmodell.core.formatting import long_date
from radsmodell.core.provenance import cite
from radsmodell.documents.charts import bar_chart_for_word, bar_chart_svg
from radsmodell.documents.registry import Console, Document, SubjectNotFound, register

from . import graph, selectors
from .models import EpjVendor, Initiative, NationalSolution, Round, StatusReport

STATED_LABELS = {"total": "Prosjekter og programmer", "active": "Aktive", "new": "Nye", "completed": "Ferdigstilte",
                 "paused": "På pause", "red": "Rød status", "amber": "Gul status", "green": "Grønn status"}
BAR_COLOURS = {"Rød": "#c0392b", "Gul": "#e0a800", "Grønn": "#2e7d32"}  # others: the chart's own colour
STATUS_CHART_DESCRIPTION = "Godkjente statusrapporter etter samlet status. Tallene står i tabellen under."


def _labelled_counts(counts: dict[str, int], labels: dict) -> list[tuple[str, int]]:
    return [(str(labels.get(k, "Ikke oppgitt")), n) for k, n in sorted(counts.items(), key=lambda kv: -kv[1])]


def _with_assumption(value: str, reason: str) -> str:
    """A value the demo data infers, marked as in the pages: "Avsluttet (antatt: …)"."""
    return f"{value} (antatt: {reason})" if reason else value


@translation.override("nb")
def portfolio_report_context(round_: Round, user=None) -> dict:
    summary = selectors.round_summary(round_)
    accepted = round_.reports.filter(state=StatusReport.State.ACCEPTED).select_related("initiative")
    status_rows = _labelled_counts(summary.by_status, {**dict(StatusReport.Rag.choices), "none": "Uten farge"})
    status_bars = [(label, n, BAR_COLOURS.get(label, "")) for label, n in status_rows]
    dependencies = selectors.round_dependencies(round_)  # a closed round: as it closed
    counts = graph.dependants_count(dependencies.solutions)
    solutions = sorted(((s.name, counts.get(s.slug, 0)) for s in NationalSolution.objects.all()), key=lambda r: -r[1])
    on_vendor = Counter(vendor for slugs in dependencies.vendors.values() for vendor in slugs)
    vendors = sorted(((v.name, on_vendor[v.slug]) for v in EpjVendor.objects.all() if on_vendor[v.slug]),
                     key=lambda row: (-row[1], row[0]))
    return {
        "document": "portfolio_report",
        "file_stem": f"portefoljerapport-{round_.slug}",
        "doc_title": f"Porteføljerapport – {round_.name}",
        "running_header": f"Porteføljerapport – {round_.name}",
        "doc_author": "Helsedirektoratet, sekretariatet for Nasjonalt porteføljeråd",
        "draft": round_.status == Round.Status.OPEN,  # reports may still come in
        "heading": f"Porteføljerapport: {round_.name}",
        "header": [{"label": label, "value": value} for label, value in (
            ("Runde", round_.name), ("Rapporteringsfrist", long_date(round_.cut_off)),
            ("Status", _with_assumption(round_.get_status_display(), round_.assumption)),
            ("Kilde", cite(round_.source))) if value],
        "stated": [(STATED_LABELS.get(k, k), v) for k, v in round_.stated.items()],
        "status_rows": status_rows,
        "status_chart": bar_chart_svg(status_bars, "Godkjente statusrapporter etter samlet status"),
        "status_chart_docx": bar_chart_for_word(status_bars, STATUS_CHART_DESCRIPTION),
        "breakdowns": [
            ("Livsløp", _labelled_counts(summary.by_lifecycle, dict(Initiative.Lifecycle.choices))),
            ("Segment", _labelled_counts(summary.by_segment, dict(Initiative.Segment.choices))),
            ("Eiertype", _labelled_counts(summary.by_owner_type, dict(Initiative.OwnerType.choices))),
        ],
        "red_amber": [{"name": r.initiative.name, "status": _with_assumption(r.get_overall_display(), r.assumption),
                       "text": r.text, "source": cite(r.source)}
                      for r in accepted if r.overall in ("red", "amber")],
        "solutions": [row for row in solutions if row[1]][:8],
        "vendors": vendors,
        "cycles": [" → ".join(c) for c in graph.cycles(dependencies.initiatives)],
        "themes": list(round_.themes),
    }


def _round_of_request(request, slug: str) -> Round:
    return get_object_or_404(Round, slug=slug)  # the report holds public data only


def find_round(key: str) -> Round:
    found = Round.objects.filter(slug=key).first()
    if found is None:
        known = ", ".join(Round.objects.order_by("slug").values_list("slug", flat=True))
        raise SubjectNotFound(f"ukjent runde «{key}» (kjente: {known or 'ingen'}).")
    return found


register(Document(
    "portfolio_report", "portfolio/documents/report.html", portfolio_report_context,
    "portefolje/runder/<slug:slug>/rapport", _round_of_request,
    back=lambda round_: (round_.get_absolute_url(), "Til runden"),
    console=Console("--round", "statusrunden, for eksempel 2024-04", find_round),
))
