from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "yinling.care"
    label = "care"
    verbose_name = "精准服务"
