from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "eged_portal"
    label = "portal"
    verbose_name = _("Портал EGED")

    def ready(self):
        from django.contrib import admin

        from core import security  # noqa: F401 — connects the sign-in log receivers

        admin.site.site_header = _("EGED · ИПР — управление программой")
        admin.site.site_title = _("EGED · ИПР")
        admin.site.index_title = _("Программа «Гражданское общество за подотчётность»")
