"""The open data on the web: the list of datasets at /data/, each dataset's files, and the catalogue."""
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from radsmodell.core import exports
from radsmodell.core.roles import public_page

from . import catalogue, registry

# Anyone's program may read open data, from any page (the files hold only what the public sees).
OPEN_TO_ALL = {"Access-Control-Allow-Origin": "*"}


def _found(slug: str) -> registry.Dataset:
    try:
        return registry.get(slug)
    except KeyError:
        raise Http404(_("Fant ikke datasettet «%(slug)s».") % {"slug": slug}) from None


@public_page
def index(request):
    words = catalogue.frequency_words()
    datasets = [{
        "dataset": dataset,
        "frequency": words.get(dataset.frequency, dataset.frequency.rsplit("/", 1)[-1]),
        "downloads": registry.page_downloads(dataset.slug),
        "page": _page(dataset),
    } for dataset in registry.datasets()]
    return render(request, "opendata/index.html", {
        "datasets": datasets, "licence": catalogue.LICENCE, "licence_name": catalogue.LICENCE_NAME,
        "publisher": catalogue.PUBLISHER_NAME, "contact_email": catalogue.CONTACT_EMAIL})


def _page(dataset: registry.Dataset) -> str:
    try:
        return reverse(dataset.page) if dataset.page else ""
    except NoReverseMatch:  # a page that needs arguments: the list names no single page for it
        return ""


@public_page
def dataset_file(request, slug: str, variant: str):
    answer = exports.response(_found(slug).table(), variant, slug)
    for name, value in OPEN_TO_ALL.items():
        answer[name] = value
    return answer


@public_page
def dataset(request, slug: str):
    """The dataset's address in the catalogue, which a browser follows to its place on the list (303:
    the address names the dataset, the page describes it)."""
    _found(slug)
    answer = redirect(reverse("opendata:index") + "#" + slug)
    answer.status_code = 303
    return answer


@public_page
def catalogue_jsonld(request):
    return _catalogue(catalogue.jsonld(catalogue.graph(request)), "application/ld+json")


@public_page
def catalogue_turtle(request):
    return _catalogue(catalogue.turtle(catalogue.graph(request)), "text/turtle; charset=utf-8")


def _catalogue(content: bytes, media_type: str) -> HttpResponse:
    return HttpResponse(content, content_type=media_type, headers=OPEN_TO_ALL)
