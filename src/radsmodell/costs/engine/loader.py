"""Price models from data (YAML files or the same structure as dicts, e.g. stored as JSON).

Every parameter is written as {value, source, assumption}. Numbers that must be exact
(shares, weights, amounts) are written as text or whole numbers: "1/3", "0.495", "1633";
a float such as 0.495 is refused because it is not exact. Unknown fields are refused, so a
misspelt field does not silently fall back to a default. Errors name the file and the
field: "helsenettet-2025.yaml: periods[0].step.segments[2].share.value: ...".

Plain Python, no Django.
"""
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from ..orgnr import orgnr_problem
from .model import (
    SEGMENTS,
    Category,
    ChainRule,
    Key,
    ModelError,
    OtherIndustryRule,
    Param,
    Period,
    PriceModel,
    ReferencePrice,
    SegmentRule,
    Step,
)
from .money import AmountError, nok_to_ore, to_fraction


class ModelFileError(ModelError):
    """A price model file (or dict) that cannot be read: names the file and the field."""

    def __init__(self, origin: str, path: str, message: str):
        self.origin, self.path, self.message = origin, path, message
        super().__init__(f"{origin}: {path}: {message}" if path else f"{origin}: {message}")


class FieldReader:
    """Reads nested data field by field; every error names the origin and the field path."""

    def __init__(self, origin: str):
        self.origin = origin

    def fail(self, path: str, message: str):
        raise ModelFileError(self.origin, path, message)

    def mapping(self, node, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict:
        if not isinstance(node, dict):
            self.fail(path, "expected a mapping (field: value)")
        unknown = [k for k in node if k not in required + optional]
        if unknown:
            self.fail(join_path(path, str(unknown[0])), f"unknown field (known: {', '.join(required + optional)})")
        for name in required:
            if name not in node:
                self.fail(join_path(path, name), "missing")
        return node

    def text(self, node, path: str, allow_empty=False) -> str:
        if node is None and allow_empty:
            return ""
        if not isinstance(node, str) or (not allow_empty and not node.strip()):
            self.fail(path, "expected text")
        return node

    def year(self, node, path: str, allow_none=False) -> int | None:
        if node is None and allow_none:
            return None
        if isinstance(node, bool) or not isinstance(node, int) or not 1900 <= node <= 2200:
            self.fail(path, "expected a year such as 2025")
        return node

    def list(self, node, path: str) -> list:
        if not isinstance(node, list):
            self.fail(path, "expected a list")
        return node

    def param(self, node, path: str, convert: Callable[[Any, str], Any]) -> Param:
        node = self.mapping(node, path, ("value", "source"), ("assumption",))
        assumption = node.get("assumption", False)
        if not isinstance(assumption, bool):
            self.fail(join_path(path, "assumption"), "expected true or false")
        source = node["source"]
        if not isinstance(source, str) or not source.strip():
            self.fail(join_path(path, "source"), "every parameter needs a source (or a note that it is an assumption)")
        return Param(convert(node["value"], join_path(path, "value")), source.strip(), assumption)

    # Converters for `param`.
    def fraction(self, value, path):
        try:
            return to_fraction(value)
        except ValueError as error:
            self.fail(path, str(error))

    def decimal(self, value, path) -> Decimal:
        if isinstance(value, (bool, float)) or not isinstance(value, (int, str)):
            self.fail(path, "write the number as text or a whole number (a float is not exact)")
        try:
            number = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation:
            self.fail(path, f"«{value}» is not a number")
        if not number.is_finite() or number < 0:
            self.fail(path, f"«{value}» must be a number of zero or more")
        return number

    def integer(self, value, path) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.fail(path, "expected a whole number of zero or more")
        return value

    def boolean(self, value, path) -> bool:
        if not isinstance(value, bool):
            self.fail(path, "expected true or false")
        return value

    def code(self, value, path) -> str:
        return self.text(value, path)

    def ore(self, value, path) -> int:
        if isinstance(value, (bool, float)):
            self.fail(path, "write the amount as text or a whole number (a float is not exact)")
        try:
            return nok_to_ore(value)
        except AmountError as error:
            self.fail(path, str(error))

    def texts(self, value, path) -> tuple[str, ...]:
        items = self.list(value, path)
        for i, item in enumerate(items):
            self.text(item, f"{path}[{i}]")
        return tuple(items)

    def share_table(self, value, path) -> dict[str, Decimal]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(path, "expected organisation numbers with a weight each")
        table = {}
        for number, weight in value.items():
            number = str(number)
            problem = orgnr_problem(number)
            if problem:
                self.fail(join_path(path, number), problem)
            table[number] = self.decimal(weight, join_path(path, number))
        return table


def join_path(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _build(read: FieldReader, path: str, constructor, **fields):
    """The dataclass, or an error at `path` when its own checks refuse the values."""
    try:
        return constructor(**fields)
    except ModelFileError:
        raise
    except ModelError as error:
        read.fail(path, str(error))


def _optional(node: dict, name: str, path: str, convert):
    return convert(node[name], join_path(path, name)) if node.get(name) is not None else None


def price_model_from_dict(data: Any, origin: str = "price model") -> PriceModel:
    read = FieldReader(origin)
    data = read.mapping(data, "", ("slug", "name", "solution", "source", "periods"), ("description",))
    periods = tuple(_period(read, node, f"periods[{i}]")
                    for i, node in enumerate(read.list(data["periods"], "periods")))
    return _build(read, "periods", PriceModel,
                  slug=read.text(data["slug"], "slug"), name=read.text(data["name"], "name"),
                  solution=read.text(data["solution"], "solution"), source=read.text(data["source"], "source"),
                  description=read.text(data.get("description"), "description", allow_empty=True),
                  periods=periods, origin=origin)


def _period(read: FieldReader, node, path: str) -> Period:
    node = read.mapping(node, path, ("first_year", "step"), ("last_year", "legal_basis_step", "reference_prices"))
    references = read.list(node.get("reference_prices") or [], join_path(path, "reference_prices"))
    return _build(
        read, path, Period,
        first_year=read.year(node["first_year"], join_path(path, "first_year")),
        last_year=read.year(node.get("last_year"), join_path(path, "last_year"), allow_none=True),
        step=_step(read, node["step"], join_path(path, "step")),
        legal_basis_step=_optional(node, "legal_basis_step", path, lambda n, p: _step(read, n, p)),
        reference_prices=tuple(_reference(read, r, f"{path}.reference_prices[{i}]") for i, r in enumerate(references)))


def _step(read: FieldReader, node, path: str) -> Step:
    node = read.mapping(node, path, ("label", "segments"))
    segments = read.list(node["segments"], join_path(path, "segments"))
    return _build(read, join_path(path, "segments"), Step,
                  label=read.text(node["label"], join_path(path, "label")),
                  segments=tuple(_segment(read, s, f"{path}.segments[{i}]") for i, s in enumerate(segments)))


def _segment(read: FieldReader, node, path: str) -> SegmentRule:
    node = read.mapping(node, path, ("segment", "share", "key"), ("kinds",))
    return _build(read, path, SegmentRule,
                  segment=read.text(node["segment"], join_path(path, "segment")),
                  share=read.param(node["share"], join_path(path, "share"), read.fraction),
                  key=_key(read, node["key"], join_path(path, "key")),
                  kinds=_optional(node, "kinds", path, lambda n, p: read.param(n, p, read.texts)))


def _key(read: FieldReader, node, path: str) -> Key:
    node = read.mapping(node, path, ("kind", "source"), ("assumption", "share_table", "categories",
                                                         "not_accounting_category", "chain", "other_industry"))
    assumption = node.get("assumption", False)
    if not isinstance(assumption, bool):
        read.fail(join_path(path, "assumption"), "expected true or false")
    categories = read.list(node.get("categories") or [], join_path(path, "categories"))
    return _build(
        read, path, Key,
        kind=read.text(node["kind"], join_path(path, "kind")),
        source=read.text(node["source"], join_path(path, "source")), assumption=assumption,
        share_table=_optional(node, "share_table", path, lambda n, p: read.param(n, p, read.share_table)),
        categories=tuple(_category(read, c, f"{path}.categories[{i}]") for i, c in enumerate(categories)),
        not_accounting_category=_optional(node, "not_accounting_category", path,
                                          lambda n, p: read.param(n, p, read.code)),
        chain=_optional(node, "chain", path, lambda n, p: _chain(read, n, p)),
        other_industry=_optional(node, "other_industry", path, lambda n, p: _other(read, n, p)))


def _category(read: FieldReader, node, path: str) -> Category:
    node = read.mapping(node, path, ("code", "label", "weight"), ("min_turnover_nok", "includes_min"))
    return _build(read, path, Category,
                  code=read.text(node["code"], join_path(path, "code")),
                  label=read.text(node["label"], join_path(path, "label")),
                  weight=read.param(node["weight"], join_path(path, "weight"), read.decimal),
                  min_turnover_nok=_optional(node, "min_turnover_nok", path,
                                             lambda n, p: read.param(n, p, read.integer)),
                  includes_min=_optional(node, "includes_min", path, lambda n, p: read.param(n, p, read.boolean)))


def _chain(read: FieldReader, node, path: str) -> ChainRule:
    node = read.mapping(node, path, ("code", "label", "min_locations", "weight_per_location"), ("kinds",))
    return _build(read, path, ChainRule,
                  code=read.text(node["code"], join_path(path, "code")),
                  label=read.text(node["label"], join_path(path, "label")),
                  min_locations=read.param(node["min_locations"], join_path(path, "min_locations"), read.integer),
                  weight_per_location=read.param(node["weight_per_location"], join_path(path, "weight_per_location"),
                                                 read.decimal),
                  kinds=_optional(node, "kinds", path, lambda n, p: read.param(n, p, read.texts)))


def _other(read: FieldReader, node, path: str) -> OtherIndustryRule:
    node = read.mapping(node, path, ("code", "label", "health_nace_prefixes", "locations_charged"))
    return _build(read, path, OtherIndustryRule,
                  code=read.text(node["code"], join_path(path, "code")),
                  label=read.text(node["label"], join_path(path, "label")),
                  health_nace_prefixes=read.param(node["health_nace_prefixes"],
                                                  join_path(path, "health_nace_prefixes"), read.texts),
                  locations_charged=read.param(node["locations_charged"], join_path(path, "locations_charged"),
                                               read.integer))


def _reference(read: FieldReader, node, path: str) -> ReferencePrice:
    node = read.mapping(node, path, ("segment", "year", "monthly_nok"), ("category", "note"))
    if node["segment"] not in SEGMENTS:
        read.fail(join_path(path, "segment"), f"unknown segment (known: {', '.join(SEGMENTS)})")
    monthly = read.param(node["monthly_nok"], join_path(path, "monthly_nok"), read.ore)
    if monthly.value < 0:
        read.fail(join_path(path, "monthly_nok"), "a price cannot be negative")
    return ReferencePrice(segment=node["segment"],
                          category=read.text(node.get("category"), join_path(path, "category"), allow_empty=True),
                          monthly_ore=monthly, year=read.year(node["year"], join_path(path, "year")),
                          note=read.text(node.get("note"), join_path(path, "note"), allow_empty=True))


def load_price_model_file(path: str | Path) -> PriceModel:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ModelFileError(path.name, "", f"cannot read the file: {error.strerror}") from None
    except yaml.YAMLError as error:
        raise ModelFileError(path.name, "", f"not valid YAML: {error}") from None
    return price_model_from_dict(data, origin=path.name)
