"""What cost distribution contributes to the shared parts of the site (see core/site.py)."""
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from radsmodell.core import demo, history, site

from .demo import load as demo_data
from .models import CostBase, GateRequirement, InvestmentCase, PayingOrganisation, PaymentGate

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
