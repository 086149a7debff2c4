"""Pages of the commissions register (oppdrag): the list with its filters, one commission, and the
secretariat's form to register or change one. Thin, as the council's other views."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from radsmodell.core import history
from radsmodell.core.pagination import paginate
from radsmodell.core.roles import is_secretariat, public_page, secretariat_page
from radsmodell.opendata.registry import page_downloads

from . import commission_selectors, selectors
from .commission_forms import CommissionFilterForm, CommissionForm
from .models import Commission


@public_page
def commissions(request):
    rows = commission_selectors.commissions_for(request.user)
    form = CommissionFilterForm(request.GET or None, receivers=commission_selectors.receivers(),
                                bodies=commission_selectors.giver_bodies())
    filters = form.filters() if request.GET else {}
    shown = commission_selectors.filtered(rows, **filters)
    return render(request, "council/commissions.html", {
        **paginate(request, shown),
        "filter_form": form,
        "filtered": any(value not in ("", None) for value in filters.values()),
        "overdue_count": rows.filter(overdue=True).count(),
        "today": timezone.localdate(),
        "nav": "commissions",
        "downloads": page_downloads("oppdrag"),
    })


def _visible(request, pk: int) -> Commission:
    commission = commission_selectors.get_commission(request.user, pk)
    if commission is None:
        raise Http404(_("Fant ikke oppdraget"))
    return commission


@public_page
def commission_detail(request, pk):
    commission = _visible(request, pk)
    decided_in = commission.decided_in
    return render(request, "council/commission.html", {
        "commission": commission,
        "decided_in": decided_in if decided_in and selectors.case_visible(request.user, decided_in) else None,
        "nav": "commissions",
        "changes": history.changes_for(commission) if is_secretariat(request.user) else [],
    })


def _form_page(request, form, commission=None):
    return render(request, "council/commission_form.html", {"form": form, "commission": commission,
                                                             "nav": "commissions"},
                  status=400 if form.errors else 200)


def _save(request, form, commission=None):
    if request.method == "POST" and form.is_valid():
        try:
            saved = form.save_commission()
        except ValidationError as error:  # a rule checked again as it is saved
            form.apply_error(error)
        else:
            messages.success(request, _("Oppdraget er lagret."))
            return redirect(saved)
    return _form_page(request, form, commission)


@secretariat_page
def commission_create(request):
    return _save(request, CommissionForm(request.POST or None))


@secretariat_page
def commission_edit(request, pk):
    commission = _visible(request, pk)
    return _save(request, CommissionForm(request.POST or None, instance=commission), commission)
