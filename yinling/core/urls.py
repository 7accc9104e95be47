from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("audit/", views.audit_list, name="audit_list"),
    path("org/", views.org_list, name="org_list"),
    path("org/<int:pk>/", views.org_edit, name="org_edit"),
    path("healthz", views.healthz, name="healthz"),
]
