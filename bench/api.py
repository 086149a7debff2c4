"""Prints what a list of the API costs with 10 000 cases: one page (the default 100, and the
largest, 1000) and all of them read page by page, with the size of each answer.

    .venv/bin/python bench/api.py

Before lists were paged (issue 13), GET /api/cases answered every case at once: 0.8 s and 2 MB
at 10 000 cases. Each URL is requested 10 times through Django's test client against a fresh
SQLite database in a temporary folder; the figures are median and worst in ms.
"""
import os
import statistics
import sys
import time

from benchenv import production_like

production_like()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from radsmodell.council.models import Body, Case, CaseType  # noqa: E402

CASES = 10_000


def measure(client: Client, url: str, repeat: int = 10) -> tuple[float, float, int, int]:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")
    return statistics.median(timings), max(timings), len(response.content), response.json()["count"]


def generate() -> None:
    """Cases known from references (no meeting, so public), 100 a year for a century of one body."""
    body = Body.objects.get(slug="nufa")
    types = list(CaseType.values)
    Case.objects.bulk_create(
        [Case(body=body, year=1900 + n // 100, number=n % 100 + 1, title=f"Generert sak {n} om deling av data",
              type=types[n % len(types)], summary="Omtale " * 20) for n in range(CASES)],
        batch_size=2000)


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("loaddemo", stdout=open(os.devnull, "w"))
    generate()
    client = Client()
    print(f"{Case.objects.count()} cases: median / worst ms, bytes")
    for url in ("/api/cases", "/api/cases?limit=1000", "/api/cases?limit=100&offset=9000"):
        median, worst, size, count = measure(client, url)
        print(f"  {url:40} {median:7.1f} {worst:7.1f} {size:>10,}")
    start = time.perf_counter()
    total, offset = 0, 0
    while offset < count:
        response = client.get(f"/api/cases?limit=1000&offset={offset}")
        total += len(response.content)
        offset += 1000
    print(f"  all {count} page by page (1000 a page):   {(time.perf_counter() - start) * 1000:7.1f} ms {total:>10,}")


if __name__ == "__main__":
    main()
