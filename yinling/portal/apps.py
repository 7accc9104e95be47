from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "yinling.portal"
    label = "portal"
