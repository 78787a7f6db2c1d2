from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Конкурсы и заявки")

    def ready(self):
        # Connect the receivers: a changed criterion refreshes its call's stored scores.
        from . import review  # noqa: F401
