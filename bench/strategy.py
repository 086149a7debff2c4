"""Prints server-side response times of the strategy pages: first with the demo data, then
with generated data of 100 indicators × 15 years of monthly observations × 5 areas.

    make bench

Targets (issue 4): median under 100 ms with the demo data, under 300 ms with the generated data.
Each URL is requested 20 times through Django's test client against a fresh SQLite database.
"""
import os
import random
import statistics
import sys
import time
from datetime import date
from decimal import Decimal

from benchenv import production_like

production_like()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from radsmodell.strategy import services  # noqa: E402
from radsmodell.strategy.models import Area, Goal, Indicator, InterimAmbition, Observation  # noqa: E402

DEMO_PAGES = ["/strategi/", "/strategi/mal/enklere-arbeidshverdag/", "/strategi/mal/overordnet-1/",
              "/strategi/indikatorer/", "/strategi/indikatorer/pll-andel-befolkning/", "/strategi/veikart/",
              "/api/strategy/goals", "/api/indicators/pll-andel-befolkning/observations?area=bergen"]
INDICATORS, YEARS, AREAS = 100, 15, 5


def measure(client: Client, url: str, repeat: int = 20) -> tuple[float, float]:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")
    return statistics.median(timings), max(timings)


def report(title: str, urls: list[str]) -> None:
    client = Client()
    print(f"\n{title}: median / worst ms")
    for url in urls:
        median, worst = measure(client, url)
        print(f"  {url:70} {median:7.1f} {worst:7.1f}")


def generate() -> str:
    """Adds the generated indicators (spread over the five strategic goals); returns one of their slugs."""
    rng = random.Random(2030)
    areas = [Area.objects.create(slug=f"omrade-{n}", name=f"Område {n}") for n in range(AREAS)]
    goals = list(Goal.objects.filter(level="strategisk"))
    months = [date(2011 + m // 12, m % 12 + 1, 1) for m in range(YEARS * 12)]
    for n in range(INDICATORS):
        indicator = Indicator.objects.create(slug=f"generert-{n}", name=f"Generert indikator {n}",
                                             primary_area=areas[0], frequency="månedlig",
                                             ambition=Decimal(60 + n % 30) if n % 3 else None)
        indicator.goals.set([goals[n % len(goals)]])
        if n % 5 == 0:
            InterimAmbition.objects.create(indicator=indicator, year=2027, value=Decimal(40))
        rows = []
        for area in areas:
            level = rng.uniform(5, 40)
            for month in months:
                level = max(0.0, min(100.0, level + rng.uniform(-0.5, 0.8)))
                rows.append(Observation(indicator=indicator, area=area, period=month.strftime("%Y-%m"),
                                        period_start=month, value=Decimal(f"{level:.1f}")))
        Observation.objects.bulk_create(rows, batch_size=2000)
        services.refresh_status(indicator)
    return "generert-0"


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("loaddemo", stdout=open(os.devnull, "w"))
    report("Demo data", DEMO_PAGES)
    start = time.perf_counter()
    slug = generate()
    count = Observation.objects.count()
    print(f"\nGenerated {INDICATORS} indicators × {YEARS} years monthly × {AREAS} areas: {count} observations "
          f"in {time.perf_counter() - start:.1f} s")
    report("Generated data", ["/strategi/", "/strategi/mal/enklere-arbeidshverdag/", "/strategi/indikatorer/",
                              f"/strategi/indikatorer/{slug}/", f"/api/indicators/{slug}/observations?area=omrade-2"])


if __name__ == "__main__":
    main()
