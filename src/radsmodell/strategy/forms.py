import csv
import io

from django import forms
from django.utils.translation import gettext_lazy as _

from radsmodell.core import tabular
from radsmodell.core.forms import StyledForm, StyledMixin

from . import engine, importing, services
from .models import Activity, Area, Goal, Indicator, SubGoal
from .texts import period_error

IMPORT_COLUMNS = ["indicator", "area", "measure", "period", "value", "numerator", "denominator", "note"]


class ObservationForm(StyledForm):
    """One value of a series. It is checked by the importer's rules, so a value typed here and
    one read from a file are held to the same standard."""
    area = forms.ModelChoiceField(label=_("Område"), queryset=Area.objects.all(), empty_label=None)
    measure = forms.CharField(label=_("Måltall"), required=False, max_length=300,
                              help_text=_("Bare når indikatoren har flere måltall for samme område."))
    period = forms.CharField(label=_("Periode"), max_length=10,
                             help_text=_("År (2025), kvartal (2025-Q3) eller måned (2025-10)."))
    value = forms.CharField(label=_("Verdi"), required=False, max_length=30,
                            help_text=_("Desimalkomma går fint: 12,1."))
    numerator = forms.CharField(label=_("Teller"), required=False, max_length=20)
    denominator = forms.CharField(label=_("Nevner"), required=False, max_length=20,
                                  help_text=_("Med teller og nevner regnes andelen ut."))
    note = forms.CharField(label=_("Merknad"), required=False, max_length=400)

    def __init__(self, indicator, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        if indicator.primary_area_id:
            self.fields["area"].initial = indicator.primary_area_id
        self._rows = []

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(IMPORT_COLUMNS)
        writer.writerow([self.indicator.slug, data["area"].slug] + [data.get(c) or "" for c in IMPORT_COLUMNS[2:]])
        rows, errors = importing.parse_observations(out.getvalue().encode("utf-8"), "skjema.csv")
        for error in errors:
            self.add_error(error.column if error.column in self.fields else None, error.message)
        self._rows = rows
        return data

    def row(self) -> dict:
        return self._rows[0]


class AssessmentForm(StyledForm):
    period = forms.CharField(label=_("Periode vurderingen gjelder"), max_length=10, help_text=_("F.eks. 2025-Q4."))
    text = forms.CharField(label=_("Vurderingstekst"), widget=forms.Textarea(attrs={"rows": 4}))
    next_assessment = forms.CharField(label=_("Neste vurdering"), max_length=10, required=False,
                                      help_text=_("F.eks. 2026-Q1."))

    def _clean_period(self, name: str) -> str:
        text = self.cleaned_data.get(name, "").strip()
        if text:
            try:
                engine.parse_period(text)
            except engine.PeriodError as error:
                raise forms.ValidationError(period_error(error))
        return text

    def clean_period(self):
        return self._clean_period("period")

    def clean_next_assessment(self):
        return self._clean_period("next_assessment")


class ImportForm(StyledForm):
    file = forms.FileField(label=_("Fil (CSV eller XLSX)"),
                           help_text=_("Kolonner: indicator, area, period, value eller numerator og denominator; "
                                       "valgfritt measure og note."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Filen må være CSV eller XLSX."))
        if problem := tabular.upload_problem(upload):  # refused unread: Django knows the size
            raise forms.ValidationError(problem, code="too_large")
        return upload


class IndicatorForm(StyledMixin, forms.ModelForm):
    """The indicator's description and ambitions; interim ambitions as lines «år: verdi»."""
    interim = forms.CharField(label=_("Delambisjoner"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Én per linje: «2026: 25», eller med område: «2026 norge: 25»."))

    class Meta:
        model = Indicator
        fields = ["name", "slug", "code", "goals", "assumption", "kind", "readiness", "readiness_assumption",
                  "ready_from", "definition", "data_source", "frequency", "quarterly_as_mean_of_months", "unit",
                  "higher_is_better", "primary_area", "baseline_period", "baseline_value", "baseline_assumption",
                  "ambition", "break_notes", "notes", "source"]
        # The initiatives an indicator measures are links, edited with every other link (/koblinger/).
        widgets = {"goals": forms.CheckboxSelectMultiple,
                   "definition": forms.Textarea(attrs={"rows": 3}), "break_notes": forms.Textarea(attrs={"rows": 2}),
                   "notes": forms.Textarea(attrs={"rows": 2}), "source": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"ambition": _("Ambisjonen for 2030. Tomt til den er vedtatt: siden viser da «ingen ambisjon "
                                    "satt»."),
                      "baseline_period": _("År, kvartal eller måned, f.eks. 2021.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("interim", "\n".join(
                f"{a.year}{' ' + a.area.slug if a.area else ''}: {a.value.normalize():f}".replace(".", ",")
                for a in self.instance.interim_ambitions.select_related("area")))
        self._interim = []

    def clean_baseline_period(self):
        text = self.cleaned_data.get("baseline_period", "").strip()
        if text:
            try:
                engine.parse_period(text)
            except engine.PeriodError as error:
                raise forms.ValidationError(period_error(error))
        return text

    def clean_interim(self):
        self._interim = services.parse_interim_ambitions(self.cleaned_data.get("interim", ""),
                                                        {a.slug: a for a in Area.objects.all()})
        return self.cleaned_data.get("interim", "")

    def save(self, commit=True):
        indicator = super().save(commit=False)
        return services.save_indicator(indicator, self.cleaned_data["goals"], self._interim)


class VersionForm(StyledForm):
    key = forms.SlugField(label=_("Nøkkel"), max_length=50, help_text=_("Kort navn i adressen, f.eks. 2026-q1."))
    name = forms.CharField(label=_("Navn"), max_length=300, help_text=_("F.eks. «Veikart 1. kvartal 2026»."))
    note = forms.CharField(label=_("Merknad"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ActivityForm(StyledMixin, forms.ModelForm):
    why = forms.CharField(label=_("Begrunnelse for endringen"), required=False, max_length=400,
                          help_text=_("Kommer med i endringsloggen for versjonen."))

    class Meta:
        model = Activity
        fields = ["name", "key", "goal", "subgoal", "assumption", "owner", "horizon", "status", "initiatives", "source"]
        widgets = {"initiatives": forms.SelectMultiple(attrs={"size": 6})}
        help_texts = {"key": _("Følger aktiviteten fra versjon til versjon; endres ikke når navnet endres.")}

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.fields["goal"].queryset = Goal.objects.filter(level=Goal.Level.STRATEGIC)
        self.fields["subgoal"].queryset = SubGoal.objects.select_related("goal").order_by("-year", "code")
        if self.instance.pk:
            self.fields["key"].disabled = True

    def clean_key(self):
        key = self.cleaned_data["key"]
        clash = Activity.objects.filter(version=self.version, key=key).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Nøkkelen «%(key)s» er i bruk i denne versjonen.") % {"key": key})
        return key

    def save(self, commit=True):
        activity = super().save(commit=False)
        activity.version = self.version
        return services.save_activity(activity, self.cleaned_data["initiatives"], self.cleaned_data["why"])
