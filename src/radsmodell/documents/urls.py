from django.urls import path

from . import registry, views

app_name = "documents"

# One URL per registered document, <route>.<fmt>, named after the document (documents:notice).
# The apps' documents.py modules are imported at start-up, before the URLs are read.
urlpatterns = [
    path(f"{declared.route}.<str:fmt>", views.document, {"document": declared.name}, name=declared.name)
    for declared in registry.documents()
]
