"""The links of any object: GET /api/links?object=initiative:pll (what the reader may see), and the
shapes other apps use for links and an object's history (core/timeline.py) in their own answers."""
from datetime import date

from django.core.exceptions import ValidationError
from ninja import Router, Schema
from ninja.errors import HttpError

from . import links
from .provenance import cite

router = Router(tags=["Koblinger"])


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
def list_links(request, object: str):
    try:
        kind, ref = links.parse(object)
    except ValidationError as error:
        raise HttpError(404, " ".join(error.messages)) from None
    return links.as_api(links.links_of(kind, ref, request.user))
