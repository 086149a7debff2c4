"""The datasets described as a DCAT-AP-NO catalogue, which data.norge.no harvests.

The catalogue is built once as a list of resources (subject, types, statements) and written from
that as JSON-LD and as Turtle, so the two files always say the same. Both are written here by
hand: they are small, and the only care they need is escaping the texts and addresses.
"""
import json
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from radsmodell.core import exports

from . import registry

PREFIXES = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
}
EU = "http://publications.europa.eu/resource/authority/"
THEME = EU + "data-theme/"
PUBLIC_ACCESS = EU + "access-right/PUBLIC"
NORWEGIAN_BOKMAL = EU + "language/NOB"
# dct:format from the EU file-type list, dcat:mediaType from IANA's register (DCAT-AP-NO 2).
FILE_TYPE = {"excel.csv": "CSV", "csv": "CSV", "xlsx": "XLSX", "json": "JSON"}
IANA = "https://www.iana.org/assignments/media-types/"

LICENCE = "https://data.norge.no/nlod/no/2.0"
LICENCE_NAME = "Norsk lisens for offentlige data (NLOD) 2.0"
PUBLISHER_NAME = "Helsedirektoratet"
PUBLISHER_ORG_NUMBER = "983544622"
# data.norge.no knows a publisher by its entry in the Central Coordinating Register for Legal Entities.
PUBLISHER = "https://data.brreg.no/enhetsregisteret/api/enheter/" + PUBLISHER_ORG_NUMBER
CONTACT_EMAIL = "postmottak@helsedir.no"


def media_type(variant: str) -> str:
    """The IANA media type of a variant, without parameters: "text/csv"."""
    return exports.FILE_TYPES[variant].split(";")[0]


def frequency_words() -> dict[str, str]:
    """The update frequencies (EU vocabulary) as the page says them."""
    return {registry.FREQUENCY + code: words for code, words in (
        ("CONT", gettext("Løpende")), ("UPDATE_CONT", gettext("Løpende")), ("DAILY", gettext("Daglig")),
        ("WEEKLY", gettext("Ukentlig")), ("MONTHLY", gettext("Månedlig")), ("QUARTERLY", gettext("Kvartalsvis")),
        ("ANNUAL", gettext("Årlig")), ("IRREG", gettext("Uregelmessig, når registeret endres")),
    )}


def variant_descriptions() -> dict[str, str]:
    return {
        "excel.csv": gettext("For Excel: semikolon, desimalkomma, norske kolonnenavn og tall avrundet som på siden."),
        "xlsx": gettext("Excel-arbeidsbok med norske kolonnenavn, tallformater og sumrad der det passer."),
        "csv": gettext("For programmer: UTF-8, komma, faste engelske kolonnenavn, full presisjon og ISO-datoer."),
        "json": gettext("For programmer: en liste med ett objekt per rad, med de engelske kolonnenavnene som nøkler."),
    }


# --- the graph --------------------------------------------------------------------------------

@dataclass(frozen=True)
class IRI:
    value: str


@dataclass(frozen=True)
class Text:
    value: str
    language: str = ""  # "nb", or none for a code such as an organisation number


@dataclass
class Resource:
    subject: str
    types: list[str]  # "dcat:Dataset"
    statements: list[tuple[str, IRI | Text]] = field(default_factory=list)  # ("dct:title", Text(…))

    def add(self, predicate: str, *objects: IRI | Text) -> None:
        self.statements += [(predicate, value) for value in objects]


def file_url(request, dataset: registry.Dataset, variant: str) -> str:
    return request.build_absolute_uri(reverse("opendata:file", kwargs={"slug": dataset.slug, "variant": variant}))


def graph(request) -> list[Resource]:
    """The catalogue, its datasets and their files, with addresses on the host the request came to."""
    with translation.override("nb"):  # every text is tagged @nb
        return _graph(request)


def _graph(request) -> list[Resource]:
    page = request.build_absolute_uri(reverse("opendata:index"))
    nb = "nb"
    catalogue = Resource(page + "#katalog", ["dcat:Catalog"])
    catalogue.add("dct:title", Text(gettext("Rådsmodellens åpne data"), nb))
    catalogue.add("dct:description", Text(gettext(
        "Rådsmodellens offentlige registre for e-helse (Nasjonalt e-helseråd, NUIT og NUFA, med "
        "Helsedirektoratet som sekretariat): møter, saker og vedtak, porteføljen, strategien og "
        "kostnadsfordelingen, som filer til fri bruk."), nb))
    catalogue.add("dct:publisher", IRI(PUBLISHER))
    catalogue.add("dct:license", IRI(LICENCE))
    catalogue.add("dct:language", IRI(NORWEGIAN_BOKMAL))
    catalogue.add("foaf:homepage", IRI(page))

    publisher = Resource(PUBLISHER, ["foaf:Agent"])
    publisher.add("foaf:name", Text(PUBLISHER_NAME, nb))
    publisher.add("dct:identifier", Text(PUBLISHER_ORG_NUMBER))
    contact = Resource(page + "#kontakt", ["vcard:Organization"])
    contact.add("vcard:fn", Text(PUBLISHER_NAME, nb))
    contact.add("vcard:hasEmail", IRI("mailto:" + CONTACT_EMAIL))
    licence = Resource(LICENCE, ["dct:LicenseDocument"])
    licence.add("dct:title", Text(LICENCE_NAME, nb))

    labels, descriptions = exports.variant_labels(), variant_descriptions()
    resources = [catalogue]
    for dataset in registry.datasets():
        uri = request.build_absolute_uri(reverse("opendata:dataset", kwargs={"slug": dataset.slug}))
        catalogue.add("dcat:dataset", IRI(uri))
        described = Resource(uri, ["dcat:Dataset"])
        described.add("dct:identifier", Text(uri))
        described.add("dct:title", Text(str(dataset.title), nb))
        described.add("dct:description", Text(str(dataset.description), nb))
        described.add("dct:publisher", IRI(PUBLISHER))
        described.add("dcat:theme", *(IRI(THEME + theme) for theme in dataset.themes))
        described.add("dcat:keyword", *(Text(str(word), nb) for word in dataset.keywords))
        described.add("dct:accrualPeriodicity", IRI(dataset.frequency))
        described.add("dcat:contactPoint", IRI(contact.subject))
        described.add("dcat:landingPage", IRI(f"{page}#{dataset.slug}"))
        described.add("dct:accessRights", IRI(PUBLIC_ACCESS))
        described.add("dct:language", IRI(NORWEGIAN_BOKMAL))
        files = []
        for variant, label in labels.items():
            distribution = Resource(f"{uri}#{variant.replace('.', '-')}", ["dcat:Distribution"])
            url = file_url(request, dataset, variant)
            distribution.add("dct:title", Text(f"{dataset.title} – {label}", nb))
            distribution.add("dct:description", Text(descriptions[variant], nb))
            distribution.add("dct:format", IRI(EU + "file-type/" + FILE_TYPE[variant]))
            distribution.add("dcat:mediaType", IRI(IANA + media_type(variant)))
            distribution.add("dcat:accessURL", IRI(url))
            distribution.add("dcat:downloadURL", IRI(url))
            distribution.add("dct:license", IRI(LICENCE))
            described.add("dcat:distribution", IRI(distribution.subject))
            files.append(distribution)
        resources += [described, *files]
    return [*resources, publisher, contact, licence]


# Characters no IRI may hold (RFC 3987), percent-encoded in both files alike; reverse() and the
# host check leave none in our own addresses, but a dataset's vocabulary addresses are typed by hand.
_IRI_ESCAPES = {ord(c): f"%{ord(c):02X}" for c in '<>"{}|^`\\ '} | {n: f"%{n:02X}" for n in range(0x20)}


def safe_iri(value: str) -> str:
    return value.translate(_IRI_ESCAPES)


# --- JSON-LD ----------------------------------------------------------------------------------

def jsonld(resources: list[Resource]) -> bytes:
    nodes = []
    for resource in resources:
        node: dict = {"@id": safe_iri(resource.subject), "@type": resource.types}
        for predicate, value in resource.statements:
            node.setdefault(predicate, []).append(_jsonld_value(value))
        nodes.append(node)
    document = {"@context": PREFIXES, "@graph": nodes}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _jsonld_value(value: IRI | Text) -> dict:
    if isinstance(value, IRI):
        return {"@id": safe_iri(value.value)}
    return {"@value": value.value, "@language": value.language} if value.language else {"@value": value.value}


# --- Turtle -----------------------------------------------------------------------------------

def turtle(resources: list[Resource]) -> bytes:
    lines = [f"@prefix {prefix}: {_iri(namespace)} ." for prefix, namespace in PREFIXES.items()]
    for resource in resources:
        lines += ["", f"{_iri(resource.subject)} a {', '.join(resource.types)}"]
        lines += [f"    ; {predicate} {_term(value)}" for predicate, value in resource.statements]
        lines[-1] += " ."
    return ("\n".join(lines) + "\n").encode("utf-8")


_TEXT_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t",
                 ord("\b"): "\\b", ord("\f"): "\\f"}


def _iri(value: str) -> str:
    return "<" + safe_iri(value) + ">"


def _term(value: IRI | Text) -> str:
    if isinstance(value, IRI):
        return _iri(value.value)
    # Other control characters as \u escapes: a string literal may hold them, but not every reader agrees.
    text = value.value.translate(_TEXT_ESCAPES)
    text = "".join(f"\\u{ord(c):04X}" if ord(c) < 0x20 or ord(c) == 0x7F else c for c in text)
    return f'"{text}"' + (f"@{value.language}" if value.language else "")
