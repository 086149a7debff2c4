"""Load the portfolio's demo data (the YAML files beside this module, see README.md).

Each file is read against its schema (schema.py) before its rows are written, so a wrong key,
type or missing field stops the load there. This module then creates the objects and checks what a
schema cannot: that every slug reference names an entry, that nothing is listed twice, and that
`included_in` and `part_of` never lead back to where they started. Any failure names the file
and the path of the field, and the transaction leaves the database as it was.
"""
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from radsmodell.core.demo import DemoDataError, Place, read, save

from ..models import (
    Benefit,
    BenefitType,
    EpjVendor,
    Initiative,
    Mention,
    NationalSolution,
    OwnerAccount,
    Round,
    StatusReport,
)
from . import schema

__all__ = ["DEMO_DIR", "DEMO_OWNER", "DemoDataError", "create_demo_owner", "demo_loaded", "load_demo"]

DEMO_DIR = Path(__file__).resolve().parent


def demo_loaded() -> bool:
    return Initiative.objects.exists()


@transaction.atomic
def load_demo(directory: Path = DEMO_DIR) -> dict[str, int]:
    """Load solutions, vendors, rounds, initiatives (with status reports and mentions) and benefits; returns counts."""
    directory = Path(directory)
    solutions = _load_solutions(directory / "national_solutions.yaml")
    vendors = _load_vendors(directory / "epj_vendors.yaml")
    rounds = _load_rounds(directory / "rounds.yaml")
    initiatives = _load_initiatives(directory / "initiatives.yaml", solutions, vendors, rounds)
    _load_benefits(directory / "benefits.yaml", initiatives)
    return {
        "national solutions": NationalSolution.objects.count(),
        "EPJ vendors": EpjVendor.objects.count(),
        "initiatives": Initiative.objects.count(),
        "status reports": StatusReport.objects.count(),
        "mentions": Mention.objects.count(),
        "rounds": Round.objects.count(),
        "benefit types": BenefitType.objects.count(),
        "benefits": Benefit.objects.count(),
    }


# ---------------------------------------------------------------- the rules a schema cannot state


def _new_slug(place: Place, slug: str, seen: dict) -> str:
    if slug in seen:
        place.at("slug").fail(f"slug «{slug}» is used twice")
    return slug


def _find(place: Place, slug: str, known: dict, what: str):
    if slug not in known:
        place.fail(f"unknown {what} «{slug}»")
    return known[slug]


def _find_all(place: Place, slugs: list[str], known: dict, what: str) -> list:
    """The entries a list of slugs names, each once."""
    for index, slug in enumerate(slugs):
        if slug in slugs[:index]:
            place.at(index).fail(f"«{slug}» is listed twice")
    return [_find(place.at(index), slug, known, what) for index, slug in enumerate(slugs)]


def _assumption_of(place: Place, entry, field: str, values: tuple[str, ...]) -> None:
    """An assumption explains a value: it cannot stand where the value is left out."""
    if getattr(entry, field) and not any(getattr(entry, value) for value in values):
        place.at(field).fail(f"an assumption about {' or '.join(values)}, which is not given")


def _no_cycle(place: Place, start, attribute: str) -> None:
    seen, node = {start.pk}, getattr(start, attribute)
    while node is not None:
        if node.pk in seen:
            place.fail(f"«{start.slug}» ends up inside itself")
        seen.add(node.pk)
        node = getattr(node, attribute)


# ---------------------------------------------------------------- files


def _load_vendors(path: Path) -> dict[str, EpjVendor]:
    where = Place(path.name).at("vendors")
    vendors = {}
    for index, entry in enumerate(read(path, schema.EpjVendorsFile).vendors):
        here = where.at(index)
        slug = _new_slug(here, entry.slug, vendors)
        vendors[slug] = save(here, EpjVendor(slug=slug, name=entry.name, systems=entry.systems, source=entry.source))
    return vendors


def _load_solutions(path: Path) -> dict[str, NationalSolution]:
    where = Place(path.name).at("solutions")
    entries = read(path, schema.NationalSolutionsFile).solutions
    solutions = {}
    for index, entry in enumerate(entries):
        here = where.at(index)
        slug = _new_slug(here, entry.slug, solutions)
        solutions[slug] = save(here, NationalSolution(
            slug=slug, name=entry.name, short_name=entry.short_name, description=entry.description,
            source=entry.source))
    # Links between solutions once all exist.
    linked = [(where.at(index).at("included_in"), solutions[entry.slug], entry.included_in)
              for index, entry in enumerate(entries) if entry.included_in]
    for there, solution, target in linked:
        solution.included_in = _find(there, target, solutions, "national solution")
        if solution.included_in == solution:
            there.fail("a solution cannot be included in itself")
        solution.save()
    for there, solution, _target in linked:
        _no_cycle(there, solution, "included_in")
    return solutions


def _load_rounds(path: Path) -> dict[str, Round]:
    where = Place(path.name).at("rounds")
    rounds = {}
    for index, entry in enumerate(read(path, schema.RoundsFile).rounds):
        here = where.at(index)
        slug = _new_slug(here, entry.slug, rounds)
        rounds[slug] = save(here, Round(
            slug=slug, name=entry.name, cut_off=entry.cut_off, status=Round.Status.CLOSED,
            stated=dict(entry.stated), themes=list(entry.themes), notes=[note.model_dump() for note in entry.notes],
            source=entry.source, assumption=entry.assumption,
        ))
    return rounds


def _load_initiatives(path: Path, solutions: dict, vendors: dict, rounds: dict) -> dict[str, Initiative]:
    where = Place(path.name).at("initiatives")
    entries = read(path, schema.InitiativesFile).initiatives
    initiatives = {}
    for index, entry in enumerate(entries):
        here = where.at(index)
        slug = _new_slug(here, entry.slug, initiatives)
        for number, goal in enumerate(entry.goals):
            if goal in entry.goals[:number]:
                here.at("goals").at(number).fail(f"goal {goal} is listed twice")
        _assumption_of(here, entry, "owner_assumption", ("owner", "owner_type"))
        _assumption_of(here, entry, "phase_assumption", ("phase",))
        initiative = initiatives[slug] = save(here, Initiative(
            slug=slug, name=entry.name, short_name=entry.short_name, description=entry.description,
            owner=entry.owner, owner_type=entry.owner_type or "", segment=entry.segment or "",
            lifecycle=entry.lifecycle or "", phase=entry.phase or "", period=entry.period, goals=list(entry.goals),
            investment=entry.investment, source=entry.source, owner_assumption=entry.owner_assumption,
            phase_assumption=entry.phase_assumption,
        ))
        initiative.national_solutions.set(
            _find_all(here.at("national_solutions"), entry.national_solutions, solutions, "national solution"))
        initiative.epj_vendors.set(_find_all(here.at("epj_vendors"), entry.epj_vendors, vendors, "EPJ vendor"))
        for number, mention in enumerate(entry.mentions):
            save(here.at("mentions").at(number), Mention(initiative=initiative, source=mention.source,
                                                          text=mention.text))
        _load_status(here, entry, initiative, rounds)

    # Links between initiatives once all exist.
    for index, entry in enumerate(entries):
        here, initiative = where.at(index), initiatives[entry.slug]
        if entry.part_of:
            initiative.part_of = _find(here.at("part_of"), entry.part_of, initiatives, "initiative")
            if initiative.part_of == initiative:
                here.at("part_of").fail("an initiative cannot be part of itself")
            initiative.save()
        depends_on = _find_all(here.at("depends_on"), entry.depends_on, initiatives, "initiative")
        if initiative in depends_on:
            here.at("depends_on").fail("an initiative cannot depend on itself")
        initiative.depends_on.set(depends_on)
    for index, entry in enumerate(entries):
        if entry.part_of:
            _no_cycle(where.at(index).at("part_of"), initiatives[entry.slug], "part_of")
    return initiatives


def _load_status(where: Place, entry: schema.Initiative, initiative: Initiative, rounds: dict) -> None:
    """One accepted status report per round the seeds give a status in."""
    seen = set()
    for index, status in enumerate(entry.status):
        here = where.at("status").at(index)
        round_ = _find(here.at("round"), status.round, rounds, "round")
        if round_.slug in seen:
            here.at("round").fail(f"a second status in round «{round_.slug}»")
        seen.add(round_.slug)
        _assumption_of(here, status, "assumption", ("overall",))
        save(here, StatusReport(
            round=round_, initiative=initiative, state=StatusReport.State.ACCEPTED,
            overall=status.overall or "", assumption=status.assumption, text=status.text,
            # The status is what the round's report says; the entry may name a narrower source.
            source=status.source or round_.source,
            # The demo rounds are closed: they keep the initiative as the seeds describe it.
            snapshot_lifecycle=initiative.lifecycle, snapshot_segment=initiative.segment,
            snapshot_owner_type=initiative.owner_type, snapshot_solutions=sorted(entry.national_solutions),
            snapshot_depends_on=sorted(entry.depends_on),  # slugs checked when the links are set below
            snapshot_vendors=sorted(entry.epj_vendors),
        ))


def _load_benefits(path: Path, initiatives: dict) -> None:
    where = Place(path.name)
    data = read(path, schema.BenefitsFile)
    types = {}
    for index, entry in enumerate(data.benefit_types):
        here = where.at("benefit_types").at(index)
        slug = _new_slug(here, entry.slug, types)
        types[slug] = save(here, BenefitType(slug=slug, name=entry.name, position=index + 1))
    for index, entry in enumerate(data.benefits):
        here = where.at("benefits").at(index)
        save(here, Benefit(
            initiative=_find(here.at("initiative"), entry.initiative, initiatives, "initiative"),
            type=_find(here.at("type"), entry.type, types, "benefit type"),
            service=entry.service, text=entry.text, realised_by=entry.realised_by, target=entry.target,
            unit=entry.unit, year=entry.year, source=entry.source,
        ))


# A demo user who reports status for one owner's initiatives (Helse Nord RHF owns DIS fase 3).
DEMO_OWNER = ("tiltakseier", "tiltakseier-demo", "Helse Nord RHF")


def create_demo_owner() -> None:
    username, password, owner = DEMO_OWNER
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": f"Tiltakseier {owner} (demo)",
                                     "email": f"{username}@example.org"})  # a reserved domain (RFC 2606)
    if created:
        user.set_password(password)
        user.save()
    OwnerAccount.objects.get_or_create(user=user, owner=owner)

