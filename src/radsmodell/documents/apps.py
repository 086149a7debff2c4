from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "radsmodell.documents"
    verbose_name = _("Dokumenter")

    def ready(self):
        # Each app declares its documents in its documents.py (see registry.py).
        autodiscover_modules("documents")
