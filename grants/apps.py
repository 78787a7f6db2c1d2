from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Техническая поддержка")

    def ready(self):
        from django.db.models import Q

        from calls.models import Stage
        from reviews import registry

        from .models import TechnicalSupportApplication

        registry.register(
            TechnicalSupportApplication,
            stage=Stage.SUPPORT,
            answers_template="grants/_answers.html",
            listed=lambda call: (
                TechnicalSupportApplication.objects.filter(call=call)
                .exclude(status__in=["draft", "withdrawn"])
                .select_related("coalition", "partner")
            ),
            is_pair=Q(partner__isnull=False),
        )
