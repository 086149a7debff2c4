"""Dependencies between initiatives: cycles, chains and how many lean on each node.

Plain Python, no Django. Edges point from an initiative to what it depends on.
"""
from collections import defaultdict


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Groups of initiatives that depend on each other in a circle (Tarjan's strongly
    connected components with more than one member, or a node depending on itself)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in edges.get(node, ()):
                found.append(sorted(component))

    for node in sorted(set(edges) | {t for targets in edges.values() for t in targets}):
        if node not in index:
            visit(node)
    return sorted(found)


def chains(edges: dict[str, set[str]], limit: int = 20) -> list[list[str]]:
    """The longest dependency chains (a → b → c ...), longest first; cycles are cut where they close."""
    def walk(node: str, seen: tuple[str, ...]) -> list[tuple[str, ...]]:
        nexts = [t for t in sorted(edges.get(node, ())) if t not in seen]
        if not nexts:
            return [seen]
        return [path for t in nexts for path in walk(t, seen + (t,))]

    starts = sorted(set(edges) - {t for targets in edges.values() for t in targets}) or sorted(edges)
    paths = {path for start in starts for path in walk(start, (start,)) if len(path) > 1}
    return [list(p) for p in sorted(paths, key=lambda p: (-len(p), p))[:limit]]


def dependants_count(edges: dict[str, set[str]]) -> dict[str, int]:
    """How many nodes depend directly on each target."""
    counts: dict[str, int] = defaultdict(int)
    for targets in edges.values():
        for target in targets:
            counts[target] += 1
    return dict(counts)
