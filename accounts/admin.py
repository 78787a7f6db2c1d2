from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from eged_portal.http import ChosenObjectsAdminMixin
from privacy.admin import erase_selected
from privacy.services import may_erase

from .models import User

HIDDEN = {"password", "user_permissions"}


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(ChosenObjectsAdminMixin, DjangoGroupAdmin):
    pass


@admin.register(User)
class UserAdmin(ChosenObjectsAdminMixin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "language", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "groups", "language"]
    search_fields = ["email", "first_name", "last_name", "phone"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Личные данные"), {"fields": ["first_name", "last_name", "phone", "language"]}),
        (_("Письма"), {"fields": ["receives_news"]}),
        (
            _("Доступ"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Даты"), {"fields": ["last_login", "date_joined"]}),
    ]
    actions = ["erase_personal_data"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or request.user.is_superuser:
            return fieldsets
        # Programme staff read a person's page to erase it: no password summary, no grants.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in HIDDEN]})
            for name, options in fieldsets
        ]

    def render_change_form(self, request, context, *args, **kwargs):
        context["may_erase"] = may_erase(request.user)
        return super().render_change_form(request, context, *args, **kwargs)

    @admin.action(description=_("Удалить персональные данные…"))
    def erase_personal_data(self, request, queryset):
        return erase_selected(
            self, request, queryset, url_name="admin:privacy_erasurerequest_erase"
        )

    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]
