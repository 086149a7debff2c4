"""The pages core owns: the home page (made of the apps' panels), user accounts and the change log."""
from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from . import history, site
from .pagination import paginate
from .roles import GROUP_LABELS, public_page, secretariat_page
from .users import NewUserForm


@public_page
def home(request):
    panels = [{"template": panel.template, **panel.context(request)} for panel in site.home_panels]
    return render(request, "core/home.html", {"panels": panels})


@secretariat_page
def users(request):
    """The secretariat lists accounts and creates new ones."""
    form = NewUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(request, gettext("Brukeren «%(name)s» er opprettet.") % {"name": user.username})
        return redirect("users")
    accounts = list(get_user_model().objects.order_by("username").prefetch_related("groups", "owner_accounts"))
    for account in accounts:
        account.roles = [GROUP_LABELS.get(group.name, group.name) for group in account.groups.all()]
    return render(request, "core/users.html", {"accounts": accounts, "form": form, "nav": "users"},
                  status=400 if form.errors else 200)


@secretariat_page
def change_log(request):
    """Every change in the register, newest first; by part of the register, user or object."""
    filters = history.Filters.from_query(request.GET)
    listing = paginate(request, history.change_keys(filters))
    app_labels = sorted({m._meta.app_label for m in history.tracked_models()})
    return render(request, "core/history.html", {
        **listing, "changes": history.describe_keys(list(listing["page"].object_list)), "filters": filters,
        "nav": "history", "app_choices": [(label, apps.get_app_config(label).verbose_name) for label in app_labels],
        "users": get_user_model().objects.filter(is_active=True).order_by("username"),
    })
