from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "yinling.reports"
    label = "reports"
