from django.urls import path

from . import views

app_name = "care"
urlpatterns = [
    path("", views.home, name="home"),
    path("overdue/", views.overdue, name="overdue"),
    path("contacts/", views.contact_list, name="contacts"),
    path("photos/<int:pk>/", views.contact_photo, name="contact_photo"),
    path("find/", views.pick, name="pick"),
    path("my/", views.my_requests, name="my_requests"),
    path("my/<int:pk>/rate/", views.my_rate, name="my_rate"),
    path("settings/", views.care_settings, name="settings"),
    path("memo/", views.memo_page, name="memo"),
    path("memo/memo.docx", views.memo_docx, name="memo_docx"),
    path("person/<int:person_pk>/contact/", views.contact_create, name="contact_create"),
    path("person/<int:person_pk>/request/", views.request_create, name="request_create"),
    path("person/<int:person_pk>/hospital/", views.stay_create, name="stay_create"),
    path("person/<int:person_pk>/aid/", views.aid_create, name="aid_create"),
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/add/", views.campaign_add, name="campaign_add"),
    path("campaigns/<int:pk>/assign/", views.campaign_assign, name="campaign_assign"),
    path("campaigns/<int:pk>/close/", views.campaign_close, name="campaign_close"),
    path("hospital/", views.stay_list, name="stays"),
    path("hospital/<int:pk>/discharge/", views.stay_discharge, name="stay_discharge"),
    path("requests/", views.request_list, name="requests"),
    path("requests/figures/", views.request_figures, name="request_figures"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/step/", views.request_step, name="request_step"),
    path("requests/<int:pk>/assign/", views.request_assign, name="request_assign"),
    path("requests/<int:pk>/rate/", views.request_rate, name="request_rate"),
    path("aid/", views.aid_list, name="aids"),
    path("aid/<int:pk>/decide/", views.aid_decide, name="aid_decide"),
    path("aid/<int:pk>/pay/", views.aid_pay, name="aid_pay"),
]
