from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "radsmodell.strategy"
    verbose_name = "Strategi"
