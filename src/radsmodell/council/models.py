"""The council register: bodies, mandates, members, meetings, cases and what follows them."""
from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from radsmodell.core.formatting import long_date

from .numbering import format_case_number


class Organisation(models.Model):
    name = models.CharField("navn", max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "organisasjon"
        verbose_name_plural = "organisasjoner"

    def __str__(self):
        return self.name


class Person(models.Model):
    name = models.CharField("navn", max_length=200, unique=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name="organisasjon", null=True, blank=True, on_delete=models.SET_NULL
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "person"
        verbose_name_plural = "personer"

    def __str__(self):
        return self.name


class Body(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField("navn", max_length=200)
    short_name = models.CharField("kortnavn", max_length=60)
    level = models.PositiveSmallIntegerField("nivå", help_text="1 er øverste nivå i rådsmodellen")
    history = HistoricalRecords()

    class Meta:
        ordering = ["level"]
        verbose_name = "organ"
        verbose_name_plural = "organer"

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return reverse("council:body", args=[self.slug])

    def name_on(self, day: date) -> "BodyName | None":
        """The later name in force on `day`, or None while the original name holds."""
        # Picked in Python so a prefetched `later_names` serves every meeting of a list.
        in_force = [n for n in self.later_names.all() if n.valid_from <= day]
        return max(in_force, key=lambda n: n.valid_from, default=None)

    def display_name(self, day: date | None = None) -> str:
        later = self.name_on(day or date.today())
        return later.name if later else self.name

    def display_short_name(self, day: date | None = None) -> str:
        later = self.name_on(day or date.today())
        return later.short_name if later else self.short_name


class BodyName(models.Model):
    """A name a body takes from a date (NUIT is Nasjonalt porteføljeråd from 2026)."""

    body = models.ForeignKey(Body, related_name="later_names", on_delete=models.CASCADE)
    name = models.CharField("navn", max_length=200)
    short_name = models.CharField("kortnavn", max_length=60)
    valid_from = models.DateField("gjelder fra")

    class Meta:
        ordering = ["valid_from"]
        unique_together = [("body", "valid_from")]


class Mandate(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Forslag")
        ADOPTED = "adopted", _("Vedtatt")

    body = models.ForeignKey(Body, related_name="mandates", on_delete=models.CASCADE)
    version = models.CharField("versjon", max_length=100)
    status = models.CharField(max_length=10, choices=Status.choices)
    adopted_by = models.CharField("vedtas av", max_length=200, blank=True)
    valid_from = models.DateField("gjelder fra", null=True, blank=True)
    purpose = models.TextField("formål", blank=True)
    tasks = models.JSONField("oppgaver og ansvar", default=list, blank=True)
    source = models.CharField("kilde", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "valid_from", "id"]
        unique_together = [("body", "version")]
        verbose_name = "mandat"
        verbose_name_plural = "mandater"

    def __str__(self):
        return f"{self.body} – {self.version}"


class Membership(models.Model):
    body = models.ForeignKey(Body, related_name="memberships", on_delete=models.CASCADE)
    person = models.ForeignKey(Person, related_name="memberships", on_delete=models.CASCADE)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL)
    start = models.DateField("fra", null=True, blank=True)
    end = models.DateField("til", null=True, blank=True)
    replaces = models.ForeignKey(
        Person, verbose_name="erstatter", null=True, blank=True, related_name="replaced_by",
        on_delete=models.SET_NULL,
    )
    first_seen = models.DateField("først nevnt", null=True, blank=True)
    last_seen = models.DateField("sist nevnt", null=True, blank=True)
    note = models.CharField("merknad", max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "end", "organisation__name", "person__name"]
        verbose_name = "medlemskap"
        verbose_name_plural = "medlemskap"

    def __str__(self):
        return f"{self.person} ({self.body})"

    @property
    def is_current(self) -> bool:
        return self.end is None


class Meeting(models.Model):
    class Minutes(models.TextChoices):
        NONE = "none", _("Ikke skrevet")
        DRAFT = "draft", _("Utkast")
        APPROVED = "approved", _("Godkjent")

    body = models.ForeignKey(Body, related_name="meetings", on_delete=models.PROTECT)
    date = models.DateField("dato")
    number = models.CharField(
        "møtenummer", max_length=20, blank=True, help_text="Som «2/2024». Tomt når kilden ikke oppgir det."
    )
    start_time = models.TimeField("starter", null=True, blank=True)
    end_time = models.TimeField("slutter", null=True, blank=True)
    location = models.CharField("sted", max_length=300, blank=True)
    notice_published_at = models.DateTimeField("innkalling publisert", null=True, blank=True)
    minutes_status = models.CharField("referat", max_length=10, choices=Minutes.choices, default=Minutes.NONE)
    minutes_approved_at = models.DateTimeField("referat godkjent", null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        "Case", verbose_name="godkjent i sak", null=True, blank=True, related_name="approves_minutes_of",
        on_delete=models.SET_NULL,
    )
    members_called = models.JSONField(
        "innkalte medlemmer", default=list, blank=True,
        help_text="Medlemslisten i innkallingen: [{name, organisation}], fastsatt da møtet ble planlagt.",
    )
    source = models.CharField("kilde", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date"]
        unique_together = [("body", "date")]
        verbose_name = "møte"
        verbose_name_plural = "møter"

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        name = self.body.display_short_name(self.date)
        if self.number:
            return f"{name} {self.number}"
        return f"{name} {long_date(self.date)}"

    @property
    def key(self) -> str:
        """How the CLI names a meeting: body and date, e.g. nuit/2024-05-15."""
        return f"{self.body.slug}/{self.date.isoformat()}"

    def get_absolute_url(self):
        return reverse("council:meeting", args=[self.body.slug, self.date.isoformat()])

    @property
    def is_published(self) -> bool:
        return self.notice_published_at is not None

    @property
    def minutes_locked(self) -> bool:
        return self.minutes_status == self.Minutes.APPROVED


class CaseType(models.TextChoices):
    GODKJENNING = "godkjenning", _("Godkjenning")
    DROFTING = "drofting", _("Drøfting")
    ORIENTERING = "orientering", _("Orientering")
    ANBEFALING = "anbefaling", _("Anbefaling")
    BESLUTNING = "beslutning", _("Beslutning")


class Case(models.Model):
    """A case (sak) N/YY of a body. Cases known only from a reference have no meeting."""

    body = models.ForeignKey(Body, related_name="cases", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField("år")
    number = models.PositiveSmallIntegerField("nummer")
    meeting = models.ForeignKey(Meeting, related_name="cases", null=True, blank=True, on_delete=models.CASCADE)
    title = models.CharField("tittel", max_length=400)
    type = models.CharField("sakstype", max_length=20, choices=CaseType.choices, blank=True)
    type_in_meeting = models.CharField(
        "sakstype i møtet", max_length=20, choices=CaseType.choices, blank=True,
        help_text="Fylles ut når møtet endret sakstypen.",
    )
    type_change_reason = models.CharField("grunn til endret sakstype", max_length=300, blank=True)
    presenters = models.JSONField("presenterer saken", default=list, blank=True)
    owner = models.CharField("sakseier", max_length=300, blank=True)
    officers = models.JSONField("saksbehandlere", default=list, blank=True)
    memo_to = models.CharField("til", max_length=200, blank=True)
    memo_date = models.DateField("notatets dato", null=True, blank=True)
    summary = models.TextField("omtale i innkallingen", blank=True)
    proposed_decision = models.TextField("forslag til vedtak", blank=True)
    purpose = models.TextField("hensikt med saken", blank=True)
    background = models.TextField("bakgrunn", blank=True)
    questions = models.TextField("hva skal rådsmodellen ta stilling til / drøftingsspørsmål", blank=True)
    next_steps = models.TextField("videre saksprosess", blank=True)
    minutes_text = models.TextField("referat", blank=True)
    decision = models.TextField("vedtak", blank=True)
    previous_cases = models.ManyToManyField(
        "self", verbose_name="tidligere behandlinger", symmetrical=False, blank=True, related_name="later_cases"
    )
    is_eventuelt = models.BooleanField(default=False)
    source = models.CharField("kilde", max_length=200, blank=True)
    # Case-folded text for the search box: all of it, and the part the public may search
    # before the minutes are approved (no decision or input).
    search_text = models.TextField(editable=False, blank=True)
    public_search_text = models.TextField(editable=False, blank=True)
    history = HistoricalRecords(excluded_fields=["search_text", "public_search_text"])

    class Meta:
        ordering = ["body", "year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "number"], name="case_number_unique_per_body_year")
        ]
        verbose_name = "sak"
        verbose_name_plural = "saker"

    def __str__(self):
        return f"{self.case_number} {self.title}"

    @property
    def case_number(self) -> str:
        return format_case_number(self.number, self.year)

    @property
    def key(self) -> str:
        return f"{self.body.slug}/{self.year}/{self.number}"

    def get_absolute_url(self):
        return reverse("council:case", args=[self.body.slug, self.year, self.number])

    @property
    def body_short_name(self) -> str:
        """The body's short name when the case was dealt with (NUIT before 2026)."""
        day = self.meeting.date if self.meeting else date(self.year, 12, 31)
        return self.body.display_short_name(day)

    @property
    def effective_type(self) -> str:
        return self.type_in_meeting or self.type

    def get_effective_type_display(self) -> str:
        return str(CaseType(self.effective_type).label) if self.effective_type else ""

    @property
    def decision_amended(self) -> bool:
        """The decision differs from the proposal (whitespace aside)."""
        return bool(self.decision) and " ".join(self.decision.split()) != " ".join(self.proposed_decision.split())


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        CASE = "case", _("Sak")
        ITEM = "item", _("Punkt")
        BREAK = "break", _("Pause")
        LUNCH = "lunch", _("Lunsj")
        END = "end", _("Slutt")

    meeting = models.ForeignKey(Meeting, related_name="agenda", on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField("rekkefølge")
    kind = models.CharField("type", max_length=10, choices=Kind.choices)
    start_time = models.TimeField("tidspunkt", null=True, blank=True)
    title = models.CharField("tittel", max_length=300, blank=True)
    summary = models.TextField("omtale", blank=True)
    presenters = models.JSONField(default=list, blank=True)
    case = models.OneToOneField(Case, null=True, blank=True, related_name="agenda_item", on_delete=models.CASCADE)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = "dagsordenpunkt"
        verbose_name_plural = "dagsorden"

    @property
    def label(self) -> str:
        if self.case_id:
            return self.case.title
        return self.title or self.get_kind_display()


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Til stede")
        ABSENT = "absent", _("Ikke til stede")
        SUBSTITUTE = "substitute", _("Stedfortreder")

    class Remote(models.TextChoices):
        NONE = "none", _("Fysisk")
        FULL = "full", _("Digitalt")
        PARTIAL = "partial", _("Delvis digitalt")

    meeting = models.ForeignKey(Meeting, related_name="attendance", on_delete=models.CASCADE)
    person = models.ForeignKey(Person, on_delete=models.PROTECT)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField("oppmøte", max_length=12, choices=Status.choices)
    remote = models.CharField("digitalt", max_length=10, choices=Remote.choices, default=Remote.NONE)
    remote_from = models.TimeField("digitalt fra", null=True, blank=True)
    remote_until = models.TimeField("digitalt til", null=True, blank=True)
    substitute_for = models.ForeignKey(
        Person, verbose_name="stiller for", null=True, blank=True, related_name="substituted_by",
        on_delete=models.SET_NULL,
    )
    note = models.CharField("merknad", max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "id"]
        unique_together = [("meeting", "person")]
        verbose_name = "oppmøte"
        verbose_name_plural = "oppmøte"


class SecretariatAttendee(models.Model):
    meeting = models.ForeignKey(Meeting, related_name="secretariat", on_delete=models.CASCADE)
    person = models.ForeignKey(Person, on_delete=models.PROTECT)

    class Meta:
        ordering = ["id"]


class Attachment(models.Model):
    case = models.ForeignKey(Case, related_name="attachments", on_delete=models.CASCADE)
    label = models.CharField("vedlegg", max_length=40, blank=True)
    title = models.CharField("tittel", max_length=300)
    file = models.FileField("fil", upload_to="vedlegg/%Y/", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "id"]
        verbose_name = "vedlegg"
        verbose_name_plural = "vedlegg"


class OtherForumTreatment(models.Model):
    """A row of "Behandling i øvrige fora" in a cover memo."""

    case = models.ForeignKey(Case, related_name="other_fora", on_delete=models.CASCADE)
    date_text = models.CharField("dato", max_length=60, blank=True)
    title = models.CharField("tittel", max_length=400)
    decision = models.TextField("vedtak", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "id"]


class Input(models.Model):
    """Input (innspill) given in the meeting; unattributed unless the actor asked to be named."""

    case = models.ForeignKey(Case, related_name="inputs", on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField("innspill")
    actor = models.CharField("navngitt aktør", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "position", "id"]
        verbose_name = "innspill"
        verbose_name_plural = "innspill"


class ActionItem(models.Model):
    case = models.ForeignKey(Case, related_name="action_items", on_delete=models.CASCADE)
    text = models.TextField("aksjonspunkt")
    owner = models.CharField("ansvarlig", max_length=200)
    closed_by = models.ForeignKey(
        Case, verbose_name="fulgt opp i sak", null=True, blank=True, related_name="closes_action_items",
        on_delete=models.SET_NULL,
    )
    closed_note = models.CharField("merknad ved lukking", max_length=300, blank=True)
    created = models.DateField("opprettet")
    closed = models.DateField("lukket", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created", "id"]
        verbose_name = "aksjonspunkt"
        verbose_name_plural = "aksjonspunkter"

    @property
    def is_open(self) -> bool:
        return self.closed is None

    def age_days(self, today: date | None = None) -> int:
        return ((self.closed or today or date.today()) - self.created).days


class MemoComment(models.Model):
    """A member's comment on a cover memo while it is a draft."""

    case = models.ForeignKey(Case, related_name="comments", on_delete=models.CASCADE)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    text = models.TextField("kommentar")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created"]


class MinutesCorrection(models.Model):
    """A correction to approved minutes: the old and new text, who, when and why."""

    class Field(models.TextChoices):
        # The parts of a case's minutes that can be corrected after approval.
        DECISION = "decision", _("Vedtak")
        MINUTES_TEXT = "minutes_text", _("Referat")

    case = models.ForeignKey(Case, related_name="corrections", on_delete=models.CASCADE)
    field = models.CharField("felt", max_length=40, choices=Field.choices)
    old_value = models.TextField("før")
    new_value = models.TextField("etter")
    reason = models.TextField("begrunnelse")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created"]
        verbose_name = "rettelse"
        verbose_name_plural = "rettelser"
