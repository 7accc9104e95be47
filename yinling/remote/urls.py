from django.urls import path

from . import views

app_name = "remote"
urlpatterns = [
    path("", views.people, name="people"),
    path("person/<int:pk>/", views.person, name="person"),
    path("person/<int:person_pk>/claim/", views.claim_create, name="claim_create"),
    path("claims/", views.claim_list, name="claims"),
    path("claims/<int:pk>/", views.claim_detail, name="claim"),
    path("documents/<int:pk>/", views.claim_document, name="claim_document"),
]
