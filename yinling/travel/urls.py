from django.urls import path

from . import views

app_name = "travel"
urlpatterns = [
    path("", views.home, name="home"),
    path("person/<int:pk>/", views.person, name="person"),
    path("trips/<int:pk>/", views.trip, name="trip"),
]
