"""Pages of the portfolio: the public overview, one page per initiative, the rounds; the secretariat's
register pages and the owners' status reports. Who may use each page is declared on it (core/roles.py)."""
import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from radsmodell.core import confirm, links
from radsmodell.core.frozen import Frozen
from radsmodell.core.roles import (
    Role,
    access,
    is_secretariat,
    public_page,
    secretariat_action,
    secretariat_page,
    secretariat_writes,
)
from radsmodell.opendata.registry import page_downloads

from . import graph, selectors, services
from .forms import BenefitForm, EpjVendorForm, InitiativeForm, OwnerAccountForm, ReportForm, ReturnForm, RoundForm
from .models import Benefit, BenefitType, EpjVendor, Initiative, OwnerAccount, Round, StatusReport

STATED_LABELS = {
    "total": _("Prosjekter og programmer"), "active": _("Aktive"), "new": _("Nye"), "completed": _("Ferdigstilte"),
    "paused": _("På pause"), "red": _("Rød status"), "amber": _("Gul status"), "green": _("Grønn status"),
}
GOALS = {1: _("Aktiv medvirkning i egen og næres helse"), 2: _("Enklere arbeidshverdag"),
         3: _("Helsedata til fornying og forbedring"), 4: _("Tilgjengelig informasjon og styrket samhandling"),
         5: _("Samarbeid og virkemidler som styrker gjennomføringskraft")}


def _stated_rows(stated: dict) -> list[tuple[str, int]]:
    return [(STATED_LABELS.get(key, key), value) for key, value in stated.items()]


@public_page
def overview(request):
    filters = selectors.Filters.from_query(request.GET)
    return render(request, "portfolio/overview.html", {
        "initiatives": selectors.initiatives(filters), "filters": filters,
        "segments": Initiative.Segment.choices, "owner_types": Initiative.OwnerType.choices,
        "statuses": StatusReport.Rag.choices, "solutions": selectors.solutions(), "goals": GOALS.items(),
        "nav": "portfolio", "downloads": page_downloads("tiltak"),
    })


CASE_NUMBER = re.compile(r"\bsak\s+(\d{1,3})\s*/\s*(\d{4}|\d{2})\b", re.IGNORECASE)  # "sak 21/24" in a source


def case_of(source: str, cases: list[links.Linked]) -> links.Linked | None:
    """The linked case a mention's source names ("seed 000, sak 21/24 (toppnotat)" → the case whose key
    ends with "/2024/21"), or None. When cases of several bodies share the number, the one whose body
    the source names; when that does not settle it, none."""
    for number, year in CASE_NUMBER.findall(source or ""):
        ending = f"/{year if len(year) == 4 else '20' + year}/{int(number)}"
        found = [case for case in cases if case.key.endswith(ending)]
        if len(found) > 1:
            found = [case for case in found if case.key.split("/")[0].lower() in source.lower()]
        if len(found) == 1:
            return found[0]
    return None


def _initiative_page(request, initiative: Initiative, benefit_form) -> dict:
    """The initiative's page; each mention with the case it comes from when the initiative is linked to it."""
    mentions = list(initiative.mentions.all())
    cases = [shown.other for shown in links.links_of_object(initiative, request.user)
             if shown.other.kind == "case"] if mentions else []
    return {
        "initiative": initiative, "goal_names": [(g, GOALS.get(g, "")) for g in initiative.goals],
        "mentions": [(mention, case_of(mention.source, cases)) for mention in mentions],
        "benefit_form": benefit_form, "nav": "portfolio",
    }


@public_page
def initiative_detail(request, slug):
    initiative = selectors.initiative_detail(slug)
    if initiative is None:
        raise Http404(gettext("Fant ikke tiltaket"))
    return render(request, "portfolio/initiative.html", _initiative_page(
        request, initiative, BenefitForm(prefix="benefit") if is_secretariat(request.user) else None))


@secretariat_action
def initiative_benefit(request, slug):
    initiative = selectors.initiative_detail(slug)
    if initiative is None:
        raise Http404
    form = BenefitForm(request.POST, prefix="benefit", instance=Benefit(initiative=initiative))
    if form.is_valid():
        form.save()
        messages.success(request, gettext("Gevinsten er registrert."))
        return redirect(initiative)
    return render(request, "portfolio/initiative.html", _initiative_page(request, initiative, form), status=400)


@public_page
def rounds(request):
    return render(request, "portfolio/rounds.html", {
        "rounds": Round.objects.all(), "nav": "portfolio",
        "round_form": RoundForm() if is_secretariat(request.user) else None})


@public_page
def round_detail(request, slug):
    round_ = get_object_or_404(Round, slug=slug)
    return render(request, "portfolio/round.html", _round_page(request, round_))


@public_page
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
        "rounds": rounds_, "first": first, "second": second, "rows": rows, "nav": "portfolio",
        "changes": selectors.round_changes(first, second) if first and second else None})


@public_page
def dependencies(request):
    """Who depends on whom: counts per national solution, chains and cycles, as tables and a graph."""
    initiatives = list(Initiative.objects.prefetch_related("depends_on", "national_solutions", "epj_vendors"))
    names = {i.slug: i.short_name or i.name for i in initiatives}
    between = {i.slug: {d.slug for d in i.depends_on.all()} for i in initiatives}
    on_solutions = {i.slug: {s.slug for s in i.national_solutions.all()} for i in initiatives}
    solutions = selectors.solutions_used(on_solutions)
    on_vendors = {i.slug: {v.slug for v in i.epj_vendors.all()} for i in initiatives}
    vendor_counts = graph.dependants_count(on_vendors)
    vendors = [(v, vendor_counts.get(v.slug, 0)) for v in EpjVendor.objects.all()]
    vendors.sort(key=lambda pair: (-pair[1], pair[0].name))
    depended_on = {target for targets in between.values() for target in targets}
    chart = {
        "categories": [_("Tiltak i porteføljen"), _("Nasjonal e-helseløsning"), _("EPJ-leverandør")],
        "nodes": [{"id": f"i:{i.slug}", "name": names[i.slug], "category": 0} for i in initiatives
                  if between[i.slug] or on_solutions[i.slug] or on_vendors[i.slug] or i.slug in depended_on]
        + [{"id": f"s:{s.slug}", "name": str(s), "category": 1} for s, count in solutions if count]
        + [{"id": f"v:{v.slug}", "name": str(v), "category": 2} for v, count in vendors if count],
        "links": [{"source": f"i:{a}", "target": f"i:{b}"} for a, targets in between.items() for b in targets]
        + [{"source": f"i:{a}", "target": f"s:{b}"} for a, targets in on_solutions.items() for b in targets]
        + [{"source": f"i:{a}", "target": f"v:{b}"} for a, targets in on_vendors.items() for b in targets],
    }
    return render(request, "portfolio/dependencies.html", {
        "solutions": solutions, "vendors": vendors,
        "pairs": [(names[a], names[b]) for a, targets in sorted(between.items()) for b in sorted(targets)],
        "chains": [[names[n] for n in chain] for chain in graph.chains(between)],
        "cycles": [[names[n] for n in cycle] for cycle in graph.cycles(between)],
        "chart": chart, "nav": "portfolio",
    })


@public_page
def solutions(request):
    """Every national solution with how many initiatives depend on it."""
    return render(request, "portfolio/solutions.html", {"solutions": selectors.solutions_used(), "nav": "portfolio"})


@public_page
def solution_detail(request, slug):
    """One national solution: what it is part of, the initiatives that depend on it with their latest
    accepted status; then what other apps add (costs) and the linked cases and indicators."""
    solution = selectors.solution_detail(slug)
    if solution is None:
        raise Http404(gettext("Fant ikke løsningen"))
    return render(request, "portfolio/solution.html", {
        "solution": solution, "initiatives": selectors.initiatives(selectors.Filters(solution=slug)),
        "nav": "portfolio"})


@public_page
def benefits_matrix(request):
    """Initiative × benefit type: which benefits each initiative states, and who realises them."""
    types = list(BenefitType.objects.all())
    rows: dict[int, dict] = {}
    for benefit in Benefit.objects.select_related("initiative", "type"):
        row = rows.setdefault(benefit.initiative_id, {"initiative": benefit.initiative, "cells": {}})
        row["cells"].setdefault(benefit.type_id, []).append(benefit)
    table = [{"initiative": r["initiative"], "cells": [r["cells"].get(t.pk, []) for t in types]}
             for r in sorted(rows.values(), key=lambda r: r["initiative"].name)]
    return render(request, "portfolio/benefits.html", {"types": types, "rows": table, "nav": "portfolio"})


# --- Status rounds: owners report, the secretariat accepts, returns and closes ------------------

def _round_page(request, round_, **overrides):
    summary = selectors.round_summary(round_)
    labels = {**dict(StatusReport.Rag.choices), **dict(Initiative.Lifecycle.choices),
              **dict(Initiative.Segment.choices), **dict(Initiative.OwnerType.choices),
              "none": _("Uten farge"), "unknown": _("Ikke oppgitt")}
    context = {
        "breakdowns": [(title, [(labels.get(k, k), n) for k, n in counts.items()]) for title, counts in (
            (_("Status"), summary.by_status), (_("Livsløp"), summary.by_lifecycle),
            (_("Segment"), summary.by_segment), (_("Eiertype"), summary.by_owner_type)) if counts],
        "summary": summary, "stated": _stated_rows(summary.stated), "nav": "portfolio",
        "reports": round_.reports.filter(state=StatusReport.State.ACCEPTED).select_related("initiative"),
        "is_owner": bool(services.owners_of(request.user)),
        "overview": services.report_overview(round_) if is_secretariat(request.user) else [],
        "return_form": ReturnForm(),
    }
    context.update(overrides)
    return context


@secretariat_action
def round_create(request):
    form = RoundForm(request.POST)
    if form.is_valid():
        try:
            created = services.open_round(form.cleaned_data["name"], form.cleaned_data["cut_off"])
        except ValidationError as error:
            form.apply_error(error)
        else:
            messages.success(request, gettext("Statusrunden er åpnet for rapportering."))
            return redirect(created)
    return render(request, "portfolio/rounds.html", {"rounds": Round.objects.all(), "round_form": form,
                                                     "nav": "portfolio"}, status=400)


# A reporter is any signed-in user; which initiatives are theirs is the object rule `services.can_report`.
@access(read=Role.SIGNED_IN, scope="own initiatives")
def my_reports(request, slug):
    """The initiatives the user reports for in the round (the page itself only lists them)."""
    round_ = get_object_or_404(Round, slug=slug)
    reports = {r.initiative_id: r for r in round_.reports.all()}
    rows = [{"initiative": i, "report": reports.get(i.pk)} for i in services.initiatives_to_report(request.user)]
    return render(request, "portfolio/my_reports.html", {"round": round_, "rows": rows, "nav": "portfolio"})


@access(read=Role.SIGNED_IN, write=Role.SIGNED_IN, scope="own initiatives")
def report_edit(request, slug, initiative_slug):
    round_ = get_object_or_404(Round, slug=slug)
    initiative = get_object_or_404(Initiative, slug=initiative_slug)
    if not services.can_report(request.user, initiative):  # the "own initiatives" of the declaration
        raise PermissionDenied(gettext("Du rapporterer bare for egne tiltak."))
    report = StatusReport.objects.filter(round=round_, initiative=initiative).first()
    form = ReportForm.for_report(report)
    editable = round_.status == Round.Status.OPEN and (
        report is None or report.state in services.EDITABLE_BY_OWNER or is_secretariat(request.user))
    if request.method == "POST":
        form = ReportForm(request.POST)
        try:
            services.ensure_round_open(round_)  # a closed round refuses whatever was sent, valid or not
            if form.is_valid():
                submit = request.POST.get("action") == "submit"
                services.save_report(round_, initiative, request.user, form.cleaned_data, form.risks(), submit)
                messages.success(request, gettext("Rapporten er levert.") if submit else gettext("Utkastet er lagret."))
                return redirect("portfolio:my_reports", round_.slug)
        except ValidationError as error:
            if isinstance(error, Frozen) or not editable:
                # The page shows no form to put the reason on: it is said above the report instead.
                messages.error(request, " ".join(error.messages))
                return redirect(request.path)
            form.apply_error(error)
    return render(request, "portfolio/report_form.html", {
        "round": round_, "initiative": initiative, "report": report, "form": form, "editable": editable,
        "nav": "portfolio"}, status=400 if form.errors else 200)


@secretariat_action
def report_decide(request, report_id, decision):
    report = get_object_or_404(StatusReport.objects.select_related("round", "initiative"), pk=report_id)
    try:
        if decision == "godkjenn":
            services.accept_report(report)
            messages.success(request, gettext("Rapporten er godkjent."))
        elif decision == "tilbake":
            services.return_report(report, request.POST.get("reason", ""))
            messages.success(request, gettext("Rapporten er sendt tilbake til tiltakseieren."))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(report.round)


@secretariat_action
def round_close(request, slug):
    round_ = get_object_or_404(Round, slug=slug)
    question = gettext("Avslutte og låse runden? Rapportene kan ikke endres etterpå.")
    if (asked := confirm.ask(request, question, action=gettext("Avslutt og lås runden"),
                             back=round_.get_absolute_url())) is not None:
        return asked
    try:
        services.close_round(round_)
        messages.success(request, gettext("Runden er avsluttet og låst."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(round_)


@secretariat_page
def initiative_edit(request, slug=None):
    """Register or change an initiative; the form's model validation guards every field."""
    instance = get_object_or_404(Initiative, slug=slug) if slug else None
    form = InitiativeForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
        messages.success(request, gettext("Tiltaket er lagret."))
        return redirect(saved)
    return render(request, "portfolio/initiative_form.html", {"form": form, "initiative": instance, "nav": "portfolio"},
                  status=400 if form.errors else 200)


@secretariat_page
def owner_accounts(request):
    """Who reports status for which initiative owner."""
    refused = False
    if "remove" in request.POST:
        form = OwnerAccountForm()
        try:
            services.remove_owner_account(request.POST["remove"])
        except ValidationError as error:  # a stale page or a tampered form: said, with the list as it is
            messages.error(request, " ".join(error.messages))
            refused = True
        else:
            messages.success(request, gettext("Rapportøren er fjernet."))
            return redirect("portfolio:owner_accounts")
    else:
        form = OwnerAccountForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.add_owner_account(form.cleaned_data["user"], form.cleaned_data["owner"])
            except ValidationError as error:
                form.apply_error(error)
            else:
                messages.success(request, gettext("Rapportøren er lagt til."))
                return redirect("portfolio:owner_accounts")
    return render(request, "portfolio/owner_accounts.html", {
        "accounts": OwnerAccount.objects.select_related("user").order_by("owner", "user__username"),
        "form": form, "nav": "portfolio"}, status=400 if refused or form.errors else 200)


@secretariat_writes
def epj_vendors(request):
    """The register of EPJ vendors initiatives depend on (the secretariat adds to it)."""
    form = EpjVendorForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            vendor = form.save()
            messages.success(request, gettext("EPJ-leverandøren «%(name)s» er registrert.") % {"name": vendor.name})
            return redirect("portfolio:epj_vendors")
    vendors = EpjVendor.objects.annotate(count=Count("initiatives")).prefetch_related("initiatives")
    return render(request, "portfolio/epj_vendors.html", {"vendors": vendors, "form": form, "nav": "portfolio"},
                  status=400 if form.errors else 200)
