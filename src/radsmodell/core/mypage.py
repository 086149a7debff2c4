"""Everyone's own page and profile.

/min-side/ is where a signed-in user lands after logging in: what waits for them, from every app's
task source (core/site.py): meetings to attend and papers to read, memos to comment, sheets to
score, status reports due, action items and commissions they own. Grouped as the apps name the
groups, overdue first, then by date. /profil/ is where users set their name and the address the
notices and reminders go to; the apps add what they know of the user (a member's memberships).
"""
from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import site
from .forms import StyledMixin
from .roles import MEMBER, SECRETARIAT, Role, access, role_of
from .users import ROLE_CHOICES

signed_in_page = access(read=Role.SIGNED_IN)
signed_in_form = access(read=Role.SIGNED_IN, write=Role.SIGNED_IN, scope="own account")


def _order(item: site.WorkItem) -> tuple:
    """Overdue first, then by due date (undated last), then by title."""
    return (not item.overdue, item.due is None, item.due or date.max, item.title.casefold())


def work_for(user, today: date) -> list[dict]:
    """What waits for the user, grouped: [{"group", "items", "overdue"}] in the groups' order."""
    grouped: dict[site.WorkGroup, list[site.WorkItem]] = {}
    for source in site.task_sources:
        for item in source.tasks(user, today):
            grouped.setdefault(item.group, []).append(item)
    return [{"group": group, "items": sorted(items, key=_order), "overdue": sum(i.overdue for i in items)}
            for group, items in sorted(grouped.items(), key=lambda pair: pair[0].order)]


@signed_in_page
def my_page(request):
    groups = work_for(request.user, timezone.localdate())
    return render(request, "core/my_page.html", {
        "groups": groups, "nav": "my_page",
        "total": sum(len(g["items"]) for g in groups), "overdue": sum(g["overdue"] for g in groups),
    })


class ProfileForm(StyledMixin, forms.ModelForm):
    """The user's own name and e-mail address; the username and the role are the secretariat's."""

    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "email"]
        labels = {"first_name": _("Fornavn"), "last_name": _("Etternavn"), "email": _("E-postadresse")}
        help_texts = {"email": _("Innkallinger og påminnelser sendes til denne adressen.")}

    def clean_first_name(self):
        return self.cleaned_data["first_name"].strip()

    def clean_last_name(self):
        return self.cleaned_data["last_name"].strip()


def _role_label(user) -> str:
    group = {Role.SECRETARIAT: SECRETARIAT, Role.MEMBER: MEMBER}.get(role_of(user), "")
    return str(dict(ROLE_CHOICES)[group])


@signed_in_form
def profile(request):
    """The user edits their own name and address (recorded in the account's history)."""
    # A copy of the account: a refused form must not show its values as the signed-in user's name.
    form = ProfileForm(request.POST or None, instance=get_user_model().objects.get(pk=request.user.pk))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext("Profilen er lagret."))
        return redirect("profile")
    panels = []
    for panel in site.profile_panels:
        context = panel.context(request)
        if context is not None:
            panels.append({"template": panel.template, **context})
    return render(request, "core/profile.html", {
        "form": form, "panels": panels, "role": _role_label(request.user), "nav": "profile",
    }, status=400 if form.errors else 200)
