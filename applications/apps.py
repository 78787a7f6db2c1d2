from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Конкурсы и заявки")

    def ready(self):
        from . import call_page  # noqa: F401 — connects the receivers that refresh the page
        from . import review  # noqa: F401 — a changed criterion refreshes its call's scores
