"""GET /api/search: the search page's search for programs, with the same hits, facets and visibility
(a personal key or the session gives the user's roles, as on every operation)."""
from datetime import date
from typing import Annotated

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema

from .api import MAX_OFFSET, api_enum
from .roles import can_see_drafts
from .search import kinds, search
from .search_views import MAX_FILTER_LENGTH, MAX_FILTER_VALUES, MAX_QUERY_LENGTH, PER_PAGE
from .validation import text_problem, value_problem

router = Router(tags=["Søk"])

MAX_LIMIT = 100

# The kinds of the index as the apps registered them ("case", "action_item", …), named in the schema.
HitKind = api_enum("HitKind", [(kind.name, kind.name) for kind in kinds()])

FilterValue = Annotated[str, Field(max_length=MAX_FILTER_LENGTH)]


def _filter(description: str):
    """A facet parameter: repeated for several values (`?year=2024&year=2025`)."""
    return Query([], max_length=MAX_FILTER_VALUES, description=description)


# The facet parameters' declarations, made once (the signature reads them).
FILTERS = {
    "kind": _filter("What to find (repeat for several: `?kind=case&kind=commission`)"),
    "body": _filter("A body's slug (`nuit`)"),
    "year": _filter("A year (`2024`)"),
    "type": _filter("A case type as the facet names it (`drofting`)"),
    "outcome": _filter("decided, noted, postponed or pending"),
    "initiative": _filter("An initiative, as the `initiative` facet's values name it"),
    "solution": _filter("A national solution, as the `solution` facet's values name it"),
}


def _chosen(**facets: list) -> dict[str, list[str]]:
    """The facet filters as the engine takes them (AND across facets, OR within one), each value
    checked as every text input is (core/validation.py): a problem is 422 on its parameter."""
    chosen = {}
    for name, values in facets.items():
        texts = [value.value if isinstance(value, HitKind) else str(value) for value in values]
        if problem := value_problem(name, texts):
            raise ValidationError({name: [problem]})
        if texts:
            chosen[name] = list(dict.fromkeys(texts))
    return chosen


class SearchHitOut(Schema):
    kind: HitKind
    ref: str = Field(description="The object within its kind (its id)")
    title: str
    url: str = Field(description="The object's page, as an absolute path")
    date: date | None
    meta: str = Field(description="One line about the object: body, number, type, date")
    score: float = Field(description="Relevance; higher is better. Hits come best first, the newest first on ties")
    field: str = Field(description="The field the snippet comes from (`Vedtak`)")
    snippet: str = Field(description="HTML: the text around the match, escaped, the matched words in <mark>")


class FacetValueOut(Schema):
    value: str = Field(description="What to send as the facet's parameter to filter by it")
    label: str
    count: int = Field(description="Hits with this value, given the query and the other facets' filters")
    selected: bool


class FacetOut(Schema):
    name: str = Field(description="The parameter that filters by it: kind, body, year, type, outcome, initiative, "
                                  "solution")
    label: str
    values: list[FacetValueOut]


class SearchOut(Schema):
    query: str
    total: int = Field(description="How many hits there are in all")
    limit: int
    offset: int
    hits: list[SearchHitOut]
    facets: list[FacetOut]


@router.get("/search", response=SearchOut, summary="Full-text search with facets, as on the search page",
            description="Cases (title, memo, proposal, decision, input), action items, commissions and initiatives, "
                        "with Norwegian stemming, ranked by relevance. Facet parameters combine: AND across "
                        "facets, OR within one (`?body=nuit&body=nkt&year=2024`). The public finds what is "
                        "published; members and the secretariat also drafts. A query that cannot be read is 422 "
                        "on `q`.")
def search_register(
    request,
    q: str = Query("", max_length=MAX_QUERY_LENGTH,
                   description='Words (all must occur, in any inflected form), "a phrase" in quotes, `ordstart*` '
                               "for words that begin so. Empty: every document the filters allow."),
    kind: list[HitKind] = FILTERS["kind"],
    body: list[FilterValue] = FILTERS["body"],
    year: list[Annotated[int, Field(ge=1900, le=2100)]] = FILTERS["year"],
    type: list[FilterValue] = FILTERS["type"],
    outcome: list[FilterValue] = FILTERS["outcome"],
    initiative: list[FilterValue] = FILTERS["initiative"],
    solution: list[FilterValue] = FILTERS["solution"],
    limit: int = Query(PER_PAGE, ge=1, le=MAX_LIMIT, description="How many hits at most"),
    offset: int = Query(0, ge=0, le=MAX_OFFSET, description="How many hits to skip"),
):
    if problem := text_problem("q", q):
        raise ValidationError({"q": [problem]})
    filters = _chosen(kind=kind, body=body, year=year, type=type, outcome=outcome, initiative=initiative,
                      solution=solution)
    result = search(q, drafts=can_see_drafts(request.user), filters=filters, limit=limit, offset=offset)
    if result.error:
        raise ValidationError({"q": [result.error]})
    return {
        "query": result.query, "total": result.total, "limit": limit, "offset": offset,
        "hits": [{"kind": HitKind(hit.kind), "ref": hit.ref, "title": hit.title, "url": hit.url, "date": hit.date,
                  "meta": hit.meta, "score": hit.score, "field": hit.field, "snippet": str(hit.snippet or "")}
                 for hit in result.hits],
        "facets": [{"name": group.name, "label": str(group.label),
                    "values": [{"value": v.value, "label": str(v.label), "count": v.count, "selected": v.selected}
                               for v in group.values]}
                   for group in result.facets],
    }
