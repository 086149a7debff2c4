"""The national e-health portfolio: national solutions, initiatives, reporting rounds and benefits."""
from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .criteria import entry_verdict

INITIATIVE = pgettext_lazy("portefølje", "tiltak")  # "tiltak" is also a risk's mitigation
ASSUMPTION_HELP = _("Hvorfor verdien er antatt og ikke hentet fra en kilde. Tom når kilden sier det.")


def assumption_field(verbose_name=None, help_text=None):
    """The reason a value is inferred rather than read (core/provenance.py); blank when a source says it."""
    return models.CharField(verbose_name or _("antakelse"), max_length=400, blank=True,
                            help_text=help_text or ASSUMPTION_HELP)


class NationalSolution(models.Model):
    slug = models.SlugField(_("navn i nettadressen"), unique=True)
    name = models.CharField(_("navn"), max_length=200)
    short_name = models.CharField(_("kortnavn"), max_length=60, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    included_in = models.ForeignKey("self", verbose_name=_("inngår i"), null=True, blank=True,
                                    related_name="includes", on_delete=models.SET_NULL)
    source = models.CharField(_("kilde"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("nasjonal e-helseløsning")
        verbose_name_plural = _("nasjonale e-helseløsninger")

    def __str__(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return reverse("portfolio:solution", args=[self.slug])


class EpjVendor(models.Model):
    """A supplier of electronic patient record systems that initiatives depend on."""
    slug = models.SlugField(_("navn i nettadressen"), unique=True)
    name = models.CharField(_("navn"), max_length=200)
    systems = models.CharField(_("EPJ-systemer"), max_length=300, blank=True)
    source = models.CharField(_("kilde"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("EPJ-leverandør")
        verbose_name_plural = _("EPJ-leverandører")

    def __str__(self):
        return self.name


class Initiative(models.Model):
    class OwnerType(models.TextChoices):
        RHF = "rhf", _("RHF")
        MUNICIPALITY = "kommune", _("KS/kommune")
        STATE = "state", _("Statlig virksomhet")
        OTHER = "other", _("Annen")

    class Segment(models.TextChoices):
        CO_GOVERNANCE = "samstyre", _("Samstyre")
        DIGITAL_COLLABORATION = "digital-samhandling", _("Digital samhandling")
        COORDINATE = "koordinere", _("Koordinere")
        OBSERVE = "observere", _("Observere")

    class Lifecycle(models.TextChoices):
        NEW = "ny", _("Ny")
        ACTIVE = "aktiv", _("Aktiv")
        PAUSED = "pause", _("På pause")
        COMPLETED = "ferdigstilt", _("Ferdigstilt")

    class Phase(models.TextChoices):
        CONCEPT = "konsept", _("Konsept")
        TRIAL = "utproving", _("Utprøving")
        SUFFICIENT_TRIAL = "tilstrekkelig-utproving", _("Tilstrekkelig utprøving")
        SCALE_OUT = "bredding", _("Bredding")
        OPERATION = "forvaltning", _("Forvaltning")

    slug = models.SlugField(_("navn i nettadressen"), unique=True)
    name = models.CharField(_("navn"), max_length=300)
    short_name = models.CharField(_("kortnavn"), max_length=80, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    owner = models.CharField(_("tiltakseier"), max_length=300, blank=True)
    owner_type = models.CharField(_("eiertype"), max_length=10, choices=OwnerType.choices, blank=True)
    owner_assumption = assumption_field(_("antakelse om eier"), _(
        "Hvorfor tiltakseieren eller eiertypen er antatt og ikke hentet fra en kilde. Tom når kilden sier det."))
    segment = models.CharField(_("segment"), max_length=20, choices=Segment.choices, blank=True)
    lifecycle = models.CharField(_("livsløp"), max_length=12, choices=Lifecycle.choices, blank=True)
    phase = models.CharField(_("fase"), max_length=25, choices=Phase.choices, blank=True)
    phase_assumption = assumption_field(_("antakelse om fase"), _(
        "Hvorfor fasen er antatt og ikke hentet fra en kilde. Tom når kilden sier det."))
    period = models.CharField(_("periode"), max_length=300, blank=True)
    part_of = models.ForeignKey("self", verbose_name=_("del av"), null=True, blank=True, related_name="parts",
                                on_delete=models.SET_NULL)
    national_solutions = models.ManyToManyField(NationalSolution, verbose_name=_("nasjonale e-helseløsninger"),
                                                blank=True, related_name="initiatives")
    depends_on = models.ManyToManyField("self", verbose_name=_("avhenger av"), symmetrical=False, blank=True,
                                        related_name="dependants")
    epj_vendors = models.ManyToManyField(EpjVendor, verbose_name=_("avhenger av EPJ-leverandører"), blank=True,
                                         related_name="initiatives")
    goals = models.JSONField(_("strategiske mål"), default=list, blank=True,
                             help_text=_("Mål 1–5; det første er hovedmålet."))
    investment = models.TextField(_("investering"), blank=True)
    # Entry criteria (None = not answered yet); see criteria.py for the rule.
    criterion_1 = models.BooleanField(_("kriterium 1"), null=True, blank=True)
    criterion_2a = models.BooleanField(_("kriterium 2a"), null=True, blank=True)
    criterion_2b = models.BooleanField(_("kriterium 2b"), null=True, blank=True)
    source = models.CharField(_("kilde"), max_length=300, blank=True)
    # The dependencies are chosen in the initiative form: recorded with the initiative (core/history.py).
    history = HistoricalRecords(m2m_fields=["national_solutions", "depends_on", "epj_vendors"])

    class Meta:
        ordering = ["name"]
        verbose_name = INITIATIVE
        verbose_name_plural = INITIATIVE

    def __str__(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return reverse("portfolio:initiative", args=[self.slug])

    @property
    def entry_verdict(self) -> tuple[bool | None, str]:
        return entry_verdict(self.criterion_1, self.criterion_2a, self.criterion_2b)

    @property
    def main_goal(self) -> int | None:
        return self.goals[0] if self.goals else None


class Mention(models.Model):
    """What a source document says about an initiative, with where it says it."""

    initiative = models.ForeignKey(Initiative, verbose_name=INITIATIVE, related_name="mentions",
                                   on_delete=models.CASCADE)
    source = models.CharField(_("kilde"), max_length=300)
    text = models.TextField(_("tekst"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["initiative", "id"]
        verbose_name = _("omtale")
        verbose_name_plural = _("omtaler")


def newest_round_first(prefix: str = "") -> list:
    """Newest round first: by its reporting deadline, or the day it was opened when it has none."""
    return [Coalesce(f"{prefix}cut_off", f"{prefix}opened").desc(), f"-{prefix}pk"]


NEWEST_ROUND_FIRST = newest_round_first()


class Round(models.Model):
    """A status round (rapportering); the figures the secretariat stated are kept as stated."""

    class Status(models.TextChoices):
        OPEN = "open", _("Åpen for rapportering")
        CLOSED = "closed", _("Avsluttet")

    slug = models.SlugField(_("navn i nettadressen"), unique=True)
    name = models.CharField(_("navn"), max_length=300)
    cut_off = models.DateField(_("rapporteringsfrist"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    assumption = assumption_field(help_text=_(
        "Hvorfor rundens status er antatt og ikke hentet fra en kilde. Tom når kilden sier det."))
    opened = models.DateField(_("opprettet"), default=timezone.localdate, editable=False)
    stated = models.JSONField(_("oppgitte tall"), default=dict, blank=True,
                              help_text=_('Tallene slik porteføljerapporten oppgir dem, f.eks. {"active": 34}.'))
    themes = models.JSONField(_("temaer"), default=list, blank=True)
    notes = models.JSONField(_("merknader"), default=list, blank=True)
    source = models.CharField(_("kilde"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = NEWEST_ROUND_FIRST
        verbose_name = _("statusrunde")
        verbose_name_plural = _("statusrunder")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("portfolio:round", args=[self.slug])


class StatusReport(models.Model):
    class Rag(models.TextChoices):
        GREEN = "green", _("Grønn")
        AMBER = "amber", _("Gul")
        RED = "red", _("Rød")

    class State(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SUBMITTED = "submitted", _("Levert")
        RETURNED = "returned", _("Sendt tilbake")
        ACCEPTED = "accepted", _("Godkjent")

    round = models.ForeignKey(Round, verbose_name=_("statusrunde"), related_name="reports", on_delete=models.CASCADE)
    initiative = models.ForeignKey(Initiative, verbose_name=INITIATIVE, related_name="reports",
                                   on_delete=models.PROTECT)
    overall = models.CharField(_("samlet status"), max_length=6, choices=Rag.choices, blank=True)
    assumption = assumption_field(help_text=_(
        "Hvorfor den samlede statusen er antatt og ikke hentet fra rapporten. Tom når kilden sier det."))
    schedule = models.CharField(_("fremdrift"), max_length=6, choices=Rag.choices, blank=True)
    cost = models.CharField(_("kostnad"), max_length=6, choices=Rag.choices, blank=True)
    scope = models.CharField(_("omfang"), max_length=6, choices=Rag.choices, blank=True)
    risk = models.CharField(_("risiko"), max_length=6, choices=Rag.choices, blank=True)
    text = models.TextField(_("status og endringer"), blank=True)
    milestones = models.TextField(_("neste milepæler"), blank=True)
    state = models.CharField(_("rapportens tilstand"), max_length=10, choices=State.choices, default=State.DRAFT)
    returned_reason = models.TextField(_("grunn til at rapporten ble sendt tilbake"), blank=True)
    # The initiative as it stood when the round closed: a closed round is a frozen snapshot.
    snapshot_lifecycle = models.CharField(_("livsløp da runden ble avsluttet"), max_length=12, blank=True)
    snapshot_segment = models.CharField(_("segment da runden ble avsluttet"), max_length=20, blank=True)
    snapshot_owner_type = models.CharField(_("eiertype da runden ble avsluttet"), max_length=10, blank=True)
    snapshot_solutions = models.JSONField(_("nasjonale løsninger da runden ble avsluttet"), default=list, blank=True)
    snapshot_depends_on = models.JSONField(_("avhengigheter da runden ble avsluttet"), default=list, blank=True)
    snapshot_vendors = models.JSONField(_("EPJ-leverandører da runden ble avsluttet"), default=list, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("rapportert av"), null=True, blank=True,
                                    on_delete=models.SET_NULL)
    source = models.CharField(_("kilde"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "initiative"]
        unique_together = [("round", "initiative")]
        verbose_name = _("statusrapport")
        verbose_name_plural = _("statusrapporter")


class ReportedRisk(models.Model):
    report = models.ForeignKey(StatusReport, verbose_name=_("statusrapport"), related_name="risks",
                               on_delete=models.CASCADE)
    description = models.TextField(_("risiko"))
    probability = models.PositiveSmallIntegerField(_("sannsynlighet (1–5)"))
    impact = models.PositiveSmallIntegerField(_("konsekvens (1–5)"))
    mitigation = models.TextField(pgettext_lazy("risiko", "tiltak"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "-probability", "-impact"]
        verbose_name = _("rapportert risiko")
        verbose_name_plural = _("rapporterte risikoer")


class OwnerAccount(models.Model):
    """A user who reports status for the initiatives of one owner organisation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("bruker"), related_name="owner_accounts",
                             on_delete=models.CASCADE)
    owner = models.CharField(_("tiltakseier"), max_length=300, help_text=_("Som eieren står på tiltakene."))

    history = HistoricalRecords()

    class Meta:
        unique_together = [("user", "owner")]
        verbose_name = _("rapportør")
        verbose_name_plural = _("rapportører")


class BenefitType(models.Model):
    slug = models.SlugField(_("navn i nettadressen"), unique=True)
    name = models.CharField(_("navn"), max_length=200)
    position = models.PositiveSmallIntegerField(_("plassering"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position"]
        verbose_name = _("gevinsttype")
        verbose_name_plural = _("gevinsttyper")

    def __str__(self):
        return self.name


class Benefit(models.Model):
    initiative = models.ForeignKey(Initiative, verbose_name=INITIATIVE, related_name="benefits",
                                   on_delete=models.CASCADE)
    type = models.ForeignKey(BenefitType, verbose_name=_("gevinsttype"), on_delete=models.PROTECT)
    service = models.CharField(_("tjeneste"), max_length=300, blank=True)
    text = models.TextField(_("beskrivelse"), blank=True)
    realised_by = models.CharField(_("realiseres av"), max_length=200, blank=True)
    target = models.CharField(pgettext_lazy("gevinst", "mål"), max_length=100, blank=True)
    unit = models.CharField(_("enhet"), max_length=60, blank=True)
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    source = models.CharField(_("kilde"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["initiative", "type__position"]
        verbose_name = _("gevinst")
        verbose_name_plural = _("gevinster")
