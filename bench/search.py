"""Times the full-text search (core/search) on generated cases, and today's LIKE search beside it.

    .venv/bin/python bench/search.py                 # 100 000 cases, and 10 000 for the comparison
    .venv/bin/python bench/search.py --cases 20000 --compare 5000

Each database is fresh (SQLite in a temporary folder). The cases get Norwegian-looking text drawn
from a vocabulary with Zipf-like word frequencies (the common words very common, the domain words
such as «kjernejournal» in a few per cent of cases), inflected forms included so stemming matters.
Prints, for the large set, the median and p90 of search() over ten typical queries and of the
search page (/sok/?q=…) through Django's test client; for the small set, the same queries with
the LIKE search the register had before (one `LIKE %word%` per word over a case-folded text column,
as council.selectors.search_cases did) and with search(), and the ratio.
"""
import argparse
import logging
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta

from benchenv import production_like

production_like()

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from radsmodell.core import search  # noqa: E402
from radsmodell.core.roles import SECRETARIAT  # noqa: E402
from radsmodell.core.search import store  # noqa: E402
from radsmodell.core.search.text import parse  # noqa: E402
from radsmodell.council.models import Body, Case, CaseType, Meeting  # noqa: E402

QUERIES = [
    "kjernejournal", "kjernejournalen", "pasientens legemiddelliste", "finansiering nasjonale løsninger",
    '"digitalt helsenett"', "legemid*", "samhandling kommunene", "e-resept forvaltning",
    "informasjonssikkerhet", "helseplattformen innføring evaluering anbefaling",
]
# Common words first: their rank gives their frequency (1/rank).
COMMON = ("og i til av for som med på er det at en et den de skal om fra har ikke ble vil kan "
          "saken rådet arbeidet dette også eller mot nye etter mellom blir under sektoren").split()
DOMAIN = ("helse helsetjenesten helsetjenester kommunene kommune kommuner sykehus spesialisthelsetjenesten "
          "fastlege fastleger pasient pasienten pasientens pasienter løsning løsningen løsninger løsningene "
          "nasjonal nasjonale nasjonalt digital digitale digitalt helsenett helsenettet finansiering "
          "finansieringen forvaltning forvaltningen kjernejournal kjernejournalen legemiddelliste "
          "legemiddellisten legemiddel legemidler e-resept samhandling samhandlingen anbefaling anbefalingen "
          "anbefaler vedtak vedtaket innføring innføringen evaluering evalueringen informasjonssikkerhet "
          "personvern tiltak tiltaket tiltakene portefølje porteføljen prioritering prioriteringen strategi "
          "gevinster gevinstrealisering kostnader fordeling fordelingsnøkkel helseplattformen journal "
          "journalen dokumentdeling prøvesvar henvisninger dialogmeldinger apotek tannhelse legevakt "
          "standardisering arkitektur infrastruktur grunndata helsedata forskning sekundærbruk "
          "utprøving pilot regionale helseforetak direktoratet departementet tildelingsbrev oppdrag "
          "leveranse rapport høring drøfting orientering godkjenning budsjett investering").split()
# Drawn as one unit, so that phrases occur as phrases.
PHRASES = ["digitalt helsenett", "pasientens legemiddelliste", "nasjonale løsninger", "nasjonale e-helseløsninger",
           "regionale helseforetak", "kommunal sektor"]
SYLLABLES = "an be da de e fa fo ga ge ha he i ka ke la le ma me na ne o pa pe ra re sa se ta te u va ve".split()


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """Common words, domain words and a long tail of made-up words, weighted 1/rank."""
    tail = sorted({"".join(rng.choices(SYLLABLES, k=rng.randint(2, 5))) + rng.choice(["", "en", "er", "ene", "et"])
                   for _ in range(12000)})
    rng.shuffle(tail)
    words = COMMON + tail
    # The domain words spread over ranks 150 to 4000: each in between a few cases in a thousand and
    # a fifth of the cases, as in the register's own papers.
    for word in DOMAIN + PHRASES:
        words.insert(rng.randint(150, 4000), word)
    return words, [1 / (rank + 1) for rank in range(len(words))]


def text(rng, words, cumulative, low, high) -> str:
    found = rng.choices(words, cum_weights=cumulative, k=rng.randint(low, high))
    return " ".join(found).capitalize() + "."


def generate(cases: int, seed: int = 1) -> None:
    """Bodies, a meeting a week per body, and the cases, written without the index; then indexed."""
    rng = random.Random(seed)
    words, weights = vocabulary(rng)
    cumulative, total = [], 0.0
    for weight in weights:
        total += weight
        cumulative.append(total)
    started = time.perf_counter()
    with search.paused(), transaction.atomic():
        bodies = [Body.objects.create(slug=slug, name=name, short_name=short, level=level) for slug, name, short, level
                  in [("ehr", "E-helserådet", "EHR", 1), ("nuit", "NUIT", "NUIT", 2), ("fagut", "FAGUT", "FAGUT", 2)]]
        per_meeting = 12
        meetings, day = [], date(2017, 1, 2)
        for index in range(cases // per_meeting + 1):
            body = bodies[index % len(bodies)]
            # One meeting in ten unpublished, one in four with draft minutes: the public sees less.
            published = None if index % 10 == 0 else datetime(day.year, day.month, day.day, tzinfo=UTC)
            meetings.append(Meeting(body=body, date=day, notice_published_at=published,
                                    minutes_status="approved" if index % 4 else "draft"))
            day += timedelta(days=1)
        Meeting.objects.bulk_create(meetings)
        meetings = list(Meeting.objects.order_by("date"))
        numbers: dict[tuple[int, int], int] = {}
        batch = []
        for index in range(cases):
            meeting = meetings[index // per_meeting]
            key = (meeting.body_id, meeting.date.year)
            numbers[key] = numbers.get(key, 0) + 1
            decision = rng.choice(["", "Rådet tar saken til orientering.", "Saken utsettes.",
                                   text(rng, words, cumulative, 15, 40)])
            batch.append(Case(
                body_id=meeting.body_id, year=meeting.date.year, number=numbers[key], meeting=meeting,
                title=text(rng, words, cumulative, 4, 10), type=rng.choice(CaseType.values),
                summary=text(rng, words, cumulative, 30, 80), proposed_decision=text(rng, words, cumulative, 15, 40),
                background=text(rng, words, cumulative, 60, 200), decision=decision,
                minutes_text=text(rng, words, cumulative, 0, 80)))
            if len(batch) == 2000:
                Case.objects.bulk_create(batch)
                batch = []
        Case.objects.bulk_create(batch)
    print(f"  generated {cases} cases in {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    counts = search.reindex()
    print(f"  indexed {counts['case']} cases in {time.perf_counter() - started:.1f} s", flush=True)


def fresh_database() -> None:
    """An empty, migrated database: tables emptied between the two sizes (migrations run once)."""
    with transaction.atomic():
        Case.objects.all().delete()
        Meeting.objects.all().delete()
        Body.objects.all().delete()
        search.reindex()


def timed(function, repeat: int) -> list[float]:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def summary(timings: list[float]) -> str:
    ordered = sorted(timings)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    return f"median {statistics.median(ordered):6.1f} ms   p90 {p90:6.1f} ms"


def per_query(label: str, run, repeat: int, counted: str = "hits") -> list[float]:
    medians = []
    print(f"\n{label}", flush=True)
    for query in QUERIES:
        timings = timed(lambda query=query: run(query), repeat)
        medians.append(statistics.median(timings))
        print(f"  {query:50} {medians[-1]:7.1f} ms  ({run(query)} {counted})", flush=True)
    print(f"  {'all ten queries':50} {summary(medians)}")
    return medians


def index_lookup(query: str) -> int:
    return len(store.match(parse(query), drafts=True))


def new_search(query: str) -> int:
    return search.search(query, drafts=True).total


def like_table() -> None:
    """Today's search, reproduced: the case table as it was, with the case-folded text columns
    `search_text` (everything) and `public_search_text` (what the notice published) that
    services.refresh_search_text filled."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_like")
        cursor.execute("CREATE TABLE bench_like AS SELECT *, '' AS search_text, '' AS public_search_text"
                       " FROM council_case")
        cursor.execute("CREATE UNIQUE INDEX bench_like_number ON bench_like (body_id, year, number)")
        rows = []
        for c in Case.objects.prefetch_related("inputs"):
            published = [c.case_number, c.title, c.proposed_decision, c.summary]
            everything = published + [c.decision, c.minutes_text] + [i.text for i in c.inputs.all()]
            rows.append((" ".join(p for p in everything if p).casefold(),
                         " ".join(p for p in published if p).casefold(), c.pk))
        cursor.executemany("UPDATE bench_like SET search_text = %s, public_search_text = %s WHERE id = %s", rows)


def _like(query: str) -> tuple[str, list[str]]:
    """One `LIKE %word%` per word; a phrase's quotes and a prefix's star are dropped (the old search
    knew neither), so it searches the plain words."""
    words = [w for w in query.replace('"', " ").replace("*", "").casefold().split() if w]
    return " AND ".join(["c.search_text LIKE %s ESCAPE '\\'"] * len(words)), [f"%{w}%" for w in words]


def like_search_sql(query: str) -> int:
    """The SQL council.selectors.search_cases made for the secretariat: the cases with their body
    and meeting, newest first, every match fetched as rows."""
    where, params = _like(query)
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.*, b.*, m.* FROM bench_like c JOIN council_body b ON b.id = c.body_id"
                       f" LEFT JOIN council_meeting m ON m.id = c.meeting_id WHERE {where}"
                       " ORDER BY c.year DESC, c.number DESC", params)
        return len(cursor.fetchall())


def like_search_cases(query: str) -> int:
    """As search_cases returned them: every match a Case object, newest first."""
    where, params = _like(query)
    return len(list(Case.objects.raw(f"SELECT c.* FROM bench_like c WHERE {where}"
                                     " ORDER BY c.year DESC, c.number DESC", params)))


def page_client() -> Client:
    user, _created = User.objects.get_or_create(username="bench-secretariat")
    user.groups.add(Group.objects.get_or_create(name=SECRETARIAT)[0])  # searches drafts too, as search() above
    client = Client()
    client.force_login(user)
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000,
                        help="cases in the large set (default 100 000; 0: the comparison only)")
    parser.add_argument("--compare", type=int, default=10_000, help="cases for the LIKE comparison (default 10 000)")
    parser.add_argument("--repeat", type=int, default=7, help="runs of each query (default 7)")
    options = parser.parse_args()
    logging.getLogger("radsmodell.requests").setLevel(logging.WARNING)  # one line per request otherwise
    call_command("migrate", verbosity=0)
    if connection.vendor != "sqlite":
        sys.exit("bench/search.py measures the default database (SQLite); unset DATABASE_URL.")

    print(f"{options.compare} cases: LIKE search against the index")
    generate(options.compare)
    like_table()
    old_sql = per_query("LIKE search, the SQL alone (before)", like_search_sql, options.repeat)
    old = per_query("LIKE search as search_cases returned it: Case objects (before)", like_search_cases,
                    options.repeat)
    lookup = per_query("the index's lookup alone: every match, ranked (what the LIKE SQL returns)", index_lookup,
                       options.repeat)
    new = per_query("search() (index, a page of 25 hits with snippets and facets)", new_search, options.repeat)
    ratio = statistics.median(old) / statistics.median(new)
    ratio_sql = statistics.median(old_sql) / statistics.median(lookup)
    print(f"\n  median search_cases (LIKE) {statistics.median(old):.1f} ms, search() {statistics.median(new):.1f} ms:"
          f" {ratio:.1f}× faster (target ≥ 10×)")
    print(f"  median LIKE SQL {statistics.median(old_sql):.1f} ms, index lookup {statistics.median(lookup):.1f} ms:"
          f" {ratio_sql:.1f}× faster")

    if not options.cases:
        return
    fresh_database()
    print(f"\n{options.cases} cases")
    generate(options.cases, seed=2)
    medians = per_query("search() with facets (target median < 20 ms)", new_search, options.repeat)
    client = page_client()

    def page(query: str) -> int:
        response = client.get("/sok/", {"q": query})
        if response.status_code != 200:
            sys.exit(f"/sok/?q={query} answered {response.status_code}")
        return response.content.count(b"<mark>")

    page_medians = per_query("search page /sok/?q=… with facets (target median < 50 ms)", page, options.repeat,
                             counted="words marked on the page")
    print(f"\nsummary: search() {summary(medians)}; page {summary(page_medians)}; "
          f"at {options.compare}: search() {ratio:.1f}× search_cases, index lookup {ratio_sql:.1f}× the LIKE SQL")


if __name__ == "__main__":
    main()
