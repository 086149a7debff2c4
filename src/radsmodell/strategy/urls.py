from django.urls import path

from . import views

app_name = "strategy"

urlpatterns = [
    path("strategi/", views.dashboard, name="dashboard"),
    path("strategi/mal/<slug:slug>/", views.goal, name="goal"),
    path("strategi/indikatorer/", views.indicator_list, name="indicators"),
    path("strategi/indikatorer/import/", views.import_observations, name="import"),
    path("strategi/indikatorer/ny/", views.indicator_edit, name="indicator_create"),
    path("strategi/indikatorer/<slug:slug>/endre/", views.indicator_edit, name="indicator_edit"),
    path("strategi/indikatorer/<slug:slug>/", views.indicator, name="indicator"),
    # data-excel.csv, data.xlsx, data.csv, data.json (core.exports.SUFFIXES)
    path("strategi/indikatorer/<slug:slug>/data<str:suffix>", views.indicator_data, name="indicator_data"),
    path("strategi/veikart/", views.roadmap, name="roadmap"),
    path("strategi/veikart/sammenlign/", views.roadmap_compare, name="roadmap_compare"),
    path("strategi/veikart/ny-versjon/", views.roadmap_version_create, name="version_create"),
    path("strategi/veikart/aktivitet/ny/", views.activity_edit, name="activity_create"),
    path("strategi/veikart/aktivitet/<slug:key>/endre/", views.activity_edit, name="activity_edit"),
]
