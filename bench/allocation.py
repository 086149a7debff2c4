"""Prints how long the cost allocation takes: 100 000 generated organisations, five allocations,
the threshold report and the comparison of two allocations.

    .venv/bin/python bench/allocation.py

Target: under 2 seconds for all five on the project's 2-core machine. The organisations
are random but shaped like the sector: four RHF, 357 municipalities, and other actors with
turnover across the price categories, some chains and some from other industries.
"""
import time

import numpy as np

from radsmodell.costs.builtin import BUILTIN_MODELS
from radsmodell.costs.engine import OrganisationTable, allocate, compare, nok_to_ore, threshold_report
from radsmodell.costs.engine.model import KINDS, SEGMENTS
from radsmodell.costs.orgnr import WEIGHTS

N = 100_000
rng = np.random.default_rng(1)


def organisation_numbers(count: int) -> np.ndarray:
    """Valid (fictitious, starting with 1) numbers: eight digits plus the modulus-11 digit."""
    prefixes = 10_000_000 + np.arange(count * 2)
    digits = (prefixes[:, None] // 10 ** np.arange(7, -1, -1)) % 10
    check = 11 - (digits @ np.array(WEIGHTS)) % 11
    check[check == 11] = 0
    keep = check != 10
    return np.char.mod("%09d", (prefixes[keep] * 10 + check[keep])[:count])


kinds = list(KINDS)
segment = np.full(N, SEGMENTS.index("ovrige"), dtype=np.int8)
kind = rng.choice([kinds.index(k) for k in ("privat", "laboratorium", "radiologi", "apotek", "fylkeskommune")],
                  size=N, p=[0.9, 0.02, 0.02, 0.0599, 0.0001]).astype(np.int8)
segment[:4], kind[:4] = SEGMENTS.index("rhf"), kinds.index("rhf")
segment[4:361], kind[4:361] = SEGMENTS.index("kommune"), kinds.index("kommune")
turnover = np.minimum(rng.lognormal(np.log(8_000_000), 1.2, size=N), 5e10).astype(np.int64)
keeps = rng.random(N) < 0.8
locations = np.where(rng.random(N) < 0.02, rng.integers(2, 40, size=N), 1)
chain = np.where((kind == kinds.index("apotek")) & (rng.random(N) < 0.8),
                 rng.choice(["Apotek 1", "Vitusapotek", "Boots"], size=N), "").astype(object)
nace = rng.choice(["86.211", "86.230", "86.903", "47.730", "87.101", "47.111"], size=N,
                  p=[0.4, 0.2, 0.2, 0.1, 0.09, 0.01])

start = time.perf_counter()
table = OrganisationTable(
    org_number=organisation_numbers(N), name=np.char.add("Virksomhet ", np.arange(N).astype(str)), kind=kind,
    segment=segment, turnover_nok=turnover, has_turnover=np.ones(N, dtype=bool), keeps_accounts=keeps,
    locations=locations, ftes_centi=rng.integers(100, 5000, size=N), nace=nace,
    population=np.where(segment == SEGMENTS.index("kommune"), rng.integers(200, 700_000, size=N), 0),
    chain=chain, other_industry=np.full(N, -1))
COUNT = f"{N:_}".replace("_", " ")
print(f"Organisation table, {COUNT} organisations: {(time.perf_counter() - start) * 1000:.0f} ms")

runs = [("sfm-2025", 2025, True), ("provesvar-2025", 2025, False), ("provesvar-2025", 2025, True),
        ("helsenettet-2024", 2024, False), ("helsenettet-2025", 2025, False)]
cost = nok_to_ore("120000000")
timings = []
for _ in range(3):
    start = time.perf_counter()
    results = [allocate(BUILTIN_MODELS[slug], year, cost, table, legal_basis_private=legal)
               for slug, year, legal in runs]
    timings.append(time.perf_counter() - start)
    assert all(int(r.yearly_ore.sum()) == cost for r in results)
print(f"Allocation, {COUNT} organisations × five allocations: best {min(timings):.2f} s, "
      f"worst {max(timings):.2f} s")

start = time.perf_counter()
near = threshold_report(results[-1])
print(f"Threshold report (helsenettet-2025, {len(near)} near a limit): {(time.perf_counter() - start) * 1000:.0f} ms")
timings = []
for _ in range(5):
    start = time.perf_counter()
    comparison = compare(results[3], results[4])
    timings.append(time.perf_counter() - start)
assert sum(c.yearly_b_ore for c in comparison.categories) == comparison.total_b_ore == cost
best, median, worst = (sorted(timings)[k] * 1000 for k in (0, 2, -1))
print(f"Comparison 2024 → 2025, {len(comparison.lines)} lines and {len(comparison.categories)} categories: "
      f"best {best:.0f} ms, median {median:.0f} ms, worst {worst:.0f} ms")
