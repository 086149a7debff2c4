"""The demo links: what the seeds connect across the apps (demo_links.yaml beside this module).

Loaded after every other demo set, since it links their objects. Each link is made through
links.add_link, so the demo obeys the same rules as the secretariat's page; an end naming an
unknown kind or object, a link without a source or an assumption, and a link written twice stop
the load with the file and the path of the field. A link another set has made already is kept.

Core names no app here either: the kinds are the ones the apps register, and an object whose
key is a database number is found through its kind's model by the field `found_by` names.
"""
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from django.core.exceptions import FieldError, ValidationError
from django.db import transaction
from django.db.models import Q
from pydantic import AfterValidator

from . import links
from .demo import DemoDataError, DemoSchema, IsoDate, Place, RequiredText, Text, read, refusal
from .models import Link

DEMO_FILE = Path(__file__).resolve().with_name("demo_links.yaml")


def _end(value: str) -> str:
    kind, sep, key = value.partition(":")
    if not sep or not kind.strip() or not key.strip():
        raise ValueError(f"«{value}» is not kind:key (e.g. initiative:pll)")
    return f"{kind.strip()}:{key.strip()}"


End = Annotated[RequiredText, AfterValidator(_end)]


class DemoLink(DemoSchema):
    a: End
    b: End
    date: IsoDate = None
    source: Text = ""
    assumption: Text = ""


class LinksFile(DemoSchema):
    found_by: dict[str, RequiredText] = {}  # kind → the model field that names its objects in this file
    links: list[DemoLink]


@dataclass(frozen=True)
class _Object:
    kind: str
    ref: str  # as stored
    key: str  # as readers (and add_link) know it

    @property
    def text(self) -> str:
        return f"{self.kind}:{self.key}"


class _Ends:
    """Turns "kind:key" into the object it names, or fails at the field."""

    def __init__(self, found_by: dict[str, str], place: Place):
        self.kinds = {kind.name: kind for kind in links.kinds()}
        for name in found_by:
            if name not in self.kinds:
                place.at(name).fail(f"unknown kind «{name}» (known: {', '.join(self.kinds)})")
        self.found_by = found_by

    def find(self, place: Place, text: str) -> _Object:
        name, _sep, key = text.partition(":")
        kind = self.kinds.get(name)
        if kind is None:
            place.fail(f"unknown kind «{name}» (known: {', '.join(self.kinds) or 'none registered'})")
        if name in self.found_by:
            ref = self._by_field(place, kind, key)
            shown = kind.show([ref]).get(ref)
            if shown is None:
                place.fail(f"{name} «{key}» cannot be shown")
            return _Object(name, ref, shown.key)
        ref = kind.find(key)
        if ref is None:
            place.fail(f"no {name} «{key}»")
        return _Object(name, ref, key)

    def _by_field(self, place: Place, kind: links.LinkKind, key: str) -> str:
        field = self.found_by[kind.name]
        if kind.model is None:
            place.fail(f"kind «{kind.name}» has no model to find «{key}» by {field}")
        try:
            # The first one made: the demo's own, loaded before anything users (or other demo data) add
            # under the same key, e.g. a new session on the 2022 model.
            found = kind.model._default_manager.filter(**{field: key}).order_by("pk").first()
        except (FieldError, ValueError) as error:
            place.fail(f"cannot find a {kind.name} by {field}: {error}")
        if found is None:
            place.fail(f"no {kind.name} with {field} «{key}»")
        return kind.ref_of(found)


def _exists(a: _Object, b: _Object) -> bool:
    return Link.objects.filter(Q(a_kind=a.kind, a_ref=a.ref, b_kind=b.kind, b_ref=b.ref)
                               | Q(a_kind=b.kind, a_ref=b.ref, b_kind=a.kind, b_ref=a.ref)).exists()


def _resolved(path: Path) -> list[tuple[Place, DemoLink, _Object, _Object]]:
    """Every link of the file with both ends found; the first problem fails at its field."""
    data = read(path, LinksFile)
    place = Place(path.name)
    ends = _Ends(data.found_by, place.at("found_by"))
    seen: dict[frozenset, int] = {}
    rows = []
    for index, entry in enumerate(data.links):
        here = place.at("links").at(index)
        if not entry.source and not entry.assumption:
            here.fail("a link needs a source, or an assumption saying why it is inferred")
        a, b = ends.find(here.at("a"), entry.a), ends.find(here.at("b"), entry.b)
        if (a.kind, a.ref) == (b.kind, b.ref):
            here.at("b").fail(f"links {entry.a} to itself")
        pair = frozenset({(a.kind, a.ref), (b.kind, b.ref)})
        if pair in seen:
            here.fail(f"the same link as links[{seen[pair]}]")
        seen[pair] = index
        rows.append((here, entry, a, b))
    return rows


def links_loaded(path: Path = DEMO_FILE) -> bool:
    try:
        return all(_exists(a, b) for _place, _entry, a, b in _resolved(path))
    except DemoDataError:
        return False  # loading says what is wrong


@transaction.atomic
def load_links(path: Path = DEMO_FILE) -> dict[str, int]:
    """Make the file's links that do not exist yet; returns how many links the database holds."""
    for place, entry, a, b in _resolved(Path(path)):
        if _exists(a, b):
            continue
        try:
            links.add_link(a.text, b.text, source=entry.source, assumption=entry.assumption, day=entry.date)
        except ValidationError as error:
            refusal(place, error)
    return {"links": Link.objects.count()}
