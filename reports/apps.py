from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Отчёты")

    def ready(self):
        from .programme import discover_sheets

        # Each app declares the sheets it contributes in its ``report_sheets`` module.
        discover_sheets()
