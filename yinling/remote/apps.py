from django.apps import AppConfig


class RemoteConfig(AppConfig):
    name = "yinling.remote"
    label = "remote"
    verbose_name = "异地养老"
