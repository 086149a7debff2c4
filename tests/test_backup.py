"""`radsmodell backup` and `radsmodell restore`: a consistent copy while the server writes, back into an
empty installation with every row and file, and clear refusals for a wrong file or a non-empty target.

The commands run as subprocesses against a data directory of their own: the demo database of the test
session written to a file (migrating a new file would take half a minute), with a few uploaded files.
"""
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import time
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection

DATABASE = "radsmodell.sqlite3"
MEDIA = {"vedlegg/2024/toppnotat-17-24.pdf": os.urandom(50_000), "vedlegg/2025/notat æøå.docx": b"PK\x03\x04 docx"}

# Adds cases and action items through the council's services, as the secretariat's browser would, until
# the file named by argv[1] exists; argv[2] is created once the first writes are in.
WRITER = """
import sys
from datetime import date
from pathlib import Path

import django

django.setup()
from radsmodell.council import services
from radsmodell.council.models import Body, CaseType

stop, started = Path(sys.argv[1]), Path(sys.argv[2])
meeting = services.plan_meeting(Body.objects.get(slug="nuit"), date(2019, 6, 3))
services.publish_notice(meeting)  # a published agenda: new cases get the next number, none is renumbered
n = 0
while not stop.exists():
    case = services.add_case(meeting, f"Skrivetest {n}", CaseType.INFORMATION)
    services.add_action_item(case, f"Følg opp skrivetest {n}", "Sekretariatet")
    n += 1
    if n == 3:
        started.touch()
print(n)
"""


def _env(data_dir: Path, **extra) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name not in ("DATABASE_URL", "RADSMODELL_LANGUAGE")}
    return {**env, "RADSMODELL_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "radsmodell.settings", **extra}


def radsmodell(data_dir: Path, *args, **extra) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "radsmodell.cli", *args], env=_env(data_dir, **extra),
                          capture_output=True, text=True, timeout=120)


def counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as db:
        shadow = {row[1] for row in db.execute("PRAGMA table_list") if row[2] == "shadow"}  # the search index's
        names = [row[0] for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'") if row[0] not in shadow]
        return {name: db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def cases_checksum(rows) -> str:
    return hashlib.sha256(json.dumps([list(row) for row in rows]).encode()).hexdigest()


def cases(path: Path, limit: int = -1) -> list:
    with closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT body_id, year, number, title FROM council_case ORDER BY id LIMIT ?",
                          [limit]).fetchall()


def media_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def manifest_of(archive: Path) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        return json.load(tar.extractfile("manifest.json"))


_cache: dict = {}


@pytest.fixture
def seed(transactional_db, demo, tmp_path_factory) -> Path:
    """The demo database as a file, made once (outside a test transaction: SQLite copies no database that
    its own connection is writing to)."""
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite backup is tested in the SQLite run; this run's test database is PostgreSQL")
    if "seed" not in _cache:
        path = tmp_path_factory.mktemp("seed") / DATABASE
        connection.ensure_connection()
        with closing(sqlite3.connect(path)) as target:
            connection.connection.backup(target)
        _cache["seed"] = path
    return _cache["seed"]


def installation(seed: Path, data_dir: Path) -> Path:
    data_dir.mkdir()
    shutil.copy(seed, data_dir / DATABASE)
    for name, content in MEDIA.items():
        (data_dir / "media" / name).parent.mkdir(parents=True, exist_ok=True)
        (data_dir / "media" / name).write_bytes(content)
    return data_dir


@pytest.fixture
def under_writes(seed, tmp_path_factory) -> dict:
    """A backup taken while another process keeps adding cases and action items (made once)."""
    if "under_writes" in _cache:
        return _cache["under_writes"]
    work = tmp_path_factory.mktemp("backup")
    source = installation(seed, work / "kilde")
    before = counts(source / DATABASE)
    stop, started = work / "stopp", work / "startet"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(stop), str(started)], env=_env(source),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not started.exists():
            assert writer.poll() is None, writer.stderr.read()
            assert time.monotonic() < deadline, "the writer never got going"
            time.sleep(0.05)
        archive = work / "radsmodell.tar.gz"
        backup = radsmodell(source, "backup", "-o", str(archive))
        saved = manifest_of(archive)["tables"]["council_case"] if backup.returncode == 0 else 0
        while counts(source / DATABASE)["council_case"] <= saved + 2 and time.monotonic() < deadline:
            time.sleep(0.05)  # let some writes land after the backup, so they provably ran alongside it
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=60)
    _cache["under_writes"] = {"source": source, "archive": archive, "backup": backup, "before": before,
                              "after": counts(source / DATABASE), "writer": (writer.returncode, out, err)}
    return _cache["under_writes"]


def test_backup_while_another_process_writes_is_complete_and_consistent(under_writes, tmp_path):
    backup, archive = under_writes["backup"], under_writes["archive"]
    assert backup.returncode == 0, backup.stderr
    assert f"Sikkerhetskopi skrevet til {archive}" in backup.stdout
    assert "Integritetssjekk av kopien: ok." in backup.stdout and "Mediefiler: 2" in backup.stdout
    code, written, errors = under_writes["writer"]
    assert code == 0 and "Traceback" not in errors and "locked" not in errors, errors
    assert int(written) > 6
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    assert not [p for p in archive.parent.iterdir() if p.name.startswith(".")]  # no temporary leftovers

    manifest = manifest_of(archive)
    assert manifest["format"] == "radsmodell-sikkerhetskopi" and manifest["version"] == 1
    assert manifest["database"]["engine"] == "sqlite"
    assert "0001_initial" in manifest["migrations"]["council"]
    before, after, saved = under_writes["before"], under_writes["after"], manifest["tables"]
    assert saved.keys() == before.keys()
    assert all(before[table] <= saved[table] <= after[table] for table in saved)
    # Writes landed before the backup's moment and after it: the copy was taken in the middle of them.
    assert before["council_case"] < saved["council_case"] < after["council_case"]
    assert before["council_actionitem"] < saved["council_actionitem"] < after["council_actionitem"]

    with tarfile.open(archive, "r:gz") as tar:
        tar.extract("database.sqlite3", tmp_path)
    copy = tmp_path / "database.sqlite3"
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == manifest["database"]["sha256"]
    with closing(sqlite3.connect(copy)) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert counts(copy) == saved
    # Every case and action item in the copy is whole: each action item belongs to a case in the copy.
    with closing(sqlite3.connect(copy)) as db:
        assert db.execute("SELECT count(*) FROM council_actionitem WHERE case_id NOT IN "
                          "(SELECT id FROM council_case)").fetchone() == (0,)


def test_restore_into_an_empty_data_directory_gives_back_every_row_as_it_was_at_backup_time(under_writes, tmp_path):
    archive, source = under_writes["archive"], under_writes["source"]
    target = tmp_path / "ny"
    restored = radsmodell(target, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert f"Gjenopprettet {archive}" in restored.stdout
    assert "radtallene stemmer med manifestet" in restored.stdout and "Integritetssjekk: ok." in restored.stdout

    manifest = manifest_of(archive)
    assert counts(target / DATABASE) == manifest["tables"]
    # The cases are only ever added to, so the source's first N cases are the cases at backup time.
    n = manifest["tables"]["council_case"]
    assert cases_checksum(cases(target / DATABASE)) == cases_checksum(cases(source / DATABASE, n))
    assert cases(target / DATABASE)[-1][3].startswith("Skrivetest")
    with closing(sqlite3.connect(target / DATABASE)) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert sorted(p.name for p in target.iterdir()) == ["media", DATABASE]  # the work folder is gone

    # The restored installation runs: the app reads it and writes to it.
    check = radsmodell(target, "shell", "--no-imports", "-c",
                       "from radsmodell.council.models import Case; print(Case.objects.count())")
    assert check.returncode == 0 and check.stdout.split()[-1] == str(n), check.stderr


def test_media_files_come_back_byte_for_byte(under_writes, tmp_path):
    restored = radsmodell(tmp_path / "ny", "restore", str(under_writes["archive"]))
    assert restored.returncode == 0, restored.stderr
    assert "Mediefiler: 2" in restored.stdout
    assert media_files(tmp_path / "ny" / "media") == MEDIA == media_files(under_writes["source"] / "media")


def _truncated(archive: Path) -> bytes:
    return archive.read_bytes()[: archive.stat().st_size // 2]


def _foreign(archive: Path) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        info = tarfile.TarInfo("../../etc/passwd")
        info.size = 4
        tar.addfile(info, io.BytesIO(b"root"))
    return buffer.getvalue()


def _tampered(archive: Path) -> bytes:
    """The same archive with one byte of the database changed and the manifest left as it was."""
    buffer = io.BytesIO()
    with tarfile.open(archive, "r:gz") as source, tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for member in source:
            content = bytearray(source.extractfile(member).read())
            if member.name == "database.sqlite3":
                content[5000] ^= 0xFF
            tar.addfile(member, io.BytesIO(bytes(content)))
    return buffer.getvalue()


@pytest.mark.parametrize("make, message", [
    (lambda archive: os.urandom(20_000), "er ikke en sikkerhetskopi fra Rådsmodell (ikke et tar.gz-arkiv)"),
    (_truncated, "er skadet eller ufullstendig"),
    (_foreign, "har uventet innhold (../../etc/passwd)"),
    (_tampered, "databasen (database.sqlite3) har en annen sjekksum enn manifestet sier"),
], ids=["random-bytes", "truncated", "foreign-archive", "tampered-database"])
def test_a_wrong_file_gives_a_clear_message_and_writes_nothing(under_writes, tmp_path, make, message):
    wrong = tmp_path / "feil.tar.gz"
    wrong.write_bytes(make(under_writes["archive"]))
    target = tmp_path / "ny"
    restored = radsmodell(target, "restore", str(wrong))
    assert restored.returncode != 0
    assert f"{wrong} {message}" in restored.stderr or f"{wrong}: {message}" in restored.stderr, restored.stderr
    assert "Traceback" not in restored.stderr
    assert list(target.iterdir()) == []


def test_restore_refuses_a_target_with_data_unless_forced(under_writes, seed, tmp_path):
    archive = under_writes["archive"]
    target = installation(seed, tmp_path / "i-bruk")
    (target / "media" / "vedlegg/2024/toppnotat-17-24.pdf").write_bytes(b"a newer upload")
    untouched = (target / DATABASE).read_bytes()

    refused = radsmodell(target, "restore", str(archive))
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "Gjenopprettingen ville erstatte det som finnes" in refused.stderr
    assert f"databasen {target / DATABASE} har" in refused.stderr and "--force" in refused.stderr
    assert (target / DATABASE).read_bytes() == untouched
    assert (target / "media" / "vedlegg/2024/toppnotat-17-24.pdf").read_bytes() == b"a newer upload"

    forced = radsmodell(target, "restore", "--force", str(archive))
    assert forced.returncode == 0, forced.stderr
    assert counts(target / DATABASE) == manifest_of(archive)["tables"]
    assert media_files(target / "media") == MEDIA


def test_backup_refuses_to_overwrite_a_file_unless_forced(under_writes):
    archive, source = under_writes["archive"], under_writes["source"]
    before = archive.read_bytes()
    refused = radsmodell(source, "backup", "-o", str(archive))
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert f"{archive} finnes allerede" in refused.stderr and "--force" in refused.stderr
    assert archive.read_bytes() == before


def _postgresql_ready() -> bool:
    return urlsplit(os.environ.get("DATABASE_URL", "")).scheme.startswith("postgres") and bool(
        shutil.which("pg_dump") and shutil.which("pg_restore"))


@pytest.mark.skipif(not _postgresql_ready(), reason="needs DATABASE_URL on a PostgreSQL server, pg_dump and "
                                                   "pg_restore (the PostgreSQL run of `make test`)")
def test_postgresql_backup_and_restore_give_back_every_row(demo, tmp_path):
    name = connection.settings_dict["NAME"]
    url = urlsplit(os.environ["DATABASE_URL"])
    source_url = url._replace(path=f"/{name}").geturl()
    target_url = url._replace(path=f"/{name}_gjenopprettet").geturl()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}_gjenopprettet"')
        cursor.execute(f'CREATE DATABASE "{name}_gjenopprettet"')
    try:
        archive = tmp_path / "pg.tar.gz"
        (tmp_path / "kilde" / "media").mkdir(parents=True)
        (tmp_path / "kilde" / "media" / "a.pdf").write_bytes(b"%PDF-1.7")
        backup = radsmodell(tmp_path / "kilde", "backup", "-o", str(archive), DATABASE_URL=source_url)
        assert backup.returncode == 0, backup.stderr
        manifest = manifest_of(archive)
        assert manifest["database"]["engine"] == "postgresql"
        with connection.cursor() as cursor:
            live = {table: cursor.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                    for table in connection.introspection.table_names(cursor)}
            cursor.execute("SELECT body_id, year, number, title FROM council_case ORDER BY id")
            live_cases = cursor.fetchall()
        assert manifest["tables"] == live

        restored = radsmodell(tmp_path / "ny", "restore", str(archive), DATABASE_URL=target_url)
        assert restored.returncode == 0, restored.stderr
        assert "radtallene stemmer med manifestet" in restored.stdout
        assert media_files(tmp_path / "ny" / "media") == {"a.pdf": b"%PDF-1.7"}
        check = radsmodell(tmp_path / "ny", "shell", "--no-imports", "-c",
                           "import json; from radsmodell.council.models import Case; print(json.dumps(list("
                           "Case.objects.order_by('id').values_list('body_id', 'year', 'number', 'title'))))",
                           DATABASE_URL=target_url)
        assert check.returncode == 0, check.stderr
        assert cases_checksum(json.loads(check.stdout.splitlines()[-1])) == cases_checksum(live_cases)

        again = radsmodell(tmp_path / "annen", "restore", str(archive), DATABASE_URL=target_url)
        assert again.returncode != 0 and "Gjenopprettingen ville erstatte det som finnes" in again.stderr
    finally:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}_gjenopprettet" WITH (FORCE)')
