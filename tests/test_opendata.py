"""Open data at /data/: every dataset in four files, the list page, the DCAT-AP-NO catalogue and the API.

A dataset of the test's own shows what each part does; the tests at the end run over whatever
datasets the apps register (what each one may show the public is tested with its app)."""
import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
import rdflib
from openpyxl import load_workbook
from rdflib import RDF, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from radsmodell.core import exports
from radsmodell.core.exports import BOOLEAN, DATE, INTEGER, MONEY, PERCENT, Column
from radsmodell.opendata import catalogue as dcat
from radsmodell.opendata import registry

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
PUBLISHER = URIRef("https://data.brreg.no/enhetsregisteret/api/enheter/983544622")
LICENCE = URIRef("https://data.norge.no/nlod/no/2.0")
VARIANTS = ("excel.csv", "xlsx", "csv", "json")

TRICKY = 'Beslutninger med «sitat», "anførsel", \\ skråstrek,\nny linje og\ttabulator.'
ROWS = [
    ["Helse Nord RHF", 12, Decimal("1633.255"), Decimal("12.5"), True, date(2024, 5, 15)],
    ['=HYPERLINK("http://evil.example")', None, None, None, False, None],
]


@pytest.fixture
def sample():
    dataset = registry.register(registry.Dataset(
        slug="proeve-data", title="Prøvedata", description=TRICKY,
        columns=[
            Column("name", "Navn", description="Virksomhetens navn."),
            Column("count", "Antall", INTEGER, description="Hvor mange."),
            Column("amount_nok", "Beløp (kr)", MONEY, description="Beløpet i kroner.", total=True),
            Column("share_percent", "Andel (%)", PERCENT, decimals=1, description="Andelen i prosent."),
            Column("active", "Aktiv", BOOLEAN, description="Om virksomheten er aktiv."),
            Column("decided_on", "Vedtatt", DATE, description="Datoen vedtaket ble gjort."),
        ],
        rows=lambda: [list(row) for row in ROWS], frequency=registry.MONTHLY, keywords=("e-helse", "prøve"),
    ))
    yield dataset
    registry._datasets.pop(dataset.slug)


def _records(response, variant: str, columns: list[Column]) -> list[list]:
    """The data rows of a file as lists of cells, without its header (and the XLSX total row)."""
    if variant == "json":
        return [list(record.values()) for record in json.loads(response.content)]
    if variant == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        header = rows.index([c.label for c in columns])
        data = rows[header + 1:]
        return data[:-1] if data and any(c.total for c in columns) and "Sum" in data[-1] else data
    text = response.content.decode("utf-8")
    if variant == "excel.csv":
        assert text.startswith("\ufeff")
        rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
        assert rows[0] == [c.label for c in columns]
    else:
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == [c.key for c in columns]
    return rows[1:]


# --- the files -----------------------------------------------------------------------------------

def test_each_file_of_a_dataset_holds_its_rows_for_people_or_for_programs(client, db, sample):
    files = {variant: client.get(f"/data/proeve-data{exports.SUFFIXES[variant]}") for variant in VARIANTS}
    for variant, response in files.items():
        assert response.status_code == 200 and response["Content-Type"] == exports.FILE_TYPES[variant]
        assert "public" in response["Cache-Control"] and response["Access-Control-Allow-Origin"] == "*"
    assert 'filename="proeve-data-excel.csv"' in files["excel.csv"]["Content-Disposition"]
    assert json.loads(files["json"].content)[0] == {
        "name": "Helse Nord RHF", "count": 12, "amount_nok": 1633.255, "share_percent": 12.5, "active": True,
        "decided_on": "2024-05-15"}
    assert _records(files["csv"], "csv", sample.columns)[0] == [
        "Helse Nord RHF", "12", "1633.255", "12.5", "true", "2024-05-15"]
    assert _records(files["excel.csv"], "excel.csv", sample.columns) == [
        ["Helse Nord RHF", "12", "1633,26", "12,5", "Ja", "15.05.2024"],
        ["'=HYPERLINK(\"http://evil.example\")", "", "", "", "Nei", ""]]
    assert _records(files["xlsx"], "xlsx", sample.columns)[1][0] == '=HYPERLINK("http://evil.example")'


def test_an_unknown_dataset_is_not_found(client, db, sample):
    for url in ("/data/finnes-ikke.json", "/data/finnes-ikke-excel.csv", "/data/finnes-ikke", "/data/proeve-data.pdf"):
        assert client.get(url).status_code == 404, url
    answer = client.get("/api/datasets/finnes-ikke")
    assert answer.status_code == 404 and answer.json() == {"detail": "Fant ikke datasettet «finnes-ikke».",
                                                           "errors": []}


def test_a_slug_that_cannot_name_files_unambiguously_is_refused():
    for slug in ("moter-excel", "Møter", "med mellomrom", ""):
        with pytest.raises(ValueError):
            registry.register(registry.Dataset(slug, "X", "X", [Column("a", "A")], list))
    assert all(d.slug not in ("moter-excel", "Møter") for d in registry.datasets())


def test_the_address_of_a_dataset_leads_to_its_place_on_the_list(client, db, sample):
    answer = client.get("/data/proeve-data")
    assert answer.status_code == 303 and answer["Location"] == "/data/#proeve-data"


# --- the page ------------------------------------------------------------------------------------

def test_the_data_page_describes_each_dataset_its_columns_licence_and_files(client, db, sample):
    answer = client.get("/data/")
    html = answer.content.decode()
    assert answer.status_code == 200 and "public" in answer["Cache-Control"]
    assert 'id="proeve-data">Prøvedata</h2>' in html
    assert "«sitat», &quot;anførsel&quot;, \\ skråstrek" in html  # the description, escaped as HTML
    assert "<code>amount_nok</code></td><td>Beløp (kr)</td><td>Beløpet i kroner.</td>" in html
    assert "<dd>Månedlig</dd>" in html and "<dd>e-helse, prøve</dd>" in html
    for variant in VARIANTS:
        assert f'href="/data/proeve-data{exports.SUFFIXES[variant]}"' in html
    assert 'href="https://data.norge.no/nlod/no/2.0" rel="license">Norsk lisens for offentlige data (NLOD) 2.0' in html
    assert "<dd>Helsedirektoratet</dd>" in html and 'href="mailto:postmottak@helsedir.no"' in html
    assert 'href="/data/katalog.jsonld"' in html and 'href="/data/katalog.ttl"' in html


def test_every_page_links_to_the_open_data_in_its_footer(client, db):
    footer = client.get("/").content.decode().split('<footer class="site-footer">')[1]
    assert '<a class="ds-link" href="/data/">Åpne data</a>' in footer


# --- the catalogue -------------------------------------------------------------------------------

@pytest.fixture
def catalogue(client, sample):
    turtle = client.get("/data/katalog.ttl", secure=True)
    jsonld = client.get("/data/katalog.jsonld", secure=True)
    assert turtle["Content-Type"] == "text/turtle; charset=utf-8" and jsonld["Content-Type"] == "application/ld+json"
    graph = rdflib.Graph().parse(data=turtle.content, format="turtle")
    return graph, rdflib.Graph().parse(data=jsonld.content, format="json-ld")


def test_the_catalogue_is_the_same_graph_in_turtle_and_json_ld(catalogue):
    turtle, jsonld = catalogue
    assert len(turtle) > 40 and isomorphic(turtle, jsonld)


def test_the_catalogue_names_its_publisher_and_licence_as_data_norge_no_expects(catalogue):
    graph, _ = catalogue
    (catalog,) = graph.subjects(RDF.type, DCAT.Catalog)
    assert graph.value(catalog, DCT.publisher) == PUBLISHER and graph.value(catalog, DCT.license) == LICENCE
    assert graph.value(catalog, DCT.title).language == "nb" and graph.value(catalog, DCT.description)
    assert graph.value(PUBLISHER, DCT.identifier) == Literal("983544622")
    assert URIRef("https://testserver/data/proeve-data") in set(graph.objects(catalog, DCAT.dataset))


def test_the_catalogue_describes_a_dataset_and_each_of_its_files(client, catalogue):
    graph, _ = catalogue
    dataset = URIRef("https://testserver/data/proeve-data")
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    assert graph.value(dataset, DCT.identifier) == Literal(str(dataset))
    assert graph.value(dataset, DCT.title) == Literal("Prøvedata", lang="nb")
    assert graph.value(dataset, DCT.description) == Literal(TRICKY, lang="nb")  # quotes, \ and lines kept
    assert graph.value(dataset, DCAT.theme) == URIRef(EU + "data-theme/HEAL")
    assert set(graph.objects(dataset, DCAT.keyword)) == {Literal("e-helse", lang="nb"), Literal("prøve", lang="nb")}
    assert graph.value(dataset, DCT.accrualPeriodicity) == URIRef(EU + "frequency/MONTHLY")
    assert graph.value(dataset, DCT.accessRights) == URIRef(EU + "access-right/PUBLIC")
    assert graph.value(dataset, DCAT.landingPage) == URIRef("https://testserver/data/#proeve-data")
    contact = graph.value(dataset, DCAT.contactPoint)
    assert (contact, RDF.type, VCARD.Organization) in graph
    assert graph.value(contact, VCARD.hasEmail) == URIRef("mailto:postmottak@helsedir.no")
    files = {}
    for distribution in graph.objects(dataset, DCAT.distribution):
        assert graph.value(distribution, DCT.license) == LICENCE
        assert graph.value(distribution, DCAT.accessURL) == graph.value(distribution, DCAT.downloadURL)
        files[str(graph.value(distribution, DCAT.downloadURL))] = (
            str(graph.value(distribution, DCAT.mediaType)), str(graph.value(distribution, DCT["format"])),
            str(graph.value(distribution, DCT.title)))
    iana, file_type = "https://www.iana.org/assignments/media-types/", EU + "file-type/"
    assert files == {
        "https://testserver/data/proeve-data-excel.csv": (iana + "text/csv", file_type + "CSV",
                                                          "Prøvedata – CSV for Excel"),
        "https://testserver/data/proeve-data.csv": (iana + "text/csv", file_type + "CSV",
                                                    "Prøvedata – CSV (UTF-8, komma)"),
        "https://testserver/data/proeve-data.xlsx": (
            iana + "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file_type + "XLSX",
            "Prøvedata – Excel (XLSX)"),
        "https://testserver/data/proeve-data.json": (iana + "application/json", file_type + "JSON",
                                                     "Prøvedata – JSON"),
    }
    for url in files:
        assert client.get(url.removeprefix("https://testserver"), secure=True).status_code == 200


def test_any_text_or_address_reads_back_the_same_from_both_files():
    odd = 'Kontroll\x01tegn, «sitat» "anførsel" \\ og \r\nlinjer\u2028'
    resource = dcat.Resource("https://example.no/data/a b", ["dcat:Dataset"])
    resource.add("dct:title", dcat.Text(odd, "nb"))
    resource.add("dct:identifier", dcat.Text(odd))
    resource.add("dcat:landingPage", dcat.IRI('https://example.no/data/<"{x}"|^`>'))
    turtle = rdflib.Graph().parse(data=dcat.turtle([resource]), format="turtle")
    jsonld = rdflib.Graph().parse(data=dcat.jsonld([resource]), format="json-ld")
    assert isomorphic(turtle, jsonld) and len(turtle) == 4
    subject = URIRef("https://example.no/data/a%20b")
    assert turtle.value(subject, DCT.title) == Literal(odd, lang="nb")
    assert turtle.value(subject, DCT.identifier) == Literal(odd)
    assert turtle.value(subject, DCAT.landingPage) == URIRef("https://example.no/data/%3C%22%7Bx%7D%22%7C%5E%60%3E")


# --- the API -------------------------------------------------------------------------------------

def test_the_api_lists_the_datasets_with_their_columns_and_files(client, db, sample):
    listed = client.get("/api/datasets", {"limit": 1000}).json()
    assert listed["count"] == len(registry.datasets())
    (item,) = [item for item in listed["items"] if item["slug"] == "proeve-data"]
    assert item["title"] == "Prøvedata" and item["description"] == TRICKY
    assert item["columns"][2] == {"key": "amount_nok", "label": "Beløp (kr)", "kind": "money",
                                  "description": "Beløpet i kroner."}
    assert [(f["variant"], f["url"]) for f in item["files"]] == [
        ("excel.csv", "http://testserver/data/proeve-data-excel.csv"), ("xlsx", "http://testserver/data/proeve-data.xlsx"),
        ("csv", "http://testserver/data/proeve-data.csv"), ("json", "http://testserver/data/proeve-data.json")]


def test_the_api_gives_a_datasets_rows_a_page_at_a_time_as_in_its_json_file(client, db, sample):
    whole = json.loads(client.get("/data/proeve-data.json").content)
    page = client.get("/api/datasets/proeve-data", {"limit": 1, "offset": 1}).json()
    assert page == {"count": 2, "items": whole[1:]}


# --- every registered dataset --------------------------------------------------------------------

REGISTERED = [dataset.slug for dataset in registry.datasets()]


@pytest.mark.parametrize("slug", REGISTERED)
def test_every_registered_dataset_answers_in_every_variant_with_the_same_rows(client, demo, slug):
    dataset = registry.get(slug)
    assert dataset.title and dataset.description and all(c.description for c in dataset.columns), slug
    counts = {}
    for variant in VARIANTS:
        response = client.get(f"/data/{slug}{exports.SUFFIXES[variant]}")
        assert response.status_code == 200 and response["Content-Type"] == exports.FILE_TYPES[variant]
        assert "public" in response["Cache-Control"]
        records = _records(response, variant, dataset.columns)
        assert all(len(record) == len(dataset.columns) for record in records), variant
        counts[variant] = len(records)
    counts["api"] = client.get(f"/api/datasets/{slug}").json()["count"]
    assert len(set(counts.values())) == 1, counts


def test_the_catalogue_and_the_page_hold_every_registered_dataset(client, demo):
    graph = rdflib.Graph().parse(data=client.get("/data/katalog.ttl").content, format="turtle")
    described = {str(s).rsplit("/", 1)[1] for s in graph.subjects(RDF.type, DCAT.Dataset)}
    assert described == set(REGISTERED)
    assert len(set(graph.subjects(RDF.type, DCAT.Distribution))) == 4 * len(REGISTERED)
    html = client.get("/data/").content.decode()
    assert all(f'id="{slug}"' in html for slug in REGISTERED)
