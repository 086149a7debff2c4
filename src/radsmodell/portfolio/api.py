"""JSON API of the portfolio: initiatives (with the public overview's filters) and rounds."""
from datetime import date

from django.utils.translation import gettext
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from radsmodell.core import links, timeline
from radsmodell.core.api import EventOut, LinkOut, events_as_api
from radsmodell.core.provenance import cite

from . import selectors
from .models import Initiative, Round

router = Router(tags=["Portefølje"])


class InitiativeOut(Schema):
    id: int
    slug: str
    name: str
    short_name: str
    owner: str
    owner_type: str
    segment: str
    lifecycle: str
    phase: str
    goals: list[int]
    national_solutions: list[str]
    status: str | None
    status_round: str | None


class InitiativeDetailOut(InitiativeOut):
    description: str
    period: str
    investment: str
    part_of: str | None
    epj_vendors: list[str]
    depends_on: list[str]
    dependants: list[str]
    source: str  # the public reference to the document (core/provenance.py)
    owner_assumption: str  # why the owner is inferred rather than read; empty when a source says it
    phase_assumption: str
    links: list[LinkOut]  # the cases, goals, indicators, … linked to the initiative that the reader may see
    events: list[EventOut]  # its history across the modules, newest first (the page's "Historikk")


class FiltersIn(Schema):
    segment: str = ""
    owner_type: str = ""
    goal: str = ""
    status: str = ""
    solution: str = ""


class RoundOut(Schema):
    id: int
    slug: str
    name: str
    cut_off: date | None
    status: str
    assumption: str  # why the status is inferred rather than read; empty when a source says it


class RoundSummaryOut(RoundOut):
    stated: dict[str, int]
    reported: int
    by_status: dict[str, int]
    by_lifecycle: dict[str, int]
    by_segment: dict[str, int]
    by_owner_type: dict[str, int]
    themes: list[str]


def _initiative(i: Initiative) -> dict:
    report = getattr(i, "latest_report", None)
    return {
        "id": i.pk, "slug": i.slug, "name": i.name, "short_name": i.short_name, "owner": i.owner,
        "owner_type": i.owner_type, "segment": i.segment, "lifecycle": i.lifecycle, "phase": i.phase,
        "goals": i.goals, "national_solutions": [s.slug for s in i.national_solutions.all()],
        "status": report.overall or None if report else None, "status_round": report.round.slug if report else None,
    }


def _round(r: Round) -> dict:
    return {"id": r.pk, "slug": r.slug, "name": r.name, "cut_off": r.cut_off, "status": r.status,
            "assumption": r.assumption}


@router.get("/initiatives", response=list[InitiativeOut], summary="Initiatives, filtered as on the public overview")
def list_initiatives(request, filters: Query[FiltersIn]):
    return [_initiative(i) for i in selectors.initiatives(selectors.Filters.from_query(filters.dict()))]


@router.get("/initiatives/{initiative_id}", response=InitiativeDetailOut,
            summary="One initiative, by its id or its slug (`/api/initiatives/pll`)")
def get_initiative(request, initiative_id: str):
    is_id = initiative_id.isascii() and initiative_id.isdigit() and len(initiative_id) < 19
    slug = Initiative.objects.filter(pk=int(initiative_id)).values_list("slug", flat=True).first() if is_id else None
    initiative = selectors.initiative_detail(slug or initiative_id)  # not an id of any: a slug
    if initiative is None:
        raise HttpError(404, gettext("Fant ikke tiltaket"))
    initiative.latest_report = initiative.accepted_reports[0] if initiative.accepted_reports else None
    return {**_initiative(initiative), "description": initiative.description, "period": initiative.period,
            "investment": initiative.investment, "part_of": initiative.part_of.slug if initiative.part_of else None,
            "epj_vendors": [v.slug for v in initiative.epj_vendors.all()],
            "depends_on": [d.slug for d in initiative.depends_on.all()],
            "dependants": [d.slug for d in initiative.dependants.all()], "source": cite(initiative.source),
            "owner_assumption": initiative.owner_assumption, "phase_assumption": initiative.phase_assumption,
            "links": links.as_api(links.links_of_object(initiative, request.user)),
            "events": events_as_api(timeline.events_of_object(initiative, request.user))}


@router.get("/rounds", response=list[RoundOut])
def list_rounds(request):
    return [_round(r) for r in Round.objects.all()]


@router.get("/rounds/{round_id}/summary", response=RoundSummaryOut,
            summary="The figures the round's report states, and counts of its accepted reports")
def round_summary(request, round_id: int):
    found = Round.objects.filter(pk=round_id).first()
    if found is None:
        raise HttpError(404, gettext("Fant ikke statusrunden"))
    summary = selectors.round_summary(found)
    return {**_round(found), "stated": summary.stated, "reported": summary.reported, "by_status": summary.by_status,
            "by_lifecycle": summary.by_lifecycle, "by_segment": summary.by_segment,
            "by_owner_type": summary.by_owner_type, "themes": found.themes}
