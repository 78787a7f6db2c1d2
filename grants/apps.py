from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Техническая поддержка")

    def ready(self):
        from applications import later_stages

        from .later_stages import awards_held

        later_stages.register(awards_held)
