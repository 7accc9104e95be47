from django.urls import path

from . import views

app_name = "party"
urlpatterns = [
    path("", views.branch_list, name="branch_list"),
    path("rules/", views.rule_list, name="rules"),
    path("absent/", views.absentees, name="absentees"),
    path("activities/", views.activity_list, name="activities"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("dues/", views.dues_overview, name="dues"),
    path("dues/export.xlsx", views.dues_export, name="dues_export"),
    path("medals/", views.medal_list, name="medals"),
    path("medals/export.xlsx", views.medal_export, name="medal_export"),
    path("medals/<int:person_pk>/", views.medal_advance, name="medal_advance"),
    path("branches/new/", views.branch_create, name="branch_create"),
    path("branches/<int:pk>/", views.branch_detail, name="branch_detail"),
    path("branches/<int:pk>/edit/", views.branch_edit, name="branch_edit"),
    path("branches/<int:pk>/members/", views.member_list, name="member_list"),
    path("branches/<int:pk>/meetings/", views.meeting_list, name="meeting_list"),
    path("branches/<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("branches/<int:pk>/dues/", views.branch_dues, name="branch_dues"),
    path("branches/<int:pk>/evaluations/", views.evaluations, name="evaluations"),
    path("branches/<int:pk>/pairings/new/", views.pairing_create, name="pairing_create"),
    path("branches/<int:pk>/groups/", views.group_create, name="group_create"),
    path("pairings/<int:pk>/activities/new/", views.joint_activity_create, name="joint_activity_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("members/<int:pk>/", views.membership_detail, name="membership_detail"),
    path("members/<int:pk>/edit/", views.membership_edit, name="membership_edit"),
    path("members/<int:pk>/transfer/", views.membership_transfer, name="membership_transfer"),
    path("posts/<int:pk>/end/", views.post_end, name="post_end"),
    path("people/<int:person_pk>/join/", views.membership_create, name="membership_create"),
]
