"""Full-text search over the register: one index, fed by every app, searched from one box.

Each app registers the kinds of object it indexes (`register_kind`: how to turn a batch of objects
into `Document`s) and the facets it offers (`register_facet`), and keeps the index in step with its
writes (`follow`: reindex on save and delete, in the same transaction). `search()` answers a query:
words ANDed, "phrases", `prefix*`, Norwegian stemming, ranked by relevance (title above body text,
newest first on ties), with snippets and facet counts over the whole match set. The words are held by
the database (store.py: FTS5 on SQLite, tsvector on PostgreSQL); the rest is the same on both.
"""
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from django.db import DatabaseError, transaction
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import store
from .text import Marker, Term, opening, parse

KIND_FACET = "kind"
BATCH = 500
TEXTS_APART = "\n\n"  # between field texts searched as one for a snippet: no word runs across it


# --- What the apps give the index -----------------------------------------------------------

@dataclass(frozen=True)
class DocField:
    """One searchable field of a document."""
    label: str  # shown with the snippet: "Vedtak", "Forslag til vedtak", "Innspill"
    text: str
    public: bool  # the public may search and see this field now


@dataclass(frozen=True)
class Document:
    """What a kind gives the index for one object."""
    kind: str
    ref: str  # the object's primary key, as text
    title: str
    url: str
    date: date | None  # newest first on ties, and the year facet
    public: bool  # the public may find the object at all
    fields: list[DocField]
    facets: dict[str, list[str]]  # what members and the secretariat filter on
    public_facets: dict[str, list[str]] | None = None  # what the public may filter on, when it differs
    meta: str = ""  # one line under the title: "NUIT · Sak 17/24 · Drøfting · 15. mai 2024"


@dataclass(frozen=True)
class SearchKind:
    name: str  # "case"
    label: Promise | str  # "Saker"
    order: int
    model: type
    documents: Callable[[Iterable], Iterable[Document]]  # objects of all_objects() → their documents
    all_objects: Callable[[], QuerySet]  # every object of the kind (a document may still be left out)


@dataclass(frozen=True)
class Facet:
    name: str  # "body"
    label: Promise | str  # "Organ"
    order: int
    labels: Callable[[list[str]], dict[str, str]] | None = None  # values → what the reader sees


_kinds: dict[str, SearchKind] = {}
_facets: dict[str, Facet] = {}


def register_kind(kind: SearchKind) -> SearchKind:
    _kinds[kind.name] = kind
    return kind


def register_facet(facet: Facet) -> Facet:
    _facets[facet.name] = facet
    return facet


def kinds() -> list[SearchKind]:
    return sorted(_kinds.values(), key=lambda k: k.order)


def _kind_labels(values: list[str]) -> dict[str, str]:
    return {name: str(kind.label) for name, kind in _kinds.items()}


register_facet(Facet(KIND_FACET, gettext_lazy("Type treff"), 0, _kind_labels))


# --- What a search returns ------------------------------------------------------------------

@dataclass
class Hit:
    kind: str
    kind_label: str
    ref: str
    title: str
    url: str
    date: date | None
    meta: str
    score: float
    field: str  # label of the field the snippet comes from
    snippet: SafeString  # escaped text, the matched words in <mark>…</mark>
    marked_title: SafeString  # the title escaped, the matched words in <mark>…</mark>


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FacetGroup:
    name: str
    label: str
    values: list[FacetValue]


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    facets: list[FacetGroup] = field(default_factory=list)
    error: str = ""  # why the query could not be read (search never raises)


# --- Searching ------------------------------------------------------------------------------

def _clean_filters(filters: dict[str, list[str]] | None) -> dict[str, list[str]]:
    """Only facets that exist, only values given; each value once."""
    cleaned = {}
    for name, values in (filters or {}).items():
        if name in _facets:
            values = [str(v).strip() for v in (values if isinstance(values, list | tuple) else [values])]
            values = list(dict.fromkeys(v for v in values if v))
            if values:
                cleaned[name] = values
    return cleaned


def _whole(value, default: int) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return default


def search(q: str, *, drafts: bool, filters: dict[str, list[str]] | None = None,
           limit: int = 25, offset: int = 0) -> SearchResult:
    """The hits for a query, best first, and the facet counts over all of them.

    drafts=True (members and the secretariat) searches every field of every document; False only
    documents the public may find, only their public fields, counting their public facets.
    filters: AND across facets, OR within one. The count of a facet's values is taken with the
    other facets' filters only, so a reader can widen a choice as well as narrow it.
    """
    query = (q or "").strip()
    selected = _clean_filters(filters)
    limit, offset = _whole(limit, 25), _whole(offset, 0)
    terms = parse(query)
    error = ""
    if not terms:
        if query:
            error = _("Fant ingen ord å søke etter i «%(query)s». Skriv ett eller flere ord.") % {"query": query}
        if not selected:
            return SearchResult(query, 0, [], [], error)
    try:
        # Without words, the filters choose the documents; with words, the filters are applied below
        # (every match is needed anyway for the counts).
        rows = store.match(terms, drafts=drafts, filters=None if terms else selected)
    except DatabaseError:
        return SearchResult(query, 0, [], [], _("Søket kunne ikke leses. Prøv med andre ord."))
    matched, counts = _filter_and_count(rows, selected)
    page = matched[offset:offset + limit]
    return SearchResult(query, len(matched), _hits(page, terms, drafts), _facet_groups(counts, selected), error)


def _filter_and_count(rows, selected: dict[str, list[str]]):
    """The rows passing every filter, and the counts of facet values: for a facet, over the rows that
    pass the filters of the other facets."""
    if not selected:
        # One split of all the keys at once: counting is the cost of a common word's search.
        return rows, Counter("\n".join([row[2] for row in rows]).split("\n"))
    counts: Counter = Counter()
    wanted = {name: {f"{name}={value}" for value in values} for name, values in selected.items()}
    matched = []
    for row in rows:
        keys = row[2].split("\n")
        keyset = set(keys)
        failing = [name for name, options in wanted.items() if options.isdisjoint(keyset)]
        if not failing:
            matched.append(row)
            counts.update(keys)
        elif len(failing) == 1:
            start = failing[0] + "="
            counts.update(key for key in keys if key.startswith(start))
    return matched, counts


def _facet_groups(counts: Counter, selected: dict[str, list[str]]) -> list[FacetGroup]:
    by_facet: dict[str, dict[str, int]] = {}
    for key, count in counts.items():
        name, _sep, value = key.partition("=")
        if name in _facets and value:
            by_facet.setdefault(name, {})[value] = count
    groups = []
    for facet in sorted(_facets.values(), key=lambda f: f.order):
        values = by_facet.get(facet.name, {})
        for value in selected.get(facet.name, []):
            values.setdefault(value, 0)  # a chosen value stays on the list, to be unchosen
        if not values:
            continue
        labels = _labels(facet, list(values))
        chosen = set(selected.get(facet.name, []))
        shown = [FacetValue(value, str(labels.get(value, value)), count, value in chosen)
                 for value, count in values.items()]
        if facet.name == "year":
            shown.sort(key=lambda v: (-v.count, [-ord(c) for c in v.value]))
        else:
            shown.sort(key=lambda v: (-v.count, v.label.casefold()))
        groups.append(FacetGroup(facet.name, str(facet.label), shown))
    return groups


# Facet labels (a body's or an initiative's name) cost a query per facet on every search, yet change
# rarely: each process keeps them a minute. An index write in the process forgets them at once (a
# renamed body or initiative is indexed anew); another process shows the new name within the minute.
LABELS_KEPT_SECONDS = 60
_label_cache: dict[tuple[str, str], tuple[str, float]] = {}


def _labels(facet: Facet, values: list[str]) -> dict[str, str]:
    if facet.labels is None:
        return {}
    now = time.monotonic()
    found = {}
    for value in values:
        kept = _label_cache.get((facet.name, value))
        if kept is not None and kept[1] > now:
            found[value] = kept[0]
    missing = [value for value in values if value not in found]
    if missing:
        fresh = facet.labels(missing)
        for value in missing:
            if value in fresh:
                found[value] = str(fresh[value])
                _label_cache[(facet.name, value)] = (found[value], now + LABELS_KEPT_SECONDS)
    return found


def forget_labels() -> None:
    _label_cache.clear()


def _hits(page, terms: list[Term], drafts: bool) -> list[Hit]:
    documents = store.documents([row[0] for row in page])
    marker = Marker(terms) if terms else None
    kind_labels = {name: str(kind.label) for name, kind in _kinds.items()}
    hits = []
    for pk, score, _keys in page:
        if pk not in documents:
            continue
        kind, ref, title, url, day, meta, fields = documents[pk]
        label, snippet = _snippet(title, fields, marker, drafts)
        hits.append(Hit(kind, kind_labels.get(kind, kind), ref, title, url, day, meta, float(score), label, snippet,
                        marker.mark(title) if marker else escape(title)))
    return hits


def _snippet(title: str, fields: list[dict], marker: Marker | None, drafts: bool) -> tuple[str, SafeString]:
    """From the first field the reader may see that holds a matched word; else the opening of the first."""
    fields = [f for f in fields if (drafts or f["public"]) and f["text"] and not f["text"].isspace()]
    if marker is not None:
        # The texts searched once, joined in order: the first matched word is in the first field
        # that holds one.
        texts = [f["text"] for f in fields]
        at = marker.first(TEXTS_APART.join(texts))
        if at is not None:
            for f, text in zip(fields, texts, strict=True):
                if at < len(text):
                    return f["label"], marker.snippet(text, at)
                at -= len(text) + len(TEXTS_APART)
        if not fields:
            snippet = marker.snippet(title)
            if snippet is not None:
                return _("Tittel"), snippet
    if fields:
        return fields[0]["label"], opening(fields[0]["text"])
    return _("Tittel"), opening(title)


# --- Keeping the index in step --------------------------------------------------------------

_state = threading.local()


def is_paused() -> bool:
    return getattr(_state, "paused", 0) > 0


@contextmanager
def paused():
    """Bulk work (loading the demo data) writes without reindexing row by row; call reindex() after."""
    _state.paused = getattr(_state, "paused", 0) + 1
    try:
        yield
    finally:
        _state.paused -= 1


def _rows(saved) -> list[tuple]:
    return [(doc_row.pk, document.title,
             [f.text for f in document.fields if f.public and document.public],
             [f.text for f in document.fields if not (f.public and document.public)],
             _keys(document.facets, document.kind),
             _keys(document.public_facets if document.public_facets is not None else document.facets, document.kind)
             if document.public else [],
             document.public)
            for doc_row, document in saved]


def _keys(facets: dict[str, list[str]], kind: str) -> list[str]:
    keys = [f"{KIND_FACET}={kind}"]
    for name, values in facets.items():
        keys.extend(f"{name}={value}" for value in dict.fromkeys(str(v) for v in values if str(v)))
    return keys


def _fill(row, document: Document) -> None:
    row.title = document.title[:500]
    row.url = document.url
    row.date = document.date
    row.meta = document.meta[:300]
    row.public = document.public
    row.fields = [{"label": str(f.label), "text": f.text, "public": f.public} for f in document.fields]
    row.facet_keys = "\n".join(_keys(document.facets, document.kind))
    public = document.public_facets if document.public_facets is not None else document.facets
    row.public_facet_keys = "\n".join(_keys(public, document.kind)) if document.public else ""


@transaction.atomic
def refresh(kind_name: str, pks: Iterable) -> None:
    """Index these objects of a kind anew: changed, added, or gone (then their documents go too)."""
    from radsmodell.core.models import SearchDocument

    if is_paused() or kind_name not in _kinds:
        return
    forget_labels()
    refs = {str(pk) for pk in pks if pk is not None and str(pk).isdigit()}
    if not refs:
        return
    kind = _kinds[kind_name]
    documents = list(kind.documents(kind.all_objects().filter(pk__in=refs)))
    existing = {row.ref: row for row in SearchDocument.objects.filter(kind=kind_name, ref__in=refs)}
    saved = []
    for document in documents:
        row = existing.pop(document.ref, None) or SearchDocument(kind=kind_name, ref=document.ref)
        _fill(row, document)
        row.save()
        saved.append((row, document))
    gone = [row.pk for row in existing.values()]
    store.forget(gone)
    SearchDocument.objects.filter(pk__in=gone).delete()
    store.write(_rows(saved))


def refresh_object(instance) -> None:
    """Index one object of a registered kind anew (after a write that sends no signal)."""
    for kind in _kinds.values():
        if isinstance(instance, kind.model):
            refresh(kind.name, [instance.pk])


@transaction.atomic
def reindex() -> dict[str, int]:
    """The whole index rebuilt from the register: how many documents of each kind."""
    from radsmodell.core.models import SearchDocument

    SearchDocument.objects.all().delete()
    store.clear()
    forget_labels()
    counts = {}
    for kind in kinds():
        counts[kind.name] = 0
        batch: list[Document] = []
        for document in kind.documents(kind.all_objects()):
            batch.append(document)
            if len(batch) >= BATCH:
                counts[kind.name] += _insert(batch)
                batch = []
        counts[kind.name] += _insert(batch)
    return counts


def _insert(documents: list[Document]) -> int:
    from radsmodell.core.models import SearchDocument

    rows = []
    for document in documents:
        row = SearchDocument(kind=document.kind, ref=document.ref)
        _fill(row, document)
        rows.append(row)
    created = SearchDocument.objects.bulk_create(rows)
    store.write(_rows(list(zip(created, documents, strict=True))))
    return len(created)


def follow(model, affected: Callable[[object], dict[str, Iterable]], *, uid: str) -> None:
    """Reindex what a write to `model` changes, in the write's transaction: `affected(instance)` names
    the documents ({kind: primary keys}) to index anew after each save and delete."""
    def reindex_affected(sender, instance, **kwargs):
        if kwargs.get("raw") or is_paused():
            return
        for kind_name, pks in affected(instance).items():
            refresh(kind_name, pks)

    post_save.connect(reindex_affected, sender=model, weak=False, dispatch_uid=f"search-save-{uid}")
    post_delete.connect(reindex_affected, sender=model, weak=False, dispatch_uid=f"search-delete-{uid}")


def follow_m2m(through, affected: Callable[[object, set | None], dict[str, Iterable]], *, uid: str) -> None:
    """Reindex after a many-to-many change: `affected(instance, pk_set)` names the documents."""
    def reindex_affected(sender, instance, action, pk_set=None, **kwargs):
        if is_paused() or action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
            return
        for kind_name, pks in affected(instance, pk_set).items():
            refresh(kind_name, pks)

    m2m_changed.connect(reindex_affected, sender=through, weak=False, dispatch_uid=f"search-m2m-{uid}")


def _follow_links() -> None:
    """A link between a case and an initiative or a national solution is a facet of the case: the
    objects at both ends are indexed anew (kinds the index does not hold are passed over)."""
    from radsmodell.core.models import Link

    follow(Link, lambda link: {link.a_kind: [link.a_ref], link.b_kind: [link.b_ref]}, uid="core-link")


_follow_links()


def _fill_an_empty_index(sender, using="default", **kwargs) -> None:
    """After `migrate` on an installation that has records but no index yet (the upgrade that brings
    the index), build it, so search works without a separate `radsmodell reindex`."""
    from django.db import connections

    from radsmodell.core.models import SearchDocument

    if sender.name != "radsmodell.core" or using != "default":
        return
    with connections[using].cursor() as cursor:
        if SearchDocument._meta.db_table not in connections[using].introspection.table_names(cursor):
            return  # migrated back to before the index
    if not SearchDocument.objects.exists() and any(kind.all_objects().exists() for kind in kinds()):
        reindex()


post_migrate.connect(_fill_an_empty_index, dispatch_uid="search-fill-empty-index", weak=False)
