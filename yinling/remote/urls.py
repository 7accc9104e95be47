from django.urls import path

from . import views

app_name = "remote"
urlpatterns = [
    path("", views.people, name="people"),
    path("person/<int:pk>/", views.person, name="person"),
]
