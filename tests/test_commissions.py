"""The commissions register (oppdrag): the seeds' commissions as demo data, overdue ones flagged on the
list and on the body's page, filters, the API, the secretariat's form and who sees what."""
import csv
import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from radsmodell.core.formatting import MONTHS_NB
from radsmodell.council.demo.load import DEMO_DIR
from radsmodell.council.models import Body, Case, Commission, Meeting, Organisation

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"  # beside the project, where the demo came from
QUOTE = re.compile(r"«([^»]*)»")
NOTE = re.compile(r"\bseed (\d{3})\b")


def _entries() -> list[dict]:
    return yaml.safe_load((DEMO_DIR / "commissions.yaml").read_text(encoding="utf-8"))["commissions"]


def _quotes(source: str) -> list[tuple[str, str]]:
    """(seed number, quoted words) for every «…» of a note "seed 000, sak 18/24: «…» …; seed 001, …"."""
    found = []
    for part in re.split(r"(?=\bseed \d{3}\b)", source):
        seed = NOTE.match(part)
        if seed:
            found += [(seed.group(1), quote) for quote in QUOTE.findall(part)]
    return found


def _written(day: date) -> list[tuple[str, bool]]:
    """How a source may write the date, and whether that form says the year."""
    month = MONTHS_NB[day.month - 1]
    with_year = [f"{day.day}. {month} {day.year}", f"{day.day}.{month} {day.year}", f"{day.day}.{day.month}.{day.year}"]
    return [(form, True) for form in with_year] + [(f"{day.day}. {month}", False), (f"{day.day}.{day.month}", False)]


def _flat(text: str) -> str:
    """Words broken across lines joined again, all whitespace one space (as the demo transcribes)."""
    return re.sub(r"\s+", " ", re.sub(r"-[ \t]*\n\s*", "-", text))


# --- the demo data against the seeds ----------------------------------------------------------------

@pytest.mark.parametrize("entry", _entries(), ids=lambda e: e.get("reference") or e["title"][:40])
def test_each_commission_quotes_its_reference_receiver_and_deadline_from_the_source(entry):
    """Reference, receiver and deadline are the source's own words, or the assumption says why not."""
    quoted = " ".join(quote for _seed, quote in _quotes(entry["source"]))
    assumption = entry.get("assumption", "")
    assert quoted, "the source quotes nothing"
    if entry.get("reference"):
        assert entry["reference"] in quoted
    assert entry["receiver"] in quoted or entry["receiver"] in assumption
    if entry.get("deadline_text"):
        assert entry["deadline_text"] in quoted
    elif entry.get("deadline"):
        forms = [(form, has_year) for form, has_year in _written(entry["deadline"]) if form in quoted]
        assert forms, f"{entry['deadline']} is not written in {quoted!r}"
        assert any(has_year for _form, has_year in forms) or str(entry["deadline"].year) in assumption


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not beside the project")
def test_every_quote_of_the_commissions_stands_word_for_word_in_the_seed_it_cites():
    texts = {path.name[:3]: _flat(path.read_text(encoding="utf-8")) for path in SEEDS.glob("*.txt")}
    missing = [f"seed {seed}: «{quote}»" for entry in _entries() for seed, quote in _quotes(entry["source"])
               if _flat(quote) not in texts[seed]]
    assert not missing, "\n".join(missing)


def test_tb2024_79_is_helsedirektoratets_with_nhn_by_1_june_2024_and_was_treated_in_nuit_18_24(demo):
    commission = Commission.objects.get(reference="TB2024-79")
    assert commission.receiver.name == "Helsedirektoratet"
    assert [p.name for p in commission.partners.all()] == ["Norsk helsenett SF"]
    assert commission.deadline == date(2024, 6, 1) and commission.giver == Commission.Giver.MINISTRY
    assert [(c.body.slug, c.case_number) for c in commission.cases.all()] == [("nuit", "18/24")]
    # The seeds know no delivery: it stays in progress and is overdue once the deadline has passed.
    assert commission.status == Commission.Status.IN_PROGRESS and commission.is_overdue(date(2024, 6, 2))


def test_the_demo_has_the_seeds_commissions_linked_to_their_cases(demo):
    assert Commission.objects.count() == len(_entries()) == 17
    ki_plan = Commission.objects.get(reference="TB2024-34")
    assert ki_plan.deadline == date(2024, 7, 1) and [c.key for c in ki_plan.cases.all()] == ["nuit/2024/24"]
    fhi = Commission.objects.get(receiver__name="FHI")
    assert fhi.deadline == date(2025, 12, 1) and [c.key for c in fhi.cases.all()] == ["nuit/2025/29"]
    elderly = Commission.objects.get(title__contains="Eldrebarometeret")
    assert elderly.deadline == date(2025, 11, 1) and elderly.receiver.name == "Helsedirektoratet"
    assert Commission.objects.get(reference="Tilleggsoppdrag #10 til TB 2022").cases.get().key == "e-helseradet/2022/34"
    # Organisations the register lacked are made once; those it has are reused.
    assert Organisation.objects.filter(name="Helsetilsynet").count() == 1
    assert Commission.objects.filter(receiver__name="Helsedirektoratet").values("receiver").distinct().count() == 1


def test_a_demo_commission_breaking_a_rule_names_the_file_and_field_and_writes_nothing(db, tmp_path):
    import shutil

    from radsmodell.council.demo.load import DemoDataError, load_demo

    shutil.copytree(DEMO_DIR, tmp_path / "demo", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    path = tmp_path / "demo" / "commissions.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("given: 2024-01-15", "given: 2024-07-15", 1),
                    encoding="utf-8")
    with pytest.raises(DemoDataError, match=r"commissions.yaml: commissions\[2\].deadline: Fristen"):
        load_demo(tmp_path / "demo")
    assert not Commission.objects.exists() and not Body.objects.exists()


# --- the list, the body's page and the case's page ----------------------------------------------

def _rows(html: str) -> list[tuple[int, str]]:
    """(commission id, the row's text) of the list's table, in order."""
    rows = re.findall(r'<tr data-commission="(\d+)">(.*?)</tr>', html, re.S)
    return [(int(pk), re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))) for pk, body in rows]


def _future_commission(**fields) -> Commission:
    values = {"title": "Framtidig oppdrag", "giver": Commission.Giver.MINISTRY,
              "receiver": Organisation.objects.get(name="Helsedirektoratet"),
              "deadline": date.today() + timedelta(days=400)} | fields
    return Commission.objects.create(**values)


def test_the_list_puts_overdue_commissions_first_and_says_forfalt(client, demo):
    later = _future_commission()
    rows = _rows(client.get("/oppdrag/").content.decode())
    overdue = {c.pk for c in Commission.objects.all() if c.is_overdue()}
    assert overdue and {pk for pk, _text in rows[:len(overdue)]} == overdue
    text = dict(rows)
    tb79 = Commission.objects.get(reference="TB2024-79")
    assert "Forfalt" in text[tb79.pk] and "1. juni 2024" in text[tb79.pk]
    assert "Forfalt" not in text[later.pk]
    delivered = Commission.objects.get(title__startswith="Vurdering av en offentlig KI-tjeneste")
    assert "Forfalt" not in text[delivered.pk] and "Levert" in text[delivered.pk]
    # After the overdue ones, by deadline: the commission due in a year comes after every dated one.
    not_overdue = [pk for pk, _t in rows[len(overdue):]]
    dated = [pk for pk in not_overdue if Commission.objects.get(pk=pk).deadline]
    assert dated[-1] == later.pk


def test_the_body_page_flags_overdue_commissions_of_its_cases(client, demo):
    nuit = client.get("/organer/nuit/").content.decode()
    section = nuit[nuit.index('id="forfalte-oppdrag"'):nuit.index("</section>", nuit.index('id="forfalte-oppdrag"'))]
    assert "TB2024-79" in section and "Forfalt" in section and "NUIT 18/24" in section
    assert "offentlig KI-tjeneste" not in section  # delivered
    assert "Framtidig" not in section
    e_health_council = client.get("/organer/e-helseradet/").content.decode()
    assert "Innspill om digital sikkerhet" in e_health_council and 'id="forfalte-oppdrag"' in e_health_council
    assert 'id="forfalte-oppdrag"' not in client.get("/organer/e-helsestyret/").content.decode()


def test_the_case_page_lists_the_commissions_treated_in_the_case(client, demo):
    page = client.get("/saker/nuit/2024/18/").content.decode()
    assert "Oppdrag behandlet i saken" in page and "TB2024-79: Innføring av nasjonale e-helseløsninger" in page
    assert "Oppdrag behandlet i saken" not in client.get("/saker/nuit/2024/15/").content.decode()


@pytest.mark.parametrize("query, expected", [
    ("status=delivered", {"Vurdering av en offentlig KI-tjeneste for helserelaterte spørsmål på Helsenorge",
                          "Felles plan 2023 for IKT-utvikling og digitalisering",
                          "Vurdering av de regionale helseforetakenes Felles plan 2023",
                          "Felles plan 2025 – helseregionenes felles plan for IKT-utvikling og digitalisering"}),
    ("mottaker=FHI", {"Kvalitetsforbedringsprosjekt for uønskede hendelser"}),
    ("mottaker=Norsk+helsenett+SF&forfalt=on",
     {"Vurdere og eventuelt anbefale endringer i prismodellene for forvaltning og drift av nasjonale "
      "e-helseløsninger fra 2025"}),
])
def test_the_list_filters_by_status_receiver_and_overdue(client, demo, query, expected):
    rows = _rows(client.get(f"/oppdrag/?{query}").content.decode())
    assert {Commission.objects.get(pk=pk).title for pk, _t in rows} == expected


def test_the_list_filters_by_giver_a_body_or_the_ministry(client, demo):
    nuit = Body.objects.get(slug="nuit")
    given = _future_commission(title="Oppdrag fra NUIT", giver=Commission.Giver.BODY, giver_body=nuit)
    assert [pk for pk, _t in _rows(client.get("/oppdrag/?giver=nuit").content.decode())] == [given.pk]
    ministry = _rows(client.get("/oppdrag/?giver=hod").content.decode())
    assert len(ministry) == 17 and given.pk not in dict(ministry)


def test_the_list_says_when_a_filter_names_nothing_and_shows_all(client, demo):
    response = client.get("/oppdrag/?status=ferdig&mottaker=Ingen+slik")
    page = response.content.decode()
    assert response.status_code == 200
    assert "«ferdig» er ikke et av valgene. Listen viser alle." in page
    assert "Ingen oppdrag har denne mottakeren. Listen viser alle mottakere." in page
    assert len(_rows(page)) == 17


def test_only_overdue_filter_shows_only_overdue(client, demo):
    _future_commission()
    rows = _rows(client.get("/oppdrag/?forfalt=on").content.decode())
    assert rows and all("Forfalt" in text for _pk, text in rows)
    assert len(rows) == sum(1 for c in Commission.objects.all() if c.is_overdue())


# --- the page of one commission ---------------------------------------------------------------------

def test_the_public_sees_the_document_cited_and_the_assumption_but_not_the_transcription_note(client, secretariat,
                                                                                                demo):
    commission = Commission.objects.get(title__startswith="Vurdere og eventuelt anbefale endringer")
    page = client.get(commission.get_absolute_url()).content.decode()
    assert "Toppnotat til NUIT 15. mai 2024, sak 17/24" in page
    assert "seed 000" not in page and "Transkripsjonsnotat" not in page
    assert "antatt" in page and "Fristen er Norsk helsenetts egen plan" in page
    assert "innen utgangen av mai 2024" in page and "NUIT 17/24" in page
    client.force_login(secretariat)
    own = client.get(commission.get_absolute_url()).content.decode()
    assert "Transkripsjonsnotat" in own and "seed 000, sak 17/24 (toppnotat)" in own and "Endre oppdraget" in own


# --- the API and the open data --------------------------------------------------------------------

def test_the_api_lists_commissions_by_status_receiver_and_overdue(client, demo):
    delivered = client.get("/api/commissions?status=delivered").json()
    assert delivered["count"] == 4 and {item["status"] for item in delivered["items"]} == {"delivered"}
    open_ones = client.get("/api/commissions?status=open").json()["items"]
    assert {item["status"] for item in open_ones} == {"given", "in_progress"}
    overdue = client.get("/api/commissions?overdue=true").json()["items"]
    assert overdue and all(item["overdue"] for item in overdue)
    assert {item["receiver"] for item in client.get("/api/commissions?receiver=helsedir").json()["items"]} == {
        "Helsedirektoratet"}
    assert client.get("/api/commissions?status=ferdig").status_code == 422


def test_the_api_gives_one_commission_with_its_cases_and_public_source(client, demo):
    tb79 = Commission.objects.get(reference="TB2024-79")
    item = client.get(f"/api/commissions/{tb79.pk}").json()
    assert item["deadline"] == "2024-06-01" and item["cases"] == ["nuit/2024/18"] and item["overdue"] is True
    assert item["giver"] == "ministry" and item["partners"] == ["Norsk helsenett SF"]
    assert item["source"] == "Toppnotat til NUIT 15. mai 2024, sak 18/24" and item["page"] == f"/oppdrag/{tb79.pk}/"
    assert client.get("/api/commissions/987654").status_code == 404


def test_the_open_data_has_the_public_commissions(client, demo):
    answer = client.get("/data/oppdrag.csv")
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert len(rows) == 17
    tb79 = next(row for row in rows if row["reference"] == "TB2024-79")
    assert tb79["deadline"] == "2024-06-01" and tb79["overdue"] == "true" and tb79["cases"] == "NUIT 18/24"
    assert "seed" not in answer.content.decode()


# --- who sees what --------------------------------------------------------------------------------

@pytest.fixture
def hidden_case(demo) -> Case:
    """A case of a planned meeting whose notice is not published: the public cannot see it."""
    meeting = Meeting.objects.create(body=Body.objects.get(slug="nuit"), date=date(2027, 3, 4))
    return Case.objects.create(body=meeting.body, year=2027, number=1, meeting=meeting, title="Upublisert sak")


def test_a_commission_known_only_from_cases_the_public_cannot_see_is_hidden_from_the_public(client, member,
                                                                                            hidden_case):
    hidden = _future_commission(title="Oppdrag fra en upublisert sak")
    hidden.cases.set([hidden_case])
    both = _future_commission(title="Oppdrag i to saker")
    both.cases.set([hidden_case, Case.objects.get(body__slug="nuit", year=2024, number=18)])
    decided = _future_commission(title="Oppdrag gitt i en upublisert sak", decided_in=hidden_case)

    public_titles = {Commission.objects.get(pk=pk).title for pk, _t in _rows(client.get("/oppdrag/").content.decode())}
    assert "Oppdrag i to saker" in public_titles
    assert not {"Oppdrag fra en upublisert sak", "Oppdrag gitt i en upublisert sak"} & public_titles
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(decided.get_absolute_url()).status_code == 404
    assert client.get(f"/api/commissions/{hidden.pk}").status_code == 404
    shown = client.get(both.get_absolute_url()).content.decode()
    assert "NUIT 18/24" in shown and "Upublisert sak" not in shown
    assert client.get(f"/api/commissions/{both.pk}").json()["cases"] == ["nuit/2024/18"]
    assert "Oppdrag fra en upublisert sak" not in client.get("/data/oppdrag.csv").content.decode()

    client.force_login(member)
    assert client.get(hidden.get_absolute_url()).status_code == 200
    assert "Upublisert sak" in client.get(both.get_absolute_url()).content.decode()


def test_only_the_secretariat_registers_and_changes_commissions(client, member, demo):
    tb79 = Commission.objects.get(reference="TB2024-79")
    assert client.get("/oppdrag/nytt/").status_code == 302  # to the login
    assert client.post(f"/oppdrag/{tb79.pk}/endre/", {"title": "Endret"}).status_code == 403
    client.force_login(member)
    assert client.get("/oppdrag/nytt/").status_code == 403
    assert client.post("/oppdrag/nytt/", {"title": "Nytt"}).status_code == 403
    assert client.post(f"/oppdrag/{tb79.pk}/endre/", {"title": "Endret"}).status_code == 403
    assert client.get("/oppdrag/").status_code == 200 and client.get(tb79.get_absolute_url()).status_code == 200
    tb79.refresh_from_db()
    assert tb79.title.startswith("Innføring") and Commission.objects.count() == 17


# --- the secretariat's form -----------------------------------------------------------------------

def _form(**changes) -> dict:
    fields = {"reference": "TB2026-1", "title": "Et nytt oppdrag", "giver": "hod",
              "receiver": Organisation.objects.get(name="Helsedirektoratet").pk, "status": "given",
              "given": "2026-02-01", "deadline": "2026-06-01", "case_keys": "nuit/2024/18\nnuit/2024/17"}
    return {key: value for key, value in (fields | changes).items() if value is not None}


def test_the_secretariat_registers_a_commission_linked_to_its_cases(client, secretariat):
    client.force_login(secretariat)
    response = client.post("/oppdrag/nytt/", _form(partners=[Organisation.objects.get(name="KS").pk]))
    commission = Commission.objects.get(reference="TB2026-1")
    assert response.status_code == 302 and response["Location"] == commission.get_absolute_url()
    assert sorted(c.key for c in commission.cases.all()) == ["nuit/2024/17", "nuit/2024/18"]
    assert [p.name for p in commission.partners.all()] == ["KS"]
    page = client.get(response["Location"]).content.decode()
    assert "Oppdraget er lagret." in page and "1. juni 2026" in page
    changed = client.post(f"/oppdrag/{commission.pk}/endre/", _form(status="delivered", delivered="2026-05-20"))
    assert changed.status_code == 302
    commission.refresh_from_db()
    assert commission.status == "delivered" and commission.delivered == date(2026, 5, 20)
    assert "Endringshistorikk for oppdraget" in client.get(commission.get_absolute_url()).content.decode()


@pytest.mark.parametrize("changes, field, message", [
    ({"deadline": "2026-01-15"}, "deadline",
     "Fristen (15. januar 2026) kan ikke være før oppdraget ble gitt (1. februar 2026)."),
    ({"receiver": None}, "receiver", "Velg hvem som har fått oppdraget (mottakeren)."),
    ({"status": "delivered"}, "delivered", "Oppgi datoen oppdraget ble levert når status er «Levert»."),
    ({"delivered": "2026-03-01"}, "delivered",
     "Bare et levert oppdrag har leveringsdato: velg status «Levert», eller fjern datoen."),
    ({"status": "delivered", "delivered": "2026-01-10"}, "delivered",
     "Oppdraget kan ikke være levert (10. januar 2026) før det ble gitt (1. februar 2026)."),
    ({"giver": "body"}, "giver_body", "Velg organet i rådsmodellen som ga oppdraget."),
    ({"giver": "other"}, "giver_name", "Skriv hvem som ga oppdraget når oppdragsgiveren er «Annen»."),
    ({"case_keys": "nuit/2024/18\nnuit/2099/1"}, "case_keys",
     "Fant ingen sak «nuit/2099/1». Som organ/år/nummer, for eksempel nuit/2024/18."),
    ({"decided_in_key": "tull"}, "decided_in_key", "Fant ingen sak «tull»."),
    ({"deadline": "1. juni"}, "deadline", "Datoen har feil format."),
    ({"title": ""}, "title", "Skriv oppdragets tittel."),
])
def test_the_form_says_what_is_wrong_and_saves_nothing(client, secretariat, changes, field, message):
    client.force_login(secretariat)
    response = client.post("/oppdrag/nytt/", _form(**changes))
    page = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in page and message in page
    assert not Commission.objects.filter(reference="TB2026-1").exists()


def test_the_receiver_cannot_also_be_a_partner(client, secretariat):
    client.force_login(secretariat)
    helsedirektoratet = Organisation.objects.get(name="Helsedirektoratet")
    response = client.post("/oppdrag/nytt/", _form(partners=[helsedirektoratet.pk]))
    assert response.status_code == 400
    assert "Helsedirektoratet er mottakeren og kan ikke også stå som samarbeidspartner." in response.content.decode()


def test_the_new_page_and_the_menu_item_are_there_for_the_secretariat(client, secretariat):
    assert 'href="/oppdrag/"' in client.get("/").content.decode()  # «Oppdrag» in the main menu, for everyone
    client.force_login(secretariat)
    page = client.get("/oppdrag/").content.decode()
    assert 'href="/oppdrag/nytt/"' in page
    assert client.get("/oppdrag/nytt/").status_code == 200
