"""Prints server-side response times of the council pages and documents with the demo data.

    make bench

Each URL is requested 20 times (documents 5 times) through Django's test client against a
fresh SQLite database in a temporary folder; the figures are median and worst in ms.
"""
import os
import statistics
import sys
import time
from pathlib import Path

from benchenv import production_like

production_like()

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

PAGES = [
    "/", "/organer/nuit/", "/moter/nuit/2024-05-15/", "/moter/nuit/2024-02-15/", "/saker/nuit/2024/17/",
    "/aksjonspunkter/?status=all", "/sok/?q=legemiddelliste", "/api/cases/nuit/2024/17", "/api/meetings?body=nuit",
]
DOCUMENTS = [
    "/moter/nuit/2024-05-15/innkalling.pdf", "/moter/nuit/2024-02-15/referat.pdf",
    "/moter/nuit/2024-02-15/referat.docx", "/saker/nuit/2024/24/toppnotat.pdf",
]


def measure(client: Client, url: str, repeat: int) -> tuple[float, float]:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")
    return statistics.median(timings), max(timings)


def main() -> None:
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    call_command("loaddemo", stdout=open(os.devnull, "w"))
    print(f"loaddemo: {(time.perf_counter() - start) * 1000:.0f} ms")
    for role in ("anonymous", "sekretariat"):
        client = Client()
        if role != "anonymous":
            client.force_login(User.objects.get(username=role))
        print(f"\n{role}: median / worst ms")
        for url in PAGES:
            median, worst = measure(client, url, 20)
            print(f"  {url:45} {median:7.1f} {worst:7.1f}")
        if role == "sekretariat":
            for url in DOCUMENTS:
                median, worst = measure(client, url, 5)
                print(f"  {url:45} {median:7.1f} {worst:7.1f}")
    print(f"\n(data in {Path(os.environ['RADSMODELL_DATA_DIR'])})")


if __name__ == "__main__":
    main()
