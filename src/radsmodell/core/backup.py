"""Backup and restore of an installation: the database and the uploaded files in one tar.gz archive.

`radsmodell backup -o FILE` and `radsmodell restore FILE` (core/management/commands). The archive holds
the database (an SQLite file copied with SQLite's online backup API, or a `pg_dump` in custom format),
the files under MEDIA_ROOT as `media/...`, and last `manifest.json`: what the archive holds, with row
counts per table and checksums, so that a restore can prove it got back what was saved. A copy of the
live SQLite file is no backup: a write in the middle of the copy leaves it corrupt.
"""
import gzip
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = "radsmodell-sikkerhetskopi"
VERSION = 1
MANIFEST = "manifest.json"
MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA = "media"
# The copy goes 1 000 pages (4 MB) at a time with a pause between, leaving the disk to the writers.
STEP_PAGES = 1000
STEP_PAUSE = 0.005


class BackupError(Exception):
    """What went wrong, in words for the operator; nothing has been written."""


@dataclass
class Result:
    path: Path
    manifest: dict
    bytes: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.manifest["tables"].values())


def engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


# --- Backup ----------------------------------------------------------------------------------

def create(output: Path, force: bool = False) -> Result:
    output = Path(output)
    if output.is_dir():
        raise BackupError(_("%(path)s er en mappe; oppgi et filnavn.") % {"path": output})
    if output.exists() and not force:
        raise BackupError(_("%(path)s finnes allerede. Velg et annet navn, eller bruk --force for å erstatte "
                            "filen.") % {"path": output})
    if not output.parent.is_dir():
        raise BackupError(_("Mappa %(path)s finnes ikke.") % {"path": output.parent})
    kind = engine()
    # Everything is made next to the output and renamed into place at the end: a failed or interrupted
    # backup leaves no half-written archive under the name a restore would look for.
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".radsmodell-backup-") as work:
        database = Path(work) / MEMBERS[kind]
        tables, migrations = _copy_sqlite(database) if kind == "sqlite" else _dump_postgresql(database)
        manifest = {
            "format": FORMAT, "version": VERSION, "created": timezone.localtime().isoformat(timespec="seconds"),
            "database": {"engine": kind, "file": database.name, "bytes": database.stat().st_size,
                         "sha256": _sha256(database)},
            "migrations": migrations, "tables": tables,
        }
        partial = Path(work) / "archive.tar.gz"
        with open(partial, "wb") as raw:
            with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
                tar.add(database, arcname=database.name)
                manifest["media"] = _add_media(tar)
                _add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
            raw.flush()
            os.fsync(raw.fileno())
        os.chmod(partial, 0o600)  # the archive holds personal data and password hashes
        os.replace(partial, output)
    return Result(output, manifest, output.stat().st_size)


def _copy_sqlite(target: Path) -> tuple[dict, dict]:
    source = Path(settings.DATABASES["default"]["NAME"])
    if not source.is_file():
        raise BackupError(_("Fant ingen database i %(path)s. Er RADSMODELL_DATA_DIR riktig?") % {"path": source})
    try:
        with closing(sqlite3.connect(source, timeout=20, isolation_level=None)) as live:
            if live.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                live.execute("PRAGMA journal_mode=WAL")  # what the app sets on every connection anyway
            # One read transaction around the whole copy. In WAL mode it sees the database as it was when
            # it began while the writers go on appending to the log; without it each step is a transaction
            # of its own, and a write from another process sends the copy back to page 1, again and again
            # for as long as writes keep coming. (The log grows meanwhile: checkpoints wait for the copy.)
            live.execute("BEGIN")
            live.execute("SELECT count(*) FROM sqlite_master")
            with closing(sqlite3.connect(target)) as copy:
                live.backup(copy, pages=STEP_PAGES, progress=lambda *step: time.sleep(STEP_PAUSE))
            live.execute("ROLLBACK")
        with closing(sqlite3.connect(target, isolation_level=None)) as copy:
            problems = _integrity_problems(copy)
            if problems:
                raise BackupError(_("Kopien av databasen består ikke integritetssjekken, så databasen %(path)s er "
                                    "skadet: %(problems)s") % {"path": source, "problems": problems})
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file; the app turns WAL back on
            return _sqlite_tables(copy), _sqlite_migrations(copy)
    except sqlite3.Error as error:
        raise BackupError(_("Kunne ikke kopiere databasen %(path)s: %(error)s") % {"path": source, "error": error})


def _dump_postgresql(target: Path) -> tuple[dict, dict]:
    pg_dump = _tool("pg_dump")
    # pg_dump reads the snapshot this transaction exports, so the row counts in the manifest describe
    # exactly the rows in the dump, however many writes land meanwhile.
    with _postgresql(), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables = _django_tables(cursor)
        migrations = {}
        if "django_migrations" in tables:
            cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, id")
            for app, name in cursor.fetchall():
                migrations.setdefault(app, []).append(name)
        _run([pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={target}"])
    return tables, migrations


def _add_media(tar: tarfile.TarFile) -> list[dict]:
    root = Path(settings.MEDIA_ROOT)
    files = []
    for path in sorted(root.rglob("*")) if root.is_dir() else []:
        if path.is_symlink() or not path.is_file():
            continue
        try:
            content = path.read_bytes()  # whole, so the checksum and the archive see the same bytes
        except FileNotFoundError:
            continue  # removed since the walk began
        relative = path.relative_to(root).as_posix()
        _add_bytes(tar, f"{MEDIA}/{relative}", content)
        files.append({"path": relative, "bytes": len(content), "sha256": hashlib.sha256(content).hexdigest()})
    return files


def _add_bytes(tar: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(content), 0o600, int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(content))


# --- Restore ---------------------------------------------------------------------------------

def restore(archive: Path, force: bool = False) -> Result:
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(_("Fant ikke filen %(path)s.") % {"path": archive})
    kind = engine()
    data_dir = Path(settings.DATA_DIR)
    data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=data_dir, prefix=".radsmodell-restore-") as work:
        work = Path(work)
        manifest = _unpack(archive, work)
        if manifest["database"]["engine"] != kind:
            raise BackupError(_("%(file)s er en sikkerhetskopi av en %(saved)s-database, men denne installasjonen "
                                "bruker %(here)s.") % {"file": archive, "saved": manifest["database"]["engine"],
                                                       "here": kind})
        staged = work / manifest["database"]["file"]
        if kind == "sqlite":
            _verify_sqlite(staged, manifest, str(archive))
        # The file is checked in full first, so a wrong file is named as such; then the target.
        present = _existing_data(kind)
        if present and not force:
            raise BackupError(_("Gjenopprettingen ville erstatte det som finnes: %(what)s. Ingenting er endret. Bruk "
                                "--force hvis det er meningen (stopp serveren først), eller pek RADSMODELL_DATA_DIR "
                                "(eller DATABASE_URL) til et tomt sted.") % {"what": "; ".join(present)})
        if kind == "sqlite":
            _install_sqlite(staged)
        else:
            _install_postgresql(staged)
        _install_media(work / MEDIA)
    _verify_target(kind, manifest)
    result = Result(archive, manifest)
    result.notes = _migration_notes(manifest["migrations"])
    return result


def _unpack(archive: Path, work: Path) -> dict:
    """Every member into `work`, checked against the manifest; a clear BackupError for anything amiss."""
    file = str(archive)
    try:
        tar = tarfile.open(archive, "r:gz")
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile):
        raise BackupError(_("%(file)s er ikke en sikkerhetskopi fra Rådsmodell (ikke et tar.gz-arkiv).")
                          % {"file": file})
    except OSError as error:
        raise BackupError(_("Kan ikke lese %(file)s: %(error)s") % {"file": file, "error": error.strerror})
    seen = set()
    try:
        with tar:
            for member in tar:
                name, media = member.name, _media_path(member.name)
                if member.isdir() and media is not None:
                    continue
                if name in (MANIFEST, *MEMBERS.values()):
                    path = work / name
                else:
                    path = work / media if media is not None else None
                if path is None or not member.isfile() or name in seen:
                    raise BackupError(_("%(file)s har uventet innhold (%(name)s); det er ikke en sikkerhetskopi fra "
                                        "Rådsmodell.") % {"file": file, "name": name})
                seen.add(name)
                path.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(member) as source, open(path, "wb") as out:
                    shutil.copyfileobj(source, out)
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise BackupError(_("%(file)s er skadet eller ufullstendig (%(error)s).") % {"file": file, "error": error})
    except OSError as error:
        raise BackupError(_("Kunne ikke pakke ut %(file)s i %(work)s: %(error)s") % {
            "file": file, "work": work, "error": error.strerror})
    manifest = _read_manifest(work / MANIFEST, file)
    database = work / manifest["database"]["file"]
    if not database.is_file():
        raise BackupError(_("%(file)s mangler databasen (%(name)s).") % {"file": file, "name": database.name})
    if _sha256(database) != manifest["database"]["sha256"]:
        raise BackupError(_("%(file)s: databasen (%(name)s) har en annen sjekksum enn manifestet sier; filen er "
                            "skadet.") % {"file": file, "name": database.name})
    listed = {entry["path"]: entry for entry in manifest["media"]}
    found = {path.relative_to(work / MEDIA).as_posix() for path in (work / MEDIA).rglob("*") if path.is_file()}
    missing, extra = sorted(listed.keys() - found), sorted(found - listed.keys())
    if missing or extra:
        raise BackupError(_("%(file)s: mediefilene stemmer ikke med manifestet (mangler: %(missing)s; ikke i "
                            "manifestet: %(extra)s).") % {"file": file, "missing": ", ".join(missing) or "–",
                                                          "extra": ", ".join(extra) or "–"})
    for path, entry in listed.items():
        if _sha256(work / MEDIA / path) != entry["sha256"]:
            raise BackupError(_("%(file)s: mediefilen %(name)s har en annen sjekksum enn manifestet sier.")
                              % {"file": file, "name": path})
    return manifest


def _media_path(name: str) -> Path | None:
    """media/<relative path> as a path under the work folder, or None for any other or unsafe name."""
    parts = PurePosixPath(name).parts
    if len(parts) < 2 or parts[0] != MEDIA or ".." in parts:
        return None
    return Path(*parts)


def _read_manifest(path: Path, file: str) -> dict:
    if not path.is_file():
        raise BackupError(_("%(file)s mangler %(manifest)s: arkivet er ufullstendig eller ikke en sikkerhetskopi "
                            "fra Rådsmodell.") % {"file": file, "manifest": MANIFEST})
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            raise ValueError(_("ukjent format"))
        if manifest["version"] > VERSION:
            raise BackupError(_("%(file)s er laget av en nyere versjon av Rådsmodell (format %(version)s); "
                                "oppgrader først.") % {"file": file, "version": manifest["version"]})
        database = manifest["database"]
        if database["engine"] not in MEMBERS or database["file"] != MEMBERS[database["engine"]]:
            raise ValueError(_("ukjent database"))
        if not all(isinstance(n, int) for n in manifest["tables"].values()):
            raise ValueError(_("radtall som ikke er tall"))
        for entry in manifest["media"]:
            if _media_path(f"{MEDIA}/{entry['path']}") is None or not isinstance(entry["sha256"], str):
                raise ValueError(entry["path"])
        if not isinstance(manifest["migrations"], dict) or not isinstance(database["sha256"], str):
            raise ValueError(_("feil i migreringer eller sjekksum"))
    except BackupError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        if isinstance(error, KeyError):
            error = _("mangler %(key)s") % {"key": error}
        raise BackupError(_("%(file)s: %(manifest)s er ikke et manifest fra Rådsmodell (%(error)s).")
                          % {"file": file, "manifest": MANIFEST, "error": error})
    return manifest


def _existing_data(kind: str) -> list[str]:
    """What a restore would overwrite, in words; empty when the target holds no rows and no files."""
    found = []
    if kind == "sqlite":
        path = Path(settings.DATABASES["default"]["NAME"])
        if path.is_file() and path.stat().st_size:
            try:
                with closing(sqlite3.connect(path, timeout=20)) as db:
                    rows = sum(_sqlite_tables(db).values())
            except sqlite3.Error as error:
                raise BackupError(_("%(path)s finnes, men er ikke en lesbar SQLite-database (%(error)s). Flytt den "
                                    "bort før gjenopprettingen.") % {"path": path, "error": error})
            if rows:
                found.append(_("databasen %(path)s har %(rows)s rader") % {"path": path, "rows": rows})
    else:
        with _postgresql(), connection.cursor() as cursor:
            rows = sum(_django_tables(cursor).values())
        if rows:
            found.append(_("databasen %(name)s har %(rows)s rader") % {
                "name": connection.settings_dict["NAME"], "rows": rows})
    media = Path(settings.MEDIA_ROOT)
    files = sum(1 for path in media.rglob("*") if not path.is_dir()) if media.is_dir() else 0
    if files:
        found.append(_("mappa %(path)s har %(n)s filer") % {"path": media, "n": files})
    return found


def _verify_sqlite(path: Path, manifest: dict, file: str) -> None:
    try:
        with closing(sqlite3.connect(path)) as db:
            problems = _integrity_problems(db)
            tables = _sqlite_tables(db)
    except sqlite3.Error as error:
        raise BackupError(_("%(file)s: databasen kan ikke leses (%(error)s).") % {"file": file, "error": error})
    if problems:
        raise BackupError(_("%(file)s: databasen består ikke integritetssjekken: %(problems)s")
                          % {"file": file, "problems": problems})
    _compare(tables, manifest["tables"], file)


def _install_sqlite(staged: Path) -> None:
    target = Path(settings.DATABASES["default"]["NAME"])
    # SQLite's backup API writes the whole file in one transaction, through SQLite's locks and into its
    # write-ahead log, so even a target that is open elsewhere is replaced whole or not at all.
    try:
        with closing(sqlite3.connect(staged)) as source, closing(sqlite3.connect(target, timeout=20)) as live:
            source.backup(live)
    except sqlite3.Error as error:
        raise BackupError(_("Kunne ikke skrive databasen %(path)s: %(error)s") % {"path": target, "error": error})


def _install_postgresql(staged: Path) -> None:
    connection.close()
    _run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", f"--dbname={connection.settings_dict['NAME']}", str(staged)])


def _install_media(staged: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.rmtree(media)  # empty, or the operator said --force
    if staged.is_dir():
        media.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(staged, media)


def _verify_target(kind: str, manifest: dict) -> None:
    target = _("databasen etter gjenopprettingen")
    if kind == "sqlite":
        with closing(sqlite3.connect(settings.DATABASES["default"]["NAME"], timeout=20)) as db:
            problems = _integrity_problems(db)
            if problems:
                raise BackupError(_("Den gjenopprettede databasen består ikke integritetssjekken: %(problems)s")
                                  % {"problems": problems})
            _compare(_sqlite_tables(db), manifest["tables"], target)
    else:
        with _postgresql(), connection.cursor() as cursor:
            _compare(_django_tables(cursor), manifest["tables"], target)


def _compare(found: dict, saved: dict, where: str) -> None:
    differences = [f"{table}: {found.get(table, 0)} ≠ {n}" for table, n in sorted(saved.items())
                   if found.get(table) != n]
    if differences:
        raise BackupError(_("%(where)s: radtallene stemmer ikke med manifestet (funnet ≠ lagret): %(list)s")
                          % {"where": where, "list": "; ".join(differences[:10])})


def _migration_notes(saved: dict) -> list[str]:
    """A backup from an older version needs `migrate`; one from a newer version needs newer code."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    applied = {(app, name) for app, names in saved.items() for name in names}
    notes = []
    if known - applied:
        notes.append(_("Sikkerhetskopien er eldre enn denne versjonen (%(n)s migreringer mangler): kjør "
                       "«radsmodell migrate».") % {"n": len(known - applied)})
    unknown = sorted(f"{app}.{name}" for app, name in applied - known)
    if unknown:
        notes.append(_("Sikkerhetskopien har migreringer denne versjonen ikke kjenner (%(names)s): den er laget "
                       "av en nyere versjon av Rådsmodell.") % {"names": ", ".join(unknown[:5])})
    return notes


# --- Shared ----------------------------------------------------------------------------------

def _sqlite_tables(db: sqlite3.Connection) -> dict[str, int]:
    # The search index's own tables (FTS5 "shadow" tables) are left out: their rows are its storage,
    # merged as it grows, not records; the index itself is counted by its documents.
    shadow = {row[1] for row in db.execute("PRAGMA table_list") if row[2] == "shadow"}
    names = [row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        if row[0] not in shadow]
    return {name: db.execute(f'SELECT count(*) FROM "{name.replace(chr(34), chr(34) * 2)}"').fetchone()[0]
            for name in names}


def _sqlite_migrations(db: sqlite3.Connection) -> dict[str, list[str]]:
    migrations = {}
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'django_migrations'").fetchone():
        for app, name in db.execute("SELECT app, name FROM django_migrations ORDER BY app, id"):
            migrations.setdefault(app, []).append(name)
    return migrations


def _integrity_problems(db: sqlite3.Connection) -> str:
    lines = [row[0] for row in db.execute("PRAGMA integrity_check")]
    return "" if lines == ["ok"] else "; ".join(lines[:5])


def _django_tables(cursor) -> dict[str, int]:
    counts = {}
    for name in sorted(connection.introspection.table_names(cursor)):
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(name)}")
        counts[name] = cursor.fetchone()[0]
    return counts


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def _postgresql():
    try:
        yield
    except DatabaseError as error:
        raise BackupError(_("Databasefeil i %(name)s: %(error)s") % {
            "name": connection.settings_dict["NAME"], "error": str(error).strip()})


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(_("Fant ikke %(tool)s. Installer PostgreSQL-klientverktøyene (Debian: postgresql-client) "
                            "i samme hovedversjon som databaseserveren.") % {"tool": name})
    return path


# The connection settings (DATABASE_URL and its options) as libpq's environment variables.
LIBPQ = {"host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "password": "PGPASSWORD", "dbname": "PGDATABASE",
         "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY",
         "passfile": "PGPASSFILE", "service": "PGSERVICE", "options": "PGOPTIONS",
         "connect_timeout": "PGCONNECT_TIMEOUT"}


def _run(command: list[str]) -> None:
    """A PostgreSQL tool with the connection of DATABASES (in libpq's variables: no password on a command line)."""
    database = settings.DATABASES["default"]
    given = {"host": database.get("HOST"), "port": database.get("PORT"), "user": database.get("USER"),
             "password": database.get("PASSWORD"), "dbname": database.get("NAME"), **database.get("OPTIONS", {})}
    env = dict(os.environ)
    env.update({LIBPQ[key]: str(value) for key, value in given.items() if key in LIBPQ and value not in ("", None)})
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        message = (done.stderr.strip() or done.stdout.strip()).splitlines()[-3:]
        raise BackupError(_("%(tool)s feilet: %(message)s") % {"tool": Path(command[0]).name,
                                                               "message": " ".join(message)})
