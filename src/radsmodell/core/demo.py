"""Demo data: how each app declares the shape of its YAML files, and how the sets are loaded.

A demo file is read against a pydantic schema (`DemoSchema` subclasses in `<app>/demo/schema.py`):
unknown keys, wrong types and missing fields are refused before anything is written, with the
file and the path of the field ("nuit-2024-05-15.yaml: agenda[2].time: ..."). Rules a schema
cannot state (a slug that must name an existing row, a duplicate) fail the same way through
`Place`. Each app registers its set with `register()` in its `hooks.py`; `load_all()` loads the
sets that are not loaded yet, in dependency order, in one transaction.

The messages are for whoever edits the demo files, and stay in English like the files' keys.
"""
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import yaml
from django.core.exceptions import ValidationError as RefusedByModel
from django.db import transaction
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, StringConstraints, ValidationError


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's parser when PyYAML was built with it (about ten times faster than the Python
    one). Dates stay text here, so the schema checks them and a wrong one is named by its field."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}


class DemoDataError(Exception):
    """Names the file and the field that is wrong."""


# --- where a value sits, for the rules a schema cannot state ----------------------------------

@dataclass(frozen=True)
class Place:
    file: str
    path: str = ""

    def at(self, part) -> "Place":
        step = f"[{part}]" if isinstance(part, int) else (f".{part}" if self.path else str(part))
        return Place(self.file, self.path + step)

    def fail(self, message: str) -> NoReturn:
        raise DemoDataError(f"{self.file}: {self.path or '(top)'}: {message}")


def save(place: Place, instance):
    """Check a model instance against its own rules (lengths, choices, uniqueness) and save it; a
    refusal fails at the field it names, so the database never refuses a demo row."""
    try:
        instance.full_clean()
    except RefusedByModel as error:
        refusal(place, error)
    instance.save()
    return instance


def refusal(place: Place, error) -> NoReturn:
    """A Django ValidationError (from a model or a service) as a demo-data error at its field."""
    if hasattr(error, "error_dict"):
        field, messages = next(iter(error.message_dict.items()))
        (place.at(field) if field != "__all__" else place).fail(" ".join(str(m) for m in messages))
    place.fail(" ".join(str(m) for m in error.messages))


# --- the value types the schemas share ----------------------------------------------------------

def _text(value: Any) -> str:
    """Text as written; a number is taken as its text; lists, mappings and true/false are refused."""
    if value is None:
        return ""
    if isinstance(value, (dict, list, bool)):
        raise ValueError(f"expected text, not {type(value).__name__}")
    return str(value).strip()


def _iso_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"«{value}» is not a date (YYYY-MM-DD)") from None


def _clock(value: Any) -> time | None:
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        return time(*divmod(value, 60))  # YAML 1.1 reads an unquoted 12:20 as the base-60 number 740
    try:
        return datetime.strptime(str(value), "%H:%M").time()
    except ValueError:
        raise ValueError(f"«{value}» is not a time (HH:MM)") from None


def _present(value: Any) -> Any:
    if value is None:
        raise ValueError("missing")
    return value


def _whole(value: Any) -> int:
    # YAML's own integers only: "5" in quotes and true/false are mistakes in a demo file.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, not «{value}»")
    return value


Text = Annotated[str, BeforeValidator(_text)]
RequiredText = Annotated[str, BeforeValidator(_text), StringConstraints(min_length=1)]
Slug = Annotated[str, BeforeValidator(_text), StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
Whole = Annotated[int, BeforeValidator(_whole)]
IsoDate = Annotated[date | None, BeforeValidator(_iso_date)]
RequiredDate = Annotated[date | None, BeforeValidator(_iso_date), AfterValidator(_present)]
Clock = Annotated[time | None, BeforeValidator(_clock)]


class DemoSchema(BaseModel):
    """A mapping in a demo file: every key declared, nothing else allowed."""
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- reading a file -----------------------------------------------------------------------------

Schema = TypeVar("Schema", bound=BaseModel)


def read_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        raise DemoDataError(f"{path.name}:{line}: not valid YAML ({getattr(error, 'problem', error)})") from None


def read(path: Path, schema: type[Schema]) -> Schema:
    """The file, checked against its schema; DemoDataError with every problem found."""
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise DemoDataError(f"{path.name}: expected a mapping at the top")
    try:
        return schema.model_validate(data)
    except ValidationError as error:
        raise DemoDataError("\n".join(describe_errors(path.name, error))) from None


def _path(loc: tuple) -> str:
    """('agenda', 2, 'time') -> 'agenda[2].time', as Place spells it."""
    place = Place("")
    for part in loc:
        if part != "[key]":  # pydantic's marker for a mapping's key: the key itself is named already
            place = place.at(part)
    return place.path


MESSAGES = {
    "missing": "missing",
    "list_type": "expected a list",
    "dict_type": "expected a mapping",
    "model_type": "expected a mapping",
    "model_attributes_type": "expected a mapping",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "string_type": "expected text",
}


def describe_errors(file: str, error: ValidationError) -> list[str]:
    """pydantic's errors in the words of the demo files, one line each, in the schema's field
    order, unknown keys last.

    Unknown keys are gathered per mapping ("unknown field(s) a, b"), as the mapping is where
    the mistake is read."""
    lines: list[str] = []
    unknown: dict[tuple, list[str]] = {}
    for item in error.errors():
        loc = tuple(item["loc"])
        if item["type"] == "extra_forbidden":
            parent = loc[:-1]
            if parent not in unknown:
                unknown[parent] = []
                lines.append(parent)  # placeholder, filled once every unknown key is known
            unknown[parent].append(str(loc[-1]))
            continue
        lines.append(f"{file}: {_path(loc) or '(top)'}: {_message(item)}")
    return [f"{file}: {_path(line) or '(top)'}: unknown field(s) {', '.join(sorted(unknown[line]))}"
            if isinstance(line, tuple) else line for line in lines]


def _message(item: dict) -> str:
    kind = item["type"]
    if kind == "value_error":
        return re.sub(r"^Value error, ", "", item["msg"])
    if kind == "literal_error":
        return f"«{item.get('input')}» is not one of {item['ctx']['expected']}"
    if kind == "string_pattern_mismatch":
        return f"«{item.get('input')}» is not a kebab-case ASCII slug"
    if kind in ("string_too_short", "too_short") and isinstance(item.get("input"), str):
        return "missing"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, not «{item.get('input')}»"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"«{item.get('input')}» is out of range ({item['msg'].removeprefix('Input should be ')})"
    return MESSAGES.get(kind, item["msg"])


# --- the demo sets ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Login:
    username: str
    password: str
    description: str


@dataclass(frozen=True)
class DemoSet:
    """One app's demo data. `load` writes it and returns counts of what it made; `after` names
    the sets it links to, which load first."""
    name: str
    load: Callable[[], dict[str, int]]
    is_loaded: Callable[[], bool]
    after: tuple[str, ...] = ()
    logins: tuple[Login, ...] = ()


_sets: dict[str, DemoSet] = {}


def register(demo_set: DemoSet) -> DemoSet:
    _sets[demo_set.name] = replace(demo_set, load=_indexed_once(demo_set.load))
    return demo_set


def _indexed_once(load: Callable[[], dict[str, int]]) -> Callable[[], dict[str, int]]:
    """A set's rows are written without reindexing each one, and the search index is rebuilt after
    it (in the same transaction): half the time of indexing row by row."""
    def load_then_index() -> dict[str, int]:
        from . import search

        with transaction.atomic():
            with search.paused():
                counts = load()
            search.reindex()
        return counts
    return load_then_index


EVERY_OTHER_SET = "*"  # in `after`: the set links the others together and loads last


def _earlier(demo_set: DemoSet) -> tuple[str, ...]:
    if EVERY_OTHER_SET in demo_set.after:
        return tuple(name for name, other in _sets.items()
                     if other is not demo_set and EVERY_OTHER_SET not in other.after)
    return demo_set.after


def ordered_sets() -> list[DemoSet]:
    """Every registered set after the sets it names in `after`."""
    done: list[DemoSet] = []

    def visit(name: str, chain: tuple[str, ...]) -> None:
        if name in chain:
            raise DemoDataError(f"demo sets depend on each other in a circle: {' → '.join(chain + (name,))}")
        if name not in _sets:
            raise DemoDataError(f"demo set «{chain[-1]}» loads after «{name}», which no app registers")
        demo_set = _sets[name]
        if demo_set in done:
            return
        for earlier in _earlier(demo_set):
            visit(earlier, chain + (name,))
        done.append(demo_set)

    for name in _sets:  # in the order the apps registered them
        visit(name, ())
    return done


@transaction.atomic
def load_all() -> dict[str, int]:
    """Load every set not loaded yet, so a database made before a set existed gets it too."""
    counts: dict[str, int] = {}
    for demo_set in ordered_sets():
        if not demo_set.is_loaded():
            counts.update(demo_set.load())
    return counts


def logins() -> list[Login]:
    return [login for demo_set in ordered_sets() for login in demo_set.logins]
