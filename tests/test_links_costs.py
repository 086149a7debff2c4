"""The connected record on the cost pages: price models (files), duty-to-pay gates and investment
cases are linked both ways, each link with its cited source, in the API too, and a deleted gate
takes its links with it."""
from datetime import date

import pytest
from linkedpages import hrefs, linked

from radsmodell.core import links
from radsmodell.core.models import Link
from radsmodell.costs.models import InvestmentCase, PaymentGate

PRICE_MODEL = "/kostnader/prismodeller/helsenettet-2025/"
SFM_MODEL = "/kostnader/prismodeller/sfm-2025/"
GATE = "/kostnader/betalingsplikt/sfm/"
INVESTMENT = "/kostnader/investeringer/dis-fase-3/"


@pytest.fixture
def unlinked(costs):
    """The cost demo without the demo's links, so each test states the links it reads."""
    Link.objects.all().delete()


@pytest.fixture
def sfm_links(unlinked):
    """SFM's price model and its gate (case 17/24 and 18/24), and DIS phase 3 and the SFM gate."""
    links.add_link("price_model:sfm-2025", "gate:sfm", source="seed 000, sak 17/24 (toppnotat)",
                   day=date(2024, 5, 15))
    links.add_link("investment:dis-fase-3", "gate:sfm", source="seed 004, Helse Nord RHF styresak 145-2023, vedlegg 3")


def test_the_kinds_find_the_keys_readers_know_and_store_what_survives_a_rename(unlinked):
    gate = PaymentGate.objects.get(slug="sfm")
    investment = InvestmentCase.objects.get(slug="dis-fase-3")
    assert links.parse("price_model:helsenettet-2025")[1] == "helsenettet-2025"
    assert links.parse("gate:sfm")[1] == str(gate.pk)
    assert links.parse("investment:dis-fase-3")[1] == str(investment.pk)
    for unknown in ("price_model:helsenettet-1999", "gate:ingen", "investment:ingen"):
        with pytest.raises(Exception, match="Fant ikke"):
            links.parse(unknown)
    assert [k.name for k in links.kinds() if k.name in ("price_model", "gate", "investment")] == [
        "price_model", "gate", "investment"]


def test_a_price_model_and_its_gate_show_each_other_with_the_cited_source(client, sfm_links):
    gate_page = client.get(GATE)
    section = linked(gate_page)
    assert "Prismodeller SFM 2025 (anbefalt) · 15. mai 2024 ( Toppnotat til NUIT 15. mai 2024, sak 17/24 )" in section
    assert "/kostnader/prismodeller/sfm-2025/" in hrefs(gate_page)

    model_page = client.get(SFM_MODEL)
    section = linked(model_page)
    assert "Plikt til betaling Sentral forskrivningsmodul (SFM, inkl. FM)" in section
    assert "Toppnotat til NUIT 15. mai 2024, sak 17/24" in section
    assert hrefs(model_page) == [GATE]


def test_an_investment_and_a_gate_show_each_other_with_the_cited_source(client, sfm_links):
    investment_page = client.get(INVESTMENT)
    section = linked(investment_page)
    assert "Plikt til betaling Sentral forskrivningsmodul (SFM, inkl. FM)" in section
    assert "Helse Nord RHF, styresak 145-2023, vedlegg 3" in section
    assert hrefs(investment_page) == [GATE]

    section = linked(client.get(GATE))
    assert "Investeringssaker" in section and "Helse Nord RHF, styresak 145-2023, vedlegg 3" in section
    # in the display order of the kinds: price models before investment cases
    assert section.index("Prismodeller") < section.index("Investeringssaker")
    assert INVESTMENT in hrefs(client.get(GATE))


def test_an_assumed_link_says_so(client, unlinked):
    links.add_link("investment:dis-fase-3", "price_model:helsenettet-2025",
                   assumption="Antatt: DIS bruker Helsenettet.")
    section = linked(client.get(PRICE_MODEL))
    assert "Investeringssaker" in section and "antatt" in section and "Antatt: DIS bruker Helsenettet." in section


def test_the_api_lists_the_gate_linked_to_a_price_model(client, unlinked):
    links.add_link("price_model:helsenettet-2025", "gate:sfm", source="seed 000, sak 17/24 (toppnotat)",
                   day=date(2024, 5, 15))
    answer = client.get("/api/links?object=price_model:helsenettet-2025")
    assert answer.status_code == 200
    assert answer.json()["count"] == 1
    assert answer.json()["items"] == [{"kind": "gate", "key": "sfm",
                                       "title": "Sentral forskrivningsmodul (SFM, inkl. FM)",
                                       "url": GATE, "date": "2024-05-15",
                                       "source": "Toppnotat til NUIT 15. mai 2024, sak 17/24", "assumption": ""}]
    back = client.get("/api/links?object=gate:sfm").json()["items"]
    assert [(x["kind"], x["key"], x["url"]) for x in back] == [("price_model", "helsenettet-2025", PRICE_MODEL)]
    assert back[0]["title"] == "Helsenettet 2025 (foreløpig forslag)"
    assert client.get("/api/links?object=price_model:finnes-ikke").status_code == 404


def test_a_deleted_gate_takes_its_links_with_it(client, sfm_links):
    PaymentGate.objects.get(slug="sfm").delete()
    assert not Link.objects.exists()
    assert linked(client.get(SFM_MODEL)) == ""
    assert linked(client.get(INVESTMENT)) == ""
    assert client.get("/api/links?object=price_model:sfm-2025").json() == {"count": 0, "items": []}


def test_the_secretariat_finds_where_to_change_the_links_of_a_price_model(client, unlinked, secretariat):
    client.force_login(secretariat)
    page = client.get(PRICE_MODEL)
    assert "Ingen koblinger ennå." in linked(page)
    assert "/koblinger/?objekt=price_model%3Ahelsenettet-2025" in hrefs(page)
    assert "/koblinger/?objekt=gate%3Asfm" in hrefs(client.get(GATE))
    assert "/koblinger/?objekt=investment%3Adis-fase-3" in hrefs(client.get(INVESTMENT))


def test_the_public_sees_no_empty_links_section(client, unlinked):
    for url in (PRICE_MODEL, GATE, INVESTMENT):
        assert linked(client.get(url)) == ""
