from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "radsmodell.portfolio"
    verbose_name = _("Nasjonal e-helseportefølje")
