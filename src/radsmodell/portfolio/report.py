"""The portfolio report of a status round: what the documents app renders as HTML, PDF and DOCX."""
import json
from html import escape

from django.db.models import Count
from django.utils import translation

from radsmodell.core.formatting import long_date

from . import graph, selectors
from .models import EpjVendor, Initiative, NationalSolution, Round, StatusReport

STATED_LABELS = {"total": "Prosjekter og programmer", "active": "Aktive", "new": "Nye", "completed": "Ferdigstilte",
                 "paused": "På pause", "red": "Rød status", "amber": "Gul status", "green": "Grønn status"}
BAR_COLOURS = {"Rød": "#c0392b", "Gul": "#e0a800", "Grønn": "#2e7d32"}
OTHER_BAR_COLOUR = "#1f5fa8"
STATUS_CHART_DESCRIPTION = "Godkjente statusrapporter etter samlet status. Tallene står i tabellen under."


def bar_chart_svg(rows: list[tuple[str, int]], title: str) -> str:
    """A small horizontal bar chart as SVG (no script, so the PDF can hold it); the table beside it has the same."""
    if not rows:
        return ""
    top = max(n for _, n in rows) or 1
    height = 24 * len(rows) + 10
    bars = []
    for index, (label, n) in enumerate(rows):
        y = 5 + index * 24
        width = 260 * n / top
        colour = BAR_COLOURS.get(label, OTHER_BAR_COLOUR)
        bars.append(f'<text x="0" y="{y + 14}" font-size="10">{escape(label)}</text>'
                    f'<rect x="110" y="{y}" width="{width:.1f}" height="18" fill="{colour}"/>'
                    f'<text x="{115 + width:.1f}" y="{y + 14}" font-size="10">{n}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="420" height="{height}" role="img" '
            f'aria-label="{escape(title)}"><title>{escape(title)}</title>{"".join(bars)}</svg>')


def bar_chart_docx(rows: list[tuple[str, int]], description: str) -> str:
    """The same bars for the template's data-docx-chart attribute, from which the DOCX draws a picture."""
    bars = [[label, n, BAR_COLOURS.get(label, OTHER_BAR_COLOUR)] for label, n in rows]
    return json.dumps({"kind": "bar", "rows": bars, "description": description}, ensure_ascii=False)


def _labelled_counts(counts: dict[str, int], labels: dict) -> list[tuple[str, int]]:
    return [(str(labels.get(k, "Ikke oppgitt")), n) for k, n in sorted(counts.items(), key=lambda kv: -kv[1])]


@translation.override("nb")
def portfolio_report_context(round_: Round, user=None) -> dict:
    summary = selectors.round_summary(round_)
    accepted = round_.reports.filter(state=StatusReport.State.ACCEPTED).select_related("initiative")
    status_rows = _labelled_counts(summary.by_status, {**dict(StatusReport.Rag.choices), "none": "Uten farge"})
    on_solutions = {i.slug: set(i.national_solutions.values_list("slug", flat=True)) for i in Initiative.objects.all()}
    between = {i.slug: set(i.depends_on.values_list("slug", flat=True)) for i in Initiative.objects.all()}
    counts = graph.dependants_count(on_solutions)
    solutions = sorted(((s.name, counts.get(s.slug, 0)) for s in NationalSolution.objects.all()), key=lambda r: -r[1])
    vendors = EpjVendor.objects.annotate(count=Count("initiatives")).filter(count__gt=0).order_by("-count", "name")
    return {
        "document": "portfolio_report",
        "file_stem": f"porteforljerapport-{round_.slug}",
        "doc_title": f"Porteføljerapport – {round_.name}",
        "heading": f"Porteføljerapport: {round_.name}",
        "header": [{"label": label, "value": value} for label, value in (
            ("Runde", round_.name), ("Rapporteringsfrist", long_date(round_.cut_off)),
            ("Status", round_.get_status_display()), ("Kilde", round_.source)) if value],
        "stated": [(STATED_LABELS.get(k, k), v) for k, v in round_.stated.items()],
        "status_rows": status_rows,
        "status_chart": bar_chart_svg(status_rows, "Godkjente statusrapporter etter samlet status"),
        "status_chart_docx": bar_chart_docx(status_rows, STATUS_CHART_DESCRIPTION),
        "breakdowns": [
            ("Livsløp", _labelled_counts(summary.by_lifecycle, dict(Initiative.Lifecycle.choices))),
            ("Segment", _labelled_counts(summary.by_segment, dict(Initiative.Segment.choices))),
            ("Eiertype", _labelled_counts(summary.by_owner_type, dict(Initiative.OwnerType.choices))),
        ],
        "red_amber": [{"name": r.initiative.name, "status": r.get_overall_display(), "text": r.text}
                      for r in accepted if r.overall in ("red", "amber")],
        "solutions": [row for row in solutions if row[1]][:8],
        "vendors": [(v.name, v.count) for v in vendors],
        "cycles": [" → ".join(c) for c in graph.cycles(between)],
        "themes": list(round_.themes),
    }
