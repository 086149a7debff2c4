"""Pages of the action items: the overview with its filters and downloads, and each item's page with
its history and the forms that move it on (rules in action_items.py)."""
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from radsmodell.core import exports, history
from radsmodell.core.forms import StyledForm, submit
from radsmodell.core.pagination import paginate
from radsmodell.core.roles import Role, access, is_secretariat, public_page, secretariat_action
from radsmodell.opendata.registry import page_downloads

from . import action_items, datasets
from .forms import DATE_HELP, CaseReferenceField
from .models import ActionItem, Body, Organisation, Person
from .views import _resolve_case

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


def _date_field(label, help_text=DATE_HELP) -> forms.DateField:
    return forms.DateField(label=label, required=False, help_text=help_text, input_formats=DATE_FORMATS,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           error_messages={"invalid": gettext_lazy("Datoen har feil format.")})


class StatusForm(StyledForm):
    status = forms.ChoiceField(label=gettext_lazy("Ny status"))
    closed_by = CaseReferenceField(
        label=gettext_lazy("I sak"), required=False,
        help_text=gettext_lazy("Saken i et senere møte som fulgte opp aksjonspunktet, som 25/24. Valgfritt."))
    day = _date_field(gettext_lazy("Dato"), gettext_lazy("Tom: møtedagen til saken over, ellers i dag."))
    note = forms.CharField(label=gettext_lazy("Hvorfor"), required=False, max_length=300,
                           help_text=gettext_lazy("Må fylles ut når aksjonspunktet frafalles eller åpnes igjen."))

    def __init__(self, statuses: list[str], *args, secretariat: bool = True, **kwargs):
        kwargs.setdefault("prefix", "status")
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, ActionItem.Status(s).label) for s in statuses]
        if not secretariat:  # the owner reports progress; the case and date of a step are the secretariat's
            del self.fields["closed_by"], self.fields["day"]


class OwnerForm(StyledForm):
    owner_organisation = forms.ModelChoiceField(label=gettext_lazy("Ansvarlig organisasjon"), required=False,
                                                queryset=Organisation.objects.order_by("name"))
    owner_person = forms.ModelChoiceField(
        label=gettext_lazy("Ansvarlig person"), required=False, queryset=Person.objects.order_by("name"),
        help_text=gettext_lazy("Personens brukerkonto kan selv melde aksjonspunktet under arbeid eller utført."))
    due = _date_field(gettext_lazy("Frist"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "owner")
        super().__init__(*args, **kwargs)


def _item(request, item_id: int) -> ActionItem:
    item = action_items.get_item(request.user, item_id)
    if item is None:
        raise Http404(_("Fant ikke aksjonspunktet"))
    return item


def _item_url(item: ActionItem) -> str:
    return reverse("council:action_item", args=[item.pk])


# --- The overview --------------------------------------------------------------------------------

@public_page
def overview(request):
    filters = action_items.Filters.from_query(request.GET)
    today = timezone.localdate()
    query = filters.as_query()
    encoded = urlencode(query)
    return render(request, "council/action_items.html", {
        **paginate(request, action_items.overview(request.user, filters, today)),
        "filters": filters,
        "status": filters.status,
        "today": today,
        "tabs": [(value, label, urlencode(filters.as_query(status=value))) for value, label in (
            ("open", _("Åpne")), ("closed", _("Lukkede")), ("all", _("Alle")))],
        "status_choices": action_items.status_filter_choices(),
        "organisations": Organisation.objects.filter(
            Q(action_items__isnull=False) | Q(person__action_items__isnull=False)).distinct().order_by("name"),
        "people": Person.objects.filter(action_items__isnull=False).distinct().order_by("name"),
        "bodies": Body.objects.prefetch_related("later_names"),
        "nav": "actions",
        "filtered_downloads": exports.downloads(
            lambda variant: reverse("council:action_items_data", args=[exports.SUFFIXES[variant]])
            + (f"?{encoded}" if encoded else ""), datasets.ACTION_ITEM_COLUMNS),
        "downloads": page_downloads("aksjonspunkter"),
    })


@public_page
def overview_data(request, suffix):
    """The overview as filtered (the same query), as "-excel.csv", ".csv", ".xlsx" or ".json", with the
    columns of the open-data file; what the reader may see, drafts included for members."""
    variant = exports.variant_of(suffix)
    if not variant:
        raise Http404(_("Ukjent filtype"))
    filters = action_items.Filters.from_query(request.GET)
    items = datasets.with_row_data(action_items.overview(request.user, filters))
    table = exports.DataTable(_("Aksjonspunkter"), datasets.ACTION_ITEM_COLUMNS,
                              [datasets.action_item_row(item) for item in items])
    return exports.response(table, variant, "aksjonspunkter")


# --- One item ------------------------------------------------------------------------------------

def _item_context(request, item: ActionItem, **forms_override) -> dict:
    statuses = action_items.statuses_for(request.user, item)
    secretariat = is_secretariat(request.user)
    context = {
        "item": item,
        "events": action_items.visible_events(request.user, item),
        "today": timezone.localdate(),
        "nav": "actions",
        "status_form": StatusForm(statuses, secretariat=secretariat) if statuses else None,
        "owner_form": OwnerForm(initial={"owner_organisation": item.owner_organisation_id,
                                         "owner_person": item.owner_person_id, "due": item.due})
        if secretariat else None,
        "is_owner": action_items.is_owner(request.user, item),
        "changes": history.changes_for(item) if secretariat else [],
    }
    context.update(forms_override)
    return context


@public_page
def item_detail(request, item_id):
    item = _item(request, item_id)
    return render(request, "council/action_item.html", _item_context(request, item))


def _error_page(request, item_id: int, **forms_override):
    """The page again with the form's errors; the item read afresh, as the failed change left it."""
    return lambda: render(request, "council/action_item.html",
                          _item_context(request, _item(request, item_id), **forms_override), status=400)


@access(read=None, write=Role.SIGNED_IN,
        scope="the owner person's user sets their own open item in progress or done; the secretariat any status")
def item_status(request, item_id):
    item = _item(request, item_id)
    statuses = action_items.statuses_for(request.user, item)
    if not statuses:
        raise PermissionDenied(_("Bare sekretariatet og den som eier aksjonspunktet, kan endre statusen."))
    secretariat = is_secretariat(request.user)
    form = StatusForm(statuses, request.POST, secretariat=secretariat)

    def change(data):
        case = (_resolve_case(item.case.body, "closed_by", data["closed_by"])
                if secretariat and data.get("closed_by") else None)
        action_items.change_status(item, data["status"], by=request.user, note=data["note"], case=case,
                                   day=data.get("day"))

    return submit(request, form, change, _("Statusen er endret."), _item_url(item),
                  _error_page(request, item_id, status_form=form))


@secretariat_action
def item_owner(request, item_id):
    item = _item(request, item_id)
    form = OwnerForm(request.POST)

    def update(data):
        action_items.update_owner(item, organisation=data["owner_organisation"], person=data["owner_person"],
                                  due=data["due"])

    return submit(request, form, update, _("Ansvar og frist er lagret."), _item_url(item),
                  _error_page(request, item_id, owner_form=form))
