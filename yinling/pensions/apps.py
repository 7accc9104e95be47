from django.apps import AppConfig


class PensionsConfig(AppConfig):
    name = "yinling.pensions"
    label = "pensions"
    verbose_name = "离退休费"
