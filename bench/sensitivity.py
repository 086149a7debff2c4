"""Prints how long the ranking's Monte Carlo takes: 100 000 draws for 100 initiatives.

    .venv/bin/python bench/sensitivity.py

Target (issue 3): under 2 seconds on the project's 2-core machine, weights only; the
rater-error variant is printed beside it.
"""
import time

import numpy as np

from radsmodell.priority.sensitivity import simulate, smallest_swaps

rng = np.random.default_rng(1)
groups = rng.uniform(0, 10, size=(100, 3))
names = [f"tiltak {i}" for i in range(100)]
weights = np.ones(3)

for label, se in (("weights", None), ("weights + rater error", rng.uniform(0, 1, size=(100, 3)))):
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        simulate(groups, weights, names, draws=100_000, concentration=50, group_se=se, top_k=10)
        timings.append(time.perf_counter() - start)
    print(f"Monte Carlo, 100 000 draws × 100 initiatives, {label}: best {min(timings):.2f} s, "
          f"worst {max(timings):.2f} s")

start = time.perf_counter()
smallest_swaps(groups[np.argsort(-groups.sum(axis=1))], weights, names)
print(f"Smallest swapping weight change for 99 neighbour pairs: {(time.perf_counter() - start) * 1000:.1f} ms")
