"""Core's model: a link between two objects of any apps (core/links.py says how it works); and the
audit trail of user accounts."""
from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history import register
from simple_history.models import HistoricalRecords


class Link(models.Model):
    """Two objects the record connects: a case and the initiatives it concerns, an initiative and
    the goals it serves. Each end is a kind ("case", "initiative", …) and the object's reference
    within that kind (its primary key, or a slug for objects kept in files), so that a renamed or
    renumbered object keeps its links. Shown on the pages of both ends."""

    a_kind = models.CharField(_("fra (type)"), max_length=30)
    a_ref = models.CharField(_("fra"), max_length=100)
    b_kind = models.CharField(_("til (type)"), max_length=30)
    b_ref = models.CharField(_("til"), max_length=100)
    date = models.DateField(_("dato"), null=True, blank=True, help_text=_("Når koblingen ble gjort i kilden."))
    source = models.CharField(_("kilde"), max_length=400, blank=True)
    assumption = models.CharField(
        _("antakelse"), max_length=400, blank=True,
        help_text=_("Hvorfor koblingen er antatt og ikke hentet fra en kilde. Tom når kilden sier det."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("lagt inn av"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("lagt inn"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["a_kind", "a_ref", "b_kind", "b_ref"]
        constraints = [models.UniqueConstraint(fields=["a_kind", "a_ref", "b_kind", "b_ref"], name="link_once")]
        indexes = [models.Index(fields=["b_kind", "b_ref"])]
        verbose_name = _("kobling")
        verbose_name_plural = _("koblinger")

    def __str__(self):
        return f"{self.a_kind}:{self.a_ref} – {self.b_kind}:{self.b_ref}"


# Accounts and their roles (group memberships) are audited like the register; the password hash
# and the time of the last login are left out: one is a secret, the other is not a change.
register(User, app="radsmodell.core", excluded_fields=["password", "last_login"], m2m_fields=["groups"])


class ApiToken(models.Model):
    """A personal key for the API (core/tokens.py), sent as `Authorization: Bearer <key>`: the API acts
    as its user, with that user's roles. Only a hash of the key is stored; its first characters
    (`prefix`) name it in lists and in the request log. A read key is refused every write."""

    class Scope(models.TextChoices):
        READ = "read", _("lese")
        READ_WRITE = "read-write", _("lese og skrive")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("bruker"), related_name="api_tokens",
                             on_delete=models.CASCADE)
    name = models.CharField(_("navn"), max_length=100, help_text=_("Hva nøkkelen brukes til, f.eks. «Sakssystemet»."))
    prefix = models.CharField(_("begynner med"), max_length=12, unique=True)
    key_hash = models.CharField(max_length=64, unique=True)  # sha256 of the whole key, hex
    scope = models.CharField(_("tilgang"), max_length=10, choices=Scope.choices, default=Scope.READ)
    created = models.DateTimeField(_("opprettet"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("opprettet av"), null=True, blank=True,
                                   related_name="+", on_delete=models.SET_NULL)
    last_used = models.DateTimeField(_("sist brukt"), null=True, blank=True)
    revoked = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)
    # Created and revoked are changes; a use is not (last_used is written without a history row).
    history = HistoricalRecords(excluded_fields=["key_hash", "last_used"])

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API-nøkkel")
        verbose_name_plural = _("API-nøkler")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def may_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE


class OutgoingMail(models.Model):
    """One e-mail to one recipient, kept as sent (core/mail.py): the log of who was sent what and
    when, and the message itself, so a failed send can be retried exactly as it was made."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Venter")
        SENT = "sent", _("Sendt")
        FAILED = "failed", _("Feilet")

    kind = models.CharField(_("type"), max_length=30)  # "notice", "notice-update", "cancellation", "digest"
    about = models.CharField(_("gjelder"), max_length=100, blank=True, db_index=True,
                             help_text=_("Objektet meldingen gjelder, som «meeting:nuit/2024-05-15»."))
    recipient = models.EmailField(_("til"))
    recipient_name = models.CharField(_("mottaker"), max_length=200, blank=True)
    subject = models.CharField(_("emne"), max_length=300)
    # The whole MIME message; From and To are taken from the fields above when it is sent again.
    raw = models.BinaryField(_("melding"), editable=False)
    from_address = models.CharField(_("fra"), max_length=300)
    # What makes a message the same message (e.g. one digest per recipient per day): a second
    # message with the same key is not made.
    key = models.CharField(_("nøkkel"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    error = models.TextField(_("feil"), blank=True)
    created = models.DateTimeField(_("laget"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sendt av"), null=True, blank=True,
                                   related_name="+", on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [models.UniqueConstraint(fields=["key"], condition=~models.Q(key=""), name="outgoingmail_key")]
        verbose_name = _("utgående e-post")
        verbose_name_plural = _("utgående e-post")

    def __str__(self):
        return f"{self.subject} → {self.recipient}"


class SearchDocument(models.Model):
    """One object as the search index holds it (core/search): what a hit shows, the text of its fields
    for the snippets, and its facets. The words themselves are indexed beside it, by vendor: an FTS5
    table `core_search_fts` on SQLite (rowid = this id), tsvector columns on this table on PostgreSQL;
    both are made by migration 0006 and written by core/search/store.py."""

    kind = models.CharField(_("type"), max_length=30)  # "case", "action_item", …
    ref = models.CharField(_("referanse"), max_length=100)  # the object's primary key
    public = models.BooleanField(_("offentlig"), default=False)
    date = models.DateField(_("dato"), null=True, blank=True)
    # "name=value" lines: what members and the secretariat filter on, and what the public may. Read
    # for every match of a search, so they come before the long columns (SQLite reads a row in order).
    facet_keys = models.TextField(_("fasetter"), blank=True)
    public_facet_keys = models.TextField(_("offentlige fasetter"), blank=True)
    title = models.CharField(_("tittel"), max_length=500)
    url = models.CharField(_("adresse"), max_length=300)
    meta = models.CharField(_("om treffet"), max_length=300, blank=True)
    fields = models.JSONField(_("felter"), default=list)  # [{"label", "text", "public"}], for the snippets

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "ref"], name="searchdocument_once")]
        verbose_name = _("søkedokument")
        verbose_name_plural = _("søkedokumenter")

    def __str__(self):
        return f"{self.kind}:{self.ref} {self.title}"
