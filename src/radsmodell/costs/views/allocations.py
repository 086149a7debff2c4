"""Registers, price models, allocations and comparisons. Reading is public (the split is a
public decision); registering, importing and running allocations is for the secretariat."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from radsmodell.core import exports
from radsmodell.core.pagination import paginate
from radsmodell.core.roles import public_page, secretariat_page, secretariat_writes
from radsmodell.opendata.registry import page_downloads
from radsmodell.portfolio.forms import NationalSolutionForm
from radsmodell.portfolio.models import NationalSolution

from .. import engine, services
from ..builtin import BUILTIN_MODELS
from ..forms import AllocationForm, CostBaseForm, OrganisationImportForm, ScenarioForm
from ..lines import LINE_COLUMNS, lines_table
from ..models import SEGMENT_CHOICES, Allocation, CostBase, PayingOrganisation

LINES_PER_PAGE = 200


@public_page
def overview(request):
    years = PayingOrganisation.objects.values("year").annotate(n=Count("id")).order_by("-year")
    return render(request, "costs/overview.html", {
        "models": BUILTIN_MODELS.values(), "years": years, "nav": "costs",
        "allocations": Allocation.objects.select_related("solution")[:10],
        "cost_bases": CostBase.objects.select_related("solution").order_by("-year", "solution__name")[:12],
    })


@secretariat_writes
def solutions(request):
    """National solutions with their cost base per year; the secretariat records a cost base."""
    solution_list = NationalSolution.objects.select_related("included_in").prefetch_related("cost_bases").order_by(
        "name")
    posted = request.POST if request.method == "POST" else None
    form = CostBaseForm(posted if posted and "amount" in posted else None, solutions=solution_list)
    solution_form = NationalSolutionForm(posted if posted and "amount" not in posted else None, prefix="solution")
    if request.method == "POST":
        if solution_form.is_bound and solution_form.is_valid():
            solution = solution_form.save()
            messages.success(request, gettext("«%(name)s» er lagt til i registeret.") % {"name": solution.name})
            return redirect("costs:solutions")
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            services.record_cost_base(solution_list.get(slug=data["solution"]), data["year"], data["amount"],
                                      data["source"])
            messages.success(request, gettext("Kostnadsgrunnlaget er lagret."))
            return redirect("costs:solutions")
    return render(request, "costs/solutions.html", {"solutions": solution_list, "form": form, "nav": "costs",
                                                    "solution_form": solution_form},
                  status=400 if form.errors or solution_form.errors else 200)


@public_page
def organisations(request):
    years = list(PayingOrganisation.objects.values_list("year", flat=True).distinct().order_by("-year"))
    year = _int(request.GET.get("year")) or (years[0] if years else None)
    segment, query = request.GET.get("segment", ""), request.GET.get("q", "").strip()
    rows = PayingOrganisation.objects.filter(year=year).order_by("segment", "name")
    if segment:
        rows = rows.filter(segment=segment)
    if query:
        rows = rows.filter(Q(name__icontains=query) | Q(org_number__startswith=query))
    counts = dict(PayingOrganisation.objects.filter(year=year).order_by().values_list("segment")
                  .annotate(n=Count("id")))
    return render(request, "costs/organisations.html", {
        "years": years, "year": year, "segment": segment, "q": query, "nav": "costs",
        **paginate(request, rows, LINES_PER_PAGE),
        "segments": [(key, label, counts.get(key, 0)) for key, label in SEGMENT_CHOICES],
        "downloads": page_downloads("organisasjoner"),
    })


@secretariat_page
def import_organisations(request):
    form = OrganisationImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        found, errors = services.read_organisation_file(upload.read(), upload.name)
        if not errors:
            count = services.replace_register(form.cleaned_data["year"], found)
            messages.success(request, ngettext("Registeret for %(year)s har nå %(count)s virksomhet.",
                                               "Registeret for %(year)s har nå %(count)s virksomheter.", count)
                             % {"year": form.cleaned_data["year"], "count": count})
            return redirect(f"{reverse('costs:organisations')}?year={form.cleaned_data['year']}")
    status = 413 if form.has_error("file", "too_large") else 400 if errors or form.errors else 200
    return render(request, "costs/import.html", {"form": form, "errors": errors, "nav": "costs"}, status=status)


@public_page
def price_models(request):
    return render(request, "costs/price_models.html", {"models": BUILTIN_MODELS.values(), "nav": "costs",
                                                       "downloads": page_downloads("prismodeller")})


@public_page
def price_model(request, slug):
    model = BUILTIN_MODELS.get(slug)
    if model is None:
        raise Http404
    return render(request, "costs/price_model.html", {
        "model": model, "parameters": model.parameters(), "nav": "costs",
        "assumptions": sum(1 for p in model.parameters() if p.assumption),
        "solution": services.solution_of(slug),
    })


@secretariat_page
def allocation_create(request):
    form = AllocationForm(request.POST or None, initial={"model": "helsenettet-2025", "year": 2025})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cost = services.cost_for(data["model"], data["year"], data["cost"])
            stored = services.allocate(data["model"], data["year"], cost, data["legal_basis_private"],
                                       request.user, data["label"])
        except ValidationError as error:
            form.apply_error(error)
        else:
            messages.success(request, gettext("Fordelingen er kjørt."))
            return redirect(stored)
    return render(request, "costs/allocation_form.html", {"form": form, "nav": "costs"},
                  status=400 if form.errors else 200)


@public_page
def allocation_detail(request, pk):
    allocation = get_object_or_404(Allocation.objects.select_related("solution", "created_by"), pk=pk)
    lines = allocation.lines.order_by("segment", "name")
    segment, query = request.GET.get("segment", ""), request.GET.get("q", "").strip()
    if segment:
        lines = lines.filter(segment=segment)
    if query:
        lines = lines.filter(Q(name__icontains=query) | Q(org_number__startswith=query))
    categories = (allocation.lines.filter(charged=True).values("segment", "category")
                  .annotate(n=Count("id"), total=Sum("yearly_ore")).order_by("segment", "category"))
    return render(request, "costs/allocation.html", {
        "allocation": allocation, **paginate(request, lines, LINES_PER_PAGE),
        "line_downloads": exports.downloads(
            lambda variant: reverse("costs:allocation_lines", args=[allocation.pk, exports.SUFFIXES[variant]]),
            LINE_COLUMNS),
        "categories": categories, "segment": segment, "q": query, "nav": "costs",
        "total": allocation.lines.aggregate(total=Sum("yearly_ore"))["total"] or 0,
    })


@public_page
def allocation_lines(request, pk, suffix):
    """The invoice lines as a download: "-excel.csv", ".xlsx", ".csv" or ".json" (lines.LINE_COLUMNS)."""
    allocation = get_object_or_404(Allocation, pk=pk)
    table = lines_table(allocation.lines.order_by("segment", "org_number"))
    return exports.response(table, exports.variant_of(suffix),
                            f"fordeling-{allocation.pk}-{allocation.model_slug}-{allocation.year}")


@public_page
def allocation_compare(request):
    """Two scenarios side by side (two models, or one model in two years), computed from the registers."""
    defaults = {"a-model": "helsenettet-2024", "a-year": 2024, "b-model": "helsenettet-2025", "b-year": 2025}
    data = request.GET if "a-model" in request.GET else defaults
    forms = {side: ScenarioForm(data, prefix=side) for side in ("a", "b")}
    comparison = thresholds_b = None
    if all(f.is_valid() for f in forms.values()):
        runs = {side: _scenario(form) for side, form in forms.items()}
        if all(runs.values()):
            comparison = engine.compare(runs["a"], runs["b"])
            thresholds_b = engine.threshold_report(runs["b"])
    lines = sorted(comparison.lines, key=lambda line: (-abs(line.difference_ore), line.name)) if comparison else []
    return render(request, "costs/compare.html", {
        "forms": forms, "comparison": comparison, "lines": lines[:LINES_PER_PAGE],
        "more": max(0, len(lines) - LINES_PER_PAGE), "thresholds": thresholds_b, "nav": "costs",
    }, status=400 if any(f.errors for f in forms.values()) else 200)


@public_page
def thresholds(request, pk):
    """Organisations of a stored allocation's year within 10 % of a category limit (recomputed from the register)."""
    allocation = get_object_or_404(Allocation, pk=pk)
    try:
        result = services.run(allocation.model_slug, allocation.year, allocation.cost_ore,
                              allocation.legal_basis_private)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(allocation)
    stored = dict(allocation.lines.values_list("org_number", "yearly_ore"))
    return render(request, "costs/thresholds.html", {
        "allocation": allocation, "cases": engine.threshold_report(result), "nav": "costs",
        "register_changed": stored != result.by_org_number()})


def _scenario(form) -> engine.Allocation | None:
    data = form.cleaned_data
    try:
        cost = services.cost_for(data["model"], data["year"], data["cost"])
        model = form.variant(services.price_model(data["model"]))
        return services.run(data["model"], data["year"], cost, data["legal_basis_private"], model)
    except ValidationError as error:
        form.apply_error(error)
        return None


def _int(text) -> int | None:
    try:
        return int(text)
    except (TypeError, ValueError):
        return None
