"""Strategy pages: the goal dashboard, goals, indicators, the roadmap. Public to read; the
secretariat adds observations, assessments and imports, and edits indicators and the roadmap."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext

from radsmodell.core import exports
from radsmodell.core.roles import public_page, secretariat_page, secretariat_writes
from radsmodell.opendata.registry import page_downloads

from . import datasets, engine, importing, selectors, services
from .forms import ActivityForm, AssessmentForm, ImportForm, IndicatorForm, ObservationForm, VersionForm
from .models import Activity, Goal, Indicator, RoadmapVersion
from .texts import RULE, STATUS_NAMES, UNCLEAR_AMBITION, initiative_summary, status_summary


@public_page
def dashboard(request):
    goals = list(selectors.goals_with_counts())
    counts = selectors.status_counts()
    serving = selectors.serving_initiatives(goals)
    for g in goals:
        g.initiative_summary = initiative_summary(selectors.rag_counts(serving.get(g.pk, [])))
    return render(request, "strategy/dashboard.html", {
        "strategy": selectors.strategy(), "nav": "strategy", "rule": RULE,
        "n_indicators": sum(counts.values()), "summary": status_summary(counts),
        "strategic": [g for g in goals if g.level == Goal.Level.STRATEGIC],
        "overarching": [g for g in goals if g.level == Goal.Level.OVERARCHING],
        "downloads": page_downloads("mal"),
    })


@public_page
def goal(request, slug):
    found = selectors.goal_detail(slug)
    if found is None:
        raise Http404
    version = selectors.latest_version()
    subgoals = list(found.subgoals.all())
    serving = selectors.add_details(selectors.serving_initiatives([found])[found.pk], request.user)
    return render(request, "strategy/goal.html", {
        "goal": found, "indicators": list(found.indicators.all()), "rule": RULE, "nav": "strategy",
        "serving": serving, "initiative_summary": initiative_summary(selectors.rag_counts(serving)),
        "subgoal_years": sorted({s.year for s in subgoals}, reverse=True), "subgoals": subgoals,
        "version": version, "activities": selectors.goal_activities(found, version),
    })


@public_page
def indicator_list(request):
    chosen = {key: request.GET.get(key, "") for key in ("goal", "readiness", "status")}
    return render(request, "strategy/indicators.html", {
        "indicators": selectors.indicators(**chosen), "chosen": chosen, "nav": "strategy",
        "goals": selectors.goals_with_counts(), "readiness_choices": Indicator.Readiness.choices,
        "status_choices": [(s.value, name) for s, name in STATUS_NAMES.items()],
        "downloads": page_downloads("indikatorer"),
        "observation_downloads": page_downloads("observasjoner"),
    })


@secretariat_writes
def indicator(request, slug):
    found = selectors.indicator_detail(slug)
    if found is None:
        raise Http404
    observation_form = ObservationForm(found, prefix="obs")
    assessment_form = AssessmentForm(prefix="ass")
    if request.method == "POST":
        if "obs-period" in request.POST:
            observation_form = ObservationForm(found, request.POST, prefix="obs")
            if observation_form.is_valid():
                services.save_observations([observation_form.row()])
                messages.success(request, gettext("Verdien er lagret."))
                return redirect(found.get_absolute_url())
        else:
            assessment_form = AssessmentForm(request.POST, prefix="ass")
            if assessment_form.is_valid():
                data = assessment_form.cleaned_data
                services.add_assessment(found, data["period"], data["text"], data["next_assessment"])
                messages.success(request, gettext("Vurderingen er lagret."))
                return redirect(found.get_absolute_url())
    series = selectors.indicator_series(found)
    columns, rows = selectors.series_table(series)
    chart = {"percent": found.is_percent, "periods": [engine.parse_period(p).label for p, _ in rows],
             "series": [{"name": label, "values": [None if v is None else float(v) for v in values]}
                        for label, values in zip(columns, zip(*[vals for _, vals in rows]))]}
    return render(request, "strategy/indicator.html", {
        "indicator": found, "series": series, "columns": columns, "rows": rows, "chart": chart,
        "activities": selectors.linked_activities(found), "rule": RULE, "nav": "strategy",
        "unclear_ambition": UNCLEAR_AMBITION,
        "observation_form": observation_form, "assessment_form": assessment_form,
        "data_downloads": exports.downloads(
            lambda variant: reverse("strategy:indicator_data", args=[found.slug, exports.SUFFIXES[variant]]),
            datasets.OBSERVATION_COLUMNS),
    }, status=400 if observation_form.errors or assessment_form.errors else 200)


@public_page
def indicator_data(request, slug, suffix):
    """The indicator's values as "-excel.csv", ".csv", ".xlsx" or ".json": the rows of the open-data
    dataset "observasjoner" (datasets.py) that belong to this indicator, with the same columns."""
    found = get_object_or_404(Indicator, slug=slug)
    return exports.response(_observations(found), exports.variant_of(suffix), found.slug)


def _observations(indicator: Indicator) -> exports.DataTable:
    column = [c.key for c in datasets.OBSERVATION_COLUMNS].index("indicator")
    return exports.DataTable(indicator.name, datasets.OBSERVATION_COLUMNS,
                             [row for row in datasets.observation_rows() if row[column] == indicator.slug])


@secretariat_page
def import_observations(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = importing.import_observations(upload.read(), upload.name)
        if result.errors:
            errors = result.errors
        else:
            messages.success(request, gettext("Lagret: %(created)s nye og %(updated)s oppdaterte verdier.")
                             % {"created": result.created, "updated": result.updated})
            return redirect("strategy:import")
    status = 413 if form.has_error("file", "too_large") else 400 if errors or form.errors else 200
    return render(request, "strategy/import.html", {"form": form, "errors": errors, "nav": "strategy"},
                  status=status)


@public_page
def roadmap(request):
    versions = list(RoadmapVersion.objects.all())
    if not versions:
        raise Http404
    version = next((v for v in versions if v.key == request.GET.get("versjon")), versions[-1])
    activities = list(selectors.roadmap_activities(version))
    names = {a.key: a.name for a in activities}
    return render(request, "strategy/roadmap.html", {
        "versions": versions, "version": version, "activities": activities, "nav": "strategy",
        "changes": [(c, names.get(c.activity_key, str(c.goal or ""))) for c in version.changes.select_related("goal")],
        "downloads": page_downloads("veikart"),
    })


@public_page
def roadmap_compare(request):
    versions = list(RoadmapVersion.objects.all())
    by_key = {v.key: v for v in versions}
    before, after = by_key.get(request.GET.get("a")), by_key.get(request.GET.get("b"))
    if before is None and after is None and len(versions) >= 2:
        before, after = versions[-2], versions[-1]
    return render(request, "strategy/roadmap_compare.html", {
        "versions": versions, "before": before, "after": after, "nav": "strategy",
        "differences": selectors.compare_versions(before, after) if before and after else None,
    })


@secretariat_page
def indicator_edit(request, slug=None):
    """Describe an indicator and set its ambitions; a new one when there is no slug."""
    indicator = get_object_or_404(Indicator, slug=slug) if slug else Indicator()
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, gettext("Indikatoren er lagret."))
        return redirect(saved)
    return render(request, "strategy/indicator_form.html", {"form": form, "indicator": indicator, "nav": "strategy"},
                  status=400 if form.errors else 200)


@secretariat_page
def roadmap_version_create(request):
    form = VersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.new_roadmap_version(**form.cleaned_data)
        except ValidationError as error:
            form.apply_error(error)
        else:
            messages.success(request, gettext("Ny versjon er laget som en kopi av den forrige. Endringer du gjør nå, "
                                              "føres i endringsloggen."))
            return redirect(f"{reverse('strategy:roadmap')}?versjon={version.key}")
    return render(request, "strategy/version_form.html", {"form": form, "nav": "strategy"},
                  status=400 if form.errors else 200)


@secretariat_page
def activity_edit(request, key=None):
    """Add or change an activity in the newest version of the roadmap; older versions stay as they were."""
    version = selectors.latest_version()
    if version is None:
        raise Http404
    activity = get_object_or_404(Activity, version=version, key=key) if key else Activity(version=version)
    form = ActivityForm(request.POST or None, instance=activity, version=version)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext("Aktiviteten er lagret."))
        return redirect(f"{reverse('strategy:roadmap')}?versjon={version.key}")
    return render(request, "strategy/activity_form.html", {"form": form, "activity": activity, "version": version,
                                                           "nav": "strategy"}, status=400 if form.errors else 200)
