"""Public pages of the portfolio: the initiative overview, one page per initiative, the rounds."""
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import Initiative, Round, StatusReport

STATED_LABELS = {
    "total": _("Prosjekter og programmer"), "active": _("Aktive"), "new": _("Nye"), "completed": _("Ferdigstilte"),
    "paused": _("På pause"), "red": _("Rød status"), "amber": _("Gul status"), "green": _("Grønn status"),
}
GOALS = {1: _("Aktiv medvirkning i egen og næres helse"), 2: _("Enklere arbeidshverdag"),
         3: _("Helsedata til fornying og forbedring"), 4: _("Tilgjengelig informasjon og styrket samhandling"),
         5: _("Samarbeid og virkemidler som styrker gjennomføringskraft")}


def _stated_rows(stated: dict) -> list[tuple[str, int]]:
    return [(STATED_LABELS.get(key, key), value) for key, value in stated.items()]


def overview(request):
    filters = selectors.Filters.from_query(request.GET)
    return render(request, "portfolio/overview.html", {
        "initiatives": selectors.initiatives(filters), "filters": filters,
        "segments": Initiative.Segment.choices, "owner_types": Initiative.OwnerType.choices,
        "statuses": StatusReport.Rag.choices, "solutions": selectors.solutions(), "goals": GOALS.items(),
        "nav": "portfolio",
    })


def initiative_detail(request, slug):
    initiative = selectors.initiative_detail(slug)
    if initiative is None:
        raise Http404("Fant ikke tiltaket")
    return render(request, "portfolio/initiative.html", {
        "initiative": initiative, "goal_names": [(g, GOALS.get(g, "")) for g in initiative.goals],
        "nav": "portfolio",
    })


def rounds(request):
    return render(request, "portfolio/rounds.html", {"rounds": Round.objects.all(), "nav": "portfolio"})


def round_detail(request, slug):
    round_ = get_object_or_404(Round, slug=slug)
    summary = selectors.round_summary(round_)
    return render(request, "portfolio/round.html", {
        "summary": summary, "stated": _stated_rows(summary.stated), "nav": "portfolio",
        "status_labels": dict(StatusReport.Rag.choices),
        "reports": round_.reports.filter(state=StatusReport.State.ACCEPTED).select_related("initiative"),
    })


def round_compare(request):
    rounds_ = list(Round.objects.all())
    by_slug = {r.slug: r for r in rounds_}
    first, second = by_slug.get(request.GET.get("a")), by_slug.get(request.GET.get("b"))
    if first is None or second is None:
        # By default the two latest rounds, older first.
        first, second = (rounds_[1], rounds_[0]) if len(rounds_) > 1 else (None, None)
    rows = []
    if first and second:
        for key in dict.fromkeys([*first.stated, *second.stated]):
            a, b = first.stated.get(key), second.stated.get(key)
            rows.append({"label": STATED_LABELS.get(key, key), "a": a, "b": b,
                         "change": b - a if a is not None and b is not None else None})
    return render(request, "portfolio/compare.html", {
        "rounds": rounds_, "first": first, "second": second, "rows": rows, "nav": "portfolio"})
