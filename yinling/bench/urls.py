"""The project's URLs plus Django's admin, for the benchmark's admin-changelist peer."""
from django.contrib import admin
from django.urls import path

from yinling.urls import urlpatterns as project_urlpatterns

from .peers import register_admin

register_admin()
urlpatterns = [*project_urlpatterns, path("admin/", admin.site.urls)]
