from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_builtin_models(**kwargs):
    from .services import ensure_builtin_models

    ensure_builtin_models()


class PriorityConfig(AppConfig):
    name = "radsmodell.priority"
    verbose_name = _("Prioritering")

    def ready(self):
        # Every database has the built-in models, as the code defines them, after `migrate`.
        post_migrate.connect(_ensure_builtin_models, sender=self)
