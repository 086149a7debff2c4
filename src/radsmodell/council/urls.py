from django.urls import path

from . import action_item_views, address_views, attendance_views, commission_views, import_views, notice_views, views

app_name = "council"

meeting = "moter/<slug:body>/<str:day>/"
case = "saker/<slug:body>/<int:year>/<int:number>/"

urlpatterns = [
    path("organer/", views.bodies, name="bodies"),
    path("organer/<slug:slug>/", views.body_detail, name="body"),
    path("organer/<slug:slug>/adresser/", address_views.body_addresses, name="body_addresses"),
    path("moter/", views.meetings, name="meetings"),
    path("moter/ny/", views.meeting_create, name="meeting_create"),
    # Before the meeting's own pages: importer/<token> is not a body and a date.
    path("moter/importer/", import_views.upload, name="import_upload"),
    path("moter/importer/<str:token>/", import_views.review, name="import_review"),
    path("moetedokumenter/<int:document_id>/", import_views.document_download, name="meeting_document"),
    # Before the meeting's own pages: kalender.ics is not a meeting date.
    path("moter/<slug:body>/kalender.ics", notice_views.body_calendar, name="body_calendar"),
    path(meeting + "innkalling.ics", notice_views.meeting_calendar, name="meeting_calendar"),
    path(meeting + "send-innkalling/", notice_views.notice_resend, name="notice_resend"),
    path(meeting + "gjester/", notice_views.notice_guests, name="notice_guests"),
    path(meeting + "e-post/send-igjen/", notice_views.mail_retry, name="mail_retry"),
    path(meeting + "avlys/", notice_views.meeting_cancel, name="meeting_cancel"),
    path(meeting, views.meeting_detail, name="meeting"),
    path(meeting + "endre/", views.meeting_details, name="meeting_details"),
    path(meeting + "sak/", views.meeting_add_case, name="meeting_add_case"),
    path(meeting + "punkt/", views.meeting_add_break, name="meeting_add_break"),
    path(meeting + "punkt/<int:item_id>/<str:action>/", views.agenda_item_action, name="agenda_item"),
    path(meeting + "publiser/", views.meeting_publish, name="meeting_publish"),
    path(meeting + "oppmote/", views.meeting_attendance, name="meeting_attendance"),
    path(meeting + "oppmote/liste/", attendance_views.meeting_roster, name="meeting_roster"),
    path(meeting + "forfall/", attendance_views.meeting_report_absence, name="meeting_report_absence"),
    path(meeting + "forfall/trekk/", attendance_views.meeting_withdraw_absence, name="meeting_withdraw_absence"),
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
    path(case + "inhabilitet/", attendance_views.case_declare_conflict, name="case_declare_conflict"),
    path(case + "inhabilitet/<int:conflict_id>/trekk/", attendance_views.conflict_withdraw, name="conflict_withdraw"),
    path("vedlegg/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("innspill/<int:input_id>/fjern/", views.input_remove, name="input_remove"),
    path("aksjonspunkter/", action_item_views.overview, name="action_items"),
    path("aksjonspunkter/data<str:suffix>", action_item_views.overview_data, name="action_items_data"),
    path("aksjonspunkter/<int:item_id>/", action_item_views.item_detail, name="action_item"),
    path("aksjonspunkter/<int:item_id>/status/", action_item_views.item_status, name="action_item_status"),
    path("aksjonspunkter/<int:item_id>/ansvar/", action_item_views.item_owner, name="action_item_owner"),
    path("aksjonspunkter/<int:item_id>/lukk/", views.action_item_close, name="action_item_close"),
    path("oppdrag/", commission_views.commissions, name="commissions"),
    path("oppdrag/nytt/", commission_views.commission_create, name="commission_create"),
    path("oppdrag/<int:pk>/", commission_views.commission_detail, name="commission"),
    path("oppdrag/<int:pk>/endre/", commission_views.commission_edit, name="commission_edit"),
]
