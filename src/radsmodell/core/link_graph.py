"""The connected record as a graph: the objects one or two links away from one object.

`walk()` follows core's links breadth-first from a centre, one query per step, looks each kind's
new objects up once per step (like links.describe), and keeps only what the reader may see: a
hidden object is left out together with every link that touches it, so neither its title nor the
fact that something is there reaches the page. The page is /koblinger/graf/ (views.link_graph).
"""
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode

from . import links
from .models import Link
from .roles import can_see_drafts

MAX_NODES = 200  # beyond this a force layout is unreadable and the table too long


@dataclass(frozen=True)
class Node:
    kind: str
    key: str  # the key readers know: "nuit/2024/17", "pll"
    title: str
    url: str
    distance: int  # links from the centre: 0, 1 or 2

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.key}"


@dataclass(frozen=True)
class Edge:
    a: Node
    b: Node
    date: date | None
    source: str  # the stored note: show it with {% source %}, never as it is
    assumption: str

    @property
    def step(self) -> int:
        """The step of the walk that found it: a link from the centre is step 1."""
        return min(self.a.distance, self.b.distance) + 1


@dataclass(frozen=True)
class Graph:
    centre: Node
    nodes: list[Node]
    edges: list[Edge]
    capped: bool  # True: more objects were reachable than MAX_NODES


def walk(kind: links.LinkKind, ref: str, user, steps: int = 1, kinds: Iterable[str] = (),
         limit: int = MAX_NODES) -> Graph | None:
    """The graph around (kind, ref) as this user may see it; None when the user may not see the
    centre itself. `kinds` narrows the objects shown and walked through (empty: all kinds). The
    edges are the links walked: one between two objects of the last step is a step further, not drawn."""
    registered = {k.name: k for k in links.kinds()}
    allowed = set(kinds) & set(registered) or set(registered)
    drafts = can_see_drafts(user)

    def visible(found: links.Linked | None) -> bool:
        return found is not None and (found.public or drafts)

    centre_found = kind.show([ref]).get(ref)
    if not visible(centre_found):
        return None
    centre = Node(kind.name, centre_found.key, centre_found.title, centre_found.url, 0)
    nodes: dict[tuple[str, str], Node] = {(kind.name, ref): centre}  # by (kind, stored reference)
    rows: dict[int, Link] = {}
    frontier = [(kind.name, ref)]
    capped = False
    for distance in range(1, steps + 1):
        if not frontier:
            break
        by_kind: dict[str, list[str]] = defaultdict(list)
        for name, stored in frontier:
            by_kind[name].append(stored)
        where = Q()
        for name, refs in by_kind.items():
            where |= Q(a_kind=name, a_ref__in=refs) | Q(b_kind=name, b_ref__in=refs)
        found_rows = list(Link.objects.filter(where))  # one query per step
        new: dict[str, set[str]] = defaultdict(set)
        for link in found_rows:
            rows[link.pk] = link
            for end in ((link.a_kind, link.a_ref), (link.b_kind, link.b_ref)):
                if end not in nodes and end[0] in allowed:
                    new[end[0]].add(end[1])
        # Each kind's new objects looked up once; the hidden ones are dropped here.
        added = []
        for name in sorted(new, key=lambda n: registered[n].order):
            shown = registered[name].show(sorted(new[name]))
            added += [((name, stored), Node(name, it.key, it.title, it.url, distance))
                      for stored, it in shown.items() if visible(it)]
        added.sort(key=lambda item: (registered[item[0][0]].order, item[1].title))
        if len(nodes) + len(added) > limit:
            added, capped = added[:limit - len(nodes)], True
        nodes.update(added)
        frontier = [end for end, _node in added]
        if capped:
            break
    edges = [Edge(nodes[(link.a_kind, link.a_ref)], nodes[(link.b_kind, link.b_ref)], link.date, link.source,
                  link.assumption)
             for link in rows.values()
             if (link.a_kind, link.a_ref) in nodes and (link.b_kind, link.b_ref) in nodes]
    order = {name: k.order for name, k in registered.items()}
    edges.sort(key=lambda e: (e.step, order[e.a.kind], e.a.title, order[e.b.kind], e.b.title))
    listed = sorted(nodes.values(), key=lambda n: (n.distance, order[n.kind], n.title))
    return Graph(centre, listed, edges, capped)


def graph_url(kind: str, key: str, steps: int | None = None, kinds: Iterable[str] = ()) -> str:
    """The graph page centred on one object ("Se sammenhengene som graf", "Sentrer her")."""
    query = [("objekt", f"{kind}:{key}")]
    if steps:
        query.append(("steg", str(steps)))
    query += [("type", name) for name in kinds]
    return f"{reverse('link_graph')}?{urlencode(query)}"


def chart_data(graph: Graph) -> dict:
    """What link_graph.js draws: no sources or notes, only the objects and which are linked."""
    labels = {k.name: str(k.label) for k in links.kinds()}
    present = [name for name in labels if any(n.kind == name for n in graph.nodes)]
    return {
        "categories": [labels[name] for name in present],
        "nodes": [{"id": n.id, "name": n.title, "url": n.url, "category": present.index(n.kind),
                   "centre": n.distance == 0, "distance": n.distance} for n in graph.nodes],
        "links": [{"source": e.a.id, "target": e.b.id} for e in graph.edges],
    }
