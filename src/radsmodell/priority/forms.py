from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from radsmodell.core import tabular
from radsmodell.core.forms import StyledForm
from radsmodell.core.roles import GROUP_LABELS
from radsmodell.portfolio.models import Initiative

from .models import ScoringModel


class SessionForm(StyledForm):
    title = forms.CharField(label=_("Tittel"), max_length=300)
    scoring_model = forms.ModelChoiceField(label=_("Modell"), queryset=ScoringModel.objects.all(), empty_label=None)
    initiatives = forms.ModelMultipleChoiceField(
        label=_("Tiltak fra porteføljen"), queryset=Initiative.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple)
    measures = forms.CharField(label=_("Andre tiltak"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("Ett tiltak per linje. Kan stå tomt når scorene lastes opp."))
    upload = forms.FileField(label=_("Scorer fra fil"), required=False,
                             help_text=_("CSV med kolonnene name,Q1,…,I eller en arbeidsbok (.xlsx) lagt opp "
                                         "som rådets: ett ark per område, én kolonne per tiltak."))
    rater = forms.CharField(label=_("Vurdert av (for filen)"), required=False, max_length=200)
    self_scoring = forms.BooleanField(
        label=_("Vurdererne scorer selv"), required=False,
        help_text=_("Inviter medlemmer som fyller ut hvert sitt ark; det samlede resultatet vises når runden er "
                    "avsluttet."))

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        if upload and (problem := tabular.upload_problem(upload)):  # refused unread: Django knows the size
            raise forms.ValidationError(problem, code="too_large")
        return upload


class RaterForm(StyledForm):
    name = forms.CharField(label=_("Navn"), max_length=200)


class UserChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        name = user.get_full_name() or user.username
        roles = ", ".join(str(GROUP_LABELS.get(g.name, g.name)) for g in user.groups.all())
        return f"{name} ({user.username}{', ' + roles if roles else ''})"


class InviteForm(StyledForm):
    """The users to invite to a self-scoring session: members, or any other active user."""
    users = UserChoice(label=_("Inviter som vurderere"), queryset=User.objects.none(),
                       widget=forms.CheckboxSelectMultiple,
                       help_text=_("Hver invitert bruker får sitt eget ark, med sitt fulle navn som vurderer."))

    def __init__(self, *args, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        users = User.objects.filter(is_active=True).prefetch_related("groups").order_by(
            "first_name", "last_name", "username")
        if session is not None:
            users = users.exclude(pk__in=session.raters.exclude(user=None).values("user"))
        self.fields["users"].queryset = users


class MeasureForm(StyledForm):
    name = forms.CharField(label=_("Tiltak"), max_length=300)


class SensitivityForm(StyledForm):
    concentration = forms.FloatField(
        label=_("Sikkerhet i vektene (konsentrasjon)"), min_value=0.01, max_value=1_000_000,
        help_text=_("Høy verdi: vektene ligger nær modellens. Lav: de varierer mye."))
    top_k = forms.IntegerField(label=_("Topp k"), min_value=1)


class ScoringModelForm(StyledForm):
    slug = forms.SlugField(label=_("Kortnavn (i adresser)"), max_length=50)
    name = forms.CharField(label=_("Navn"), max_length=200)
    description = forms.CharField(label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    definition = forms.CharField(
        label=_("Kriterietre (YAML)"), widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false"}),
        help_text=_("root: gruppene som barn; hver node har key, label, combine (mean, weighted_mean, sum), "
                    "weights og missing: hva gruppen gjør med manglende svar (propagate: som regnearket, tomme "
                    "svar hoppes over, men en undergruppe uten verdi gir gruppen ingen verdi; skip: hopp over alt "
                    "som mangler; require: alle må ha verdi). Uten missing gjelder propagate, for en sum require. "
                    "Spørsmålene har scale [0, 10] og higher_is_better. tie_break: gruppenøkler."))
