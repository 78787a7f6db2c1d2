from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Практикум и мероприятия")

    def ready(self):
        from . import date_changes  # noqa: F401  (connects its receiver)
