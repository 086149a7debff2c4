from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from radsmodell.core.forms import StyledForm, StyledMixin

from .criteria import CRITERIA
from .models import Benefit, EpjVendor, Initiative, NationalSolution, StatusReport

RAG_CHOICES = [("", "–")] + list(StatusReport.Rag.choices)
RISK_ROWS = 3


class RoundForm(StyledForm):
    name = forms.CharField(label=_("Navn"), max_length=300, help_text=_("For eksempel «Desember 2026»."))
    cut_off = forms.DateField(label=_("Rapporteringsfrist"), required=False, input_formats=["%Y-%m-%d", "%d.%m.%Y"],
                              widget=forms.DateInput(attrs={"type": "date"}),
                              error_messages={"invalid": _("Datoen har feil format.")})


class ReportForm(StyledForm):
    overall = forms.ChoiceField(label=_("Samlet status"), choices=RAG_CHOICES, required=False)
    schedule = forms.ChoiceField(label=_("Fremdrift"), choices=RAG_CHOICES, required=False)
    cost = forms.ChoiceField(label=_("Kostnad"), choices=RAG_CHOICES, required=False)
    scope = forms.ChoiceField(label=_("Omfang"), choices=RAG_CHOICES, required=False)
    risk = forms.ChoiceField(label=_("Risiko"), choices=RAG_CHOICES, required=False)
    text = forms.CharField(label=_("Hva har endret seg siden sist?"), required=False,
                           widget=forms.Textarea(attrs={"rows": 4}))
    milestones = forms.CharField(label=_("Neste milepæler"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def risks(self) -> list[dict]:
        return [{key: self.cleaned_data.get(f"risk-{n}-{key}") for key in ("description", "probability", "impact",
                                                                         "mitigation")}
                for n in range(1, RISK_ROWS + 1)]

    @classmethod
    def for_report(cls, report) -> "ReportForm":
        if report is None:
            return cls()
        fields = ("overall", "schedule", "cost", "scope", "risk", "text", "milestones")
        initial = {f: getattr(report, f) for f in fields}
        for n, risk in enumerate(report.risks.all(), start=1):
            for key in ("description", "probability", "impact", "mitigation"):
                initial[f"risk-{n}-{key}"] = getattr(risk, key)
        return cls(initial=initial)


# Three risk rows, each with description, probability, impact and mitigation.
for _n in range(1, RISK_ROWS + 1):
    ReportForm.base_fields.update({
        f"risk-{_n}-description": forms.CharField(label=_("Risiko %(n)s") % {"n": _n}, required=False,
                                                  widget=forms.Textarea(attrs={"rows": 2})),
        f"risk-{_n}-probability": forms.IntegerField(label=_("Sannsynlighet (1–5)"), required=False, min_value=1,
                                                     max_value=5),
        f"risk-{_n}-impact": forms.IntegerField(label=_("Konsekvens (1–5)"), required=False, min_value=1, max_value=5),
        f"risk-{_n}-mitigation": forms.CharField(label=pgettext_lazy("risiko", "Tiltak"), required=False,
                                                 widget=forms.Textarea(attrs={"rows": 2})),
    })


class ReturnForm(StyledForm):
    reason = forms.CharField(label=_("Hva skal rettes?"), widget=forms.Textarea(attrs={"rows": 2}))


GOAL_CHOICES = [(1, _("1 Aktiv medvirkning i egen og næres helse")), (2, _("2 Enklere arbeidshverdag")),
                (3, _("3 Helsedata til fornying og forbedring")),
                (4, _("4 Tilgjengelig informasjon og styrket samhandling")),
                (5, _("5 Samarbeid og virkemidler som styrker gjennomføringskraft"))]


class InitiativeForm(StyledMixin, forms.ModelForm):
    main_goal = forms.TypedChoiceField(label=_("Hovedmål"), choices=[("", "–")] + GOAL_CHOICES, coerce=int,
                                       required=False, empty_value=None)
    other_goals = forms.TypedMultipleChoiceField(label=_("Andre mål"), choices=GOAL_CHOICES, coerce=int,
                                                 required=False, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Initiative
        fields = ["name", "short_name", "slug", "description", "owner", "owner_type", "owner_assumption", "segment",
                  "lifecycle", "phase", "phase_assumption", "period", "criterion_1", "criterion_2a", "criterion_2b",
                  "national_solutions", "epj_vendors", "depends_on", "investment"]
        widgets = {"national_solutions": forms.CheckboxSelectMultiple, "epj_vendors": forms.CheckboxSelectMultiple,
                   "depends_on": forms.CheckboxSelectMultiple,
                   "description": forms.Textarea(attrs={"rows": 3}), "investment": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"slug": _("Kort navn i adressen, f.eks. pll."),
                      **{field: _(text) for field, text in CRITERIA.items()}}  # marked in criteria.py

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["depends_on"].queryset = Initiative.objects.exclude(pk=self.instance.pk)
            self.initial.setdefault("main_goal", self.instance.main_goal)
            self.initial.setdefault("other_goals", self.instance.goals[1:])

    def clean_slug(self):
        from .services import RESERVED_SLUGS

        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("«%(slug)s» er en fast adresse; velg et annet kortnavn.") % {"slug": slug})
        return slug

    def clean(self):
        data = super().clean()
        main, others = data.get("main_goal"), data.get("other_goals") or []
        if others and main is None:
            self.add_error("main_goal", _("Velg et hovedmål når andre mål er valgt."))
        data["goals"] = ([main] if main else []) + [g for g in others if g != main]
        return data

    def save(self, commit=True):
        self.instance.goals = self.cleaned_data["goals"]
        return super().save(commit)


class BenefitForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = Benefit
        fields = ["type", "service", "text", "target", "unit", "year", "realised_by"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"target": _("Kvantifisert mål der det er kjent, f.eks. 20."),
                      "unit": _("F.eks. prosent eller timer per år.")}

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is not None and not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Året må være mellom 2000 og 2100."))
        return year


class OwnerAccountForm(StyledForm):
    user = forms.ModelChoiceField(label=_("Bruker"), queryset=get_user_model().objects.order_by("username"))
    owner = forms.ChoiceField(label=_("Rapporterer for tiltakseier"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        owners = Initiative.objects.exclude(owner="").order_by("owner").values_list("owner", flat=True).distinct()
        self.fields["owner"].choices = [(o, o) for o in owners]


class EpjVendorForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = EpjVendor
        fields = ["name", "slug", "systems", "source"]
        help_texts = {"slug": _("Kort navn i adressen og API-et, f.eks. dips."),
                      "systems": _("EPJ-systemene fra leverandøren, f.eks. DIPS Arena."),
                      "source": _("Hvor avhengigheten er dokumentert.")}


class NationalSolutionForm(StyledMixin, forms.ModelForm):
    class Meta:
        model = NationalSolution
        fields = ["name", "short_name", "slug", "included_in", "description", "source"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"slug": _("Kort navn i adressen og API-et, f.eks. kjernejournal."),
                      "included_in": _("Når løsningen prises sammen med en annen, f.eks. HelseID i Helsenettet.")}
