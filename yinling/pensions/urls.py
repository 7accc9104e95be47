from django.urls import path

from . import views

app_name = "pensions"
urlpatterns = [
    path("", views.home, name="home"),
    path("rules/new/", views.ruleset_create, name="ruleset_create"),
    path("rules/<int:pk>/", views.ruleset_detail, name="ruleset"),
    path("rules/<int:pk>/edit/", views.ruleset_edit, name="ruleset_edit"),
    path("rules/<int:pk>/rules.json", views.ruleset_json, name="ruleset_json"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/approve/", views.run_approve, name="run_approve"),
    path("runs/<int:pk>/discard/", views.run_discard, name="run_discard"),
    path("runs/<int:pk>/sheet.xlsx", views.run_export, name="run_export"),
    path("lines/<int:pk>/", views.run_line, name="line"),
    path("person/<int:person_pk>/item/", views.item_create, name="item_create"),
    path("person/<int:person_pk>/service-years/", views.service_years, name="service_years"),
    path("deaths/", views.death_list, name="deaths"),
    path("deaths/<int:pk>/", views.death_detail, name="death"),
    path("deaths/benefits/", views.benefit_rules, name="benefit_rules"),
]
