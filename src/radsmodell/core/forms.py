"""Form pieces every app uses: Designsystemet markup, service errors on their fields, and the
submit flow of a page form."""
from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from . import validation
from .frozen import Frozen


class StyledMixin:
    """Designsystemet's classes and aria-invalid on every field of a form or model form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.RadioSelect):
                continue
            field.widget.attrs.setdefault("class", "ds-input")
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self._field_id(name)}_help"

    def _field_id(self, name: str) -> str:
        return self.auto_id % self.add_prefix(name)

    def _clean_fields(self):
        super()._clean_fields()
        # The rules the API shares (core/validation.py): control characters in any text field, a
        # date outside 1990–2100. The message names the field and replaces the field's own
        # errors (Django's "null characters" among them), so the page says what the API says.
        for name, field in self.fields.items():
            label = str(field.label or name)
            if isinstance(field, forms.CharField) and not field.disabled:
                raw = self[name].data
                problem = validation.value_problem(label, raw) if isinstance(raw, (str, list)) else None
            else:
                value = self.cleaned_data.get(name)
                problem = validation.date_problem(label, value) if isinstance(value, date) else None
            if problem:
                self._errors.pop(name, None)
                self.add_error(name, problem)

    def full_clean(self):
        # Marked after validation (not in __init__), so forms that adjust their fields after
        # construction are validated against the adjusted fields.
        super().full_clean()
        for name in self._errors or {}:
            field = self.fields.get(name)
            if field is None or isinstance(field.widget, forms.RadioSelect):
                continue
            field.widget.attrs["aria-invalid"] = "true"
            described_by = field.widget.attrs.get("aria-describedby", "").split()
            field.widget.attrs["aria-describedby"] = " ".join(described_by + [f"{self._field_id(name)}_error"])

    def apply_error(self, error: ValidationError) -> None:
        """Place a service's ValidationError on the matching field, or on the form."""
        if hasattr(error, "error_dict"):
            for field, texts in error.message_dict.items():
                self.add_error(field if field in self.fields else None, texts)
        else:
            self.add_error(None, error.messages)


class StyledForm(StyledMixin, forms.Form):
    pass


def submit(request, form, action, success: str, target, error_page, closed=None):
    """Run `action` on a valid form and go to `target`; otherwise show the page with the errors.

    A rule the service enforces comes back as a ValidationError and is put on its field. A
    closed record (core/frozen.py) refuses whatever was sent, valid or not (`closed` raises
    Frozen before the form is read): the reason is said on `target`, where the form may no
    longer be offered.
    """
    try:
        if closed is not None:
            closed()
        if form.is_valid():
            try:
                action(form.cleaned_data)
            except ValidationError as error:
                if isinstance(error, Frozen):
                    raise
                form.apply_error(error)
            else:
                if success:
                    messages.success(request, success)
                return redirect(target)
    except Frozen as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(target)
    return error_page()


class LinkForm(StyledForm):
    """A link between two objects, each named "kind:key" as the pages show it ("initiative:pll")."""
    a = forms.CharField(label=_("Fra"), max_length=140, help_text=_("Type og nøkkel, f.eks. «initiative:pll»."))
    b = forms.CharField(label=_("Til"), max_length=140,
                        help_text=_("F.eks. «case:nuit/2024/17» eller «goal:enklere-arbeidshverdag»."))
    day = forms.DateField(label=_("Dato"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    source = forms.CharField(label=_("Kilde"), max_length=400, required=False,
                             help_text=_("Dokumentet som kobler dem, slik det skal stå på siden."))
    assumption = forms.CharField(label=_("Antakelse"), max_length=400, required=False,
                                 help_text=_("Hvorfor koblingen er antatt, når ingen kilde sier det."))
