"""The strategy's registers as open data (opendata/registry.py): the goals with their sub-goals,
the roadmap, the indicator catalogue and the indicators' observations.

The rows hold what the public strategy pages show, no more: every source is the public reference
(core/provenance.cite), never the secretariat's transcription note, and a sub-goal that no page
shows (one the source places under no goal and no activity names) is left out. The files are
written in Norwegian whatever the reader's language, as the pages' documents are.
"""
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from radsmodell.core.exports import BOOLEAN, DATE, DECIMAL, INTEGER, Column
from radsmodell.core.provenance import cite
from radsmodell.opendata.registry import ANNUAL, IRREGULAR, MONTHLY, Dataset, register

from . import engine, selectors
from .models import Goal, Observation, RoadmapVersion, SubGoal
from .texts import STATUS_NAMES

DECIMALS = 1  # the pages show indicator values with one decimal ("12,1 %")


def _exact(value) -> Decimal | None:
    """A stored decimal without the zeros its column pads it with (12.1000 → 12.1)."""
    if value is None:
        return None
    return Decimal(value).normalize()


def _status_code(status: str) -> str:
    """The indicator status as the API names it ("bak" → "behind")."""
    return engine.Status(status).name.lower()


# --- mal: the goals and their sub-goals ---------------------------------------------------------

GOAL_COLUMNS = [
    Column("level", _("Nivå"), description=_("Strategisk mål, overordnet mål eller delmål.")),
    Column("goal", _("Mål (kortnavn)"),
           description=_("Målets kortnavn i adressen; for et delmål målet det hører til.")),
    Column("number", _("Nummer"), INTEGER, description=_("Målets nummer innenfor nivået; tomt for delmål.")),
    Column("code", _("Delmålskode"), description=_("Delmålets kode, f.eks. 1.1; tomt for mål.")),
    Column("year", _("År"), INTEGER, description=_("Året delmålet gjelder for; tomt for mål.")),
    Column("parent", _("Hører til"), description=_("For et delmål: målet det hører til, med nummer og navn.")),
    Column("name", _("Mål eller delmål"), description=_("Målets navn eller delmålets tekst.")),
    Column("description", _("Beskrivelse"), description=_("Målets beskrivelse i strategien.")),
    Column("status", _("Status"), description=_("For et delmål: vedtatt eller foreslått.")),
    Column("indicators", _("Indikatorer"), INTEGER, description=_("Hvor mange indikatorer som måler målet.")),
    Column("on_track", _("På rett vei"), INTEGER, description=_("Målets indikatorer som er på rett vei.")),
    Column("behind", _("Bak planen"), INTEGER, description=_("Målets indikatorer som er bak planen.")),
    Column("unclear_ambition", _("Kan ikke vurderes (uklar ambisjon)"), INTEGER,
           description=_("Målets indikatorer med en ambisjon som ikke sier hvilket område den gjelder.")),
    Column("no_ambition", _("Uten ambisjon"), INTEGER, description=_("Målets indikatorer uten ambisjon.")),
    Column("not_measurable", _("Ikke målbar ennå"), INTEGER,
           description=_("Målets indikatorer som ikke har målinger ennå.")),
    Column("source", _("Kilde"), description=_("Dokumentet målet eller delmålet er hentet fra.")),
    Column("assumption", _("Antakelse"),
           description=_("Hvorfor delmålets status eller plassering er antatt; tomt når kilden sier det.")),
]


@translation.override("nb")
def goal_rows() -> list[list]:
    shown = SubGoal.objects.filter(Q(goal__isnull=False) | Q(activities__isnull=False)).distinct()
    goals = list(selectors.goals_with_counts().prefetch_related(
        Prefetch("subgoals", queryset=shown.order_by("year", "code"), to_attr="shown_subgoals")))
    rows = []
    for g in goals:
        rows.append([g.get_level_display(), g.slug, g.number, "", None, "", g.name, g.description, "",
                     g.n_indicators, g.n_on_track, g.n_behind, g.n_unclear_ambition, g.n_no_ambition,
                     g.n_not_measurable, cite(g.source), ""])
        rows += [_subgoal_row(s, g) for s in g.shown_subgoals]
    # A sub-goal outside every goal shows on the roadmap only, through an activity that names it.
    rows += [_subgoal_row(s, None) for s in shown.filter(goal__isnull=True).order_by("year", "code")]
    return rows


def _subgoal_row(s: SubGoal, goal: Goal | None) -> list:
    return [gettext("Delmål"), goal.slug if goal else "", None, s.code, s.year, goal.label if goal else "", s.text,
            "", s.get_status_display(), None, None, None, None, None, None, cite(s.source), s.assumption]


# --- veikart: the roadmap, every version ----------------------------------------------------------

ROADMAP_COLUMNS = [
    Column("version", _("Versjon (nøkkel)"), description=_("Veikartversjonens nøkkel, f.eks. 2025-q3.")),
    Column("version_name", _("Versjon"), description=_("Veikartversjonens navn.")),
    Column("published", _("Publisert"), DATE,
           description=_("Datoen versjonen ble publisert; tomt når den ikke er oppgitt.")),
    Column("current", _("Gjeldende versjon"), BOOLEAN, description=_("Ja for den nyeste versjonen av veikartet.")),
    Column("activity", _("Aktivitet (nøkkel)"),
           description=_("Aktivitetens nøkkel, som følger aktiviteten på tvers av versjoner.")),
    Column("name", _("Aktivitet"), description=_("Hva som skal gjøres.")),
    Column("goal_number", _("Målnummer"), INTEGER, description=_("Nummeret på målet aktiviteten hører til.")),
    Column("goal", _("Mål"), description=_("Målet aktiviteten hører til.")),
    Column("subgoal_code", _("Delmålskode"), description=_("Koden til delmålet aktiviteten hører til.")),
    Column("subgoal", _("Delmål"), description=_("Teksten til delmålet aktiviteten hører til.")),
    Column("owner", _("Ansvarlig"), description=_("Hvem som har ansvaret for aktiviteten.")),
    Column("horizon", _("Horisont"), description=_("Når aktiviteten skal skje: kort, mellomlang eller lang sikt.")),
    Column("status", _("Status"), description=_("Aktivitetens status slik veikartet ordlegger den, f.eks. pågår.")),
    Column("initiatives", _("Tiltak i porteføljen"),
           description=_("Tiltakene i porteføljen som aktiviteten gjennomføres i, skilt med semikolon.")),
    Column("source", _("Kilde"), description=_("Dokumentet aktiviteten er hentet fra.")),
    Column("assumption", _("Antakelse"),
           description=_("Hvorfor aktivitetens mål, delmål, status eller plass er antatt; tomt når kilden sier det.")),
]


@translation.override("nb")
def roadmap_rows() -> list[list]:
    versions = list(RoadmapVersion.objects.all())  # in the order the roadmap page lists them
    current = versions[-1] if versions else None
    rows = []
    for version in versions:
        for a in selectors.roadmap_activities(version):
            rows.append([version.key, version.name, version.published, version == current, a.key, a.name,
                         a.goal.number if a.goal else None, a.goal.label if a.goal else "",
                         a.subgoal.code if a.subgoal else "", a.subgoal.text if a.subgoal else "", a.owner,
                         a.get_horizon_display(), a.status, "; ".join(i.name for i in a.initiatives.all()),
                         cite(a.source), a.assumption])
    return rows


# --- indikatorer: the indicator catalogue ---------------------------------------------------------

INDICATOR_COLUMNS = [
    Column("indicator", _("Indikator (kortnavn)"), description=_("Indikatorens kortnavn i adressen.")),
    Column("code", _("Kode"), description=_("Indikatorens kode i indikatorsettet; tomt når den ikke har en.")),
    Column("name", _("Indikator"), description=_("Indikatorens navn.")),
    Column("goals", _("Mål"), description=_("Målene indikatoren måler, skilt med semikolon.")),
    Column("goal_slugs", _("Mål (kortnavn)"), description=_("Kortnavnene til målene, skilt med semikolon.")),
    Column("kind", _("Type"), description=_("Struktur, prosess eller resultat/effekt.")),
    Column("readiness", _("Modenhet"), description=_("Klar, under arbeid eller fremtidig.")),
    Column("frequency", _("Oppdatering"), description=_("Hvor ofte indikatoren får nye verdier.")),
    Column("unit", _("Enhet"), description=_("Enheten verdiene er oppgitt i, f.eks. prosent.")),
    Column("higher_is_better", _("Høyere er bedre"), BOOLEAN,
           description=_("Ja når en høyere verdi er bedre, nei når en lavere verdi er bedre.")),
    Column("data_source", _("Datakilde"), description=_("Hvor tallene kommer fra.")),
    Column("area", _("Hovedområde"), description=_("Området status vurderes for.")),
    Column("baseline_period", _("Utgangspunkt (periode)"), description=_("Perioden for utgangspunktet.")),
    Column("baseline_value", _("Utgangspunkt"), DECIMAL, DECIMALS, description=_("Verdien ved utgangspunktet.")),
    Column("ambition", _("Ambisjon for målåret"), DECIMAL, DECIMALS,
           description=_("Ambisjonen for strategiens målår; tomt når den ikke er satt.")),
    Column("latest_period", _("Siste periode"), description=_("Perioden for siste verdi: år, kvartal eller måned.")),
    Column("latest_value", _("Siste verdi"), DECIMAL, DECIMALS, description=_("Siste verdi i hovedområdet.")),
    Column("target_year", _("Vurdert mot år"), INTEGER, description=_("Året for ambisjonen siste verdi vurderes mot.")),
    Column("target_value", _("Vurdert mot ambisjon"), DECIMAL, DECIMALS,
           description=_("Ambisjonen siste verdi vurderes mot.")),
    Column("expected_value", _("Forventet verdi"), DECIMAL, DECIMALS,
           description=_("Der den rette linjen fra utgangspunktet til ambisjonen er ved siste periode.")),
    Column("status", _("Status (kode)"),
           description=_("Vurderingen som kode: on_track, behind, unclear_ambition, no_ambition eller "
                         "not_measurable.")),
    Column("status_name", _("Status"), description=_("Vurderingen i ord, slik sidene viser den.")),
    Column("assessment_period", _("Siste vurdering (periode)"),
           description=_("Perioden for sekretariatets siste skriftlige vurdering.")),
    Column("assessment", _("Siste vurdering"), description=_("Sekretariatets siste skriftlige vurdering.")),
    Column("definition", _("Definisjon"), description=_("Hva indikatoren måler.")),
    Column("source", _("Kilde"), description=_("Dokumentet indikatoren er hentet fra.")),
]


@translation.override("nb")
def indicator_rows() -> list[list]:
    rows = []
    for i in selectors.indicators().prefetch_related("assessments"):
        goals = list(i.goals.all())
        latest = next(iter(i.assessments.all()), None)  # newest first, as the indicator page lists them
        rows.append([
            i.slug, i.code, i.name, "; ".join(g.label for g in goals), "; ".join(g.slug for g in goals),
            i.get_kind_display(), i.get_readiness_display(), i.get_frequency_display(), i.unit, i.higher_is_better,
            i.data_source, i.primary_area.name if i.primary_area else "", i.baseline_period,
            _exact(i.baseline_value), _exact(i.ambition), i.latest_period, _exact(i.latest_value), i.target_year,
            _exact(i.target_value), _exact(i.expected_value), _status_code(i.status),
            str(STATUS_NAMES[engine.Status(i.status)]), latest.period if latest else "", latest.text if latest else "",
            i.definition, cite(i.source)])
    return rows


# --- observasjoner: every value of every series ----------------------------------------------------

OBSERVATION_COLUMNS = [
    Column("indicator", _("Indikator (kortnavn)"), description=_("Indikatorens kortnavn i adressen.")),
    Column("indicator_name", _("Indikator"), description=_("Indikatorens navn.")),
    Column("area", _("Område (kortnavn)"), description=_("Kortnavnet til området verdien gjelder.")),
    Column("area_name", _("Område"), description=_("Området verdien gjelder, f.eks. Norge.")),
    Column("measure", _("Måltall"), description=_("Måltallet når indikatoren har flere for samme område.")),
    Column("period", _("Periode"), description=_("År (2024), kvartal (2024-Q3) eller måned (2024-07).")),
    Column("period_start", _("Periodens første dag"), DATE, description=_("Den første dagen i perioden.")),
    Column("value", _("Verdi"), DECIMAL, DECIMALS,
           description=_("Verdien, eller teller delt på nevner i prosent når bare de er oppgitt.")),
    Column("unit", _("Enhet"), description=_("Enheten verdien er oppgitt i, f.eks. prosent.")),
    Column("numerator", _("Teller"), INTEGER, description=_("Telleren når den er oppgitt.")),
    Column("denominator", _("Nevner"), INTEGER, description=_("Nevneren når den er oppgitt.")),
    Column("data_source", _("Datakilde"), description=_("Hvor tallene kommer fra.")),
    Column("note", _("Merknad"), description=_("Merknad til verdien.")),
    Column("assumption", _("Antakelse"),
           description=_("Hvorfor verdien, perioden eller området er antatt; tomt når kilden sier det.")),
]


def observation_rows(indicator=None) -> list[list]:
    """Every observation, or only those of `indicator` (its own page offers them as files too)."""
    found = Observation.objects.select_related("indicator", "area")
    if indicator is not None:
        found = found.filter(indicator=indicator)
    rows = []
    for o in found.order_by("indicator__name", "indicator_id", "area_id", "measure", "period_start"):
        value = _exact(o.value) if o.value is not None else _share(o.numerator, o.denominator)
        rows.append([o.indicator.slug, o.indicator.name, o.area.slug, o.area.name, o.measure, o.period,
                     o.period_start, value, o.indicator.unit, o.numerator, o.denominator, o.indicator.data_source,
                     o.note, o.assumption])
    return rows


def _share(numerator, denominator) -> Decimal | None:
    """Numerator over denominator in percent, to the four decimals a stated value is kept with."""
    share = engine.share(None, numerator, denominator)
    return None if share is None else _exact(share.quantize(Decimal("0.0001")))


register(Dataset(
    "mal", _("Mål i e-helsestrategien"),
    _("De strategiske og overordnede målene i nasjonal e-helsestrategi med delmålene per år, og hvor mange av "
      "hvert måls indikatorer som er på rett vei, bak planen eller ikke kan vurderes."),
    GOAL_COLUMNS, goal_rows, page="strategy:dashboard", frequency=ANNUAL,
    keywords=(_("e-helsestrategi"), _("mål"), _("delmål")), order=50))
register(Dataset(
    "veikart", _("Veikart for e-helsestrategien"),
    _("Aktivitetene i hver versjon av veikartet for nasjonal e-helsestrategi: hva, under hvilket mål, når, "
      "hvem som er ansvarlig og status."),
    ROADMAP_COLUMNS, roadmap_rows, page="strategy:roadmap", frequency=IRREGULAR,
    keywords=(_("e-helsestrategi"), _("veikart")), order=51))
register(Dataset(
    "indikatorer", _("Indikatorkatalogen"),
    _("De strategiske indikatorene med mål, enhet, datakilde, ambisjon, siste verdi og vurderingen av om "
      "utviklingen er på rett vei."),
    INDICATOR_COLUMNS, indicator_rows, page="strategy:indicators", frequency=MONTHLY,
    keywords=(_("e-helsestrategi"), _("indikatorer"), _("måloppnåelse")), order=52))
register(Dataset(
    "observasjoner", _("Målinger av indikatorene"),
    _("Hver verdi i indikatorenes tidsserier: indikator, område, periode og verdi, med merknader i egne kolonner."),
    OBSERVATION_COLUMNS, observation_rows, page="strategy:indicators", frequency=MONTHLY,
    keywords=(_("e-helsestrategi"), _("indikatorer"), _("tidsserier")), order=53))
