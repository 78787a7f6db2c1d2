from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Конкурсы и заявки")

    def ready(self):
        from django.db.models import Q

        from calls.models import Stage
        from reviews import registry

        from .models import Application

        registry.register(
            Application,
            stage=Stage.WORKSHOP,
            answers_template="applications/_answers.html",
            listed=lambda call: (
                Application.objects.filter(call=call)
                .exclude(status__in=[Application.Status.DRAFT, Application.Status.WITHDRAWN])
                .select_related("coalition", "partner")
            ),
            is_pair=Q(partner__isnull=False),
        )
