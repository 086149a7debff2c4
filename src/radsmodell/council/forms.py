"""Forms of the secretariat's and members' work. They parse and check input; the rules of
the workflow live in services.py, whose ValidationErrors are put back on these fields."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from radsmodell.core.forms import StyledForm

from .models import AgendaItem, Attendance, Body, Case, CaseType, MinutesCorrection
from .numbering import CaseNumberError, parse_case_number

DATE_HELP = _("Skriv datoen som ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ.")
TIME_FORMATS = ["%H:%M", "%H.%M"]


def _time_field(label: str, required: bool = False) -> forms.TimeField:
    return forms.TimeField(label=label, required=required, input_formats=TIME_FORMATS,
                           widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": _("TT:MM")}),
                           error_messages={"invalid": _("Skriv klokkeslettet som TT:MM, for eksempel 09:15.")})


class MeetingForm(StyledForm):
    body = forms.ModelChoiceField(label=_("Organ"), queryset=Body.objects.all(), empty_label=None)
    date = forms.DateField(
        label=_("Dato"), help_text=DATE_HELP, input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Datoen har feil format.")},
    )
    start_time = _time_field(_("Starter"))
    end_time = _time_field(_("Slutter"))
    location = forms.CharField(label=_("Sted"), required=False, max_length=300)
    number = forms.CharField(label=_("Møtenummer"), required=False, max_length=20,
                             help_text=_("Valgfritt, for eksempel 3/2024."))
    # That the meeting ends after it starts is a rule of services.plan_meeting, shared with the API.


class MeetingDetailsForm(StyledForm):
    start_time = _time_field(_("Starter"))
    end_time = _time_field(_("Slutter"))
    location = forms.CharField(label=_("Sted"), required=False, max_length=300)
    number = forms.CharField(label=_("Møtenummer"), required=False, max_length=20,
                             help_text=_("Valgfritt, for eksempel 3/2024."))


class CaseAddForm(StyledForm):
    title = forms.CharField(label=_("Tittel"), max_length=400)
    type = forms.ChoiceField(label=_("Sakstype"), choices=CaseType.choices)
    start_time = _time_field(_("Tidspunkt"))


class AgendaBreakForm(StyledForm):
    kind = forms.ChoiceField(label=_("Type"), choices=[
        (AgendaItem.Kind.BREAK, _("Pause")), (AgendaItem.Kind.LUNCH, _("Lunsj")),
        (AgendaItem.Kind.ITEM, _("Punkt uten saksnummer")), (AgendaItem.Kind.END, _("Slutt")),
    ])
    start_time = _time_field(_("Tidspunkt"))
    title = forms.CharField(label=_("Tittel (for punkt uten saksnummer)"), required=False, max_length=300)


class AgendaTimeForm(StyledForm):
    start_time = _time_field(_("Tidspunkt"))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace(";", "\n").splitlines() if line.strip()]


class MemoForm(StyledForm):
    title = forms.CharField(label=_("Tittel"), max_length=400)
    type = forms.ChoiceField(label=_("Innretning (sakstype)"), choices=[("", "–")] + list(CaseType.choices),
                             required=False)
    memo_to = forms.CharField(label=_("Til"), required=False, max_length=200)
    memo_date = forms.DateField(label=_("Dato"), required=False, input_formats=["%Y-%m-%d", "%d.%m.%Y"],
                                help_text=DATE_HELP, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                error_messages={"invalid": _("Datoen har feil format.")})
    owner = forms.CharField(label=_("Sakseier"), required=False, max_length=300)
    officers = forms.CharField(label=_("Saksbehandler(e)"), required=False, help_text=_("Én per linje."),
                               widget=forms.Textarea(attrs={"rows": 2}))
    presenters = forms.CharField(label=_("Presenterer saken"), required=False,
                                 help_text=_("Én per linje: Navn, organisasjon."),
                                 widget=forms.Textarea(attrs={"rows": 2}))
    summary = forms.CharField(label=_("Omtale i innkallingen"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    proposed_decision = forms.CharField(label=_("Forslag til vedtak"), required=False,
                                        widget=forms.Textarea(attrs={"rows": 3}))
    purpose = forms.CharField(label=_("Hensikt med saken"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    background = forms.CharField(label=_("Bakgrunn"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    questions = forms.CharField(label=_("Hva skal nasjonal rådsmodell ta stilling til? / Drøftingsspørsmål"),
                                required=False, widget=forms.Textarea(attrs={"rows": 4}))
    next_steps = forms.CharField(label=_("Videre saksprosess"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))

    @classmethod
    def for_case(cls, case: Case) -> "MemoForm":
        initial = {name: getattr(case, name) for name in cls.base_fields if hasattr(case, name)}
        initial["officers"] = "\n".join(case.officers)
        initial["presenters"] = "\n".join(
            ", ".join(filter(None, [p.get("name"), p.get("organisation")])) for p in case.presenters
        )
        return cls(initial=initial, prefix="memo")

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["officers"] = _lines(data["officers"])
        data["presenters"] = [
            {"name": name.strip(), "organisation": organisation.strip()}
            for name, _comma, organisation in (line.partition(",") for line in data["presenters"].splitlines())
            if name.strip()
        ]
        return data


class OutcomeForm(StyledForm):
    adopted_as_proposed = forms.BooleanField(label=_("Vedtatt som foreslått"), required=False)
    decision = forms.CharField(label=_("Vedtak"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                               help_text=_("Vedtaket slik møtet fattet det. Forslaget til vedtak beholdes uendret."))
    minutes_text = forms.CharField(label=_("Referat (sammendrag)"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 4}))
    type_in_meeting = forms.ChoiceField(label=_("Sakstype i møtet"), required=False,
                                        choices=[("", _("Uendret"))] + list(CaseType.choices))
    type_change_reason = forms.CharField(label=_("Grunn til endret sakstype"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        if data.get("adopted_as_proposed") and data.get("decision"):
            self.add_error("decision", _("La feltet stå tomt når vedtaket er som foreslått."))
        if not any(data.get(name) for name in ("adopted_as_proposed", "decision", "minutes_text", "type_in_meeting")):
            raise ValidationError(_("Fyll ut vedtak, referat eller endret sakstype."))
        return data


class InputForm(StyledForm):
    text = forms.CharField(label=_("Innspill"), widget=forms.Textarea(attrs={"rows": 3}))
    actor = forms.CharField(
        label=_("Navngitt aktør"), required=False, max_length=200,
        help_text=_("Bare når aktøren ba om å bli navngitt. Ellers lagres innspillet uten navn."),
    )


class ActionItemForm(StyledForm):
    text = forms.CharField(label=_("Aksjonspunkt"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label=_("Ansvarlig"), max_length=200)


class CaseReferenceField(forms.CharField):
    """A case number as users write it, '25/24'; looked up within a body by the view."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", _("Saksnummer som 25/24."))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value:
            try:
                parse_case_number(value)
            except CaseNumberError as error:
                raise ValidationError(gettext(error.message) % error.params) from None
        return value


class CloseActionItemForm(StyledForm):
    closed_by = CaseReferenceField(label=_("Fulgt opp i sak"), required=False)
    note = forms.CharField(label=_("Merknad"), required=False, max_length=300)


class AttendanceForm(StyledForm):
    name = forms.CharField(label=_("Navn"), max_length=200)
    organisation = forms.CharField(label=_("Organisasjon"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Oppmøte"), choices=Attendance.Status.choices)
    remote = forms.ChoiceField(label=_("Deltakelse"), choices=Attendance.Remote.choices)
    remote_from = _time_field(_("Digitalt fra"))
    remote_until = _time_field(_("Digitalt til"))
    substitute_for = forms.CharField(label=_("Stiller for"), required=False, max_length=200)
    note = forms.CharField(label=_("Merknad"), required=False, max_length=300)


class ApproveMinutesForm(StyledForm):
    """The case that approved the minutes, among the cases of the body's later meetings; the
    case "Godkjenning av referat …" of the next meeting is proposed."""

    approving_case = forms.ChoiceField(label=_("Godkjent i sak"),
                                       help_text=_("Saken i et senere møte som godkjente referatet."))

    def __init__(self, candidates, *args, proposed=None, **kwargs):
        if proposed is not None:
            kwargs.setdefault("initial", {"approving_case": proposed.case_number})
        super().__init__(*args, **kwargs)
        groups: dict[str, list] = {}
        for case in candidates:
            groups.setdefault(case.meeting.title, []).append((case.case_number, f"{case.case_number} {case.title}"))
        self.fields["approving_case"].choices = [("", gettext("– Velg saken –"))] + list(groups.items())


class CorrectionForm(StyledForm):
    field = forms.ChoiceField(label=_("Hva rettes"), choices=MinutesCorrection.Field.choices)
    new_value = forms.CharField(label=_("Ny tekst"), widget=forms.Textarea(attrs={"rows": 4}))
    reason = forms.CharField(label=_("Begrunnelse"), widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(StyledForm):
    text = forms.CharField(label=_("Kommentar til utkastet"), widget=forms.Textarea(attrs={"rows": 3}))


class AttachmentForm(StyledForm):
    title = forms.CharField(label=_("Tittel"), max_length=300)
    label = forms.CharField(label=_("Vedleggsnummer"), required=False, max_length=40,
                            help_text=_("For eksempel Vedlegg 2."))
    file = forms.FileField(label=_("Fil (PDF eller DOCX)"), required=False)


class PreviousCasesForm(StyledForm):
    keys = forms.CharField(
        label=_("Tidligere behandlinger"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Én sak per linje som organ/år/nummer, for eksempel nufa/2024/9."),
    )


class OtherForumForm(StyledForm):
    date_text = forms.CharField(label=_("Dato"), required=False, max_length=60, help_text=_("For eksempel 18.04.2024."))
    title = forms.CharField(label=_("Forum og tittel"), max_length=400)
    decision = forms.CharField(label=_("Vedtak"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CaseNumberForm(StyledForm):
    number = forms.CharField(label=_("Saksnummer"), max_length=10, help_text=_("N/ÅÅ, for eksempel 28/24."))
