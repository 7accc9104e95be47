from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("otp/", views.otp_verify, name="otp_verify"),
    path("otp/enrol/", views.otp_enrol, name="otp_enrol"),
    path("password/", views.password_change, name="password_change"),
    path("manage/", views.account_list, name="account_list"),
    path("manage/new/", views.account_create, name="account_create"),
    path("manage/<int:pk>/", views.account_detail, name="account_detail"),
    path("manage/<int:pk>/roles/new/", views.assignment_create, name="assignment_create"),
    path("manage/<int:pk>/<slug:action>/", views.account_action, name="account_action"),
    path("manage/roles/<int:pk>/end/", views.assignment_end, name="assignment_end"),
]
