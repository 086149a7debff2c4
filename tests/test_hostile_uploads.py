"""Uploads are bounded: no file can take the server down, whatever it holds.

Every importer (the organisation register, a prioritisation session's scores, the strategy
observations; on the page and on the console) gets each hostile file: one over the size limit,
one under it with too many rows, a zip bomb, a workbook row of 300 000 cells, text in a wrong
encoding (UTF-16, random bytes, UTF-8 and Windows-1252 mixed), NUL bytes, and 5 000 broken rows.
Each is refused with a message that says what is wrong, within seconds, with a small page, and
nothing is saved. The bound on time is a guard against denial of service, not a speed target.
"""
import io
import random
import re
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from radsmodell.core import tabular
from radsmodell.costs.cli import run_allocate
from radsmodell.costs.models import PayingOrganisation
from radsmodell.priority import services as priority_services
from radsmodell.priority.models import Measure, Score, ScoringModel, ScoringSession
from radsmodell.strategy.models import Observation

MB = 1024 * 1024
SECONDS = 10  # generous: a refused file costs well under a second or two
PAGE_BYTES = 150_000  # the whole page, menu and form included, with the hundred problems shown


def text(response) -> str:
    """The page as a reader sees it: no tags, no-break spaces as spaces."""
    page = response.content.decode().replace("\u00a0", " ")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


# --- The hostile files ------------------------------------------------------------------------

def padded_csv(header: str, line: str, size: int) -> bytes:
    """A CSV of about `size` bytes: the header, then `line` again and again."""
    body = (line + "\n").encode()
    return (header + "\n").encode() + body * (size // len(body) + 1)


def workbook(sheet_parts) -> bytes:
    """The smallest workbook openpyxl reads, with the sheet's XML written in `sheet_parts`
    (chunks, so a sheet of hundreds of megabytes is never held whole)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
            'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>'))
        archive.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        archive.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        archive.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'))
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                        b'spreadsheetml/2006/main"><sheetData>')
            for part in sheet_parts:
                sheet.write(part)
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def zip_bomb() -> bytes:
    """About 300 MB of the same row, packed into about a megabyte."""
    row = b'<row><c t="inlineStr"><is><t>bombe</t></is></c></row>'
    chunk = row * (MB // len(row))
    return workbook(chunk for _ in range(300))


def wide_row() -> bytes:
    """One row of 300 000 different numbers: packs only a few times, so it passes the ratio check
    and must be stopped as it is read (a reader building whole rows would build this one)."""
    numbers = random.Random(7)
    cells = b"".join(b"<c><v>%d</v></c>" % numbers.randrange(10**9) for _ in range(300_000))
    return workbook([b"<row>", cells, b"</row>"])


@dataclass
class Hostile:
    name: str
    filename: str
    content: Callable[[str, str], bytes]  # (header, a valid-looking row) -> the file
    says: tuple[str, ...]  # what the message must say
    status: int = 400


_BOMB: dict[str, bytes] = {}


def _bomb(header, row):
    if "bomb" not in _BOMB:
        _BOMB["bomb"] = zip_bomb()
    return _BOMB["bomb"]


def _broken(header, row):
    """5 000 rows that are all wrong, one with a cell of 50 000 characters."""
    lines = [header, "x" * 50_000 + ";" + ";".join(["?"] * 12)] + ["?;" * 3 + "?"] * 4_999
    return "\n".join(lines).encode()


HOSTILE = [
    Hostile("over the size limit", "stor.csv", lambda h, r: padded_csv(h, r, 12 * MB),
            ("mer enn grensen på 10 MB",), status=413),
    Hostile("too many rows", "lang.csv", lambda h, r: (h + "\n" + "1\n" * 120_000).encode(),
            ("mer enn 100 000 rader",)),
    Hostile("a zip bomb", "bombe.xlsx", _bomb, ("zip-bombe",)),
    Hostile("a workbook row of 300 000 cells", "bred.xlsx", lambda h, r: wide_row(), ("mer enn 200 kolonner",)),
    Hostile("UTF-16", "unicode.csv", lambda h, r: f"{h}\n{r}\n".encode("utf-16"), ("UTF-16",)),
    Hostile("random bytes", "tilfeldig.csv", lambda h, r: random.Random(3).randbytes(200_000),
            ("linje", "CSV UTF-8")),
    Hostile("UTF-8 and Windows-1252 mixed", "blandet.csv",
            lambda h, r: f"{h}\n{r}\nTromsø;1\n".encode() + "Bodø;2\n".encode("cp1252"),
            ("blander tegnsett: linje ", " er UTF-8, linje 4 er ikke det")),
    Hostile("NUL bytes", "nul.csv", lambda h, r: f"{h}\n{r}\n".encode() + b"a\x00b;c\n", ("linje 3", "U+0000")),
    Hostile("5 000 broken rows", "feil.csv", _broken, ("Viser de 100 første av",)),
]


# --- The importers ----------------------------------------------------------------------------

@dataclass
class Importer:
    name: str
    url: str
    field: str
    header: str
    row: str  # a row that is valid, or nearly: the hostile part is the file, not this row
    fields: Callable[[], dict]
    saved: Callable[[], tuple]


def _session_fields():
    priority_services.ensure_builtin_models()
    return {"session-title": "Fiendtlig fil", "session-scoring_model": ScoringModel.objects.get(
        slug="ehelseraad-2022").pk}


IMPORTERS = [
    Importer("organisations", "/kostnader/virksomheter/import/", "file",
             ",".join(["org_number", "name", "kind", "segment", "turnover_nok", "keeps_accounts", "locations",
                       "ftes", "nace", "population", "chain"]),
             "991324968,Helse Sør-Øst RHF,rhf,rhf,,true,1,,86.101,,", lambda: {"year": "2031"},
             lambda: (PayingOrganisation.objects.count(),)),
    Importer("scores", "/prioritering/ny/", "session-upload", "name;Q1;Q2;C1;C2;C3;C4;P1;P2;H1;H2;I",
             "A;1;2;3;4;5;6;7;8;9;10;1", _session_fields,
             lambda: (ScoringSession.objects.count(), Measure.objects.count(), Score.objects.count())),
    Importer("observations", "/strategi/indikatorer/import/", "file", "indicator;area;period;value",
             "pll-andel-befolkning;norge;2025-11;1,7", dict, lambda: (Observation.objects.count(),)),
]


@pytest.mark.parametrize("hostile", HOSTILE, ids=[h.name for h in HOSTILE])
@pytest.mark.parametrize("importer", IMPORTERS, ids=[i.name for i in IMPORTERS])
def test_a_hostile_upload_is_refused_quickly_with_a_clear_message_and_nothing_saved(
        client, secretariat, importer, hostile):
    client.force_login(secretariat)
    content = hostile.content(importer.header, importer.row)
    data = {**importer.fields(), importer.field: SimpleUploadedFile(hostile.filename, content)}
    before = importer.saved()
    start = time.monotonic()
    response = client.post(importer.url, data)
    took = time.monotonic() - start
    page = text(response)
    assert response.status_code == hostile.status, page[:2000]
    for words in hostile.says:
        assert words in page
    assert took < SECONDS
    assert len(response.content) < PAGE_BYTES
    assert importer.saved() == before


# --- The console ------------------------------------------------------------------------------

def _allocate(path: Path) -> str:
    stdout, stderr, code = run_allocate("sfm-2025", 2025, "1000000", path, "csv")
    assert code == 1 and not stdout
    return stderr


def _prioritize(path: Path) -> str:
    with pytest.raises(CommandError) as error:
        call_command("prioritize", "--model", "ehelseraad-2022", "--input", str(path), stdout=io.StringIO(),
                     stderr=io.StringIO())
    return str(error.value)


def _import_observations(path: Path) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_observations", str(path), stdout=io.StringIO(), stderr=err)
    return err.getvalue() + str(error.value)


CONSOLE = [(IMPORTERS[0], _allocate), (IMPORTERS[1], _prioritize), (IMPORTERS[2], _import_observations)]


@pytest.mark.parametrize("hostile", HOSTILE, ids=[h.name for h in HOSTILE])
@pytest.mark.parametrize("importer, command", CONSOLE, ids=["allocate", "prioritize", "import-observations"])
def test_a_hostile_file_on_the_console_is_refused_quickly_with_a_clear_message(
        tmp_path, strategy, importer, command, hostile):
    path = tmp_path / hostile.filename
    path.write_bytes(hostile.content(importer.header, importer.row))
    before = importer.saved()
    start = time.monotonic()
    said = command(path).replace("\u00a0", " ")
    assert time.monotonic() - start < SECONDS
    for words in hostile.says:
        assert words in said
    assert len(said) < PAGE_BYTES  # the first hundred problems, not every one
    assert importer.saved() == before


# --- Limits before the view -------------------------------------------------------------------

@pytest.mark.parametrize("importer", IMPORTERS, ids=[i.name for i in IMPORTERS])
def test_a_file_over_the_limit_is_refused_unread(client, secretariat, importer, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr(tabular, "_read_csv", never)
    monkeypatch.setattr(tabular, "_read_xlsx", never)
    client.force_login(secretariat)
    upload = SimpleUploadedFile("stor.csv", padded_csv(importer.header, importer.row, 11 * MB)[:11 * MB])
    response = client.post(importer.url, {**importer.fields(), importer.field: upload})
    assert response.status_code == 413
    assert "Filen er på 11 MB, mer enn grensen på 10 MB." in text(response)


@pytest.mark.parametrize("importer", IMPORTERS, ids=[i.name for i in IMPORTERS])
def test_a_post_larger_than_any_upload_gets_the_413_page_in_norwegian(client, secretariat, importer):
    client.force_login(secretariat)
    upload = SimpleUploadedFile("enorm.csv", b"x" * (22 * MB))
    before = importer.saved()
    start = time.monotonic()
    response = client.post(importer.url, {**importer.fields(), importer.field: upload})
    assert time.monotonic() - start < SECONDS
    assert response.status_code == 413
    page = text(response)
    assert "For stor fil" in page and "ingenting er lagret" in page and "høyst 10 MB" in page
    assert importer.saved() == before


def test_the_limit_is_a_setting(client, secretariat):
    client.force_login(secretariat)
    upload = SimpleUploadedFile("liten.csv", padded_csv(IMPORTERS[2].header, IMPORTERS[2].row, 3000))
    with override_settings(UPLOAD_MAX_BYTES=2048):
        response = client.post(IMPORTERS[2].url, {IMPORTERS[2].field: upload})
    assert response.status_code == 413 and "Filen er på 3 kB, mer enn grensen på 2 kB." in text(response)


# --- What a long file of mistakes costs ---------------------------------------------------------

def test_a_register_file_at_the_limit_full_of_mistakes_gives_a_small_page_quickly(client, secretariat):
    """The finding: a 50 MB register gave a 33 MB error page. Now: under the limit, every row
    wrong, cells as long as a CSV cell may be: the first hundred problems, shortened, and the count."""
    client.force_login(secretariat)
    importer = IMPORTERS[0]
    long_name = "N" * 100_000
    rows = [f"12345678{i % 10},{long_name},tull,tull,-{i},kanskje,x,y,z,w," for i in range(95)]
    content = (importer.header + "\n" + "\n".join(rows) + "\n").encode()
    content += b"1,2,3\n" * ((9 * MB - len(content)) // 6)
    start = time.monotonic()
    response = client.post(importer.url, {"year": "2031", "file": SimpleUploadedFile("register.csv", content)})
    assert time.monotonic() - start < SECONDS
    assert response.status_code == 400
    page = text(response)
    assert re.search(r"Viser de 100 første av [\d ]+ feil", page)
    assert len(response.content) < PAGE_BYTES
    assert "N" * 100 not in page  # a cell is quoted shortened


def test_a_session_with_more_measures_than_a_council_ranks_is_refused(client, secretariat):
    client.force_login(secretariat)
    importer = IMPORTERS[1]
    rows = [f"Tiltak {n};1;2;3;4;5;6;7;8;9;10;1" for n in range(priority_services.MAX_MEASURES + 1)]
    upload = SimpleUploadedFile("mange.csv", "\n".join([importer.header, *rows]).encode())
    before = importer.saved()
    response = client.post(importer.url, {**importer.fields(), importer.field: upload})
    assert response.status_code == 400
    assert f"En runde kan ha høyst {priority_services.MAX_MEASURES} tiltak, ikke 201." in text(response)
    assert importer.saved() == before


def test_error_lists_count_everything_but_keep_the_first_hundred():
    errors = tabular.ErrorList()
    for line in range(1, 4513):
        errors.append(tabular.RowError(line, "", "feil"))
    assert len(errors) == 100 and errors.total == 4512 and errors[-1].line == 100
    assert tabular.shown_note(errors) == "Viser de 100 første av 4\u00a0512 feil."
    assert tabular.TableError(errors).errors.total == 4512
