from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "radsmodell.core"
    verbose_name = _("Felles")

    def ready(self):
        from . import site

        site.menu.register(site.MenuItem(_("Min side"), "my_page", "my_page", order=5, signed_in_only=True))
        site.menu.register(site.MenuItem(_("Endringslogg"), "history", "history", order=900, secretariat_only=True))
        site.menu.register(site.MenuItem(_("Brukere"), "users", "users", order=910, secretariat_only=True))
        site.menu.register(site.MenuItem(_("Koblinger"), "links", "links", order=905, secretariat_only=True))
        site.register_site_search(site.SiteSearch("search", _("Søk i registeret")))
        from . import history, models
        history.describe(models.Link, lambda row: f"{row.a_kind}:{row.a_ref} – {row.b_kind}:{row.b_ref}")
        history.describe(models.User, lambda row: f"{row.first_name} {row.last_name}".strip() or row.username)
        history.describe(models.ApiToken, lambda row: f"{row.name} ({row.prefix}…)")
        from django.contrib.auth.signals import user_logged_in

        from .users import update_last_login_unrecorded
        user_logged_in.disconnect(dispatch_uid="update_last_login")
        user_logged_in.connect(update_last_login_unrecorded, dispatch_uid="update_last_login")
        # Each app's hooks.py registers its menu items, home panel, documents, demo data and
        # change-log descriptions; core itself names no feature app.
        autodiscover_modules("hooks")
        from . import demo, demo_links
        demo.register(demo.DemoSet("links", demo_links.load_links, demo_links.links_loaded, after=("*",)))
