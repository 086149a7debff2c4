"""The cost pages as the finance staff use them: import a register, run an allocation, compare."""
import pytest
from playwright.sync_api import Page, expect

from .conftest import axe_violations


def test_an_import_with_errors_lists_them_and_a_good_file_replaces_the_register(secretariat_page: Page, tmp_path):
    page = secretariat_page
    bad = tmp_path / "register.csv"
    bad.write_text("org_number,name,kind,segment,turnover_nok,keeps_accounts,locations,ftes,nace,population,chain\n"
                   "991324968,Helse Sør-Øst RHF,rhf,rhf,,true,1,,86.101,,\n"
                   "991324967,Feil kontrollsiffer,privat,ovrige,2000000,true,1,,86.221,,\n", encoding="utf-8")
    page.goto("/kostnader/virksomheter/import/")
    page.get_by_label("Registeret for år").fill("2027")
    page.get_by_label("Fil (CSV eller XLSX)").set_input_files(str(bad))
    page.get_by_role("button", name="Importer").click()
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("Ingenting er lagret")
    expect(errors).to_contain_text("linje 3, kolonne org_number")
    good = tmp_path / "ok.csv"
    good.write_text(bad.read_text(encoding="utf-8").splitlines()[0] + "\n"
                    "991324968,Helse Sør-Øst RHF,rhf,rhf,,true,1,,86.101,,\n", encoding="utf-8")
    page.get_by_label("Registeret for år").fill("2027")
    page.get_by_label("Fil (CSV eller XLSX)").set_input_files(str(good))
    page.get_by_role("button", name="Importer").click()
    expect(page.locator("#organisations caption")).to_have_text("1 virksomhet")


def test_secretariat_runs_an_allocation_and_reads_the_lines(secretariat_page: Page):
    page = secretariat_page
    page.goto("/kostnader/fordelinger/ny/")
    page.get_by_label("Prismodell").select_option("provesvar-2025")
    page.get_by_label("År").fill("2025")
    page.get_by_label("Kostnadsgrunnlag (kr)").fill("30 000 000")
    page.get_by_role("button", name="Kjør fordelingen").click()
    expect(page.locator("#allocation-facts")).to_contain_text("30 000 000,00 kr (stemmer på øret)")
    segments = page.locator("#segments")
    expect(segments.locator("tr", has_text="Regionale helseforetak")).to_contain_text("70,0 %")
    expect(segments.locator("tr", has_text="Regionale helseforetak")).to_contain_text("21 000 000,00 kr")
    expect(segments.locator("tr", has_text="Kommuner")).to_contain_text("9 000 000,00 kr")


def test_comparison_shows_the_2024_flat_price_against_the_2025_categories(page: Page):
    page.goto("/kostnader/fordelinger/sammenlign/")
    table = page.locator("#line-differences")
    expect(table.locator("tr").nth(1)).to_be_visible()
    small = table.locator("tr", has_text="1 633,00 kr").first
    expect(small).to_be_visible()
    expect(page.locator("#category-differences")).to_contain_text("Øvrige aktører")


@pytest.mark.parametrize("path", ["/kostnader/", "/kostnader/losninger/", "/kostnader/virksomheter/",
                                  "/kostnader/prismodeller/", "/kostnader/prismodeller/helsenettet-2025/",
                                  "/kostnader/fordelinger/sammenlign/"])
def test_cost_pages_have_no_serious_accessibility_violations(page: Page, path: str):
    page.goto(path)
    serious = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert serious == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in serious]


def test_allocation_page_has_no_serious_accessibility_violations(page: Page):
    from radsmodell.costs.models import Allocation

    page.goto(Allocation.objects.get(model_slug="helsenettet-2025").get_absolute_url())
    serious = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert serious == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in serious]
