"""Load the duty-to-pay gates (gates.yaml) and the investment cases (investments.yaml and the
case files it names) beside this module. Runs after the portfolio demo: gates and cases link
to its national solutions and initiatives.

Each file is read against its schema (schema.py); then the loader checks what a schema cannot
(the slugs it links to, duplicates) and a wrong field stops the load with the file and the
path of the field, leaving the database as it was. Gates are written through gate_services,
so the demo obeys the same rules as the pages (a service's list starts from the template of six,
and an approval needs every requirement on the list met).
"""
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from radsmodell.core.demo import DemoDataError, Place, read, read_yaml, refusal, save
from radsmodell.portfolio.models import Initiative, NationalSolution

from .. import gate as rules
from .. import gate_services
from ..appraisal import years_as_numbers
from ..economics import investment_case_from_dict
from ..engine import ModelFileError
from ..models import GateRequirement, InvestmentCase, PaymentGate
from .schema import Gate, GatesFile, Investment, InvestmentsFile

__all__ = ["DEMO_DIR", "DemoDataError", "gates_loaded", "load_gates_and_investments"]

DEMO_DIR = Path(__file__).resolve().parent


def gates_loaded() -> bool:
    return PaymentGate.objects.exists() or InvestmentCase.objects.exists()


@transaction.atomic
def load_gates_and_investments(directory: Path = DEMO_DIR) -> dict[str, int]:
    """Create the gates with their requirements and the investment cases; returns counts."""
    directory = Path(directory)
    links = Links({s.slug: s for s in NationalSolution.objects.all()}, {i.slug: i for i in Initiative.objects.all()})
    gates = read(directory / "gates.yaml", GatesFile)
    _unique_slugs(Place("gates.yaml", "gates"), gates.gates)
    for index, gate in enumerate(gates.gates):
        _load_gate(Place("gates.yaml", "gates").at(index), gate, links)
    investments = read(directory / "investments.yaml", InvestmentsFile)
    _unique_slugs(Place("investments.yaml", "investments"), investments.investments)
    for index, investment in enumerate(investments.investments):
        _load_investment(Place("investments.yaml", "investments").at(index), investment, directory, links)
    return {
        "payment gates": PaymentGate.objects.count(),
        "gate requirements": GateRequirement.objects.count(),
        "investment cases": InvestmentCase.objects.count(),
    }


class Links:
    """The portfolio demo's national solutions and initiatives, by slug."""

    def __init__(self, solutions: dict, initiatives: dict):
        self.solutions, self.initiatives = solutions, initiatives

    def solution(self, place: Place, slug: str | None) -> NationalSolution | None:
        if slug is not None and slug not in self.solutions:
            place.fail(f"unknown national solution «{slug}»")
        return self.solutions.get(slug)

    def initiative(self, place: Place, slug: str | None) -> Initiative | None:
        if slug is not None and slug not in self.initiatives:
            place.fail(f"unknown initiative «{slug}»")
        return self.initiatives.get(slug)


def _unique_slugs(place: Place, entries: list) -> None:
    seen = set()
    for index, entry in enumerate(entries):
        if entry.slug in seen:
            place.at(index).at("slug").fail(f"slug «{entry.slug}» is used twice")
        seen.add(entry.slug)


def _load_gate(place: Place, entry: Gate, links: Links) -> None:
    try:
        gate = gate_services.create_gate(
            entry.service, slug=entry.slug, solution=links.solution(place.at("solution"), entry.solution),
            initiative=links.initiative(place.at("initiative"), entry.initiative),
            production_date=entry.production_date, planned_entry=entry.planned_entry, note=entry.note,
            source=entry.source, assumption=entry.assumption)
    except ValidationError as error:
        refusal(place, error)
    if entry.legal is not None:
        legal = entry.legal
        try:
            gate_services.record_legal_assessment(gate, legal.status, decided_by=legal.decided_by,
                                                  decided_on=legal.decided_on)
        except ValidationError as error:
            refusal(place.at("legal"), error)
    numbers = set()
    drops = []
    for index, requirement in enumerate(entry.requirements):
        here = place.at("requirements").at(index)
        try:
            if requirement.number is None:
                row = gate_services.add_requirement(gate, title=requirement.title, detail=requirement.detail)
            else:
                if requirement.number in numbers:
                    here.at("number").fail(f"requirement {requirement.number} is listed twice")
                numbers.add(requirement.number)
                row = gate.requirements.get(template=requirement.number)
                if requirement.title or requirement.detail:
                    proposed = rules.requirement(requirement.number)
                    gate_services.reword_requirement(gate, row.number, title=requirement.title or proposed.title,
                                                     detail=requirement.detail or proposed.detail)
            gate_services.update_requirement(gate, row.number, met=requirement.met, evidence=requirement.evidence,
                                             assumption=requirement.assumption)
        except ValidationError as error:
            refusal(here, error)
        if requirement.dropped:
            drops.append((here, row.number, requirement.dropped))
    for here, number, reason in drops:  # after the additions, so a list is never left empty on the way
        try:
            gate_services.drop_requirement(gate, number, reason=reason)
        except ValidationError as error:
            refusal(here.at("dropped"), error)
    if entry.approval is not None:
        try:
            gate_services.approve(gate, **entry.approval.model_dump())
        except ValidationError as error:
            refusal(place.at("approval"), error)


def _load_investment(place: Place, entry: Investment, directory: Path, links: Links) -> None:
    case_path = directory / entry.file
    if case_path.parent != directory or case_path.suffix != ".yaml" or not case_path.is_file():
        place.at("file").fail(f"«{entry.file}» is not a YAML file in this folder")
    try:
        # As stored: through JSON (years become text) and back, as the pages will read it.
        stored = json.loads(json.dumps(read_yaml(case_path)))
        case = investment_case_from_dict(years_as_numbers(stored), origin=case_path.name)
    except ModelFileError as error:
        raise DemoDataError(str(error)) from None
    except (TypeError, ValueError) as error:
        raise DemoDataError(f"{case_path.name}: {error}") from None
    row = InvestmentCase(slug=entry.slug, name=case.name, owner=case.owner, definition=stored, source=entry.source,
                         initiative=links.initiative(place.at("initiative"), entry.initiative),
                         solution=links.solution(place.at("solution"), entry.solution))
    save(place, row)
