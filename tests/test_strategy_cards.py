"""The indicator cards of a period as a PDF report (one card per indicator, like the slides in seed 001).

The `strategy` fixture (conftest.py) loads the portfolio and then the strategy demo data."""
import io
import re

import pytest
from pypdf import PdfReader

from radsmodell.core.formatting import percent
from radsmodell.documents import registry
from radsmodell.documents.render import build_context, filename, render
from radsmodell.strategy.charts import line_chart_svg
from radsmodell.strategy.documents import indicator_cards_context

EPJ = "EPJ-system bidrar til pasientarbeid med høy kvalitet"
PLL = "Pasientens legemiddelliste"
NBSP = "\u00a0"


def card(context: dict, name: str) -> dict:
    return next(c for c in context["cards"] if c["name"] == name)


def plain(text: str) -> str:
    return text.replace(NBSP, " ")


def pdf_text(content: bytes) -> str:
    return plain("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def test_cards_of_q1_2025_hold_the_epj_series_and_no_invented_ambition(strategy):
    context = indicator_cards_context("2025-Q1")

    assert context["document"] == "indicator_cards" and context["file_stem"] == "indikatorkort-2025-Q1"
    assert "1. kvartal 2025" in context["heading"]
    assert context["rule"].startswith("En indikator er på rett vei når siste verdi")
    # Only indicators assessed in Q1 2025: PLL (Q3) and fullmakt (Q3) are not among them.
    names = [c["name"] for c in context["cards"]]
    assert EPJ in names and PLL not in names and "Bruk av fullmakter på Helsenorge" not in names
    assert len(names) == len(set(names)) == 7

    epj = card(context, EPJ)
    assert epj["table"]["columns"] == ["Norge"]
    assert [row["period"] for row in epj["table"]["rows"]] == ["2021", "2022", "2023", "2024"]
    assert [row["values"] for row in epj["table"]["rows"]] == [[percent(v, 0)] for v in (60, 52, 49, 52)]
    assert [plain(v) for row in epj["table"]["rows"] for v in row["values"]] == ["60 %", "52 %", "49 %", "52 %"]
    assert epj["ambition"] == "Ingen ambisjon satt for 2030"
    assert epj["interim_ambitions"] == []
    assert plain(epj["baseline"]) == "60 % (2021)"
    assert epj["frequency"] == "Årlig" and epj["readiness"] == "Klar"
    assert epj["goals"] == ["Kvalitet og sammenheng i tjenestene"]
    assert "svaralternativet «verken enig eller uenig»" in epj["break_notes"]
    assert epj["status_label"] == "Uten ambisjon"
    assert plain(epj["latest"]).startswith("52 % (2024)")
    assert epj["assessment"]["period_label"] == "1. kvartal 2025"
    assert epj["assessment"]["next_label"] == "1. kvartal 2026"
    assert "igjen 52 %" in epj["assessment"]["text"]
    # The chart: an image with a title saying what it shows, no script, one line.
    chart = epj["chart"]
    assert chart.startswith("<svg") and 'role="img"' in chart and "<script" not in chart
    assert f"<title>Linjediagram: {EPJ}, andel i prosent, 2021 – 2024" in chart
    assert chart.count("<polyline") == 1
    # No number the data does not have: no ambition line, no "XX".
    assert "Ambisjon 2030" not in chart and "XX" not in str(context)


def test_the_council_model_card_has_one_series_per_measure(strategy):
    council = card(indicator_cards_context("2025-Q1"), "Effekt av prosesser i nasjonal rådsmodell")

    assert len(council["table"]["columns"]) == 3
    assert [plain(v) for v in council["table"]["rows"][0]["values"]] == ["72 %", "79 %", "67 %"]
    assert council["table"]["rows"][0]["period"] == "1. kv. 2025"
    assert plain(council["baseline"]) == "Måling i 2022 (verdien er ikke oppgitt)"


def test_a_card_without_observations_says_so(strategy):
    context = indicator_cards_context("2025-Q1")
    welfare = card(context, "Bruk av velferdsteknologi i kommunene")

    assert welfare["table"]["rows"] == [] and welfare["chart"] == ""
    assert welfare["status_label"] == "Ikke målbar ennå"
    html = render(context, "html").decode()
    assert "Ingen målinger er registrert for indikatoren." in html


def test_pll_card_of_q3_2025_shows_three_areas_and_the_2026_ambition(strategy):
    context = indicator_cards_context("2025-Q3")

    assert [c["name"] for c in context["cards"]] == [PLL, "Bruk av fullmakter på Helsenorge"]
    pll = card(context, PLL)
    assert pll["table"]["columns"] == ["Norge", "Bergensområdet", "Helse Nord"]
    assert pll["chart"].count("<polyline") == 3
    # Seven periods: the table is printed a row per area (the same numbers).
    assert pll["table"]["wide"] and [s["name"] for s in pll["table"]["by_series"]] == pll["table"]["columns"]
    assert [plain(v) for v in pll["table"]["by_series"][1]["values"]][-2:] == ["11,7 %", "12,1 %"]
    rows = {row["period"]: [plain(v) for v in row["values"]] for row in pll["table"]["rows"]}
    assert list(rows) == ["apr. 2025", "mai 2025", "juni 2025", "juli 2025", "aug. 2025", "sep. 2025", "okt. 2025"]
    assert rows["okt. 2025"] == ["1,5 %", "12,1 %", "5,2 %"]
    assert rows["apr. 2025"] == ["1,0 %", "9,9 %", "1,3 %"]
    assert [(a["year"], plain(a["text"])) for a in pll["interim_ambitions"]] == [
        (2026, "25 % i 2026 (område ikke oppgitt)")]
    assert pll["ambition"] == "Ingen ambisjon satt for 2030"
    assert "Ambisjon 2026: 25" in plain(pll["chart"])
    assert pll["frequency"] == "Løpende"
    assert pll["assessment"]["next_label"] == ""


def test_the_pll_card_cannot_be_assessed_and_the_report_counts_it_so(strategy):
    context = indicator_cards_context("2025-Q3")
    pll = card(context, PLL)

    assert pll["status_label"] == "Kan ikke vurderes (uklar ambisjon)"
    assert pll["judged_against"].startswith("Ambisjonen sier ikke hvilket område den gjelder")
    assert plain(pll["interim_ambitions"][0]["text"]) == "25 % i 2026 (område ikke oppgitt)"
    assert context["status_summary"] == ("0 på rett vei, 0 bak planen, 1 kan ikke vurderes (uklar ambisjon), "
                                         "0 uten ambisjon, 1 ikke målbar ennå")
    text = pdf_text(render(context, "pdf"))
    flat = re.sub(r"\s+", " ", text)
    assert "Kan ikke vurderes (uklar ambisjon)" in flat and "Bak planen 1" not in flat
    assert "Regelen er Rådsmodells egen metode; kildene fastsetter ingen slik regel." in flat
    assert "Kilde: Saksframlegg til NUIT 20. november 2025, sak 40/25" in flat
    assert "seed" not in flat.lower() and "OCR" not in flat


def test_a_card_says_what_is_assumed_and_why(strategy):
    epj = card(indicator_cards_context("2025-Q1"), EPJ)

    labels = [a["label"] for a in epj["assumptions"]]
    assert labels == ["Modenhet", "Utgangspunkt", "Tallene for Norge"]
    assert epj["assumptions"][2]["reason"].startswith("Årstallene i diagrammet kan ikke leses i kilden")
    assert epj["source"] == "Saksframlegg til NUIT 20. november 2025, sak 40/25"
    html = render(indicator_cards_context("2025-Q1"), "html").decode()
    assert "Antatt – Utgangspunkt:</strong> Kortet sier at utgangspunktet er målingen i 2021" in html


def test_without_a_period_every_assessed_indicator_gets_its_latest_assessment(strategy):
    context = indicator_cards_context(None)

    assert context["file_stem"] == "indikatorkort"
    assert "siste vurdering" in context["heading"]
    names = [c["name"] for c in context["cards"]]
    assert len(names) == 9 and PLL in names and EPJ in names
    assert card(context, PLL)["assessment"]["period"] == "2025-Q3"


def test_a_period_without_assessments_gives_an_empty_report_and_a_wrong_one_is_refused(strategy):
    context = indicator_cards_context("2019")
    assert context["cards"] == []
    assert "Ingen indikatorer har en vurdering for 2019." in render(context, "html").decode()
    with pytest.raises(ValueError):
        indicator_cards_context("Q1 2025")


def test_the_report_is_registered_and_rendered_as_a_tagged_pdf(strategy):
    assert registry.get("indicator_cards").context is indicator_cards_context
    context = build_context("indicator_cards", "2025-Q1", None)
    assert filename(context, "pdf") == "indikatorkort-2025-Q1.pdf"

    content = render(context, "pdf")
    reader = PdfReader(io.BytesIO(content))
    text = pdf_text(content)
    assert "Indikatorkort: vurderinger for 1. kvartal 2025" in text
    for c in context["cards"]:
        assert c["name"] in re.sub(r"\s+", " ", text), c["name"]
    assert "52 %" in text and "Ingen ambisjon satt for 2030" in text
    assert "Vurdering 1. kvartal 2025" in text and "Neste vurdering: 1. kvartal 2026" in text
    assert "Om indikatoren" in text and "Årlig oppdatering" in text
    # The intro page, then one page per card.
    assert len(reader.pages) >= 1 + len(context["cards"])
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]

    html = render(context, "html").decode()
    assert html.count('class="indicator-card"') == len(context["cards"])
    assert "<script" not in html and 'role="img"' in html


def test_line_chart_escapes_text_and_merges_periods():
    svg = line_chart_svg([("A <&> B", [("2021", 1), ("2023", 3)]), ("C", [("2020", 2), ("2021", 2)])],
                         'Tittel "med" <tegn>', True)

    assert "<title>Tittel &quot;med&quot; &lt;tegn&gt;</title>" in svg and "A &lt;&amp;&gt; B" in svg
    labels = re.findall(r'text-anchor="middle"[^>]*>([^<]+)</text>', svg)
    assert labels == ["2020", "2021", "2023"]
    assert line_chart_svg([("tom", [])], "Ingen data", True) == ""
