"""The cost-distribution pages and API as Norsk helsenett's finance staff use them, on the demo data."""
import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from radsmodell.costs.models import Allocation, PayingOrganisation

HEADER = "org_number,name,kind,segment,turnover_nok,keeps_accounts,locations,ftes,nace,population,chain\n"


def text(response) -> str:
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body).replace("\u00a0", " "))


@pytest.fixture
def secretary(costs, django_user_model):
    user = django_user_model.objects.create_user("sek", password="x")
    user.groups.add(Group.objects.get_or_create(name="sekretariat")[0])
    return user


def test_demo_allocations_add_up_to_the_cost_base_to_the_ore(costs):
    for allocation in Allocation.objects.all():
        assert sum(allocation.lines.values_list("yearly_ore", flat=True)) == allocation.cost_ore
        assert sum(s["amount_ore"] for s in allocation.segments) == allocation.cost_ore


def test_small_actors_pay_1633_kroner_a_month_under_the_2024_model(client, costs):
    allocation = Allocation.objects.get(model_slug="helsenettet-2024")
    small = allocation.lines.filter(segment="ovrige", charged=True).exclude(kind="apotek").first()
    assert Decimal(small.yearly_ore) / 12 == Decimal("163300")
    page = text(client.get(allocation.get_absolute_url(), {"segment": "ovrige"}))
    assert "1 633,00 kr" in page and "stemmer på øret" in page


def test_price_model_page_marks_the_assumptions(client, costs):
    page = text(client.get("/kostnader/prismodeller/helsenettet-2025/"))
    assert "antatt" in page and "Kildene gir ingen pris for kategori B" in page and "33,3 %" in page
    assert client.get("/kostnader/prismodeller/finnes-ikke/").status_code == 404
    sfm = text(client.get("/kostnader/prismodeller/sfm-2025/"))
    assert "50,0 %" in sfm and "49,5 %" in sfm and "1,0 %" in sfm


def test_comparing_2024_and_2025_shows_who_pays_more_or_less(client, costs):
    page = text(client.get("/kostnader/fordelinger/sammenlign/"))
    assert "Per segment og kategori" in page and "Nær en kategorigrense" in page
    # Every organisation of the register appears once; the totals are the two cost bases.
    assert page.count("(1") >= 40
    allocation_a = Allocation.objects.get(model_slug="helsenettet-2024")
    total = f"{allocation_a.cost_ore // 100:,}".replace(",", " ")
    assert f"Sum {total},00 kr {total},00 kr" in page


def test_a_bad_scenario_says_which_field(client, costs):
    response = client.get("/kostnader/fordelinger/sammenlign/", {"a-model": "helsenettet-2024", "a-year": "2024",
                                                                 "a-cost": "mye", "b-model": "x", "b-year": "1800"})
    assert response.status_code == 400
    assert response.content.decode().count('aria-invalid="true"') == 3


def test_secretariat_runs_an_allocation_with_its_own_cost(client, secretary):
    client.force_login(secretary)
    response = client.post("/kostnader/fordelinger/ny/", {"model": "sfm-2025", "year": "2025", "cost": "1 000 000,01"})
    allocation = Allocation.objects.get(model_slug="sfm-2025")
    assert response.status_code == 302 and allocation.cost_ore == 100_000_001
    assert sum(allocation.lines.values_list("yearly_ore", flat=True)) == 100_000_001
    segments = {s["segment"]: s["amount_ore"] for s in allocation.segments}
    assert segments == {"rhf": 50_000_001, "kommune": 50_000_000, "ovrige": 0} or \
        sum(segments.values()) == 100_000_001
    lines = client.get(f"/kostnader/fordelinger/{allocation.pk}/linjer.csv").content.decode().splitlines()
    assert lines[0].startswith("org_number,name,segment,segment_label,kind,category,charged,amount_nok")
    assert sum(Decimal(row.split(",")[7]) for row in lines[1:]) == Decimal("1000000.01")


def test_allocation_without_a_cost_base_asks_for_the_amount(client, secretary):
    client.force_login(secretary)
    response = client.post("/kostnader/fordelinger/ny/", {"model": "sfm-2025", "year": "2024"})
    assert response.status_code == 400 and "skriv inn beløpet" in text(response)


def test_members_and_the_public_cannot_run_allocations_or_import(client, costs, django_user_model):
    assert client.post("/kostnader/fordelinger/ny/", {"model": "sfm-2025", "year": "2025", "cost": "1"}).status_code \
        in (302, 403)
    member = django_user_model.objects.create_user("m", password="x")
    member.groups.add(Group.objects.get_or_create(name="medlem")[0])
    client.force_login(member)
    assert client.get("/kostnader/virksomheter/import/").status_code == 403
    assert client.post("/api/allocations", {"model": "sfm-2025", "year": 2025}, content_type="application/json") \
        .status_code == 403


def test_an_import_with_errors_reports_every_line_and_changes_nothing(client, secretary):
    client.force_login(secretary)
    before = list(PayingOrganisation.objects.filter(year=2025).values_list("org_number", flat=True))
    bad = (HEADER + "991324968,Helse Sør-Øst RHF,rhf,rhf,,true,1,,86.101,,\n"
           "123456789,Feil nummer,privat,ovrige,1000000,true,1,,86.221,,\n"
           "991324968,Dobbel,rhf,rhf,,true,1,,86.101,,\n")
    response = client.post("/kostnader/virksomheter/import/",
                           {"year": "2025", "file": SimpleUploadedFile("reg.csv", bad.encode())})
    page = text(response)
    assert response.status_code == 400 and "Ingenting er lagret" in page
    assert "linje 3, kolonne org_number" in page and "linje 4, kolonne org_number" in page
    assert list(PayingOrganisation.objects.filter(year=2025).values_list("org_number", flat=True)) == before


def test_an_xlsx_register_replaces_the_year(client, secretary):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["991324968", "Helse Sør-Øst RHF", "rhf", "rhf", None, "true", 1, None, "86.101", None, None])
    out = io.BytesIO()
    book.save(out)
    client.force_login(secretary)
    response = client.post("/kostnader/virksomheter/import/",
                           {"year": "2026", "file": SimpleUploadedFile("reg.xlsx", out.getvalue())})
    assert response.status_code == 302
    assert PayingOrganisation.objects.filter(year=2026).count() == 1


def test_allocation_pdf_summary_has_the_segment_totals(client, costs):
    from pypdf import PdfReader

    allocation = Allocation.objects.get(model_slug="helsenettet-2025")
    response = client.get(f"/kostnader/fordelinger/{allocation.pk}/sammendrag.pdf")
    assert response["Content-Type"] == "application/pdf"
    words = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    words = " ".join(words.split())
    assert "Regionale helseforetak 33,3 %" in words, words
    assert "summerer seg nøyaktig til kostnadsgrunnlaget" in words


def test_cost_api_lists_solutions_models_and_allocation_lines(client, costs, secretary):
    solutions = {s["slug"]: s for s in client.get("/api/solutions").json()["items"]}
    assert solutions["helsenettet"]["price_models"] == ["helsenettet-2024", "helsenettet-2025"]
    assert solutions["helsenettet"]["cost_bases"][0]["illustrative"] is True
    models = client.get("/api/price-models").json()["items"]
    assert [m["slug"] for m in models] == ["sfm-2025", "provesvar-2025", "helsenettet-2024", "helsenettet-2025"]
    assert any(p["assumption"] for p in models[3]["parameters"])
    assert client.post("/api/allocations", {"model": "sfm-2025", "year": 2025},
                       content_type="application/json").status_code == 401
    client.force_login(secretary)
    created = client.post("/api/allocations", {"model": "sfm-2025", "year": 2025, "cost_nok": "120000000"},
                          content_type="application/json")
    assert created.status_code == 201
    lines = client.get(f"/api/allocations/{created.json()['id']}/lines").json()["items"]
    assert sum(Decimal(str(line["amount_nok"])) for line in lines) == Decimal("120000000")
    bad = client.post("/api/allocations", {"model": "sfm-2025", "year": 2025, "cost_nok": "mye"},
                      content_type="application/json")
    assert bad.status_code == 422


def test_secretariat_keeps_the_register_of_solutions_and_their_cost_bases(client, secretary):
    from radsmodell.costs.models import CostBase
    from radsmodell.portfolio.models import NationalSolution

    client.force_login(secretary)
    client.post("/kostnader/losninger/", {"solution-name": "Nasjonal fullmaktsløsning", "solution-slug": "fullmakt"})
    assert NationalSolution.objects.filter(slug="fullmakt").exists()
    bad = client.post("/kostnader/losninger/", {"solution": "fullmakt", "year": "2026", "amount": "-5"})
    assert bad.status_code == 400 and "ikke være negativt" in text(bad)
    client.post("/kostnader/losninger/", {"solution": "fullmakt", "year": "2026", "amount": "12 500 000"})
    assert CostBase.objects.get(solution__slug="fullmakt", year=2026).amount_ore == 1_250_000_000
    assert "2026: 12 500 000,00 kr" in text(client.get("/kostnader/losninger/"))


def test_absurd_amounts_and_broken_files_get_a_message_not_a_crash(client, secretary):
    huge = "999999999999999999"
    page = client.get("/kostnader/fordelinger/sammenlign/", {"a-model": "helsenettet-2024", "a-year": "2024",
                                                             "a-cost": huge, "b-model": "helsenettet-2025",
                                                             "b-year": "2025"})
    assert page.status_code == 400 and "urimelig stort" in text(page)
    client.force_login(secretary)
    assert client.post("/kostnader/losninger/", {"solution": "sfm", "year": "2026", "amount": huge * 2}) \
        .status_code == 400
    api = client.post("/api/allocations", {"model": "sfm-2025", "year": 2025, "cost_nok": huge},
                      content_type="application/json")
    assert api.status_code == 422
    rows = HEADER + "991324968,Helse Sør-Øst RHF,rhf,rhf,99999999999999999999,true,1,,86.101,,\n"
    response = client.post("/kostnader/virksomheter/import/",
                           {"year": "2025", "file": SimpleUploadedFile("reg.csv", rows.encode())})
    assert response.status_code == 400 and "linje 2, kolonne turnover_nok" in text(response)
    import zipfile

    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("[Content_Types].xml", "<not xml")
    response = client.post("/kostnader/virksomheter/import/",
                           {"year": "2025", "file": SimpleUploadedFile("reg.xlsx", broken.getvalue())})
    assert response.status_code == 400 and "XLSX-arbeidsbok" in text(response)


def test_a_production_date_outside_2000_to_2100_is_refused(client, secretary):
    client.force_login(secretary)
    response = client.post("/kostnader/betalingsplikt/sfm/", {"action": "service", "tjeneste-service": "SFM",
                                                              "tjeneste-production_date": "9999-12-31"})
    assert response.status_code == 400 and "mellom år 2000 og 2100" in text(response)
    assert client.get("/kostnader/betalingsplikt/").status_code == 200


def test_an_allocation_warns_when_a_service_has_not_passed_the_duty_to_pay_gate(client, secretary):
    client.force_login(secretary)
    client.post("/kostnader/fordelinger/ny/", {"model": "provesvar-2025", "year": "2025", "cost": "1 000 000"})
    allocation = Allocation.objects.get(model_slug="provesvar-2025")
    assert any("Plikt til betaling: «Pasientens prøvesvar»" in note for note in allocation.notes)
    assert "ikke før plikten til betaling er godkjent" in text(client.get(allocation.get_absolute_url()))


def test_a_variant_with_other_category_weights_moves_cost_between_categories(client, costs):
    base = {"a-model": "helsenettet-2025", "a-year": "2025", "b-model": "helsenettet-2025", "b-year": "2025"}
    same = text(client.get("/kostnader/fordelinger/sammenlign/", base))
    assert "Endring" in same and "−" not in same.split("Per virksomhet, største endring først")[1].split("Nær en")[0]
    heavier_c = text(client.get("/kostnader/fordelinger/sammenlign/", {**base, "b-weight_C": "12"}))
    changes = heavier_c.split("Per segment og kategori")[1].split("Per virksomhet")[0]
    assert re.search(r"Øvrige aktører C \d+ [\d ]+,\d\d kr [\d ]+,\d\d kr [\d ]+,\d\d kr", changes)
    assert re.search(r"Øvrige aktører A \d+ [\d ]+,\d\d kr [\d ]+,\d\d kr −", changes)  # A pays less
    refused = client.get("/kostnader/fordelinger/sammenlign/", {**base, "b-model": "sfm-2025", "b-weight_B": "2"})
    assert refused.status_code == 400 and "har ikke priskategorier" in text(refused)
    crossed = client.get("/kostnader/fordelinger/sammenlign/",
                         {**base, "b-limit_B": "50000000", "b-limit_C": "40000000"})
    assert crossed.status_code == 400 and "høyere enn grensen for B" in text(crossed)


def test_a_windows_1252_semicolon_file_with_several_bad_rows_reports_them_all_and_saves_nothing(client, secretary):
    client.force_login(secretary)
    before = list(PayingOrganisation.objects.filter(year=2025).values_list("org_number", "name"))
    bad = (HEADER.replace(",", ";") + "991324968;Helse Sør-Øst RHF;rhf;rhf;;true;1;;86.101;;\n"
           "123456789;Feil nummer;privat;ovrige;1000000;true;1;;86.221;;\n"
           "974760673;Tannlege Ås;privat;ovrige;1000000;kanskje;1;2,5;86.230;;\n"
           "100000040;Bø kommune;kommune;kommune;;;;;;;\n")
    response = client.post("/kostnader/virksomheter/import/",
                           {"year": "2025", "file": SimpleUploadedFile("reg.csv", bad.encode("cp1252"))})
    page = text(response)
    assert response.status_code == 400 and "Filen har 3 feil. Ingenting er lagret." in page
    assert "linje 3, kolonne org_number" in page and "linje 4, kolonne keeps_accounts" in page
    assert "linje 5, kolonne population" in page
    assert list(PayingOrganisation.objects.filter(year=2025).values_list("org_number", "name")) == before


def test_a_semicolon_file_in_windows_1252_replaces_the_register_with_its_letters_and_decimal_commas(client, secretary):
    client.force_login(secretary)
    good = (HEADER.replace(",", ";") + "974760673;Tannlege Ås;privat;ovrige;1000000;true;1;2,5;86.230;;\n")
    response = client.post("/kostnader/virksomheter/import/",
                           {"year": "2027", "file": SimpleUploadedFile("reg.csv", good.encode("cp1252"))})
    assert response.status_code == 302
    assert "Tannlege Ås" in text(client.get("/kostnader/virksomheter/", {"year": "2027"}))
    assert PayingOrganisation.objects.get(year=2027).ftes == Decimal("2.5")
