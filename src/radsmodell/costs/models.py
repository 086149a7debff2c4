"""Cost distribution of the national e-health solutions: cost bases, the register of paying
organisations per year, allocations with their invoice lines, the duty-to-pay gate per
service, and investment cases. Money is whole øre (integers), never float."""
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .engine import SEGMENT_LABELS

# The engine's three segments; their names are marked for translation in the engine.
SEGMENT_CHOICES = [(key, _(label)) for key, label in SEGMENT_LABELS.items()]

ASSUMPTION_HELP = _("Hvorfor verdien er antatt og ikke hentet fra en kilde. Tom når kilden sier det.")
INITIATIVE = pgettext_lazy("portefølje", "tiltak")  # an initiative of the portfolio, not a measure


class CostBase(models.Model):
    """What running a national solution costs in a year: the amount to split."""
    solution = models.ForeignKey("portfolio.NationalSolution", verbose_name=_("nasjonal e-helseløsning"),
                                 related_name="cost_bases", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("år"))
    amount_ore = models.BigIntegerField(_("kostnadsgrunnlag (øre)"))
    illustrative = models.BooleanField(_("illustrativt beløp"), default=False,
                                       help_text=_("Demobeløp som ikke kommer fra kildene."))
    source = models.CharField(_("kilde"), max_length=400, blank=True)
    assumption = models.CharField(_("antakelse"), max_length=400, blank=True, help_text=ASSUMPTION_HELP)
    note = models.TextField(_("merknad"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["solution__name", "-year"]
        constraints = [models.UniqueConstraint(fields=["solution", "year"], name="one_cost_base_per_solution_year"),
                       models.CheckConstraint(condition=models.Q(amount_ore__gte=0), name="cost_base_not_negative")]
        verbose_name = _("kostnadsgrunnlag")
        verbose_name_plural = _("kostnadsgrunnlag")


class PayingOrganisation(models.Model):
    """One organisation in the register of a year (the register is kept per year)."""
    year = models.PositiveSmallIntegerField(_("år"))
    org_number = models.CharField(_("organisasjonsnummer"), max_length=9)
    name = models.CharField(_("navn"), max_length=300)
    kind = models.CharField(_("type"), max_length=30)
    segment = models.CharField(_("segment"), max_length=10, choices=SEGMENT_CHOICES)
    turnover_nok = models.BigIntegerField(_("omsetning (kr)"), null=True, blank=True)
    keeps_accounts = models.BooleanField(_("regnskapspliktig"), null=True, blank=True)
    locations = models.PositiveIntegerField(_("lokasjoner/behandlingssteder"), default=1)
    ftes = models.DecimalField(_("årsverk"), max_digits=12, decimal_places=2, null=True, blank=True)
    nace = models.CharField(_("næringskode (NACE)"), max_length=10, blank=True)
    population = models.PositiveIntegerField(_("innbyggere"), null=True, blank=True)
    chain = models.CharField(_("kjede"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "segment", "name"]
        constraints = [models.UniqueConstraint(fields=["year", "org_number"], name="one_organisation_per_year")]
        indexes = [models.Index(fields=["year", "segment"])]
        verbose_name = _("betalende virksomhet")
        verbose_name_plural = _("betalende virksomheter")

    def __str__(self):
        return f"{self.name} ({self.org_number})"


class Allocation(models.Model):
    """A run of a price model for a year: segment totals and one invoice line per organisation."""
    model_slug = models.CharField(_("prismodell"), max_length=60)
    model_name = models.CharField(_("prismodellens navn"), max_length=200)
    solution = models.ForeignKey("portfolio.NationalSolution", verbose_name=_("nasjonal e-helseløsning"), null=True,
                                 blank=True, related_name="allocations", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("år"))
    cost_ore = models.BigIntegerField(_("kostnadsgrunnlag (øre)"))
    legal_basis_private = models.BooleanField(_("med hjemmel for å fakturere private"), default=False)
    step = models.CharField(_("trinn"), max_length=200, blank=True)
    segments = models.JSONField(_("segmenter"), default=list)  # [{segment, label, share, amount_ore, organisations}]
    notes = models.JSONField(_("merknader"), default=list)
    label = models.CharField(_("betegnelse"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("kjørt av"), null=True, blank=True,
                                   on_delete=models.SET_NULL)
    created_at = models.DateTimeField(_("kjørt"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("fordeling")
        verbose_name_plural = _("fordelinger")

    def __str__(self):
        return self.label or f"{self.model_name} {self.year}"

    def get_absolute_url(self):
        return reverse("costs:allocation", args=[self.pk])


class AllocationLine(models.Model):
    allocation = models.ForeignKey(Allocation, verbose_name=_("fordeling"), related_name="lines",
                                   on_delete=models.CASCADE)
    org_number = models.CharField(_("organisasjonsnummer"), max_length=9)
    name = models.CharField(_("navn"), max_length=300)
    segment = models.CharField(_("segment"), max_length=10)
    kind = models.CharField(_("type"), max_length=30)
    category = models.CharField(_("kategori"), max_length=30, blank=True)
    charged = models.BooleanField(_("faktureres"), default=True)
    yearly_ore = models.BigIntegerField(_("per år (øre)"))
    first_month_ore = models.BigIntegerField(_("første måned (øre)"))
    monthly_ore = models.BigIntegerField(_("øvrige måneder (øre)"))

    class Meta:
        ordering = ["allocation", "segment", "name"]
        indexes = [models.Index(fields=["allocation", "org_number"])]
        verbose_name = _("fakturalinje")
        verbose_name_plural = _("fakturalinjer")


class PaymentGate(models.Model):
    """The duty-to-pay gate of one service (case 18/24): legal assessment, the service's own
    requirements for sufficient trial (adapted from the case's six), and the owner's approval.
    Approved, it enters the cost split from the next 1 January, for the target groups and EPJ
    systems of the trial only."""

    class Legal(models.TextChoices):
        NOT_STARTED = "ikke_startet", _("Ikke vurdert")
        IN_PROGRESS = "pågår", _("Under vurdering")
        NATIONAL = "nasjonal", _("Vurdert som nasjonal e-helseløsning")
        NOT_NATIONAL = "ikke_nasjonal", _("Ikke en nasjonal e-helseløsning")

    slug = models.SlugField(_("navn i nettadressen"), unique=True)
    service = models.CharField(_("tjeneste"), max_length=300)
    solution = models.ForeignKey("portfolio.NationalSolution", verbose_name=_("nasjonal e-helseløsning"), null=True,
                                 blank=True, related_name="payment_gates", on_delete=models.PROTECT)
    initiative = models.ForeignKey("portfolio.Initiative", verbose_name=INITIATIVE, null=True,
                                   blank=True, related_name="payment_gates", on_delete=models.SET_NULL)
    legal_status = models.CharField(_("juridisk vurdering"), max_length=14, choices=Legal.choices,
                                    default=Legal.NOT_STARTED)
    legal_decided_by = models.CharField(_("besluttet av"), max_length=200, blank=True,
                                        help_text=_("Helse- og omsorgsdepartementet beslutter (sak 18/24)."))
    legal_decided_on = models.DateField(_("juridisk vurdering dato"), null=True, blank=True)
    production_date = models.DateField(_("i produksjon fra"), null=True, blank=True)
    planned_entry = models.DateField(_("planlagt inn i kostnadsfordelingen"), null=True, blank=True,
                                     help_text=_("Når plikt til betaling var planlagt, f.eks. 1.1.2024 for SFM "
                                                 "(sak 18/24)."))
    approved_by = models.CharField(_("tilstrekkelig utprøving godkjent av"), max_length=200, blank=True)
    approved_on = models.DateField(_("godkjent dato"), null=True, blank=True)
    target_groups = models.TextField(_("målgrupper godkjenningen gjelder"), blank=True)
    epj_systems = models.TextField(_("EPJ-systemer godkjenningen gjelder"), blank=True)
    note = models.TextField(_("merknad"), blank=True)
    source = models.CharField(_("kilde"), max_length=400, blank=True)
    assumption = models.CharField(_("antakelse"), max_length=400, blank=True, help_text=ASSUMPTION_HELP)
    history = HistoricalRecords()

    class Meta:
        ordering = ["service"]
        verbose_name = _("betalingsplikt")
        verbose_name_plural = _("betalingsplikt")

    def __str__(self):
        return self.service


class GateRequirement(models.Model):
    """One requirement on a service's own list for sufficient trial. It starts from the template
    of case 18/24 (`template` is its number there) or is added for the service (`template` empty);
    the secretariat may reword it, and dropping it keeps it on record with the reason."""
    gate = models.ForeignKey(PaymentGate, verbose_name=_("betalingsplikt"), related_name="requirements",
                             on_delete=models.CASCADE)
    number = models.PositiveSmallIntegerField(_("krav"))
    template = models.PositiveSmallIntegerField(_("krav i forslaget"), null=True, blank=True,
                                                help_text=_("Nummeret i forslaget til krav (sak 18/24). "
                                                            "Tomt: lagt til for tjenesten."))
    title = models.CharField(_("krav"), max_length=300)
    detail = models.TextField(_("detaljering"), blank=True)
    met = models.BooleanField(_("oppfylt"), default=False)
    evidence = models.TextField(_("dokumentasjon"), blank=True)
    dropped_reason = models.TextField(_("tatt ut fordi"), blank=True,
                                      help_text=_("Tom så lenge kravet står på listen."))
    assumption = models.CharField(_("antakelse"), max_length=400, blank=True, help_text=ASSUMPTION_HELP)
    history = HistoricalRecords()

    class Meta:
        ordering = ["gate", "number"]
        constraints = [models.UniqueConstraint(fields=["gate", "number"], name="one_row_per_requirement"),
                       models.UniqueConstraint(fields=["gate", "template"], name="template_requirement_once"),
                       models.CheckConstraint(condition=models.Q(template__isnull=True)
                                              | models.Q(template__gte=1, template__lte=6),
                                              name="template_requirement_1_to_6")]
        verbose_name = _("krav til tilstrekkelig utprøving")
        verbose_name_plural = _("krav til tilstrekkelig utprøving")

    def __str__(self):
        return f"{self.number}. {self.title}"


class InvestmentCase(models.Model):
    """An investment with cost lines, reserve and the economics that follow (seed 004)."""
    slug = models.SlugField(_("navn i nettadressen"), unique=True)
    name = models.CharField(_("navn"), max_length=300)
    owner = models.CharField(_("eier"), max_length=200, blank=True)
    initiative = models.ForeignKey("portfolio.Initiative", verbose_name=INITIATIVE, null=True,
                                   blank=True, related_name="investment_cases", on_delete=models.SET_NULL)
    solution = models.ForeignKey("portfolio.NationalSolution", verbose_name=_("nasjonal e-helseløsning som får "
                                 "driftskostnadene"), null=True, blank=True, related_name="investment_cases",
                                 on_delete=models.SET_NULL)
    definition = models.JSONField(_("beregningsgrunnlag"), default=dict,
                                  help_text=_("Kostnadslinjer, reserve, levetid, rente og nyttestrøm "
                                              "(se economics.py)."))
    source = models.CharField(_("kilde"), max_length=400, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("investeringssak")
        verbose_name_plural = _("investeringssaker")

    def __str__(self):
        return self.name
