"""How firm is a ranking? Monte Carlo over the group weights and the raters' disagreement,
and the smallest weight change that swaps two neighbours.

Plain Python and numpy, no Django. Works on group values (one row per ranked initiative,
one column per group), so any model whose score is a weighted sum of its groups fits.

- Weights: each draw takes group weights from a Dirichlet distribution centred on the
  model's weights; the concentration says how firmly (large = close to the model).
- Raters: each draw moves every group value by a normal error with the standard error of
  the raters' mean for that group (zero when there is one rater or all agree): a normal
  approximation of resampling the raters.
Draws are processed in chunks so 100 000 draws × 100 initiatives stay within memory.

A result is plain data (`to_dict`/`from_dict`) so it can be stored and shown again without
drawing anew; `fingerprint` names the inputs it was drawn from.
"""
import hashlib
import json
from dataclasses import asdict, dataclass

import numpy as np

CHUNK = 20_000
# Part of every fingerprint: raise it when simulate or smallest_swaps change what they return,
# so results stored by the old code are drawn again.
VERSION = 1


@dataclass
class Sensitivity:
    names: list[str]
    draws: int
    top_k: int
    p_top_k: np.ndarray  # per initiative: share of draws ranked within the top k
    rank_low: np.ndarray  # per initiative: 5th percentile of rank (1 = best)
    rank_high: np.ndarray  # 95th percentile
    rank_counts: np.ndarray  # initiative × rank (0-based) → number of draws

    def to_dict(self) -> dict:
        """JSON-ready; floats keep every digit, so `from_dict` gives back the same numbers."""
        return {"names": list(self.names), "draws": int(self.draws), "top_k": int(self.top_k),
                "p_top_k": self.p_top_k.tolist(), "rank_low": self.rank_low.tolist(),
                "rank_high": self.rank_high.tolist(), "rank_counts": self.rank_counts.tolist()}

    @classmethod
    def from_dict(cls, data: dict) -> "Sensitivity":
        n = len(data["names"])
        return cls(names=list(data["names"]), draws=data["draws"], top_k=data["top_k"],
                   p_top_k=np.array(data["p_top_k"], dtype=float),
                   rank_low=np.array(data["rank_low"], dtype=np.int64),
                   rank_high=np.array(data["rank_high"], dtype=np.int64),
                   rank_counts=np.array(data["rank_counts"], dtype=np.int64).reshape(n, n))


def fingerprint(group_values, weights, names: list[str], *, draws: int, concentration: float,
                group_se=None, top_k: int, seed: int | None) -> str:
    """A hash of everything `simulate` and `smallest_swaps` read: equal inputs, equal results."""
    inputs = {"version": VERSION, "values": np.asarray(group_values, dtype=float).tolist(),
              "weights": np.asarray(weights, dtype=float).tolist(), "names": list(names), "draws": int(draws),
              "concentration": float(concentration), "top_k": int(top_k), "seed": seed,
              "se": None if group_se is None else np.asarray(group_se, dtype=float).tolist()}
    return hashlib.sha256(json.dumps(inputs, ensure_ascii=False).encode()).hexdigest()


def simulate(group_values: np.ndarray, weights: np.ndarray, names: list[str], *, draws: int = 100_000,
             concentration: float = 100.0, group_se: np.ndarray | None = None, top_k: int = 5,
             seed: int | None = 0) -> Sensitivity:
    """Rank distribution under uncertain weights (and rater error when `group_se` is given)."""
    values = np.asarray(group_values, dtype=float)
    n, g = values.shape
    base = np.asarray(weights, dtype=float)
    if base.shape != (g,) or np.any(base <= 0):
        raise ValueError("one positive weight per group is needed")
    if concentration <= 0:
        raise ValueError("the concentration must be positive")
    alpha = base / base.sum() * concentration
    se = None if group_se is None else np.asarray(group_se, dtype=float)
    rng = np.random.default_rng(seed)
    counts = np.zeros((n, n), dtype=np.int64)
    done = 0
    while done < draws:
        size = min(CHUNK, draws - done)
        w = rng.dirichlet(alpha, size=size)  # (size, g)
        if se is not None and np.any(se > 0):
            noisy = values[None, :, :] + rng.standard_normal((size, n, g)) * se[None, :, :]
            scores = np.einsum("dng,dg->dn", noisy, w)
        else:
            scores = w @ values.T  # (size, n)
        order = np.argsort(-scores, axis=1, kind="stable")
        ranks = np.empty_like(order)
        ranks[np.arange(size)[:, None], order] = np.arange(n)[None, :]
        counts += np.bincount((np.arange(n)[None, :] * n + ranks).ravel(), minlength=n * n).reshape(n, n)
        done += size
    cumulative = np.cumsum(counts, axis=1) / draws
    return Sensitivity(
        names=list(names), draws=draws, top_k=top_k,
        p_top_k=cumulative[:, min(top_k, n) - 1],
        rank_low=(cumulative >= 0.05).argmax(axis=1) + 1,
        rank_high=(cumulative >= 0.95).argmax(axis=1) + 1,
        rank_counts=counts,
    )


@dataclass
class Swap:
    upper: str
    lower: str
    shift: float | None  # weight share to move (0–1 of the total); None when no shift swaps them
    from_group: int | None
    to_group: int | None

    def to_dict(self) -> dict:
        data = asdict(self)
        data["shift"] = None if self.shift is None else float(self.shift)  # numpy floats are not JSON
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Swap":
        return cls(**data)


def smallest_swaps(group_values: np.ndarray, weights: np.ndarray, names: list[str]) -> list[Swap]:
    """For each pair of neighbours in the ranking, the least weight moved from one group to
    another (weights kept summing to the same total) that puts the lower one level with the upper.

    Moving t from group i to group j changes the score gap by t·(Δj − Δi), where Δ is the
    upper's lead in each group; the cheapest move takes from the group where the upper leads
    most and gives to where it leads least (or trails), as long as group i has t to give.
    """
    values = np.asarray(group_values, dtype=float)
    w = np.asarray(weights, dtype=float) / np.sum(weights)
    swaps = []
    for upper in range(len(values) - 1):
        lead = values[upper] - values[upper + 1]
        gap = float(w @ lead)
        best: tuple[float, int, int] | None = None
        for i in range(len(w)):
            for j in range(len(w)):
                rate = lead[i] - lead[j]
                if i == j or rate <= 0:
                    continue
                t = gap / rate
                if t <= w[i] and (best is None or t < best[0]):
                    best = (max(t, 0.0), i, j)
        swaps.append(Swap(names[upper], names[upper + 1], *(best if best else (None, None, None))))
    return swaps
