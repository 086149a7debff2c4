"""The cost distribution's registers as open data (opendata/registry.py): the built-in price models
and the register of paying organisations.

The rows hold what the public cost pages show, no more: the organisations' full-time equivalents
and whether they keep accounts are used by the models but shown on no page, so they are left out;
a model's source is its public reference (core/provenance.cite), never the transcription note.
"""
from decimal import Decimal
from fractions import Fraction

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from radsmodell.core.exports import BOOLEAN, INTEGER, PERCENT, Column
from radsmodell.core.numbers import number
from radsmodell.core.provenance import cite
from radsmodell.opendata.registry import ANNUAL, Dataset, register

from . import engine, services
from .builtin import BUILTIN_MODELS
from .models import PayingOrganisation

# --- prismodeller: one row per model, period and step ---------------------------------------------

SEGMENT_KEYS = {"rhf": "rhf", "kommune": "municipalities", "ovrige": "others"}

PRICE_MODEL_COLUMNS = [
    Column("model", _("Prismodell (kortnavn)"), description=_("Prismodellens navn i konsoll og API.")),
    Column("name", _("Prismodell"), description=_("Prismodellens navn.")),
    Column("solution", _("Løsning"), description=_("Den nasjonale e-helseløsningen modellen fordeler kostnadene for.")),
    Column("solution_slug", _("Løsning (kortnavn)"),
           description=_("Løsningens kortnavn i porteføljen; tomt når løsningen ikke er registrert der.")),
    Column("first_year", _("Gjelder fra år"), INTEGER, description=_("Det første året perioden gjelder.")),
    Column("last_year", _("Gjelder til år"), INTEGER,
           description=_("Det siste året perioden gjelder; tomt når den gjelder inntil videre.")),
    Column("step", _("Trinn"), description=_("Trinnets navn, f.eks. med eller uten rettslig grunnlag for private.")),
    Column("legal_basis_private", _("Med rettslig grunnlag for private"), BOOLEAN,
           description=_("Ja for trinnet som gjelder når det finnes rettslig grunnlag for å ta betalt fra private.")),
    *[column for segment, key in SEGMENT_KEYS.items() for column in (
        Column(f"share_{key}", _("Andel %(segment)s") % {"segment": engine.SEGMENT_LABELS[segment].lower()},
               PERCENT, 1, _("Andelen av kostnaden segmentet %(segment)s betaler; 0 når segmentet ikke betaler.")
               % {"segment": engine.SEGMENT_LABELS[segment].lower()}),
        Column(f"key_{key}", _("Fordeling %(segment)s") % {"segment": engine.SEGMENT_LABELS[segment].lower()},
               description=_("Hvordan segmentets andel fordeles mellom virksomhetene, med priskategoriene.")),
    )],
    Column("turnover_limits", _("Omsetningsgrenser"),
           description=_("De nedre omsetningsgrensene til priskategoriene, og om grensen selv hører til kategorien.")),
    Column("chain_min_locations", _("Kjede fra antall lokasjoner"), INTEGER,
           description=_("Antall lokasjoner som gjør en virksomhet til en kjede som betaler per lokasjon.")),
    Column("assumed_parameters", _("Antatte verdier"), INTEGER,
           description=_("Hvor mange av modellens parametere som er antatt og ikke hentet fra kildene.")),
    Column("description", _("Beskrivelse"), description=_("Modellens beskrivelse.")),
    Column("source", _("Kilde"), description=_("Dokumentet modellen er hentet fra.")),
]


@translation.override("nb")
def price_model_rows() -> list[list]:
    rows = []
    for model in BUILTIN_MODELS.values():
        solution = services.solution_of(model.slug)
        about = [model.slug, model.name, model.solution, solution.slug if solution else ""]
        assumed = sum(1 for p in model.parameters() if p.assumption)
        for period in model.periods:
            steps = [(period.step, False)] + ([(period.legal_basis_step, True)] if period.legal_basis_step else [])
            rows += [[*about, period.first_year, period.last_year, step.label, legal_basis, *_segments(step),
                      "; ".join(filter(None, (_limits(rule.key) for rule in step.segments))),
                      min((rule.key.chain.min_locations.value for rule in step.segments if rule.key.chain),
                          default=None),
                      assumed, model.description.strip(), cite(model.source)]
                     for step, legal_basis in steps]
    return rows


def _segments(step: engine.Step) -> list:
    """Each segment's share and key; a segment the step leaves out pays nothing."""
    values = []
    for segment in SEGMENT_KEYS:
        rule = step.rule(segment)
        values += [_percent(rule.share.value), _key_text(rule.key)] if rule else [Decimal(0), ""]
    return values


def _percent(share: Fraction) -> Decimal:
    """An exact share as a number of percent: 1/3 → 33.333…, 99/200 → 49.5."""
    return (Decimal(share.numerator) * 100 / Decimal(share.denominator)).normalize()


def _key_text(key: engine.Key) -> str:
    """"etter priskategori: A, B, C, kjede, unntak", as the price model's page words it."""
    codes = [c.code for c in key.categories] + [rule.code for rule in (key.chain, key.other_industry) if rule]
    return gettext(engine.KEY_KINDS[key.kind]) + (": " + ", ".join(codes) if codes else "")


def _limits(key: engine.Key) -> str:
    """"B over 15 000 000 kr, C over 40 000 000 kr": each category's lower limit, "fra" when the limit
    itself belongs to the category."""
    return ", ".join(
        f"{c.code} {gettext('fra') if c.includes_min.value else gettext('over')} "
        f"{number(c.min_turnover_nok.value).replace(chr(160), ' ')} kr"
        for c in key.categories if c.min_turnover_nok is not None)


# --- organisasjoner: the register of paying organisations, every year -----------------------------

ORGANISATION_COLUMNS = [
    Column("year", _("År"), INTEGER, description=_("Året registeret gjelder; registeret føres per år.")),
    Column("org_number", _("Organisasjonsnummer"),
           description=_("Organisasjonsnummeret i Enhetsregisteret, ni siffer.")),
    Column("name", _("Navn"), description=_("Virksomhetens navn.")),
    Column("kind", _("Type (kode)"), description=_("Virksomhetstypen som kode, f.eks. rhf, kommune, privat, apotek.")),
    Column("kind_name", _("Type"), description=_("Virksomhetstypen i ord.")),
    Column("segment", _("Segment (kode)"), description=_("Segmentet som kode: rhf, kommune eller ovrige.")),
    Column("segment_name", _("Segment"),
           description=_("Segmentet virksomheten betaler i: regionale helseforetak, kommuner eller øvrige aktører.")),
    Column("turnover_nok", _("Omsetning (kr)"), INTEGER,
           description=_("Omsetningen i hele kroner, som gir priskategorien; tomt når den ikke er oppgitt.")),
    Column("locations", _("Lokasjoner"), INTEGER,
           description=_("Antall lokasjoner eller behandlingssteder, som avgjør om virksomheten er en kjede.")),
    Column("population", _("Innbyggere"), INTEGER,
           description=_("Innbyggertallet til en kommune, som fordeler kommunenes andel; tomt ellers.")),
    Column("nace", _("Næringskode (NACE)"), description=_("Næringskoden som viser om omsetningen er fra helse.")),
    Column("chain", _("Kjede"), description=_("Kjeden virksomheten hører til; tomt når den ikke hører til en.")),
]


@translation.override("nb")
def organisation_rows() -> list[list]:
    segments = {key: gettext(label) for key, label in engine.SEGMENT_LABELS.items()}
    return [[o.year, o.org_number, o.name, o.kind, engine.KINDS.get(o.kind, o.kind), o.segment,
             segments.get(o.segment, o.segment), o.turnover_nok, o.locations, o.population, o.nace, o.chain]
            for o in PayingOrganisation.objects.order_by("-year", "segment", "name")]


register(Dataset(
    "prismodeller", _("Prismodeller for nasjonale e-helseløsninger"),
    _("Prismodellene som fordeler driftskostnadene til de nasjonale e-helseløsningene: én rad per modell, "
      "periode og trinn, med segmentenes andeler, fordelingsnøklene og omsetningsgrensene."),
    PRICE_MODEL_COLUMNS, price_model_rows, page="costs:price_models", frequency=ANNUAL,
    keywords=(_("kostnadsfordeling"), _("prismodell")), order=60))
register(Dataset(
    "organisasjoner", _("Betalende virksomheter"),
    _("Registeret over virksomhetene som betaler for de nasjonale e-helseløsningene, per år: "
      "organisasjonsnummer, navn, type, segment og tallene prismodellene bruker."),
    ORGANISATION_COLUMNS, organisation_rows, page="costs:organisations", frequency=ANNUAL,
    keywords=(_("kostnadsfordeling"), _("betalende virksomheter")), order=61))
