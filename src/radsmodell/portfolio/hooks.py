"""What the portfolio contributes to the shared parts of the site (see core/site.py)."""
from django.utils.translation import gettext_lazy as _

from radsmodell.core import demo, history, site

from .demo import load as demo_data
from .models import Benefit, EpjVendor, Initiative, NationalSolution, Round, StatusReport

site.menu.register(site.MenuItem(_("Portefølje"), "portfolio:overview", "portfolio", order=40))


def _load_demo() -> dict[str, int]:
    counts = demo_data.load_demo()
    demo_data.create_demo_owner()
    return counts


username, password, owner = demo_data.DEMO_OWNER
demo.register(demo.DemoSet(
    "portfolio", _load_demo, demo_data.demo_loaded,
    logins=(demo.Login(username, password, f"rapporterer status for {owner}"),),
))


# How the change log names the portfolio's objects (from the history rows; see core/history.py).
def _name(row) -> str:
    """"PLL – Pasientens legemiddelliste", or the name alone when there is no short name."""
    if row is None:
        return "–"
    return f"{row.short_name} – {row.name}" if row.short_name else row.name


def _short(initiative) -> str:
    return "–" if initiative is None else initiative.short_name or initiative.name


history.describe(Initiative, _name)
history.describe(NationalSolution, _name)
history.describe(EpjVendor, lambda row: row.name)
history.describe(Round, lambda row: row.name)
history.describe(StatusReport, lambda row: f"{_short(row.initiative)}, {row.round.name if row.round else '–'}",
                 related=("initiative", "round"))
history.describe(Benefit, lambda row: f"{_short(row.initiative)}: {row.type.name if row.type else '–'}",
                 related=("initiative", "type"))
