"""The national e-health strategy as the realisation plan follows it: goals and yearly sub-goals,
the versioned roadmap, and the strategic indicators with their time series."""
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import engine
from .texts import STATUS_NAMES

ASSUMPTION_HELP = _("Hvorfor verdien er antatt og ikke hentet fra en kilde. Tom når kilden sier det.")


def assumption_field(verbose_name=None, help_text=None):
    """The reason a value is inferred rather than read (core/provenance.py); blank when a source says it."""
    return models.CharField(verbose_name or _("antakelse"), max_length=400, blank=True,
                            help_text=help_text or ASSUMPTION_HELP)


class Strategy(models.Model):
    """The strategy itself (one row): its vision and the year goals are measured against."""
    name = models.CharField(_("navn"), max_length=200)
    vision = models.TextField(_("visjon"))
    period_start = models.PositiveSmallIntegerField(_("gjelder fra"))
    target_year = models.PositiveSmallIntegerField(_("målår"))
    source = models.CharField(_("kilde"), max_length=400, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("strategi")
        verbose_name_plural = _("strategier")

    def __str__(self):
        return self.name


class Goal(models.Model):
    class Level(models.TextChoices):
        OVERARCHING = "overordnet", _("Overordnet mål")
        STRATEGIC = "strategisk", _("Strategisk mål")

    level = models.CharField(_("nivå"), max_length=12, choices=Level.choices)
    number = models.PositiveSmallIntegerField(_("nummer"))
    slug = models.SlugField(_("kortnavn i adressen"), unique=True)
    name = models.CharField(_("navn"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    source = models.CharField(_("kilde"), max_length=400, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-level", "number"]  # the five strategic goals first, then the overarching ones
        constraints = [models.UniqueConstraint(fields=["level", "number"], name="goal_number_per_level")]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return goal_label(self.level, self.number, self.name)

    def get_absolute_url(self):
        return reverse("strategy:goal", args=[self.slug])


def goal_label(level: str, number: int, name: str) -> str:
    """"Mål 2: Enklere arbeidshverdag" for a strategic goal; an overarching goal has only its name."""
    if level != Goal.Level.STRATEGIC:
        return name
    return gettext("Mål %(number)s: %(name)s") % {"number": number, "name": name}


class SubGoal(models.Model):
    class Status(models.TextChoices):
        ADOPTED = "vedtatt", _("Vedtatt")
        PROPOSED = "foreslått", _("Foreslått")

    goal = models.ForeignKey(Goal, verbose_name=_("mål"), null=True, blank=True, related_name="subgoals",
                             on_delete=models.PROTECT,
                             help_text=_("Tomt når kilden ikke sier hvilket mål delmålet hører til."))
    code = models.CharField(_("kode"), max_length=10)
    year = models.PositiveSmallIntegerField(_("år"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    text = models.TextField(_("delmål"))
    source = models.CharField(_("kilde"), max_length=400, blank=True)
    assumption = assumption_field(help_text=_("Hvorfor statusen eller plasseringen under målet er antatt og ikke "
                                              "hentet fra en kilde. Tom når kilden sier det."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "code"]
        constraints = [models.UniqueConstraint(fields=["year", "code"], name="subgoal_code_per_year")]
        verbose_name = _("delmål")
        verbose_name_plural = _("delmål")

    def __str__(self):
        return f"{self.code} ({self.year}) {self.text}"


class RoadmapVersion(models.Model):
    key = models.SlugField(_("nøkkel"), unique=True)
    name = models.CharField(_("navn"), max_length=300)
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    published = models.DateField(_("publisert"), null=True, blank=True)
    note = models.TextField(_("merknad"), blank=True)
    source = models.CharField(_("kilde"), max_length=400, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("veikartversjon")
        verbose_name_plural = _("veikartversjoner")

    def __str__(self):
        return self.name


class Activity(models.Model):
    """One activity of one roadmap version; `key` follows the same activity across versions."""

    class Horizon(models.TextChoices):
        SHORT = "kort", _("Kort sikt (2026)")
        MEDIUM = "mellomlang", _("Mellomlang sikt (til 2028)")
        LONG = "lang", _("Lang sikt (2028–2030)")

    version = models.ForeignKey(RoadmapVersion, verbose_name=_("versjon"), related_name="activities",
                                on_delete=models.CASCADE)
    key = models.SlugField(_("nøkkel"))
    name = models.CharField(_("navn"), max_length=300)
    goal = models.ForeignKey(Goal, verbose_name=_("mål"), null=True, blank=True, related_name="activities",
                             on_delete=models.PROTECT)
    subgoal = models.ForeignKey(SubGoal, verbose_name=_("delmål"), null=True, blank=True, related_name="activities",
                                on_delete=models.SET_NULL)
    owner = models.CharField(_("ansvarlig"), max_length=200, blank=True)
    horizon = models.CharField(_("horisont"), max_length=12, choices=Horizon.choices, blank=True)
    status = models.CharField(_("status"), max_length=60, blank=True,
                              help_text=_("F.eks. pågår, planlagt, satt på vent."))
    initiatives = models.ManyToManyField("portfolio.Initiative", verbose_name=_("tiltak i porteføljen"), blank=True,
                                         related_name="roadmap_activities")
    source = models.CharField(_("kilde"), max_length=400, blank=True)
    assumption = assumption_field(help_text=_("Hvorfor aktivitetens plassering (mål, delmål), status eller plass "
                                              "i versjonen er antatt og ikke hentet fra en kilde. Tom når kilden "
                                              "sier det."))
    history = HistoricalRecords(m2m_fields=["initiatives"])  # chosen in the activity form

    class Meta:
        ordering = ["version", "goal__number", "name"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="activity_key_per_version")]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")

    def __str__(self):
        return self.name

    @property
    def on_hold(self) -> bool:
        return self.status.strip().lower() == "satt på vent"


class RoadmapChange(models.Model):
    class Kind(models.TextChoices):
        NEW = "ny", _("Ny")
        RENAMED = "omdøpt", _("Nytt navn")
        REGROUPED = "omgruppert", _("Omgruppert")
        ON_HOLD = "satt_på_vent", _("Satt på vent")
        REMOVED = "fjernet", _("Fjernet")

    version = models.ForeignKey(RoadmapVersion, verbose_name=_("versjon"), related_name="changes",
                                on_delete=models.CASCADE)
    kind = models.CharField(_("endring"), max_length=14, choices=Kind.choices)
    activity_key = models.SlugField(_("aktivitet"), blank=True)
    goal = models.ForeignKey(Goal, verbose_name=_("mål"), null=True, blank=True, on_delete=models.PROTECT)
    text = models.TextField(_("beskrivelse"))
    source = models.CharField(_("kilde"), max_length=400, blank=True)
    assumption = assumption_field()

    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "id"]
        verbose_name = _("endring i veikartet")
        verbose_name_plural = _("endringer i veikartet")


class Area(models.Model):
    """A geographic area a series is measured for (Norge, Bergensområdet, Helse Nord, …)."""
    slug = models.SlugField(_("kortnavn i adressen"), unique=True)
    name = models.CharField(_("navn"), max_length=120)

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("område")
        verbose_name_plural = _("områder")

    def __str__(self):
        return self.name


class Indicator(models.Model):
    class Kind(models.TextChoices):
        STRUCTURE = "struktur", _("Struktur")
        PROCESS = "prosess", _("Prosess")
        OUTCOME = "resultat", _("Resultat/effekt")

    class Readiness(models.TextChoices):
        READY = "klar", _("Klar")
        IN_PROGRESS = "under_arbeid", _("Under arbeid")
        FUTURE = "fremtidig", _("Fremtidig")

    class Frequency(models.TextChoices):
        CONTINUOUS = "løpende", _("Løpende")
        MONTHLY = "månedlig", _("Månedlig")
        QUARTERLY = "kvartalsvis", _("Kvartalsvis")
        YEARLY = "årlig", _("Årlig")

    slug = models.SlugField(_("kortnavn i adressen"), unique=True)
    code = models.CharField(_("kode"), max_length=20, blank=True)
    name = models.CharField(_("navn"), max_length=300)
    goals = models.ManyToManyField(Goal, verbose_name=_("mål"), related_name="indicators")
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, blank=True)
    readiness = models.CharField(_("modenhet"), max_length=14, choices=Readiness.choices, blank=True)
    readiness_assumption = assumption_field(_("antakelse om modenhet"))
    ready_from = models.PositiveSmallIntegerField(_("rapporteres tidligst"), null=True, blank=True)
    definition = models.TextField(_("definisjon"), blank=True)
    data_source = models.CharField(_("datakilde"), max_length=300, blank=True)
    frequency = models.CharField(_("oppdatering"), max_length=12, choices=Frequency.choices, blank=True)
    quarterly_as_mean_of_months = models.BooleanField(_("kvartalsverdi = snittet av månedene"), default=False)
    unit = models.CharField(_("enhet"), max_length=40, default="prosent")
    higher_is_better = models.BooleanField(_("høyere er bedre"), default=True)
    baseline_period = models.CharField(_("utgangspunkt (periode)"), max_length=10, blank=True)
    baseline_value = models.DecimalField(_("utgangspunkt (verdi)"), max_digits=14, decimal_places=4, null=True,
                                         blank=True)
    baseline_assumption = assumption_field(_("antakelse om utgangspunktet"))
    ambition = models.DecimalField(_("ambisjon for målåret"), max_digits=14, decimal_places=4, null=True, blank=True,
                                   help_text=_("Tomt når ambisjonen ikke er satt."))
    break_notes = models.TextField(_("brudd i serien"), blank=True)
    notes = models.TextField(_("merknader"), blank=True)
    primary_area = models.ForeignKey(Area, verbose_name=_("hovedområde"), null=True, blank=True,
                                     on_delete=models.SET_NULL, help_text=_("Området status vurderes for."))
    activity_keys = models.JSONField(_("aktiviteter i veikartet"), default=list, blank=True)
    # The initiatives an indicator measures are links (core/links.py), with every other connection.
    assumption = assumption_field(help_text=_("Hvorfor plasseringen under målene er antatt og ikke hentet fra en "
                                              "kilde. Tom når kilden sier det."))
    source = models.CharField(_("kilde"), max_length=1000, blank=True,
                              help_text=_("Dokumentet indikatoren er hentet fra; transkripsjonsnotater vises bare "
                                          "for sekretariatet."))
    # Kept up to date by services.refresh_status so the dashboard never reads the series.
    status = models.CharField(_("status"), max_length=14, choices=[(s.value, name) for s, name in STATUS_NAMES.items()],
                              default=engine.Status.NOT_MEASURABLE.value)
    latest_period = models.CharField(_("siste periode"), max_length=10, blank=True)
    latest_value = models.DecimalField(_("siste verdi"), max_digits=14, decimal_places=4, null=True, blank=True)
    latest_assumption = assumption_field(_("antakelse om siste verdi"),
                                         _("Hvorfor siste verdi (periode, område) er antatt; fra målingene."))
    previous_value = models.DecimalField(_("forrige verdi"), max_digits=14, decimal_places=4, null=True, blank=True)
    expected_value = models.DecimalField(_("forventet verdi"), max_digits=14, decimal_places=4, null=True,
                                         blank=True)
    target_year = models.PositiveSmallIntegerField(_("vurdert mot år"), null=True, blank=True)
    target_value = models.DecimalField(_("vurdert mot ambisjon"), max_digits=14, decimal_places=4, null=True,
                                       blank=True)
    history = HistoricalRecords(excluded_fields=["status", "latest_period", "latest_value", "latest_assumption",
                                                 "previous_value",
                                                 "expected_value", "target_year", "target_value"],
                                m2m_fields=["goals"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("strategy:indicator", args=[self.slug])

    @property
    def is_percent(self) -> bool:
        return self.unit == "prosent"

    @property
    def gap(self):
        """How far the latest value is from the target (positive = still to go)."""
        if self.latest_value is None or self.target_value is None:
            return None
        return (self.target_value - self.latest_value) * (1 if self.higher_is_better else -1)


class InterimAmbition(models.Model):
    indicator = models.ForeignKey(Indicator, verbose_name=_("indikator"), related_name="interim_ambitions",
                                  on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField(_("år"))
    value = models.DecimalField(_("ambisjon"), max_digits=14, decimal_places=4)
    area = models.ForeignKey(Area, verbose_name=_("område"), null=True, blank=True, on_delete=models.PROTECT,
                             help_text=_("Tomt når kilden ikke sier hvilket område ambisjonen gjelder."))
    source = models.CharField(_("kilde"), max_length=400, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("delambisjon")
        verbose_name_plural = _("delambisjoner")


class Observation(models.Model):
    """One value of one series: an indicator in an area (and measure) for a period.

    The value is either given directly or computed as numerator/denominator; `period` is
    "2024", "2024-Q3" or "2024-07", and `period_start` orders and filters them.
    """
    indicator = models.ForeignKey(Indicator, verbose_name=_("indikator"), related_name="observations",
                                  on_delete=models.CASCADE)
    area = models.ForeignKey(Area, verbose_name=_("område"), related_name="observations", on_delete=models.PROTECT)
    measure = models.CharField(_("måltall"), max_length=300, blank=True,
                               help_text=_("Når en indikator har flere måltall for samme område."))
    period = models.CharField(_("periode"), max_length=10)
    period_start = models.DateField(_("periodens første dag"))
    value = models.DecimalField(_("verdi"), max_digits=14, decimal_places=4, null=True, blank=True)
    numerator = models.BigIntegerField(_("teller"), null=True, blank=True)
    denominator = models.BigIntegerField(_("nevner"), null=True, blank=True)
    change_from_previous = models.DecimalField(_("endring fra forrige"), max_digits=14, decimal_places=4, null=True,
                                               blank=True)
    note = models.CharField(_("merknad"), max_length=400, blank=True)
    assumption = assumption_field(help_text=_("Hvorfor verdien, perioden eller området er antatt og ikke hentet fra "
                                              "en kilde. Tom når kilden sier det."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "area", "measure", "period_start"]
        constraints = [models.UniqueConstraint(fields=["indicator", "area", "measure", "period"],
                                               name="one_value_per_series_and_period")]
        indexes = [models.Index(fields=["indicator", "area", "period_start"])]
        verbose_name = _("observasjon")
        verbose_name_plural = _("observasjoner")

    @property
    def share(self):
        """The value, or numerator/denominator as a percentage when only those are given."""
        return engine.share(self.value, self.numerator, self.denominator)


class Assessment(models.Model):
    indicator = models.ForeignKey(Indicator, verbose_name=_("indikator"), related_name="assessments",
                                  on_delete=models.CASCADE)
    period = models.CharField(_("periode"), max_length=10)
    text = models.TextField(_("vurdering"))
    next_assessment = models.CharField(_("neste vurdering"), max_length=10, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "-period"]
        verbose_name = _("vurdering")
        verbose_name_plural = _("vurderinger")
