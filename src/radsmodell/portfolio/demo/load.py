"""Load the portfolio's demo data (the YAML files beside this module, see README.md).

Every field is checked; a wrong one stops the load with the file and the path of the
field, and the transaction leaves the database as it was. Links between entries of the
same kind (``included_in``, ``part_of``, ``depends_on``) are resolved once all exist.
"""
import re
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models, transaction

from radsmodell.council.demo.load import DemoDataError, _check_keys, _date, _read, _text, _Where

from ..models import Benefit, BenefitType, EpjVendor, Initiative, Mention, NationalSolution, Round, StatusReport

__all__ = ["DEMO_DIR", "DemoDataError", "demo_loaded", "load_demo"]

DEMO_DIR = Path(__file__).resolve().parent

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
GOALS = range(1, 6)
STATED_KEYS = {"total", "active", "new", "completed", "paused", "red"}

VENDOR_FIELDS = {"slug", "name", "systems", "source"}
SOLUTION_FIELDS = {"slug", "name", "short_name", "description", "included_in", "source", "mentions"}
INITIATIVE_FIELDS = {
    "slug", "name", "short_name", "description", "owner", "owner_type", "segment", "lifecycle", "phase", "period",
    "part_of", "national_solutions", "epj_vendors", "depends_on", "goals", "status", "investment", "source", "mentions",
}
STATUS_FIELDS = {"round", "overall", "text", "source"}
ROUND_FIELDS = {"slug", "name", "cut_off", "stated", "themes", "notes", "source"}
BENEFIT_TYPE_FIELDS = {"slug", "name", "source"}
BENEFIT_FIELDS = {"initiative", "service", "type", "realised_by", "target", "unit", "year", "text", "source"}
MENTION_FIELDS = {"source", "text"}


def demo_loaded() -> bool:
    return Initiative.objects.exists()


@transaction.atomic
def load_demo(directory: Path = DEMO_DIR) -> dict[str, int]:
    """Load solutions, rounds, initiatives (with status reports and mentions) and benefits; returns counts."""
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


# ---------------------------------------------------------------- small checks


def _list(where: _Where, data: dict, key: str, required: bool = False) -> list:
    value = data.get(key)
    if value is None:
        if required:
            where.at(key).fail("missing (expected a list)")
        return []
    if not isinstance(value, list):
        where.at(key).fail("expected a list")
    return value


def _string(where: _Where, value, required: bool = False) -> str:
    """Text as written; numbers are taken as their text, lists and mappings are refused."""
    if isinstance(value, (dict, list, bool)):
        where.fail(f"expected text, not {type(value).__name__}")
    text = _text(value)
    if required and not text:
        where.fail("missing")
    return text


def _slug(where: _Where, value) -> str:
    slug = _string(where, value, required=True)
    if not SLUG.match(slug):
        where.fail(f"«{slug}» is not a kebab-case ASCII slug")
    return slug


def _unique_slug(where: _Where, value, seen: dict) -> str:
    slug = _slug(where, value)
    if slug in seen:
        where.fail(f"slug «{slug}» is used twice")
    return slug


def _choice(where: _Where, value, choices: type[models.TextChoices]) -> str:
    if value in (None, ""):
        return ""
    if value not in choices.values:
        where.fail(f"«{value}» is not one of {', '.join(choices.values)}")
    return value


def _lookup(where: _Where, value, known: dict, what: str):
    slug = _string(where, value, required=True)
    if slug not in known:
        where.fail(f"unknown {what} «{slug}»")
    return known[slug]


def _lookups(where: _Where, data: dict, key: str, known: dict, what: str) -> list:
    found, seen = [], set()
    for index, value in enumerate(_list(where, data, key)):
        here = where.at(f"{key}[{index}]")
        target = _lookup(here, value, known, what)
        if value in seen:
            here.fail(f"«{value}» is listed twice")
        seen.add(value)
        found.append(target)
    return found


def _mentions(where: _Where, data: dict) -> list[dict]:
    mentions = []
    for index, mention in enumerate(_list(where, data, "mentions")):
        here = where.at(f"mentions[{index}]")
        _check_keys(here, mention, MENTION_FIELDS)
        mentions.append({
            "source": _string(here.at("source"), mention.get("source"), required=True),
            "text": _string(here.at("text"), mention.get("text"), required=True),
        })
    return mentions


def _save(where: _Where, instance: models.Model) -> models.Model:
    """Validate against the model (lengths, slugs, choices, uniqueness) before saving."""
    try:
        instance.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        (where.at(field) if field != "__all__" else where).fail(" ".join(str(m) for m in messages))
    instance.save()
    return instance


def _no_cycle(where: _Where, start, attribute: str) -> None:
    seen, node = {start.pk}, getattr(start, attribute)
    while node is not None:
        if node.pk in seen:
            where.fail(f"«{start.slug}» ends up inside itself")
        seen.add(node.pk)
        node = getattr(node, attribute)


# ---------------------------------------------------------------- files


def _load_vendors(path: Path) -> dict[str, EpjVendor]:
    where = _Where(path.name)
    data = _read(path)
    _check_keys(where, data, {"vendors"})
    vendors = {}
    for index, entry in enumerate(_list(where, data, "vendors", required=True)):
        here = where.at(f"vendors[{index}]")
        _check_keys(here, entry, VENDOR_FIELDS)
        slug = _unique_slug(here.at("slug"), entry.get("slug"), vendors)
        vendors[slug] = _save(here, EpjVendor(
            slug=slug, name=_string(here.at("name"), entry.get("name"), required=True),
            systems=_string(here.at("systems"), entry.get("systems")),
            source=_string(here.at("source"), entry.get("source"), required=True),
        ))
    return vendors


def _load_solutions(path: Path) -> dict[str, NationalSolution]:
    where = _Where(path.name)
    data = _read(path)
    _check_keys(where, data, {"solutions"})
    solutions, links = {}, []
    for index, entry in enumerate(_list(where, data, "solutions", required=True)):
        here = where.at(f"solutions[{index}]")
        _check_keys(here, entry, SOLUTION_FIELDS)
        slug = _unique_slug(here.at("slug"), entry.get("slug"), solutions)
        # The model has no place for a solution's mentions: they are checked, not stored.
        _mentions(here, entry)
        solutions[slug] = _save(here, NationalSolution(
            slug=slug, name=_string(here.at("name"), entry.get("name"), required=True),
            short_name=_string(here.at("short_name"), entry.get("short_name")),
            description=_string(here.at("description"), entry.get("description")),
            source=_string(here.at("source"), entry.get("source"), required=True),
        ))
        if entry.get("included_in") is not None:
            links.append((here.at("included_in"), solutions[slug], entry["included_in"]))
    for there, solution, target in links:
        solution.included_in = _lookup(there, target, solutions, "national solution")
        if solution.included_in == solution:
            there.fail("a solution cannot be included in itself")
        solution.save()
    for there, solution, _ in links:
        _no_cycle(there, solution, "included_in")
    return solutions


def _load_rounds(path: Path) -> dict[str, Round]:
    where = _Where(path.name)
    data = _read(path)
    _check_keys(where, data, {"rounds"})
    rounds = {}
    for index, entry in enumerate(_list(where, data, "rounds", required=True)):
        here = where.at(f"rounds[{index}]")
        _check_keys(here, entry, ROUND_FIELDS)
        slug = _unique_slug(here.at("slug"), entry.get("slug"), rounds)
        stated = entry.get("stated") or {}
        _check_keys(here.at("stated"), stated, STATED_KEYS)
        for key, figure in stated.items():
            if not isinstance(figure, int) or isinstance(figure, bool) or figure < 0:
                here.at(f"stated.{key}").fail(f"«{figure}» is not a whole number ≥ 0")
        themes = [_string(here.at(f"themes[{n}]"), theme, required=True)
                  for n, theme in enumerate(_list(here, entry, "themes"))]
        notes = []
        for n, note in enumerate(_list(here, entry, "notes")):
            there = here.at(f"notes[{n}]")
            _check_keys(there, note, MENTION_FIELDS)
            notes.append({"source": _string(there.at("source"), note.get("source"), required=True),
                          "text": _string(there.at("text"), note.get("text"), required=True)})
        rounds[slug] = _save(here, Round(
            slug=slug, name=_string(here.at("name"), entry.get("name"), required=True),
            cut_off=_date(here.at("cut_off"), entry.get("cut_off")), status=Round.Status.CLOSED,
            stated=dict(stated), themes=themes, notes=notes,
            source=_string(here.at("source"), entry.get("source"), required=True),
        ))
    return rounds


def _goals(where: _Where, data: dict) -> list[int]:
    goals = []
    for index, goal in enumerate(_list(where, data, "goals")):
        here = where.at(f"goals[{index}]")
        if not isinstance(goal, int) or isinstance(goal, bool) or goal not in GOALS:
            here.fail(f"«{goal}» is not a strategic goal 1–5")
        if goal in goals:
            here.fail(f"goal {goal} is listed twice")
        goals.append(goal)
    return goals


def _load_initiatives(path: Path, solutions: dict, vendors: dict, rounds: dict) -> dict[str, Initiative]:
    where = _Where(path.name)
    data = _read(path)
    _check_keys(where, data, {"initiatives"})
    initiatives, links = {}, []
    for index, entry in enumerate(_list(where, data, "initiatives", required=True)):
        here = where.at(f"initiatives[{index}]")
        _check_keys(here, entry, INITIATIVE_FIELDS)
        slug = _unique_slug(here.at("slug"), entry.get("slug"), initiatives)
        initiative = _save(here, Initiative(
            slug=slug, name=_string(here.at("name"), entry.get("name"), required=True),
            short_name=_string(here.at("short_name"), entry.get("short_name")),
            description=_string(here.at("description"), entry.get("description")),
            owner=_string(here.at("owner"), entry.get("owner")),
            owner_type=_choice(here.at("owner_type"), entry.get("owner_type"), Initiative.OwnerType),
            segment=_choice(here.at("segment"), entry.get("segment"), Initiative.Segment),
            lifecycle=_choice(here.at("lifecycle"), entry.get("lifecycle"), Initiative.Lifecycle),
            phase=_choice(here.at("phase"), entry.get("phase"), Initiative.Phase),
            period=_string(here.at("period"), entry.get("period")),
            goals=_goals(here, entry),
            investment=_string(here.at("investment"), entry.get("investment")),
            source=_string(here.at("source"), entry.get("source"), required=True),
        ))
        initiatives[slug] = initiative
        initiative.national_solutions.set(_lookups(here, entry, "national_solutions", solutions, "national solution"))
        initiative.epj_vendors.set(_lookups(here, entry, "epj_vendors", vendors, "EPJ vendor"))
        for mention in _mentions(here, entry):
            _save(here.at("mentions"), Mention(initiative=initiative, **mention))
        _load_status(here, entry, initiative, rounds)
        links.append((here, initiative, entry))

    for here, initiative, entry in links:
        if entry.get("part_of") is not None:
            initiative.part_of = _lookup(here.at("part_of"), entry["part_of"], initiatives, "initiative")
            if initiative.part_of == initiative:
                here.at("part_of").fail("an initiative cannot be part of itself")
            initiative.save()
        depends_on = _lookups(here, entry, "depends_on", initiatives, "initiative")
        if initiative in depends_on:
            here.at("depends_on").fail("an initiative cannot depend on itself")
        initiative.depends_on.set(depends_on)
    for here, initiative, entry in links:
        if initiative.part_of_id:
            _no_cycle(here.at("part_of"), initiative, "part_of")
    return initiatives


def _load_status(where: _Where, entry: dict, initiative: Initiative, rounds: dict) -> None:
    """One accepted status report per round the seeds give a status in."""
    seen = set()
    for index, status in enumerate(_list(where, entry, "status")):
        here = where.at(f"status[{index}]")
        _check_keys(here, status, STATUS_FIELDS)
        round_ = _lookup(here.at("round"), status.get("round"), rounds, "round")
        if round_.slug in seen:
            here.at("round").fail(f"a second status in round «{round_.slug}»")
        seen.add(round_.slug)
        _save(here, StatusReport(
            round=round_, initiative=initiative, state=StatusReport.State.ACCEPTED,
            overall=_choice(here.at("overall"), status.get("overall"), StatusReport.Rag),
            text=_string(here.at("text"), status.get("text")),
            # The status is what the round's report says; the entry may name a narrower source.
            source=_string(here.at("source"), status.get("source")) or round_.source,
            # The demo rounds are closed: they keep the initiative as the seeds describe it.
            snapshot_lifecycle=initiative.lifecycle, snapshot_segment=initiative.segment,
            snapshot_owner_type=initiative.owner_type,
        ))


def _load_benefits(path: Path, initiatives: dict) -> None:
    where = _Where(path.name)
    data = _read(path)
    _check_keys(where, data, {"benefit_types", "benefits"})
    types = {}
    for index, entry in enumerate(_list(where, data, "benefit_types", required=True)):
        here = where.at(f"benefit_types[{index}]")
        _check_keys(here, entry, BENEFIT_TYPE_FIELDS)
        slug = _unique_slug(here.at("slug"), entry.get("slug"), types)
        # BenefitType has no source field: it is checked, not stored.
        _string(here.at("source"), entry.get("source"))
        types[slug] = _save(here, BenefitType(
            slug=slug, name=_string(here.at("name"), entry.get("name"), required=True), position=index + 1,
        ))
    for index, entry in enumerate(_list(where, data, "benefits")):
        here = where.at(f"benefits[{index}]")
        _check_keys(here, entry, BENEFIT_FIELDS)
        year = entry.get("year")
        if year is not None and (not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2100):
            here.at("year").fail(f"«{year}» is not a year")
        _save(here, Benefit(
            initiative=_lookup(here.at("initiative"), entry.get("initiative"), initiatives, "initiative"),
            type=_lookup(here.at("type"), entry.get("type"), types, "benefit type"),
            service=_string(here.at("service"), entry.get("service")),
            text=_string(here.at("text"), entry.get("text")),
            realised_by=_string(here.at("realised_by"), entry.get("realised_by")),
            target=_string(here.at("target"), entry.get("target")),
            unit=_string(here.at("unit"), entry.get("unit")),
            year=year,
            source=_string(here.at("source"), entry.get("source"), required=True),
        ))


# A demo user who reports status for one owner's initiatives (Helse Nord RHF owns DIS fase 3).
DEMO_OWNER = ("tiltakseier", "tiltakseier-demo", "Helse Nord RHF")


def create_demo_owner() -> None:
    from django.contrib.auth import get_user_model

    from ..models import OwnerAccount

    username, password, owner = DEMO_OWNER
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": f"Tiltakseier {owner} (demo)"})
    if created:
        user.set_password(password)
        user.save()
    OwnerAccount.objects.get_or_create(user=user, owner=owner)
