from django.apps import AppConfig


class RosterConfig(AppConfig):
    name = "yinling.roster"
    label = "roster"
