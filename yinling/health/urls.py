from django.urls import path

from . import views

app_name = "health"
urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.check_create, name="check_create"),
    path("doctors/", views.doctors, name="doctors"),
    path("<int:pk>/", views.check_detail, name="check_detail"),
    path("<int:pk>/people/", views.enrollment_list, name="enrollments"),
    path("<int:pk>/missed/", views.missed, name="missed"),
    path("<int:pk>/batches/new/", views.batch_create, name="batch_create"),
    path("<int:pk>/findings/", views.findings, name="findings"),
    path("<int:pk>/person/<int:person_pk>/", views.enroll, name="enroll"),
    path("batches/<int:pk>/roll/", views.batch_roll, name="batch_roll"),
    path("batches/<int:pk>/hospital.xlsx", views.hospital_export, name="hospital_export"),
    path("enrollments/<int:pk>/", views.enrollment_detail, name="enrollment_detail"),
    path("findings/<int:pk>/follow/", views.finding_follow, name="finding_follow"),
    path("person/<int:person_pk>/doctor/", views.contract_create, name="contract_create"),
]
