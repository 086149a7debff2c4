"""Scoring models as plain data (JSON in the database), and back.

Plain Python, no Django. The shape mirrors engine.Criterion:
{"key", "label", "combine", "weights", "scale", "higher_is_better", "scale_text", "children": [...]}
"""
from .engine import COMBINES, Criterion, Model, ModelError


def criterion_to_dict(node: Criterion) -> dict:
    data = {"key": node.key, "label": node.label}
    if node.children:
        data["combine"] = node.combine
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


def criterion_from_dict(data: dict, path: str = "root") -> Criterion:
    if not isinstance(data, dict) or not data.get("key") or not data.get("label"):
        raise ModelError(f"{path}: every criterion needs a key and a label")
    children = tuple(criterion_from_dict(child, f"{path}.{child.get('key', '?')}")
                     for child in data.get("children") or [])
    combine = data.get("combine", "mean")
    if combine not in COMBINES:
        raise ModelError(f"{path}: unknown combine rule {combine!r}")
    scale = tuple(data.get("scale") or (0, 10))
    if len(scale) != 2 or scale[0] >= scale[1]:
        raise ModelError(f"{path}: the scale must be [low, high]")
    return Criterion(
        key=str(data["key"]), label=str(data["label"]), children=children, combine=combine,
        weights=tuple(float(w) for w in data.get("weights") or ()), scale=scale,
        higher_is_better=bool(data.get("higher_is_better", True)), scale_text=data.get("scale_text", ""),
    )


def model_from_dict(data: dict) -> Model:
    root = criterion_from_dict(data.get("root"))
    keys = [leaf.key for leaf in root.leaves()] + [group.key for group in root.children]
    if len(keys) != len(set(keys)):
        raise ModelError("question and group keys must be unique")
    tie_break = tuple(data.get("tie_break") or ())
    unknown = set(tie_break) - {group.key for group in root.children}
    if unknown:
        raise ModelError(f"tie_break names unknown groups: {', '.join(sorted(unknown))}")
    return Model(slug=data.get("slug", ""), name=data.get("name", ""), root=root, tie_break=tie_break)
