from django.urls import path

from . import views

app_name = "transfer"
urlpatterns = [
    path("import/", views.import_start, name="import_start"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("export/", views.export_start, name="export_start"),
    path("print/", views.print_start, name="print_start"),
    path("jobs/<int:pk>/print/", views.job_print, name="job_print"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/columns/", views.job_remap, name="job_remap"),
    path("jobs/<int:pk>/confirm/", views.job_confirm, name="job_confirm"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
]
