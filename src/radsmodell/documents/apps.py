from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "radsmodell.documents"
    verbose_name = "Dokumenter"
