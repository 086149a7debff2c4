"""The links of any object: GET /api/links?object=initiative:pll (what the reader may see)."""
from datetime import date

from django.core.exceptions import ValidationError
from ninja import Router, Schema
from ninja.errors import HttpError

from . import links

router = Router(tags=["Koblinger"])


class LinkOut(Schema):
    kind: str
    key: str
    title: str
    url: str
    date: date | None
    source: str
    assumption: str


@router.get("/links", response=list[LinkOut], summary="The objects linked to one object",
            description="`object` is a kind and a key, e.g. `initiative:pll`, `case:nuit/2024/17`, `goal:mal-2`.")
def list_links(request, object: str):
    try:
        kind, ref = links.parse(object)
    except ValidationError as error:
        raise HttpError(404, " ".join(error.messages)) from None
    return links.as_api(links.links_of(kind, ref, request.user))
