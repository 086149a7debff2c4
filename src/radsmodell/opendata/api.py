"""JSON API of the open data: the datasets with their columns and files, and each one's rows."""
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from radsmodell.core import exports
from radsmodell.core.api import Rows, api_enum, paginated

from . import catalogue, registry

router = Router(tags=["Åpne data"])

ColumnKind = api_enum("ColumnKind", [(kind, kind.upper()) for kind in (
    exports.TEXT, exports.INTEGER, exports.DECIMAL, exports.MONEY, exports.PERCENT, exports.BOOLEAN, exports.DATE)])


class ColumnOut(Schema):
    key: str = Field(description="The key in the rows (JSON, CSV for programs)")
    label: str = Field(description="The Norwegian heading in the files for people (CSV for Excel, XLSX)")
    kind: ColumnKind
    description: str


class FileOut(Schema):
    variant: str = Field(description="excel.csv, xlsx, csv or json")
    label: str
    media_type: str
    url: str


class DatasetOut(Schema):
    slug: str
    title: str
    description: str
    frequency: str = Field(description="How often it changes: an address in the EU frequency vocabulary")
    columns: list[ColumnOut]
    files: list[FileOut]


def _dataset(request, dataset: registry.Dataset) -> dict:
    return {
        "slug": dataset.slug, "title": str(dataset.title), "description": str(dataset.description),
        "frequency": dataset.frequency,
        "columns": [{"key": c.key, "label": str(c.label), "kind": ColumnKind.of(c.kind),
                     "description": str(c.description)} for c in dataset.columns],
        "files": [{"variant": variant, "label": label, "media_type": catalogue.media_type(variant),
                   "url": catalogue.file_url(request, dataset, variant)}
                  for variant, label in exports.variant_labels().items()],
    }


@router.get("/datasets", response=list[DatasetOut], summary="The open datasets, their columns and files")
@paginated
def list_datasets(request):
    return Rows(registry.datasets(), lambda dataset: _dataset(request, dataset))


@router.get("/datasets/{slug}", response=list[dict[str, Any]],
            summary="A dataset's rows, as in its JSON file: one object per row, keyed by the columns' keys")
@paginated
def list_dataset_rows(request, slug: str):
    try:
        dataset = registry.get(slug)
    except KeyError:
        raise HttpError(404, _("Fant ikke datasettet «%(slug)s».") % {"slug": slug}) from None
    return exports.json_records(dataset.table())
