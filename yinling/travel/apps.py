from django.apps import AppConfig


class TravelConfig(AppConfig):
    name = "yinling.travel"
    label = "travel"
    verbose_name = "外出登记"
