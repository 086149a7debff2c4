"""The search page (/sok/): one search over the register — cases, action items, commissions and
initiatives (core/search) — with facets that narrow it, a page of hits at a time.

The page works as a plain GET form: the query, the chosen facet values (AND across groups, OR
within one) and the page number are all in the address, so a search can be bookmarked and shared.
What each app adds to its own hits (a case's outcome) and below them (the register's files) comes
through core/site.py, as everywhere else: core names no feature app.
"""
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import site
from .roles import can_see_drafts, public_page
from .search import search
from .validation import text_problem

PER_PAGE = 25
# The facets a search can be narrowed by, as the address names them (?body=nuit&year=2024).
FACETS = ("kind", "body", "year", "type", "outcome", "initiative", "solution")
MAX_QUERY_LENGTH = 500
MAX_FILTER_VALUES = 50  # per facet: far more than the page offers, few enough to stay cheap
MAX_FILTER_LENGTH = 100
FACET_VALUES_SHOWN = 8


@dataclass
class SearchRequest:
    """What a reader asked for, checked: the query, the filters by facet, and what was wrong with them."""
    query: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def asked(self) -> bool:
        return bool(self.query or self.filters)


def read_request(query: str, values_of) -> SearchRequest:
    """The query and the filters (`values_of(name)` gives the values sent for a facet), with a
    problem for each that cannot be used; what cannot be used is left out, never fatal."""
    asked = SearchRequest(query=" ".join(query.split()))
    if problem := text_problem(_("Søkeord"), asked.query):
        asked.problems.append(problem)
        asked.query = ""
    elif len(asked.query) > MAX_QUERY_LENGTH:
        asked.problems.append(_("Søket er for langt: høyst %(max)s tegn.") % {"max": MAX_QUERY_LENGTH})
        asked.query = ""
    for name in FACETS:
        values = list(dict.fromkeys(v.strip() for v in values_of(name) if v and v.strip()))
        kept = [v for v in values[:MAX_FILTER_VALUES]
                if len(v) <= MAX_FILTER_LENGTH and not text_problem(name, v)]
        if len(kept) < len(values):
            asked.problems.append(_("Noen av verdiene for «%(facet)s» kunne ikke brukes og er utelatt.") % {
                "facet": name})
        if kept:
            asked.filters[name] = kept
    return asked


class _OnePage:
    """The hits of one page standing in for the whole result, so that Django's Paginator can draw
    the links between the pages: it knows the total, and the engine has already cut the page."""

    def __init__(self, total: int, hits: list):
        self.total, self.hits = total, hits

    def count(self) -> int:
        return self.total

    def __getitem__(self, window):
        return self.hits


def _page_number(value) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def _without(params: QueryDict, name: str, value: str | None = None) -> str:
    """The address's query with one filter value (or all of a facet, or the page number) taken out."""
    kept = params.copy()
    kept.pop("side", None)
    if value is None:
        kept.pop(name, None)
    else:
        kept.setlist(name, [v for v in kept.getlist(name) if v != value])
    return kept.urlencode()


def _chosen(params: QueryDict, asked: SearchRequest, groups) -> list[dict]:
    """The chosen filter values, each with its labels and the address that removes it; a value the
    result does not count (nothing matches it now) still shows, so that it can be removed."""
    labels = {group.name: (group.label, {v.value: v.label for v in group.values}) for group in groups}
    chosen = []
    for name, values in asked.filters.items():
        group_label, value_labels = labels.get(name, (name, {}))
        for value in values:
            chosen.append({"group": group_label, "label": value_labels.get(value, value),
                           "remove": _without(params, name, value)})
    return chosen


def _facet_group(group) -> dict:
    """A facet group as the sidebar shows it: the most common values and the chosen ones at once,
    the rest behind "Vis alle" (a long list of initiatives would push the other groups away)."""
    numbered = list(enumerate(group.values, start=1))  # the number makes each checkbox's id
    first = [(n, value) for n, value in numbered if n <= FACET_VALUES_SHOWN or value.selected]
    return {"name": group.name, "label": group.label, "values": first,
            "more": [(n, value) for n, value in numbered if n > FACET_VALUES_SHOWN and not value.selected]}


def _hit_details(request, hits) -> list[dict]:
    """Each hit with what its app adds to it (site.search_hit_details), read once per kind for the page."""
    rows = [{"hit": hit, "details": []} for hit in hits]
    for detail in site.search_hit_details:
        refs = [row["hit"].ref for row in rows if row["hit"].kind == detail.kind]
        if not refs:
            continue
        contexts = detail.context(request, refs)
        for row in rows:
            if row["hit"].kind == detail.kind and row["hit"].ref in contexts:
                row["details"].append({"template": detail.template, "context": contexts[row["hit"].ref]})
    return rows


@public_page
def search_page(request):
    asked = read_request(request.GET.get("q", ""), request.GET.getlist)
    number = _page_number(request.GET.get("side"))
    context = {"search_query": asked.query, "asked": asked,
               "panels": [{"template": panel.template, **panel.context(request)} for panel in site.search_panels]}
    if asked.asked:
        drafts = can_see_drafts(request.user)
        result = search(asked.query, drafts=drafts, filters=asked.filters, limit=PER_PAGE,
                        offset=(number - 1) * PER_PAGE)
        last = max(1, -(-result.total // PER_PAGE))
        if number > last:  # past the end (an old link): the last page, as the other lists do
            number = last
            result = search(asked.query, drafts=drafts, filters=asked.filters, limit=PER_PAGE,
                            offset=(number - 1) * PER_PAGE)
        page = Paginator(_OnePage(result.total, result.hits), PER_PAGE).page(number)
        rest = _without(request.GET, "side")
        context.update({
            "result": result, "page": page, "page_query": rest + "&" if rest else "",
            "rows": _hit_details(request, result.hits),
            "facet_groups": [_facet_group(group) for group in result.facets if group.values],
            "chosen": _chosen(request.GET, asked, result.facets),
            "clear_filters": _only_query(asked.query),
        })
    return render(request, "core/search.html", context)


def _only_query(query: str) -> str:
    """The address's query without any filter: "q=…", or nothing."""
    only = QueryDict(mutable=True)
    if query:
        only["q"] = query
    return only.urlencode()
