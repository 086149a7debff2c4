from django.urls import path

from . import views

app_name = "portfolio"

urlpatterns = [
    path("portefolje/", views.overview, name="overview"),
    path("portefolje/tiltak/ny/", views.initiative_edit, name="initiative_create"),
    path("portefolje/tiltak/<slug:slug>/", views.initiative_detail, name="initiative"),
    path("portefolje/tiltak/<slug:slug>/endre/", views.initiative_edit, name="initiative_edit"),
    path("portefolje/tiltak/<slug:slug>/gevinst/", views.initiative_benefit, name="initiative_benefit"),
    path("portefolje/avhengigheter/", views.dependencies, name="dependencies"),
    path("portefolje/losninger/", views.solutions, name="solutions"),
    path("portefolje/losninger/<slug:slug>/", views.solution_detail, name="solution"),
    path("portefolje/epj-leverandorer/", views.epj_vendors, name="epj_vendors"),
    path("portefolje/gevinster/", views.benefits_matrix, name="benefits"),
    path("portefolje/runder/", views.rounds, name="rounds"),
    path("portefolje/rapportorer/", views.owner_accounts, name="owner_accounts"),
    path("portefolje/runder/sammenlign/", views.round_compare, name="compare"),
    path("portefolje/runder/ny/", views.round_create, name="round_create"),
    path("portefolje/runder/<slug:slug>/", views.round_detail, name="round"),
    path("portefolje/runder/<slug:slug>/avslutt/", views.round_close, name="round_close"),
    path("portefolje/runder/<slug:slug>/rapporter/", views.my_reports, name="my_reports"),
    path("portefolje/runder/<slug:slug>/rapporter/<slug:initiative_slug>/", views.report_edit, name="report"),
    path("portefolje/rapporter/<int:report_id>/<str:decision>/", views.report_decide, name="report_decide"),
]
