from django.contrib import admin
from django.urls import include, path

from .api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("radsmodell.core.urls")),
    path("", include("radsmodell.council.urls")),
    path("", include("radsmodell.documents.urls")),
    path("", include("radsmodell.priority.urls")),
    path("", include("radsmodell.portfolio.urls")),
    path("", include("radsmodell.strategy.urls")),
    path("", include("radsmodell.costs.urls")),
]

# The error pages in the site's look (core/templates: 400, 403, 404, 500.html; the CSRF failure is
# settings.CSRF_FAILURE_VIEW). 404 and 500 are Django's own views with those templates.
handler400 = "radsmodell.core.views.bad_request"
handler403 = "radsmodell.core.views.permission_denied"
