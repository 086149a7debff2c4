from django.apps import AppConfig


class CouncilConfig(AppConfig):
    name = "radsmodell.council"
    verbose_name = "Rådsmodellen"
