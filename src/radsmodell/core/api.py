"""What every router of the API shares, and core's own router.

- Lists come a page at a time: `@paginated` under the route, and the view returns `Rows` (a queryset
  is sliced in the database, and only the page's rows are converted) or a plain list; the answer is
  `{"count": N, "items": […]}` with `?limit=` (default 100, at most 1000) and `?offset=`.
- Status-like values have an English enum in the schema (`api_enum`), whatever the database keeps.
- A time of day on a date goes out as a moment with its offset in Norway's time (`local_moment`).
- The one error shape (`ErrorOut`), produced by radsmodell/api.py.

Core's router: GET /api/links?object=initiative:pll (what the reader may see), and the shapes other
apps use for links and an object's history (core/timeline.py) in their own answers.
"""
from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PaginationBase, paginate

from . import links
from .provenance import cite

router = Router(tags=["Koblinger"])


# --- errors ------------------------------------------------------------------------------------

class FieldErrorOut(Schema):
    field: str = Field(description="Where: a parameter or a body field, nested as `a.b` (`presenters.0.name`); "
                                   "empty when the error concerns the request as a whole")
    message: str


class ErrorOut(Schema):
    """Every error answer of the API, in the request's language (Accept-Language: nb or en)."""
    detail: str
    errors: list[FieldErrorOut] = Field(description="One per invalid field (422); empty for other errors")


# --- pagination --------------------------------------------------------------------------------

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
MAX_OFFSET = 1_000_000_000  # far beyond any register, and within every database's integer


class Rows:
    """A list endpoint's answer before it is paged: `rows` (a queryset, sliced in the database, or a
    list) and how the rows of one page become the API's items: `each` row by row, or `page` for the
    whole page at once (when the page's rows need one more query between them)."""

    def __init__(self, rows, each: Callable | None = None, *, page: Callable[[list], list] | None = None):
        self.rows, self.each, self.page = rows, each, page

    def count(self) -> int:
        return self.rows.count() if isinstance(self.rows, QuerySet) else len(self.rows)

    def slice(self, offset: int, limit: int) -> list:
        chunk = list(self.rows[offset:offset + limit])
        if self.page is not None:
            return self.page(chunk)
        return [self.each(row) for row in chunk] if self.each is not None else chunk


class PageIn(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="How many items at most")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip")


class Page(PaginationBase):
    Input = PageIn

    class Output(Schema):
        count: int = Field(description="How many items there are in all")
        items: list[Any]

    def paginate_queryset(self, queryset, pagination: PageIn, request, **params) -> dict:
        rows = queryset if isinstance(queryset, Rows) else Rows(queryset)
        return {"count": rows.count(), "items": rows.slice(pagination.offset, pagination.limit)}


def paginated(view):
    """Under the route: the view returns the whole list (`Rows`, a queryset or a list), the answer is one page."""
    return paginate(Page)(view)


# --- enums and times ---------------------------------------------------------------------------

class ApiEnum(StrEnum):
    """An enum of the API (English values) over values stored otherwise: `of()` from the database,
    `.db` back to it."""

    @classmethod
    def of(cls, stored: str | None):
        """The API's value of a stored one; None for blank."""
        return cls._from_db[stored] if stored else None

    @property
    def db(self) -> str:
        return type(self)._to_db[self]


def api_enum(name: str, choices: Iterable, **values: str) -> type[ApiEnum]:
    """The API's enum `name` (its name in the schema) for a model's choices or any Enum: each member's
    English name in lower case (CaseType.DISCUSSION, stored "drofting" → "discussion"), unless
    `values` names it (RHF="rhf"). `choices` may also be pairs (stored value, English name)."""
    pairs = [(m.value, m.name) if hasattr(m, "name") else m for m in choices]
    enum = ApiEnum(name, [(english, values.get(english, english.lower())) for _stored, english in pairs])
    enum._from_db = {stored: enum[english] for stored, english in pairs}
    enum._to_db = {enum[english]: stored for stored, english in pairs}
    return enum


def english_keys(enum: type[ApiEnum], counts: dict[str, int]) -> dict[str, int]:
    """Counts by stored value as counts by the API's value; a key the enum does not know ("none",
    "unknown") stays as it is."""
    return {(enum.of(key) if key in enum._from_db else key): n for key, n in counts.items()}


def local_moment(day: date | None, at: time | None) -> datetime | None:
    """A time of day on a date as the moment it is in Norway's time, with its offset:
    2024-05-15 and 10:00 → 2024-05-15T10:00:00+02:00."""
    if day is None or at is None:
        return None
    return timezone.make_aware(datetime.combine(day, at), timezone.get_default_timezone())


# --- core's own shapes and router --------------------------------------------------------------

class LinkOut(Schema):
    kind: str
    key: str
    title: str
    url: str
    date: date | None
    source: str
    assumption: str


class EventOut(Schema):
    date: date
    label: str  # "Sak", "Statusrapport", "Scoring", …
    title: str
    url: str
    detail: str
    source: str  # the public reference (core/provenance.py)
    assumption: str


def events_as_api(events) -> list[dict]:
    return [{"date": e.day, "label": e.label, "title": e.title, "url": e.url, "detail": e.detail,
             "source": cite(e.source), "assumption": e.assumption} for e in events]


@router.get("/links", response=list[LinkOut], summary="The objects linked to one object",
            description="`object` is a kind and a key, e.g. `initiative:pll`, `case:nuit/2024/17`, `goal:mal-2`.")
@paginated
def list_links(request, object: str):
    try:
        kind, ref = links.parse(object)
    except ValidationError as error:
        raise HttpError(404, " ".join(error.messages)) from None
    return links.as_api(links.links_of(kind, ref, request.user))
