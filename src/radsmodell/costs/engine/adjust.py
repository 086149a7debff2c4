"""A variant of a price model with some parameters changed, for "what if" comparisons: other
category weights, other turnover limits, another chain limit. Plain Python, no Django.

Every changed value is marked as an assumption with the reason «Endret i scenarioet», so
the variant says plainly what differs from the model it came from.
"""
from dataclasses import replace
from decimal import Decimal

from .model import Category, Key, ModelError, Param, PriceModel

CHANGED = "Endret i scenarioet"


def _changed(value) -> Param:
    return Param(value, CHANGED, assumption=True)


def _key(key: Key, weights: dict[str, Decimal], limits: dict[str, int], chain_weight: Decimal | None,
         chain_min: int | None) -> Key:
    if not key.categories and key.chain is None:
        return key
    categories = tuple(
        replace(c, weight=_changed(weights[c.code]) if c.code in weights else c.weight,
                min_turnover_nok=_changed(limits[c.code]) if c.code in limits and c.min_turnover_nok else
                c.min_turnover_nok)
        for c in key.categories)
    chain = key.chain
    if chain is not None and (chain_weight is not None or chain_min is not None):
        chain = replace(chain,
                        weight_per_location=_changed(chain_weight) if chain_weight is not None else
                        chain.weight_per_location,
                        min_locations=_changed(chain_min) if chain_min is not None else chain.min_locations)
    return replace(key, categories=categories, chain=chain)


def variant(model: PriceModel, *, weights: dict[str, Decimal] | None = None, limits: dict[str, int] | None = None,
            chain_weight: Decimal | None = None, chain_min: int | None = None) -> PriceModel:
    """The model with the given category weights (code → weight), lower turnover limits (code → NOK),
    chain weight per location and chain limit changed in every period and step that has them."""
    weights, limits = weights or {}, limits or {}
    codes = {c.code for p in model.periods for s in (p.step, p.legal_basis_step) if s for r in s.segments
             for c in r.key.categories}
    unknown = sorted((set(weights) | set(limits)) - codes)
    if unknown:
        raise ModelError(f"{model.slug} has no price category {', '.join(unknown)}")
    if not (weights or limits or chain_weight is not None or chain_min is not None):
        return model

    def step(s):
        if s is None:
            return None
        return replace(s, segments=tuple(replace(r, key=_key(r.key, weights, limits, chain_weight, chain_min))
                                         for r in s.segments))

    periods = tuple(replace(p, step=step(p.step), legal_basis_step=step(p.legal_basis_step)) for p in model.periods)
    return replace(model, slug=f"{model.slug}-variant", name=f"{model.name} (variant)", periods=periods)


def categories_of(model: PriceModel) -> list[Category]:
    """The model's price categories (from its latest period), for a form that offers to change them."""
    for period in reversed(model.periods):
        for s in (period.step, period.legal_basis_step):
            for rule in (s.segments if s else ()):
                if rule.key.categories:
                    return list(rule.key.categories)
    return []
