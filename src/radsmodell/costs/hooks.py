"""What cost distribution contributes to the shared parts of the site (see core/site.py)."""
from django.utils.translation import gettext_lazy as _

from radsmodell.core import demo, site

from .demo import load as demo_data

site.menu.register(site.MenuItem(_("Kostnader"), "costs:overview", "costs", order=60))

demo.register(demo.DemoSet("costs", demo_data.load_demo, demo_data.demo_loaded, after=("portfolio",)))
