from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from .api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    # The language button needs no CSRF token (a forged switch of language harms no one), so that a
    # public page carries none and is the same for every visitor: cacheable (core/security.py).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("", include("radsmodell.core.urls")),
    path("", include("radsmodell.council.urls")),
    path("", include("radsmodell.documents.urls")),
    path("", include("radsmodell.priority.urls")),
    path("", include("radsmodell.portfolio.urls")),
    path("", include("radsmodell.strategy.urls")),
    path("", include("radsmodell.costs.urls")),
    path("", include("radsmodell.opendata.urls")),
]

# The error pages in the site's look (core/templates: 400, 403, 404, 500.html; the CSRF failure is
# settings.CSRF_FAILURE_VIEW). 404 is Django's own view with that template.
handler400 = "radsmodell.core.views.bad_request"
handler403 = "radsmodell.core.views.permission_denied"
handler500 = "radsmodell.core.views.server_error"
