from django.urls import path

from . import views

app_name = "council"

meeting = "moter/<slug:body>/<str:day>/"
case = "saker/<slug:body>/<int:year>/<int:number>/"

urlpatterns = [
    path("organer/", views.bodies, name="bodies"),
    path("organer/<slug:slug>/", views.body_detail, name="body"),
    path("moter/", views.meetings, name="meetings"),
    path("moter/ny/", views.meeting_create, name="meeting_create"),
    path(meeting, views.meeting_detail, name="meeting"),
    path(meeting + "endre/", views.meeting_details, name="meeting_details"),
    path(meeting + "sak/", views.meeting_add_case, name="meeting_add_case"),
    path(meeting + "punkt/", views.meeting_add_break, name="meeting_add_break"),
    path(meeting + "punkt/<int:item_id>/<str:action>/", views.agenda_item_action, name="agenda_item"),
    path(meeting + "publiser/", views.meeting_publish, name="meeting_publish"),
    path(meeting + "oppmote/", views.meeting_attendance, name="meeting_attendance"),
    path(meeting + "godkjenn-referat/", views.meeting_approve_minutes, name="meeting_approve_minutes"),
    path(case, views.case_detail, name="case"),
    path(case + "notat/", views.case_memo, name="case_memo"),
    path(case + "behandling/", views.case_outcome, name="case_outcome"),
    path(case + "utfall/", views.case_standard_outcome, name="case_standard_outcome"),
    path(case + "innspill/", views.case_input, name="case_input"),
    path(case + "aksjonspunkt/", views.case_action_item, name="case_action_item"),
    path(case + "rettelse/", views.case_correction, name="case_correction"),
    path(case + "kommentar/", views.case_comment, name="case_comment"),
    path(case + "vedlegg/", views.case_attachment, name="case_attachment"),
    path(case + "tidligere/", views.case_previous, name="case_previous"),
    path(case + "ovrige-fora/", views.case_other_forum, name="case_other_forum"),
    path(case + "nummer/", views.case_number, name="case_number"),
    path("vedlegg/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("innspill/<int:input_id>/fjern/", views.input_remove, name="input_remove"),
    path("aksjonspunkter/", views.action_items, name="action_items"),
    path("aksjonspunkter/<int:item_id>/lukk/", views.action_item_close, name="action_item_close"),
    path("sok/", views.search, name="search"),
]
