import csv
import io

from django import forms
from django.utils.translation import gettext_lazy as _

from radsmodell.core.forms import StyledForm

from . import engine, importing
from .models import Area

IMPORT_COLUMNS = ["indicator", "area", "measure", "period", "value", "numerator", "denominator", "note"]


class ObservationForm(StyledForm):
    """One value of a series. It is checked by the importer's rules, so a value typed here and
    one read from a file are held to the same standard."""
    area = forms.ModelChoiceField(label=_("Område"), queryset=Area.objects.all(), empty_label=None)
    measure = forms.CharField(label=_("Måltall"), required=False, max_length=300,
                              help_text=_("Bare når indikatoren har flere måltall for samme område."))
    period = forms.CharField(label=_("Periode"), max_length=10, help_text=_("År (2025), kvartal (2025-Q3) eller måned (2025-10)."))
    value = forms.CharField(label=_("Verdi"), required=False, max_length=30, help_text=_("Desimalkomma går fint: 12,1."))
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
            self.add_error(error.column if error.column in self.fields else None, error.reason)
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
                raise forms.ValidationError(str(error))
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
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("Filen er større enn 20 MB."))
        return upload
