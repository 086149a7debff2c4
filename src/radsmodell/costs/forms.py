"""Forms of the cost pages: registers and allocations, the duty-to-pay gate, and the investment
appraisal. They check the input; the rules live in services, gate_services and the engines."""
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from radsmodell.core import tabular
from radsmodell.core.forms import StyledForm
from radsmodell.portfolio.models import Initiative, NationalSolution

from . import engine
from .appraisal import MAX_LIFE_YEARS, Inputs
from .builtin import BUILTIN_MODELS
from .engine.money import AmountError, nok_to_ore
from .models import PaymentGate

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
        if ore >= engine.MAX_COST_ORE:
            raise forms.ValidationError(_("Beløpet er urimelig stort."))
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
        "Overskrift: org_number,name,kind,segment,turnover_nok,keeps_accounts,locations,ftes,nace,population,chain "
        "(i valgfri rekkefølge). CSV kan være skilt med semikolon, komma eller tabulator. "
        "Filen erstatter hele registeret for året."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Filen må være CSV eller XLSX."))
        if problem := tabular.upload_problem(upload):  # refused unread: Django knows the size
            raise forms.ValidationError(problem, code="too_large")
        return upload


class AllocationForm(StyledForm):
    model = forms.ChoiceField(label=_("Prismodell"), choices=model_choices)
    year = YearField(label=_("År"))
    cost = NokField(label=_("Kostnadsgrunnlag (kr)"), required=False,
                    help_text=_("Tomt: kostnadsgrunnlaget som er registrert for løsningen og året."))
    legal_basis_private = forms.BooleanField(label=_("Med hjemmel for å fakturere private aktører"), required=False)
    label = forms.CharField(label=_("Betegnelse"), required=False, max_length=200,
                            help_text=_("F.eks. «Fakturagrunnlag 2025, vedtatt»."))


WEIGHT = {"required": False, "min_value": 0, "max_value": 1000, "max_digits": 8, "decimal_places": 3}


class ScenarioForm(StyledForm):
    """One side of a comparison; used twice with the prefixes a and b. The optional parameters
    make a variant of the model (what if category B cost four times A?)."""
    model = forms.ChoiceField(label=_("Prismodell"), choices=model_choices)
    year = YearField(label=_("År"))
    cost = NokField(label=_("Kostnadsgrunnlag (kr)"), required=False,
                    help_text=_("Tomt: det registrerte kostnadsgrunnlaget."))
    legal_basis_private = forms.BooleanField(label=_("Med hjemmel for private"), required=False)
    weight_A = forms.DecimalField(label=_("Vekt kategori A"), **WEIGHT)
    weight_B = forms.DecimalField(label=_("Vekt kategori B"), **WEIGHT)
    weight_C = forms.DecimalField(label=_("Vekt kategori C"), **WEIGHT)
    limit_B = forms.IntegerField(label=_("Nedre grense kategori B (kr)"), required=False, min_value=0,
                                 max_value=10**12)
    limit_C = forms.IntegerField(label=_("Nedre grense kategori C (kr)"), required=False, min_value=0,
                                 max_value=10**12)
    chain_weight = forms.DecimalField(label=_("Vekt per kjedelokasjon"), **WEIGHT)
    chain_min = forms.IntegerField(label=_("Kjede fra antall lokasjoner"), required=False, min_value=1,
                                   max_value=10000)
    PARAMETERS = ("weight_A", "weight_B", "weight_C", "limit_B", "limit_C", "chain_weight", "chain_min")

    def variant(self, model: engine.PriceModel) -> engine.PriceModel:
        """The chosen model with the parameters filled in here; a ValidationError when it has no such parameter."""
        data = self.cleaned_data
        weights = {code: data[f"weight_{code}"] for code in "ABC" if data.get(f"weight_{code}") is not None}
        limits = {code: data[f"limit_{code}"] for code in "BC" if data.get(f"limit_{code}") is not None}
        if limits.get("B") is not None and limits.get("C") is not None and limits["B"] >= limits["C"]:
            raise forms.ValidationError({"limit_C": _("Grensen for C må være høyere enn grensen for B.")})
        try:
            return engine.variant(model, weights=weights, limits=limits, chain_weight=data.get("chain_weight"),
                                  chain_min=data.get("chain_min"))
        except engine.ModelError:
            raise forms.ValidationError({name: _("Denne prismodellen har ikke priskategorier.")
                                         for name in self.PARAMETERS if data.get(name) is not None})

    def parameters(self):
        return [self[name] for name in self.PARAMETERS]

    def main_fields(self):
        return [self[name] for name in ("model", "year", "cost", "legal_basis_private")]


# ---------------------------------------------------------------- duty to pay

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GateDateField(forms.DateField):
    """A date in 2000–2100: anything else is a typing error (and the year after must exist)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", DATE)
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value is not None and not YEARS[0] <= value.year <= YEARS[1]:
            raise forms.ValidationError(_("Datoen må ligge mellom år 2000 og 2100."))


class ServiceForm(StyledForm):
    """Register a service at the gate, or change what is known about it."""
    service = forms.CharField(label=_("Tjeneste"), max_length=300)
    solution = forms.ModelChoiceField(label=_("Nasjonal e-helseløsning"), queryset=NationalSolution.objects.all(),
                                      required=False)
    initiative = forms.ModelChoiceField(label=_("Tiltak i porteføljen"), queryset=Initiative.objects.all(),
                                        required=False)
    production_date = GateDateField(label=_("I produksjon fra"), required=False,
                                      help_text=_("Investeringen forutsetter betaling innen ett år etter dette."))
    planned_entry = GateDateField(label=_("Planlagt inn i kostnadsfordelingen"), required=False)
    note = forms.CharField(label=_("Merknad"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    source = forms.CharField(label=_("Kilde"), max_length=400, required=False,
                             help_text=_("Henvisningen slik den skal stå på siden, f.eks. «Toppnotat til NUIT "
                                         "15. mai 2024, sak 18/24»."))
    assumption = forms.CharField(label=_("Antakelse"), max_length=400, required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}),
                                 help_text=_("Hva opplysningene om tjenesten antar og ikke henter fra en kilde, "
                                             "og hvorfor. Vises for alle som «antatt»."))

    @classmethod
    def for_gate(cls, gate: PaymentGate, **kwargs):
        return cls(initial={"service": gate.service, "solution": gate.solution_id, "initiative": gate.initiative_id,
                            "production_date": gate.production_date, "planned_entry": gate.planned_entry,
                            "note": gate.note, "source": gate.source, "assumption": gate.assumption}, **kwargs)


class RequirementForm(StyledForm):
    """One requirement on the service's list: met or not, and what documents it."""
    met = forms.BooleanField(label=_("Kravet er oppfylt"), required=False)
    evidence = forms.CharField(label=_("Dokumentasjon"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("Hva viser at kravet er oppfylt (rapport, testresultat, beslutning)?"))
    assumption = forms.CharField(label=_("Antakelse"), required=False, max_length=400,
                                 help_text=_("Hvorfor statusen er antatt og ikke dokumentert i en kilde. Tom når "
                                             "kilden sier det."))


class RequirementWordingForm(StyledForm):
    """A requirement in the service's own words: to add one, or (with its number, which the labels
    name so that each of the page's forms is told apart) to reword one on the list."""
    title = forms.CharField(label=_("Krav"), max_length=300)
    detail = forms.CharField(label=_("Detaljering"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Hva som må være på plass for denne tjenesten."))

    def __init__(self, *args, number: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if number is not None:
            self.fields["title"].label = _("Krav %(number)s") % {"number": number}
            self.fields["detail"].label = _("Detaljering for krav %(number)s") % {"number": number}


class DropRequirementForm(StyledForm):
    """Take a requirement off the service's list, saying why."""
    reason = forms.CharField(label=_("Hvorfor kravet tas ut"), widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Begrunnelsen står på siden ved kravet."))

    def __init__(self, *args, number: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = _("Hvorfor krav %(number)s tas ut") % {"number": number}


class LegalForm(StyledForm):
    legal_status = forms.ChoiceField(label=_("Juridisk vurdering"), choices=PaymentGate.Legal.choices)
    legal_decided_by = forms.CharField(label=_("Besluttet av"), max_length=200, required=False,
                                       help_text=_("Helse- og omsorgsdepartementet beslutter, etter råd fra Norsk "
                                                   "helsenett og Helsedirektoratet (sak 18/24)."))
    legal_decided_on = GateDateField(label=_("Dato for beslutningen"), required=False)


class ApprovalForm(StyledForm):
    approved_by = forms.CharField(label=_("Godkjent av"), max_length=200,
                                  help_text=_("Eier godkjenner, etter råd fra styringsgruppen (sak 18/24)."))
    approved_on = GateDateField(label=_("Dato for godkjenningen"))
    target_groups = forms.CharField(label=_("Målgrupper i utprøvingen"), widget=forms.Textarea(attrs={"rows": 2}))
    epj_systems = forms.CharField(label=_("EPJ-systemer i utprøvingen"), widget=forms.Textarea(attrs={"rows": 2}))


# ---------------------------------------------------------------- investment appraisal

def _plain(value: str) -> str:
    """Without spaces (also no-break spaces) and with a minus sign as typed on a keyboard."""
    return "".join(str(value).split()).replace("\u2212", "-").replace("%", "")


class AppraisalForm(StyledForm):
    life_years = forms.IntegerField(label=_("Økonomisk levetid (år)"), required=False,
                                    error_messages={"invalid": _("Skriv et helt antall år, for eksempel 8.")})
    discount_rate = forms.CharField(label=_("Kalkulasjonsrente (%)"), required=False, max_length=20,
                                    help_text=_("For eksempel 5 eller 4,5."))
    benefit_per_year = forms.CharField(label=_("Nytte per år (kr)"), required=False, max_length=30,
                                       help_text=_("Samme beløp hvert år i hele levetiden. Tomt: sakens egen "
                                                   "nyttestrøm (kilden oppgir ingen)."))
    risk_margin = forms.BooleanField(label=_("Legg til Norsk helsenetts risikomargin på 5 % på driftskostnadene"),
                                     required=False)

    def __init__(self, *args, min_life: int = 1, defaults: Inputs, **kwargs):
        rate = f"{(defaults.discount_rate * 100).normalize():f}".replace(".", ",")
        kwargs.setdefault("initial", {"life_years": defaults.life_years, "discount_rate": rate,
                                      "risk_margin": defaults.with_risk_margin})
        super().__init__(*args, **kwargs)
        self.min_life, self.defaults = min_life, defaults
        self.fields["life_years"].widget.attrs["inputmode"] = "numeric"
        self.fields["discount_rate"].widget.attrs["inputmode"] = "decimal"
        self.fields["benefit_per_year"].widget.attrs["inputmode"] = "numeric"

    def clean_life_years(self):
        value = self.cleaned_data.get("life_years")
        if value is None:
            return self.defaults.life_years
        if not self.min_life <= value <= MAX_LIFE_YEARS:
            raise forms.ValidationError(
                _("Levetiden må være mellom %(low)s og %(high)s år (den må dekke investeringsårene)."),
                params={"low": self.min_life, "high": MAX_LIFE_YEARS})
        return value

    def clean_discount_rate(self):
        text = _plain(self.cleaned_data.get("discount_rate") or "")
        if not text:
            return self.defaults.discount_rate
        try:
            percent = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise forms.ValidationError(_("Skriv renten som et tall i prosent, for eksempel 5 eller 4,5.")) from None
        if not percent.is_finite() or not Decimal(0) <= percent <= Decimal(100):
            raise forms.ValidationError(_("Renten må være mellom 0 og 100 %."))
        return percent / 100

    def clean_benefit_per_year(self):
        text = _plain(self.cleaned_data.get("benefit_per_year") or "")
        if not text:
            return None
        try:
            ore = nok_to_ore(text)
        except AmountError:
            raise forms.ValidationError(_("Skriv nytten i hele kroner, for eksempel 10 000 000.")) from None
        if ore < 0:
            raise forms.ValidationError(_("Nytten kan ikke være negativ; kostnader står i kostnadslinjene."))
        return ore

    def inputs(self) -> Inputs:
        data = self.cleaned_data
        return Inputs(data["life_years"], data["discount_rate"], data["benefit_per_year"], data["risk_margin"])
