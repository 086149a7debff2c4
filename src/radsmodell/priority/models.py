"""Prioritisation sessions: a scoring model, the measures scored, the raters and their scores."""
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from . import serialization
from .engine import Model

MEASURE = pgettext_lazy("prioritering", "tiltak")  # a measure scored in a session, not an initiative


class ScoringModel(models.Model):
    slug = models.SlugField(_("kortnavn"), unique=True)
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    definition = models.JSONField(_("kriterietre"), help_text=_("Spørsmålene, gruppene og hvordan de kombineres."))
    builtin = models.BooleanField(_("innebygd"), default=False)
    # What the model assumes rather than reads from its source: for the council's 2022 model, the tie-break.
    assumption = models.CharField(
        _("antakelse"), max_length=400, blank=True,
        help_text=_("Hvorfor verdien er antatt og ikke hentet fra en kilde. Tom når kilden sier det."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("prioriteringsmodell")
        verbose_name_plural = _("prioriteringsmodeller")

    def __str__(self):
        return self.name

    @cached_property
    def engine(self) -> Model:
        return serialization.model_from_dict(self.definition)


class ScoringSession(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Åpen for scoring")
        CLOSED = "closed", _("Avsluttet")

    title = models.CharField(_("tittel"), max_length=300)
    scoring_model = models.ForeignKey(ScoringModel, verbose_name=_("modell"), on_delete=models.PROTECT)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    case = models.ForeignKey("council.Case", verbose_name=_("behandlet i sak"), null=True, blank=True,
                             on_delete=models.SET_NULL)
    concentration = models.FloatField(
        _("sikkerhet i vektene"), default=100,
        help_text=_("Konsentrasjonen i Dirichlet-fordelingen rundt modellens vekter: høy = vektene ligger fast."))
    top_k = models.PositiveSmallIntegerField(_("topp k"), default=5)
    # Each rater is a user who fills in only their own sheet; the combined result waits for closing.
    self_scoring = models.BooleanField(
        _("vurdererne scorer selv"), default=False,
        help_text=_("Hver vurderer fyller ut sitt eget ark; det samlede resultatet vises når scoringen er avsluttet."))
    source = models.CharField(_("kilde"), max_length=200, blank=True)
    # Why the session is linked to `case` when the source does not say so.
    assumption = models.CharField(
        _("antakelse"), max_length=400, blank=True,
        help_text=_("Hvorfor verdien er antatt og ikke hentet fra en kilde. Tom når kilden sier det."))
    created = models.DateTimeField(_("opprettet"), auto_now_add=True)
    # The Monte Carlo drawn from the scores, stored so a page load need not draw it again:
    # {"fingerprint", "sensitivity", "swaps"}, written by services.refresh_sensitivity only.
    sensitivity = models.JSONField(_("følsomhet (beregnet)"), null=True, blank=True, editable=False)
    # Derived data, not a decision: a new result is no change in the session's history.
    history = HistoricalRecords(excluded_fields=["sensitivity"])

    class Meta:
        ordering = ["-created"]
        verbose_name = _("scoringsrunde")
        verbose_name_plural = _("scoringsrunder")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("priority:session", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Measure(models.Model):
    """A measure (tiltak) scored in a session."""

    session = models.ForeignKey(ScoringSession, verbose_name=_("scoringsrunde"), related_name="measures",
                                on_delete=models.CASCADE)
    name = models.CharField(MEASURE, max_length=300)
    initiative = models.ForeignKey("portfolio.Initiative", verbose_name=_("tiltak i porteføljen"), null=True,
                                   blank=True, related_name="scored_in", on_delete=models.SET_NULL)
    position = models.PositiveSmallIntegerField(_("plass i listen"), default=0)
    outside_ranking = models.CharField(
        _("utenfor rangeringen"), max_length=400, blank=True,
        help_text=_("Hvorfor tiltaket er scoret, men ikke rangert (f.eks. ikke med i rådets samlede rangering)."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "position", "id"]
        unique_together = [("session", "name")]
        verbose_name = _("tiltak i runde")
        verbose_name_plural = _("tiltak i runder")

    def __str__(self):
        return self.name


class Rater(models.Model):
    session = models.ForeignKey(ScoringSession, verbose_name=_("scoringsrunde"), related_name="raters",
                                on_delete=models.CASCADE)
    name = models.CharField(_("navn"), max_length=200)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("bruker"), null=True, blank=True,
                             on_delete=models.SET_NULL)
    submitted_at = models.DateTimeField(_("levert"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "id"]
        unique_together = [("session", "name")]
        verbose_name = _("vurderer")
        verbose_name_plural = _("vurderere")

    def __str__(self):
        return self.name


class Score(models.Model):
    """One rater's answer to one question for one measure; blank is allowed."""

    rater = models.ForeignKey(Rater, verbose_name=_("vurderer"), related_name="scores", on_delete=models.CASCADE)
    measure = models.ForeignKey(Measure, verbose_name=MEASURE, related_name="scores", on_delete=models.CASCADE)
    question = models.CharField(_("spørsmål"), max_length=40)
    value = models.FloatField(_("score"), null=True, blank=True)
    raw = models.CharField(_("innhold i cellen"), max_length=300, blank=True,
                           help_text=_("Tekst som sto i cellen i stedet for et tall (regnes som manglende)."))
    comment = models.TextField(_("kommentar"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["rater", "measure", "question"]
        unique_together = [("rater", "measure", "question")]
        verbose_name = _("score")
        verbose_name_plural = _("scorer")


class PrintedFigure(models.Model):
    """A figure a workbook prints for a measure (its score or its rank on one sheet), kept beside
    the model's own figure so that a sheet computing otherwise is shown, not overwritten."""

    class What(models.TextChoices):
        SCORE = "score", _("Score")
        RANK = "rank", _("Rangering")

    session = models.ForeignKey(ScoringSession, verbose_name=_("scoringsrunde"), related_name="printed_figures",
                                on_delete=models.CASCADE)
    measure = models.ForeignKey(Measure, verbose_name=MEASURE, related_name="printed_figures",
                                on_delete=models.CASCADE)
    sheet = models.CharField(_("ark"), max_length=100)
    what = models.CharField(_("tall"), max_length=10, choices=What.choices)
    printed = models.CharField(_("arket viser"), max_length=40,
                               help_text=_("Tallet slik arket viser det, f.eks. 25.75, 3 eller #DIV/0!."))
    source = models.CharField(_("kilde"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "id"]
        unique_together = [("measure", "sheet", "what")]
        verbose_name = _("tall i arbeidsboken")
        verbose_name_plural = _("tall i arbeidsboken")

    def __str__(self):
        return f"{self.sheet}: {self.measure.name}, {self.get_what_display()} {self.printed}"

    @property
    def measure_name(self) -> str:
        return self.measure.name
