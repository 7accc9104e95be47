from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "yinling.core"
    label = "core"
