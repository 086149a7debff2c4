from django.apps import AppConfig


class PriorityConfig(AppConfig):
    name = "radsmodell.priority"
    verbose_name = "Prioritering"
