"""Query counts that do not grow with the data: a page is read with a few rows and with many,
and must run the same number of queries both times."""
from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return len(queries)


def assert_queries_constant(client, url: str, add_rows: Callable[[int], None], few: int = 10,
                            many: int = 200) -> int:
    """`add_rows(n)` adds n more rows of what the page lists; returns the number of queries.

    The page is read once after each change first, so caches that fill on the first request
    (sessions, content types, the search's facet labels, which a write forgets) do not count."""
    add_rows(few)
    client.get(url)
    with_few = count_queries(client, url)
    add_rows(many - few)
    client.get(url)
    with_many = count_queries(client, url)
    assert with_few == with_many, f"{url}: {with_few} queries with {few} rows, {with_many} with {many}"
    return with_many
