from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CostsConfig(AppConfig):
    name = "radsmodell.costs"
    verbose_name = _("Kostnadsfordeling")
