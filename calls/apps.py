from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    """The call for applications every other app hangs from: its dates and timeline,
    priorities, key topics, FAQ, information sessions, scoring criteria and the terms of
    technical support."""

    name = "calls"
    verbose_name = _("Конкурсы")
