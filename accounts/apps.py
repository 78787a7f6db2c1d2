from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Пользователи и роли")

    def ready(self):
        from . import roles

        post_migrate.connect(roles.ensure_role_groups, dispatch_uid="accounts.roles")
