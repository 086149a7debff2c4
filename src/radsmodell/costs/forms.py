from django import forms
from django.utils.translation import gettext_lazy as _

from radsmodell.core.forms import StyledForm

from . import engine
from .builtin import BUILTIN_MODELS

YEARS = (2000, 2100)


class NokField(forms.CharField):
    """An amount in kroner as Norwegians write it ("120 000 000", "1 633,50"), cleaned to whole øre."""

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            ore = engine.nok_to_ore(text.replace("\u00a0", " "))
        except engine.AmountError:
            raise forms.ValidationError(_("Skriv beløpet i kroner, f.eks. 120 000 000 eller 1 633,50."))
        if ore < 0:
            raise forms.ValidationError(_("Beløpet kan ikke være negativt."))
        return ore


def model_choices():
    return [(slug, f"{model.name} ({slug})") for slug, model in BUILTIN_MODELS.items()]


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(min_value=YEARS[0], max_value=YEARS[1], **kwargs)


class CostBaseForm(StyledForm):
    solution = forms.ChoiceField(label=_("Nasjonal e-helseløsning"), choices=())
    year = YearField(label=_("År"))
    amount = NokField(label=_("Kostnadsgrunnlag (kr)"), help_text=_("Drift og forvaltning for året, i kroner."))
    source = forms.CharField(label=_("Kilde"), required=False, max_length=400)

    def __init__(self, *args, solutions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["solution"].choices = [(s.slug, s.name) for s in solutions]


class OrganisationImportForm(StyledForm):
    year = YearField(label=_("Registeret for år"))
    file = forms.FileField(label=_("Fil (CSV eller XLSX)"), help_text=_(
        "Overskrift: org_number,name,kind,segment,turnover_nok,keeps_accounts,locations,ftes,nace,population,chain. "
        "Filen erstatter hele registeret for året."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Filen må være CSV eller XLSX."))
        if upload.size > 50 * 1024 * 1024:
            raise forms.ValidationError(_("Filen er større enn 50 MB."))
        return upload


class AllocationForm(StyledForm):
    model = forms.ChoiceField(label=_("Prismodell"), choices=model_choices)
    year = YearField(label=_("År"))
    cost = NokField(label=_("Kostnadsgrunnlag (kr)"), required=False,
                    help_text=_("Tomt: kostnadsgrunnlaget som er registrert for løsningen og året."))
    legal_basis_private = forms.BooleanField(label=_("Med hjemmel for å fakturere private aktører"), required=False)
    label = forms.CharField(label=_("Betegnelse"), required=False, max_length=200,
                            help_text=_("F.eks. «Fakturagrunnlag 2025, vedtatt»."))


class ScenarioForm(StyledForm):
    """One side of a comparison; used twice with the prefixes a and b."""
    model = forms.ChoiceField(label=_("Prismodell"), choices=model_choices)
    year = YearField(label=_("År"))
    cost = NokField(label=_("Kostnadsgrunnlag (kr)"), required=False,
                    help_text=_("Tomt: det registrerte kostnadsgrunnlaget."))
    legal_basis_private = forms.BooleanField(label=_("Med hjemmel for private"), required=False)
