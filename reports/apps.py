from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Отчёты")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Each app registers the sheets it contributes in its ``report_sheets`` module.
        autodiscover_modules("report_sheets")
