from django.urls import path

from . import views

app_name = "portfolio"

urlpatterns = [
    path("portefolje/", views.overview, name="overview"),
    path("portefolje/tiltak/<slug:slug>/", views.initiative_detail, name="initiative"),
    path("portefolje/avhengigheter/", views.dependencies, name="dependencies"),
    path("portefolje/gevinster/", views.benefits_matrix, name="benefits"),
    path("portefolje/runder/", views.rounds, name="rounds"),
    path("portefolje/runder/sammenlign/", views.round_compare, name="compare"),
    path("portefolje/runder/<slug:slug>/", views.round_detail, name="round"),
]
