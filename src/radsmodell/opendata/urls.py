from django.urls import path, register_converter

from radsmodell.core.exports import SUFFIXES

from . import views

app_name = "opendata"


class DatasetSlug:
    # As short as it can be, so that "moter-excel.csv" is the dataset "moter" as CSV for Excel.
    regex = r"[a-z0-9][a-z0-9_-]*?"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class FileVariant:
    """A file's suffix in the address, the variant (core.exports) in the view: "-excel.csv" ↔ "excel.csv"."""
    regex = "|".join(suffix.replace(".", r"\.") for suffix in sorted(SUFFIXES.values(), key=len, reverse=True))

    def to_python(self, value: str) -> str:
        return {suffix: variant for variant, suffix in SUFFIXES.items()}[value]

    def to_url(self, value: str) -> str:
        return SUFFIXES[value]


register_converter(DatasetSlug, "dataset_slug")
register_converter(FileVariant, "dataset_file")

urlpatterns = [
    path("data/", views.index, name="index"),
    path("data/katalog.jsonld", views.catalogue_jsonld, name="catalogue_jsonld"),
    path("data/katalog.ttl", views.catalogue_turtle, name="catalogue_turtle"),
    path("data/<dataset_slug:slug><dataset_file:variant>", views.dataset_file, name="file"),
    path("data/<dataset_slug:slug>", views.dataset, name="dataset"),
]
