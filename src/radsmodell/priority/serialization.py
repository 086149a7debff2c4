"""Scoring models as plain data (JSON in the database), and back.

Plain Python, no Django. The shape mirrors engine.Criterion:
{"key", "label", "combine", "weights", "missing", "scale", "higher_is_better", "scale_text", "children": [...]}

`missing` (skip, propagate or require) is written for every group, so a stored model says its
rule; a definition that leaves it out gets the engine's default (propagate, require for a sum).
"""
import math

from .engine import COMBINES, MISSING_RULES, Criterion, Model, ModelError


def criterion_to_dict(node: Criterion) -> dict:
    data = {"key": node.key, "label": node.label}
    if node.children:
        data["combine"] = node.combine
        data["missing"] = node.missing_rule
        if node.weights:
            data["weights"] = list(node.weights)
        data["children"] = [criterion_to_dict(child) for child in node.children]
    else:
        data["scale"] = list(node.scale)
        data["higher_is_better"] = node.higher_is_better
    if node.scale_text:
        data["scale_text"] = node.scale_text
    return data


def model_to_dict(model: Model) -> dict:
    return {"slug": model.slug, "name": model.name, "tie_break": list(model.tie_break),
            "root": criterion_to_dict(model.root)}


RESERVED_KEYS = {"name", "score", "rank", "status", "missing_groups", "missing", "outside_ranking", "groups"}


def _number(value, path: str, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ModelError(f"{path}: {what} must be a finite number")
    return float(value)


def criterion_from_dict(data, path: str = "root") -> Criterion:
    if not isinstance(data, dict) or not data.get("key") or not data.get("label"):
        raise ModelError(f"{path}: every criterion needs a key and a label")
    children_data = data.get("children") or []
    if not isinstance(children_data, list):
        raise ModelError(f"{path}: children must be a list")
    children = tuple(criterion_from_dict(child, f"{path}.{child.get('key', '?') if isinstance(child, dict) else '?'}")
                     for child in children_data)
    combine = data.get("combine", "mean")
    if combine not in COMBINES:
        raise ModelError(f"{path}: unknown combine rule {combine!r}")
    missing = data.get("missing") or ""
    if missing not in MISSING_RULES + ("",):
        raise ModelError(f"{path}: unknown rule for missing values {missing!r} (one of {', '.join(MISSING_RULES)})")
    scale = data.get("scale") or [0, 10]
    if not isinstance(scale, (list, tuple)) or len(scale) != 2:
        raise ModelError(f"{path}: the scale must be [low, high]")
    scale = (_number(scale[0], path, "the scale"), _number(scale[1], path, "the scale"))
    if scale[0] >= scale[1]:
        raise ModelError(f"{path}: the scale must be [low, high] with low below high")
    weights = data.get("weights") or []
    if not isinstance(weights, list):
        raise ModelError(f"{path}: weights must be a list")
    weights = tuple(_number(w, path, "a weight") for w in weights)
    if any(w <= 0 for w in weights):
        raise ModelError(f"{path}: weights must be greater than 0")
    return Criterion(
        key=str(data["key"]), label=str(data["label"]), children=children, combine=combine, weights=weights,
        missing=missing if children else "",
        scale=scale, higher_is_better=bool(data.get("higher_is_better", True)),
        scale_text=str(data.get("scale_text", "")),
    )


def _all_keys(node: Criterion) -> list[str]:
    return [node.key] + [key for child in node.children for key in _all_keys(child)]


def model_from_dict(data) -> Model:
    if not isinstance(data, dict):
        raise ModelError("the definition must be a mapping with a root")
    root = criterion_from_dict(data.get("root"))
    keys = [key for child in root.children for key in _all_keys(child)]
    if len(keys) != len(set(keys)):
        raise ModelError("every question and group needs its own key")
    reserved = sorted(RESERVED_KEYS & set(keys))
    if reserved:
        raise ModelError(f"these keys are reserved for the results: {', '.join(reserved)}")
    tie_break = data.get("tie_break") or []
    if not isinstance(tie_break, list) or not all(isinstance(k, str) for k in tie_break):
        raise ModelError("tie_break must be a list of group keys")
    unknown = set(tie_break) - {group.key for group in root.children}
    if unknown:
        raise ModelError(f"tie_break names unknown groups: {', '.join(sorted(unknown))}")
    return Model(slug=data.get("slug", ""), name=data.get("name", ""), root=root, tie_break=tuple(tie_break))
