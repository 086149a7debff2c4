"""One connected record: links between objects of different apps, shown on both sides.

Each app registers the kinds of object it owns (`register_kind` in its hooks.py): how to find
an object by the key readers know ("nuit/2024/17", "pll"), and how to show a batch of them
(title, address, and whether the public may see it). Core stores the links (models.Link),
keeps them from dangling when an object is deleted, shows them (`{% linked_objects obj %}`),
answers the API (`/api/links?object=initiative:pll`) and has the one page where the
secretariat adds and removes them (/koblinger/).
"""
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .models import Link
from .roles import can_see_drafts


@dataclass(frozen=True)
class Linked:
    """What a link points at, as a reader sees it."""
    kind: str
    key: str  # the key readers know: "nuit/2024/17", "pll"
    title: str
    url: str
    public: bool = True  # False: only members and the secretariat see it (a draft, an unpublished case)


@dataclass(frozen=True)
class LinkKind:
    name: str  # "case", "initiative", …
    label: Promise | str  # "Saker"
    order: int
    find: Callable[[str], str | None]  # reader's key → stored reference, None if there is none
    show: Callable[[list[str]], dict[str, Linked]]  # stored references → what they are; missing ones left out
    model: type | None = None  # the Django model, whose deleted objects lose their links

    def ref_of(self, instance) -> str:
        return str(instance.pk)


def pks(refs: Iterable[str]) -> list[int]:
    """The stored references that are primary keys, as numbers (anything else is no object)."""
    return [int(ref) for ref in refs if ref.isascii() and ref.isdigit() and len(ref) < 19]


def find_by_slug(model) -> Callable[[str], str | None]:
    """A kind's `find` for objects that readers know by their slug."""
    def find(key: str) -> str | None:
        pk = model.objects.filter(slug=key).values_list("pk", flat=True).first()
        return None if pk is None else str(pk)
    return find


_kinds: dict[str, LinkKind] = {}


def register_kind(kind: LinkKind) -> LinkKind:
    _kinds[kind.name] = kind
    if kind.model is not None:
        post_delete.connect(_forget, sender=kind.model, dispatch_uid=f"links-{kind.name}", weak=False)
    return kind


def kinds() -> list[LinkKind]:
    return sorted(_kinds.values(), key=lambda k: k.order)


def kind_of(instance) -> LinkKind | None:
    return next((k for k in _kinds.values() if k.model is not None and isinstance(instance, k.model)), None)


def _forget(sender, instance, **kwargs):
    """A deleted object takes its links with it: no page ever shows a link to nothing."""
    kind = kind_of(instance)
    if kind is not None:
        ref = kind.ref_of(instance)
        Link.objects.filter(Q(a_kind=kind.name, a_ref=ref) | Q(b_kind=kind.name, b_ref=ref)).delete()


def parse(text: str) -> tuple[LinkKind, str]:
    """"initiative:pll" → (the kind, its stored reference); ValidationError says what is wrong."""
    name, _sep, key = (text or "").strip().partition(":")
    kind = _kinds.get(name.strip())
    if kind is None:
        raise ValidationError(_("Ukjent type «%(kind)s». Typene er: %(kinds)s.") % {
            "kind": name, "kinds": ", ".join(k.name for k in kinds())})
    ref = kind.find(key.strip())
    if ref is None:
        raise ValidationError(_("Fant ikke %(kind)s «%(key)s».") % {"kind": kind.name, "key": key.strip()})
    return kind, ref


@dataclass(frozen=True)
class ShownLink:
    other: Linked
    link: Link


def links_of(kind: LinkKind, ref: str, user) -> list[ShownLink]:
    """The objects linked to one object that this user may see, by kind, newest link first."""
    rows = Link.objects.filter(Q(a_kind=kind.name, a_ref=ref) | Q(b_kind=kind.name, b_ref=ref))
    ends: dict[str, list[tuple[str, Link]]] = defaultdict(list)
    for link in rows:
        other_kind, other_ref = (link.b_kind, link.b_ref) if (link.a_kind, link.a_ref) == (kind.name, ref) \
            else (link.a_kind, link.a_ref)
        ends[other_kind].append((other_ref, link))
    drafts = can_see_drafts(user)
    shown = []
    for other_kind in kinds():
        if other_kind.name not in ends:
            continue
        found = other_kind.show([r for r, _link in ends[other_kind.name]])
        for other_ref, link in ends[other_kind.name]:
            linked = found.get(other_ref)
            if linked is not None and (linked.public or drafts):
                shown.append(ShownLink(linked, link))
    order = {k.name: k.order for k in kinds()}
    # By kind; within a kind the newest link first (a case list reads as a history), then by title.
    return sorted(shown, key=lambda s: (order[s.other.kind], s.link.date is None,
                                        -s.link.date.toordinal() if s.link.date else 0, s.other.title))


def links_of_object(instance, user) -> list[ShownLink]:
    kind = kind_of(instance)
    return links_of(kind, kind.ref_of(instance), user) if kind else []


def grouped(shown: Iterable[ShownLink]) -> list[tuple[LinkKind, list[ShownLink]]]:
    by_kind: dict[str, list[ShownLink]] = defaultdict(list)
    for item in shown:
        by_kind[item.other.kind].append(item)
    return [(kind, by_kind[kind.name]) for kind in kinds() if kind.name in by_kind]


@transaction.atomic
def add_link(a: str, b: str, *, source: str = "", assumption: str = "", day: date | None = None,
             user=None) -> Link:
    """Link two objects named "kind:key". Refused with a message: an unknown object, an object
    linked to itself, a link that exists (either way round), or a link with neither source nor
    assumption (every link says where it comes from)."""
    (a_kind, a_ref), (b_kind, b_ref) = _end(a, "a"), _end(b, "b")
    if (a_kind.name, a_ref) == (b_kind.name, b_ref):
        raise ValidationError({"b": _("Et objekt kan ikke kobles til seg selv.")})
    if Link.objects.filter(Q(a_kind=a_kind.name, a_ref=a_ref, b_kind=b_kind.name, b_ref=b_ref)
                           | Q(a_kind=b_kind.name, a_ref=b_ref, b_kind=a_kind.name, b_ref=a_ref)).exists():
        raise ValidationError({"b": _("Koblingen finnes allerede.")})
    if not source.strip() and not assumption.strip():
        raise ValidationError({"source": _("Oppgi kilden, eller hvorfor koblingen er antatt.")})
    return Link.objects.create(a_kind=a_kind.name, a_ref=a_ref, b_kind=b_kind.name, b_ref=b_ref, date=day,
                               source=source.strip(), assumption=assumption.strip(),
                               created_by=user if user is not None and user.is_authenticated else None)


def _end(text: str, field: str) -> tuple[LinkKind, str]:
    try:
        return parse(text)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None


def remove_link(link: Link) -> None:
    link.delete()


def as_api(shown: Iterable[ShownLink]) -> list[dict]:
    from .provenance import cite
    return [{"kind": s.other.kind, "key": s.other.key, "title": s.other.title, "url": s.other.url,
             "date": s.link.date, "source": cite(s.link.source), "assumption": s.link.assumption} for s in shown]


@dataclass(frozen=True)
class LinkRow:
    link: Link
    a: Linked | None
    b: Linked | None


def describe(rows: Iterable[Link]) -> list[LinkRow]:
    """Both ends of each link, each kind looked up once for the whole list."""
    rows = list(rows)
    refs: dict[str, set[str]] = defaultdict(set)
    for link in rows:
        refs[link.a_kind].add(link.a_ref)
        refs[link.b_kind].add(link.b_ref)
    found = {name: _kinds[name].show(sorted(wanted)) for name, wanted in refs.items() if name in _kinds}
    return [LinkRow(link, found.get(link.a_kind, {}).get(link.a_ref), found.get(link.b_kind, {}).get(link.b_ref))
            for link in rows]


def links_to(kind: str, ref: str, other: str) -> dict[str, Link]:
    """The links from one object to objects of another kind: the other's stored reference → the link."""
    rows = Link.objects.filter(Q(a_kind=kind, a_ref=ref, b_kind=other) | Q(b_kind=kind, b_ref=ref, a_kind=other))
    return {(link.b_ref if link.a_kind == kind and link.a_ref == ref else link.a_ref): link for link in rows}


def pairs_between(kind: str, refs: Iterable[str], other: str) -> list[tuple[str, str]]:
    """(ref of `kind`, ref of `other`) for every link between those objects and objects of the
    other kind, whichever way round it was written: one query for a whole page's objects."""
    return pairs_for({kind: refs}, other)[kind]


def pairs_for(refs_by_kind: dict[str, Iterable[str]], other: str) -> dict[str, list[tuple[str, str]]]:
    """`pairs_between` for objects of several kinds at once (a goal and its indicators), still one query."""
    wanted = {kind: set(refs) for kind, refs in refs_by_kind.items()}
    found: dict[str, list[tuple[str, str]]] = {kind: [] for kind in wanted}
    query = Q(pk__in=[])
    for kind, refs in wanted.items():
        query |= Q(a_kind=kind, a_ref__in=refs, b_kind=other) | Q(b_kind=kind, b_ref__in=refs, a_kind=other)
    for a_kind, a_ref, b_kind, b_ref in Link.objects.filter(query).values_list("a_kind", "a_ref", "b_kind", "b_ref"):
        if a_ref in wanted.get(a_kind, ()) and b_kind == other:
            found[a_kind].append((a_ref, b_ref))
        if b_ref in wanted.get(b_kind, ()) and a_kind == other:
            found[b_kind].append((b_ref, a_ref))
    return found
