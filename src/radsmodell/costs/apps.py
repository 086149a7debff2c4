from django.apps import AppConfig


class CostsConfig(AppConfig):
    name = "radsmodell.costs"
    verbose_name = "Kostnadsfordeling"
