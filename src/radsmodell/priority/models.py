"""Prioritisation sessions: a scoring model, the measures scored, the raters and their scores."""
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from . import serialization
from .engine import Model


class ScoringModel(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField("navn", max_length=200)
    description = models.TextField("beskrivelse", blank=True)
    definition = models.JSONField("kriterietre", help_text="Spørsmålene, gruppene og hvordan de kombineres.")
    builtin = models.BooleanField("innebygd", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "prioriteringsmodell"
        verbose_name_plural = "prioriteringsmodeller"

    def __str__(self):
        return self.name

    @cached_property
    def engine(self) -> Model:
        return serialization.model_from_dict(self.definition)


class ScoringSession(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Åpen for scoring"
        CLOSED = "closed", "Avsluttet"

    title = models.CharField("tittel", max_length=300)
    scoring_model = models.ForeignKey(ScoringModel, verbose_name="modell", on_delete=models.PROTECT)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    case = models.ForeignKey("council.Case", verbose_name="behandlet i sak", null=True, blank=True,
                             on_delete=models.SET_NULL)
    concentration = models.FloatField(
        "sikkerhet i vektene", default=100,
        help_text="Konsentrasjonen i Dirichlet-fordelingen rundt modellens vekter: høy = vektene ligger fast.")
    top_k = models.PositiveSmallIntegerField("topp k", default=5)
    source = models.CharField("kilde", max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    # The Monte Carlo drawn from the scores, stored so a page load need not draw it again:
    # {"fingerprint", "sensitivity", "swaps"}, written by services.refresh_sensitivity only.
    sensitivity = models.JSONField("følsomhet (beregnet)", null=True, blank=True, editable=False)
    # Derived data, not a decision: a new result is no change in the session's history.
    history = HistoricalRecords(excluded_fields=["sensitivity"])

    class Meta:
        ordering = ["-created"]
        verbose_name = "scoringsrunde"
        verbose_name_plural = "scoringsrunder"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("priority:session", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Measure(models.Model):
    """A measure (tiltak) scored in a session."""

    session = models.ForeignKey(ScoringSession, related_name="measures", on_delete=models.CASCADE)
    name = models.CharField("tiltak", max_length=300)
    initiative = models.ForeignKey("portfolio.Initiative", verbose_name="tiltak i porteføljen", null=True,
                                   blank=True, related_name="scored_in", on_delete=models.SET_NULL)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "position", "id"]
        unique_together = [("session", "name")]

    def __str__(self):
        return self.name


class Rater(models.Model):
    session = models.ForeignKey(ScoringSession, related_name="raters", on_delete=models.CASCADE)
    name = models.CharField("navn", max_length=200)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["session", "id"]
        unique_together = [("session", "name")]

    def __str__(self):
        return self.name


class Score(models.Model):
    """One rater's answer to one question for one measure; blank is allowed."""

    rater = models.ForeignKey(Rater, related_name="scores", on_delete=models.CASCADE)
    measure = models.ForeignKey(Measure, related_name="scores", on_delete=models.CASCADE)
    question = models.CharField("spørsmål", max_length=40)
    value = models.FloatField("score", null=True, blank=True)
    raw = models.CharField("innhold i cellen", max_length=300, blank=True,
                           help_text="Tekst som sto i cellen i stedet for et tall (regnes som manglende).")
    comment = models.TextField("kommentar", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["rater", "measure", "question"]
        unique_together = [("rater", "measure", "question")]
