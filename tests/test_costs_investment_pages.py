"""The investment pages with DIS phase 3 (seed 004) and the running-cost forecast (case 6/24)."""
import re

import pytest

from radsmodell.costs.models import InvestmentCase

URL = "/kostnader/investeringer/dis-fase-3/"


@pytest.fixture
def costs_demo(costs):
    """The gates and investment cases of the cost demo (seed 000, case 18/24; seed 004)."""
    return costs


def text(response) -> str:
    """The page as a reader sees the numbers: no-break spaces as plain spaces, no tags."""
    page = response.content.decode().replace("\u00a0", " ")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_the_dis_case_is_linked_to_its_initiative_and_to_no_national_solution(costs_demo):
    case = InvestmentCase.objects.get(slug="dis-fase-3")
    assert case.initiative.slug == "dis-fase-3" and case.solution is None and case.owner == "Helse Nord RHF"
    assert "145-2023" in case.source


def test_the_dis_page_shows_the_lines_reserve_total_and_running_costs(client, costs_demo):
    response = client.get(URL)
    assert response.status_code == 200
    page = text(response)
    assert "Dokumentdeling - KJ 9 882 500" in page and "Fratrekk for konseptfaser −2 820 000" in page
    assert "Forventningsverdi uten reserve 135 600 142" in page
    assert "Reserve (7,7 %) 10 400 531" in page
    assert "Forventningsverdi inkl. reserve (som oppgitt i kilden) 146 000 672" in page
    assert "27 120 028 kr per år" in page


def test_the_dis_page_says_plainly_that_the_printed_total_differs_from_the_lines_by_one_krone(client, costs_demo):
    page = text(client.get(URL))
    assert ("Kilden oppgir 146 000 672 kr som «Forventningsverdi inkl. reserve». Linjene og reserven slik kilden "
            "viser dem, summerer til 146 000 673 kr, en forskjell på 1 kr.") in page
    assert "avrundet til hele kroner" in page


def test_the_npv_without_benefits_is_labelled_and_the_seeds_npv_is_shown_as_stated(client, costs_demo):
    response = client.get(URL)
    assert 'name="life_years" value="8"' in response.content.decode()  # the form starts from the seed's values
    assert 'name="discount_rate" value="5"' in response.content.decode()
    page = text(response)
    assert "Kilden oppgir netto nåverdi på ca. −13 mill. kr (8 års økonomisk levetid, 5 % rente)" in page
    assert "Nyttestrømmen bak tallet står ikke i kilden" in page
    assert "Netto nåverdi uten nytte (bare kostnader) −206 371 302 kr" in page
    assert "Ingen: kontantstrømmen skifter ikke fortegn" in page
    assert "Forutsetninger og kilder" in page and "antatt" in page and "Helse Nord RHF, styresak 145-2023" in page


def test_a_bad_discount_rate_gives_400_and_a_message_on_the_field(client, costs_demo):
    response = client.get(URL, {"life_years": "8", "discount_rate": "fem", "benefit_per_year": ""})
    assert response.status_code == 400
    page = text(response)
    assert "Kalkulasjonsrente (%): Skriv renten som et tall i prosent" in page
    assert 'aria-invalid="true"' in response.content.decode()
    assert "Rett feilene i skjemaet" in page
    assert client.get(URL, {"discount_rate": "250"}).status_code == 400


def test_a_life_shorter_than_the_investment_years_gives_400(client, costs_demo):
    response = client.get(URL, {"life_years": "2"})
    assert response.status_code == 400
    assert "Levetiden må være mellom 3 og 50 år" in text(response)


def test_the_form_recomputes_with_a_benefit_stream_a_norwegian_rate_and_the_risk_margin(client, costs_demo):
    page = text(client.get(URL, {"life_years": "8", "discount_rate": "5,0", "benefit_per_year": "33 000 000"}))
    assert "Netto nåverdi 17 579 021 kr" in page and "Internrente 18,3 %" in page
    with_margin = text(client.get(URL, {"life_years": "8", "discount_rate": "5", "benefit_per_year": "33000000",
                                        "risk_margin": "on"}))
    assert "Netto nåverdi 14 218 386 kr" in with_margin and "med risikomargin" in with_margin


def test_the_forecast_with_risk_margin_is_five_percent_higher(client, costs_demo):
    response = client.get("/kostnader/investeringer/")
    without = text(response)
    with_margin = text(client.get("/kostnader/investeringer/", {"risk_margin": "1"}))
    assert "2029 27 120 028 27 120 028" in without and "2028 0 0" in without
    assert "2029 28 476 030 28 476 030" in with_margin
    assert round(28_476_030 / 27_120_028, 4) == 1.05
    assert "Ikke knyttet til en nasjonal e-helseløsning" in without
    assert 'id="forecast-data"' in response.content.decode()


def test_the_investment_list_shows_the_case_as_printed(client, costs_demo):
    page = text(client.get("/kostnader/investeringer/"))
    assert "135 600 142" in page and "10 400 531 (7,7 %)" in page and "146 000 672" in page
    assert "som oppgitt; linjene gir 146 000 673" in page


def test_an_unknown_case_is_404_and_a_broken_definition_is_reported(client, costs_demo):
    assert client.get("/kostnader/investeringer/finnes-ikke/").status_code == 404
    InvestmentCase.objects.create(slug="brutt", name="Brutt sak", definition={"name": "x"})
    assert "Beregningsgrunnlaget kan ikke leses" in text(client.get("/kostnader/investeringer/brutt/"))
    assert "Beregningsgrunnlaget for «Brutt sak» kan ikke leses" in text(client.get("/kostnader/investeringer/"))
