"""Load the duty-to-pay gates (gates.yaml) and the investment cases (investments.yaml and the
case files it names) beside this module. Runs after the portfolio demo: gates and cases link
to its national solutions and initiatives.

Every field is checked; a wrong one stops the load with the file and the path of the field,
and the transaction leaves the database as it was. Gates are written through gate_services,
so the demo obeys the same rules as the pages (an approval needs all six requirements met).
"""
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from radsmodell.council.demo.load import DemoDataError, _check_keys, _date, _read, _Where
from radsmodell.portfolio.demo.load import _list, _lookup, _save, _string, _unique_slug
from radsmodell.portfolio.models import Initiative, NationalSolution

from .. import gate as rules
from .. import gate_services
from ..appraisal import years_as_numbers
from ..economics import investment_case_from_dict
from ..engine import ModelFileError
from ..models import GateRequirement, InvestmentCase, PaymentGate

__all__ = ["DEMO_DIR", "DemoDataError", "gates_loaded", "load_gates_and_investments"]

DEMO_DIR = Path(__file__).resolve().parent

GATE_FIELDS = {"slug", "service", "solution", "initiative", "legal", "requirements", "approval", "production_date",
               "planned_entry", "note", "source"}
LEGAL_FIELDS = {"status", "decided_by", "decided_on"}
REQUIREMENT_FIELDS = {"number", "met", "evidence"}
APPROVAL_FIELDS = {"approved_by", "approved_on", "target_groups", "epj_systems"}
INVESTMENT_FIELDS = {"slug", "file", "initiative", "solution", "source"}


def gates_loaded() -> bool:
    return PaymentGate.objects.exists() or InvestmentCase.objects.exists()


@transaction.atomic
def load_gates_and_investments(directory: Path = DEMO_DIR) -> dict[str, int]:
    """Create the gates with their requirements and the investment cases; returns counts."""
    directory = Path(directory)
    solutions = {s.slug: s for s in NationalSolution.objects.all()}
    initiatives = {i.slug: i for i in Initiative.objects.all()}
    _load_gates(directory / "gates.yaml", solutions, initiatives)
    _load_investments(directory / "investments.yaml", directory, solutions, initiatives)
    return {
        "payment gates": PaymentGate.objects.count(),
        "gate requirements": GateRequirement.objects.count(),
        "investment cases": InvestmentCase.objects.count(),
    }


def _service_call(where: _Where, call, *args, **kwargs):
    """Run a gate service; a refusal becomes an error naming the file and the field."""
    try:
        return call(*args, **kwargs)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            field, messages = next(iter(error.message_dict.items()))
            (where.at(field) if field != "__all__" else where).fail(" ".join(messages))
        where.fail(" ".join(error.messages))


def _optional(where: _Where, data: dict, key: str, related: dict, what: str):
    return _lookup(where.at(key), data[key], related, what) if data.get(key) is not None else None


def _bool(where: _Where, value) -> bool:
    if not isinstance(value, bool):
        where.fail(f"«{value}» is not true or false")
    return value


def _load_gates(path: Path, solutions: dict, initiatives: dict) -> None:
    where = _Where(path.name)
    data = _read(path)
    _check_keys(where, data, {"gates"})
    seen = {}
    for index, entry in enumerate(_list(where, data, "gates", required=True)):
        here = where.at(f"gates[{index}]")
        _check_keys(here, entry, GATE_FIELDS)
        slug = _unique_slug(here.at("slug"), entry.get("slug"), seen)
        gate = _service_call(
            here, gate_services.create_gate, _string(here.at("service"), entry.get("service"), required=True),
            slug=slug, solution=_optional(here, entry, "solution", solutions, "national solution"),
            initiative=_optional(here, entry, "initiative", initiatives, "initiative"),
            production_date=_date(here.at("production_date"), entry.get("production_date")),
            planned_entry=_date(here.at("planned_entry"), entry.get("planned_entry")),
            note=_string(here.at("note"), entry.get("note")),
            source=_string(here.at("source"), entry.get("source"), required=True))
        seen[slug] = gate
        if entry.get("legal") is not None:
            _legal(here.at("legal"), entry["legal"], gate)
        _requirements(here, entry, gate)
        if entry.get("approval") is not None:
            _approval(here.at("approval"), entry["approval"], gate)


def _legal(where: _Where, data, gate: PaymentGate) -> None:
    _check_keys(where, data, LEGAL_FIELDS)
    status = _string(where.at("status"), data.get("status"), required=True)
    if status not in rules.LEGAL_VALUES:
        where.at("status").fail(f"«{status}» is not one of {', '.join(rules.LEGAL_VALUES)}")
    _service_call(where, gate_services.record_legal_assessment, gate, status,
                  decided_by=_string(where.at("decided_by"), data.get("decided_by")),
                  decided_on=_date(where.at("decided_on"), data.get("decided_on")))


def _requirements(where: _Where, entry: dict, gate: PaymentGate) -> None:
    numbers = set()
    for index, data in enumerate(_list(where, entry, "requirements")):
        here = where.at(f"requirements[{index}]")
        _check_keys(here, data, REQUIREMENT_FIELDS)
        number = data.get("number")
        if isinstance(number, bool) or number not in rules.REQUIREMENT_NUMBERS:
            here.at("number").fail(f"«{number}» is not a requirement 1–6")
        if number in numbers:
            here.at("number").fail(f"requirement {number} is listed twice")
        numbers.add(number)
        _service_call(here, gate_services.update_requirement, gate, number,
                      met=_bool(here.at("met"), data.get("met", False)),
                      evidence=_string(here.at("evidence"), data.get("evidence")))


def _approval(where: _Where, data, gate: PaymentGate) -> None:
    _check_keys(where, data, APPROVAL_FIELDS)
    _service_call(where, gate_services.approve, gate,
                  approved_by=_string(where.at("approved_by"), data.get("approved_by")),
                  approved_on=_date(where.at("approved_on"), data.get("approved_on")),
                  target_groups=_string(where.at("target_groups"), data.get("target_groups")),
                  epj_systems=_string(where.at("epj_systems"), data.get("epj_systems")))


def _load_investments(path: Path, directory: Path, solutions: dict, initiatives: dict) -> None:
    where = _Where(path.name)
    data = _read(path)
    _check_keys(where, data, {"investments"})
    seen = {}
    for index, entry in enumerate(_list(where, data, "investments", required=True)):
        here = where.at(f"investments[{index}]")
        _check_keys(here, entry, INVESTMENT_FIELDS)
        slug = _unique_slug(here.at("slug"), entry.get("slug"), seen)
        name = _string(here.at("file"), entry.get("file"), required=True)
        case_path = directory / name
        if case_path.parent != directory or case_path.suffix != ".yaml" or not case_path.is_file():
            here.at("file").fail(f"«{name}» is not a YAML file in this folder")
        definition = _read(case_path)
        try:
            # As stored: through JSON (years become text) and back, as the pages will read it.
            stored = json.loads(json.dumps(definition))
            case = investment_case_from_dict(years_as_numbers(stored), origin=case_path.name)
        except ModelFileError as error:
            raise DemoDataError(str(error)) from None
        except (TypeError, ValueError) as error:
            raise DemoDataError(f"{case_path.name}: {error}") from None
        seen[slug] = _save(here, InvestmentCase(
            slug=slug, name=case.name, owner=case.owner,
            initiative=_optional(here, entry, "initiative", initiatives, "initiative"),
            solution=_optional(here, entry, "solution", solutions, "national solution"),
            definition=stored, source=_string(here.at("source"), entry.get("source"), required=True)))
