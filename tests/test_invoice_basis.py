"""The invoice basis of an allocation as Norsk helsenett's finance staff use it: a PDF page per
paying organisation (and one per organisation on its own), the console export, and EHF XML."""
import io
import re
import zipfile
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from radsmodell.core import formatting
from radsmodell.costs import services
from radsmodell.costs.models import Allocation

NS = {"inv": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
      "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
      "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"}
HEADING = "Fakturagrunnlag for "


def plain(text: str) -> str:
    return re.sub(r"[ \t\u00a0]+", " ", text)


def pages(content: bytes) -> list[str]:
    return [plain(page.extract_text()) for page in PdfReader(io.BytesIO(content)).pages]


def kroner(text: str) -> Decimal:
    """«1 633,25 kr» as Decimal("1633.25")."""
    return Decimal(text.replace(" ", "").removesuffix("kr").replace(",", "."))


def page_lines(client, allocation) -> dict[str, dict[str, str]]:
    """The lines table of the allocation page: org number → {column heading: cell text}."""
    html = client.get(allocation.get_absolute_url()).content.decode()
    table = re.search(r'<table[^>]*id="lines".*?</table>', html, re.S).group(0)
    headings = [plain(re.sub(r"<[^>]+>", "", h)).strip() for h in re.findall(r'<th scope="col">(.*?)</th>', table)]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S):
        cells = [plain(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
        rows[cells[0]] = dict(zip(headings, cells))
    return rows


@pytest.fixture
def allocation(costs):
    return Allocation.objects.get(model_slug="helsenettet-2025")


@pytest.fixture
def sfm(costs):
    """SFM without a legal basis to charge private actors: the private organisations are not charged."""
    return services.allocate("sfm-2025", 2025, 1_000_000_01)


def test_merged_pdf_has_a_page_per_paying_organisation_with_the_amounts_of_the_allocation_page(client, allocation):
    response = client.get(f"/kostnader/fordelinger/{allocation.pk}/fakturagrunnlag.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"

    shown = page_lines(client, allocation)
    texts = pages(response.content)
    starts = [text for text in texts if HEADING in text]
    assert all(text.count(HEADING) == 1 for text in starts)  # each organisation starts a page of its own
    assert len(starts) == allocation.lines.filter(charged=True).count() == len(shown) == 63
    total = Decimal(0)
    for text in starts:
        org_number = re.search(HEADING + r".*?\((\d{9})\)", text, re.S).group(1)
        row = shown.pop(org_number)
        assert row["Virksomhet"] in text and f"Organisasjonsnummer {org_number}" in text
        assert f"Per år {row['Per år']}" in text
        assert f"Første måned {row['Første måned']}" in text
        assert f"Øvrige måneder (hver av de elleve) {row['Øvrige måneder']}" in text
        total += kroner(row["Per år"])
    assert not shown
    assert total * 100 == allocation.cost_ore
    cover = " ".join(texts[:texts.index(starts[0])])
    assert f"Sum {plain(formatting.kroner(allocation.cost_ore))}" in cover  # the summary's total row


def test_each_page_names_the_solution_price_model_legal_basis_category_and_why(client, allocation):
    html = plain(re.sub(r"<[^>]+>", " ", client.get(
        f"/kostnader/fordelinger/{allocation.pk}/fakturagrunnlag/100004011.html").content.decode()))
    for expected in ("Fiktiv Omsorg AS", "Helsenettet, inkl. grunndata og HelseID",
                     "Helsenettet 2025 (foreløpig forslag) (helsenettet-2025)",
                     "Toppnotat til NUIT 15. mai 2024, sak 17/24", "Pasientjournalloven § 8 fjerde ledd",
                     "Toppnotat til NUIT 15. mai 2024, sak 18/24",
                     "C: Priskategori C: store aktører (omsetning over 40 mnok)",
                     "Øvrige aktører betaler 33,3 % av kostnadsgrunnlaget, fordelt etter priskategori",
                     "omsetning 65 000 000 kr", f"FG-{allocation.pk}-100004011"):
        assert expected in html, expected


def test_organisation_pdf_holds_that_organisation_only(client, allocation):
    line = allocation.lines.get(org_number="100003732")
    response = client.get(f"/kostnader/fordelinger/{allocation.pk}/fakturagrunnlag/100003732.pdf")

    assert response.status_code == 200
    text = " ".join(pages(response.content))
    assert text.count(HEADING) == 1 and "Fiktiv Hudklinikk AS (100003732)" in text
    assert "Per år 20 748,71 kr" in text and line.yearly_ore == 20_748_71
    others = allocation.lines.exclude(pk=line.pk).values_list("name", "org_number")
    assert not [name for name, number in others if name in text or number in text]


def test_an_organisation_that_is_not_invoiced_has_no_invoice_basis(client, allocation, sfm):
    private = sfm.lines.filter(charged=False).first()
    assert private is not None and private.segment == "ovrige"
    base = f"/kostnader/fordelinger/{sfm.pk}/fakturagrunnlag"
    assert client.get(f"{base}/{private.org_number}.pdf").status_code == 404
    assert client.get(f"{base}/{private.org_number}.html").status_code == 404
    assert client.get(f"/kostnader/fordelinger/{sfm.pk}/ehf/{private.org_number}.xml").status_code == 404
    merged = client.get(f"{base}.html").content.decode()
    assert private.name not in merged and merged.count(HEADING) == sfm.lines.filter(charged=True).count()
    for unknown in ("999999999", "abc"):
        assert client.get(f"/kostnader/fordelinger/{allocation.pk}/fakturagrunnlag/{unknown}.pdf").status_code == 404
    assert client.get("/kostnader/fordelinger/999999/fakturagrunnlag.pdf").status_code == 404


def test_console_writes_the_invoice_basis_of_an_allocation_and_of_one_organisation(allocation, sfm, tmp_path):
    merged, one = tmp_path / "fakturagrunnlag.pdf", tmp_path / "en.pdf"
    call_command("export", "--allocation", str(sfm.pk), "--document", "invoice-basis", "--format", "pdf",
                 "-o", str(merged), stdout=io.StringIO())
    call_command("export", "--allocation", f"{allocation.pk}/100003732", "--document", "invoice-basis-organisation",
                 "-o", str(one), stdout=io.StringIO())

    texts = pages(merged.read_bytes())
    assert sum(text.count(HEADING) for text in texts) == sfm.lines.filter(charged=True).count() == 21
    assert "Sum 1 000 000,01 kr" in " ".join(texts)
    assert "Fiktiv Hudklinikk AS (100003732)" in " ".join(pages(one.read_bytes()))
    with pytest.raises(CommandError, match="faktureres ikke i fordeling"):
        call_command("export", "--allocation", f"{allocation.pk}/999999999", "--document",
                     "invoice-basis-organisation", stdout=io.StringIO())


def _amount(element, path: str) -> Decimal:
    found = element.find(path, NS)
    assert found.get("currencyID") == "NOK" and re.fullmatch(r"\d+\.\d\d", found.text)
    return Decimal(found.text)


def test_ehf_has_one_peppol_invoice_per_organisation_adding_up_to_the_allocation(client, allocation):
    response = client.get(f"/kostnader/fordelinger/{allocation.pk}/ehf.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    yearly = dict(allocation.lines.filter(charged=True).values_list("org_number", "yearly_ore"))
    assert sorted(archive.namelist()) == sorted(f"FG-{allocation.pk}-{n}.xml" for n in yearly)
    total = Decimal(0)
    for name in archive.namelist():
        invoice = ElementTree.fromstring(archive.read(name))
        org_number = name.removesuffix(".xml").rsplit("-", 1)[1]
        assert invoice.tag == f"{{{NS['inv']}}}Invoice"
        assert invoice.findtext("cbc:CustomizationID", namespaces=NS) == \
            "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
        assert invoice.findtext("cbc:ProfileID", namespaces=NS) == "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
        assert invoice.findtext("cbc:ID", namespaces=NS) == f"FG-{allocation.pk}-{org_number}"
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", invoice.findtext("cbc:IssueDate", namespaces=NS))
        assert invoice.findtext("cbc:InvoiceTypeCode", namespaces=NS) == "380"
        assert invoice.findtext("cbc:DocumentCurrencyCode", namespaces=NS) == "NOK"
        assert "ikke en faktura" in invoice.findtext("cbc:Note", namespaces=NS)
        seller = invoice.find("cac:AccountingSupplierParty/cac:Party/cbc:EndpointID", NS)
        buyer = invoice.find("cac:AccountingCustomerParty/cac:Party/cbc:EndpointID", NS)
        assert (seller.text, seller.get("schemeID")) == ("994598759", "0192")
        assert (buyer.text, buyer.get("schemeID")) == (org_number, "0192")
        lines = invoice.findall("cac:InvoiceLine", NS)
        for line in lines:
            quantity = Decimal(line.findtext("cbc:InvoicedQuantity", namespaces=NS))
            assert quantity * _amount(line, "cac:Price/cbc:PriceAmount") == _amount(line, "cbc:LineExtensionAmount")
        payable = _amount(invoice, "cac:LegalMonetaryTotal/cbc:PayableAmount")
        assert sum(_amount(line, "cbc:LineExtensionAmount") for line in lines) == payable
        assert payable == _amount(invoice, "cac:LegalMonetaryTotal/cbc:LineExtensionAmount")
        assert payable * 100 == yearly[org_number]
        total += payable
    assert total * 100 == allocation.cost_ore


def test_ehf_for_one_organisation(client, allocation):
    response = client.get(f"/kostnader/fordelinger/{allocation.pk}/ehf/100003732.xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    invoice = ElementTree.fromstring(response.content)
    months = [(line.findtext("cbc:InvoicedQuantity", namespaces=NS),
               line.findtext("cac:Price/cbc:PriceAmount", namespaces=NS))
              for line in invoice.findall("cac:InvoiceLine", NS)]
    assert months == [("1", "1729.16"), ("11", "1729.05")]  # as the allocation page shows the months
    assert client.get(f"/kostnader/fordelinger/{allocation.pk}/ehf/999999999.xml").status_code == 404


def test_allocation_page_links_to_the_invoice_basis(client, allocation):
    html = client.get(allocation.get_absolute_url()).content.decode()
    for href in (f"/kostnader/fordelinger/{allocation.pk}/fakturagrunnlag.pdf",
                 f"/kostnader/fordelinger/{allocation.pk}/ehf.zip",
                 f"/kostnader/fordelinger/{allocation.pk}/fakturagrunnlag/100003732.pdf",
                 f"/kostnader/fordelinger/{allocation.pk}/ehf/100003732.xml"):
        assert f'href="{href}"' in html, href
