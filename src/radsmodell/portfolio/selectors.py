"""Reads of the portfolio for the public overview, the initiative pages and the API.

Only accepted status reports are shown; reports in draft, submitted or returned stay with
the owner and the secretariat.
"""
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Prefetch, QuerySet

from . import graph
from .models import Initiative, NationalSolution, Round, StatusReport, newest_round_first

ACCEPTED = StatusReport.State.ACCEPTED


@dataclass
class Filters:
    segment: str = ""
    owner_type: str = ""
    goal: int | None = None
    status: str = ""
    solution: str = ""

    @classmethod
    def from_query(cls, query) -> "Filters":
        goal = query.get("goal", "")
        return cls(
            segment=query.get("segment", "") if query.get("segment") in Initiative.Segment.values else "",
            owner_type=query.get("owner_type", "") if query.get("owner_type") in Initiative.OwnerType.values else "",
            goal=int(goal) if goal in {"1", "2", "3", "4", "5"} else None,
            status=query.get("status", "") if query.get("status") in StatusReport.Rag.values else "",
            solution=query.get("solution", ""),
        )


def accepted_reports() -> QuerySet[StatusReport]:
    """The portfolio's rule for status: only accepted reports count, the newest round first."""
    return StatusReport.objects.filter(state=ACCEPTED).select_related("round").order_by(
        *newest_round_first("round__"))


def initiatives(filters: Filters | None = None) -> list[Initiative]:
    """Initiatives with their latest accepted status as `latest_report` (None when none)."""
    filters = filters or Filters()
    found: QuerySet = Initiative.objects.prefetch_related(
        "national_solutions", Prefetch("reports", queryset=accepted_reports(), to_attr="accepted_reports"))
    if filters.segment:
        found = found.filter(segment=filters.segment)
    if filters.owner_type:
        found = found.filter(owner_type=filters.owner_type)
    if filters.solution:
        found = found.filter(national_solutions__slug=filters.solution)
    result = []
    for initiative in found.distinct():
        initiative.latest_report = initiative.accepted_reports[0] if initiative.accepted_reports else None
        # Goals live in a JSON list; filtered here so SQLite and PostgreSQL behave alike.
        if filters.goal and filters.goal not in initiative.goals:
            continue
        if filters.status and (initiative.latest_report is None or initiative.latest_report.overall != filters.status):
            continue
        result.append(initiative)
    return result


def initiative_detail(slug: str) -> Initiative | None:
    initiative = Initiative.objects.select_related("part_of").prefetch_related(
        "national_solutions", "epj_vendors", "depends_on", "dependants", "parts", "mentions", "benefits__type",
        Prefetch("reports", queryset=accepted_reports().prefetch_related("risks"), to_attr="accepted_reports"),
    ).filter(slug=slug).first()
    return initiative


def solutions() -> QuerySet[NationalSolution]:
    return NationalSolution.objects.all()


def solutions_used(on_solutions: dict[str, set[str]] | None = None) -> list[tuple[NationalSolution, int]]:
    """Every national solution with how many initiatives depend on it, most first.
    `on_solutions` (initiative slug → solution slugs) when the caller has read them already."""
    if on_solutions is None:
        on_solutions = defaultdict(set)
        for initiative, solution in Initiative.national_solutions.through.objects.values_list(
                "initiative__slug", "nationalsolution__slug"):
            on_solutions[initiative].add(solution)
    counts = graph.dependants_count(on_solutions)
    found = [(s, counts.get(s.slug, 0)) for s in NationalSolution.objects.select_related("included_in")]
    return sorted(found, key=lambda pair: (-pair[1], pair[0].name))


def solution_detail(slug: str) -> NationalSolution | None:
    return NationalSolution.objects.select_related("included_in").prefetch_related("includes").filter(
        slug=slug).first()


@dataclass
class RoundSummary:
    round: Round
    stated: dict[str, int]
    reported: int
    by_status: dict[str, int]
    by_lifecycle: dict[str, int]
    by_segment: dict[str, int]
    by_owner_type: dict[str, int]


def round_summary(round_: Round) -> RoundSummary:
    """The figures the round's report states, and the counts of the accepted reports.

    A closed round counts what its reports recorded when it closed, so later edits of an
    initiative do not change a frozen round.
    """
    reports = list(round_.reports.filter(state=ACCEPTED).select_related("initiative"))
    closed = round_.status == Round.Status.CLOSED

    def value(report, field):
        return (getattr(report, f"snapshot_{field}") if closed else getattr(report.initiative, field)) or "unknown"

    return RoundSummary(
        round=round_, stated=dict(round_.stated), reported=len(reports),
        by_status=dict(Counter(r.overall or "none" for r in reports)),
        by_lifecycle=dict(Counter(value(r, "lifecycle") for r in reports)),
        by_segment=dict(Counter(value(r, "segment") for r in reports)),
        by_owner_type=dict(Counter(value(r, "owner_type") for r in reports)),
    )


def _edges(pairs) -> dict[str, set[str]]:
    """Initiative → the slugs it points to, from (slug, target slug or None) rows."""
    edges: dict[str, set[str]] = {}
    for slug, target in pairs:
        targets = edges.setdefault(slug, set())
        if target is not None:
            targets.add(target)
    return edges


class RoundDependencies(NamedTuple):
    """Initiative slug → the slugs it depends on, of each kind."""
    solutions: dict[str, set[str]]
    initiatives: dict[str, set[str]]
    vendors: dict[str, set[str]]


def round_dependencies(round_: Round) -> RoundDependencies:
    """What the initiatives depend on as the round's report counts it: a closed round from what its
    reports recorded when it closed, an open round from the register as it stands (one query each,
    however many initiatives)."""
    if round_.status == Round.Status.CLOSED:
        rows = list(round_.reports.values_list(
            "initiative__slug", "snapshot_solutions", "snapshot_depends_on", "snapshot_vendors"))
        return RoundDependencies(*({row[0]: set(row[column]) for row in rows} for column in (1, 2, 3)))
    return RoundDependencies(_edges(Initiative.objects.values_list("slug", "national_solutions__slug")),
                             _edges(Initiative.objects.values_list("slug", "depends_on__slug")),
                             _edges(Initiative.objects.values_list("slug", "epj_vendors__slug")))


RAG_ORDER = {"green": 0, "amber": 1, "red": 2}


def round_changes(first: Round, second: Round) -> dict[str, list]:
    """What changed from one round to the next, from the accepted reports of both."""
    before = {r.initiative_id: r for r in first.reports.filter(state=ACCEPTED).select_related("initiative")}
    after = {r.initiative_id: r for r in second.reports.filter(state=ACCEPTED).select_related("initiative")}
    changes = {"new": [], "gone": [], "worse": [], "better": []}
    for key, report in after.items():
        old = before.get(key)
        if old is None:
            changes["new"].append(report.initiative)
        elif old.overall in RAG_ORDER and report.overall in RAG_ORDER:
            step = RAG_ORDER[report.overall] - RAG_ORDER[old.overall]
            if step:
                changes["worse" if step > 0 else "better"].append((report.initiative, old, report))
    changes["gone"] = [r.initiative for key, r in before.items() if key not in after]
    return changes
