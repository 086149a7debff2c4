"""Long lists a page at a time: ?side=N, and the page links keep the list's other filters
(core/_pages.html draws them)."""
from django.core.paginator import Paginator

PER_PAGE = 50


def paginate(request, rows, per_page: int = PER_PAGE) -> dict:
    """`page` (one page of `rows`) and `page_query` (the rest of the query, for the links)."""
    query = request.GET.copy()
    query.pop("side", None)
    return {"page": Paginator(rows, per_page).get_page(request.GET.get("side")),
            "page_query": query.urlencode() + "&" if query else ""}
