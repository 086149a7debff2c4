"""What strategy realisation contributes to the shared parts of the site (see core/site.py)."""
from django.utils.translation import gettext_lazy as _

from radsmodell.core import demo, site

from .demo import load as demo_data

site.menu.register(site.MenuItem(_("Strategi"), "strategy:dashboard", "strategy", order=50))

demo.register(demo.DemoSet("strategy", demo_data.load_demo, demo_data.demo_loaded, after=("portfolio",)))
