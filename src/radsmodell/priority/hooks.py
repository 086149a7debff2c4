"""What prioritisation contributes to the shared parts of the site (see core/site.py)."""
from django.utils.translation import gettext_lazy as _

from radsmodell.core import demo, site

from . import demo as demo_data

site.menu.register(site.MenuItem(_("Prioritering"), "priority:sessions", "priority", order=70))

demo.register(demo.DemoSet("priority", demo_data.load_demo, demo_data.demo_loaded, after=("council", "portfolio")))
