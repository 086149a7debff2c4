from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "radsmodell.core"
    verbose_name = "Felles"
