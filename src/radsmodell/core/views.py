from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from radsmodell.council import selectors
from radsmodell.council.models import Body

from .roles import require_secretariat
from .users import NewUserForm


def home(request):
    meetings = selectors.meetings_for(request.user)
    return render(request, "core/home.html", {
        "bodies": Body.objects.prefetch_related("later_names"),
        "recent_meetings": meetings[:6],
        "open_action_items": selectors.action_items_for(request.user, "open").count(),
    })


def users(request):
    """The secretariat lists accounts and creates new ones."""
    require_secretariat(request.user)
    form = NewUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(request, gettext("Brukeren «%(name)s» er opprettet.") % {"name": user.username})
        return redirect("users")
    accounts = get_user_model().objects.order_by("username").prefetch_related("groups", "owner_accounts")
    return render(request, "core/users.html", {"accounts": accounts, "form": form, "nav": "users"},
                  status=400 if form.errors else 200)
