"""Running it for real: refusing to start without its own settings, `check --deploy`, `radsmodell serve`
(gunicorn with WhiteNoise's hashed, compressed static files), the health check and the container recipe.

The console and the server run as child processes in a clean environment and a data directory of
their own, always on SQLite (a PostgreSQL run of the suite must not migrate its DATABASE_URL here).
"""
import gzip
import os
import re
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from unittest import mock

import brotli
import pytest
from django.db import OperationalError, connection

ROOT = Path(__file__).resolve().parents[1]
HASHED_CSS = re.compile(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"')


def _environment(tmp_path, **settings) -> dict[str, str]:
    """This process's environment without any of the app's settings, plus `settings`. Without the
    browser tests' DJANGO_ALLOW_ASYNC_UNSAFE too (tests/browser/conftest.py sets it for the whole
    run), which no installation sets and `check --deploy` rightly objects to."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("RADSMODELL_") and k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    return {**env, "RADSMODELL_DATA_DIR": str(tmp_path / "data"), **settings}


def _production(tmp_path, **settings) -> dict[str, str]:
    return _environment(tmp_path, RADSMODELL_SECRET_KEY=secrets.token_urlsafe(45),
                        RADSMODELL_ALLOWED_HOSTS="127.0.0.1,radsmodell.example.no", **settings)


def _radsmodell(env, *args, **options):
    return subprocess.Popen([sys.executable, "-m", "radsmodell.cli", *args], env=env, **options)


def _run(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "radsmodell.cli", *args], env=env, capture_output=True,
                          text=True, timeout=120)


# --- safe defaults ----------------------------------------------------------------------------------

@pytest.mark.parametrize("given, missing", [
    ({}, ["RADSMODELL_SECRET_KEY", "RADSMODELL_ALLOWED_HOSTS"]),
    ({"RADSMODELL_ALLOWED_HOSTS": "radsmodell.example.no"}, ["RADSMODELL_SECRET_KEY"]),
    ({"RADSMODELL_SECRET_KEY": "x" * 60}, ["RADSMODELL_ALLOWED_HOSTS"]),
])
def test_outside_development_mode_it_refuses_to_start_naming_what_is_missing(tmp_path, given, missing):
    done = _run(_environment(tmp_path, **given), "check")
    assert done.returncode != 0
    for name in missing:
        assert name in done.stderr
    assert "driftsmodus" in done.stderr and "Traceback" not in done.stderr
    assert re.search(r"mangler (.+?)\. ", done.stderr).group(1) == " og ".join(missing)


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    done = _run(_production(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues (0 silenced)" in done.stdout
    assert "WARNING" not in done.stdout + done.stderr


# --- radsmodell serve --------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, **headers) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _wait_for_health(url: str, server: subprocess.Popen, log: Path, seconds: float) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, f"radsmodell serve stopped:\n{log.read_text()}"
        try:
            status, headers, body = _get(url)
            return {"status": status, "headers": headers, "body": body}
        except OSError:  # not listening yet
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {seconds} s:\n{log.read_text()}")


def _migrated_database(env: dict[str, str], path: Path) -> None:
    """A migrated database (with the demo data) at `path`: a copy of this test session's when it runs
    on SQLite (`radsmodell migrate` costs half a minute of CPU), else migrated by the console command."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(path)
        connection.connection.backup(copy)
        copy.close()
    else:
        done = _run(env, "migrate", "--noinput", "--verbosity", "0")
        assert done.returncode == 0, done.stderr


def test_serve_runs_gunicorn_with_hashed_compressed_static_files(tmp_path, transactional_db, demo):
    # transactional_db: no transaction of the test's own is open, so the database can be copied.
    port = _free_port()
    env = _production(tmp_path, RADSMODELL_HTTPS="0", RADSMODELL_WORKERS="1", RADSMODELL_THREADS="2",
                      DATABASE_URL=f"sqlite:///{tmp_path / 'served.sqlite3'}")
    _migrated_database(env, tmp_path / "served.sqlite3")
    out, err = tmp_path / "serve.out", tmp_path / "serve.err"
    with out.open("w") as stdout, err.open("w") as stderr:
        server = _radsmodell(env, "serve", "--bind", f"127.0.0.1:{port}", stdout=stdout, stderr=stderr)
    try:
        health = _wait_for_health(f"http://127.0.0.1:{port}/helse/", server, err, seconds=120)
        assert health["status"] == 200, health["body"]
        assert b'"database": "ok"' in health["body"]
        assert "no-store" in health["headers"]["Cache-Control"]

        status, _, page = _get(f"http://127.0.0.1:{port}/")
        assert status == 200 and "NUIT" in page.decode()  # the demo's meetings, from the copied database
        stylesheets = HASHED_CSS.findall(page.decode())
        assert stylesheets, "the home page links no stylesheet with a hashed name"
        css = f"http://127.0.0.1:{port}{stylesheets[-1]}"
        status, headers, plain = _get(css)
        assert status == 200 and b"{" in plain
        assert int(re.search(r"max-age=(\d+)", headers["Cache-Control"]).group(1)) >= 365 * 24 * 3600
        assert "Content-Encoding" not in headers
        status, headers, body = _get(css, **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == plain
        status, headers, body = _get(css, **{"Accept-Encoding": "br, gzip"})
        assert status == 200 and headers["Content-Encoding"] == "br" and brotli.decompress(body) == plain
    finally:
        server.send_signal(signal.SIGTERM)
        stopped = server.wait(timeout=30)
    said = out.read_text()
    logged = err.read_text()
    assert stopped == 0, logged
    assert f"http://127.0.0.1:{port}" in said and "1 arbeidsprosesser × 2 tråder" in said
    assert logged.count("Booting worker") == 1  # RADSMODELL_WORKERS
    assert "gthread" in logged
    assert '"GET /helse/ HTTP/1.1"' not in logged  # gunicorn's access log is off
    assert (tmp_path / "data" / "static" / "staticfiles.json").exists()


@pytest.mark.parametrize("args, settings, message", [
    (["--bind", "localhost"], {}, "--bind: «localhost» er ikke en adresse med port"),
    (["--bind", "127.0.0.1:99999"], {}, "--bind: «127.0.0.1:99999» er ikke en adresse med port"),
    ([], {"RADSMODELL_WORKERS": "to"}, "RADSMODELL_WORKERS må være et positivt heltall, ikke «to»"),
    ([], {"RADSMODELL_THREADS": "0"}, "RADSMODELL_THREADS må være et positivt heltall, ikke «0»"),
])
def test_serve_refuses_a_bad_address_or_count_before_doing_anything(tmp_path, args, settings, message):
    done = _run(_production(tmp_path, **settings), "serve", *args)
    assert done.returncode != 0
    assert message in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "data" / "static").exists()


# --- the health check --------------------------------------------------------------------------------

def test_health_check_answers_with_the_database_status_and_is_never_cached(client, db):
    response = client.get("/helse/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "version": "0.1.0"}
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies  # no session, no CSRF cookie


def test_health_check_answers_503_when_the_database_fails(client, db):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("disk I/O error")):
        response = client.get("/helse/")
    assert response.status_code == 503
    assert response.json() == {"status": "feil", "database": "OperationalError"}
    assert "no-store" in response["Cache-Control"]


# --- the container -----------------------------------------------------------------------------------

def _stages(text: str) -> list[list[str]]:
    """The Containerfile's instructions (continuation lines joined), one list per FROM."""
    stages = []
    for line in re.sub(r"\\\n", " ", text).splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.upper().startswith("FROM "):
            stages.append([])
        stages[-1].append(line)
    return stages


def test_the_containerfile_builds_in_stages_and_runs_as_a_user_with_a_health_check():
    # Not built here (no container runtime on the test machine): its parts are checked instead.
    stages = _stages((ROOT / "Containerfile").read_text(encoding="utf-8"))
    assert len(stages) >= 2
    build = " ".join(" ".join(stage) for stage in stages[:-1])
    assert "make static" in build and "pip install" in build  # make static runs npm ci
    runtime = stages[-1]
    said = " ".join(runtime)
    assert any(line.startswith("COPY --from=") for line in runtime)
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core"):
        assert package in said
    users = [line.split()[1] for line in runtime if line.upper().startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
    assert any(line.startswith("ENV ") and "RADSMODELL_DATA_DIR=/data" in line for line in runtime)
    assert "VOLUME /data" in runtime and "EXPOSE 8000" in runtime
    health = next(line for line in runtime if line.upper().startswith("HEALTHCHECK "))
    assert "/helse/" in health and "python" in health and "curl" not in health
    compile(re.search(r'python -c "(.*)"', health).group(1), "HEALTHCHECK", "exec")
    assert runtime[-1] == 'CMD ["radsmodell", "serve", "--bind", "0.0.0.0:8000", "--migrate"]'
    # Everything stays out of the build context but what the stages copy.
    ignored = [line for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").split("\n")
               if line and not line.startswith("#")]
    assert ignored[0] == "*"
    assert {"!Makefile", "!package.json", "!package-lock.json", "!pyproject.toml", "!src"} <= set(ignored)
