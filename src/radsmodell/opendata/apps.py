from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    name = "radsmodell.opendata"
    verbose_name = _("Åpne data")

    def ready(self):
        # Each app declares its public registers in its datasets.py (see registry.py).
        autodiscover_modules("datasets")
