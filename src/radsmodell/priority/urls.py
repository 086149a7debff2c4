from django.urls import path

from . import self_scoring_views, views

app_name = "priority"

urlpatterns = [
    path("prioritering/", views.sessions, name="sessions"),
    path("prioritering/ny/", views.session_create, name="session_create"),
    path("prioritering/modeller/", views.scoring_models, name="models"),
    path("prioritering/modeller/ny/", views.scoring_model_create, name="model_create"),
    path("prioritering/modeller/<slug:slug>/", views.scoring_model_detail, name="model"),
    path("prioritering/<int:session_id>/", views.session_detail, name="session"),
    path("prioritering/<int:session_id>/vurderer/", views.session_add_rater, name="session_add_rater"),
    path("prioritering/<int:session_id>/tiltak/", views.session_add_measure, name="session_add_measure"),
    path("prioritering/<int:session_id>/<str:what>/<int:item_id>/fjern/", views.session_remove, name="session_remove"),
    path("prioritering/<int:session_id>/folsomhet/", views.session_settings, name="session_settings"),
    path("prioritering/<int:session_id>/status/<str:status>/", views.session_status, name="session_status"),
    path("prioritering/<int:session_id>/vurdering/<int:rater_id>/", views.scoring_sheet, name="sheet"),
    path("prioritering/<int:session_id>/mitt-ark/", self_scoring_views.own_sheet, name="own_sheet"),
    path("prioritering/<int:session_id>/egenscoring/", self_scoring_views.session_self_scoring,
         name="session_self_scoring"),
    path("prioritering/<int:session_id>/inviter/", self_scoring_views.session_invite, name="session_invite"),
    # resultat-excel.csv, resultat.xlsx, resultat.csv, resultat.json (core.exports.SUFFIXES)
    path("prioritering/<int:session_id>/resultat<str:suffix>", views.session_export, name="export"),
]
