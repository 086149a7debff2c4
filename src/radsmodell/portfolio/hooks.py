"""What the portfolio contributes to the shared parts of the site (see core/site.py)."""
from django.utils.translation import gettext_lazy as _

from radsmodell.core import demo, site

from .demo import load as demo_data

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
