"""Where the cost figures come from and how sure they are: a value read from a source shows its
public reference (core.provenance.cite), an assumed value shows «antatt» with its reason in
Norwegian, and the transcription note is for the secretariat only. Pages, API and exported
documents alike."""
import re

from pagewalk import INTERNAL_WORDS, english_sentences, findings, walk

from radsmodell.costs.builtin import BUILTIN_MODELS
from radsmodell.costs.models import Allocation

MINUTES_6_24 = "Referat fra NUIT 15. februar 2024, sak 6/24"
MEMO_17_24 = "Toppnotat til NUIT 15. mai 2024, sak 17/24"
MEMO_18_24 = "Toppnotat til NUIT 15. mai 2024, sak 18/24"
DIS = "Helse Nord RHF, styresak 145-2023"


def page_text(response) -> str:
    page = response.content.decode().replace("\u00a0", " ")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def rows(response, table_id: str) -> dict[str, str]:
    """The rows of a table as {first cell: the row's visible text}."""
    html = response.content.decode().replace("\u00a0", " ")
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S)
    assert table, f"no table {table_id}"
    found = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(0), re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        if cells:
            def clean(cell):
                return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip()
            found[clean(cells[0])] = " ".join(clean(c) for c in cells)
    return found


# ---------------------------------------------------------------- price models

def test_every_parameter_is_cited_or_assumed_with_a_norwegian_reason():
    for model in BUILTIN_MODELS.values():
        for row in model.parameters():
            if row.assumption:
                assert not INTERNAL_WORDS.search(row.source) and not english_sentences(row.source), row
                assert row.source.startswith(("Kildene", "Endret")), row
            else:
                assert row.source.startswith("seed 000, sak 17/24 (toppnotat)"), row


def test_the_price_model_page_cites_read_values_and_marks_assumed_ones(client, costs):
    response = client.get("/kostnader/prismodeller/helsenettet-2025/")
    table = rows(response, "parameters")
    assert table["2025– ovrige: andel"] == f"2025– ovrige: andel 1/3 {MEMO_17_24}"
    weight_b = table["2025– ovrige: kategori B: vekt"]
    assert weight_b.startswith("2025– ovrige: kategori B: vekt 3 antatt Kildene gir ingen pris for kategori B.")
    limit = table["2025– ovrige: kategori B: grensen hører til kategorien"]
    assert "nei antatt Kildene sier ikke hvilken kategori nøyaktig 15 mnok hører til" in limit
    key = table["2025– kommune: fordelingsnøkkel"]
    assert key.startswith("2025– kommune: fordelingsnøkkel etter innbyggertall antatt Kildene oppgir ikke "
                          "fordelingen mellom kommunene")
    assert table["2025– rhf: andelstabell"].startswith("2025– rhf: andelstabell ingen (like andeler) antatt")
    page = page_text(response)
    assert f"Kilde {MEMO_17_24}" in page
    assert "seed" not in page.lower() and "Transkripsjonsnotat" not in page


def test_the_secretariat_sees_the_transcription_note_behind_a_reference(client, costs, secretariat):
    client.force_login(secretariat)
    page = page_text(client.get("/kostnader/prismodeller/sfm-2025/"))
    assert "Transkripsjonsnotat" in page and "seed 000, sak 17/24 (toppnotat): 50% for kommunene" in page


def test_the_api_gives_references_and_reasons_never_notes(client, costs):
    models = {m["slug"]: m for m in client.get("/api/price-models").json()["items"]}
    parameters = {p["path"]: p for p in models["helsenettet-2025"]["parameters"]}
    assert parameters["2025– ovrige: andel"]["source"] == MEMO_17_24
    weight_b = parameters["2025– ovrige: kategori B: vekt"]
    assert weight_b["assumption"] and weight_b["source"].startswith("Kildene gir ingen pris for kategori B")
    assert models["sfm-2025"]["source"] == MEMO_17_24
    solutions = {s["slug"]: s for s in client.get("/api/solutions").json()["items"]}
    helsenettet = solutions["helsenettet"]["cost_bases"][0]
    assert helsenettet["source"] == MEMO_17_24
    assert helsenettet["assumption"].startswith("Illustrativt: kildene oppgir ikke kostnadsgrunnlaget.")
    assert "seed" not in (str(models) + str(solutions)).lower()


def test_illustrative_cost_bases_say_why_they_are_assumed(client, costs):
    table = rows(client.get("/kostnader/losninger/"), "cost-bases")
    helsenettet = next(text for name, text in table.items() if name.startswith("Helsenettet"))
    assert "illustrativt antatt Illustrativt: kildene oppgir ikke kostnadsgrunnlaget. Beløpet er valgt slik at en " \
           "liten aktør betaler 1 633 kr per måned i 2024 med demoregisteret." in helsenettet
    assert f"(kilde: {MEMO_17_24}" in helsenettet


# ---------------------------------------------------------------- investments

def test_the_investment_inputs_are_cited_or_assumed(client, costs):
    response = client.get("/kostnader/investeringer/dis-fase-3/")
    table = rows(response, "parameters")
    assert table["Kalkulasjonsrente"] == f"Kalkulasjonsrente 5,0 % {DIS}"
    assert table["Økonomisk levetid"] == f"Økonomisk levetid 8 år {DIS}"
    assert table["Reserve"] == f"Reserve 10 400 531 kr {DIS}, vedlegg 3"
    assert table["Første år i beregningen"] == (
        "Første år i beregningen 2024 antatt Kilden sier ikke hvilket år den økonomiske levetiden begynner. "
        "Den antas å begynne med første investeringsår, 2024.")
    assert "antatt Kilden fordeler ikke investeringen på år." in table["Investering per år"]
    assert table["Nyttestrøm"].startswith("Nyttestrøm ingen oppgitt antatt Kilden oppgir ikke nyttestrømmen")
    page = page_text(response)
    assert f"Kilde {DIS}, vedlegg 3" in page and "seed" not in page.lower()


def test_case_6_24_is_cited_from_the_minutes_of_15_february_2024():
    from radsmodell.core.provenance import cite
    from radsmodell.costs.economics import RISK_MARGIN, RUNNING_COST_RATE

    assert cite(RUNNING_COST_RATE.source) == cite(RISK_MARGIN.source) == MINUTES_6_24


# ---------------------------------------------------------------- the duty-to-pay gate

def test_the_gate_page_cites_its_sources_and_marks_what_the_demo_infers(client, costs, secretariat):
    response = client.get("/kostnader/betalingsplikt/pasientens-provesvar/")
    page = page_text(response)
    assert f"Kilde {MEMO_18_24}" in page
    assert f"var forsinket.» ({MEMO_18_24})" in page
    assert "avsluttet» (Toppnotat til NUIT 15. mai 2024, sak 17/24)" in page
    assert "i første omgang.» (Saksframlegg til NUIT 20. november 2025, sak 37/25)" in page
    assert "Krav oppfylt 0/6 antatt Kildene viser bare forslaget til krav i sak 18/24" in page
    assert "seed" not in page.lower()
    sfm = page_text(client.get("/kostnader/betalingsplikt/sfm/"))
    assert "prioriteres» (Referat fra NUIT 15. februar 2024, sak 3/24)" in sfm
    client.force_login(secretariat)
    inside = page_text(client.get("/kostnader/betalingsplikt/pasientens-provesvar/"))
    assert "Transkripsjonsnotat seed 000, sak 18/24 (toppnotat)" in inside


# ---------------------------------------------------------------- exports

def test_the_allocation_summary_and_the_invoice_lines_carry_no_notes(client, costs):
    allocation = Allocation.objects.get(model_slug="helsenettet-2025")
    summary = page_text(client.get(f"/kostnader/fordelinger/{allocation.pk}/sammendrag.html"))
    assert f"Prismodellens kilde {MEMO_17_24}" in summary
    assert "seed" not in summary.lower()
    for fmt in ("csv", "xlsx"):
        content = client.get(f"/kostnader/fordelinger/{allocation.pk}/linjer.{fmt}").content
        assert b"seed" not in content.lower()


# ---------------------------------------------------------------- every public cost page

def test_no_public_cost_page_shows_a_note_or_english(client, costs):
    wrong, pages = [], 0
    for url, text in walk(client, ["/kostnader/"], within="/kostnader/"):
        pages += 1
        wrong += findings(url, text)
    assert pages > 10 and not wrong, "\n".join(wrong)
