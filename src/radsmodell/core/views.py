from django.shortcuts import render

from radsmodell.council import selectors
from radsmodell.council.models import Body


def home(request):
    meetings = selectors.meetings_for(request.user)
    return render(request, "core/home.html", {
        "bodies": Body.objects.prefetch_related("later_names"),
        "recent_meetings": meetings[:6],
        "open_action_items": selectors.action_items_for(request.user, "open").count(),
    })
