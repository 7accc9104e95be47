from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "yinling.core"
    label = "core"

    def ready(self):
        # core's own rules first, then each app's access.py (its capabilities and rules),
        # hooks.py (its menu entries, cards, tabs, audit labels, sweep samples) and demo.py
        # (its part of the demo university).
        from . import rules  # noqa: F401

        autodiscover_modules("access", "hooks", "demo")
