"""Concurrent writers queue instead of failing (issue 12, point 5), on a real server and a file database.

The test database is in memory and lives in one process, so this test copies the demo state to an
SQLite file, starts `radsmodell runserver` on it in production mode (threaded: one thread per
request, each with its own connection) and lets a dozen secretariat clients add cases and action
items through the API for a few seconds while anonymous readers keep reading. Every write must be
answered 201 and be in the database afterwards, no request may end in a 5xx, and the year's case
numbers must stay unique and gapless, in agenda order, across the two meetings they are spread over.
"""
import http.client
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

WRITERS, READERS, SECONDS = 12, 2, 5.0
PASSWORD = "samtidig-test-passord"
YEAR = 2031  # no cases yet: the numbers start at 1
pytestmark = pytest.mark.skipif(os.environ.get("DATABASE_URL", "") != "", reason="SQLite's file locking only")


class Server:
    """`radsmodell runserver` on a free port, its output (the JSON log lines) in a file."""

    def __init__(self, data_dir: Path):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "RADSMODELL_DEBUG")}
        env.update(RADSMODELL_DATA_DIR=str(data_dir), RADSMODELL_HTTPS="0", RADSMODELL_ALLOWED_HOSTS="127.0.0.1")
        self.log = data_dir / "server.log"
        with self.log.open("w") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "radsmodell.cli", "runserver", f"127.0.0.1:{self.port}", "--noreload"],
                env=env, cwd=data_dir, stdout=out, stderr=subprocess.STDOUT)
        self.session = self.csrf = ""

    def wait_until_up(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            try:
                self.request("GET", "/favicon.ico")
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"Serveren startet ikke:\n{self.log.read_text()}")

    def request(self, method: str, path: str, body: str = "", headers: dict | None = None):
        """(status, headers, text); a fresh connection per request, as separate clients would."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body.encode(), headers=headers or {})
            response = conn.getresponse()
            return response.status, response.headers, response.read().decode()
        finally:
            conn.close()

    def sign_in(self, username: str, password: str) -> None:
        """Through /logg-inn/ as a browser would: the form's CSRF token, then the session cookie."""
        status, headers, page = self.request("GET", "/logg-inn/")
        self.csrf = re.search(r"csrftoken=([^;]+)", " ".join(headers.get_all("Set-Cookie"))).group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
        status, headers, _ = self.request("POST", "/logg-inn/", form, {
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={self.csrf}"})
        assert status == 302, f"innlogging ga {status}"
        cookies = " ".join(headers.get_all("Set-Cookie"))  # a new session, and a new CSRF token with it
        self.session = re.search(r"sessionid=([^;]+)", cookies).group(1)
        self.csrf = re.search(r"csrftoken=([^;]+)", cookies).group(1)

    def post_json(self, path: str, payload: dict):
        status, _, text = self.request("POST", path, json.dumps(payload), {
            "Content-Type": "application/json", "X-CSRFToken": self.csrf,
            "Cookie": f"csrftoken={self.csrf}; sessionid={self.session}"})
        return status, json.loads(text) if text.startswith("{") else text

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def server(transactional_db, secretariat, tmp_path):
    """The demo register in a file, with a password the server can check (the suite hashes with MD5,
    which the server does not accept; a cheap PBKDF2 hash is upgraded by the server at sign-in).
    Committed (transactional_db): SQLite cannot copy a database while a transaction holds it."""
    secretariat.password = PBKDF2PasswordHasher().encode(PASSWORD, "samtidigsalt", iterations=1000)
    secretariat.save(update_fields=["password"])
    connection.ensure_connection()
    copy = sqlite3.connect(tmp_path / "radsmodell.sqlite3")
    connection.connection.backup(copy)
    copy.close()
    running = Server(tmp_path)
    try:
        running.wait_until_up()
        running.sign_in(secretariat.username, PASSWORD)
        yield running
    finally:
        running.stop()


def test_concurrent_writers_queue_and_every_answered_write_is_kept(server, tmp_path):
    meetings = []
    for day in (f"{YEAR}-03-05", f"{YEAR}-09-10"):
        status, meeting = server.post_json("/api/meetings", {"body": "nuit", "date": day})
        assert status == 201, meeting
        meetings.append(meeting["id"])

    writes: list[tuple[str, int, object, str]] = []  # (kind, status, answer, what was sent)
    reads: list[int] = []
    stop_at = time.monotonic() + SECONDS

    def writer(number: int) -> None:
        for turn in range(10_000):
            if time.monotonic() >= stop_at:
                return
            what = f"Skriver {number} nr. {turn}"
            if (number + turn) % 3 < 2:  # a case in the first or the second meeting: renumbers the year
                meeting = meetings[(number + turn) % 2]
                status, answer = server.post_json(f"/api/meetings/{meeting}/cases",
                                                  {"title": what, "type": "information"})
                writes.append(("case", status, answer, what))
            else:  # an action item on a case of a held meeting (17/24 of NUIT 15 May 2024)
                status, answer = server.post_json("/api/cases/nuit/2024/17/action-items",
                                                  {"text": what, "owner": "Sekretariatet"})
                writes.append(("action item", status, answer, what))

    def reader() -> None:
        while time.monotonic() < stop_at:
            for path in (f"/api/cases?body=nuit&year={YEAR}", "/moter/", "/aksjonspunkter/"):
                reads.append(server.request("GET", path)[0])

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    threads += [threading.Thread(target=reader) for _ in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    server.stop()

    statuses = Counter(status for _, status, _, _ in writes)
    assert set(statuses) == {201}, f"{statuses}: {[w for w in writes if w[1] != 201][:3]}"
    assert set(reads) == {200}, Counter(reads)
    assert len(writes) >= WRITERS, "for lite ble skrevet til å si noe"
    log = server.log.read_text()
    assert '"logger": "radsmodell.errors"' not in log and '"status": 5' not in log

    database = sqlite3.connect(tmp_path / "radsmodell.sqlite3")
    cases = database.execute(
        "SELECT c.number, c.meeting_id, c.title, a.position FROM council_case c "
        "JOIN council_body b ON b.id = c.body_id JOIN council_agendaitem a ON a.case_id = c.id "
        "WHERE b.slug = 'nuit' AND c.year = ? ORDER BY c.number",
        (YEAR,)).fetchall()
    titles = Counter(title for _, _, title, _ in cases)
    added = [what for kind, _, _, what in writes if kind == "case"]
    assert all(titles[what] == 1 for what in added), "a case answered 201 is missing or doubled"
    assert len(cases) == len(added) + 2 * 3  # each meeting starts with two opening cases and Eventuelt

    numbers = [number for number, _, _, _ in cases]
    assert numbers == list(range(1, len(cases) + 1)), "the year's case numbers are not 1..N"
    for meeting in meetings:
        in_agenda_order = sorted((position, number) for number, held_at, _, position in cases if held_at == meeting)
        mine = [number for _, number in in_agenda_order]
        assert mine == list(range(mine[0], mine[0] + len(mine))), f"meeting {meeting}: {mine}"
        positions = [p for p, in database.execute(
            "SELECT position FROM council_agendaitem WHERE meeting_id = ? ORDER BY position", (meeting,))]
        assert positions == list(range(1, len(positions) + 1))

    kept = dict(database.execute("SELECT id, text FROM council_actionitem"))
    items = [(answer["id"], what) for kind, _, answer, what in writes if kind == "action item"]
    assert items and all(kept.get(item_id) == what for item_id, what in items)
