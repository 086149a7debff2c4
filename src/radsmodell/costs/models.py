"""Cost distribution of the national e-health solutions: cost bases, the register of paying
organisations per year, allocations with their invoice lines, the duty-to-pay gate per
service, and investment cases. Money is whole øre (integers), never float."""
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .engine import SEGMENT_LABELS

SEGMENT_CHOICES = [(key, label) for key, label in SEGMENT_LABELS.items()]


class CostBase(models.Model):
    """What running a national solution costs in a year: the amount to split."""
    solution = models.ForeignKey("portfolio.NationalSolution", verbose_name="nasjonal e-helseløsning",
                                 related_name="cost_bases", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField("år")
    amount_ore = models.BigIntegerField("kostnadsgrunnlag (øre)")
    illustrative = models.BooleanField("illustrativt beløp", default=False,
                                       help_text="Demobeløp som ikke kommer fra kildene.")
    source = models.CharField("kilde", max_length=400, blank=True)
    note = models.TextField("merknad", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["solution__name", "-year"]
        constraints = [models.UniqueConstraint(fields=["solution", "year"], name="one_cost_base_per_solution_year"),
                       models.CheckConstraint(condition=models.Q(amount_ore__gte=0), name="cost_base_not_negative")]
        verbose_name = "kostnadsgrunnlag"
        verbose_name_plural = "kostnadsgrunnlag"


class PayingOrganisation(models.Model):
    """One organisation in the register of a year (the register is kept per year)."""
    year = models.PositiveSmallIntegerField("år")
    org_number = models.CharField("organisasjonsnummer", max_length=9)
    name = models.CharField("navn", max_length=300)
    kind = models.CharField("type", max_length=30)
    segment = models.CharField("segment", max_length=10, choices=SEGMENT_CHOICES)
    turnover_nok = models.BigIntegerField("omsetning (kr)", null=True, blank=True)
    keeps_accounts = models.BooleanField("regnskapspliktig", null=True, blank=True)
    locations = models.PositiveIntegerField("lokasjoner/behandlingssteder", default=1)
    ftes = models.DecimalField("årsverk", max_digits=12, decimal_places=2, null=True, blank=True)
    nace = models.CharField("næringskode (NACE)", max_length=10, blank=True)
    population = models.PositiveIntegerField("innbyggere", null=True, blank=True)
    chain = models.CharField("kjede", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "segment", "name"]
        constraints = [models.UniqueConstraint(fields=["year", "org_number"], name="one_organisation_per_year")]
        indexes = [models.Index(fields=["year", "segment"])]
        verbose_name = "betalende virksomhet"
        verbose_name_plural = "betalende virksomheter"

    def __str__(self):
        return f"{self.name} ({self.org_number})"


class Allocation(models.Model):
    """A run of a price model for a year: segment totals and one invoice line per organisation."""
    model_slug = models.CharField("prismodell", max_length=60)
    model_name = models.CharField("prismodellens navn", max_length=200)
    solution = models.ForeignKey("portfolio.NationalSolution", verbose_name="nasjonal e-helseløsning", null=True,
                                 blank=True, related_name="allocations", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField("år")
    cost_ore = models.BigIntegerField("kostnadsgrunnlag (øre)")
    legal_basis_private = models.BooleanField("med hjemmel for å fakturere private", default=False)
    step = models.CharField("trinn", max_length=200, blank=True)
    segments = models.JSONField("segmenter", default=list)  # [{segment, label, share, amount_ore, organisations}]
    notes = models.JSONField("merknader", default=list)
    label = models.CharField("betegnelse", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField("kjørt", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "fordeling"
        verbose_name_plural = "fordelinger"

    def __str__(self):
        return self.label or f"{self.model_name} {self.year}"

    def get_absolute_url(self):
        return reverse("costs:allocation", args=[self.pk])


class AllocationLine(models.Model):
    allocation = models.ForeignKey(Allocation, related_name="lines", on_delete=models.CASCADE)
    org_number = models.CharField("organisasjonsnummer", max_length=9)
    name = models.CharField("navn", max_length=300)
    segment = models.CharField("segment", max_length=10)
    kind = models.CharField("type", max_length=30)
    category = models.CharField("kategori", max_length=30, blank=True)
    charged = models.BooleanField("faktureres", default=True)
    yearly_ore = models.BigIntegerField("per år (øre)")
    first_month_ore = models.BigIntegerField("første måned (øre)")
    monthly_ore = models.BigIntegerField("øvrige måneder (øre)")

    class Meta:
        ordering = ["allocation", "segment", "name"]
        indexes = [models.Index(fields=["allocation", "org_number"])]
        verbose_name = "fakturalinje"
        verbose_name_plural = "fakturalinjer"


class PaymentGate(models.Model):
    """The duty-to-pay gate of one service (case 18/24): legal assessment, the six requirements
    for sufficient trial, and the owner's approval. Approved, it enters the cost split from the
    next 1 January, for the target groups and EPJ systems of the trial only."""

    class Legal(models.TextChoices):
        NOT_STARTED = "ikke_startet", _("Ikke vurdert")
        IN_PROGRESS = "pågår", _("Under vurdering")
        NATIONAL = "nasjonal", _("Vurdert som nasjonal e-helseløsning")
        NOT_NATIONAL = "ikke_nasjonal", _("Ikke en nasjonal e-helseløsning")

    slug = models.SlugField(unique=True)
    service = models.CharField("tjeneste", max_length=300)
    solution = models.ForeignKey("portfolio.NationalSolution", verbose_name="nasjonal e-helseløsning", null=True,
                                 blank=True, related_name="payment_gates", on_delete=models.PROTECT)
    initiative = models.ForeignKey("portfolio.Initiative", verbose_name="tiltak", null=True, blank=True,
                                   related_name="payment_gates", on_delete=models.SET_NULL)
    legal_status = models.CharField("juridisk vurdering", max_length=14, choices=Legal.choices,
                                    default=Legal.NOT_STARTED)
    legal_decided_by = models.CharField("besluttet av", max_length=200, blank=True,
                                        help_text="Helse- og omsorgsdepartementet beslutter (sak 18/24).")
    legal_decided_on = models.DateField("juridisk vurdering dato", null=True, blank=True)
    production_date = models.DateField("i produksjon fra", null=True, blank=True)
    planned_entry = models.DateField("planlagt inn i kostnadsfordelingen", null=True, blank=True,
                                     help_text="Når plikt til betaling var planlagt, f.eks. 1.1.2024 for SFM (sak 18/24).")
    approved_by = models.CharField("tilstrekkelig utprøving godkjent av", max_length=200, blank=True)
    approved_on = models.DateField("godkjent dato", null=True, blank=True)
    target_groups = models.TextField("målgrupper godkjenningen gjelder", blank=True)
    epj_systems = models.TextField("EPJ-systemer godkjenningen gjelder", blank=True)
    note = models.TextField("merknad", blank=True)
    source = models.CharField("kilde", max_length=400, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["service"]
        verbose_name = "betalingsplikt"
        verbose_name_plural = "betalingsplikt"

    def __str__(self):
        return self.service


class GateRequirement(models.Model):
    """One of the six requirements for sufficient trial, with its evidence."""
    gate = models.ForeignKey(PaymentGate, related_name="requirements", on_delete=models.CASCADE)
    number = models.PositiveSmallIntegerField("krav")
    met = models.BooleanField("oppfylt", default=False)
    evidence = models.TextField("dokumentasjon", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["gate", "number"]
        constraints = [models.UniqueConstraint(fields=["gate", "number"], name="one_row_per_requirement"),
                       models.CheckConstraint(condition=models.Q(number__gte=1, number__lte=6),
                                              name="requirement_number_1_to_6")]
        verbose_name = "krav til tilstrekkelig utprøving"
        verbose_name_plural = "krav til tilstrekkelig utprøving"


class InvestmentCase(models.Model):
    """An investment with cost lines, reserve and the economics that follow (seed 004)."""
    slug = models.SlugField(unique=True)
    name = models.CharField("navn", max_length=300)
    owner = models.CharField("eier", max_length=200, blank=True)
    initiative = models.ForeignKey("portfolio.Initiative", verbose_name="tiltak", null=True, blank=True,
                                   related_name="investment_cases", on_delete=models.SET_NULL)
    solution = models.ForeignKey("portfolio.NationalSolution", verbose_name="nasjonal e-helseløsning som får "
                                 "driftskostnadene", null=True, blank=True, related_name="investment_cases",
                                 on_delete=models.SET_NULL)
    definition = models.JSONField("beregningsgrunnlag", default=dict,
                                  help_text="Kostnadslinjer, reserve, levetid, rente og nyttestrøm (se economics.py).")
    source = models.CharField("kilde", max_length=400, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "investeringssak"
        verbose_name_plural = "investeringssaker"

    def __str__(self):
        return self.name
