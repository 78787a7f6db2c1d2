from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Письма и уведомления")

    def ready(self):
        # Every app's reminders.py registers its dates and audiences, as tasks.py does tasks.
        from . import registry, signals  # noqa: F401 — signals connects the welcome e-mail

        registry.discover()
