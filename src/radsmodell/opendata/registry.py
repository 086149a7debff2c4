"""The public registers as open data, as the apps declare them.

A dataset is a register's columns (core.exports.Column) and a function giving its rows of
public, published data only. This app serves every dataset at /data/<slug>.json, .csv (for
programs), -excel.csv (for people) and .xlsx, lists them at /data/ and describes them in a
DCAT-AP-NO catalogue that data.norge.no can harvest. Each app declares its datasets in its own
`datasets.py`, which this app imports at start-up (as the documents app imports `documents.py`).
"""
import re
from collections.abc import Callable
from dataclasses import dataclass

from radsmodell.core import exports
from radsmodell.core.exports import Column, DataTable

# EU vocabularies that DCAT-AP-NO uses for the update frequency.
FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
IRREGULAR, MONTHLY, QUARTERLY, ANNUAL = (FREQUENCY + name for name in ("IRREG", "MONTHLY", "QUARTERLY", "ANNUAL"))


@dataclass(frozen=True)
class Dataset:
    slug: str  # "moter": /data/moter.json
    title: str  # "Møter i rådsmodellen"
    description: str  # what a row is, where the data comes from, what is left out
    columns: list[Column]
    rows: Callable[[], list[list]]  # public, published rows only, in the order of `columns`
    page: str = ""  # URL name of the register's own page, which offers the same downloads
    frequency: str = IRREGULAR
    keywords: tuple[str, ...] = ()
    themes: tuple[str, ...] = ("HEAL",)  # EU data themes: health
    order: int = 100  # place in the list at /data/

    def table(self) -> DataTable:
        return DataTable(self.title, self.columns, self.rows())


_datasets: dict[str, Dataset] = {}


def register(dataset: Dataset) -> Dataset:
    # The slug is the files' name: /data/<slug>-excel.csv would be ambiguous with a slug ending in "-excel".
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", dataset.slug) or dataset.slug.endswith("-excel"):
        raise ValueError(f"{dataset.slug!r} cannot name a dataset's files")
    if dataset.slug in _datasets and _datasets[dataset.slug] != dataset:
        raise ValueError(f"two datasets are named {dataset.slug!r}")
    keys = [column.key for column in dataset.columns]
    if len(set(keys)) != len(keys):
        raise ValueError(f"{dataset.slug}: a column key is used twice")
    _datasets[dataset.slug] = dataset
    return dataset


def get(slug: str) -> Dataset:
    return _datasets[slug]


def page_downloads(slug: str) -> dict:
    """The context of core/_downloads.html for a register's page: the dataset's files and columns."""
    from django.urls import reverse

    return exports.downloads(lambda variant: reverse("opendata:file", kwargs={"slug": slug, "variant": variant}),
                             get(slug).columns)


def datasets() -> list[Dataset]:
    return sorted(_datasets.values(), key=lambda dataset: (dataset.order, dataset.slug))
