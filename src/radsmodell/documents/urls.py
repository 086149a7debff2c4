from django.urls import path

from . import views

app_name = "documents"

# <fmt> is html, pdf or docx (the views answer 404 for anything else); a bad date is a 404 too.
urlpatterns = [
    path("moter/<slug:body>/<str:date>/innkalling.<str:fmt>", views.notice, name="notice"),
    path("moter/<slug:body>/<str:date>/referat.<str:fmt>", views.minutes, name="minutes"),
    path("saker/<slug:body>/<int:year>/<int:number>/toppnotat.<str:fmt>", views.memo, name="memo"),
]
