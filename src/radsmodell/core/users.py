"""Accounts the secretariat creates, deactivates and activates again: council members, secretariat
staff and reporters."""
import logging

from django import forms
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.forms import BaseUserCreationForm
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .forms import StyledMixin
from .roles import MEMBER, SECRETARIAT

log = logging.getLogger(__name__)

ROLE_CHOICES = [
    ("", _("Ingen rolle (f.eks. rapportør for en tiltakseier)")),
    (MEMBER, _("Rådsmedlem: leser utkast og gir innspill")),
    (SECRETARIAT, _("Sekretariat: kan endre alt")),
]


class LongPasswordValidator(MinimumLengthValidator):
    """Django's length rule with a message in our catalogue (Django's own lacks bokmål for it)."""

    def get_error_message(self):
        return _("Passordet er for kort: det må ha minst %(min_length)d tegn.") % {"min_length": self.min_length}

    def get_help_text(self):
        return _("Passordet må ha minst %(min_length)d tegn.") % {"min_length": self.min_length}


class NewUserForm(StyledMixin, BaseUserCreationForm):
    """Username, name, e-mail, role and a password checked by the password validators."""
    role = forms.ChoiceField(label=_("Rolle"), choices=ROLE_CHOICES, required=False)

    class Meta(BaseUserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "first_name", "last_name", "email"]

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Brukernavnet «%(name)s» er i bruk.") % {"name": username})
        return username

    @transaction.atomic
    def save(self, commit=True):
        user = super().save(commit=True)
        if self.cleaned_data["role"]:
            set_role(user, self.cleaned_data["role"])
        return user


ROLES = (MEMBER, SECRETARIAT)


@transaction.atomic
def set_role(account, role: str, *, by=None) -> None:
    """The account's role becomes `role` (MEMBER, SECRETARIAT or "" for none); other groups stay.
    Recorded in the account's history (its groups are). Nobody takes the secretariat role from
    themselves: the secretariat would lock itself out."""
    if role and role not in ROLES:
        raise ValidationError({"role": gettext("Ukjent rolle «%(role)s».") % {"role": role}})
    if by is not None and account.pk == by.pk and role != SECRETARIAT \
            and account.groups.filter(name=SECRETARIAT).exists():
        raise ValidationError({"role": gettext("Du kan ikke ta fra deg selv rollen som sekretariat.")})
    wanted = {Group.objects.get_or_create(name=role)[0]} if role else set()
    current = set(account.groups.filter(name__in=ROLES))
    if current - wanted:
        account.groups.remove(*(current - wanted))
    if wanted - current:
        account.groups.add(*(wanted - current))


def set_active(account, active: bool, *, by) -> None:
    """Deactivate an account (it can no longer sign in, and its sessions end at once) or activate it
    again. Nobody deactivates themselves: the secretariat would lock itself out."""
    if not active and account.pk == by.pk:
        raise ValidationError(gettext("Du kan ikke deaktivere din egen bruker."))
    with transaction.atomic():
        account.is_active = active
        account.save(update_fields=["is_active"])
        ended = 0 if active else end_sessions(account)
    # The change log records it with the account; the operator's log too (ids only, no names).
    log.info("Bruker %s %s av bruker %s (%d økter avsluttet).", account.pk,
             "aktivert" if active else "deaktivert", by.pk, ended)


def end_sessions(account) -> int:
    """Delete the account's sessions. A session row does not say whose it is without decoding it, so
    each live one is read: a few hundred rows at most for a register of this size."""
    theirs = [session.pk for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
              if session.get_decoded().get(SESSION_KEY) == str(account.pk)]
    Session.objects.filter(pk__in=theirs).delete()
    return len(theirs)


def update_last_login_unrecorded(sender, user, **kwargs):
    """Django's own receiver, without a history row: a login is not a change of the account,
    and recording one per login would bury the changes that matter (core/models.py)."""
    from django.contrib.auth.models import update_last_login

    user.skip_history_when_saving = True
    try:
        update_last_login(sender, user, **kwargs)
    finally:
        del user.skip_history_when_saving
