"""What cost distribution contributes to the shared parts of the site (see core/site.py)."""
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from radsmodell.core import demo, history, links, site, timeline

from .builtin import BUILTIN_MODELS
from .demo import load as demo_data
from .models import Allocation, CostBase, GateRequirement, InvestmentCase, PayingOrganisation, PaymentGate
from .timeline import cost_events

site.menu.register(site.MenuItem(_("Kostnader"), "costs:overview", "costs", order=60))

demo.register(demo.DemoSet("costs", demo_data.load_demo, demo_data.demo_loaded, after=("portfolio",)))


# How the change log names the cost registers' objects (from the history rows; see core/history.py).
def _solution_name(row) -> str:
    return row.solution.name if row.solution else "–"


history.describe(CostBase, lambda row: f"{_solution_name(row)} {row.year}", related=("solution",))
history.describe(PayingOrganisation, lambda row: f"{row.name} ({row.org_number}), {row.year}")
history.describe(PaymentGate, lambda row: row.service)
history.describe(GateRequirement, lambda row: gettext("%(service)s: krav %(number)s") % {
    "service": row.gate.service if row.gate else "–", "number": row.number}, related=("gate",))
history.describe(InvestmentCase, lambda row: row.name)
history.describe(Allocation, lambda row: row.label or f"{row.model_name} {row.year}")


# The kinds of object the connected record links to (see core/links.py). The built-in price models
# are files: their slug is both the key and the stored reference. Gates and investment cases are
# found by slug and stored by primary key, so a changed slug keeps its links. All are public pages.
def _show_price_models(refs: list[str]) -> dict[str, links.Linked]:
    return {ref: links.Linked("price_model", ref, BUILTIN_MODELS[ref].name, reverse("costs:price_model", args=[ref]))
            for ref in refs if ref in BUILTIN_MODELS}


def _show_gates(refs: list[str]) -> dict[str, links.Linked]:
    return {str(pk): links.Linked("gate", slug, service, reverse("costs:gate", args=[slug]))
            for pk, slug, service in PaymentGate.objects.filter(pk__in=links.pks(refs))
            .values_list("pk", "slug", "service")}


def _show_investments(refs: list[str]) -> dict[str, links.Linked]:
    return {str(pk): links.Linked("investment", slug, name, reverse("costs:investment", args=[slug]))
            for pk, slug, name in InvestmentCase.objects.filter(pk__in=links.pks(refs))
            .values_list("pk", "slug", "name")}


links.register_kind(links.LinkKind("price_model", _("Prismodeller"), 70,
                                   find=lambda key: key if key in BUILTIN_MODELS else None, show=_show_price_models))
links.register_kind(links.LinkKind("gate", _("Plikt til betaling"), 80, find=links.find_by_slug(PaymentGate),
                                   show=_show_gates, model=PaymentGate))
links.register_kind(links.LinkKind("investment", _("Investeringssaker"), 90, find=links.find_by_slug(InvestmentCase),
                                   show=_show_investments, model=InvestmentCase))


# A national solution's page (portfolio's) shows what the solution costs: see solution_panel.py.
from . import solution_panel  # noqa: E402  (appended here: other apps' lines are appended to hooks files too)

site.object_panels.register(site.ObjectPanel("solution", "costs/_solution_panel.html", solution_panel.context,
                                             order=50))


# An initiative's history shows its gate's steps, its investments and linked price models (core/timeline.py).
timeline.register("initiative", cost_events)
