from django.apps import AppConfig


class PartyConfig(AppConfig):
    name = "yinling.party"
    label = "party"
