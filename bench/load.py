"""Load on the production server: many readers, concurrent writers, and reads during a large import.

    .venv/bin/python bench/load.py                       # SQLite (a fresh data directory)
    bin/with-postgres .venv/bin/python bench/load.py     # PostgreSQL (DATABASE_URL)
    .venv/bin/python bench/load.py --readers 10 --read-seconds 10 --writers 5 --write-seconds 5

Starts `radsmodell serve` (2 workers) on the demo data, then:
1. readers: concurrent anonymous clients on a mix of public pages and API reads, while one
   secretariat client replaces the organisation register with a large file (one long write);
2. writers: concurrent secretariat clients adding action items to a case and cases to one meeting
   through the API.
Prints requests per second, p50/p95/p99 and errors per phase, then checks the writes: every
answered write is in the database once, and the meeting's case numbers are unique and gapless.
Targets (issue 12): no errors, no lost or duplicated write, p95 of public pages under 200 ms.
"""
import argparse
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

from benchenv import production_like

ROOT = Path(__file__).resolve().parent.parent
RADSMODELL = str(Path(sys.executable).with_name("radsmodell"))
PAGES = ["/", "/moter/", "/saker/nuit/2024/17/", "/moter/nuit/2024-05-15/", "/portefolje/",
         "/portefolje/tiltak/pll/", "/portefolje/losninger/sfm/", "/strategi/", "/strategi/mal/enklere-arbeidshverdag/",
         "/strategi/indikatorer/pll-andel-befolkning/", "/kostnader/", "/kostnader/prismodeller/sfm-2025/",
         "/prioritering/"]
API = ["/api/meetings", "/api/initiatives", "/api/indicators", "/api/initiatives/pll",
       "/api/links?object=initiative:pll"]
LOGIN = ("sekretariat", "sekretariat-demo")


class Client:
    """One HTTP/1.1 connection with its cookies, like one browser tab."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        headers = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):  # a kept-alive connection the server closed is opened again once
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";")[0]
        return response.status, content

    def sign_in(self, username: str, password: str) -> None:
        self.request("GET", "/logg-inn/")
        form = urllib.parse.urlencode({"username": username, "password": password,
                                       "csrfmiddlewaretoken": self.cookies["csrftoken"]}).encode()
        status, _ = self.request("POST", "/logg-inn/", form, {"Content-Type": "application/x-www-form-urlencoded"})
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"sign-in as {username} failed: {status}")

    def post_json(self, path: str, payload: dict):
        return self.request("POST", path, json.dumps(payload).encode(),
                            {"Content-Type": "application/json", "X-CSRFToken": self.cookies["csrftoken"]})


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))

    def add(self, group: str, seconds: float, status: int) -> None:
        with self.lock:
            self.times[group].append(seconds)
            self.statuses[group][status] += 1

    def report(self, title: str, seconds: float) -> None:
        print(f"\n{title}")
        print(f"  {'':14} {'requests':>9} {'per s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}  statuses")
        for group, times in sorted(self.times.items()):
            ms = sorted(t * 1000 for t in times)
            pct = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else ms * 99
            statuses = ", ".join(f"{code}: {n}" for code, n in sorted(self.statuses[group].items()))
            print(f"  {group:14} {len(ms):9} {len(ms) / seconds:7.1f} {pct[49]:7.0f} {pct[94]:7.0f} {pct[98]:7.0f}"
                  f"  {statuses}")

    def errors(self) -> int:
        return sum(n for by_status in self.statuses.values() for code, n in by_status.items()
                   if code >= 400 or code == 0)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def radsmodell(*arguments: str) -> None:
    subprocess.run([RADSMODELL, *arguments], check=True, stdout=subprocess.DEVNULL)


def start_server(port: int) -> subprocess.Popen:
    server = subprocess.Popen([RADSMODELL, "serve", "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300  # collectstatic compresses every file first
    while time.monotonic() < deadline:
        try:
            if Client(port).request("GET", "/helse/")[0] == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("the server did not answer /helse/ within 300 s")


def register_file(count: int) -> bytes:
    """A register of `count` private organisations with valid (fictitious) organisation numbers."""
    weights = [3, 2, 7, 6, 5, 4, 3, 2]
    rows = ["org_number,name,kind,segment,turnover_nok,keeps_accounts,locations,ftes,nace,population,chain"]
    prefix = 10_000_000
    while len(rows) <= count:
        prefix += 1
        digits = [int(d) for d in str(prefix)]
        check = (11 - sum(w * d for w, d in zip(weights, digits)) % 11) % 11
        if check != 10:
            rows.append(f"{prefix}{check},Virksomhet {prefix},privat,ovrige,{prefix % 50_000_000},true,1,,86.211,,")
    return ("\n".join(rows) + "\n").encode()


def upload_register(port: int, count: int, tally: Tally) -> None:
    client = Client(port)
    client.sign_in(*LOGIN)
    client.request("GET", "/kostnader/virksomheter/import/")
    boundary = "radsmodellbench"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
             for name, value in (("csrfmiddlewaretoken", client.cookies["csrftoken"]), ("year", "2031"))]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="register.csv"\r\n'
                 f"Content-Type: text/csv\r\n\r\n".encode() + register_file(count) + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    start = time.perf_counter()
    status, _ = client.request("POST", "/kostnader/virksomheter/import/", body,
                               {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    tally.add("import", time.perf_counter() - start, status)


def readers(port: int, count: int, seconds: float, tally: Tally) -> None:
    stop = time.monotonic() + seconds

    def read(number: int) -> None:
        client, paths = Client(port), PAGES + API
        i = number
        while time.monotonic() < stop:
            path = paths[i % len(paths)]
            i += 1
            start = time.perf_counter()
            try:
                status, _ = client.request("GET", path)
            except OSError:
                status = 0
            tally.add("api" if path.startswith("/api/") else "pages", time.perf_counter() - start, status)

    run_threads(read, count)


def writers(port: int, count: int, seconds: float, meeting_id: int, tally: Tally) -> dict[str, int]:
    stop = time.monotonic() + seconds
    answered = defaultdict(int)
    lock = threading.Lock()

    def write(number: int) -> None:
        client = Client(port)
        client.sign_in(*LOGIN)
        i = 0
        while time.monotonic() < stop:
            i += 1
            if i % 2:
                group, path, payload = "action items", "/api/cases/nuit/2024/17/action-items", {
                    "text": f"Lasttest {number}-{i}", "owner": "Sekretariatet"}
            else:
                group, path, payload = "cases", f"/api/meetings/{meeting_id}/cases", {
                    "title": f"Lasttest {number}-{i}", "type": "orientering"}
            start = time.perf_counter()
            try:
                status, _ = client.post_json(path, payload)
            except OSError:
                status = 0
            tally.add(group, time.perf_counter() - start, status)
            if status == 201:
                with lock:
                    answered[group] += 1

    run_threads(write, count)
    return answered


def run_threads(target, count: int) -> None:
    threads = [threading.Thread(target=target, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--read-seconds", type=float, default=60)
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--write-seconds", type=float, default=30)
    parser.add_argument("--register", type=int, default=20_000, help="organisations in the large import")
    options = parser.parse_args()

    production_like()
    os.environ.setdefault("RADSMODELL_WORKERS", "2")
    database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    print(f"Preparing the demo data on {database} …")
    radsmodell("migrate", "--noinput")
    radsmodell("loaddemo")
    port = free_port()
    server = start_server(port)
    try:
        reading = Tally()
        importer = threading.Thread(target=upload_register, args=(port, options.register, reading))
        start = time.perf_counter()
        importer.start()
        readers(port, options.readers, options.read_seconds, reading)
        importer.join()
        reading.report(f"{options.readers} readers for {options.read_seconds:.0f} s, during an import of "
                       f"{options.register} organisations", time.perf_counter() - start)

        secretariat = Client(port)
        secretariat.sign_in(*LOGIN)
        status, content = secretariat.post_json("/api/meetings", {"body": "nuit", "date": "2031-03-05"})
        if status != 201:
            raise SystemExit(f"could not plan the meeting for the writers: {status} {content[:200]!r}")
        meeting_id = json.loads(content)["id"]
        before = action_items(secretariat), len(meeting_cases(secretariat, meeting_id))  # a new meeting has its
        # standing cases (approval of the notice and of the minutes …)
        writing = Tally()
        start = time.perf_counter()
        answered = writers(port, options.writers, options.write_seconds, meeting_id, writing)
        writing.report(f"{options.writers} secretariat writers for {options.write_seconds:.0f} s",
                       time.perf_counter() - start)
        lost = check_writes(secretariat, meeting_id, before, answered)
    finally:
        server.terminate()
        server.wait(timeout=30)
    errors = reading.errors() + writing.errors()
    print(f"\nErrors: {errors}. Lost or duplicated writes: {lost}.")
    sys.exit(1 if errors or lost else 0)


def action_items(client: Client) -> int:
    status, content = client.request("GET", "/api/cases/nuit/2024/17")
    return len(json.loads(content)["action_items"]) if status == 200 else -1


def meeting_cases(client: Client, meeting_id: int) -> list[dict]:
    status, content = client.request("GET", f"/api/meetings/{meeting_id}")
    return [item for item in json.loads(content)["agenda"] if item["case_number"]] if status == 200 else []


def check_writes(client: Client, meeting_id: int, before: tuple[int, int], answered: dict[str, int]) -> int:
    """Every 201 is in the database once; the meeting's case numbers run 1, 2, 3 … without a gap."""
    items = action_items(client) - before[0]
    cases = meeting_cases(client, meeting_id)
    numbers = sorted(int(re.match(r"\d+", item["case_number"]).group()) for item in cases)
    gapless = numbers == list(range(numbers[0], numbers[0] + len(numbers))) if numbers else True
    print(f"\nAction items: {answered['action items']} answered 201, {items} new in the database.")
    print(f"Cases: {answered['cases']} answered 201, {len(cases) - before[1]} new in the meeting, numbers "
          f"{numbers[0] if numbers else '–'}–{numbers[-1] if numbers else '–'}, "
          f"{'unique and gapless' if gapless and len(set(numbers)) == len(numbers) else 'NOT unique and gapless'}.")
    return abs(items - answered["action items"]) + abs(len(cases) - before[1] - answered["cases"]) + (not gapless)


if __name__ == "__main__":
    main()
