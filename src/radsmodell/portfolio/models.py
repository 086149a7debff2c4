"""The national e-health portfolio: national solutions, initiatives, reporting rounds and benefits."""
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .criteria import entry_verdict


class NationalSolution(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField("navn", max_length=200)
    short_name = models.CharField("kortnavn", max_length=60, blank=True)
    description = models.TextField("beskrivelse", blank=True)
    included_in = models.ForeignKey("self", verbose_name="inngår i", null=True, blank=True,
                                    related_name="includes", on_delete=models.SET_NULL)
    source = models.CharField("kilde", max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "nasjonal e-helseløsning"
        verbose_name_plural = "nasjonale e-helseløsninger"

    def __str__(self):
        return self.short_name or self.name


class EpjVendor(models.Model):
    """A supplier of electronic patient record systems that initiatives depend on."""
    slug = models.SlugField(unique=True)
    name = models.CharField("navn", max_length=200)
    systems = models.CharField("EPJ-systemer", max_length=300, blank=True)
    source = models.CharField("kilde", max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "EPJ-leverandør"
        verbose_name_plural = "EPJ-leverandører"

    def __str__(self):
        return self.name


class Initiative(models.Model):
    class OwnerType(models.TextChoices):
        RHF = "rhf", _("RHF")
        KOMMUNE = "kommune", _("KS/kommune")
        STATE = "state", _("Statlig virksomhet")
        OTHER = "other", _("Annen")

    class Segment(models.TextChoices):
        SAMSTYRE = "samstyre", _("Samstyre")
        DIGITAL_SAMHANDLING = "digital-samhandling", _("Digital samhandling")
        KOORDINERE = "koordinere", _("Koordinere")
        OBSERVERE = "observere", _("Observere")

    class Lifecycle(models.TextChoices):
        NY = "ny", _("Ny")
        AKTIV = "aktiv", _("Aktiv")
        PAUSE = "pause", _("På pause")
        FERDIGSTILT = "ferdigstilt", _("Ferdigstilt")

    class Phase(models.TextChoices):
        KONSEPT = "konsept", _("Konsept")
        UTPROVING = "utproving", _("Utprøving")
        TILSTREKKELIG = "tilstrekkelig-utproving", _("Tilstrekkelig utprøving")
        BREDDING = "bredding", _("Bredding")
        FORVALTNING = "forvaltning", _("Forvaltning")

    slug = models.SlugField(unique=True)
    name = models.CharField("navn", max_length=300)
    short_name = models.CharField("kortnavn", max_length=80, blank=True)
    description = models.TextField("beskrivelse", blank=True)
    owner = models.CharField("tiltakseier", max_length=300, blank=True)
    owner_type = models.CharField("eiertype", max_length=10, choices=OwnerType.choices, blank=True)
    segment = models.CharField("segment", max_length=20, choices=Segment.choices, blank=True)
    lifecycle = models.CharField("livsløp", max_length=12, choices=Lifecycle.choices, blank=True)
    phase = models.CharField("fase", max_length=25, choices=Phase.choices, blank=True)
    period = models.CharField("periode", max_length=300, blank=True)
    part_of = models.ForeignKey("self", verbose_name="del av", null=True, blank=True, related_name="parts",
                                on_delete=models.SET_NULL)
    national_solutions = models.ManyToManyField(NationalSolution, verbose_name="nasjonale e-helseløsninger",
                                                blank=True, related_name="initiatives")
    depends_on = models.ManyToManyField("self", verbose_name="avhenger av", symmetrical=False, blank=True,
                                        related_name="dependants")
    epj_vendors = models.ManyToManyField(EpjVendor, verbose_name="avhenger av EPJ-leverandører", blank=True,
                                         related_name="initiatives")
    goals = models.JSONField("strategiske mål", default=list, blank=True, help_text="Mål 1–5; det første er hovedmålet.")
    investment = models.TextField("investering", blank=True)
    # Entry criteria (None = not answered yet); see criteria.py for the rule.
    criterion_1 = models.BooleanField("kriterium 1", null=True, blank=True)
    criterion_2a = models.BooleanField("kriterium 2a", null=True, blank=True)
    criterion_2b = models.BooleanField("kriterium 2b", null=True, blank=True)
    source = models.CharField("kilde", max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "tiltak"
        verbose_name_plural = "tiltak"

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

    initiative = models.ForeignKey(Initiative, related_name="mentions", on_delete=models.CASCADE)
    source = models.CharField("kilde", max_length=300)
    text = models.TextField("tekst")

    class Meta:
        ordering = ["initiative", "id"]


class Round(models.Model):
    """A status round (rapportering); the figures the secretariat stated are kept as stated."""

    class Status(models.TextChoices):
        OPEN = "open", _("Åpen for rapportering")
        CLOSED = "closed", _("Avsluttet")

    slug = models.SlugField(unique=True)
    name = models.CharField("navn", max_length=300)
    cut_off = models.DateField("rapporteringsfrist", null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    stated = models.JSONField("oppgitte tall", default=dict, blank=True,
                              help_text="Tallene slik porteføljerapporten oppgir dem, f.eks. {\"active\": 34}.")
    themes = models.JSONField("temaer", default=list, blank=True)
    notes = models.JSONField("merknader", default=list, blank=True)
    source = models.CharField("kilde", max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-cut_off", "-slug"]
        verbose_name = "statusrunde"
        verbose_name_plural = "statusrunder"

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

    round = models.ForeignKey(Round, related_name="reports", on_delete=models.CASCADE)
    initiative = models.ForeignKey(Initiative, related_name="reports", on_delete=models.PROTECT)
    overall = models.CharField("samlet status", max_length=6, choices=Rag.choices, blank=True)
    schedule = models.CharField("fremdrift", max_length=6, choices=Rag.choices, blank=True)
    cost = models.CharField("kostnad", max_length=6, choices=Rag.choices, blank=True)
    scope = models.CharField("omfang", max_length=6, choices=Rag.choices, blank=True)
    risk = models.CharField("risiko", max_length=6, choices=Rag.choices, blank=True)
    text = models.TextField("status og endringer", blank=True)
    milestones = models.TextField("neste milepæler", blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    returned_reason = models.TextField("grunn til at rapporten ble sendt tilbake", blank=True)
    # The initiative as it stood when the round closed: a closed round is a frozen snapshot.
    snapshot_lifecycle = models.CharField(max_length=12, blank=True)
    snapshot_segment = models.CharField(max_length=20, blank=True)
    snapshot_owner_type = models.CharField(max_length=10, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    source = models.CharField("kilde", max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "initiative"]
        unique_together = [("round", "initiative")]


class ReportedRisk(models.Model):
    report = models.ForeignKey(StatusReport, related_name="risks", on_delete=models.CASCADE)
    description = models.TextField("risiko")
    probability = models.PositiveSmallIntegerField("sannsynlighet (1–5)")
    impact = models.PositiveSmallIntegerField("konsekvens (1–5)")
    mitigation = models.TextField("tiltak", blank=True)

    class Meta:
        ordering = ["report", "-probability", "-impact"]


class OwnerAccount(models.Model):
    """A user who reports status for the initiatives of one owner organisation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="owner_accounts", on_delete=models.CASCADE)
    owner = models.CharField("tiltakseier", max_length=300, help_text="Som eieren står på tiltakene.")

    class Meta:
        unique_together = [("user", "owner")]


class BenefitType(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField("navn", max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.name


class Benefit(models.Model):
    initiative = models.ForeignKey(Initiative, related_name="benefits", on_delete=models.CASCADE)
    type = models.ForeignKey(BenefitType, verbose_name="gevinsttype", on_delete=models.PROTECT)
    service = models.CharField("tjeneste", max_length=300, blank=True)
    text = models.TextField("beskrivelse", blank=True)
    realised_by = models.CharField("realiseres av", max_length=200, blank=True)
    target = models.CharField("mål", max_length=100, blank=True)
    unit = models.CharField("enhet", max_length=60, blank=True)
    year = models.PositiveSmallIntegerField("år", null=True, blank=True)
    source = models.CharField("kilde", max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["initiative", "type__position"]
