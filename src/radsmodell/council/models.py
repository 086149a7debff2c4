"""The council register: bodies, mandates, members, meetings, cases and what follows them."""
from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from radsmodell.core.formatting import long_date

from .numbering import format_case_number


class Organisation(models.Model):
    name = models.CharField(_("navn"), max_length=200, unique=True)
    email = models.EmailField(
        _("e-post for oppfølging"), blank=True,
        help_text=_("Hvor påminnelser om aksjonspunkter og oppdrag organisasjonen eier, sendes."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisasjon")
        verbose_name_plural = _("organisasjoner")

    def __str__(self):
        return self.name


class Person(models.Model):
    name = models.CharField(_("navn"), max_length=200, unique=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisasjon"), null=True, blank=True, on_delete=models.SET_NULL
    )
    email = models.EmailField(
        _("e-post"), blank=True,
        help_text=_("Brukes når personen ikke har en brukerkonto med e-postadresse."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("brukerkonto"), null=True, blank=True,
        related_name="council_person", on_delete=models.SET_NULL,
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")

    def __str__(self):
        return self.name

    @property
    def address(self) -> str:
        """Where mail to the person goes: the address on their own profile first."""
        if self.user_id and self.user.email:
            return self.user.email
        return self.email


class Body(models.Model):
    slug = models.SlugField(_("navn i nettadressen"), unique=True)
    name = models.CharField(_("navn"), max_length=200)
    short_name = models.CharField(_("kortnavn"), max_length=60)
    level = models.PositiveSmallIntegerField(_("nivå"), help_text=_("1 er øverste nivå i rådsmodellen"))
    succeeded_by = models.ForeignKey(
        "self", verbose_name=_("etterfølges av"), null=True, blank=True, related_name="predecessors",
        on_delete=models.SET_NULL, help_text=_("Organet som overtok oppgavene, når dette organet er avviklet."),
    )
    assumption = models.CharField(
        _("antakelse"), max_length=400, blank=True,
        help_text=_("Hvorfor verdien er antatt og ikke hentet fra en kilde. Tom når kilden sier det."),
    )
    history = HistoricalRecords()

    class Meta:
        # Bodies at work first, by level; dissolved ones (Nasjonalt e-helsestyre) after them.
        ordering = [models.F("succeeded_by").asc(nulls_first=True), "level", "id"]
        verbose_name = _("organ")
        verbose_name_plural = _("organer")

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

    body = models.ForeignKey(Body, verbose_name=_("organ"), related_name="later_names", on_delete=models.CASCADE)
    name = models.CharField(_("navn"), max_length=200)
    short_name = models.CharField(_("kortnavn"), max_length=60)
    valid_from = models.DateField(_("gjelder fra"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["valid_from"]
        unique_together = [("body", "valid_from")]
        verbose_name = _("senere navn")
        verbose_name_plural = _("senere navn")


class Mandate(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Forslag")
        ADOPTED = "adopted", _("Vedtatt")

    body = models.ForeignKey(Body, verbose_name=_("organ"), related_name="mandates", on_delete=models.CASCADE)
    version = models.CharField(_("versjon"), max_length=100)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    adopted_by = models.CharField(_("vedtas av"), max_length=200, blank=True)
    valid_from = models.DateField(_("gjelder fra"), null=True, blank=True)
    purpose = models.TextField(_("formål"), blank=True)
    tasks = models.JSONField(_("oppgaver og ansvar"), default=list, blank=True)
    source = models.CharField(_("kilde"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "valid_from", "id"]
        unique_together = [("body", "version")]
        verbose_name = _("mandat")
        verbose_name_plural = _("mandater")

    def __str__(self):
        return f"{self.body} – {self.version}"


class Membership(models.Model):
    """One period of a person in a body: from `start` to `end`, in one role.

    A person who leaves and comes back has two periods (Harald Sundt-Ohlsen in NUIT). The sources
    rarely give both dates: `start` is the meeting where a new member was welcomed and `end` the
    meeting where the successor was; `first_seen` and `last_seen` are the first and last day the
    sources show the period running (a member list, an attendance record, a substitute). A period
    that is over without a known end date is `ended`. See `member_on` for what counts on a day.
    """

    class Role(models.TextChoices):
        LEADER = "leder", _("Leder")
        MEMBER = "medlem", _("Medlem")
        OBSERVER = "observator", _("Observatør")
        SECRETARIAT = "sekretariat", _("Sekretariat")

    body = models.ForeignKey(Body, verbose_name=_("organ"), related_name="memberships", on_delete=models.CASCADE)
    person = models.ForeignKey(Person, verbose_name=_("person"), related_name="memberships", on_delete=models.CASCADE)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisasjon"), null=True, blank=True, on_delete=models.SET_NULL
    )
    role = models.CharField(_("rolle"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    start = models.DateField(_("fra"), null=True, blank=True)
    end = models.DateField(_("til"), null=True, blank=True, help_text=_("Første dag personen ikke lenger er med."))
    ended = models.BooleanField(
        _("avsluttet"), default=False, help_text=_("Perioden er over, også når kildene ikke gir sluttdatoen."),
    )
    replaces = models.ForeignKey(
        Person, verbose_name=_("erstatter"), null=True, blank=True, related_name="replaced_by",
        on_delete=models.SET_NULL,
    )
    first_seen = models.DateField(_("først kjent"), null=True, blank=True)
    last_seen = models.DateField(_("sist kjent"), null=True, blank=True)
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    assumption = models.CharField(
        _("antakelse"), max_length=400, blank=True,
        help_text=_("Hvorfor verdien er antatt og ikke hentet fra en kilde. Tom når kilden sier det."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "organisation__name", "person__name", "first_seen", "start", "id"]
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")

    def __str__(self):
        return f"{self.person} ({self.body})"

    @property
    def is_current(self) -> bool:
        return self.end is None and not self.ended

    @property
    def known_from(self) -> date | None:
        return self.start or self.first_seen

    def member_on(self, day: date) -> bool:
        """A member on the day: from the start (or the first day the sources show the period) until
        the end; a period over at an unknown date counts until the last day the sources show it."""
        if self.known_from is None or day < self.known_from:
            return False
        if self.end is not None:
            return day < self.end
        if self.ended:
            return self.last_seen is not None and day <= self.last_seen
        return True

    def inferred_on(self, day: date) -> bool:
        """Counted on the day only because a period is taken to last until it is known to end."""
        return self.end is None and not self.ended and self.last_seen is not None and day > self.last_seen


class Meeting(models.Model):
    class Minutes(models.TextChoices):
        NONE = "none", _("Ikke skrevet")
        DRAFT = "draft", _("Utkast")
        APPROVED = "approved", _("Godkjent")

    body = models.ForeignKey(Body, verbose_name=_("organ"), related_name="meetings", on_delete=models.PROTECT)
    date = models.DateField(_("dato"))
    number = models.CharField(
        _("møtenummer"), max_length=20, blank=True, help_text=_("Som «2/2024». Tomt når kilden ikke oppgir det.")
    )
    start_time = models.TimeField(_("starter"), null=True, blank=True)
    end_time = models.TimeField(_("slutter"), null=True, blank=True)
    location = models.CharField(_("sted"), max_length=300, blank=True)
    notice_published_at = models.DateTimeField(_("innkalling publisert"), null=True, blank=True)
    minutes_status = models.CharField(_("referat"), max_length=10, choices=Minutes.choices, default=Minutes.NONE)
    minutes_approved_at = models.DateTimeField(_("referat godkjent"), null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        "Case", verbose_name=_("godkjent i sak"), null=True, blank=True, related_name="approves_minutes_of",
        on_delete=models.SET_NULL,
    )
    minutes_assumption = models.CharField(
        _("antakelse om referatet"), max_length=400, blank=True,
        help_text=_("Hvorfor referatets status er antatt og ikke hentet fra en kilde. Tom når kilden sier det."),
    )
    members_called = models.JSONField(
        _("innkalte medlemmer"), default=list, blank=True,
        help_text=_("Medlemslisten i innkallingen: [{name, organisation}], fastsatt da møtet ble planlagt."),
    )
    source = models.CharField(_("kilde"), max_length=200, blank=True)
    location_source = models.CharField(
        _("kilde for stedet"), max_length=300, blank=True,
        help_text=_("Når stedet er hentet fra et annet dokument enn møtets egen kilde."),
    )
    notice_guests = models.JSONField(
        _("gjester som får innkallingen"), default=list, blank=True,
        help_text=_("[{name, email}]: mottakere utenom medlemmene og stedfortrederne."),
    )
    cancelled_at = models.DateTimeField(_("avlyst"), null=True, blank=True)
    cancel_reason = models.CharField(_("grunn til avlysning"), max_length=300, blank=True)
    # iCalendar SEQUENCE: raised with every update or cancellation sent, so calendars replace the event.
    calendar_sequence = models.PositiveIntegerField(_("kalenderversjon"), default=0, editable=False)
    # The calendar version is bookkeeping of what was sent (the outgoing-mail log), not a change.
    history = HistoricalRecords(excluded_fields=["calendar_sequence"])

    class Meta:
        ordering = ["-date"]
        unique_together = [("body", "date")]
        verbose_name = _("møte")
        verbose_name_plural = _("møter")

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
    def has_taken_place(self) -> bool:
        """Decisions, input, action items and attendance are recorded only once it has."""
        return self.date <= timezone.localdate()

    @property
    def minutes_locked(self) -> bool:
        return self.minutes_status == self.Minutes.APPROVED

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def calendar_uid(self) -> str:
        """Stable for the life of the meeting, whatever its date or place becomes."""
        return f"meeting-{self.pk}@radsmodell"


class CaseType(models.TextChoices):
    APPROVAL = "godkjenning", _("Godkjenning")
    DISCUSSION = "drofting", _("Drøfting")
    INFORMATION = "orientering", _("Orientering")
    RECOMMENDATION = "anbefaling", _("Anbefaling")
    DECISION = "beslutning", _("Beslutning")


class Case(models.Model):
    """A case (sak) N/YY of a body. Cases known only from a reference have no meeting."""

    body = models.ForeignKey(Body, verbose_name=_("organ"), related_name="cases", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("år"))
    number = models.PositiveSmallIntegerField(_("nummer"))
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("møte"), related_name="cases", null=True, blank=True, on_delete=models.CASCADE
    )
    title = models.CharField(_("tittel"), max_length=400)
    type = models.CharField(_("sakstype"), max_length=20, choices=CaseType.choices, blank=True)
    type_in_meeting = models.CharField(
        _("sakstype i møtet"), max_length=20, choices=CaseType.choices, blank=True,
        help_text=_("Fylles ut når møtet endret sakstypen."),
    )
    type_change_reason = models.CharField(_("grunn til endret sakstype"), max_length=300, blank=True)
    presenters = models.JSONField(_("presenterer saken"), default=list, blank=True)
    owner = models.CharField(_("sakseier"), max_length=300, blank=True)
    officers = models.JSONField(_("saksbehandlere"), default=list, blank=True)
    memo_to = models.CharField(_("til"), max_length=200, blank=True)
    memo_date = models.DateField(_("notatets dato"), null=True, blank=True)
    summary = models.TextField(_("omtale i innkallingen"), blank=True)
    proposed_decision = models.TextField(_("forslag til vedtak"), blank=True)
    proposal_assumption = models.CharField(
        _("antakelse om forslaget til vedtak"), max_length=400, blank=True,
        help_text=_("Hvorfor forslaget til vedtak er antatt og ikke hentet fra en kilde. Tom når kilden sier det."),
    )
    purpose = models.TextField(_("hensikt med saken"), blank=True)
    background = models.TextField(_("bakgrunn"), blank=True)
    questions = models.TextField(_("hva skal rådsmodellen ta stilling til / drøftingsspørsmål"), blank=True)
    next_steps = models.TextField(_("videre saksprosess"), blank=True)
    minutes_text = models.TextField(_("referat"), blank=True)
    decision = models.TextField(_("vedtak"), blank=True)
    decision_assumption = models.CharField(
        _("antakelse om vedtaket"), max_length=400, blank=True,
        help_text=_("Hvorfor vedtaket er antatt og ikke hentet fra en kilde. Tom når kilden sier det."),
    )
    previous_cases = models.ManyToManyField(
        "self", verbose_name=_("tidligere behandlinger"), symmetrical=False, blank=True, related_name="later_cases"
    )
    is_eventuelt = models.BooleanField(_("eventuelt"), default=False)
    source = models.CharField(_("kilde"), max_length=200, blank=True)
    # The earlier cases are chosen in the case form: recorded with the case (core/history.py).
    history = HistoricalRecords(m2m_fields=["previous_cases"])

    class Meta:
        ordering = ["body", "year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "number"], name="case_number_unique_per_body_year")
        ]
        verbose_name = _("sak")
        verbose_name_plural = _("saker")

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

    meeting = models.ForeignKey(Meeting, verbose_name=_("møte"), related_name="agenda", on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(_("rekkefølge"))
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    start_time = models.TimeField(_("tidspunkt"), null=True, blank=True)
    title = models.CharField(_("tittel"), max_length=300, blank=True)
    summary = models.TextField(_("omtale"), blank=True)
    presenters = models.JSONField(_("presenterer"), default=list, blank=True)
    case = models.OneToOneField(
        Case, verbose_name=_("sak"), null=True, blank=True, related_name="agenda_item", on_delete=models.CASCADE
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("dagsordenpunkt")
        verbose_name_plural = _("dagsorden")

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
        GUEST = "guest", _("Gjest")

    class Remote(models.TextChoices):
        NONE = "none", _("Fysisk")
        FULL = "full", _("Digitalt")
        PARTIAL = "partial", _("Delvis digitalt")

    meeting = models.ForeignKey(Meeting, verbose_name=_("møte"), related_name="attendance", on_delete=models.CASCADE)
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisasjon"), null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField(_("oppmøte"), max_length=12, choices=Status.choices)
    remote = models.CharField(_("digitalt"), max_length=10, choices=Remote.choices, default=Remote.NONE)
    remote_from = models.TimeField(_("digitalt fra"), null=True, blank=True)
    remote_until = models.TimeField(_("digitalt til"), null=True, blank=True)
    substitute_for = models.ForeignKey(
        Person, verbose_name=_("stiller for"), null=True, blank=True, related_name="substituted_by",
        on_delete=models.SET_NULL,
    )
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    cases = models.ManyToManyField(
        "Case", verbose_name=_("til stede under sakene"), blank=True, related_name="guests",
        help_text=_("For gjester: sakene de deltok under."),
    )
    # Set when a member registered the absence themselves before the meeting.
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registrert av"), null=True, blank=True,
        related_name="+", on_delete=models.SET_NULL,
    )
    reported_at = models.DateTimeField(_("registrert"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=["cases"])

    class Meta:
        ordering = ["meeting", "id"]
        unique_together = [("meeting", "person")]
        verbose_name = _("oppmøte")
        verbose_name_plural = _("oppmøte")


class ConflictOfInterest(models.Model):
    """A declared conflict of interest (inhabilitet): the person takes no part in the case."""

    case = models.ForeignKey(Case, verbose_name=_("sak"), related_name="conflicts", on_delete=models.CASCADE)
    person = models.ForeignKey(Person, verbose_name=_("person"), related_name="conflicts", on_delete=models.PROTECT)
    reason = models.CharField(_("grunn"), max_length=400)
    declared_at = models.DateTimeField(_("erklært"), default=timezone.now)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registrert av"), null=True, blank=True,
        related_name="+", on_delete=models.SET_NULL,
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "person__name"]
        unique_together = [("case", "person")]
        verbose_name = _("inhabilitet")
        verbose_name_plural = _("inhabilitet")

    def __str__(self):
        return f"{self.person} ({self.case})"


class SecretariatAttendee(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name=_("møte"), related_name="secretariat", on_delete=models.CASCADE)
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT)

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("deltaker fra sekretariatet")
        verbose_name_plural = _("deltakere fra sekretariatet")


class Attachment(models.Model):
    case = models.ForeignKey(Case, verbose_name=_("sak"), related_name="attachments", on_delete=models.CASCADE)
    label = models.CharField(_("vedlegg"), max_length=40, blank=True)
    title = models.CharField(_("tittel"), max_length=300)
    file = models.FileField(_("fil"), upload_to="vedlegg/%Y/", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "id"]
        verbose_name = _("vedlegg")
        verbose_name_plural = _("vedlegg")


class OtherForumTreatment(models.Model):
    """A row of "Behandling i øvrige fora" in a cover memo."""

    case = models.ForeignKey(Case, verbose_name=_("sak"), related_name="other_fora", on_delete=models.CASCADE)
    date_text = models.CharField(_("dato"), max_length=60, blank=True)
    title = models.CharField(_("tittel"), max_length=400)
    decision = models.TextField(_("vedtak"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "id"]
        verbose_name = _("behandling i øvrige fora")
        verbose_name_plural = _("behandlinger i øvrige fora")


class Input(models.Model):
    """Input (innspill) given in the meeting; unattributed unless the actor asked to be named."""

    case = models.ForeignKey(Case, verbose_name=_("sak"), related_name="inputs", on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    text = models.TextField(_("innspill"))
    actor = models.CharField(_("navngitt aktør"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "position", "id"]
        verbose_name = _("innspill")
        verbose_name_plural = _("innspill")


class ActionItem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Åpent")
        IN_PROGRESS = "in_progress", _("Under arbeid")
        DONE = "done", _("Utført")
        DROPPED = "dropped", _("Frafalt")

    case = models.ForeignKey(Case, verbose_name=_("sak"), related_name="action_items", on_delete=models.CASCADE)
    text = models.TextField(_("aksjonspunkt"))
    # As the minutes name the owner; the organisation and person below are who it is in the register.
    owner = models.CharField(_("ansvarlig"), max_length=200)
    owner_organisation = models.ForeignKey(
        Organisation, verbose_name=_("ansvarlig organisasjon"), null=True, blank=True,
        related_name="action_items", on_delete=models.SET_NULL,
    )
    owner_person = models.ForeignKey(
        Person, verbose_name=_("ansvarlig person"), null=True, blank=True,
        related_name="action_items", on_delete=models.SET_NULL,
    )
    due = models.DateField(_("frist"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    closed_by = models.ForeignKey(
        Case, verbose_name=_("fulgt opp i sak"), null=True, blank=True, related_name="closes_action_items",
        on_delete=models.SET_NULL,
    )
    closed_note = models.CharField(_("merknad ved lukking"), max_length=300, blank=True)
    created = models.DateField(_("opprettet"))
    closed = models.DateField(_("lukket"), null=True, blank=True)
    assumption = models.CharField(
        _("antakelse"), max_length=400, blank=True,
        help_text=_("Hvorfor aksjonspunktet er antatt og ikke hentet fra en kilde. Tom når kilden sier det."),
    )
    closed_assumption = models.CharField(
        _("antakelse om oppfølgingen"), max_length=400, blank=True,
        help_text=_("Hvorfor det er antatt at saken fulgte opp aksjonspunktet. Tom når kilden sier det."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("aksjonspunkt")
        verbose_name_plural = _("aksjonspunkter")

    @property
    def is_open(self) -> bool:
        return self.closed is None

    def age_days(self, today: date | None = None) -> int:
        return ((self.closed or today or date.today()) - self.created).days

    def is_overdue(self, today: date | None = None) -> bool:
        return self.is_open and self.due is not None and self.due < (today or timezone.localdate())


class ActionItemEvent(models.Model):
    """One step in an action item's life: opened, in progress, done or dropped; who, when and why."""

    item = models.ForeignKey(ActionItem, verbose_name=_("aksjonspunkt"), related_name="events",
                             on_delete=models.CASCADE)
    status = models.CharField(_("status"), max_length=12, choices=ActionItem.Status.choices)
    date = models.DateField(_("dato"))
    note = models.CharField(_("hvorfor"), max_length=400, blank=True)
    case = models.ForeignKey(Case, verbose_name=_("i sak"), null=True, blank=True, related_name="+",
                             on_delete=models.SET_NULL)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("av"), null=True, blank=True,
                           related_name="+", on_delete=models.SET_NULL)
    recorded_at = models.DateTimeField(_("registrert"), default=timezone.now)

    class Meta:
        ordering = ["item", "date", "recorded_at", "id"]
        verbose_name = _("statusendring for aksjonspunkt")
        verbose_name_plural = _("statusendringer for aksjonspunkter")


class Commission(models.Model):
    """A commission (oppdrag) to an organisation: from HOD's allocation letter, or from a decision."""

    class Giver(models.TextChoices):
        MINISTRY = "hod", _("Helse- og omsorgsdepartementet")
        BODY = "body", _("Et organ i rådsmodellen")
        OTHER = "other", _("Annen")

    class Status(models.TextChoices):
        GIVEN = "given", _("Gitt")
        IN_PROGRESS = "in_progress", _("Under arbeid")
        DELIVERED = "delivered", _("Levert")
        DROPPED = "dropped", _("Bortfalt")

    reference = models.CharField(_("referanse"), max_length=60, blank=True, help_text=_("Som «TB2024-79»."))
    title = models.CharField(_("tittel"), max_length=400)
    description = models.TextField(_("beskrivelse"), blank=True)
    giver = models.CharField(_("oppdragsgiver"), max_length=10, choices=Giver.choices)
    giver_body = models.ForeignKey(Body, verbose_name=_("organ som ga oppdraget"), null=True, blank=True,
                                   related_name="commissions_given", on_delete=models.SET_NULL)
    giver_name = models.CharField(_("oppdragsgiver (navn)"), max_length=200, blank=True,
                                  help_text=_("Når oppdragsgiveren er «Annen»."))
    basis = models.CharField(_("grunnlag"), max_length=200, blank=True,
                             help_text=_("Som «Tildelingsbrev 2024» eller «Vedtak i sak 17/24»."))
    decided_in = models.ForeignKey(Case, verbose_name=_("gitt i sak"), null=True, blank=True,
                                   related_name="commissions_given", on_delete=models.SET_NULL)
    receiver = models.ForeignKey(Organisation, verbose_name=_("mottaker"), related_name="commissions",
                                 on_delete=models.PROTECT)
    partners = models.ManyToManyField(Organisation, verbose_name=_("i samarbeid med"), blank=True,
                                      related_name="commissions_as_partner")
    given = models.DateField(_("gitt"), null=True, blank=True)
    deadline = models.DateField(_("frist"), null=True, blank=True)
    deadline_text = models.CharField(_("frist (tekst)"), max_length=200, blank=True,
                                     help_text=_("Fristen slik kilden skriver den, når den ikke er en dato."))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.GIVEN)
    deliverable = models.TextField(_("leveranse"), blank=True)
    deliverable_url = models.URLField(_("lenke til leveransen"), blank=True)
    delivered = models.DateField(_("levert"), null=True, blank=True)
    cases = models.ManyToManyField(Case, verbose_name=_("behandlet i saker"), blank=True,
                                   related_name="commissions")
    source = models.CharField(_("kilde"), max_length=200, blank=True)
    assumption = models.CharField(
        _("antakelse"), max_length=400, blank=True,
        help_text=_("Hvorfor verdien er antatt og ikke hentet fra en kilde. Tom når kilden sier det."),
    )
    history = HistoricalRecords(m2m_fields=["partners", "cases"])

    class Meta:
        ordering = [models.F("deadline").asc(nulls_last=True), "reference", "id"]
        verbose_name = _("oppdrag")
        verbose_name_plural = _("oppdrag")

    def __str__(self):
        return f"{self.reference} {self.title}".strip()

    def get_absolute_url(self):
        return reverse("council:commission", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.GIVEN, self.Status.IN_PROGRESS)

    def is_overdue(self, today: date | None = None) -> bool:
        return self.is_open and self.deadline is not None and self.deadline < (today or timezone.localdate())

    @property
    def giver_display(self) -> str:
        if self.giver == self.Giver.BODY and self.giver_body_id:
            return self.giver_body.short_name
        if self.giver == self.Giver.OTHER:
            return self.giver_name
        return self.get_giver_display()


class MemoComment(models.Model):
    """A member's comment on a cover memo while it is a draft."""

    case = models.ForeignKey(Case, verbose_name=_("sak"), related_name="comments", on_delete=models.CASCADE)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("forfatter"), on_delete=models.PROTECT)
    text = models.TextField(_("kommentar"))
    created = models.DateTimeField(_("opprettet"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created"]
        verbose_name = _("kommentar til notatet")
        verbose_name_plural = _("kommentarer til notatet")


class MinutesCorrection(models.Model):
    """A correction to approved minutes: the old and new text, who, when and why."""

    class Field(models.TextChoices):
        # The parts of a case's minutes that can be corrected after approval.
        DECISION = "decision", _("Vedtak")
        MINUTES_TEXT = "minutes_text", _("Referat")

    case = models.ForeignKey(Case, verbose_name=_("sak"), related_name="corrections", on_delete=models.CASCADE)
    field = models.CharField(_("felt"), max_length=40, choices=Field.choices)
    old_value = models.TextField(_("før"))
    new_value = models.TextField(_("etter"))
    reason = models.TextField(_("begrunnelse"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("forfatter"), on_delete=models.PROTECT)
    created = models.DateTimeField(_("opprettet"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created"]
        verbose_name = _("rettelse")
        verbose_name_plural = _("rettelser")


class MeetingDocument(models.Model):
    """A source file (notice, minutes, meeting pack) the meeting was imported from, kept as it came."""

    class Kind(models.TextChoices):
        NOTICE = "notice", _("Innkalling")
        MINUTES = "minutes", _("Referat")
        PACK = "pack", _("Sakspapirer")

    meeting = models.ForeignKey(Meeting, verbose_name=_("møte"), related_name="documents", on_delete=models.CASCADE)
    kind = models.CharField(_("dokumenttype"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("fil"), upload_to="moetedokumenter/%Y/")
    original_name = models.CharField(_("filnavn"), max_length=255)
    # The same file imported again is recognised by its content, whatever it is called.
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    imported_at = models.DateTimeField(_("importert"), default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("importert av"), null=True, blank=True,
        related_name="+", on_delete=models.SET_NULL,
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "imported_at", "id"]
        verbose_name = _("kildedokument")
        verbose_name_plural = _("kildedokumenter")

    def __str__(self):
        return self.original_name
