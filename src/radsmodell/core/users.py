"""Accounts the secretariat creates: council members, secretariat staff and reporters."""
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import BaseUserCreationForm
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .forms import StyledMixin
from .roles import MEMBER, SECRETARIAT

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
            group, _created = Group.objects.get_or_create(name=self.cleaned_data["role"])
            user.groups.add(group)
        return user
