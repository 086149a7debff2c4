from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "radsmodell.portfolio"
    verbose_name = "Nasjonal e-helseportefølje"
