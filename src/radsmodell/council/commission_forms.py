"""Forms of the commissions register: the secretariat's form for one commission, and the list's filter."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from radsmodell.core.forms import StyledForm, StyledMixin

from . import commission_services, selectors
from .models import Body, Commission, Organisation

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
DATE_HELP = _("Skriv datoen som ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ.")
CASE_KEY_HELP = _("Som organ/år/nummer, for eksempel nuit/2024/18.")


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CommissionForm(StyledMixin, forms.ModelForm):
    """The cases are written as keys (nuit/2024/18), as on the case page's earlier treatments."""
    decided_in_key = forms.CharField(
        label=_("Gitt i sak"), required=False, max_length=60,
        help_text=format_lazy("{} {}", _("Saken der et organ ga oppdraget."), CASE_KEY_HELP))
    deliverable_url = forms.URLField(
        label=_("Lenke til leveransen"), required=False, max_length=200, assume_scheme="https",
        error_messages={"invalid": _("Skriv en hel nettadresse, for eksempel https://www.regjeringen.no/….")})
    case_keys = forms.CharField(label=_("Behandlet i saker"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                help_text=format_lazy("{} {}", _("Én sak per linje."), CASE_KEY_HELP))

    field_order = ["reference", "title", "description", "giver", "giver_body", "giver_name", "basis", "decided_in_key",
                   "receiver", "partners", "given", "deadline", "deadline_text", "status", "delivered", "deliverable",
                   "deliverable_url", "case_keys", "source", "assumption"]

    class Meta:
        model = Commission
        fields = ["reference", "title", "description", "giver", "giver_body", "giver_name", "basis", "receiver",
                  "partners", "given", "deadline", "deadline_text", "status", "delivered", "deliverable",
                  "deliverable_url", "source", "assumption"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "deliverable": forms.Textarea(attrs={"rows": 2}),
            "partners": forms.SelectMultiple(attrs={"size": 6}),
            "given": _date_widget(), "deadline": _date_widget(), "delivered": _date_widget(),
        }
        help_texts = {"partners": _("Hold Ctrl (Cmd på Mac) nede for å velge flere."),
                      "given": DATE_HELP, "deadline": DATE_HELP, "delivered": DATE_HELP,
                      "source": _("Dokumentet oppdraget er kjent fra, som «Tildelingsbrev 2024» eller en sak.")}
        error_messages = {
            "title": {"required": _("Skriv oppdragets tittel.")},
            "receiver": {"required": _("Velg hvem som har fått oppdraget (mottakeren).")},
            "giver": {"required": _("Velg hvem som ga oppdraget.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("given", "deadline", "delivered"):
            self.fields[name].input_formats = DATE_FORMATS
            self.fields[name].error_messages["invalid"] = gettext("Datoen har feil format.")
        self.fields["receiver"].queryset = Organisation.objects.order_by("name")
        self.fields["partners"].queryset = Organisation.objects.order_by("name")
        self.fields["giver_body"].queryset = Body.objects.all()
        if self.instance.pk:
            self.initial.setdefault("decided_in_key", self.instance.decided_in.key if self.instance.decided_in else "")
            self.initial.setdefault("case_keys", "\n".join(c.key for c in self.instance.cases.select_related("body")))

    def clean_decided_in_key(self):
        key = self.cleaned_data["decided_in_key"].strip()
        if not key:
            return None
        case = selectors.case_by_key(key)
        if case is None:
            raise ValidationError(gettext("Fant ingen sak «%(key)s».") % {"key": key} + " " + str(CASE_KEY_HELP))
        return case

    def clean_case_keys(self):
        cases, unknown = [], []
        for line in self.cleaned_data["case_keys"].replace(";", "\n").splitlines():
            if line.strip():
                case = selectors.case_by_key(line)
                if case is None:
                    unknown.append(line.strip())
                elif case not in cases:
                    cases.append(case)
        if unknown:
            raise ValidationError(gettext("Fant ingen sak %(keys)s.") % {
                "keys": ", ".join(f"«{key}»" for key in unknown)} + " " + str(CASE_KEY_HELP))
        return cases

    def clean(self):
        data = super().clean()
        try:
            commission_services.check(
                giver=data.get("giver"), giver_body=data.get("giver_body"), giver_name=data.get("giver_name", ""),
                given=data.get("given"), deadline=data.get("deadline"), status=data.get("status"),
                delivered=data.get("delivered"), receiver=data.get("receiver"), partners=data.get("partners") or [])
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field not in self.errors:  # a field's own error (a wrong date) says it first
                    self.add_error(field, messages)
        return data

    def save_commission(self) -> Commission:
        commission = self.save(commit=False)
        commission.decided_in = self.cleaned_data["decided_in_key"]
        return commission_services.save_commission(commission, partners=self.cleaned_data["partners"],
                                                   cases=self.cleaned_data["case_keys"])


STATUS_CHOICES = [("", _("Alle")), ("open", _("Åpne (gitt eller under arbeid)")), *Commission.Status.choices]


class CommissionFilterForm(StyledForm):
    """The list's filter (GET). A value that names nothing is said on its field and not applied."""
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    mottaker = forms.ModelChoiceField(label=_("Mottaker"), queryset=Organisation.objects.none(), required=False,
                                      empty_label=_("Alle"), to_field_name="name")
    giver = forms.ChoiceField(label=_("Oppdragsgiver"), required=False)
    forfalt = forms.BooleanField(label=_("Bare forfalte"), required=False)

    def __init__(self, *args, receivers=(), bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mottaker"].queryset = receivers
        self.fields["mottaker"].error_messages["invalid_choice"] = gettext(
            "Ingen oppdrag har denne mottakeren. Listen viser alle mottakere.")
        self.fields["giver"].choices = [("", gettext("Alle")), (Commission.Giver.MINISTRY.value,
                                                                 Commission.Giver.MINISTRY.label),
                                        *((body.slug, body.display_short_name()) for body in bodies),
                                        (Commission.Giver.OTHER.value, Commission.Giver.OTHER.label)]
        for name in ("status", "giver"):
            self.fields[name].error_messages["invalid_choice"] = gettext(
                "«%(value)s» er ikke et av valgene. Listen viser alle.")

    def filters(self) -> dict:
        """What the list is filtered by: the valid fields only."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        giver = data.get("giver", "")
        body = Body.objects.filter(slug=giver).first() if giver not in ("", "hod", "other") else None
        overdue = True if data.get("forfalt") else None
        return {"status": data.get("status", ""), "receiver": data.get("mottaker"),
                "giver": giver if body is None else "", "body": body, "overdue": overdue}
