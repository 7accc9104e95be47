from django.urls import path

from . import views

app_name = "roster"
urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("new/", views.person_create, name="person_create"),
    path("quality/", views.data_quality, name="quality"),
    path("print/", views.person_print, name="person_print"),
    path("mine/", views.my_people, name="my_people"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("<int:pk>/archive/", views.person_archive, name="person_archive"),
    path("<int:pk>/restore/", views.person_restore, name="person_restore"),
    path("<int:pk>/sheet/", views.person_sheet, name="person_sheet"),
    path("<int:pk>/reveal-id/", views.person_reveal_id, name="person_reveal_id"),
]
